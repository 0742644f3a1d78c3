"""What reading a Word file, a PDF or a saved web page adds to the time a user waits.

Two measurements, in the same run, on the same reports:

* **whole command** — ``python -m analysis targets FILE`` as a separate process, for a report
  as plain text (the baseline) and the same report as a Word file, a PDF and a web page
  (best of ``--repeat`` runs each): what a user waits for at the prompt, start-up included;
* **in process** — for each file, the time of the reader alone (:func:`analysis.readers.read_source`)
  beside the full per-document pipeline that follows it (``runner.document_tables``: clean,
  structure, segment, metrics, targets, themes, keywords), median of ``--repeat`` runs after
  one warm-up. The goal: reading adds under 20% to the pipeline.

Inputs (all shipped): the Hebei and Hubei 2025 reports as Word files (data/raw), as PDFs and as
LibreOffice's plain text (tests/fixtures/formats); the Beijing and Shanghai 2026 pages
(tests/fixtures/html) against the shipped CSV of the same reports.

    python benchmarks/reading_formats.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"
CASES = [  # (name, plain-text baseline, other formats)
    ("hebei-2025", FIX / "formats" / "hebei-2025.txt",
     [RAW / "provincial-2025" / "2025年河北省政府工作报告.docx", FIX / "formats" / "hebei-2025.pdf"]),
    ("hubei-2025", FIX / "formats" / "hubei-2025.txt",
     [RAW / "provincial-2025" / "2025年湖北省政府工作报告.docx", FIX / "formats" / "hubei-2025.pdf"]),
    ("beijing-2026", RAW / "provincial-2026" / "2026_北京市_政府工作报告.csv", [FIX / "html" / "2026_BJ.html"]),
    ("shanghai-2026", RAW / "provincial-2026" / "2026_上海市_政府工作报告.csv", [FIX / "html" / "2026_SH.html"]),
]


def whole_command(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "targets", str(path)], check=True,
                       capture_output=True, cwd=ROOT)
        best = min(best, time.perf_counter() - t)
    return best


def in_process(path: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of (reading, the pipeline after it) for one file."""
    from analysis.readers.records import Record, iter_corpus
    from analysis.runner import Options, _init_worker, document_tables

    _init_worker()
    options = Options()
    reads, pipes = [], []
    for i in range(repeat + 1):
        t0 = time.perf_counter()
        record = next(r for r in iter_corpus(path) if isinstance(r, Record))
        t1 = time.perf_counter()
        document_tables(record, options)
        t2 = time.perf_counter()
        if i:  # the first run loads dictionaries and caches
            reads.append(t1 - t0)
            pipes.append(t2 - t1)
    return statistics.median(reads), statistics.median(pipes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"# {platform.platform()}, Python {platform.python_version()}, {platform.processor() or platform.machine()}")
    print(f"{'file':<44} {'format':<6} {'command s':>9} {'vs text':>8} {'read ms':>8} {'pipeline ms':>11} {'read/pipeline':>13}")
    worst = 0.0
    for name, base, others in CASES:
        base_cmd = whole_command(base, args.repeat)
        for path in [base, *others]:
            cmd = base_cmd if path == base else whole_command(path, args.repeat)
            read, pipe = in_process(path, args.repeat)
            share = read / pipe
            if path != base:
                worst = max(worst, share)
            fmt = path.suffix.lstrip(".")
            print(f"{path.name[:44]:<44} {fmt:<6} {cmd:>9.2f} {cmd / base_cmd:>7.2f}x {read * 1000:>8.1f} "
                  f"{pipe * 1000:>11.1f} {share:>12.1%}")
    print(f"largest share of reading in the pipeline (Word, PDF, HTML): {worst:.1%} (goal: under 20%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
