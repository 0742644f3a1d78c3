"""Restoring characters whose bytes a shifted GBK decoder lost (issue 17)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from analysis import paths
from analysis.clean import mojibake, ngrams, restore
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


def distinct_headings(texts) -> list[str]:
    """The distinct GBK-encodable headings of ``texts``, in order (also benchmarks/restore_dev.py's)."""
    seen: dict[str, None] = {}
    for text in texts:
        for m in RE_HEADING.finditer(text):
            h = m.group(1).strip()
            try:
                h.encode("gbk")
            except UnicodeEncodeError:
                continue
            seen.setdefault(h, None)
    return list(seen)


def _headings(files) -> list[str]:
    """The distinct GBK-encodable headings of ``files`` ((path, text field) pairs), in order."""
    return distinct_headings(text for path, field in files for _, text, _ in iter_records(path, field))


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


def _restoration_rate(headings: list[str], show: bool = False) -> tuple[int, int, int, int, int, int]:
    """Each heading (with the full stop that ends it) is damaged as the seed's were and
    repaired; it comes back exactly when the repair, up to the heading's length, is the
    heading. Only headings that lost at least one pair count (the others need no restorer).
    Returns (exact, counted, restorations left unflagged, restorations written, of them
    wrong: a reading that is not part of the heading, gaps written □ as undecided); ``show``
    prints each heading not restored exactly (benchmarks/restore_dev.py --show)."""
    exact = total = unflagged = written = wrong = lost = 0
    for heading in headings:
        damaged, dropped = shift_damage(heading + "。")
        if not dropped or any(c.isascii() for c in damaged):
            continue
        repairs = mojibake.find_repairs("各位代表：\n" + damaged + "\n")
        total += 1
        got = repairs[0].text if repairs else "(no repair)"
        exact += got[: len(heading)] == heading
        unflagged += sum(1 for r in repairs if r.restored and not r.flagged)
        readings = [x.text for r in repairs for x in r.restored if not x.undecided]
        bad = [t for t in readings if t not in heading + "。"]
        written += len(readings)
        wrong += len(bad)
        lost += sum(1 for r in repairs for x in r.restored if x.undecided)
        if show and got[: len(heading)] != heading:
            print(f"  {heading}\n  {got[:len(heading) + 2]}   wrong: {bad}")
    return exact, total, unflagged, written, wrong, lost


def test_synthetic_damage_of_corpus_headings_is_restored(corpus_headings):
    exact, total, unflagged, written, wrong, lost = _restoration_rate(corpus_headings)
    rate = exact / total
    print(f"synthetic shift damage, headings the model has seen: {exact} of {total} restored exactly ({rate:.1%}); "
          f"{wrong} of {written} restorations wrong")
    assert total >= 150 and unflagged == 0
    # Issue 17 asks for 90%. The character bigram model restored 57 of 207 (27.5%), 23 of
    # 597 restorations wrong; the trigram model (interpolated Kneser–Ney) with the joint
    # search over the run, gaps of up to three pairs and openings read shifted by the byte
    # and character models restores 167 of 207 (80.7%), 12 of 840 restorations wrong
    # (measured 2026-12-05); with every n-gram kept (ngrams.MIN_COUNT 1 instead of 2: the
    # pruned ones were mostly these headings' own) 177 of 207 (85.5%), 11 of 851 wrong. These
    # headings are in the corpora the model is counted on, so this rate flatters it (the
    # held-out test below is the honest one); the margin (restore.RESTORE_MARGIN = 1 nat)
    # and the gap charge (GAP_COST = 0) were chosen on these headings, not the held-out ones:
    # before openings were read shifted, the charge 0, 1, 2 restored 68%, 66%, 58% (margin
    # 1), and margins 0, 0.5, 1, 1.5, 2 restored 146, 140, 140, 135, 126 headings writing 24,
    # 14, 9, 7, 6 wrong readings: 1 maximises exact headings less wrong readings.
    # What still fails: the number of a heading whose bytes are all lost and other readings
    # the corpora do not tell apart (相应 for 培育, 让 for 为经济), a middle character never
    # seen after the one before it, a lost last character. These floors guard against
    # regressions only. Margins 0.5, 1, 1.5, 2 with every n-gram kept: 180, 177, 172, 168 exact,
    # 14, 11, 10, 8 wrong; 1 kept. What fails now is mostly text the corpora write both ways
    # (建设更高水平 and 建设高水平 fit the same bytes, the pair of 更 lost): no model of these
    # corpora tells them apart.
    # Lost pairs after a run's last lead byte at the line's end (现代 for 现代化, restore.end_fillings):
    # 181 of 207 (87.4%), 10 of 853 wrong (2026-12-05).
    # Gaps whose readings beat the plain repair but not one another are written □ (not the
    # plain repair, a character known wrong): 15 here, 45 held-out (2026-12-05); the exact
    # rates did not move (those headings were not exact before either).
    # The restorer's model mixed with one counted on the corpora's heading lines only
    # (analysis.clean.headings_model, weight 0.3, chosen by cross-validation on these corpora,
    # benchmarks/restore_dev.py: 649 -> 666 of 835 exact, 94 -> 77 wrong readings): 192 of 207
    # (92.8%), 7 of 864 wrong, 5 gaps □ (2026-12-05). Still failing: readings the corpora write
    # both ways (更高水平 / 高水平, 政策 / 政政策), a lost number (（十三） read （十）).
    # This rate flatters the restorer more than before: the heading model is counted on these
    # very heading lines. Issue 17's 90% is not claimed on it; the cross-validation (79.8%) and
    # the held-out rate below (66.1%) are what a report the package has not seen gets.
    print(f"{lost} gaps written □ (undecided)")
    assert rate >= 0.92 and wrong <= 0.01 * written


def test_synthetic_damage_of_held_out_headings_is_restored(held_out_headings):
    """The honest rate: headings of reports the character model was not counted on."""
    exact, total, unflagged, written, wrong, lost = _restoration_rate(held_out_headings)
    rate = exact / total
    print(f"synthetic shift damage, held-out headings: {exact} of {total} restored exactly ({rate:.1%}); "
          f"{wrong} of {written} restorations wrong")
    assert total >= 200 and unflagged == 0
    # The bigram model: 44 of 254 (17.3%) restored exactly, 55 of 844 restorations wrong.
    # The trigram model and joint search: 160 of 254 (63.0%), 48 of 1111 restorations wrong
    # (4.3%; measured 2026-12-05); every n-gram kept: 168 of 254 (66.1%), 44 of 1116 wrong
    # (3.9%). Tried and not kept (held-out, 2026-12-05): jieba's dictionary as a word model
    # added to the score (54.7% at weight 0.3), as a bonus over its characters (63.0%), only
    # between readings of one shape (63.0%, more wrong); a 4-gram model (53.9% pruned);
    # wider beams (no change on the seen headings); a cache of the heading's own report mixed into
    # the model (the heading damaged in place: 169 at weight 0.05, 164 at 0.2, 155 at 0.5).
    # Lost pairs at the line's end tried (restore.end_fillings): 170 of 254 (66.9%), 45 of 1116
    # wrong. Floors against regressions only.
    # The heading-line model mixed in (analysis.clean.headings_model; chosen on the
    # cross-validation of benchmarks/restore_dev.py, this set measured once per final variant):
    # 168 of 254 (66.1%), 32 of 1104 wrong (2.9%; 2026-12-05). The exact rate did not rise
    # (170 before: two headings, within what one reading decides); the wrong readings fell
    # from 45 to 32. A first variant (the heading model's unseen characters at add-one over
    # GBK, its line ends mixed in) gave 170 of 254, 33 of 1108 wrong, but lost the seed's 精心
    # (the plain repair 灸 gained from the small model's floor) and 服务型政府's 府 (headings end
    # in 政策 as often): its unigram level now backs off to the main model's, and the line's end
    # is the main model's. Tried on the development set and not kept (benchmarks/README.md): a
    # bonus per lost pair (the model prefers short readings: 61 of 76 wrong-length failures were
    # shorter; -1.5 nats: 578 of 835 against 649, more □), modified Kneser–Ney (643), deciding
    # each gap by a left-to-right and a right-to-left model together (649, no change).
    # A line opening with a row-A1 sign no line opens with (∪, ≥, ‰ …: mojibake.NO_LINE_OPENER) is
    # read shifted without the 2-nat margin (2026-12-06). Found by reading these headings' failures,
    # so this set is not blind to that rule: three heavily damaged 三、… headings were left as
    # unflagged garbage (∪⑷嫣嵘卫硐执健); two now repair to 三、全面提升治理… (政府 lost, flagged),
    # 168 of 254 exact as before, 34 of 1114 restorations wrong (those two headings' gaps).
    # Why 90% is out of reach of a model of these corpora (2026-12-06): counted on 1/8, 1/4, 1/2 and
    # all of them, this set comes back at 48.8, 53.1, 61.0 and 66.1% (forced to write the best
    # reading at every gap: 56.7, 60.2, 68.1, 70.9%), ~6 points per doubling of the text
    # (benchmarks/restore_learning_curve.py, benchmarks/README.md).
    assert rate >= 0.66 and wrong <= 0.031 * written


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


def test_gap_the_model_cannot_decide_is_written_lost_not_as_the_plain_repair():
    """需求，经济发展 (a held-out Word file's heading): shifted, the pairs AC BE and AD BC of
    ，经济 are dropped and the plain repair reads Ｃ (A3 C3, the bytes either side). ，经济 and
    ，更好 fit the bytes and are within the margin of each other (需求，更好发展 is as likely
    to a trigram model); Ｃ is far behind both. The issue: "else keep □" — a character known
    to be wrong is not written; the gap is □, flagged with what fits, and is no restoration."""
    heading = "（三）多措并举扩大有效需求，经济发展质量效益进一步增强"
    damaged, _ = shift_damage(heading + "。")
    raw = "各位代表：\n" + damaged + "\n做好工作。"
    (rep,) = mojibake.find_repairs(raw)
    assert "需求□发展" in rep.text and "Ｃ" not in rep.text
    (gap,) = [x for x in rep.restored if x.undecided]
    assert gap.replaces == "Ｃ" and gap.undecided[:2] == ("，经济", "，更好") and gap.margin >= restore.RESTORE_MARGIN
    out = clean(raw)
    changes = out.report.changes
    lost = changes[changes.after == "□"]
    assert len(lost) == 1 and lost.flag.iloc[0].startswith("lost: □ for Ｃ") and "，经济, ，更好" in lost.flag.iloc[0]
    assert "□" not in set(out.report.restored.after)  # not counted as restored
    at = out.text.index("需求□发展") + 2
    assert flagged_mask(out)[at]


@pytest.mark.parametrize("heading, end", [
    # 代 (B4 FA) keeps its lead byte; FA BB and AF A1 of 化。 are dropped, A3 is left alone
    ("（六）加快推进农业农村现代化", "现代化"),
    # 政 (D5 FE): FE B8 and AE A1 of 府。 dropped; 政府。 and 政府 fit alike (the line may
    # end without 。) and lead the rest: the characters both start with are written
    ("（八）努力建设人民满意的服务型政府", "服务型政府"),
])
def test_characters_lost_at_the_lines_end_are_restored(heading, end):
    """A run that ends the line may have lost whole pairs after its last lead byte, not only
    that byte's trail: the reading came out 现代 and 服务型政 (the lost 化, 府 not tried)."""
    damaged, _ = shift_damage(heading + "。")
    (rep,) = mojibake.find_repairs("各位代表：\n" + damaged + "\n")
    assert rep.text.startswith(heading) and rep.flagged
    assert any(x.text.startswith(end[-2:]) and x.replaces == "□" for x in rep.restored)


def test_gap_readings_are_the_pairs_gbk_cannot_decode():
    """Every reading of a gap starts with the known lead byte, ends with the known trail
    byte, and between its characters lies a (trail, lead) pair GBK cannot decode: the
    seed's (四) gap between ┚ (A9 BE) and 拇 (C4 B4) holds 精心 (BE AB | D0 C4, AB D0 lost)."""
    model = ngrams.load()
    readings = restore.fillings(model, 0xBE, 0xC4, "四）", "打造")
    assert "精心" in [t for _, t, _ in readings]
    for _, text, pairs in readings:
        data = text.encode("gbk")
        assert data[0] == 0xBE and data[-1] == 0xC4 and len(text) == pairs + 1
        for i in range(1, len(data) - 1, 2):
            with pytest.raises(UnicodeDecodeError):
                data[i : i + 2].decode("gbk")


def test_gap_of_three_pairs_is_restored():
    # 现代化产业 is CFD6 B4FA BBAF B2FA D2B5: shifted, the pairs FA BB, AF B2, FA D2 cannot be
    # decoded and are dropped; the plain repair reads 吹 (B4 B5, the bytes either side)
    damaged, dropped = shift_damage("（一）加快建设现代化产业体系。")
    assert dropped == 3
    (rep,) = mojibake.find_repairs("各位代表：\n" + damaged + "\n")
    assert rep.text.startswith("（一）加快建设现代化产业体系") and rep.flagged
    assert [x.text for x in rep.restored if x.replaces == "吹"] == ["代化产业"]


def test_heavily_damaged_opening_with_a_sign_no_line_opens_with_is_repaired_and_flagged():
    """三、全面提升政府治理现代化水平 (a 2025 Word file's heading) lost 8 of its 16 pairs and reads
    ∪⑷嫣嵘卫硐执健: its shifted opening is only a little likelier than the garble, but no line opens
    with ∪. It was left as it stood, unflagged; now the number and most words come back, flagged."""
    damaged, dropped = shift_damage("三、全面提升政府治理现代化水平。")
    assert damaged.startswith("∪") and dropped == 8
    (rep,) = mojibake.find_repairs("各位代表：\n" + damaged + "\n")
    assert rep.text.startswith("三、全面提升") and rep.text.endswith("治理现代化水平。") and rep.flagged


@pytest.mark.parametrize("heading", ["三、把改革开放扎实推向纵深", "二、保持国民经济持续快速健康发展", "一、伟大的历史性转变"])
def test_shifted_opening_without_marker_is_found(heading):
    """A paragraph decoded one byte late opens with a character of GBK row A1 (the trail
    byte of its lost ideographic space); these show no marker (∪迅母…, 《⒈３止…, ∫弧⑽…),
    and the character model finds them."""
    damaged, _ = shift_damage(heading + "。")
    (rep,) = mojibake.find_repairs("各位代表：\n" + damaged + "\n")
    assert rep.start == len("各位代表：\n") and rep.text[2:10] == heading[2:10]


def test_dash_opening_a_date_line_is_not_read_shifted():
    # regression: ——二〇二六年… (甘肃 2026) was read shifted and written □ — its shifted
    # decoding stops at the first pair (AA A1), which is no reading at all
    assert mojibake.find_repairs("各位代表：\n——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n") == []


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


def test_seed_heading_six_restored_number_from_its_bytes(seed_doc):
    """Its number's bytes are lost too: 六 (C1 F9) is restored from them, the reading the
    model likes among the characters whose bytes fit (a lead byte GBK cannot decode after the
    A8 of （, a trail byte that opens a lost pair), and it agrees with the numbering order
    ((五) comes before it)."""
    plan = _plan(seed_doc)
    h = plan.loc["六"]
    assert h.text == "全面加强政府自身建设" and h.flagged and h.style == "cn_paren"
    assert list(plan.index[-2:]) == ["五", "六"]
    assert "（六）" in set(seed_doc.report.restored.after)


def test_seed_heading_four_restored(seed_doc):
    """精心 and 惊心 fit the same bytes (BEAB D0C4, BEAA D0C4) and the corpora never write
    精心打造: the pruned model led with 精心 by 0.24 nats, below RESTORE_MARGIN; with every
    n-gram kept it leads by 1.05 nats (measured), just over it, and 精心 is written, flagged;
    with the heading-line model mixed in, by 1.31 nats (measured 2026-12-05)."""
    h = _plan(seed_doc).loc["四"]
    assert h.text == "精心打造人文之城" and h.flagged


def test_seed_heading_four_keeps_what_it_cannot_restore_flagged(seed_doc):
    h = _plan(seed_doc).loc["四"]
    # 文 where the page put a space, restored: 人文之城 over 人为之城 by 4.48 nats (measured);
    # 3.20 with the heading-line model mixed in (the seed's cleaning report, 2026-12-05)
    assert h.flagged and h.text.endswith("打造人文之城")


def test_seed_no_restored_character_unflagged(seed_doc):
    restored = seed_doc.report.restored
    assert len(restored) >= 5  # 三）, 全力, 升城, 全面, 政府自
    mask = flagged_mask(seed_doc)
    for row in restored.itertuples():
        at = np.flatnonzero((seed_doc.raw_starts == row.raw_start) & (seed_doc.raw_ends == row.raw_end))
        assert len(at) == len(row.after) and mask[at].all()
        assert "".join(seed_doc.text[i] for i in at) in (row.after, ngrams._t2s()(row.after))


def test_line_in_step_opening_like_a_shift_is_judged_without_the_model(monkeypatch):
    """1997's report has a line broken after 《…》 that opens 》。１９９３年７月成立香港…: read
    shifted it is rare characters (贰＃保梗梗衬辏…), so it is text in step, and the character
    model (60 MiB) is not loaded to say so (issue 15.5: workers carried it for this line)."""
    def no_model():
        raise AssertionError("the character model was asked")

    monkeypatch.setattr(ngrams, "load", no_model)
    assert mojibake._opens_shifted("》。１９９３年７月成立香港特别行政区筹委会预备工作委员会。") is False


@pytest.mark.parametrize("line", ["编制一九八六年到二〇〇〇年的科技发展规划。", "力争到二〇〇〇年实现翻两番。",
                                  "编制一九八六年到二○○○年的科技发展规划。"])
def test_a_year_written_with_the_numeral_zero_is_no_mojibake(line):
    # 〇 is in GBK's row A9 with the box-drawing characters: three in a row (二〇〇〇年) made the
    # line look shifted, and it was "repaired" into 二柀柀柲甑目萍挤… (the 1983 report)
    assert clean(line).text == line.replace("○", "〇")


@pytest.mark.parametrize("line", ["新建住房120万㎡。", "建成道路35㎞，亩均用肥12㎏。"])
def test_unit_symbols_of_gbk_row_a9_are_no_mojibake(line):
    # ㎡ is GBK A9 4F: row A9 holds box drawing, which shifted text shows, but a shifted pair's
    # second byte is the next character's first (0x81 or above), never 0x4F; the line was
    # "repaired" to 120万□
    assert mojibake.find_repairs(line + "\n") == [] and clean(line).text == line
