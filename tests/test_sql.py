"""SQL over a table set (``analysis.query``, ``analysis.connect``; issue 15): each answer is
checked against the same numbers computed independently with pandas from ``analysis.load``."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import analysis
from analysis import paths, viz
from analysis.errors import InputError, MissingDataError, QueryError

NATIONAL = paths.RAW / "national" / "government_work_reports.jsonl"
PROVINCES = [paths.RAW / "provincial-2026" / f"2026_{p}_政府工作报告.csv" for p in ("湖南省", "上海市")]
#: national reports of three years (2023 left out: a gap) and one NPC resolution (not a report)
YEARS = {"2025", "2024", "2022"}

NATIONAL_REPORTS = "d.level = 'national' AND d.kind = 'report' AND year IS NOT NULL"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A table set ``corpus`` wrote: three national reports, a resolution, two provinces."""
    root = tmp_path_factory.mktemp("sql")
    records = [json.loads(line) for line in NATIONAL.read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in records if r["year"] in YEARS] + [records[1]]  # records[1]: the 2025 resolution
    assert len(chosen) == 4 and records[1]["year"] is None
    (root / "national").mkdir()
    (root / "national" / NATIONAL.name).write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    analysis.corpus(root / "national", PROVINCES, out=root / "out")
    return root / "out"


@pytest.fixture(scope="module")
def frames(out):
    """The tables read with pandas, national reports joined to their years."""
    docs = analysis.load("documents", where=out)
    national = docs[(docs["level"] == "national") & (docs["kind"] == "report")][["doc_id", "year"]]
    return {"documents": docs, "national": national, "tokens": analysis.load("tokens", where=out),
            "themes": analysis.load("themes_document", where=out), "targets": analysis.load("targets", where=out)}


def test_the_fixture_holds_three_national_reports_and_two_provinces(frames):
    assert sorted(frames["national"]["year"].tolist()) == [2022, 2024, 2025]
    assert (frames["documents"]["level"] == "provincial").sum() == 2
    assert (frames["documents"]["kind"] == "resolution").sum() == 1


def test_theme_attention_by_year_matches_pandas(out, frames):
    shares = analysis.query(f"""SELECT year, theme, share FROM themes_document JOIN documents AS d USING (doc_id)
                                WHERE {NATIONAL_REPORTS} ORDER BY year, theme""", where=out)
    expected = frames["themes"].merge(frames["national"], on="doc_id").sort_values(["year", "theme"])
    assert len(shares) == 3 * 13
    assert shares["year"].tolist() == expected["year"].tolist()
    assert shares["theme"].tolist() == expected["theme"].tolist()
    assert shares["share"].tolist() == expected["share"].tolist()  # the stored numbers, not recomputed
    # the notebook's matrix from the query equals the figure's, computed from the loaded tables
    matrix = viz.year_by_theme(shares)
    pd.testing.assert_frame_equal(matrix, viz.theme_attention_by_year(frames["themes"], frames["documents"]),
                                  check_exact=True)
    assert matrix.index.tolist() == [2022, 2023, 2024, 2025] and matrix.loc[2023].isna().all()


def test_term_frequency_by_year_matches_pandas(out, frames):
    counts = analysis.query(f"""
        SELECT year, count(*) FILTER (token = ?) AS n, count(*) AS words
        FROM tokens AS t JOIN documents AS d USING (doc_id) WHERE {NATIONAL_REPORTS} AND t.kind = 'word'
        GROUP BY year ORDER BY year""", where=out, params=["发展"])
    toks = frames["tokens"].merge(frames["national"], on="doc_id")
    toks = toks[toks["kind"] == "word"]
    expected_n = toks[toks["token"] == "发展"].groupby("year").size()
    expected_words = toks.groupby("year").size()
    assert counts["year"].tolist() == [2022, 2024, 2025]
    assert counts["n"].tolist() == expected_n.loc[[2022, 2024, 2025]].tolist()
    assert counts["words"].tolist() == expected_words.loc[[2022, 2024, 2025]].tolist()
    assert (counts["n"] > 50).all()  # 发展 is among the commonest words of every report


