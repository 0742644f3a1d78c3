"""The corpus runner: tables, CSV for spreadsheets, resume, jobs, bad rows (analysis/runner.py)."""

from __future__ import annotations

import argparse
import json
import os
import shutil

import pandas as pd
import pytest

from analysis import runner
from analysis.runner import PROBLEM_COLUMNS, Options, run_corpus, table_schemas

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


def test_all_tables_written_with_their_schemas(first_run):
    out, summary = first_run
    assert summary.documents == 3 and summary.processed == 3 and summary.reused == 0
    for name, cols in {**table_schemas(), "problems": PROBLEM_COLUMNS}.items():
        frame = pd.read_parquet(out / f"{name}.parquet")
        assert list(frame.columns) == list(cols), name
        assert (out / f"{name}.csv").exists()
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


def test_csv_has_bom_and_formulas_neutralised(first_run):
    out, _ = first_run
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

    monkeypatch.setattr(runner, "document_tables", flaky)
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

    monkeypatch.setattr(runner, "document_tables", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_corpus(corpus, tmp_path, progress=False)
    assert [p.name for p in tmp_path.iterdir()] == ["parts"]  # no table, no temporary file
    monkeypatch.setattr(runner, "document_tables", real)
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
    with runner._worker_environment():
        assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    assert "ARROW_DEFAULT_MEMORY_POOL" not in os.environ
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    with runner._worker_environment():
        assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"


def test_compacting_small_pieces_changes_no_byte(first_run, corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "COMPACT_PIECES", 2)  # combine after every second document
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
