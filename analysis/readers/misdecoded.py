"""Text decoded with the wrong encoding somewhere before it reached the package.

A file can be read in its own encoding and still hold nonsense: a UTF-8 report opened as GBK
in an old editor and saved (``鏀垮簻宸ヤ綔鎶ュ憡`` for 政府工作报告), or as Windows-1252
(``æ”¿åºœ``). Every character is then valid and the pipeline would find no headings and no
targets and exit 0. Such text is told by its characters: in a report 98.5% or more of the
Chinese characters are among the 4,000 commonest (all 114 shipped reports, the seed's damaged
copy included), in GBK/Big5 mojibake about 40-65% (measured on a national report decoded the wrong way); Latin mojibake has Latin-1 letters where
the report's Chinese should be. The text is refused, naming the wrong decoding when undoing it
gives a report again; the repair itself is left to the user, who may have an intact copy.

>>> misdecoding("政府工作报告。今年经济增长百分之五左右。" * 20) is None
True
>>> print(misdecoding("政府工作报告。今年经济增长百分之五左右。".encode("utf-8").decode("gbk", "replace") * 20))
garbled text: 65% of its Chinese characters are common ones (a report has 98% or more); it reads as UTF-8 text that was decoded as GBK and saved again: find an intact copy
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

#: Fewest Chinese characters the share is judged on.
MIN_HAN = 200
#: A text whose share of common characters is below this is refused.
MIN_COMMON_SHARE = 0.9
#: Wrong decodings tried to name what happened: (encoding the text was wrongly decoded as,
#: encoding it really was).
WRONG_DECODINGS = (("gb18030", "utf-8"), ("big5", "utf-8"), ("cp1252", "utf-8"), ("latin-1", "utf-8"),
                   ("latin-1", "gb18030"), ("cp1252", "gb18030"), ("big5", "gb18030"), ("gb18030", "big5"))
_NAMES = {"gb18030": "GBK", "utf-8": "UTF-8", "big5": "Big5", "cp1252": "Windows-1252 (Latin-1)", "latin-1": "Windows-1252 (Latin-1)"}


@lru_cache(maxsize=1)
def _common() -> np.ndarray:
    """The code points of :func:`analysis.clean.common_characters.common_characters`, sorted."""
    from analysis.clean.common_characters import common_characters

    return np.array(sorted(ord(c) for c in common_characters() if len(c) == 1), np.uint32)


def common_share(text: str) -> tuple[float, int]:
    """(share of the text's Chinese characters among the commonest, how many it has)."""
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    han = codes[(codes >= 0x4E00) & (codes <= 0x9FFF)]
    if not len(han):
        return 0.0, 0
    return float(np.isin(han, _common()).mean()), len(han)


def _latin_letters(text: str) -> int:
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    return int(((codes >= 0x80) & (codes <= 0x2FF)).sum())


def undone(text: str) -> tuple[str, str] | None:
    """The wrong decoding whose undoing gives a report's characters: (as, really), or None."""
    sample = text[:20000]
    for wrong, right in WRONG_DECODINGS:
        try:
            fixed = sample.encode(wrong, errors="ignore").decode(right, errors="replace")
        except LookupError:
            continue
        share, n = common_share(fixed)
        if n >= MIN_HAN // 4 and share >= 0.95:
            return wrong, right
    return None


def misdecoding(text: str) -> str | None:
    """The problem to refuse ``text`` with, or None when its characters are a report's."""
    share, n = common_share(text)
    if n >= MIN_HAN and share >= MIN_COMMON_SHARE:
        return None
    if n < MIN_HAN and _latin_letters(text) < MIN_HAN:
        return None  # too little to judge: a short text, or one in another script
    guess = undone(text)
    how = (f"it reads as {_NAMES[guess[1]]} text that was decoded as {_NAMES[guess[0]]} and saved again: find an intact copy"
           if guess else "decoded with the wrong encoding somewhere before this file was saved?")
    if n >= MIN_HAN:
        return f"garbled text: {share:.0%} of its Chinese characters are common ones (a report has 98% or more); {how}"
    if guess:
        return f"garbled text: Latin letters where Chinese should be; {how}"
    return None
