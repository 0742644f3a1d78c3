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
* ``where`` — ``run_corpus(jobs=1)`` on ``--scaling`` synthetic documents in this process,
  with the CPU time of each part of the whole command: start-up (imports, dictionaries),
  reading the input, the pipeline, Arrow conversion, writing the parts (IPC, CSV lines,
  file), assembling the tables (Parquet row groups, CSV, the corpus tables).
* ``whole`` (not a phase: run from the parent) — ``python -m analysis corpus … --jobs 1``
  and a bare-jieba script (read the same JSONL, ``jieba.lcut`` every text) as whole
  processes, interleaved, ``--repeat`` times each, wall and CPU time (user + system, from
  ``resource.getrusage(RUSAGE_CHILDREN)``) of each child, medians; then ``--jobs 1`` against
  ``--jobs 2`` the same way on ``--scaling2`` documents. The issue 15 goals are on these.
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
    python benchmarks/pipeline_speed.py --only whole --repeat 5   # the issue 15 goals only
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
    from analysis.extract import metrics, targets
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
        timed("metrics", metrics.metrics_table, doc)
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


def phase_lcut_file(path: str) -> dict:
    """Bare jieba on a JSONL file, as a whole process would run it: read each line, ``jieba.lcut``
    its ``content`` (the baseline of ``whole``)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    chars = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["content"]
            jieba.lcut(text)
            chars += len(text)
    return {"chars": chars}


def phase_where(n: int) -> dict:
    """CPU seconds of each part of ``run_corpus(jobs=1)`` on ``n`` synthetic documents (this
    process): each part is timed by wrapping the function that does it."""
    t0 = time.process_time()
    from analysis.runner import assemble, document, parts, run, workers

    spent = {"start-up: imports": time.process_time() - t0}

    def timed(owner, name, label):
        fn = getattr(owner, name)

        def wrapper(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t

        setattr(owner, name, wrapper)

    def timed_iter(make):
        def wrapper(*args, **kwargs):
            it = make(*args, **kwargs)
            while True:
                t = time.process_time()
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    spent["read input"] = spent.get("read input", 0.0) + time.process_time() - t
                yield item
        return wrapper

    run.iter_corpus = timed_iter(run.iter_corpus)
    timed(document, "_resources", "start-up: dictionaries")  # inside the first document's pipeline
    timed(workers, "document_tables", "pipeline (incl. dictionaries)")
    timed(parts, "_arrow_table", "part: Arrow conversion")
    timed(parts, "_ipc_bytes", "part: Arrow IPC + LZ4")
    timed(parts, "csv_rows", "part: CSV lines")
    timed(parts, "write_atomic", "part: zip file written")
    timed(assemble._TableWriter, "flush", "assembly: Parquet row groups")
    timed(assemble._Assembler, "close", "assembly: close (corpus tables, last groups)")
    timed(assemble._Assembler, "finish", "assembly: append parts (incl. row groups)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "synthetic.jsonl"
        chars = _write_synthetic(src, n)
        t = time.process_time()
        run.run_corpus(src, Path(tmp) / "out", jobs=1, id_column="id", progress=False)
        spent["run_corpus (all of it)"] = time.process_time() - t
    return {"cpu": spent, "chars": chars}


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
        cpu0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        run_corpus(src, out, jobs=jobs, id_column="id", progress=False)
        seconds = time.perf_counter() - t
        cpu1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        stop.set()
        th.join()
        # CPU seconds of this process (the runner: reading, assembling; and the sampler) and of
        # the workers (counted once they have ended: run_corpus shuts the pool down)
        cpu_main, cpu_workers = ((b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime) for a, b in zip(cpu0, cpu1))
        sizes = {p.name: p.stat().st_size for p in out.glob("*.*")}
        parts_bytes = sum(f.stat().st_size for f in (out / "parts").rglob("*.zip"))
    # RSS (runner + workers) when 10 %, 20 % … of the documents were done (every 1,000 from
    # 10,000 documents on: flat or not shows over many points)
    marks = []
    step = 1000 if n >= 10_000 else max(n // 10, 1)
    for want in [*range(step, n, step), n]:
        hit = next((s for s in samples if s[1] >= want), samples[-1] if samples else (0, 0, 0.0))
        marks.append({"done": hit[1], "rss_mib": round(hit[2], 1)})
    return {"seconds": seconds, "chars": chars, "n": n, "jobs": jobs, "rss_at": marks,
            "rss_max_mib": round(max(s[2] for s in samples), 1) if samples else None,
            "main_max_mib": round(peaks["main"], 1), "worker_max_mib": round(peaks["worker"], 1),
            "tokens_parquet_mib": round(sizes.get("tokens.parquet", 0) / 2**20, 1),
            "tables_gib": round(sum(sizes.values()) / 2**30, 2),
            "tables_mib_per_1000": round(sum(sizes.values()) / 2**20 * 1000 / n, 1),
            "parts_mib_per_1000": round(parts_bytes / 2**20 * 1000 / n, 1),
            "cpu_main": round(cpu_main, 1), "cpu_workers": round(cpu_workers, 1)}


def _projected(r: dict, n: int, cores: int) -> float:
    """Seconds projected for ``n`` documents like those of scale run ``r`` on ``cores`` free
    cores, from the CPU time the run measured per document: the workers' and the runner's
    together spread over the cores, unless the runner's own work (one process: reading,
    appending parts, writing Parquet) takes longer than that. Start-up (a few seconds) and
    a machine shared with others are not counted."""
    per_doc_workers, per_doc_main = r["cpu_workers"] / r["n"], r["cpu_main"] / r["n"]
    return n * max((per_doc_workers + per_doc_main) / cores, per_doc_main)


def _child(args) -> int:
    fn = {"lcut": phase_lcut, "pipeline": phase_pipeline, "stages": phase_stages, "run1": lambda: phase_run(1),
          "lcut_file": lambda: phase_lcut_file(args.input), "where": lambda: phase_where(args.scaling),
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


def _timed_child(cmd: list[str]) -> dict:
    """Run ``cmd`` as a child process; its wall time and CPU time (user + system, its own
    worker processes included once they are waited for) and the load average before it."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "load": load}


