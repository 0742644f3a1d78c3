"""Check that each faster jieba backend gives exactly the tokens of jieba itself.

For every backend importable here (the package's ``FAST_BACKENDS`` and, if installed, the
other drop-in tokenizers ``jieba_next``, ``jieba_fast_dat`` and ``jieba_fast``), build
:class:`analysis.words.Segmenter` with it — jieba's dict.txt, the packaged user dictionary,
HMM off, the same protection rules — and compare its ``cut()`` (token, offsets, kind) with
the reference ``backend="jieba"`` on every sentence of the shipped corpora (national JSONL,
provincial CSVs, seed report). Prints one line per backend: sentences, differing sentences,
seconds, speed-up over jieba. Exits 1 if any backend differs.

    python benchmarks/verify_backends.py [--corpus national|all]

Only backends listed in ``FAST_BACKENDS`` are ever selected automatically; the others are
measured here for comparison (the Segmenter accepts them only through this script).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from analysis import paths, words
from analysis.readers.records import iter_records
from analysis.pipeline import process_text

CANDIDATES = (*words.FAST_BACKENDS, "jieba_next", "jieba_fast_dat", "jieba_fast")


def corpus_sentences(which: str) -> list[str]:
    """Return every sentence (cleaned, as the pipeline gives them) of the shipped corpora."""
    files = [paths.RAW / "national" / "government_work_reports.jsonl"]
    if which == "all":
        files += sorted((paths.RAW / "provincial-2026").glob("*.csv")) + [paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt"]
    out = []
    for f in files:
        for doc_id, text, meta in iter_records(f):
            out.extend(process_text(text, doc_id).sentences["sentence"].tolist())
    return out


def segmenter(backend: str) -> words.Segmenter:
    if backend in words.FAST_BACKENDS or backend == "jieba":
        return words.Segmenter(backend=backend)
    # a candidate not (yet) trusted by the package: patch it in for this comparison only
    saved = words.FAST_BACKENDS
    words.FAST_BACKENDS = (*saved, backend)
    try:
        return words.Segmenter(backend=backend)
    finally:
        words.FAST_BACKENDS = saved


def timed_cut(seg: words.Segmenter, sentences: list[str]) -> tuple[list, float]:
    seg.cut("预热：加载词典。")
    t = time.perf_counter()
    out = [seg.cut(s) for s in sentences]
    return out, time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=["national", "all"], default="all")
    args = ap.parse_args(argv)
    sentences = corpus_sentences(args.corpus)
    chars = sum(map(len, sentences))
    ref, t_ref = timed_cut(words.Segmenter(backend="jieba"), sentences)
    print(f"{len(sentences)} sentences, {chars} characters; jieba (reference): {t_ref:.2f} s")
    failed = False
    for name in CANDIDATES:
        try:
            importlib.import_module(name)
        except ImportError:
            print(f"{name}: not installed")
            continue
        out, t = timed_cut(segmenter(name), sentences)
        bad = [i for i, (a, b) in enumerate(zip(out, ref)) if a != b]
        status = "IDENTICAL" if not bad else f"DIFFERENT in {len(bad)} sentences, e.g. {sentences[bad[0]][:40]!r}"
        auto = "auto-selected" if name in words.FAST_BACKENDS else "not selected by the package"
        print(f"{name}: {status}; {t:.2f} s, {t_ref / t:.2f}x jieba ({auto})")
        failed |= bool(bad) and name in words.FAST_BACKENDS
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
