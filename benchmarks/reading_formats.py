"""What reading a Word file, a PDF or a saved web page adds to the time of the per-document
pipeline. Goal (issue 11): reading adds under 20% to the pipeline's time per document.

Measured in one run, on one machine, per document:

* **read** — reading the file into a record (:func:`analysis.corpus.iter_corpus`: bytes,
  format detection, the Word/PDF/HTML reader), median of ``--repeat`` runs after one warm-up;
* **pipeline** — the full per-document pipeline on that record (``runner.document_tables``:
  clean, structure, segment, metrics, targets, outcomes, themes, keywords), same runs;
* **read/pipeline** — the share the goal is about; per format the median, range and
  sum(read)/sum(pipeline) over its documents;
* for a PDF also **PDFium alone**: opening it, loading each page, PDFium's text page and its
  text, nothing else (no boxes, no Python per line) — the floor of any reader built on PDFium;
* **whole command** — ``python -m analysis targets FILE`` as a separate process, what a user
  waits for at the prompt (start-up included), for ``--whole`` reports as plain text (the Word
  file's text written to a .txt), Word file and PDF, runs interleaved, median of ``--repeat``.

Inputs: the 19 Word files of ``data/raw/provincial-2025/``; their PDFs, made here into a
temporary folder as ``tests/fixtures/formats/make_fixtures.py`` makes the committed ones
(LibreOffice, a running header and a ``— 3 —`` page-number footer; without ``soffice`` only
the two committed PDFs are measured); the saved portal pages of ``tests/fixtures/html/`` and
``../shared/corpus/html/`` (if present; identical files are measured once). A refused file
(the anti-bot page) is listed as refused. Results: ``benchmarks/README.md``.

    python benchmarks/reading_formats.py [--repeat 5] [--whole 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
WORD = ROOT / "data" / "raw" / "provincial-2025"
HTML_DIRS = [FIX / "html", ROOT.parent / "shared" / "corpus" / "html"]
GOAL = 0.20
#: In-process clock: ``time.perf_counter`` (wall, what a user waits for) or ``time.process_time``
#: (this process's CPU time: steadier on a machine busy with other work); ``--clock``.
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter


def label(path: Path, width: int = 16) -> str:
    """A file's short name (``上海市`` for ``2025年上海市政府工作报告.docx``) padded to ``width``
    terminal columns (a CJK character takes two)."""
    name = path.stem.replace("2025年", "").replace("政府工作报告", "")[:width // 2]
    return name + " " * (width - sum(2 if ord(c) > 0x2E80 else 1 for c in name))


def make_pdfs(word_files: list[Path], out: Path) -> list[Path]:
    """PDFs of the Word files, made as the committed fixtures are; the committed two without soffice."""
    if shutil.which("soffice") is None:
        print("# soffice not found: measuring the committed PDFs only", file=sys.stderr)
        return sorted((FIX / "formats").glob("*.pdf"))
    sys.path.insert(0, str(FIX / "formats"))
    import make_fixtures

    pdfs = []
    for word in word_files:
        staged = out / "docx" / word.name
        staged.parent.mkdir(exist_ok=True)
        make_fixtures.with_page_furniture(word, staged, word.stem)
        pdfs.append(make_fixtures.soffice("pdf", staged, out))
    return pdfs


def html_files() -> list[Path]:
    """The saved pages, each content once."""
    seen, files = set(), []
    for folder in HTML_DIRS:
        for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                files.append(path)
    return files


def in_process(path: Path, repeat: int) -> tuple[float, float] | str:
    """Median seconds of (reading, the pipeline after it), or the reason the file is refused."""
    from analysis.readers.records import Record, iter_corpus
    from analysis.runner import Options, document_tables

    options = Options()
    reads, pipes = [], []
    for i in range(repeat + 1):
        t0 = clock()
        items = list(iter_corpus(path))
        t1 = clock()
        if not isinstance(items[0], Record):
            return str(items[0]).split(": ")[-1]
        document_tables(items[0], options)
        t2 = clock()
        if i:  # the first run loads dictionaries and caches
            reads.append(t1 - t0)
            pipes.append(t2 - t1)
    return statistics.median(reads), statistics.median(pipes)


def pdfium_alone(path: Path, repeat: int) -> tuple[float, float, int]:
    """Median seconds PDFium takes to give a PDF's text page by page, of which loading
    (parsing) the pages, and its page count."""
    import pypdfium2 as pdfium

    data = path.read_bytes()
    times, loads = [], []
    for _ in range(repeat):
        t, load = clock(), 0.0
        pdf = pdfium.PdfDocument(data)
        for i in range(len(pdf)):
            t0 = clock()
            page = pdf[i]  # FPDF_LoadPage: the page's content stream parsed
            load += clock() - t0
            textpage = page.get_textpage()  # FPDFText_LoadPage: characters, order, lines
            textpage.get_text_range()
            textpage.close()
            page.close()
        pages = len(pdf)
        pdf.close()
        times.append(clock() - t)
        loads.append(load)
    return statistics.median(times), statistics.median(loads), pages


def whole_commands(paths: list[Path], repeat: int) -> list[float]:
    """Median seconds of ``python -m analysis targets`` on each path, runs interleaved."""
    runs: list[list[float]] = [[] for _ in paths]
    for _ in range(repeat):
        for k, path in enumerate(paths):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "analysis", "targets", str(path)], check=True,
                           capture_output=True, cwd=ROOT)
            runs[k].append(time.perf_counter() - t)
    return [statistics.median(r) for r in runs]


def measure(files: dict[str, list[Path]], repeat: int) -> dict[str, list[tuple]]:
    """Per format, rows (file, read s, pipeline s, PDFium-alone s, its page loading s, pages; None for other formats)."""
    rows: dict[str, list[tuple]] = {}
    for fmt, paths in files.items():
        for path in paths:
            got = in_process(path, repeat)
            if isinstance(got, str):
                print(f"{fmt:<5} {label(path)} refused: {got}")
                continue
            read, pipe = got
            floor, load, pages = pdfium_alone(path, repeat) if fmt == "pdf" else (None, None, None)
            rows.setdefault(fmt, []).append((path.name, read, pipe, floor, load, pages))
            extra = f" {pages:>5} {floor * 1000:>8.1f} {floor / pipe:>7.1%}" if floor is not None else ""
            print(f"{fmt:<5} {label(path)} {read * 1000:>8.1f} {pipe * 1000:>9.1f} {read / pipe:>7.1%}{extra}")
    return rows


def summary(rows: dict[str, list[tuple]]) -> None:
    print("\n# per format: read/pipeline per document — median (min–max), and sum(read)/sum(pipeline)")
    for fmt, rs in rows.items():
        shares = [r[1] / r[2] for r in rs]
        total = sum(r[1] for r in rs) / sum(r[2] for r in rs)
        verdict = "meets" if max(shares) < GOAL else "MISSES"
        print(f"{fmt:<5} {len(rs):>2} files: {statistics.median(shares):6.1%} ({min(shares):.1%}–{max(shares):.1%}), "
              f"overall {total:6.1%}  {verdict} the goal (under {GOAL:.0%})")
        if fmt == "pdf":
            floors = [r[3] / r[2] for r in rs]
            pages = sum(r[5] for r in rs)
            per_page, load = sum(r[3] for r in rs) / pages, sum(r[4] for r in rs) / pages
            rest = sum(r[1] - r[3] for r in rs) / pages
            print(f"      PDFium alone: {statistics.median(floors):.1%} ({min(floors):.1%}–{max(floors):.1%}) "
                  f"of the pipeline; {per_page * 1000:.2f} ms a page, of which loading the page "
                  f"{load * 1000:.2f} ms; the rest of reading {rest * 1000:.2f} ms a page")


def whole(word_files: list[Path], pdfs: dict[str, Path], repeat: int, tmp: Path) -> None:
    print(f"\n# whole command `python -m analysis targets FILE`, median of {repeat} interleaved runs")
    from analysis.readers import read_source

    print(f"{'report':<16} {'txt s':>6} {'docx s':>7} {'pdf s':>6} {'docx/txt':>8} {'pdf/txt':>8}")
    for word in word_files:
        if word.stem not in pdfs:
            continue
        txt = tmp / "txt" / f"{word.stem}.txt"
        txt.parent.mkdir(exist_ok=True)
        txt.write_text(read_source(word).text, encoding="utf-8")
        t, d, p = whole_commands([txt, word, pdfs[word.stem]], repeat)
        print(f"{label(word)} {t:>6.2f} {d:>7.2f} {p:>6.2f} {d / t:>7.2f}x {p / t:>7.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--whole", type=int, default=3, help="reports to time as whole commands (0: none)")
    ap.add_argument("--clock", choices=CLOCKS, default="wall", help="in-process clock (default: wall)")
    args = ap.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    from analysis.runner.workers import _init_worker

    _init_worker()  # dictionaries loaded, GC as in a corpus run's worker
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"# {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, load {load}; "
          f"in-process clock: {args.clock}, median of {args.repeat}")
    word_files = sorted(WORD.glob("*.docx"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdfs = make_pdfs(word_files, tmp)
        print(f"{'fmt':<5} {'file':<16} {'read ms':>8} {'pipe ms':>9} {'read/pipe':>7} {'pages':>5} "
              f"{'PDFium ms':>8} {'PDFium/pipe':>7}")
        rows = measure({"docx": word_files, "pdf": pdfs, "html": html_files()}, args.repeat)
        summary(rows)
        if args.whole:
            named = {p.stem: p for p in pdfs}
            whole([w for w in word_files if w.stem in named][: args.whole], named, args.repeat, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