def _corpus_cmd(src: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "analysis", "corpus", str(src), "--id-column", "id", "--out", str(out),
            "--no-progress", "--jobs", str(jobs)]


def _interleaved(commands: dict[str, object], repeat: int) -> dict[str, list[dict]]:
    """Run each of ``commands`` (name → function of the repeat's index returning a command)
    ``repeat`` times, alternating their order (A B, B A, …), each as a whole child process."""
    import shutil

    runs: dict[str, list[dict]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(repeat):
        for name in names if i % 2 == 0 else names[::-1]:
            cmd = commands[name](i)
            runs[name].append(_timed_child(cmd))
            if "--out" in cmd:
                shutil.rmtree(cmd[cmd.index("--out") + 1], ignore_errors=True)
    return runs


def _median(runs: list[dict], key: str) -> float:
    import statistics

    return statistics.median(r[key] for r in runs)


def _report_whole(label: str, runs: dict[str, list[dict]], base: str, chars: int) -> None:
    loads = [r["load"] for rs in runs.values() for r in rs]
    print(f"\n{label} ({chars / 1e6:.1f} M characters), whole processes, median of {len(runs[base])} "
          f"interleaved runs; load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores:")
    print(f"  {'':34}{'wall s':>8}{'CPU s':>8}{'× first, wall':>15}{'CPU':>6}")
    for name, rs in runs.items():
        wall, cpu = _median(rs, "wall"), _median(rs, "cpu")
        print(f"  {name:34}{wall:>8.1f}{cpu:>8.1f}{_median(runs[base], 'wall') / wall:>15.2f}"
              f"{_median(runs[base], 'cpu') / cpu:>6.2f}")


def whole(n1: int, n2: int, repeat: int) -> None:
    """The issue 15 goals: ``corpus --jobs 1`` against bare jieba at ``n1`` documents, and
    ``--jobs 2`` against ``--jobs 1`` at ``n2`` documents, each a whole process."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"synthetic{n1}.jsonl"
        chars = _write_synthetic(src, n1)
        runs = _interleaved({
            "bare jieba.lcut (read + cut)": lambda i: [sys.executable, __file__, "--phase", "lcut_file",
                                                       "--input", str(src)],
            "corpus --jobs 1": lambda i: _corpus_cmd(src, Path(tmp) / f"out{i}", 1),
        }, repeat)
        _report_whole(f"{n1} documents", runs, "bare jieba.lcut (read + cut)", chars)
        if n2:
            src2 = Path(tmp) / f"synthetic{n2}.jsonl"
            chars2 = _write_synthetic(src2, n2)
            runs = _interleaved({"corpus --jobs 1": lambda i: _corpus_cmd(src2, Path(tmp) / f"j1_{i}", 1),
                                 "corpus --jobs 2": lambda i: _corpus_cmd(src2, Path(tmp) / f"j2_{i}", 2)},
                                repeat)
            _report_whole(f"{n2} documents", runs, "corpus --jobs 1", chars2)


def print_where(n: int) -> None:
    r = _run_phase("where", ["--scaling", str(n)])
    cpu = r["cpu"]
    total = cpu.pop("run_corpus (all of it)") + cpu["start-up: imports"]
    print(f"\nwhere the CPU time of corpus --jobs 1 goes ({n} documents, one process, {total:.1f} s CPU; "
          "parts nest: the pipeline holds the dictionaries, appending holds the row groups):")
    for name, sec in cpu.items():
        print(f"  {name:46}{sec:>7.2f} s {100 * sec / total:>5.0f} %")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="synthetic documents for the scale run (0: none)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the scale run")
    ap.add_argument("--scaling", type=int, default=288,
                    help="synthetic documents for the --jobs 1 vs 2 comparison (0: none)")
    ap.add_argument("--scaling2", type=int, default=1000,
                    help="documents for the whole-process --jobs 1 vs 2 comparison (0: none)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each whole process (median)")
    ap.add_argument("--only", choices=("whole", "where", "scale"),
                    help="only the whole-process goals, where the time goes, or the scale run")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        return _child(args)
    if args.only == "whole":
        whole(args.scaling or 288, args.scaling2, args.repeat)
        return 0
    if args.only == "where":
        print_where(args.scaling or 288)
        return 0
    if args.only == "scale":
        print_scale(args.n, args.jobs)
        return 0
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
    whole(args.scaling or 288, args.scaling2, args.repeat)
    print_where(args.scaling or 288)
    r = _run_phase("stages", [])
    total = sum(r["stages"].values())
    print(f"\nwhere the time goes (full pipeline, one process, {total:.1f} s):")
    for name, sec in r["stages"].items():
        print(f"  {name:28}{sec:>6.2f} s {100 * sec / total:>5.0f} %   ({sec / base['seconds']:.2f} of bare lcut's time)")
    if args.n:
        print_scale(args.n, args.jobs, base_cps)
    return 0


def print_scale(n: int, jobs: int, base_cps: float | None = None) -> None:
    r = _run_phase("scale", ["--n", str(n), "--jobs", str(jobs)])
    cps = r["chars"] / r["seconds"]
    ratio = f" ({cps / base_cps:.2f}× lcut)" if base_cps else ""
    print(f"\nscale: {r['n']:,} synthetic documents ({r['chars'] / 1e6:.0f} M characters), jobs={r['jobs']}: "
          f"{r['seconds']:.0f} s, {cps:,.0f} chars/s{ratio}; tokens.parquet "
          f"{r['tokens_parquet_mib']} MiB, all tables {r['tables_gib']} GiB")
    print("resident memory of runner + workers (MiB) as documents completed:")
    print("  " + "  ".join(f"{m['done']}:{m['rss_mib']:.0f}" for m in r["rss_at"]))
    print(f"  max {r['rss_max_mib']} MiB; largest single process: runner {r['main_max_mib']} MiB, "
          f"worker {r['worker_max_mib']} MiB (multiprocessing's resource tracker, ~13 MiB, counts too)")
    print(f"output per 1,000 documents: tables {r['tables_mib_per_1000']} MiB, parts (resume cache) "
          f"{r['parts_mib_per_1000']} MiB")
    print(f"CPU: runner {r['cpu_main']} s, workers {r['cpu_workers']} s; load average {os.getloadavg()[0]:.1f}")
    print(f"75,000 such documents: {r['seconds'] * 75_000 / r['n'] / 3600:.1f} h at this run's pace; from its CPU "
          f"time on free cores: 2 cores {_projected(r, 75_000, 2) / 3600:.1f} h, 16 cores "
          f"{_projected(r, 75_000, 16) / 3600:.1f} h")
    print("RESULT " + json.dumps(r))

if __name__ == "__main__":
    sys.exit(main())
