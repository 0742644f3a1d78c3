"""The public API a researcher meets first (issue 13): ``analysis.read``, ``read_corpus``,
``corpus``, ``load`` and the Document's tables."""

from __future__ import annotations

import warnings

import pytest

import analysis
from analysis import paths
from analysis.errors import InputError, MissingDataError

SEED = paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt"
HUNAN = paths.RAW / "provincial-2025" / "2025年湖南省政府工作报告.docx"
# two sentences, read by hand: one main target (GDP growth about 5%), 位居 once
REPORT = ("各位代表：\n一、过去一年工作回顾\n全省地区生产总值增长5.4%，总量位居全国第十。\n"
          "二、今年主要目标任务\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n")


def test_the_public_names_are_there():
    assert set(analysis.__all__) >= {"read", "read_corpus", "corpus", "load", "Document"}
    assert analysis.Document.__name__ == "Document"


def test_read_a_file_gives_a_document_whose_repr_is_one_short_line():
    doc = analysis.read(SEED)
    text = repr(doc)
    assert text.startswith("<Document '000_cb6fbbaf4fa429c2'") and "\n" not in text and len(text) < 200
    assert f"chars={len(doc.text):,}" in text and "sections=14" in text and "flagged=" in text


def test_read_a_word_file_takes_year_and_region_from_its_name():
    doc = analysis.read(HUNAN)
    assert (doc.metadata["year"], doc.metadata["region"], doc.metadata["level"]) == (2025, "湖南省", "provincial")


def test_read_a_text_and_its_tables():
    doc = analysis.read(REPORT)
    assert doc.doc_id == "text"
    targets = doc.targets()
    row = targets[targets["indicator"] == "gdp_growth"].iloc[0]
    assert (row["value"], row["unit"], row["qualifier"]) == (5.0, "%", "左右")
    outcomes = doc.outcomes()
    assert outcomes.loc[outcomes["indicator"] == "gdp_growth", "value"].tolist() == [5.4]
    kwic = doc.kwic("位居", window=3)
    assert kwic[["left", "term", "right"]].values.tolist() == [["，总量", "位居", "全国第"]]
    assert doc.tokens() is doc.tokens()  # segmented once
    assert set(doc.themes(by="document")["category"]) >= {"economy", "agriculture"}
    # a dictionary of the user's own: 位居 once among the content tokens of the one document
    mine = doc.themes(by="document", dictionary={"rank": ["位居"], "growth": ["增长"]})
    assert mine.set_index("category")["n_matches"].to_dict() == {"rank": 1, "growth": 2}
    assert len(doc.keywords(n=3)) == 3


def test_read_takes_year_region_and_level_a_report_does_not_give():
    """A county's report pasted without its header: 全县 is the county's scope word, as 全省 is
    a province's, and the year given makes its review last year's."""
    text = ("各位代表：\n过去一年，全县生产总值增长5.2%，城镇新增就业3200人。\n"
            "今年全县经济社会发展的主要预期目标是：全县生产总值增长6%左右，城镇新增就业3500人以上。")
    doc = analysis.read(text, year=2026, region="某县", level="district")
    assert (doc.metadata["year"], doc.metadata["region"], doc.metadata["level"]) == (2026, "某县", "district")
    assert doc.targets()[["indicator", "value"]].values.tolist() == [["gdp_growth", 6.0], ["new_urban_jobs", 3500.0]]
    assert doc.outcomes()[["year", "indicator", "value"]].values.tolist() == [
        [2025, "gdp_growth", 5.2], [2025, "new_urban_jobs", 3200.0]]
    with pytest.raises(InputError, match="'county' is not one of national, provincial, city, district"):
        analysis.read(text, level="county")


def test_a_missing_file_is_refused_not_read_as_text():
    with pytest.raises(InputError, match="no such file"):
        analysis.read("reports/2025.txt")
    with pytest.raises(InputError, match="no such file"):
        analysis.read("2025年报告.docx")


