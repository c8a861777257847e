"""Smoke test of the built app, as a new user's PC would run it: a fresh home folder, no
Python on the PATH that the app could lean on, Qt offscreen.

    python packaging/smoke_test.py dist/parcel-desk/parcel-desk

Runs `--help`, the first start on a new PC (the setup window opens, nothing is written, the
log names the version), `demo`, `plan --json` (and checks in the log that the planner's
helper process answered: the frozen app must start it through multiprocessing's
freeze_support), `labels -o x.pdf` (a barcode on the rendered page decodes, with zxing-cpp),
`export-status`, and the console opened offscreen taking one scan (PARCEL_DESK_SMOKE_SCAN,
ui/startup_hooks.py) and quitting cleanly; the scan is then found in the shop's event log.
Prints one line per step; exits 1 at the first failure, naming it. Needs the test extra
(zxing-cpp, pypdfium2).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEP_TIMEOUT_S = 180
SCRIPT_NAMES = ("राहुल शर्मा", "สมชาย ใจดี", "محمد العلي", "王小明", "Σοφία Παπαδοπούλου")


class SmokeFailure(Exception):
    pass


class App:
    """The built binary, run with a fresh HOME and nothing of the build's environment."""

    def __init__(self, binary: Path, home: Path) -> None:
        self.binary = binary
        self.home = home
        self.env = {
            "HOME": str(home),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "TZ": "America/New_York",
        }

    def run(
        self, *argv: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        started = time.monotonic()
        done = subprocess.run(
            [str(self.binary), *argv],
            env={**self.env, **(extra_env or {})},
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
            check=False,
        )
        took = time.monotonic() - started
        print(f"  parcel-desk {' '.join(argv)}: exit {done.returncode} in {took:.1f} s", flush=True)
        if done.returncode != 0:
            raise SmokeFailure(
                f"`parcel-desk {' '.join(argv)}` exited {done.returncode}:\n{done.stderr[-3000:]}"
            )
        # A part left out of the build often shows only as a warning (the address parser
        # without its trained model, a Qt plugin that does not load).
        for sign in ("Traceback", "UserWarning", "Could not load the Qt"):
            if sign in done.stderr:
                raise SmokeFailure(f"`parcel-desk {' '.join(argv)}` said:\n{done.stderr[-3000:]}")
        return done


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)


def decode_first_barcode(pdf: Path) -> str:
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=203 / 72).to_pil().convert("L")
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image)
    check(bool(found), f"no barcode decodes on the first page of {pdf.name}")
    return found[0].text


def smoke(app: App) -> None:
    helped = app.run("--help").stdout
    check("setup" in helped and "--demo" in helped, "--help does not list the commands")

    # A new PC: no shop file yet, so the console opens the setup window (not the demo).
    first = app.run(extra_env={"PARCEL_DESK_EXIT_WHEN_READY": "1"}).stdout
    check("ready\tsetup" in first, f"the first start did not open the setup window: {first!r}")
    check(not list(app.home.rglob("*.db")), "the setup window wrote a file before being asked")
    log = next(app.home.rglob("parcel-desk.log"), None)
    started = log.read_text(encoding="utf-8") if log is not None else ""
    check(
        "Parcel Desk " in started and "Parcel Desk unknown" not in started,
        "the log does not name the app's version (its metadata is not in the build)",
    )
    print("  first start: the setup window; the log names the version")

    made = app.run("demo").stdout
    demo_file = next(app.home.rglob("demo.db"), None)
    check(demo_file is not None and "parcels expected" in made, "demo made no demo.db in HOME")
    check(not list(app.home.rglob("shop.db")), "the demo touched the shop's own file")

    # Two searches asked for: by default the second runs only when a core is idle, and the
    # build just before this keeps both busy.
    planned = app.run("--demo", "plan", "--json", "--seconds", "3", "--workers", "2", "--verbose")
    plan = json.loads(planned.stdout)
    check(bool(plan.get("runs")), "plan --json planned no run")
    check(
        "helper search answered: ok" in planned.stderr,
        "the planner's helper process did not answer (freeze_support?):\n" + planned.stderr[-2000:],
    )

    today = next(iter(plan["runs"]), {}).get("day") or plan.get("date")
    labels_pdf = app.home / "x.pdf"
    label_args = ["--date", today] if today else ["--run", str(plan["runs"][0]["run_id"])]
    app.run("--demo", "labels", *label_args, "-o", str(labels_pdf))
    code = decode_first_barcode(labels_pdf)
    print(f"  first label's barcode decodes: {code}")

    # Names in other scripts: the shaping libraries and the fonts for them are in the build.
    scripts_csv = app.home / "scripts.csv"
    scripts_csv.write_text(
        "tracking_id,recipient_name,address_line1,city,state,postal_code\n"
        + "".join(
            f"TBA9{index:011d},{name},1500 Cornerside Blvd,Vienna,VA,22182\n"
            for index, name in enumerate(SCRIPT_NAMES)
        ),
        encoding="utf-8",
    )
    app.run("--demo", "import-manifest", str(scripts_csv))
    for index in range(len(SCRIPT_NAMES)):
        pdf = app.home / f"script-{index}.pdf"
        app.run("--demo", "labels", "--parcel", f"TBA9{index:011d}", "-o", str(pdf))
        check(decode_first_barcode(pdf) == f"TBA9{index:011d}", f"label {index} does not scan")
    embedded = b"".join((app.home / f"script-{i}.pdf").read_bytes() for i in range(3))
    for font in (b"NotoSansDevanagari", b"NotoSansThai"):
        check(font in embedded, f"the label of a name in another script has no {font.decode()}")
    print(f"  labels for names in {len(SCRIPT_NAMES)} scripts print and scan")

    status = app.run("--demo", "export-status").stdout
    rows = list(csv.DictReader(io.StringIO(status)))
    check(bool(rows) and "tracking_id" in rows[0] and "status_at" in rows[0], "bad status CSV")

    missing = app.run("--demo", "missing").stdout.split()
    expected = next((word for word in missing if word[:1].isalpha() and len(word) > 6), None)
    check(expected is not None, "the demo has no parcel still expected to scan")
    console = app.run("--demo", "--staff", "Smoke", extra_env={"PARCEL_DESK_SMOKE_SCAN": expected})
    answer = [line for line in console.stdout.splitlines() if line.startswith("smoke-scan\t")]
    check(answer[:1] and answer[0].split("\t")[1] == "received", f"the scan: {console.stdout!r}")
    print(f"  console answered: {answer[0]!r}")
    events = app.run("--demo", "export-events").stdout
    check(
        any(
            row["tracking_id"] == expected
            and row["status"] == "received"
            and row["staff"] == "Smoke"
            for row in csv.DictReader(io.StringIO(events))
        ),
        "the console's scan is not in the event log",
    )
    log = next(app.home.rglob("parcel-desk.log"), None)
    check(log is not None and "console opened on" in log.read_text(encoding="utf-8"), "no log")


def main(argv: list[str]) -> int:
    binary = Path(argv[1]).resolve() if len(argv) > 1 else Path("dist/parcel-desk/parcel-desk")
    if not binary.is_file():
        print(f"smoke test: no built app at {binary}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="parcel-desk-home-") as home:
        try:
            smoke(App(binary, Path(home)))
        except (SmokeFailure, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
            print(f"smoke test FAILED: {error}", file=sys.stderr)
            return 1
    print("smoke test passed: every step of the built app worked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
