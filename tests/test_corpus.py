"""Corpus input for the runner: folders, CSV, Excel, JSONL; bad rows reported (analysis/readers/records.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import paths
from analysis.readers.records import METADATA_COLUMNS, Problem, Record, iter_corpus, iter_records

NATIONAL = paths.RAW / "national" / "government_work_reports.jsonl"
PROVINCIAL = paths.RAW / "provincial-2026"

REPORT = "各位代表：\n一、工作回顾\n地区生产总值增长5.2%。"


def split(items):
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, Problem)]


def test_national_jsonl_as_shipped():
    recs, probs = split(list(iter_corpus(NATIONAL)))
    assert not probs and len(recs) == 72
    assert [r.doc_id for r in recs] == [d for d, _, _ in iter_records(NATIONAL)]
    kinds = {r.metadata["kind"] for r in recs}
    assert kinds == {"report", "resolution"}
    reports = [r for r in recs if r.metadata["kind"] == "report"]
    resolutions = [r for r in recs if r.metadata["kind"] == "resolution"]
    assert len(reports) == 52 and len(resolutions) == 20
    # NPC resolutions have no year in the source: kept as documents, year None
    assert all(r.metadata["year"] is None for r in resolutions)
    assert all(isinstance(r.metadata["year"], int) for r in reports)
    assert {r.metadata["level"] for r in recs} == {"national"}
    assert recs[0].metadata["source"].startswith("https://zh.wikisource.org/")
    assert set(recs[0].metadata) == {*METADATA_COLUMNS, "kind"}


def test_provincial_csvs_as_shipped():
    recs, probs = split(list(iter_corpus(PROVINCIAL)))
    assert not probs and len(recs) == 22
    sh = next(r for r in recs if r.doc_id == "2026_上海市_政府工作报告")
    assert sh.metadata["region"] == "上海市"
    assert sh.metadata["level"] == "provincial"
    assert sh.metadata["year"] == 2026
    assert sh.metadata["date"] == "2026-02-09"  # publish_date
    assert sh.metadata["source"].startswith("https://")
    assert sh.row == 1 and sh.text.startswith("下载")


def test_folder_of_txt_files_sorted(tmp_path):
    (tmp_path / "b.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(REPORT, encoding="gb18030")
    (tmp_path / "notes.md").write_text("not a report", encoding="utf-8")
    recs, probs = split(list(iter_corpus(tmp_path, level="city")))
    assert [r.doc_id for r in recs] == ["a", "b"]
    # a file of another type is not read, and says so (it used to be skipped without a word)
    assert [(Path(p.path).name, p.problem) for p in probs] == [("notes.md", "not read: not a report file type (.md)")]
    assert recs[0].text == REPORT and recs[0].row is None and recs[0].metadata["level"] == "city"


def test_csv_without_named_text_column_is_one_problem_rest_read(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("title,body\n标题,正文\n", encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"content": REPORT}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(iter_corpus([bad, good], text_column="content"))
    recs, probs = split(items)
    assert [r.doc_id for r in recs] == ["good-0001"]
    assert len(probs) == 1 and probs[0].row is None
    assert str(probs[0]).startswith(f"{bad}: no text column 'content'")


def test_jsonl_line_not_json_reported_with_line(tmp_path):
    p = tmp_path / "c.jsonl"
    lines = [json.dumps({"text": REPORT, "year": 2020}), "{not json", "", json.dumps({"text": REPORT, "year": "2021年"})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, probs = split(list(iter_corpus(p)))
    assert [(r.doc_id, r.row, r.metadata["year"]) for r in recs] == [("c-0001", 1, 2020), ("c-0004", 4, 2021)]
    assert [str(x) for x in probs] == [f"{p}: row 2: not JSON (Expecting property name enclosed in double quotes)"]


def test_csv_rows_id_and_named_columns(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("编号,地区,正文\nx1,浙江省,=1+1 报告\nx2,杭州市,\nx3,宁波市,报告三\n", encoding="utf-8-sig")
    recs, probs = split(list(iter_corpus(p, text_column="正文", id_column="编号", columns={"region": "地区"})))
    assert [(r.doc_id, r.metadata["region"]) for r in recs] == [("x1", "浙江省"), ("x3", "宁波市")]
    assert recs[0].text == "=1+1 报告"  # input text is never modified
    assert [str(x) for x in probs] == [f"{p}: row 2: empty text in column '正文'"]


def test_named_metadata_column_missing_is_a_problem(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("text\n报告\n", encoding="utf-8")
    (prob,) = list(iter_corpus(p, columns={"region": "地区"}))
    assert isinstance(prob, Problem) and "no region column '地区'" in str(prob)


def test_csv_row_with_too_many_fields(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("title,text\n甲,报告一\n乙,报告二,多余\n丙,报告三\n", encoding="utf-8")
    recs, probs = split(list(iter_corpus(p)))
    assert [r.metadata["title"] for r in recs] == ["甲", "丙"]
    assert [str(x) for x in probs] == [f"{p}: row 2: 3 fields, but the header has 2"]


def test_excel_with_empty_row(tmp_path):
    import openpyxl
    p = tmp_path / "reports.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["title", "year", "province", "full_text"])
    ws.append(["2026年浙江省政府工作报告", 2026, "浙江省", REPORT])
    ws.append([None, None, None, None])
    ws.append(["2026年江苏省政府工作报告", "2026", "江苏省", REPORT])
    wb.save(p)
    recs, probs = split(list(iter_corpus(p)))
    assert [(r.doc_id, r.row, r.metadata["year"], r.metadata["level"]) for r in recs] == [
        ("reports-0001", 1, 2026, "provincial"), ("reports-0003", 3, 2026, "provincial")]
    assert [str(x) for x in probs] == [f"{p}: row 2: empty row"]


def test_missing_input_and_bad_level(tmp_path):
    (prob,) = list(iter_corpus(tmp_path / "nope.csv"))
    assert str(prob) == f"{tmp_path / 'nope.csv'}: no such file or folder"
    with pytest.raises(ValueError):
        list(iter_corpus(tmp_path, level="county"))


def test_excel_with_a_title_above_chinese_column_names(tmp_path):
    # a compilation as a researcher makes one: a title in A1, a blank row, then 省份 年份 标题 全文
    import openpyxl
    p = tmp_path / "汇编.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年省级政府工作报告汇编"])
    ws.append([None])
    ws.append(["省份", "年份", "标题", "全文"])
    ws.append(["浙江省", 2026, "2026年浙江省政府工作报告", REPORT])
    ws.append(["江苏省", "2026年", "2026年江苏省政府工作报告", REPORT])
    wb.save(p)
    recs, probs = split(list(iter_corpus(p)))
    assert not probs
    assert [(r.doc_id, r.row, r.metadata["region"], r.metadata["year"], r.metadata["level"]) for r in recs] == [
        ("汇编-0001", 1, "浙江省", 2026, "provincial"), ("汇编-0002", 2, "江苏省", 2026, "provincial")]
    assert recs[0].text == REPORT and recs[0].metadata["title"] == "2026年浙江省政府工作报告"


def test_csv_with_a_title_row_and_chinese_column_names(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text(f"地市政府工作报告,,\n地区,年份,正文\n杭州市,2025,{REPORT.replace(chr(10), ' ')}\n", encoding="utf-8")
    recs, probs = split(list(iter_corpus(p)))
    assert not probs and [(r.doc_id, r.metadata["region"], r.metadata["year"]) for r in recs] == [("t", "杭州市", 2025)]


def test_a_title_row_over_no_header_is_still_refused(tmp_path):
    # one cell a row throughout (no header names a text column): the first row is reported
    p = tmp_path / "t.csv"
    p.write_text("报告汇编\n第一篇\n第二篇\n", encoding="utf-8")
    (prob,) = list(iter_corpus(p))
    assert isinstance(prob, Problem) and "no text column" in str(prob) and "“报告汇编”" in str(prob)
