"""Heading tree, paragraphs and sentences; the seed's 2 × 6 sections."""

import pytest

from analysis.document import SENTENCE_COLUMNS
from analysis.structure import HEADING_COLUMNS, PARAGRAPH_COLUMNS, numeral_value, parse, split_sentences


@pytest.mark.parametrize(
    "line, level, number, text",
    [
        ("第一方面：关于上半年经济社会发展情况", 1, "一", "关于上半年经济社会发展情况"),
        ("一、2025年工作回顾", 1, "一", "2025年工作回顾"),
        ("（一）全力促进经济平稳健康发展", 1, "一", "全力促进经济平稳健康发展"),
        ("(二)立足新发展格局", 1, "二", "立足新发展格局"),
        ("一是经济增长好于预期。地区生产总值增长5.2%。", 1, "一", "经济增长好于预期"),
        ("1.实现城乡法律援助服务网络全覆盖", 1, "1", "实现城乡法律援助服务网络全覆盖"),
        ("（1）推进科技创新", 1, "1", "推进科技创新"),
    ],
)
def test_numbering_styles(line, level, number, text):
    h = parse("各位代表：\n" + line + "\n正文。")["headings"]
    assert h[["level", "number", "text"]].values.tolist() == [[level, number, text]]


def test_levels_follow_order_of_first_use():
    text = "各位代表：\n一、回顾\n（一）稳增长\n1.扩内需\n内容。\n（二）促改革\n二、任务\n内容。"
    h = parse(text)["headings"]
    assert h[["level", "number"]].values.tolist() == [[1, "一"], [2, "一"], [3, "1"], [2, "二"], [1, "二"]]
    assert h["parent_id"].tolist() == [-1, 0, 1, 0, -1]


def test_in_text_enumeration_never_contains_titled_sections():
    # 一是… items come first here, yet （一） sections are titles: they stand beside the
    # list, under 二、, not under its last item; 一是 items inside a （一） section nest under it
    text = ("各位代表：\n一、目标\n一是增长较快。内容。\n二是结构更优。内容。\n（一）扩大内需\n内容。\n"
            "一是促消费。内容。\n（二）深化改革\n内容。\n二、任务\n内容。")
    s = parse(text)
    h = s["headings"]
    assert h[["style", "level", "number"]].values.tolist() == [
        ["cn_dun", 1, "一"], ["cn_shi", 3, "一"], ["cn_shi", 3, "二"], ["cn_paren", 2, "一"],
        ["cn_shi", 3, "一"], ["cn_paren", 2, "二"], ["cn_dun", 1, "二"]]
    assert h["parent_id"].tolist() == [-1, 0, 0, 0, 3, 0, -1]
    sections = s["sentences"].set_index("sentence")["section"]
    assert sections["一是促消费。"] == "一、目标 > （一）扩大内需 > 一是促消费"


def test_gansu_2026_tasks_are_not_under_the_eighth_goal(provincial_docs):
    # read in the raw file: the plan lists its 15th-FYP goals as 一是…八是 (no 一、 parts in
    # this copy), then "重点抓好八个方面工作：" and the tasks （一）…（八）
    h = provincial_docs["2026_甘肃省_政府工作报告.csv"].headings
    tasks = h[h["style"] == "cn_paren"]
    assert tasks["number"].tolist() == list("一二三四五六七八")
    assert (tasks["parent_id"] == -1).all() and (tasks["level"] == 1).all()
    assert tasks["text"].iloc[0] == "放大促消费扩投资政策效应"
    goals = h[h["style"] == "cn_shi"]
    assert goals["text"].iloc[-1] == "社会治理效能明显提升" and (goals["level"] == 2).all()


def test_inline_heading_is_first_sentence():
    s = parse("各位代表：\n（二）抓牢实体经济稳增长。始终保持战略定力。")
    h = s["headings"].iloc[0]
    assert h["inline"] and h["text"] == "抓牢实体经济稳增长"
    assert s["sentences"]["section"].tolist()[-1] == "（二）抓牢实体经济稳增长"


def test_sentences_split_keep_closing_quotes():
    t = "扎实做好“六稳”工作。“人民城市人民建！”之后继续？最后"
    assert [t[a:b] for a, b in split_sentences(t)] == ["扎实做好“六稳”工作。", "“人民城市人民建！”", "之后继续？", "最后"]


