"""Peak memory of ``python -m analysis words FILE`` against the size of the text.

Issue 16 found a 317 MB text making ``words`` use ~28 GB. Single-document commands now refuse
a file above ``analysis.readers.source.MAX_FILE_BYTES`` (64 MiB); below it, memory must grow in
proportion to the text. This script checks that: it writes texts of growing size, runs the
whole command on each in its own process, and prints the process's peak resident memory
(``ru_maxrss`` from ``os.wait4``, the child's own figure, not a maximum over all children)
and bytes of memory per character of text, both in total and above the smallest run (the
interpreter, pandas and the segmenter's dictionary are a fixed cost of ~200 MB).

The texts repeat the newest national report (``data/raw/national/``). The cleaner keeps a
block the source holds twice only once (``remove_repeated_text``), so every copy's lines end
with their copy number (``（副本7）``): each copy is new text to the cleaner and the segmenter.
A last run one byte over the limit must give one error line, exit 2.

    python benchmarks/words_memory.py                 # 1, 4, 16, 64 MiB (64 MiB takes minutes)
    python benchmarks/words_memory.py --sizes 1 4     # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "data" / "raw" / "national" / "government_work_reports.jsonl"
MIB = 1024 * 1024


def newest_report() -> str:
    """The text of the newest national report."""
    records = [json.loads(line) for line in NATIONAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r.get("year") and r.get("content")]
    return max(records, key=lambda r: int(r["year"]))["content"]


def copy_of(text: str, k: int) -> str:
    """``text`` with ``（副本k）`` after every non-blank line, so copies are not repeats."""
    return "\n".join(f"{line}（副本{k}）" if line.strip() else line for line in text.split("\n"))


def write_text(path: Path, report: str, n_bytes: int) -> int:
    """Write copies of ``report`` to ``path`` until ``n_bytes`` UTF-8 bytes (cut at a line
    end, never inside a character); return the number of characters written."""
    chars, size, k = 0, 0, 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while size < n_bytes:
            piece = copy_of(report, k) + "\n\n"
            data = piece.encode("utf-8")
            if size + len(data) > n_bytes:  # the last copy: as many whole lines as fit
                data = data[: n_bytes - size]
                data = data[: data.rfind(b"\n") + 1] if b"\n" in data else b""
                piece = data.decode("utf-8")
                if not data:
                    break
            fh.write(piece)
            size += len(data)
            chars += len(piece)
            k += 1
    return chars


def run_words(path: Path) -> dict:
    """Run ``python -m analysis words PATH`` in its own process; its status, seconds, peak
    memory (bytes) and the last line of its stderr."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "analysis", "words", str(path), "--top", "5"],
                                stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    # ru_maxrss is KiB on Linux, bytes on macOS
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return {"rc": proc.returncode, "seconds": seconds, "peak": peak, "stderr": lines[-1] if lines else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16, 64], help="text sizes in MiB")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from analysis.read import MAX_FILE_BYTES

    report = newest_report()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "one.txt"
        base.write_text(report, encoding="utf-8")
        runs = [("one report", base, len(report))]
        for mib in args.sizes:
            path = Path(tmp) / f"{mib:g}MiB.txt"
            runs.append((f"{mib:g} MiB", path, write_text(path, report, min(int(mib * MIB), MAX_FILE_BYTES))))
        over = Path(tmp) / "over.txt"
        write_text(over, report, MAX_FILE_BYTES + 100_000)
        with open(over, "ab") as fh:  # make sure it is over by a byte at least
            fh.write(b"\n" * max(0, MAX_FILE_BYTES + 1 - over.stat().st_size))
        print(f"{'text':>12} {'bytes':>12} {'characters':>12} {'seconds':>8} {'peak MiB':>9} "
              f"{'B/char':>8} {'B/char above one report':>24}  status")
        for name, path, chars in runs:
            r = run_words(path)
            rows.append((name, path.stat().st_size, chars, r))
            base_peak, base_chars = rows[0][3]["peak"], rows[0][2]
            extra = (r["peak"] - base_peak) / (chars - base_chars) if chars > base_chars else float("nan")
            print(f"{name:>12} {path.stat().st_size:>12,} {chars:>12,} {r['seconds']:>8.1f} {r['peak'] / MIB:>9.0f} "
                  f"{r['peak'] / chars:>8.0f} {extra:>24.0f}  exit {r['rc']}", flush=True)
            path.unlink()
        r = run_words(over)
        print(f"over the limit ({over.stat().st_size:,} bytes > {MAX_FILE_BYTES:,}): exit {r['rc']}, "
              f"{r['seconds']:.1f} s, peak {r['peak'] / MIB:.0f} MiB; stderr: {r['stderr']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