def test_report_length_by_year_matches_pandas(out, frames):
    sizes = analysis.query(f"""
        SELECT year, doc_id, sum("end" - start) AS n_chars, count(*) AS n_tokens FROM tokens JOIN documents AS d
        USING (doc_id) WHERE {NATIONAL_REPORTS} GROUP BY year, doc_id ORDER BY year""", where=out)
    toks = frames["tokens"]
    for row in sizes.itertuples():
        mine = toks[toks["doc_id"] == row.doc_id]
        assert row.n_chars == (mine["end"] - mine["start"]).sum() and row.n_tokens == len(mine)
    pd.testing.assert_frame_equal(viz.length_by_year(sizes), viz.report_length(toks, frames["documents"]),
                                  check_exact=True)


def test_gdp_targets_by_region_match_pandas(out, frames):
    got = analysis.query("""
        SELECT region, value, qualifier FROM targets JOIN documents USING (doc_id)
        WHERE level = 'provincial' AND indicator = 'gdp_growth' AND scope = 'annual'
        QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY raw_start) = 1 ORDER BY region""", where=out)
    t = frames["targets"].merge(frames["documents"][["doc_id", "region", "level"]], on="doc_id")
    t = t[(t["level"] == "provincial") & (t["indicator"] == "gdp_growth") & (t["scope"] == "annual")]
    first = t.sort_values(["doc_id", "raw_start"]).drop_duplicates("doc_id").sort_values("region")
    assert got["region"].tolist() == first["region"].tolist() and len(got) >= 1
    assert got["value"].tolist() == first["value"].tolist()
    assert got["qualifier"].tolist() == first["qualifier"].tolist()


def test_query_reads_parquet_without_loading_a_table_into_pandas(out, monkeypatch):
    from analysis import tables
    from analysis.runner import load

    def refuse(*args, **kwargs):
        raise AssertionError("a table was loaded into pandas")

    monkeypatch.setattr(load, "load", refuse)
    monkeypatch.setattr(tables, "read_parquet", refuse)
    got = analysis.query("SELECT count(*) AS n FROM tokens", where=out)
    assert got["n"].tolist() == [pd.read_parquet(out / "tokens.parquet", columns=["doc_id"]).shape[0]]


def test_every_table_of_the_folder_is_a_view_and_connect_gives_them_to_power_users(out):
    con = analysis.connect(out)
    try:
        views = con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").df()
        assert {"documents", "tokens", "targets", "themes_document"} <= set(views["view_name"])
        assert sorted(views["view_name"]) == sorted(p.stem for p in out.glob("*.parquet"))
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
    finally:
        con.close()


def test_a_folder_whose_name_has_a_quote_is_read(out, tmp_path):
    folder = tmp_path / "it's here"
    folder.mkdir()
    shutil.copy(out / "documents.parquet", folder)
    assert analysis.query("SELECT count(*) AS n FROM documents", where=folder)["n"].tolist() == [6]


def test_a_term_passed_as_a_parameter_is_a_value_not_sql(out):
    got = analysis.query("SELECT count(*) AS n FROM tokens WHERE token = ?", where=out, params=["x' OR '1'='1"])
    assert got["n"].tolist() == [0]


def test_a_missing_or_empty_folder_is_one_line_input_error(tmp_path):
    with pytest.raises(MissingDataError) as missing:
        analysis.query("SELECT 1", where=tmp_path / "nothing")
    assert str(missing.value) == f"{tmp_path / 'nothing'}: no such folder — run `python -m analysis build` (or `corpus`) first"
    assert isinstance(missing.value, InputError)
    (tmp_path / "empty").mkdir()
    with pytest.raises(MissingDataError, match="holds no Parquet table") as empty:
        analysis.connect(tmp_path / "empty")
    assert "\n" not in str(empty.value)


@pytest.mark.parametrize("sql, says", [
    ("SELEC year FROM documents", "syntax error"),
    ("SELECT * FROM tokenz", "tokenz does not exist"),
    ("SELECT no_such_column FROM documents", "no_such_column"),
])
def test_a_bad_query_is_a_clear_one_line_error_naming_the_tables(out, sql, says):
    with pytest.raises(QueryError) as err:
        analysis.query(sql, where=out)
    text = str(err.value)
    assert says in text and "\n" not in text
    assert "tables here: documents, " in text and "tokens" in text
