"""Build OSRM's routing data (MLD, car profile) from a cut extract, in child processes.

`osrm-extract`, `osrm-partition` and `osrm-customize` ship inside the `osrm-bindings` wheel
with the Lua car profile; `osrm_tools()` finds them. Each runs as a child process: its log
lines tell how far it got, and cancelling ends it. Nothing here runs in the GUI thread.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from store.area_cut import Cancelled

TOOLS = ("osrm-extract", "osrm-partition", "osrm-customize")
#: About how many log lines each tool writes (progress within a tool; never past 95 %).
EXPECTED_LINES = {"osrm-extract": 200, "osrm-partition": 25, "osrm-customize": 20}
#: The share of the build each tool takes, roughly as measured on a city extract.
SHARES = {"osrm-extract": 0.75, "osrm-partition": 0.15, "osrm-customize": 0.10}


class BuildFailed(Exception):
    """An OSRM tool failed; the message quotes its last error line."""


@dataclass(frozen=True, slots=True)
class OsrmTools:
    """The three preprocessing programs and the car profile (with its lib/ folder beside)."""

    extract: Path
    partition: Path
    customize: Path
    car_profile: Path

    def program(self, name: str) -> Path:
        return {"osrm-extract": self.extract, "osrm-partition": self.partition}.get(
            name, self.customize
        )


@lru_cache(maxsize=1)
def osrm_tools() -> OsrmTools:
    """Where OSRM's tools are, installed or frozen.

    Installed (pip): from the file list of the `osrm-bindings` distribution, whatever its
    layout (Linux and macOS wheels: `osrm/bin/osrm-extract` and
    `osrm/share/profiles/car.lua`; the Windows wheel: `bin/osrm-extract.exe` and
    `share/osrm/profiles/car.lua`).

    Frozen (PyInstaller, `sys._MEIPASS` set), the app must bundle them in this layout:

        <_MEIPASS>/osrm/bin/osrm-extract[.exe], osrm-partition[.exe], osrm-customize[.exe]
        <_MEIPASS>/osrm/share/profiles/car.lua and <_MEIPASS>/osrm/share/profiles/lib/*.lua

    (any other place under `_MEIPASS` is found too, more slowly). Raises `BuildFailed`
    with a sentence when they cannot be found.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = _bundled_files(Path(frozen)) if frozen else _installed_files()
    found: dict[str, Path] = {}
    for path in candidates:
        name = path.name.removesuffix(".exe")
        if name in TOOLS and name not in found:
            found[name] = path
        elif path.name == "car.lua" and path.parent.name == "profiles":
            found.setdefault("car.lua", path)
    missing = [name for name in (*TOOLS, "car.lua") if name not in found]
    if missing:
        raise BuildFailed(
            f"OSRM's {', '.join(missing)} cannot be found (reinstall Parcel Desk: they come "
            "with its osrm-bindings package)"
        )
    extract, partition, customize = (found[name] for name in TOOLS)
    return OsrmTools(extract, partition, customize, car_profile=found["car.lua"])


def _installed_files() -> list[Path]:
    try:
        files = importlib.metadata.files("osrm-bindings") or []
    except importlib.metadata.PackageNotFoundError:
        return []
    return [Path(str(file.locate())) for file in files]


def _bundled_files(root: Path) -> list[Path]:
    expected = [root / "osrm" / "bin" / f"{name}{_EXE}" for name in TOOLS]
    expected.append(root / "osrm" / "share" / "profiles" / "car.lua")
    if all(path.is_file() for path in expected):
        return expected
    return [path for path in root.rglob("*") if path.is_file()]


_EXE = ".exe" if os.name == "nt" else ""


def build_osrm(
    extract: Path,
    *,
    on_progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """Turn `extract` (…/area.osm.pbf) into OSRM MLD data beside it; returns the base path
    (…/area.osrm) that `routing.roads.OsrmTravel` opens."""
    tools = osrm_tools()
    base = extract.with_name(extract.name.removesuffix(".osm.pbf") + ".osrm")
    steps = (
        ("osrm-extract", ["-p", str(tools.car_profile), str(extract)]),
        ("osrm-partition", [str(base)]),
        ("osrm-customize", [str(base)]),
    )
    done = 0.0
    for name, arguments in steps:
        share = SHARES[name]

        def within(fraction: float, start: float = done, share: float = share) -> None:
            if on_progress is not None:
                on_progress(start + share * fraction)

        _run_tool(name, [str(tools.program(name)), *arguments], extract.parent, within, cancel)
        done += share
    return base


def _run_tool(
    name: str,
    command: list[str],
    folder: Path,
    on_progress: Callable[[float], None],
    cancel: Callable[[], bool] | None,
) -> None:
    """Run one tool to its end; its log lines drive the progress; cancel ends it."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window on Windows
    try:
        process = subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            creationflags=flags,
        )
    except OSError as error:
        raise BuildFailed(f"{name} cannot be started: {error}") from error
    with process:
        stopper = _Stopper(process, cancel)
        lines: list[str] = []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip())
            on_progress(min(0.95, len(lines) / EXPECTED_LINES[name]))
        process.wait()
        stopper.finish()
    if stopper.cancelled:
        raise Cancelled
    if process.returncode != 0:
        errors = [line for line in lines if "[error]" in line] or lines[-1:] or ["no output"]
        reason = errors[-1].split("]")[-1].strip() or errors[-1]
        raise BuildFailed(f"{name} failed (exit {process.returncode}): {reason}")
    on_progress(1.0)


class _Stopper:
    """Watches the cancel flag while a tool runs (its output may pause for a long time)."""

    def __init__(self, process: subprocess.Popen[str], cancel: Callable[[], bool] | None) -> None:
        self.process, self.cancel = process, cancel
        self.cancelled = False
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        if cancel is not None:
            self._thread = threading.Thread(target=self._watch, name="osrm-cancel", daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        assert self.cancel is not None
        while not self._done.wait(0.05):
            if self.cancel():
                self.cancelled = True
                self.process.kill()
                return

    def finish(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
