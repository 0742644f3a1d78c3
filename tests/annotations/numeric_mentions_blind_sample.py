#!/usr/bin/env python3
"""Reproducible sentence sampling for the blind numeric-mention gold standard
(numeric_mentions_blind2.tsv).

Written by an AI annotation helper.  Blind: it does not import, read or run the
project's extractor (analysis/), its tests or its output; it only reads the raw
source documents.

Run with a Python that has python-docx, e.g.
    /work/venv-annot/bin/python sample_mentions.py > sampled_sentences.jsonl

Method
------
* Document text
  - provincial 2025 .docx: every body-level paragraph text and every table
    cell paragraph text (row by row, cell by cell), in document order, joined
    with "\n".
  - national jsonl: field `content` of records whose `year` is not null and
    not in {1954, 1956, 1985, 1992, 1998, 2016, 2025}.
* Sentences: split at 。！？； and newlines; keep sentences that contain an
  ASCII or full-width digit, or a Chinese numeral followed by a measure word.
  Sentences longer than 260 characters or with more than 12 rough number
  tokens are skipped (keeps each sampled sentence hand-annotatable).
* Strata (literal keyword match, a sentence may match several):
    energy      能源 电 千瓦 煤 油 气 光伏 风电 核电
                (气/油 hits only inside 风气 底气 勇气 志气 士气 人气 朝气
                 力气 气象 气候 加油 are ignored)
    industry    工业 制造 产业 企业
    agriculture 粮食 农 亩 畜 渔
    transport   公路 铁路 港口 机场 航线 集装箱 标准箱 运输 列车
    trade       进出口 外贸 贸易 出口 进口 外资
    any         any eligible sentence
* Draw: random.Random(20261204).  For each corpus (provincial first, then
  national) and each stratum in the order above, candidate sentences matching
  the stratum are shuffled and taken one by one (skipping sentences already
  drawn) until the rough mention count of the stratum's draws reaches its
  quota: provincial 40 per topical stratum + 95 any; national 20 per topical
  stratum + 45 any (about 2/3 provincial, 1/3 national, ~440 mentions).
  A sentence is drawn at most once.
* Phase 2 (top-up, added after annotating phase 1 showed that the rough count
  over-estimated real mentions, mostly because of 一个/一批-type words in the
  national reports): the same RNG continues; candidates must now be "strongly
  numeric" (an ASCII/full-width digit, or a Chinese numeral with a magnitude or
  百分之/unit, see STRONG_RE); quotas (rough mentions) per corpus and stratum:
  provincial transport 15, trade 15, any 40; national transport 12, trade 12,
  energy 10, agriculture 8, any 10.  Phase 1 draws are unchanged by this.
"""
import glob
import json
import os
import random
import re
import sys

PROV_DIR = "/work/shared/corpus/provincial-2025"
NAT_FILE = "/work/shared/corpus/national/government_work_reports.jsonl"
EXCLUDED_YEARS = {"1954", "1956", "1985", "1992", "1998", "2016", "2025"}
SEED = 20261204

STRATA = [
    ("energy", ["能源", "电", "千瓦", "煤", "油", "气", "光伏", "风电", "核电"]),
    ("industry", ["工业", "制造", "产业", "企业"]),
    ("agriculture", ["粮食", "农", "亩", "畜", "渔"]),
    ("transport", ["公路", "铁路", "港口", "机场", "航线", "集装箱", "标准箱", "运输", "列车"]),
    ("trade", ["进出口", "外贸", "贸易", "出口", "进口", "外资"]),
]
FALSE_ENERGY = ["风气", "底气", "勇气", "志气", "士气", "人气", "朝气", "力气", "气象", "气候", "加油"]
QUOTA = {"provincial": {"energy": 40, "industry": 40, "agriculture": 40, "transport": 40, "trade": 40, "any": 95},
         "national": {"energy": 20, "industry": 20, "agriculture": 20, "transport": 20, "trade": 20, "any": 45}}

CN = "一二三四五六七八九十百千万亿两半几零〇"
MEASURE = "个项家年月日倍成番批条座所次位名户人元亩吨台件场届类大点种部轮处支" \
          "公里米层级千万亿"