def test_read_corpus_yields_documents_and_warns_about_a_bad_file(tmp_path):
    (tmp_path / "北京").mkdir()
    (tmp_path / "上海").mkdir()
    (tmp_path / "北京" / "2025.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "上海" / "2025.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = list(analysis.read_corpus(tmp_path))
    assert sorted(d.doc_id for d in docs) == ["上海/2025", "北京/2025"]
    assert len(caught) == 1 and "empty.txt" in str(caught[0].message)


def test_corpus_returns_its_table_set_and_load_reads_any_output_folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(REPORT, encoding="utf-8")
    tables = analysis.corpus(tmp_path / "in", out=tmp_path / "out")
    assert {"documents", "targets", "outcomes", "attainment", "tokens", "texts", "problems"} <= set(tables)
    assert tables["documents"]["doc_id"].tolist() == ["r"]
    assert tables["targets"].equals(analysis.load("targets", where=tmp_path / "out"))
    assert analysis.load("texts", where=tmp_path / "out")["text"].iloc[0] == analysis.read(REPORT).text
    with pytest.raises(MissingDataError):
        analysis.load("targets", where=tmp_path / "nothing")


def test_showing_a_figure_writes_nothing(tmp_path, monkeypatch):
    from analysis.viz import figures

    monkeypatch.chdir(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in paths.FIGURES.glob("*")}
    fig = figures.show("cleaning_edits_by_step", figures.load_tables(names=("cleaning_changes",)))
    assert type(fig).__name__ == "Figure"
    assert {p: p.stat().st_mtime_ns for p in paths.FIGURES.glob("*")} == before
    assert not list(tmp_path.iterdir())


def test_read_a_reports_text_takes_year_region_and_level_from_its_title():
    # a str holding a whole report (its title line first, here with every line break made a
    # space) gave year and region None, though the docstring promised them from the title
    from analysis.readers.records import iter_records

    text = next(t for _, t, _ in iter_records(analysis.paths.RAW / "provincial-2026" / "2026_上海市_政府工作报告.csv"))
    title = "2026年上海市政府工作报告"
    for form in (f"{title}\n{text}", f"{title}  " + text.replace("\n", "  ")):
        doc = analysis.read(form)
        assert (doc.metadata["year"], doc.metadata["region"], doc.metadata["level"]) == (2026, "上海市", "provincial")
    # what is given wins over the title
    assert analysis.read(f"{title}\n{text}", year=2025).metadata["year"] == 2025


@pytest.mark.parametrize("join", ["\n", " ", ""])
def test_a_countys_year_region_and_level_from_its_front_matter_however_it_is_joined(join):
    # a county's report (Jiangsu 2025's text renamed): its title, a source line and its occasion
    # before 各位代表. With the line breaks made spaces the occasion went out with the source line
    # (region ""); with none at all, title and occasion went as page chrome (year None)
    from analysis.readers.records import iter_records

    text = next(t for _, t, _ in iter_records(analysis.paths.RAW / "provincial-2026" / "2026_江苏省_政府工作报告.csv"))
    body = text[text.index("各位代表"):].replace("江苏省", "沭阳县").replace("全省", "全县")
    head = ["2026年沭阳县政府工作报告", "来源：沭阳新闻", "2026年1月10日在沭阳县第十八届人民代表大会第五次会议上县长张三作政府工作报告。"]
    doc = analysis.read(join.join([*head, body.replace("\n", join)]))
    assert (doc.metadata["year"], doc.metadata["region"], doc.metadata["level"]) == (2026, "沭阳县", "district")


def test_a_citys_region_from_its_title_alone():
    doc = analysis.read("2024年江苏省苏州市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n全市地区生产总值增长4.6%。\n")
    assert (doc.metadata["year"], doc.metadata["region"], doc.metadata["level"]) == (2024, "苏州市", "city")
