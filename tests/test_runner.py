"""The corpus runner: tables, CSV for spreadsheets, resume, jobs, bad rows (analysis/runner/)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil

import pandas as pd
import pytest

from analysis import runner
from analysis.runner import (
    SPREADSHEET_TABLES, Options, all_table_schemas, run_corpus,
)

REPORT_A = (
    "2025年某市政府工作报告\n——2025年1月10日在某市第十六届人民代表大会第三次会议上\n各位代表：\n"
    "一、2024年工作回顾\n地区生产总值增长5.2%。推进乡村振兴。\n=SUM(A1)不是公式。\n-3%的降幅需要关注。\n"
    "二、2025年工作安排\n今年主要预期目标是：地区生产总值增长5%左右，城镇新增就业5万人。"
)
REPORT_B = "各位代表：\n一、工作回顾\n加快建设长三角G60科创走廊，生态环境持续改善。\n二、今年工作\n深入推进乡村振兴。"
REPORT_C = "各位代表：\n过去一年，全省粮食产量达到1200万吨，增长2.1%。\n@各地区各部门要狠抓落实。"


def make_corpus(root):
    """Three reports: a folder with a .txt file, a one-row CSV, a JSONL with one bad line."""
    (root / "txt").mkdir(parents=True)
    (root / "txt" / "city_a.txt").write_text(REPORT_A, encoding="utf-8")
    pd.DataFrame([{"province": "某省", "year": 2026, "title": "2026年某省政府工作报告",
                   "source_url": "https://example.org/b", "publish_date": "2026-02-01", "full_text": REPORT_B}]
                 ).to_csv(root / "prov_b.csv", index=False, encoding="utf-8-sig")
    (root / "more.jsonl").write_text(
        json.dumps({"title": "某区政府工作报告", "content": REPORT_C}, ensure_ascii=False) + "\n{broken\n",
        encoding="utf-8")
    return [root / "txt", root / "prov_b.csv", root / "more.jsonl"]


def output_bytes(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def first_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out1")
    return out, run_corpus(corpus, out, jobs=1, progress=False)


@pytest.fixture(scope="module")
def every_csv_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out_csv")
    return out, run_corpus(corpus, out, jobs=1, progress=False, csv="all")


def test_all_tables_written_with_their_schemas(first_run):
    out, summary = first_run
    assert summary.documents == 3 and summary.processed == 3 and summary.reused == 0
    for name, cols in all_table_schemas().items():
        frame = pd.read_parquet(out / f"{name}.parquet")
        assert list(frame.columns) == list(cols), name
        assert (out / f"{name}.csv").exists() == (name in SPREADSHEET_TABLES)
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs["doc_id"].tolist() == ["city_a", "prov_b", "more-0001"]
    assert docs.loc[1, ["region", "level", "year", "date", "report_date"]].tolist() == [
        "某省", "provincial", 2026, "2026-02-01", ""]
    # a text file has no year column: the year comes from the report's own date line
    assert docs.loc[0, "report_date"] == "2025-01-10" and docs.loc[0, "year"] == 2025
    for name in ("tokens", "metrics", "targets", "themes_section", "themes_document", "keywords"):
        assert len(pd.read_parquet(out / f"{name}.parquet")), name
    targets = pd.read_parquet(out / "targets.parquet")
    assert "gdp_growth" in set(targets["indicator"]) or len(targets) >= 1
    run = json.loads((out / "RUN.json").read_text(encoding="utf-8"))
    assert run["documents"] == 3 and run["problems"] == 1 and "backend" in run["segmenter"]


@pytest.mark.parametrize("csv", ["default", "none"])
def test_csv_only_for_the_spreadsheet_tables_unless_asked(corpus, tmp_path, csv):
    run_corpus(corpus, tmp_path / "out", progress=False, csv=csv)
    written = {p.stem for p in (tmp_path / "out").glob("*.csv")}
    assert written == (set(SPREADSHEET_TABLES) if csv == "default" else set())
    assert {p.stem for p in (tmp_path / "out").glob("*.parquet")} == set(all_table_schemas())


def test_csv_has_bom_and_formulas_neutralised(every_csv_run):
    out, _ = every_csv_run
    raw = (out / "sentences.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv = pd.read_csv(out / "sentences.csv", encoding="utf-8-sig")
    pq = pd.read_parquet(out / "sentences.parquet")
    assert "=SUM(A1)不是公式。" in pq["sentence"].tolist()  # Parquet keeps the text as it is
    assert "'=SUM(A1)不是公式。" in csv["sentence"].tolist()
    assert "'-3%的降幅需要关注。" in csv["sentence"].tolist()
    assert "'@各地区各部门要狠抓落实。" in csv["sentence"].tolist()
    assert not csv["sentence"].str.match(r"[=+\-@]").any()
    # numbers stay numbers (unquoted), also negative ones
    assert pd.api.types.is_integer_dtype(csv["start"]) and csv["start"].tolist() == pq["start"].tolist()
    metrics = (out / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any(",5.2," in line for line in metrics)


def test_bad_rows_reported_and_skipped(first_run, corpus, tmp_path, capsys):
    out, summary = first_run
    assert [str(p) for p in summary.problems] == [
        f"{corpus[2]}: row 2: not JSON (Expecting property name enclosed in double quotes)"]
    probs = pd.read_parquet(out / "problems.parquet")
    assert probs[["row", "problem"]].values.tolist() == [[2, "not JSON (Expecting property name enclosed in double quotes)"]]
    run_corpus(corpus, tmp_path / "again", progress=False)
    assert f"skipped: {corpus[2]}: row 2: not JSON" in capsys.readouterr().err


def test_failing_document_is_reported_not_fatal(corpus, tmp_path, monkeypatch):
    real = runner.document_tables

    def flaky(record, options=Options()):
        if record.doc_id == "prov_b":
            raise ValueError("boom\nsecond line")
        return real(record, options)

    monkeypatch.setattr(runner.workers, "document_tables", flaky)
    summary = run_corpus(corpus, tmp_path, progress=False)
    assert summary.documents == 2
    assert f"{corpus[1]}: row 1: pipeline failed (ValueError: boom)" in [str(p) for p in summary.problems]
    assert pd.read_parquet(tmp_path / "documents.parquet")["doc_id"].tolist() == ["city_a", "more-0001"]


def test_interrupted_run_leaves_no_tables_and_resumes(first_run, corpus, tmp_path, monkeypatch):
    real = runner.document_tables

    def interrupted(record, options=Options()):
        if record.doc_id == "more-0001":  # the last document: the first two are already appended
            raise KeyboardInterrupt
        return real(record, options)

    monkeypatch.setattr(runner.workers, "document_tables", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(corpus, tmp_path, progress=False)
    # no table, no temporary file: only the parts and the marker saying a run began here
    assert sorted(p.name for p in tmp_path.iterdir()) == ["RUN.json", "parts"]
    assert json.loads((tmp_path / "RUN.json").read_text(encoding="utf-8"))["complete"] is False
    monkeypatch.setattr(runner.workers, "document_tables", real)
    summary = run_corpus(corpus, tmp_path, progress=False)
    assert (summary.processed, summary.reused) == (1, 2)
    assert output_bytes(tmp_path) == output_bytes(first_run[0])


def test_resume_processes_only_the_missing_document(first_run, corpus, tmp_path):
    out1, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(out1, out)
    doc_parts = sorted((out / "parts").glob("*/*.zip"))
    assert len(doc_parts) == 3
    victim = next(p for p in doc_parts
                  if "prov_b" in runner.read_part(p.parent.parent, p.stem)["documents"][0]["doc_id"].to_pylist())
    victim.unlink()
    for f in out.glob("*.*"):
        if f.name != "RUN.json":  # the marker of the earlier run stays
            f.unlink()  # the assembled tables are rebuilt too
    summary = run_corpus(corpus, out, progress=False)
    assert (summary.processed, summary.reused) == (1, 2)
    assert output_bytes(out) == output_bytes(out1)


def test_changed_text_is_not_taken_from_an_old_part(first_run, corpus, tmp_path):
    root = tmp_path / "c"
    inputs = make_corpus(root)
    (root / "txt" / "city_a.txt").write_text(REPORT_A.replace("5.2%", "5.3%"), encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(first_run[0], out)
    # same doc ids, but paths differ and one text changed: nothing may be reused wrongly
    summary = run_corpus(inputs, out, progress=False)
    assert summary.processed == 3
    assert "5.3%" in pd.read_parquet(out / "sentences.parquet")["sentence"].str.cat()


def test_jobs_2_gives_identical_bytes(first_run, corpus, tmp_path, monkeypatch):
    import pyarrow as pa

    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    pool = pa.default_memory_pool().backend_name
    out1, _ = first_run
    summary = run_corpus(corpus, tmp_path, jobs=2, progress=False)
    assert summary.processed == 3
    assert output_bytes(tmp_path) == output_bytes(out1)
    # the allocator settings made for the run are undone in the caller's process
    assert pa.default_memory_pool().backend_name == pool and "ARROW_DEFAULT_MEMORY_POOL" not in os.environ


def test_worker_environment_names_the_system_allocator_unless_the_user_chose(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    with runner.workers._worker_environment():
        assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    assert "ARROW_DEFAULT_MEMORY_POOL" not in os.environ
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    with runner.workers._worker_environment():
        assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"


def test_compacting_small_pieces_changes_no_byte(first_run, corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(runner.assemble, "COMPACT_PIECES", 2)  # combine after every second document
    run_corpus(corpus, tmp_path, progress=False)
    assert output_bytes(tmp_path) == output_bytes(first_run[0])


def test_duplicate_ids_reported(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "same.txt").write_text(REPORT_B, encoding="utf-8")
    summary = run_corpus([tmp_path / "x", tmp_path / "y"], tmp_path / "out", progress=False)
    assert summary.documents == 1
    assert [str(p) for p in summary.problems] == [f"{tmp_path / 'y' / 'same.txt'}: duplicate document id 'same'"]


def test_excel_input(tmp_path):
    import openpyxl
    p = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["id", "地区", "正文"])
    wb.active.append(["d1", "某市", REPORT_B])
    wb.active.append([None, None, None])
    wb.active.append(["d2", "某区", REPORT_C])
    wb.save(p)
    summary = run_corpus(p, tmp_path / "out", text_column="正文", id_column="id", columns={"region": "地区"},
                         level="district", progress=False)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs[["doc_id", "region", "level", "row"]].values.tolist() == [
        ["d1", "某市", "district", 1], ["d2", "某区", "district", 3]]
    assert [str(x) for x in summary.problems] == [f"{p}: row 2: empty row"]


def test_cli_wiring(corpus, tmp_path):
    parser = argparse.ArgumentParser()
    runner.add_corpus_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["corpus", *map(str, corpus), "--out", str(tmp_path), "--no-progress",
                              "--level", "city", "--top", "5", "--keywords", "textrank"])
    assert args.func(args) == f"3 documents (3 processed, 0 reused from an earlier run), 1 skipped; tables in {tmp_path}\n"
    kw = pd.read_parquet(tmp_path / "keywords.parquet")
    assert kw.groupby("doc_id").size().max() <= 5 and set(kw["method"]) == {"textrank"}
    assert set(pd.read_parquet(tmp_path / "documents.parquet")["level"]) == {"city"}
    with pytest.raises(SystemExit):
        parser.parse_args(["corpus", "x", "--out", "o", "--column", "colour=c"])


def test_cli_no_documents_is_input_error(tmp_path):
    from analysis.errors import InputError

    parser = argparse.ArgumentParser()
    runner.add_corpus_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["corpus", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o"), "--no-progress"])
    with pytest.raises(InputError, match="no readable documents"):
        args.func(args)


# The segmentation backend the runner uses (analysis.words): faster, same tokens.
TIE_SENTENCE = "更加注重盯紧盯实、抓牢抓严中央巡视等指出问题整改落实。"  # equally likely splits


def _backends():
    from analysis.words import available_backends

    return available_backends()


@pytest.mark.parametrize("backend", _backends())
def test_every_installed_backend_gives_jiebas_tokens_including_ties(backend, provincial_docs):
    """Checks each backend installed here ("jieba" always; rjieba, a dependency)."""
    from analysis.words import Segmenter, available_backends, get_segmenter

    ref = Segmenter(backend="jieba")
    fast = Segmenter(backend=backend)
    assert fast.cut(TIE_SENTENCE) == ref.cut(TIE_SENTENCE)
    assert ("盯紧", "盯") == tuple(w for w in ref.words(TIE_SENTENCE) if "盯" in w)
    doc = provincial_docs["2026_天津市_政府工作报告.csv"]
    for s in doc.sentences["sentence"]:
        assert fast.cut(s) == ref.cut(s), s
    assert get_segmenter().backend in available_backends()  # the default is one of those checked here


# ---------------------------------------------------------------------------------------
# Nothing lost, nothing silently wrong (issue 16)
# ---------------------------------------------------------------------------------------


def _cli(*args, cwd=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "analysis", "corpus", *map(str, args), "--no-progress"],
                          capture_output=True, text=True, cwd=cwd)


def test_out_folder_holding_a_users_documents_csv_is_refused_and_untouched(tmp_path):
    """Regression: ``corpus . --out .`` in a folder holding a user's documents.csv replaced it."""
    (tmp_path / "documents.csv").write_text("mine,not yours\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text(REPORT_B, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = _cli(".", "--out", ".", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("error: .: ")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written
    other = tmp_path / "report_only"
    other.mkdir()
    (other / "r.txt").write_text(REPORT_B, encoding="utf-8")
    r = _cli(other, "--out", tmp_path)  # the input elsewhere: still not our folder
    assert r.returncode == 2 and r.stderr.startswith(f"error: {tmp_path}: output folder is not empty")
    assert {p.name for p in tmp_path.iterdir()} == set(before) | {"report_only"}


def test_input_inside_the_output_folder_is_refused(first_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first_run[0], out)  # an earlier run's folder: writable by the runner
    (out / "extra.txt").write_text(REPORT_B, encoding="utf-8")
    r = _cli(out / "extra.txt", "--out", out)
    assert r.returncode == 2 and r.stderr == f"error: {out / 'extra.txt'}: input is inside the output folder {out}\n"
    r = _cli(tmp_path, "--out", out)
    assert r.returncode == 2 and "input folder holds the output folder" in r.stderr and len(r.stderr.splitlines()) == 1


def _truncated_xlsx(path):
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["id", "text"])
    for i in range(3):
        wb.active.append([f"d{i}", REPORT_B])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) * 2 // 3]  # the sheet's XML cut off mid-row
            dst.writestr(info, data)