DIGIT_RE = re.compile(r"[0-9０-９]")
CN_QTY_RE = re.compile(r"[%s]+(?:分之[%s]+|[%s])" % (CN, CN, MEASURE))
TOKEN_RE = re.compile(r"[0-9０-９][0-9０-９.．,，]*|[%s]+(?:分之[%s]+|[%s])" % (CN, CN, MEASURE))


QUOTA2 = {"provincial": [("transport", 15), ("trade", 15), ("any", 40)],
          "national": [("transport", 12), ("trade", 12), ("energy", 10), ("agriculture", 8), ("any", 10)]}
STRONG_RE = re.compile(r"[0-9０-９]|百分之|[一二三四五六七八九十两百千][万亿千百]|[%s]+(?:吨|元|亩|公里|斤|度|千瓦|倍|番|成)" % CN)


def docx_text(path):
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    d = docx.Document(path)
    out = []
    for child in d.element.body.iterchildren():
        tag = child.tag.split('}')[-1]
        if tag == 'p':
            out.append(Paragraph(child, d).text)
        elif tag == 'tbl':
            t = Table(child, d)
            for row in t.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        out.append(p.text)
    return "\n".join(out)


def province_name(path):
    n = os.path.basename(path)
    n = re.sub(r"^2025年", "", n)
    n = re.sub(r"政府工作报告\.docx$", "", n)
    return n


def load_docs():
    docs = []
    for p in sorted(glob.glob(os.path.join(PROV_DIR, "*.docx"))):
        docs.append(("provincial", "provincial2025:" + province_name(p), docx_text(p)))
    with open(NAT_FILE, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            y = r.get("year")
            if y is None or str(y) in EXCLUDED_YEARS:
                continue
            docs.append(("national", "national:%s" % y, r["content"]))
    return docs


def sentences(text):
    for s in re.split(r"[。！？；\n]", text):
        s = s.strip()
        if s:
            yield s


def eligible(s):
    return bool(DIGIT_RE.search(s) or CN_QTY_RE.search(s))


def strata_of(s):
    res = []
    for name, kws in STRATA:
        t = s
        if name == "energy":
            for fw in FALSE_ENERGY:
                t = t.replace(fw, "")
        if any(k in t for k in kws):
            res.append(name)
    return res


def rough_count(s):
    return len(TOKEN_RE.findall(s))


def main():
    rng = random.Random(SEED)
    docs = load_docs()
    cands = {"provincial": [], "national": []}
    for kind, src, text in docs:
        for s in sentences(text):
            if eligible(s) and len(s) <= 260 and rough_count(s) <= 12:
                cands[kind].append((src, s))
    drawn = set()
    out = []
    for kind in ("provincial", "national"):
        for stratum in [n for n, _ in STRATA] + ["any"]:
            pool = [c for c in cands[kind] if stratum == "any" or stratum in strata_of(c[1])]
            rng.shuffle(pool)
            got = 0
            for src, s in pool:
                if got >= QUOTA[kind][stratum]:
                    break
                if (src, s) in drawn:
                    continue
                drawn.add((src, s))
                got += rough_count(s)
                out.append({"kind": kind, "drawn_for": stratum, "strata": strata_of(s),
                            "source": src, "sentence": s, "rough": rough_count(s)})
    for kind in ("provincial", "national"):
        for stratum, q in QUOTA2[kind]:
            pool = [c for c in cands[kind] if STRONG_RE.search(c[1]) and (stratum == "any" or stratum in strata_of(c[1]))]
            rng.shuffle(pool)
            got = 0
            for src, s in pool:
                if got >= q:
                    break
                if (src, s) in drawn:
                    continue
                drawn.add((src, s))
                got += rough_count(s)
                out.append({"kind": kind, "drawn_for": stratum + "(phase2)", "strata": strata_of(s),
                            "source": src, "sentence": s, "rough": rough_count(s)})
    for i, o in enumerate(out):
        o["id"] = i
        print(json.dumps(o, ensure_ascii=False))


if __name__ == "__main__":
    main()
