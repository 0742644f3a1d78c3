"""The labels of Word's automatic numbering (``一、``, ``（二）``, ``3.``), which are not text.

A paragraph numbered by Word (a list, or a heading style with numbering) keeps its number in
the numbering definitions (``word/numbering.xml``), not in its runs: python-docx's text of
``（一）深入推进…`` is ``深入推进…``, and the report's structure would lose its headings. The
label is rendered here as Word renders it (ECMA-376 Part 1, §17.9): the paragraph's
numbering (its own ``w:numPr``, else its style's, following ``w:basedOn``), the level's
``w:lvlText`` with each ``%n`` replaced by level n's counter in that level's ``w:numFmt``,
counters shared by the numbering instances of one abstract definition, a level restarting
the levels below it, ``w:startOverride`` restarting an instance, then the level's suffix (a
tab unless ``w:suff`` says a space or nothing).

>>> chinese_counting(3), chinese_counting(10), chinese_counting(14), chinese_counting(21)
('三', '十', '十四', '二十一')
"""

from __future__ import annotations

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def chinese_counting(n: int) -> str:
    """``n`` in Chinese numerals as Word's ``chineseCounting`` writes it (1-99; larger as digits)."""
    if 0 <= n < 10:
        return _DIGITS[n]
    if 10 <= n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


#: ``w:numFmt`` values → the counter as written. A format not listed is written in digits.
FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalHalfWidth": str,
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(c)] for c in str(n)),
    "chineseLegalSimplified": lambda n: "".join("零壹贰叁肆伍陆柒捌玖"[int(c)] for c in str(n)) if n < 10 else str(n),
    "ideographTraditional": lambda n: _STEMS[n - 1] if 1 <= n <= 10 else str(n),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "none": lambda n: "",
}
_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}


def _val(element, tag: str, default=None):
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val", default) if child is not None else default


class Numbering:
    """The numbering definitions of one document; :meth:`label` is called on its paragraphs in
    reading order (the counters advance as Word's do)."""

    def __init__(self, numbering_xml, styles_xml):
        self.abstract: dict[str, dict[int, tuple[int, str, str, str, bool]]] = {}
        for a in numbering_xml.iterfind(_W + "abstractNum") if numbering_xml is not None else ():
            levels = {}
            for lvl in a.iterfind(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = (
                    int(_val(lvl, "start", "0")), _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""),
                    _val(lvl, "suff", "tab"), lvl.find(_W + "isLgl") is not None)
            self.abstract[a.get(_W + "abstractNumId")] = levels
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, {level: start override})
        for num in numbering_xml.iterfind(_W + "num") if numbering_xml is not None else ():
            overrides = {int(o.get(_W + "ilvl", "0")): int(_val(o, "startOverride"))
                         for o in num.iterfind(_W + "lvlOverride") if _val(o, "startOverride") is not None}
            self.nums[num.get(_W + "numId")] = (_val(num, "abstractNumId"), overrides)
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # id → (numId, ilvl, basedOn)
        for style in styles_xml.iterfind(_W + "style") if styles_xml is not None else ():
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            self.styles[style.get(_W + "styleId")] = (
                _val(num_pr, "numId"), _val(num_pr, "ilvl"), _val(style, "basedOn"))
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()  # numbering instances whose start override was applied

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            num_id, ilvl, based_on = self.styles.get(style_id, (None, None, None))
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` (a ``w:p``), with its suffix; "" if none."""
        if not self.nums:
            return ""  # a document without numbering definitions
        p_pr = p.find(_W + "pPr")
        num_pr = p_pr.find(_W + "numPr") if p_pr is not None else None
        num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        if num_id is None:
            num_id, style_ilvl = self._style_numbering(_val(p_pr, "pStyle"))
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = int(ilvl or 0)
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if overrides and num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                if lv < len(counters):
                    counters[lv] = start - 1
        start, fmt, text, suffix, legal = levels[level]
        counters[level] = start if counters[level] is None else counters[level] + 1
        for lv in range(level + 1, len(counters)):
            counters[lv] = None
        if fmt == "bullet":
            return ""  # a bullet is not a number the structure reads
        for n in range(1, 10):
            if f"%{n}" in text:
                lv = n - 1
                value = counters[lv] if counters[lv] is not None else levels.get(lv, (1,))[0]
                lv_fmt = "decimal" if legal else levels.get(lv, (0, "decimal"))[1]
                text = text.replace(f"%{n}", FORMATS.get(lv_fmt, str)(value))
        return text + _SUFFIXES.get(suffix, "\t") if text else ""
