"""Time notebook 05's token queries (``analysis.query``, DuckDB) on a tokens table many times
the shipped one (issue 15, part 3).

    python benchmarks/query_scale.py [--copies 50] [--processed data/processed]

Writes a temporary table set: ``tokens`` and ``documents`` of ``--processed`` with every
document copied ``--copies`` times (ids ``<doc_id>#<i>``; Parquet, zstd, as DuckDB writes it).
Then each query runs in a fresh process, which prints its result's rows, wall time, CPU time
(all threads of the process) and peak resident memory (the process's VmHWM: Python and
pandas included; Linux only). Run ``python -m analysis build`` first. Prints the machine's load average:
the machine is shared, so wall time is noisy; CPU time is steadier.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NATIONAL = "d.level = 'national' AND d.kind = 'report'"
#: The queries of notebook 05 that read the tokens table.
QUERIES = {
    "report length by year": f"""
        SELECT year, doc_id, sum("end" - start) AS n_chars, count(*) AS n_tokens FROM tokens JOIN documents AS d
        USING (doc_id) WHERE {NATIONAL} AND year IS NOT NULL GROUP BY year, doc_id ORDER BY year, doc_id""",
    "term frequency by decade": f"""
        SELECT year // 10 * 10 AS decade, count(*) AS words,
               round(10000 * count(*) FILTER (token = '改革') / count(*), 1) AS 改革
        FROM tokens AS t JOIN documents AS d USING (doc_id) WHERE {NATIONAL} AND t.kind = 'word'
        GROUP BY decade ORDER BY decade""",
}

CHILD = """
import json, sys, time
import analysis
sql, where = sys.argv[1], sys.argv[2]
wall, cpu = time.perf_counter(), time.process_time()
rows = len(analysis.query(sql, where=where))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"rows": rows, "wall_s": wall, "cpu_s": cpu, "peak_mib": int(hwm.split()[1]) / 1024}))
"""


def copy_tables(processed: Path, out: Path, copies: int) -> int:
    """Write tokens and documents of ``processed`` to ``out``, each document ``copies`` times;
    return the number of token rows written."""
    import duckdb

    con = duckdb.connect(config={"memory_limit": "1GB", "preserve_insertion_order": False})
    for name in ("tokens", "documents"):
        src = str((processed / f"{name}.parquet").resolve()).replace("'", "''")
        dst = str((out / f"{name}.parquet").resolve()).replace("'", "''")
        con.execute(f"""COPY (SELECT t.doc_id || '#' || r.i AS doc_id, t.* EXCLUDE (doc_id)
                              FROM read_parquet('{src}') AS t, range({copies}) AS r(i))
                        TO '{dst}' (FORMAT parquet, COMPRESSION zstd)""")
    (n,) = con.execute("SELECT count(*) FROM read_parquet(?)", [str(out / "tokens.parquet")]).fetchone()
    con.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--processed", type=Path, default=Path("data/processed"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="query_scale.") as tmp:
        n = copy_tables(args.processed, Path(tmp), args.copies)
        size = (Path(tmp) / "tokens.parquet").stat().st_size / 2**20
        print(f"tokens: {n:,} rows ({args.copies} copies), {size:.1f} MiB of Parquet; load average "
              + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        for label, sql in QUERIES.items():
            done = subprocess.run([sys.executable, "-c", CHILD, sql, tmp], capture_output=True, text=True, check=True)
            m = json.loads(done.stdout)
            print(f"{label}: {m['rows']} rows, wall {m['wall_s']:.2f} s, CPU {m['cpu_s']:.2f} s, "
                  f"peak {m['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
