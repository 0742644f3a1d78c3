"""Restoring characters whose bytes a shifted GBK decoder lost (issue 17)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from analysis import paths
from analysis.clean import mojibake, ngrams
from analysis.clean import RESTORED, clean
from analysis.readers.records import iter_records
from analysis.pipeline import flagged_mask

#: A heading of the shipped corpora: 一、… or （三）…, up to its first full stop.
RE_HEADING = re.compile(r"^\s*((?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。\n]{4,30})(?:。|$)", re.M)


def shift_damage(text: str) -> tuple[str, int]:
    """``text`` as the broken page shows it: GBK after an ideographic space, the first byte
    lost, decoded in pairs, each pair GBK cannot decode dropped (an ASCII byte is read alone
    and puts the decoder back in step). Returns the damaged text and the pairs dropped.

    >>> shift_damage("（三）全力提升")
    ('。ㄈ┤μ嵘', 2)
    """
    data = ("\u3000" + text).encode("gbk")[1:]
    out, i, dropped = [], 0, 0
    while i + 1 < len(data):
        if data[i] < 0x80:
            out.append(chr(data[i]))
            i += 1
            continue
        try:
            out.append(data[i : i + 2].decode("gbk"))
        except UnicodeDecodeError:
            dropped += 1
        i += 2
    return "".join(out), dropped


def _headings(files) -> list[str]:
    """The distinct GBK-encodable headings of ``files`` ((path, text field) pairs), in order."""
    seen: dict[str, None] = {}
    for path, field in files:
        for _, text, _ in iter_records(path, field):
            for m in RE_HEADING.finditer(text):
                h = m.group(1).strip()
                try:
                    h.encode("gbk")
                except UnicodeEncodeError:
                    continue
                seen.setdefault(h, None)
    return list(seen)


@pytest.fixture(scope="module")
def corpus_headings() -> list[str]:
    """Every fourth distinct GBK-encodable heading of the corpora the character model is
    counted on (so the model has seen each of them), in corpus order."""
    return _headings(ngrams.source_files())[::4]


@pytest.fixture(scope="module")
def held_out_headings() -> list[str]:
    """The distinct GBK-encodable headings of the 2025 provincial reports (Word files),
    which the character model is not counted on (``ngrams.SOURCES``)."""
    files = [(p, None) for p in sorted((paths.RAW / "provincial-2025").glob("*.docx"))]
    assert files and not any(p.match(pattern) for p, _ in files for pattern, _ in ngrams.SOURCES)
    return _headings(files)


def _restoration_rate(headings: list[str]) -> tuple[int, int, int]:
    """Each heading (with the full stop that ends it) is damaged as the seed's were and
    repaired; it comes back exactly when the repair, up to the heading's length, is the
    heading. Only headings that lost at least one pair count (the others need no restorer).
    Returns (exact, counted, restorations left unflagged, restorations written, of them
    wrong: a reading that is not part of the heading)."""
    exact = total = unflagged = written = wrong = 0
    for heading in headings:
        damaged, dropped = shift_damage(heading + "。")
        if not dropped or any(c.isascii() for c in damaged):
            continue
        repairs = mojibake.find_repairs("各位代表：\n" + damaged + "\n")
        total += 1
        if repairs and repairs[0].text[: len(heading)] == heading:
            exact += 1
        unflagged += sum(1 for r in repairs if r.restored and not r.flagged)
        readings = [x.text for r in repairs for x in r.restored]
        written += len(readings)
        wrong += sum(t not in heading + "。" for t in readings)
    return exact, total, unflagged, written, wrong


def test_synthetic_damage_of_corpus_headings_is_restored(corpus_headings):
    exact, total, unflagged, written, wrong = _restoration_rate(corpus_headings)
    rate = exact / total
    print(f"synthetic shift damage, headings the model has seen: {exact} of {total} restored exactly ({rate:.1%}); "
          f"{wrong} of {written} restorations wrong")
    assert total >= 150 and unflagged == 0
    # Issue 17 asks for 90%; the character bigram model restores 57 of 207 (27.5%) exactly,
    # 23 of its 597 restorations wrong. These headings are in the corpora the model is
    # counted on, so this rate flatters it (the held-out test below is the honest one).
    # What fails, gap by gap (666 gaps that lost pairs): 497 restored; 75 where the model
    # prefers a wrong reading (生力 over 生产力, ，固 over ，巩固); 73 where the true reading
    # leads by less than RESTORE_MARGIN (plain repair kept, flagged); 21 gaps of three or
    # more pairs, beyond MAX_GAP_PAIRS (现代化产业 → 现吹); none of one or two pairs whose true
    # reading the byte model's fillings lack. These floors guard against regressions only.
    assert rate >= 0.25 and wrong <= 0.06 * written


def test_synthetic_damage_of_held_out_headings_is_restored(held_out_headings):
    """The honest rate: headings of reports the character model was not counted on."""
    exact, total, unflagged, written, wrong = _restoration_rate(held_out_headings)
    rate = exact / total
    print(f"synthetic shift damage, held-out headings: {exact} of {total} restored exactly ({rate:.1%}); "
          f"{wrong} of {written} restorations wrong")
    assert total >= 200 and unflagged == 0
    # 44 of 254 (17.3%) restored exactly, 55 of 844 restorations wrong. Floors against
    # regressions only.
    assert rate >= 0.15 and wrong <= 0.08 * written


@pytest.mark.parametrize("heading", ["（三）全力提升城市宜居度和温度", "（六）全面加强政府自身建设", "二、对今年政府工作的建议"])
def test_restored_characters_are_flagged_and_map_to_the_gap(heading):
    damaged, _ = shift_damage(heading + "。")
    raw = "各位代表：\n" + damaged + "\n做好工作。"
    out = clean(raw)
    restored = out.report.restored
    mask = flagged_mask(out)
    for row in restored.itertuples():
        assert row.flag.startswith(f"{RESTORED}: ") and "margin" in row.flag
        assert row.before in ("", " ")  # a silent gap, or the space that stands for it
        # the characters carrying this edit's raw span are flagged
        at = np.flatnonzero((out.raw_starts == row.raw_start) & (out.raw_ends == row.raw_end))
        assert len(at) >= len(row.after) and mask[at].all()


def test_text_without_damage_is_not_touched():
    text = "各位代表：\n（一）在新发展格局中开辟新空间。\n二、加快建设现代化产业体系\n"
    assert mojibake.find_repairs(text) == []


def test_restoration_is_deterministic():
    damaged, _ = shift_damage("（三）全力提升城市宜居度和温度。")
    runs = [mojibake.find_repairs("各位代表：\n" + damaged + "\n") for _ in range(2)]
    assert runs[0] == runs[1]


# --- the seed ------------------------------------------------------------------------------
def _plan(seed_doc):
    h = seed_doc.headings
    return h[h.parent_id == h[h.level == 1].heading_id.iloc[1]].set_index("number")


def test_seed_heading_three_restored(seed_doc):
    h = _plan(seed_doc).loc["三"]
    assert h.text.startswith("全力提升城市宜居度和") and h.flagged
    rest = h.text[len("全力提升城市宜居度和") :]
    assert "醛" not in h.text and "圈" not in h.text and "汕" not in h.text
    assert len(rest) <= 2  # the last characters, where the model cannot decide


def test_seed_heading_six_restored_number_from_order(seed_doc):
    h = _plan(seed_doc).loc["六"]
    assert h.text == "全面加强政府自身建设" and h.flagged and h.style == ""


@pytest.mark.xfail(strict=True, reason="issue 17 open: the bigram model's best readings are wrong and unsure "
                   "here (经营的 over 经过的 by 1.28 nats where 精心 is true; 为 over 文 by 0.62 in 人□之城), "
                   "below RESTORE_MARGIN, so the plain repair stays, flagged")
def test_seed_heading_four_restored(seed_doc):
    assert _plan(seed_doc).loc["四"].text == "精心打造人文之城"


def test_seed_heading_four_keeps_what_it_cannot_restore_flagged(seed_doc):
    h = _plan(seed_doc).loc["四"]
    assert h.flagged and h.text.endswith("打造人□之城")


def test_seed_no_restored_character_unflagged(seed_doc):
    restored = seed_doc.report.restored
    assert len(restored) >= 5  # 三）, 全力, 升城, 全面, 政府自
    mask = flagged_mask(seed_doc)
    for row in restored.itertuples():
        at = np.flatnonzero((seed_doc.raw_starts == row.raw_start) & (seed_doc.raw_ends == row.raw_end))
        assert len(at) == len(row.after) and mask[at].all()
        assert "".join(seed_doc.text[i] for i in at) in (row.after, ngrams._t2s()(row.after))
