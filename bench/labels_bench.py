"""Benchmark of the printing layer: 500 labels, a 300-stop manifest, and barcode read-back.

    python bench/labels_bench.py [--runs 5] [--out bench/out]

Times are medians over ``--runs`` runs of one render in this process (fonts registered
and warmed by a first run that is not counted). The read-back pass renders every page at
exactly 203 dpi with pdfium and decodes it with zxing-cpp, the same as the tests do, and
counts how many printed barcodes come back with the right content. Prints a Markdown
table for bench/LABELS.md. Target (PRODUCT.md): 500 labels <= 3 s, every barcode decodes.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "labels")]

import reportlab  # noqa: E402
from labels_readback import decoded_counts, page_count  # noqa: E402

from labels import LETTER_4UP, ManifestRun, render_labels, render_manifest, render_zpl  # noqa: E402
from labels.samples import sample_labels, sample_run  # noqa: E402


def median_seconds(job: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``job`` over ``runs`` runs, after an uncounted warm-up.

    CPU time is reported too because a shared 2-core machine inflates wall time when
    something else runs; the render itself is single-threaded.
    """
    job()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        job()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def manifest_barcodes(run: ManifestRun, pages: int) -> Counter[str]:
    """What a manifest prints: stop codes, parcel ids, outcome codes on every page."""
    expected: Counter[str] = Counter()
    for stop in run.stops:
        expected[stop.stop_code] += 1
        expected.update(parcel.tracking_id for parcel in stop.parcels)
    for outcome in run.outcome_codes:
        expected[outcome.code] += pages
    return expected


def read_back(pdf: bytes, expected: Counter[str]) -> tuple[int, int]:
    """(barcodes decoded with the expected content, barcodes printed)."""
    found = decoded_counts(pdf)
    return sum((found & expected).values()), sum(expected.values())


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or platform's guess elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def accelerator() -> str:
    """Whether reportlab runs its C accelerator (the rl-accel package) or pure Python."""
    try:
        import _rl_accel  # noqa: F401 - only asking whether it is there
    except ImportError:
        return "none (pure Python)"
    return f"rl-accel {importlib.metadata.version('rl-accel')} (C)"


#: Recipients and streets in the scripts labels must print (issue #10.9): CJK, Arabic,
#: Devanagari, Thai, Hebrew, Korean, emoji; every label gets one pair, in turn.
WORLD_NAMES = (
    ("王小明", "北京市朝阳区建国路 12 号"),
    ("محمد علي الحسن", "12 شارع الملك فهد"),
    ("राहुल शर्मा", "४२ गांधी मार्ग"),
    ("สมชาย ใจดี", "99 ถนนสุขุมวิท"),
    ("דוד כהן", "רחוב הרצל 5"),
    ("김민준", "서울 강남구 테헤란로 1"),
    ("Ana 🌸 Ortiz", "1500 Cornerside Blvd 📦"),
)


def in_any_script(labels: list) -> list:
    """The same labels with names and streets in many scripts."""
    return [
        dataclasses.replace(
            label,
            recipient_name=WORLD_NAMES[i % len(WORLD_NAMES)][0] + f" {i}",
            address_line1=WORLD_NAMES[i % len(WORLD_NAMES)][1],
        )
        for i, label in enumerate(labels)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]

    labels = sample_labels(500, seed=1)
    run = sample_run(300, seed=3)
    rows = []

    pdf = render_labels(labels, args.out / "labels-500.pdf")
    seconds = median_seconds(lambda: render_labels(labels), args.runs)
    good, printed = read_back(pdf, Counter(label.tracking_id for label in labels))
    rows.append(("500 labels, PDF, 4x6 thermal", seconds, len(pdf), 500, good, printed))

    pdf = render_labels(labels, args.out / "labels-500-letter4up.pdf", layout=LETTER_4UP)
    seconds = median_seconds(lambda: render_labels(labels, layout=LETTER_4UP), args.runs)
    good, printed = read_back(pdf, Counter(label.tracking_id for label in labels))
    rows.append(("500 labels, PDF, Letter 4-up", seconds, len(pdf), 125, good, printed))

    world = in_any_script(labels)
    pdf = render_labels(world, args.out / "labels-500-any-script.pdf")
    seconds = median_seconds(lambda: render_labels(world), args.runs)
    good, printed = read_back(pdf, Counter(label.tracking_id for label in world))
    rows.append(("500 labels, PDF, 4x6, names in 7 scripts", seconds, len(pdf), 500, good, printed))

    zpl = render_zpl(labels, args.out / "labels-500.zpl")
    seconds = median_seconds(lambda: render_zpl(labels), args.runs)
    rows.append(("500 labels, ZPL", seconds, len(zpl), 500, None, None))

    pdf = render_manifest(run, args.out / "manifest-300.pdf")
    seconds = median_seconds(lambda: render_manifest(run), args.runs)
    pages = page_count(pdf)
    good, printed = read_back(pdf, manifest_barcodes(run, pages))
    rows.append(("300-stop manifest, Letter", seconds, len(pdf), pages, good, printed))

    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}")
    print(f"reportlab {reportlab.Version}, accelerator: {accelerator()}")
    print(f"median of {args.runs} runs after a warm-up\n")
    print(f"load average before the run: {load:.2f}\n")
    print("| document | median wall | median CPU | file size | pages | barcodes read back |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (wall, cpu), size, pages, good, printed in rows:
        decoded = "–" if printed is None else f"{good} / {printed} ({100 * good / printed:.1f} %)"
        print(
            f"| {name} | {wall:.2f} s | {cpu:.2f} s | {size / 1024:.0f} KiB | {pages} | {decoded} |"
        )


if __name__ == "__main__":
    main()