def test_truncated_xlsx_sheet_is_a_problem_row_not_the_end_of_the_run(tmp_path):
    """Regression: a ParseError from a truncated sheet escaped the guarded read: rc 1, all lost."""
    (tmp_path / "in").mkdir()
    _truncated_xlsx(tmp_path / "in" / "a_broken.xlsx")
    (tmp_path / "in" / "b_good.txt").write_text(REPORT_B, encoding="utf-8")
    summary = run_corpus(tmp_path / "in", tmp_path / "out", progress=False)
    assert pd.read_parquet(tmp_path / "out" / "documents.parquet")["doc_id"].tolist()[-1] == "b_good"
    broken = [p for p in summary.problems if p.path.endswith("a_broken.xlsx")]
    assert len(broken) == 1 and "ParseError" in broken[0].problem and "rest of file skipped" in broken[0].problem


def test_defusedxml_is_a_declared_dependency_and_openpyxl_uses_it():
    import tomllib
    from pathlib import Path

    import openpyxl.xml

    import analysis

    project = tomllib.loads((Path(analysis.__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("defusedxml") for d in project["project"]["dependencies"])
    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses sheets with defusedxml when it is installed


def _damage(kind, part, other):
    data = part.read_bytes()
    if kind == "truncated":
        part.write_bytes(data[: len(data) // 2])
    elif kind == "empty":
        part.write_bytes(b"")
    elif kind == "bit flipped":
        i = len(data) // 2
        part.write_bytes(data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:])
    else:  # another document's part under this document's key
        part.write_bytes(other.read_bytes())


@pytest.mark.parametrize("kind", ["truncated", "empty", "bit flipped", "another document's"])
def test_damaged_part_is_rebuilt_and_reported(first_run, tmp_path, capsys, kind):
    """Regression: a damaged part crashed the resumed run (BadZipFile), and another document's
    part under a document's key was used as that document's tables."""
    out1, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(out1, out)
    parts = sorted((out / "parts").glob("*/*.zip"))
    _damage(kind, parts[0], parts[1])
    summary = run_corpus(_first_inputs(out1), out, progress=False)
    assert output_bytes(out) == output_bytes(out1)
    assert (summary.processed, summary.reused, summary.rebuilt) == (1, 2, 1)
    assert f"rebuilt: {parts[0]}: " in capsys.readouterr().err


def _first_inputs(out):
    return json.loads((out / "RUN.json").read_text(encoding="utf-8"))["inputs"]


def test_temporary_files_of_a_killed_run_are_removed(first_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first_run[0], out)
    left = [out / ".documents.csv.abc123.tmp", next((out / "parts").glob("*")) / ".0123.zip.x9y8.tmp"]
    for f in left:
        f.write_bytes(b"half")
    run_corpus(_first_inputs(first_run[0]), out, progress=False)
    assert not any(f.exists() for f in left) and not list(out.rglob("*.tmp"))


def _children(pid):
    from pathlib import Path

    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


def _alive(pid):
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")
def test_workers_die_with_the_runner_killed_by_sigkill(tmp_path):
    """Regression: SIGKILL of the runner left its workers running (or, stopped, for ever)."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    (tmp_path / "in").mkdir()
    for i in range(300):
        (tmp_path / "in" / f"r{i:03d}.txt").write_text(REPORT_A * 20 + f"\n第{i}篇。", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "corpus", str(tmp_path / "in"), "--out",
                             str(tmp_path / "out"), "--jobs", "2", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # both workers past their set-up (the segmenter loaded)
            workers = [c for c in _children(proc.pid)
                       if "spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")]
            if len(workers) == 2 and all("rjieba" in Path(f"/proc/{w}/maps").read_text() for w in workers):
                break
            time.sleep(0.1)
        assert len(workers) == 2 and proc.poll() is None, "the run ended before the test could kill it"
        for w in workers:  # stopped, a worker cannot notice anything by itself: only the kernel ends it
            os.kill(w, signal.SIGSTOP)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)]
    finally:
        for w in workers:  # whatever survived, ours to end
            with contextlib.suppress(ProcessLookupError):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


def test_field_over_the_size_limit_is_a_problem_row(tmp_path, monkeypatch):
    """A CSV field, Excel cell or JSON value longer than MAX_CELL_CHARS is reported, not processed."""
    monkeypatch.setattr(runner.run, "MAX_CELL_CHARS", 1_000, raising=False)  # raising: the old code had none
    pd.DataFrame([{"title": "长", "text": REPORT_B * 40}, {"title": "x" * 1_001, "text": REPORT_B},
                  {"title": "好", "text": REPORT_B}]).to_csv(tmp_path / "t.csv", index=False)
    summary = run_corpus(tmp_path / "t.csv", tmp_path / "out", progress=False)
    assert [str(p) for p in summary.problems] == [
        f"{tmp_path / 't.csv'}: row 1: text of {len(REPORT_B) * 40:,} characters is over the limit of 1,000 "
        "(analysis.runner.MAX_CELL_CHARS)",
        f"{tmp_path / 't.csv'}: row 2: title of 1,001 characters is over the limit of 1,000 "
        "(analysis.runner.MAX_CELL_CHARS)"]
    assert pd.read_parquet(tmp_path / "out" / "documents.parquet")["doc_id"].tolist() == ["t-0003"]


def test_stray_cell_far_below_the_data_is_one_problem_not_thousands(tmp_path, capsys):
    """Regression: a sheet with one stray cell at row 200,000 printed 199,998 "empty row" lines."""
    import openpyxl

    p = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["id", "text"])
    wb.active.append(["d1", REPORT_B])
    wb.active.cell(row=200_000, column=1, value="stray")
    wb.save(p)
    summary = run_corpus(p, tmp_path / "out", id_column="id", progress=False)
    assert [str(x) for x in summary.problems] == [f"{p}: row 2: empty rows 2–199998 (199,997 rows)",
                                                   f"{p}: row 199999: empty text in column 'text'"]
    assert len(capsys.readouterr().err.splitlines()) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_refused_up_front_not_read(tmp_path):
    """Regression: a FIFO given as input blocked the run for ever; one in a folder was skipped silently."""
    from analysis.readers.records import Problem, corpus_files

    (tmp_path / "in").mkdir()
    fifo = tmp_path / "in" / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "in" / "real.txt").write_text(REPORT_B, encoding="utf-8")
    assert [str(f) for f in corpus_files([fifo])] == [f"{fifo}: a FIFO, not a file: not read"]
    assert all(isinstance(f, Problem) for f in corpus_files([fifo, "/dev/null"]))
    summary = run_corpus(tmp_path / "in", tmp_path / "out", progress=False)
    assert summary.documents == 1 and [str(x) for x in summary.problems] == [f"{fifo}: a FIFO, not a file: not read"]


def test_same_file_name_in_two_folders_gives_two_documents(tmp_path):
    """Regression: 北京/2024.txt and 上海/2024.txt were one id, the second dropped as a duplicate."""
    for region in ("北京", "上海"):
        (tmp_path / "in" / region).mkdir(parents=True)
        (tmp_path / "in" / region / "2024.txt").write_text(REPORT_B + region, encoding="utf-8")
    pd.DataFrame([{"text": REPORT_C}, {"text": REPORT_B}]).to_csv(tmp_path / "in" / "北京" / "t.csv", index=False)
    summary = run_corpus(tmp_path / "in", tmp_path / "out", progress=False)
    assert not summary.problems
    ids = pd.read_parquet(tmp_path / "out" / "documents.parquet")["doc_id"].tolist()
    assert ids == ["上海/2024", "北京/2024", "北京/t-0001", "北京/t-0002"]
    summary = run_corpus(tmp_path / "in", tmp_path / "stem", id_from="stem", progress=False)
    assert [p.problem for p in summary.problems] == ["duplicate document id '2024'"]


def test_id_from_column_needs_the_id_column(tmp_path):
    r = _cli(tmp_path, "--out", tmp_path / "out", "--id-from", "column")
    assert r.returncode == 2 and r.stderr == "error: --id-from: column needs --id-column\n"


def test_shipped_corpus_keeps_its_document_ids():
    """The ids the runner gives the shipped inputs (as README runs it) are build's ids."""
    from analysis import paths
    from analysis.readers.records import Record, iter_corpus

    build_ids = pd.read_csv(paths.PROCESSED / "documents.csv", dtype=str)["doc_id"].tolist() \
        if (paths.PROCESSED / "documents.csv").exists() else None
    inputs = [paths.RAW / "national" / "government_work_reports.jsonl", paths.RAW / "provincial-2026",
              paths.RAW / "provincial-2025", paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt"]
    ids = [r.doc_id for r in iter_corpus(inputs) if isinstance(r, Record)]
    assert ids[0] == "government_work_reports-0001" and "2026_天津市_政府工作报告" in ids
    assert "2025年天津市政府工作报告" in ids  # a Word file
    assert ids[-1] == "000_cb6fbbaf4fa429c2" and len(ids) == len(set(ids)) == 114
    if build_ids is not None:
        assert sorted(ids) == sorted(build_ids)


# A property (hypothesis; profile in tests/conftest.py): whatever mix of good and bad files a
# corpus holds, every good document is in the tables and every bad file in problems.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

GOOD = {  # kind → (file suffix, writer(path, text), id suffix); each gives one document
    "txt": (".txt", lambda p, t: p.write_text(t, encoding="utf-8"), ""),
    "gbk_txt": (".txt", lambda p, t: p.write_bytes(t.encode("gb18030")), ""),
    "csv": (".csv", lambda p, t: pd.DataFrame([{"title": "某市政府工作报告", "text": t}]).to_csv(p, index=False), ""),
    "jsonl": (".jsonl", lambda p, t: p.write_text(json.dumps({"content": t}, ensure_ascii=False) + "\n",
                                                 encoding="utf-8"), "-0001"),
}
BAD = {  # kind → (file suffix, writer(path)); each is at least one problem naming the file
    "empty_txt": (".txt", lambda p: p.write_bytes(b"")),
    "pdf_as_txt": (".txt", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n")),
    "jsonl_not_json": (".jsonl", lambda p: p.write_text("{not json\n", encoding="utf-8")),
    "csv_no_text": (".csv", lambda p: p.write_text("title,year\n某报告,2024\n", encoding="utf-8")),
    "csv_empty_text": (".csv", lambda p: p.write_text("title,text\n某报告,\n", encoding="utf-8")),
    "xlsx_truncated": (".xlsx", _truncated_xlsx),
    "xlsx_not_zip": (".xlsx", lambda p: p.write_bytes(b"PK\x03\x04 not really")),
    "text_as_csv": (".csv", lambda p: p.write_text(REPORT_B, encoding="utf-8")),
    "csv_extra_fields": (".csv", lambda p: p.write_text("title,text\n某报告,各位代表：推进。,多\n", encoding="utf-8")),
    "jsonl_text_list": (".jsonl", lambda p: p.write_text('{"content": ["各位代表：", "推进。"]}\n', encoding="utf-8")),
    "not_a_report": (".txt", lambda p: p.write_text("下载 打印 全屏 收藏\n", encoding="utf-8")),
}
FILES = st.lists(st.tuples(st.sampled_from(sorted(GOOD) + sorted(BAD)),
                           st.sampled_from([REPORT_A, REPORT_B, REPORT_C])), min_size=1, max_size=6)


@settings(max_examples=12)
@given(FILES)
def test_any_mix_of_good_and_bad_files_processes_every_good_one_and_lists_every_bad_one(files):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        root.mkdir()
        good, bad = [], []
        for i, (kind, text) in enumerate(files):
            name = f"f{i:02d}_{kind}"
            if kind in GOOD:
                suffix, write, id_suffix = GOOD[kind]
                write(root / f"{name}{suffix}", text + f"\n第{i}篇。")
                good.append(name + id_suffix)
            else:
                suffix, write = BAD[kind]
                write(root / f"{name}{suffix}")
                bad.append(str(root / f"{name}{suffix}"))
        summary = run_corpus(root, Path(tmp) / "out", progress=False)
        assert summary.documents == len(good)
        if good:
            assert pd.read_parquet(Path(tmp) / "out" / "documents.parquet")["doc_id"].tolist() == good
        assert sorted({p.path for p in summary.problems}) == sorted(bad)


def test_failure_of_the_reader_itself_is_a_problem_and_the_read_documents_are_kept(corpus, tmp_path, monkeypatch):
    """An exception from the input stream outside any one file still leaves tables and a problem row."""
    real = runner.run.iter_corpus

    def failing(*args, **kwargs):
        it = real(*args, **kwargs)
        yield next(it)
        raise PermissionError("folder not readable")

    monkeypatch.setattr(runner.run, "iter_corpus", failing)
    summary = run_corpus(corpus, tmp_path / "out", progress=False)
    assert summary.documents == 1
    assert [p.problem for p in summary.problems] == [
        "reading failed (PermissionError: folder not readable); rest of the input not read"]


def test_part_unreadable_when_assembled_is_a_problem_row(corpus, tmp_path, monkeypatch):
    # parts are read back when assembled only if they were written elsewhere: by a worker
    # process, or by an earlier run (here); a run with jobs=1 assembles its own in memory
    run_corpus(corpus, tmp_path / "out", progress=False)
    real = runner.read_part

    def flaky(parts, key):
        tables = real(parts, key)
        if tables["documents"][0]["doc_id"].to_pylist() == ["prov_b"]:
            raise runner.PartError("damaged (disk gone)")
        return tables

    monkeypatch.setattr(runner.assemble, "read_part", flaky)
    summary = run_corpus(corpus, tmp_path / "out", progress=False)
    assert summary.documents == 2
    assert f"{corpus[1]}: row 1: part file damaged (disk gone)" in [str(p) for p in summary.problems]


# --- disk full (issue 16, "Why" 6) --------------------------------------------------------
class _Disk:
    """Files on a disk that holds ``capacity`` bytes: a write past it fails with ENOSPC."""

    def __init__(self, capacity):
        self.left = capacity

    def open(self, path, mode="r", *args, **kwargs):
        real = open(path, mode, *args, **kwargs)
        if "w" not in mode and "a" not in mode:
            return real
        disk = self

        class Full:
            def write(self, data):
                import errno

                if len(data) > disk.left:
                    raise OSError(errno.ENOSPC, "No space left on device")
                disk.left -= len(data)
                return real.write(data)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                real.close()

            def __getattr__(self, name):
                return getattr(real, name)

        return Full()


def _corpus_cli(corpus, out):
    from analysis.cli import main

    return main(["corpus", *map(str, corpus), "--out", str(out), "--no-progress"])


def _assert_nothing_half_written(out):
    assert not list(out.glob("*.csv")) and not list(out.glob("*.parquet"))  # no table at all
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]  # no temporary file left
    assert json.loads((out / "RUN.json").read_text(encoding="utf-8"))["complete"] is False


def test_regression_disk_full_while_writing_a_part_is_one_line_exit_2(corpus, tmp_path, monkeypatch, capsys):
    """ENOSPC in the part writer stops the run (every later document would fail too) with one
    line naming the part file; no table, no temporary file is left."""
    from analysis import io as aio

    real = runner.parts.write_atomic

    def full_for_parts(path, data):
        if str(path).endswith(".zip"):
            with monkeypatch.context() as m:
                m.setattr(aio.os, "fdopen", lambda fd, mode: _Disk(0).open(fd, mode))
                return real(path, data)
        return real(path, data)

    monkeypatch.setattr(runner.parts, "write_atomic", full_for_parts)
    out = tmp_path / "out"
    assert _corpus_cli(corpus, out) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith(("error", "Traceback"))]
    assert len(errors) == 1 and errors[0].startswith(f"error: {out / 'parts'}")
    assert errors[0].endswith(".zip: cannot write (No space left on device)")
    _assert_nothing_half_written(out)
    assert not list((out / "parts").rglob("*.zip"))


def test_regression_disk_full_while_writing_the_tables_is_one_line_exit_2(
        first_run, corpus, tmp_path, monkeypatch, capsys):
    """ENOSPC in the table writer: one line, exit 2, no table or temporary file left; the
    parts written stay (complete, checked by hash) and a rerun gives the usual tables."""
    out = tmp_path / "out"
    monkeypatch.setattr(runner.assemble, "open", _Disk(3000).open, raising=False)
    assert _corpus_cli(corpus, out) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith(("error", "Traceback"))]
    assert errors == [f"error: {out}: cannot write (No space left on device)"]
    _assert_nothing_half_written(out)
    monkeypatch.undo()
    assert _corpus_cli(corpus, out) == 0
    assert "reused from an earlier run" in capsys.readouterr().out
    tables = output_bytes(out)
    assert tables.pop("RUN.json") and tables == {k: v for k, v in output_bytes(first_run[0]).items() if k != "RUN.json"}


# --- a file in a folder without permission (issue 16, "Why" 6) ----------------------------
@pytest.mark.parametrize("what, problem", [
    ("search", ("in/locked/b.txt", "cannot be read (Permission denied)")),
    ("list", ("in/locked", "folder cannot be listed (Permission denied): its files not read")),
])
def test_regression_file_in_a_folder_without_permission_is_a_problem_and_the_run_goes_on(
        tmp_path, lock_folder, what, problem):
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (root / "locked" / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (root / "z.txt").write_text(REPORT_C, encoding="utf-8")
    lock_folder(root / "locked", what)
    out = tmp_path / "out"
    summary = run_corpus(root, out, progress=False)
    assert summary.documents == 2
    assert pd.read_parquet(out / "documents.parquet")["doc_id"].tolist() == ["a", "z"]
    problems = pd.read_parquet(out / "problems.parquet")
    assert problems[["input", "problem"]].values.tolist() == [[str(tmp_path / problem[0]), problem[1]]]


# --- issue 16's done condition ---------------------------------------------------------------
def _workbook(path, rows, *, sheet=None, stray_row=None):
    """An .xlsx of ``rows`` (header first); ``sheet(xml) -> xml`` rewrites the sheet's XML."""
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    if stray_row:
        wb.active.cell(row=stray_row, column=1, value="stray")
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, sheet(data) if sheet and info.filename == "xl/worksheets/sheet1.xml" else data)


#: A sheet whose XML expands entities (billion laughs) and reads a local file (XXE).
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "lol">'
          b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def test_done_when_a_folder_mixing_good_reports_with_every_bad_file_exits_0(tmp_path, lock_folder, monkeypatch, capsys):
    """Issue 16 is done when "a corpus folder mixing good reports with every bad file above
    finishes with exit 0, every good report in the tables and every bad one in problems".
    Each bad file is one of the issue's "Why" list, named by its number; the size limits are
    lowered so that the over-size file and cell stay small."""
    from analysis.readers import source as read
    from analysis.cli import main

    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1_000_000)  # (a file under SNIFF_BYTES is read in one go)
    monkeypatch.setattr(runner.run, "MAX_CELL_CHARS", 5_000)
    root = tmp_path / "in"
    for d in ("北京", "上海", "locked"):
        (root / d).mkdir(parents=True)
    good = {  # file → its document ids, as the runner names them (path under the folder)
        "a_formula.txt": ["a_formula"],  # 2: REPORT_A holds =SUM(A1), -3% and @ lines
        "b_trailing_figures.txt": ["b_trailing_figures"],  # 4: its last lines are removed and flagged
        "北京/2024.txt": ["北京/2024"], "上海/2024.txt": ["上海/2024"],  # 7: same name, two folders
        "c_rows.csv": ["c_rows-0001"],  # 6: its second row has more fields than the header
        "d_rows.jsonl": ["d_rows-0001"],  # 6: its other records' text is a number and a list
        "e_stray.xlsx": ["e_stray-0001"],  # 6: one stray cell far below the data
    }
    (root / "a_formula.txt").write_text(REPORT_A, encoding="utf-8")
    (root / "b_trailing_figures.txt").write_text(REPORT_B + "\n地区生产总值增长5%\n城镇新增就业60万人", encoding="utf-8")
    (root / "北京" / "2024.txt").write_text(REPORT_B + "北京", encoding="utf-8")
    (root / "上海" / "2024.txt").write_text(REPORT_B + "上海", encoding="utf-8")
    (root / "c_rows.csv").write_text(f"title,text\n某市报告,{REPORT_C.replace(chr(10), '')}\n某区报告,各位代表：推进。,多,余\n",
                                     encoding="utf-8")
    (root / "d_rows.jsonl").write_text("\n".join(json.dumps({"content": t}, ensure_ascii=False)
                                                 for t in (REPORT_C, 12345, ["各位代表：", "推进。"])) + "\n",
                                       encoding="utf-8")
    _workbook(root / "e_stray.xlsx", [["id", "text"], ["d1", REPORT_B]], stray_row=300)
    bad = {  # file → its problem rows (row, a part of the problem)
        "c_rows.csv": [(2, "4 fields, but the header has 2")],
        "d_rows.jsonl": [(2, "is int, not text"), (3, "is list, not text")],
        "e_stray.xlsx": [(2, "empty rows 2–298"), (299, "empty text in column 'text'")],  # data rows
        "f_truncated.xlsx": [(None, "ParseError")],  # 3
        "g_laughs.xlsx": [(None, "Forbidden")],  # 3: XXE / billion laughs, refused by defusedxml
        "h_not_a_report.txt": [(None, "no report text left after cleaning")],  # 4
        "i_plain_text.csv": [(None, "no text column")],  # 6: plain text named .csv
        "j_huge.txt": [(None, "larger than the 1,000,000-byte limit")],  # 6: the 317 MB text
        "k_huge_cell.xlsx": [(1, "text of 6,000 characters is over the limit of 5,000")],  # 6: the 20 M cell
        "l_zero.txt": [(None, "a device, not a file")],  # 6: /dev/zero
        "locked/m.txt": [(None, "cannot be read (Permission denied)")],  # 6: folder without search permission
    }
    _truncated_xlsx(root / "f_truncated.xlsx")
    _workbook(root / "g_laughs.xlsx", [["id", "text"], ["d1", REPORT_B]],
              sheet=lambda xml: LAUGHS + xml.replace(b"<sheetData>", b"<sheetData>&c;&xxe;", 1))
    (root / "h_not_a_report.txt").write_text("下载 打印 全屏 收藏\n", encoding="utf-8")
    (root / "i_plain_text.csv").write_text(REPORT_B, encoding="utf-8")
    (root / "j_huge.txt").write_text(REPORT_B * 8_000, encoding="utf-8")  # 1.3 MB
    _workbook(root / "k_huge_cell.xlsx", [["id", "text"], ["d1", "各" * 6_000]])
    (root / "l_zero.txt").symlink_to("/dev/zero")
    (root / "locked" / "m.txt").write_text(REPORT_B, encoding="utf-8")
    if hasattr(os, "mkfifo"):  # 6: a FIFO blocked for ever
        os.mkfifo(root / "n_fifo.txt")
        bad["n_fifo.txt"] = [(None, "a FIFO, not a file")]
    lock_folder(root / "locked", "search")

    out = tmp_path / "out"
    assert main(["corpus", str(root), "--out", str(out), "--no-progress", "--csv", "all"]) == 0
    documents = pd.read_parquet(out / "documents.parquet")["doc_id"].tolist()
    assert documents == [i for f in sorted(good, key=lambda f: root / f) for i in good[f]]
    problems = pd.read_parquet(out / "problems.parquet")
    found = [(p, None if pd.isna(r) else int(r), text) for p, r, text in problems.itertuples(index=False)]
    expected = [(str(root / f), row, part) for f in sorted(bad, key=lambda f: root / f) for row, part in bad[f]]
    assert [(p, r) for p, r, _ in found] == [(p, r) for p, r, _ in expected]
    for (_, _, text), (path, _, part) in zip(found, expected):
        assert part in text, (path, text)
    # 2: the formula lines are neutralised in the CSV; 4: the removed figures are flagged
    assert "\"'=SUM(A1)不是公式。\"" in (out / "sentences.csv").read_text(encoding="utf-8-sig")
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert docs.loc["b_trailing_figures", "n_flagged"] == 1 and docs.loc["北京/2024", "n_flagged"] == 0
    assert capsys.readouterr().out.startswith(f"{len(documents)} documents")


def test_regression_output_folder_that_cannot_be_made_is_one_line(corpus, tmp_path, capsys):
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    out = tmp_path / "a_file" / "out"
    assert _corpus_cli(corpus, out) == 2
    assert capsys.readouterr().err == f"error: {out / 'parts'}: cannot write (Not a directory)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a_file"]


