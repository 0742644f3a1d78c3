"""Speed and memory of the corpus runner, against bare ``jieba.lcut`` on the same text.

Phases (each in its own Python process, so peak memory is per phase):

* ``lcut`` — bare ``jieba.lcut(text)`` (global tokenizer, jieba's defaults) over the raw
  text of every national report: the baseline.
* ``pipeline`` — the full per-document pipeline in one process, no files written
  (``runner.document_tables``: clean, structure, segment, metrics, targets, themes, keywords),
  set up as a corpus worker is (``runner.workers._init_worker``).
* ``stages`` — the same pipeline stage by stage, to show where the time goes.
* ``run1``, ``run2`` — ``run_corpus`` with ``jobs=1`` and ``jobs=2`` into a fresh folder
  (pipeline + part files + assembled Parquet/CSV tables).
* ``scaling1``, ``scaling2`` — ``run_corpus`` with ``jobs=1`` and ``jobs=2`` on ``--scaling``
  synthetic documents (default 288: the national corpus four times), where the workers'
  start-up (loading jieba's dictionary, ~1.5 s each) is a small part of the run.
* ``scale`` — ``run_corpus(jobs=2)`` on ``--n`` synthetic documents (the national reports
  repeated, each copy with its own id) written to a temporary JSONL, sampling the resident
  memory of the runner and its workers every second: it must stay flat.

Speeds are characters of raw text per second; ratios are against ``lcut`` measured in the
same invocation. Segmentation backend: whatever ``analysis.words`` selects (set
``ANALYSIS_SEGMENTER_BACKEND=jieba`` to measure the pure-jieba reference).

    python benchmarks/pipeline_speed.py            # national corpus + scale run of 10,000 documents
    python benchmarks/pipeline_speed.py --n 500    # quicker scale run
    python benchmarks/pipeline_speed.py --n 0      # no scale run
    python benchmarks/pipeline_speed.py --n 0 --scaling 0   # national corpus only
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

NATIONAL = Path(__file__).resolve().parents[1] / "data" / "raw" / "national" / "government_work_reports.jsonl"


def _records():
    from analysis.readers.records import Record, iter_corpus

    return [r for r in iter_corpus(NATIONAL) if isinstance(r, Record)]


def _peak_mib(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def phase_lcut() -> dict:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    texts = [r.text for r in _records()]
    jieba.initialize()
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return {"seconds": time.perf_counter() - t, "chars": sum(map(len, texts))}


def phase_pipeline() -> dict:
    from analysis import runner, words

    recs = _records()
    runner.workers._init_worker()  # as a corpus worker runs it: dictionaries loaded, GC thresholds
    runner.document_tables(recs[1])  # warm caches (mojibake tables, IDF)
    t = time.perf_counter()
    for r in recs:
        runner.document_tables(r)
    return {"seconds": time.perf_counter() - t, "chars": sum(len(r.text) for r in recs),
            "backend": words.SEGMENTER_BACKEND["backend"]}


def phase_stages() -> dict:
    """Seconds per stage of ``runner.document_tables`` over the national corpus (one process)."""
    from analysis import runner, words
    from analysis.extract import numbers, targets
    from analysis.words import keywords, themes
    from analysis.pipeline import process_text

    recs = _records()
    runner.workers._init_worker()
    res = runner.document._resources()
    runner.document_tables(recs[1])
    spent: dict[str, float] = {}

    def timed(name, fn, *args, **kwargs):
        t = time.perf_counter()
        out = fn(*args, **kwargs)
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return out

    for r in recs:
        doc = timed("clean + structure", process_text, r.text, r.doc_id)
        toks = timed("segment (tokens table)", words.tokens, doc, segmenter=res["segmenter"])
        timed("metrics", numbers.metrics_table, doc)
        timed("targets", targets.targets_table, doc)
        timed("themes", themes.theme_scores_by_level, toks, ("section", "document"), lexicon=res["themes"],
              segmenter=res["segmenter"])
        timed("keywords", keywords.keywords, toks, method="tfidf", top_n=20)
    return {"stages": spent, "chars": sum(len(r.text) for r in recs)}


def _write_synthetic(path: Path, n: int) -> int:
    """Write ``n`` synthetic documents (the national reports repeated, each copy with its own
    id) to a JSONL file; return their characters."""
    recs = _records()
    chars = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = recs[i % len(recs)]
            chars += len(r.text)
            fh.write(json.dumps({"id": f"s{i:06d}", "title": r.metadata["title"], "content": r.text},
                                ensure_ascii=False) + "\n")
    return chars


def phase_run(jobs: int, n: int = 0) -> dict:
    """``run_corpus`` into a fresh folder: the national corpus, or ``n`` synthetic documents."""
    from analysis.runner import run_corpus

    with tempfile.TemporaryDirectory() as tmp:
        if n:
            src, chars = Path(tmp) / "synthetic.jsonl", _write_synthetic(Path(tmp) / "synthetic.jsonl", n)
        else:
            src, chars = NATIONAL, sum(len(r.text) for r in _records())
        t = time.perf_counter()
        run_corpus(src, Path(tmp) / "out", jobs=jobs, id_column="id" if n else None, progress=False)
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "chars": chars}


def phase_scale(n: int, jobs: int) -> dict:
    import psutil

    from analysis.runner import run_corpus

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "synthetic.jsonl"
        chars = _write_synthetic(src, n)
        out = Path(tmp) / "out"
        samples: list[tuple[float, int, float]] = []
        peaks = {"main": 0.0, "worker": 0.0}  # the largest resident size of one process of each kind
        stop = threading.Event()
        me = psutil.Process()

        def sample():
            t0 = time.perf_counter()
            while not stop.is_set():
                rss = me.memory_info().rss
                peaks["main"] = max(peaks["main"], rss / 2**20)
                for c in me.children(recursive=True):
                    try:
                        c_rss = c.memory_info().rss
                    except psutil.Error:
                        continue
                    rss += c_rss
                    peaks["worker"] = max(peaks["worker"], c_rss / 2**20)
                parts = out / "parts"
                done = sum(len(os.listdir(parts / d)) for d in os.listdir(parts)) if parts.exists() else 0
                samples.append((time.perf_counter() - t0, done, rss / 2**20))
                stop.wait(1.0)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        t = time.perf_counter()
        run_corpus(src, out, jobs=jobs, id_column="id", progress=False)
        seconds = time.perf_counter() - t
        stop.set()
        th.join()
        sizes = {p.name: p.stat().st_size for p in out.glob("*.*")}
    # RSS (runner + workers) when 10 %, 20 % … of the documents were done
    marks = []
    for k in range(1, 11):
        want = n * k // 10
        hit = next((s for s in samples if s[1] >= want), samples[-1] if samples else (0, 0, 0.0))
        marks.append({"done": hit[1], "rss_mib": round(hit[2], 1)})
    return {"seconds": seconds, "chars": chars, "n": n, "jobs": jobs, "rss_at": marks,
            "rss_max_mib": round(max(s[2] for s in samples), 1) if samples else None,
            "main_max_mib": round(peaks["main"], 1), "worker_max_mib": round(peaks["worker"], 1),
            "tokens_parquet_mib": round(sizes.get("tokens.parquet", 0) / 2**20, 1),
            "tables_gib": round(sum(sizes.values()) / 2**30, 2)}


def _child(args) -> int:
    fn = {"lcut": phase_lcut, "pipeline": phase_pipeline, "stages": phase_stages, "run1": lambda: phase_run(1),
          "run2": lambda: phase_run(2), "scale": lambda: phase_scale(args.n, args.jobs),
          "scaling1": lambda: phase_run(1, args.scaling), "scaling2": lambda: phase_run(2, args.scaling)}[args.phase]
    res = fn()
    res.update(peak_self_mib=round(_peak_mib(), 1), peak_children_mib=round(_peak_mib(True), 1))
    print("RESULT " + json.dumps(res))
    return 0


def _run_phase(phase: str, extra: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--phase", phase, *extra], capture_output=True, text=True)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"phase {phase} failed")
    return json.loads(line[len("RESULT "):])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="synthetic documents for the scale run (0: none)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the scale run")
    ap.add_argument("--scaling", type=int, default=288,
                    help="synthetic documents for the --jobs 1 vs 2 comparison (0: none)")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        return _child(args)
    import psutil

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB; Python {platform.python_version()}")
    base = _run_phase("lcut", [])
    base_cps = base["chars"] / base["seconds"]
    print(f"{'':34}{'chars/s':>10}{'× lcut':>8}{'seconds':>9}{'peak MiB':>10}")
    print(f"{'bare jieba.lcut (baseline)':34}{base_cps:>10,.0f}{1:>8.2f}{base['seconds']:>9.1f}{base['peak_self_mib']:>10,.0f}")
    for phase, label in (("pipeline", "full pipeline, in process"), ("run1", "run_corpus --jobs 1"),
                         ("run2", "run_corpus --jobs 2")):
        r = _run_phase(phase, [])
        cps = r["chars"] / r["seconds"]
        peak = r["peak_self_mib"] + r["peak_children_mib"]
        note = f"  (backend {r['backend']})" if "backend" in r else ""
        print(f"{label:34}{cps:>10,.0f}{cps / base_cps:>8.2f}{r['seconds']:>9.1f}{peak:>10,.0f}{note}")
    if args.scaling:
        one = _run_phase("scaling1", ["--scaling", str(args.scaling)])
        two = _run_phase("scaling2", ["--scaling", str(args.scaling)])
        print(f"\n{args.scaling} synthetic documents ({one['chars'] / 1e6:.1f} M characters): --jobs 1 "
              f"{one['seconds']:.1f} s ({one['chars'] / one['seconds'] / base_cps:.2f}× lcut), --jobs 2 "
              f"{two['seconds']:.1f} s ({two['chars'] / two['seconds'] / base_cps:.2f}× lcut): "
              f"speed-up {one['seconds'] / two['seconds']:.2f} with 2 workers")
    r = _run_phase("stages", [])
    total = sum(r["stages"].values())
    print(f"\nwhere the time goes (full pipeline, one process, {total:.1f} s):")
    for name, sec in r["stages"].items():
        print(f"  {name:28}{sec:>6.2f} s {100 * sec / total:>5.0f} %   ({sec / base['seconds']:.2f} of bare lcut's time)")
    if args.n:
        r = _run_phase("scale", ["--n", str(args.n), "--jobs", str(args.jobs)])
        cps = r["chars"] / r["seconds"]
        print(f"\nscale: {r['n']:,} synthetic documents ({r['chars'] / 1e6:.0f} M characters), jobs={r['jobs']}: "
              f"{r['seconds']:.0f} s, {cps:,.0f} chars/s ({cps / base_cps:.2f}× lcut); tokens.parquet "
              f"{r['tokens_parquet_mib']} MiB, all tables (Parquet + CSV) {r['tables_gib']} GiB")
        print("resident memory of runner + workers (MiB) as documents completed:")
        print("  " + "  ".join(f"{m['done']}:{m['rss_mib']:.0f}" for m in r["rss_at"]))
        print(f"  max {r['rss_max_mib']} MiB; largest single process: runner {r['main_max_mib']} MiB, "
              f"worker {r['worker_max_mib']} MiB (multiprocessing's resource tracker, ~13 MiB, counts too)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
