"""How fast could ``corpus --jobs 1`` be if cleaning and extraction cost nothing? (issue 15, item 2)

The goal is the whole command at twice the speed of bare ``jieba.lcut`` on the same text. This
measures the *floor* of the command: everything it must do besides cleaning and extracting,
as a whole process, beside bare jieba and the real command in the same run:

* start-up (imports, jieba's dictionary into rjieba, lexicons), reading the JSONL;
* segmenting every sentence with rjieba and building the tokens table (one row per token);
* the outputs the issue itself asks for: each document's part file (Arrow IPC, the CSV lines
  of the spreadsheet tables: a killed run resumes from them), and the assembled table set
  (Parquet, zstd, dictionary-encoded strings; CSV for the spreadsheet tables).

The floor process runs the real ``python -m analysis corpus`` with one function replaced:
``document_tables`` returns tables computed beforehand (by a preparing process, not timed)
for the same text, with the document's own id, after cutting the document's sentences into
the tokens table itself. Loading those tables (a pickle) is timed apart and subtracted.

If the floor alone takes more than half of bare jieba's time, no speed-up of cleaning and
extraction can reach the goal.

    python benchmarks/speed_floor.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline_speed import (
    _corpus_cmd,
    _interleaved,
    _median,
    _records,
    _write_synthetic,
)


def prepare(tables_path: Path) -> None:
    """Every table of each national report (as the corpus worker computes them), pickled."""
    from analysis import runner

    runner.workers._init_worker()
    tables = {r.text: runner.document_tables(r) for r in _records()}
    with open(tables_path, "wb") as fh:
        pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)


def floor(src: Path, out: Path, tables_path: Path, timing_path: Path, strict: bool) -> int:
    """``python -m analysis corpus src --jobs 1`` with cleaning and extraction replaced by a
    lookup of the tables computed beforehand; only the tokens table is built here.

    ``strict``: the other tables are looked up already converted to Arrow, as a pipeline
    without pandas would hand them over, and keep the prepared document's id (writing an id
    costs the same whatever it is); tables written are then not the command's to the byte."""
    t = time.process_time()
    import pandas as pd

    with open(tables_path, "rb") as fh:
        known = pickle.load(fh)
    if strict:
        from analysis.runner import parts
        from analysis.runner.schemas import arrow_schema, table_schemas

        converted = {id(frame): parts._arrow_table(frame, arrow_schema(table_schemas()[name]))
                     for tables in known.values() for name, frame in tables.items() if name != "tokens"}
        convert = parts._arrow_table

        def arrow_table(frame, schema):
            table = converted.get(id(frame))
            return convert(frame, schema) if table is None else table

        parts._arrow_table = arrow_table
    loading = time.process_time() - t

    from analysis import cli
    from analysis.runner import document, workers
    from analysis.words import tokens

    def document_tables(record, options=None):  # the signature of the function it replaces
        res = document._resources()
        tables = known[record.text]
        sentences = tables["sentences"]
        if not strict:
            sentences = sentences.assign(doc_id=pd.array([record.doc_id] * len(sentences), dtype="string"))
        doc = argparse.Namespace(doc_id=record.doc_id, sentences=sentences)
        out = {"tokens": tokens([doc], segmenter=res["segmenter"]), "sentences": sentences}
        for name, frame in tables.items():
            if name not in out:
                out[name] = frame if strict else frame.assign(
                    doc_id=pd.array([record.doc_id] * len(frame), dtype="string"))
        return out

    workers.document_tables = document_tables
    rc = cli.main(["corpus", str(src), "--id-column", "id", "--out", str(out), "--no-progress", "--jobs", "1"])
    timing_path.write_text(json.dumps({"loading_cpu": loading}))
    return rc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=288, help="synthetic documents (the national reports repeated)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each whole process (median)")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--tables", help=argparse.SUPPRESS)
    ap.add_argument("--timing", help=argparse.SUPPRESS)
    ap.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase == "prepare":
        prepare(Path(args.tables))
        return 0
    if args.phase == "floor":
        return floor(Path(args.input), Path(args.out), Path(args.tables), Path(args.timing), args.strict)

    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, tables = tmp / "synthetic.jsonl", tmp / "tables.pkl"
        chars = _write_synthetic(src, args.n)
        subprocess.run([sys.executable, __file__, "--phase", "prepare", "--tables", str(tables)], check=True)
        bench = str(Path(__file__).with_name("pipeline_speed.py"))
        timings: dict[str, list[float]] = {"": [], "--strict": []}

        def floor_cmd(strict: str):
            def cmd(i):
                timing = tmp / f"timing{strict}.json"
                if i:  # the previous run's table loading
                    timings[strict].append(json.loads(timing.read_text())["loading_cpu"])
                return [sys.executable, __file__, "--phase", "floor", "--input", str(src), "--out",
                        str(tmp / f"floor{strict}{i}"), "--tables", str(tables), "--timing", str(timing),
                        *([strict] if strict else [])]
            return cmd

        runs = _interleaved({
            "bare jieba.lcut (read + cut)": lambda i: [sys.executable, bench, "--phase", "lcut_file", "--input", str(src)],
            "corpus --jobs 1": lambda i: _corpus_cmd(src, tmp / f"out{i}", 1),
            "floor (no cleaning, no extraction)": floor_cmd(""),
            "strict floor (… and tables as Arrow)": floor_cmd("--strict"),
        }, args.repeat)
        for strict, seconds in timings.items():
            seconds.append(json.loads((tmp / f"timing{strict}.json").read_text())["loading_cpu"])
    loads = [r["load"] for rs in runs.values() for r in rs]
    base = "bare jieba.lcut (read + cut)"
    bw, bc = _median(runs[base], "wall"), _median(runs[base], "cpu")
    loading = {"floor": _median([{"s": s} for s in timings[""]], "s"),
               "strict": _median([{"s": s} for s in timings["--strict"]], "s")}
    print(f"{args.n} documents ({chars / 1e6:.1f} M characters), whole processes, median of {args.repeat} "
          f"interleaved runs; load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"  {'':38}{'wall s':>8}{'CPU s':>8}{'× bare jieba, wall':>20}{'CPU':>6}")
    for name, rs in runs.items():
        wall, cpu = _median(rs, "wall"), _median(rs, "cpu")
        key = name.split(" ")[0]
        if key in loading:
            wall, cpu = wall - loading[key], cpu - loading[key]
            name += " *"
        print(f"  {name:38}{wall:>8.1f}{cpu:>8.1f}{bw / wall:>20.2f}{bc / cpu:>6.2f}")
    print("  * less the loading of the tables computed beforehand (median CPU s: "
          + ", ".join(f"{k} {v:.2f}" for k, v in loading.items()) + ")")
    print(f"  the goal, 2× bare jieba: {bw / 2:.1f} s wall, {bc / 2:.1f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