def test_numeral_values():
    assert [numeral_value(n) for n in ["一", "六", "十", "十一", "二十", "3", "两"]] == [1, 6, 10, 11, 20, 3, 2]


def test_schemas():
    s = parse("各位代表：\n一、回顾\n内容。")
    for frame, schema in ((s["headings"], HEADING_COLUMNS), (s["paragraphs"], PARAGRAPH_COLUMNS), (s["sentences"], SENTENCE_COLUMNS)):
        assert list(frame.columns) == list(schema)
        assert [str(t) for t in frame.dtypes] == [str(t) for t in schema.values()]


def test_empty_text_gives_empty_tables_with_schema():
    s = parse("")
    assert s["headings"].empty and s["sentences"].empty
    assert list(s["sentences"].columns) == list(SENTENCE_COLUMNS)


# --- the seed ------------------------------------------------------------------------------
def test_seed_two_parts_six_sections_each(seed_doc):
    h = seed_doc.headings
    parts = h[h.level == 1]
    assert parts["text"].tolist() == ["关于上半年经济社会发展情况", "关于下半年工作的主要打算"]
    for pid in parts["heading_id"]:
        sections = h[h.parent_id == pid]
        assert sections["number"].tolist() == ["一", "二", "三", "四", "五", "六"]


def test_seed_damaged_headings_placed_by_order_and_flagged(seed_doc):
    h = seed_doc.headings
    plan = h[h.parent_id == h[h.level == 1].heading_id.iloc[1]]
    # read from the raw file: 一, 二 and 五 survive; 三, 四 and 六 are mojibake-damaged
    assert plan["flagged"].tolist() == [False, False, True, True, False, True]
    assert plan.iloc[0]["text"] == "在新发展格局中开辟长三角G60科创走廊国家战略新空间"
    assert plan.iloc[1]["text"] == "抓牢实体经济稳增长"
    # (三)'s number inferred from the order; (六)'s restored from its bytes (test_mojibake)
    assert plan.iloc[2]["style"] == "" and plan.iloc[5]["style"] == "cn_paren"


def test_seed_review_part_headings_are_lines_of_their_own(seed_doc):
    h = seed_doc.headings
    review = h[h.parent_id == h[h.level == 1].heading_id.iloc[0]]
    assert not review["inline"].any()
    assert review.iloc[1]["text"] == "立足新发展格局，长三角G60科创走廊竞争力、影响力显著提升"


def test_seed_front_matter(seed_doc):
    m = seed_doc.metadata
    assert m["date"] == "2020-07-15"
    assert m["occasion"].startswith("——2020年7月15日在xx市xx区第五届人民代表大会常务委员会")


def test_seed_sentences_trace_to_raw(seed_doc):
    s = seed_doc.sentences
    row = s[s.sentence.str.startswith("实现地方财政收入")].iloc[0]
    a, b = seed_doc.raw_span(int(row.start), int(row.end))
    assert seed_doc.raw_text[a:b].startswith("實現(xiàn)地方財政收入 145.5\n億元")
    assert row.part == "第一方面：关于上半年经济社会发展情况"


def test_provincial_top_level_sections(provincial_docs):
    sh = provincial_docs["2026_上海市_政府工作报告.csv"].headings
    top = sh[sh.level == 1]
    assert top["number"].tolist() == ["一", "二", "三", "四"]
    assert top["text"].iloc[0] == "2025年工作回顾"


def test_sentences_are_each_paragraphs_split_sentences(seed_doc, provincial_docs):
    # parse finds every sentence close in one scan of the text; each paragraph's sentences
    # must be what split_sentences finds in it alone
    for doc in [seed_doc, *provincial_docs.values()]:
        body = doc.paragraphs[doc.paragraphs["kind"] != "front"]
        expected = [span for s, e in zip(body["start"], body["end"]) for span in split_sentences(doc.text, s, e)]
        assert list(zip(doc.sentences["start"], doc.sentences["end"])) == expected
        assert doc.sentences["sentence_id"].tolist() == list(range(len(doc.sentences)))


