"""The built app beside the pip install: start-up to a usable window, first start to the setup
window, and size on disk.

Each run starts a fresh process with PARCEL_DESK_EXIT_WHEN_READY=1 (ui/startup_hooks.py): it
prints `ready` once its first window is shown and its event loop has run, then quits; the time
is taken from just before spawning it to that line. Runs alternate between the two ways of
starting (interleaved, so a load change on a shared machine hits both alike); medians.

- console: `--demo --staff Bench`, the demo's file made beforehand (a usable window);
- first start: a fresh, empty HOME, no shop file: the setup window.

    python bench/app_start.py [--app dist/parcel-desk/parcel-desk] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def starters(app: Path) -> dict[str, list[str]]:
    return {"pip install": [sys.executable, str(ROOT / "main.py")], "built app": [str(app)]}


def time_to_ready(command: list[str], home: Path, *argv: str) -> float:
    env = {
        **os.environ,
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PARCEL_DESK_EXIT_WHEN_READY": "1",
    }
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "PARCEL_DESK_LOG_DIR"):
        env.pop(variable, None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python keeps its compiled modules
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, *argv], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    took = time.perf_counter() - start
    process.wait(timeout=60)
    if not line.startswith("ready"):
        raise SystemExit(f"{command[0]} did not get ready (it said {line!r})")
    return took


def folder_size(folder: Path) -> int:
    """Bytes on disk, each file once (the app's folder links some libraries twice)."""
    return sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def venv_size(venv: Path) -> int:
    """A virtual environment's size (make one with only `pip install -e .` to compare)."""
    return folder_size(venv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=ROOT / "dist" / "parcel-desk" / "parcel-desk")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--venv", type=Path, default=None, help="a venv made by the README's first command"
    )
    args = parser.parse_args()
    if not args.app.is_file():
        parser.error(
            f"no built app at {args.app}: pyinstaller --noconfirm packaging/parcel-desk.spec"
        )
    ways = starters(args.app)
    console: dict[str, list[float]] = {name: [] for name in ways}
    first: dict[str, list[float]] = {name: [] for name in ways}
    with tempfile.TemporaryDirectory(prefix="app-start-") as folder:
        demo_home = Path(folder) / "demo-home"
        subprocess.run([str(args.app), "demo"], env={**os.environ, "HOME": str(demo_home)},
                       capture_output=True, check=True)  # fmt: skip
        for run in range(args.runs + 1):  # the first round warms the disk cache; not counted
            for name, command in ways.items():
                took = time_to_ready(command, demo_home, "--demo", "--staff", "Bench")
                fresh = Path(folder) / f"fresh-{name.replace(' ', '-')}-{run}"
                setup = time_to_ready(command, fresh)
                if run:
                    console[name].append(took)
                    first[name].append(setup)
    for name in ways:
        print(
            f"{name:12s} console ready: median {statistics.median(console[name]):.2f} s "
            f"(runs {', '.join(f'{v:.2f}' for v in console[name])}); "
            f"first start to the setup window: median {statistics.median(first[name]):.2f} s"
        )
    app_folder = args.app.parent
    print(f"built app folder {app_folder}: {folder_size(app_folder) / 1e6:.0f} MB")
    if args.venv is not None:
        print(f"pip install venv {args.venv}: {venv_size(args.venv) / 1e6:.0f} MB")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