def test_write_part_returns_what_read_part_reads_back(tmp_path):
    """A run with jobs=1 assembles the tables write_part returns instead of reading the part
    back: they must be the same tables (values, types, schema) and the same CSV lines."""
    from analysis.readers.records import iter_corpus

    (tmp_path / "city_a.txt").write_text(REPORT_A, encoding="utf-8")
    record = next(iter_corpus(tmp_path / "city_a.txt"))
    written = runner.write_part(tmp_path / "parts", "ab" * 32, runner.document_tables(record))
    read = runner.read_part(tmp_path / "parts", "ab" * 32)
    assert list(written) == list(read) == list(runner.table_schemas())
    for name, (table, csv) in written.items():
        assert table.equals(read[name][0], check_metadata=True), name
        assert table.num_rows > 0 or name in ("cleaning_changes", "outcomes"), name
        assert csv == read[name][1] and (csv is not None) == (name in SPREADSHEET_TABLES), name


def test_row_groups_hold_whole_documents_and_load_reads_one(corpus, tmp_path, monkeypatch):
    """Issue 15.1: a document's rows never straddle two row groups (so a filter on doc_id
    reads only the groups whose statistics can hold it), and ``load(doc_id=...)``, which
    reads with that filter, gives the document's rows of the whole table."""
    import pyarrow.parquet as pq

    from analysis.runner.load import load

    monkeypatch.setattr(runner.assemble, "BATCH_ROWS", 5)  # a row group after every few documents
    monkeypatch.setattr(runner.assemble, "BATCH_ROWS_OF", {"texts": 1})
    run_corpus(corpus, tmp_path, progress=False)
    ids = load("documents", tmp_path)["doc_id"].tolist()
    assert len(ids) == 3
    for name, schema in runner.table_schemas().items():
        pf = pq.ParquetFile(tmp_path / f"{name}.parquet")
        groups = [set(pf.read_row_group(i, columns=["doc_id"])["doc_id"].to_pylist())
                  for i in range(pf.num_row_groups)]
        for d in ids:
            assert sum(d in g for g in groups) <= 1, (name, d)
        whole = load(name, tmp_path)
        for d in ids:
            one = load(name, tmp_path, doc_id=d)
            expected = whole[whole["doc_id"] == d].reset_index(drop=True)
            pd.testing.assert_frame_equal(one, expected)
    assert pq.ParquetFile(tmp_path / "texts.parquet").num_row_groups == 3
    assert pq.ParquetFile(tmp_path / "tokens.parquet").num_row_groups == 3  # every document over 5 tokens
