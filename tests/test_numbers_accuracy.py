"""Accuracy of the number extractor against hand-made annotations (tests/annotations/).

The gold files were made independently of the extractor (see their headers). The test
prints precision and recall per field and asserts the floors stated in the headers.
"""

import math

import pandas as pd
import pytest

from analysis import paths
from analysis.corpus import iter_records
from analysis.numbers import metrics_table
from analysis.pipeline import process_file, process_text
from analysis.targets import targets_table

ANN = paths.ROOT / "tests" / "annotations"
FIELDS = ("value", "unit", "quantity", "kind", "qualifier")
#: Floors, justified in numeric_mentions.tsv's header.
FLOORS = {"detection_recall": 0.97, "detection_precision": 0.95, "identifier_not_counted": 0.95,
          "value": 0.95, "unit": 0.92, "quantity": 0.94, "kind": 0.92, "qualifier": 0.97}


def _read(name):
    return pd.read_csv(ANN / name, sep="\t", comment="#", dtype=str, keep_default_na=False)


def _national(year):
    return next(r for r in iter_records(paths.RAW / "national" / "government_work_reports.jsonl") if str(r[2].get("year")) == str(year))


def _doc(source):
    if source == "seed":
        return process_file(paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt")
    kind, _, name = source.partition(":")
    if kind == "national":
        doc_id, text, meta = _national(name)
    else:
        doc_id, text, meta = next(iter_records(paths.RAW / "provincial-2026" / f"2026_{name}_政府工作报告.csv"))
    return process_text(text, doc_id, meta)


@pytest.fixture(scope="module")
def matched():
    gold = _read("numeric_mentions.tsv")
    cache, rows, passages = {}, [], []
    for g in gold.itertuples():
        if g.source not in cache:
            d = _doc(g.source)
            cache[g.source] = (d, metrics_table(d))
        d, m = cache[g.source]
        ctx, mention = g.context.replace("\\n", "\n"), g.mention.replace("\\n", "\n")
        c = d.raw_text.find(ctx)
        assert c >= 0, f"context not found in {g.source}: {ctx!r}"
        a = c + ctx.index(mention)
        b = a + len(mention)
        hit = m[(m.raw_start < b) & (m.raw_end > a)]
        rows.append((g, hit.iloc[0] if len(hit) else None))
        passages.append((g.source, c, c + len(ctx)))
    return rows, passages, cache


def _same(field, g, h):
    if field == "value":
        got = h["low"] if not math.isnan(h["low"]) else h["value"]
        return g.value != "" and math.isclose(float(g.value), float(got), rel_tol=1e-6)
    got = h[field]
    return ("" if pd.isna(got) else str(got)) == getattr(g, field)


def test_numeric_mentions_precision_recall(matched):
    rows, passages, cache = matched
    quantities = [(g, h) for g, h in rows if g.quantity not in ("identifier", "date")]
    names = [(g, h) for g, h in rows if g.quantity in ("identifier", "date")]
    found = [(g, h) for g, h in quantities if h is not None]
    scores = {"detection_recall": len(found) / len(quantities)}
    # Precision of detection: extracted quantities with an Arabic digit, inside an annotated
    # passage (where every Arabic-numeral mention was annotated), that match a gold mention.
    gold_spans = {(g.source, h["raw_start"]) for g, h in found}
    extracted = tp = 0
    for source, (d, m) in cache.items():
        spans = [(a, b) for s, a, b in passages if s == source]
        inside = m[[any(a <= r.raw_start and r.raw_end <= b for a, b in spans) for r in m.itertuples()]]
        inside = inside[~inside.quantity.isin(["identifier", "date"]) & inside.text.str.contains(r"\d")]
        extracted += len(inside)
        tp += sum((source, s) in gold_spans for s in inside.raw_start)
    scores["detection_precision"] = tp / extracted
    scores["identifier_not_counted"] = sum(h is None or h["quantity"] in ("identifier", "date") for g, h in names) / len(names)
    for field in FIELDS:  # of the mentions found, how many have this field right
        scores[field] = sum(_same(field, g, h) for g, h in found) / len(found)
    print(f"\n{len(quantities)} gold quantities, {len(names)} names/dates")
    for k, v in scores.items():
        print(f"  {k:<24} {v:.3f}  (floor {FLOORS[k]:.2f})")
    for k, floor in FLOORS.items():
        assert scores[k] >= floor, f"{k} = {scores[k]:.3f} < {floor}"


def test_gdp_growth_targets_of_national_reports():
    gold = _read("gdp_growth_targets.tsv")
    right, report = 0, []
    for g in gold.itertuples():
        doc_id, text, meta = _national(g.year)
        t = targets_table(process_text(text, doc_id, meta))
        gdp = t[(t.indicator == "gdp_growth") & (t.scope == "annual")]
        if g.value == "":
            ok = gdp.empty  # no numeric target stated: no row, not a wrong one
        else:
            low = float(g.low or g.value)
            high = float(g.high or g.value)
            ok = len(gdp) >= 1 and math.isclose(gdp.iloc[0]["low"], low) and math.isclose(gdp.iloc[0]["high"], high)
        right += ok
        report.append(f"{g.year}: gold {g.value or '-'} got {gdp['value'].tolist()} {'ok' if ok else 'WRONG'}")
    print("\n" + "\n".join(report))
    assert right == len(gold), f"{right}/{len(gold)} years right"


def test_every_metric_row_is_found_in_the_raw_file_by_its_offsets(seed_doc, provincial_docs, national_records):
    """The raw span of each row, put through the character-level cleaning steps, is the
    mention as written in the cleaned text (white space aside)."""
    import re

    from analysis.clean import (make_pipeline, normalize_width, remove_invisible, remove_pinyin_glosses,
                                remove_thousands_separators, to_simplified)

    norm = make_pipeline(remove_invisible, remove_pinyin_glosses, to_simplified, normalize_width,
                         remove_thousands_separators)
    docs = [seed_doc, *list(provincial_docs.values())[:6]]
    docs += [process_text(t, i, m) for i, t, m in national_records[::9]]
    checked = 0
    for d in docs:
        for r in metrics_table(d).itertuples():
            raw = d.raw_text[r.raw_start : r.raw_end]
            assert re.sub(r"\s", "", norm(raw)) == re.sub(r"\s", "", r.text), (d.doc_id, raw, r.text)
            checked += 1
    assert checked > 2000