# Back matter. A report submitted to the congress may carry annexes after its closing words:
# GB/T 9704's "附件" line (附件1, 附件2 …) with the annex's title, a list of the year's
# 民生实事, a glossary (名词解释, 有关内容名词注释). Their numbering (一、, 1.) is the annex's
# own, not more parts or sections of the report.
ANNEXED = (
    "政府工作报告\n各位代表：\n一、2025年工作回顾\n" + "经济增长5%。" * 30 + "\n二、2026年工作安排\n（一）扩大内需。\n"
    "消费增长。\n（二）稳定就业。\n就业增加。\n各位代表！让我们团结奋斗！\n"
    "附件1\n2026年十件民生实事\n一、提高低保标准。\n低保标准提高到每月800元。\n二、建设养老床位。\n新增床位1万张。\n"
    "附件2\n名词解释\n1.“四上”企业：\n指规模以上工业等法人单位。\n2.“双一流”：\n指世界一流大学和一流学科。"
)


def test_annexes_are_back_matter_not_more_parts():
    s = parse(ANNEXED)
    h = s["headings"]
    assert h[["level", "number", "text"]].values.tolist() == [
        [1, "一", "2025年工作回顾"], [1, "二", "2026年工作安排"], [2, "一", "扩大内需"], [2, "二", "稳定就业"]]
    sent = s["sentences"].set_index("sentence")
    assert sent.loc["就业增加。", "section"] == "二、2026年工作安排 > （二）稳定就业"
    assert sent.loc["新增床位1万张。", "part"] == "附件1 2026年十件民生实事"
    assert sent.loc["新增床位1万张。", "section"] == "附件1 2026年十件民生实事"
    assert sent.loc["指世界一流大学和一流学科。", "part"] == "附件2 名词解释"
    paras = s["paragraphs"].set_index("text")
    assert paras.loc["附件1", "kind"] == "appendix" and paras.loc["一、提高低保标准。", "kind"] == "appendix"
    assert paras.loc["各位代表！让我们团结奋斗！", "kind"] == "body"


def test_annex_title_on_the_marker_line_and_a_glossary_alone():
    text = ANNEXED.split("附件1")[0] + "附件：2026年十件民生实事\n一、提高低保标准。\n《政府工作报告》有关内容名词注释\n1.“双一流”：指一流大学。"
    s = parse(text)
    assert s["headings"]["text"].tolist() == ["2025年工作回顾", "2026年工作安排", "扩大内需", "稳定就业"]
    parts = s["sentences"].set_index("sentence")["part"]
    assert parts["一、提高低保标准。"] == "附件：2026年十件民生实事"
    assert parts["1.“双一流”：指一流大学。"] == "《政府工作报告》有关内容名词注释"


def test_a_word_like_annex_inside_the_body_does_not_end_it():
    # the marker must stand alone on its line; a sentence about annexes, or a heading that
    # names a glossary, is the report's own text
    text = ANNEXED.split("附件1")[0].replace(
        "消费增长。", "消费增长。\n附件所列项目按期完成。\n编制名词解释手册。")
    s = parse(text)
    assert "appendix" not in set(s["paragraphs"]["kind"])
    assert len(s["headings"]) == 4


def test_guangdong_2026_ten_livelihood_projects_are_an_annex(provincial_docs):
    # read in the raw file: three parts (一、回顾, 二、“十五五”, 三、2026年工作安排), the
    # closing "各位代表！奋进正当其时…更大贡献！", then 附件1 (2026年省十件民生实事, numbered 一、…十、)
    # and 附件2 (名词解释, numbered 1.…)
    doc = provincial_docs["2026_广东省_政府工作报告.csv"]
    top = doc.headings[doc.headings["level"] == 1]
    assert top["number"].tolist() == ["一", "二", "三"]
    assert top["text"].tolist()[-1] == "2026年工作安排"
    parts = doc.sentences["part"].unique().tolist()
    assert parts[-2:] == ["附件1 2026年省十件民生实事", "附件2 名词解释"]
    last = doc.sentences[doc.sentences["part"] == "三、2026年工作安排"]["sentence"].iloc[-1]
    assert last.startswith("让我们更加紧密地团结") and last.endswith("作出新的更大贡献！")
    first = doc.sentences[doc.sentences["part"] == parts[-2]]["sentence"].iloc[:3].tolist()
    assert first[:2] == ["附件1", "2026年省十件民生实事"]  # lines of their own, as a heading's are
    assert first[2] == "坚持民生为大，以更大力度投资于人，加强普惠性、基础性、兜底性民生建设，扎扎实实办好十件民生实事，切实让人民群众看到变化、见到成效、得到实惠。"
