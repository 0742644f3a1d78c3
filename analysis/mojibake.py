"""Find and repair GBK byte-shift mojibake.

Written by hand because no library covers this case: ``ftfy`` repairs text decoded with the
wrong *codec*, but here the codec was right (GBK) and the decoder started one byte off. Text
saved as GBK pairs each character's two bytes; when one byte goes missing (typically half of
an ideographic space at the start of a paragraph), every following pair straddles two
characters, ``\u3000（一）在新`` (``A1A1 A3A8 D2BB A3A9 D4DA D0C2``) decodes as ``。ㄒ唬┰谛``,
until an ASCII byte or an invalid pair puts the decoder back in step.

Repair re-encodes a run to GBK, drops its first byte, and decodes again. Where the broken
decoder threw a pair away (GBK's user-defined areas have no Unicode mapping) those two bytes
are gone; the characters on either side cannot be restored and the run is flagged. A lone
byte left at the end of a run is the first byte of a lost character; if a pinyin reading
gloss follows (``…掳l(fā)``), the document's own glosses (``發(fā)`` elsewhere) name the
character, and the surviving byte must match it.

>>> [r.text for r in find_repairs("主要工作:\\n。ㄒ唬┰谛掳l(fā)展格局中\\n發(fā)展")]
['（一）在新發']
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .patterns import RE_PINYIN_GLOSS, TONED

#: Written where a character's bytes were lost.
LOST = "□"

_RE_LINE = re.compile(r"[^\n]+")
_RE_GLOSS_AFTER = re.compile(rf"\((?P<r>[a-zü]*[{TONED}][a-zü]*)\)")
_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》—…·％")


@dataclass(frozen=True)
class Repair:
    """One repaired run: replace ``source[start:end]`` with ``text``."""

    start: int
    end: int
    text: str
    lost: int  # characters known to be lost (written as LOST)
    doubtful: str  # repaired characters too rare to trust (a sign of silently lost bytes)

    @property
    def flagged(self) -> bool:
        """True when the repair could not restore every character with confidence."""
        return bool(self.lost or self.doubtful)


@lru_cache(maxsize=None)  # pure, called for every character of every line: memoised per character
def _gbk(ch: str) -> bytes | None:
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return b if len(b) == 2 else None


@lru_cache(maxsize=None)
def _is_marker(ch: str) -> bool:
    """A character GBK keeps in its symbol rows (kana, Greek, Cyrillic, bopomofo, box
    drawing) that running Chinese text does not use — but not the toned pinyin vowels."""
    b = _gbk(ch)
    return b is not None and 0xA4 <= b[0] <= 0xA9 and ch not in TONED and ch not in "ü"


@lru_cache(maxsize=1)
def common_characters(top: int = 4000) -> frozenset[str]:
    """The ``top`` most frequent characters of jieba's dictionary, simplified and traditional.

    jieba's ``dict.txt`` (word, frequency) is summed per character; OpenCC's s2t adds the
    traditional form of each, since mojibake runs are judged before conversion.
    """
    import jieba
    import opencc

    dict_path = Path(jieba.__file__).with_name("dict.txt")
    with dict_path.open(encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines[-1] == "":
        lines.pop()  # after the last newline
    words, freqs = [], []
    for line in lines:
        word, freq, *_ = line.split(" ")
        words.append(word)
        freqs.append(int(freq))
    chars = _most_frequent_characters(words, freqs, top)
    return frozenset(chars + opencc.OpenCC("s2t").convert(chars))


def _most_frequent_characters(words: list[str], freqs: list[int], top: int) -> str:
    """The ``top`` characters with the largest summed frequency over the words containing
    them, most frequent first, ties in order of first appearance (as ``Counter.most_common``,
    whose order matters: OpenCC converts the joined string phrase by phrase). Summed with
    numpy over code points: the dictionary has 350,000 words.

    >>> _most_frequent_characters(["经济", "发展", "经"], [3, 2, 1], 3)
    '经济发'
    """
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype="<u4")
    weights = np.repeat(np.array(freqs, dtype="int64"), [len(w) for w in words])
    chars, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    totals = np.zeros(len(chars), dtype="int64")
    np.add.at(totals, inverse, weights)
    order = np.lexsort((first, -totals))[:top]  # by total (descending), then first appearance
    return "".join(map(chr, chars[order].tolist()))


def _cost(text: str, line_start: bool) -> int:
    common = common_characters()
    cost = 0
    for i, ch in enumerate(text):
        if ch == LOST:
            cost += 1
        elif _is_marker(ch) or (i == 0 and line_start and ch in "。，、") or (
            ch == "?" and i + 1 < len(text) and _gbk(text[i + 1])
        ):
            cost += 3
        elif ord(ch) > 0x7F and ch not in common and ch not in _COMMON_PUNCT:
            cost += 1
    return cost


def _gloss_map(text: str) -> dict[str, set[str]]:
    """reading → the characters the document glosses with it (``區(qū)`` → {"qū": {"區"}})."""
    readings: dict[str, set[str]] = defaultdict(set)
    for m in RE_PINYIN_GLOSS.finditer(text):
        readings[m.group()[1:-1]].add(text[m.start() - 1])
    return readings


def recover_by_gloss(known: int, position: int, reading: str, glosses: dict) -> str | None:
    """The one glossed character whose GBK byte at ``position`` (0 lead, 1 trail) is ``known``.

    >>> recover_by_gloss(0x5E, 1, "qū", {"qū": {"區", "曲"}})
    '區'
    """
    hits = [c for c in glosses.get(reading, ()) if (b := _gbk(c)) and b[position] == known]
    return hits[0] if len(hits) == 1 else None


def _shift_decode(data: bytes, nxt: str) -> tuple[str, int, int, bool]:
    """Decode ``data`` in pairs after dropping its first byte.

    Returns (text, bytes used of ``data``, lost characters, whether ``nxt`` — the ASCII
    character after the run — was consumed as the trail byte of the last character).
    """
    out: list[str] = []
    i, lost = 1, 0
    while i + 1 < len(data):
        pair = data[i : i + 2]
        try:
            out.append(pair.decode("gbk"))
        except UnicodeDecodeError:
            break
        i += 2
    used_next = False
    if i < len(data):  # one lead byte left over
        dangling = data[i : i + 1]
        if i == len(data) - 1 and nxt and 0x40 <= ord(nxt) <= 0x7E:
            try:
                out.append((dangling + nxt.encode("ascii")).decode("gbk"))
                used_next = True
            except UnicodeDecodeError:
                pass
        if not used_next:
            out.append(LOST)
            lost += 1
        i += 1
    return "".join(out), i, lost, used_next


def _char_end(chars: str, byte_count: int) -> int:
    """How many characters of ``chars`` (all 2-byte GBK) cover ``byte_count`` bytes."""
    return min(len(chars), (byte_count + 1) // 2)


def _best_repair(line: str, offset: int, glosses: dict) -> Repair | None:
    """The best shifted repair of one line, or None if no shift makes it more plausible."""
    if not (line.startswith("。") or "?" in line or any(map(_is_marker, set(line)))):
        return None  # the usual line: no marker anywhere (each distinct character checked once)
    markers = [
        i
        for i, ch in enumerate(line)
        if _is_marker(ch) or (ch == "?" and i + 1 < len(line) and _gbk(line[i + 1]))
    ]
    if line.startswith("。"):
        markers.insert(0, 0)
    if not markers:
        return None
    first = markers[0]
    # The run starts where the shift began: at most a few characters before the first
    # marker, within the same stretch of GBK two-byte characters (or at a lost "?").
    left = first
    while left > 0 and (_gbk(line[left - 1]) or line[left - 1] == "?") and first - left < 8:
        left -= 1
    best: tuple[int, Repair] | None = None
    for start in range(left, first + 1):
        seg_end = start
        while seg_end < len(line) and (_gbk(line[seg_end]) or (seg_end == start and line[seg_end] == "?")):
            seg_end += 1
        chars = line[start:seg_end]
        if not chars:
            continue
        unknown_first = chars[0] == "?"  # a pair the broken decoder replaced by "?"
        body = chars[1:] if unknown_first else chars
        nxt = line[seg_end] if seg_end < len(line) else ""
        text, used, lost, used_next = _shift_decode(body.encode("gbk"), nxt)
        if unknown_first:  # its trail byte, and so the first repaired character, is lost
            text, lost = LOST + text, lost + 1
        end = start + int(unknown_first) + _char_end(body, used) + int(used_next)
        original = line[start:end]
        gain = _cost(original, start == 0) - _cost(text, False)
        if gain >= 2 and (best is None or gain > best[0]):
            best = (gain, _finish(line, offset, start, end, text, lost, glosses))
    return best[1] if best else None


def _finish(line: str, offset: int, start: int, end: int, text: str, lost: int, glosses) -> Repair:
    """Try to name a lost last character from the gloss after the run; judge rare characters."""
    if text.endswith(LOST):
        m = _RE_GLOSS_AFTER.match(line, end)
        lead = (line[start:end].encode("gbk", "replace") or b"\x00")[-1]
        if m:
            hit = recover_by_gloss(lead, 0, m.group("r"), glosses)
            if hit:
                text, lost = text[:-1] + hit, lost - 1
    common = common_characters()
    doubtful = "".join(c for c in text if c != LOST and ord(c) > 0x7F and c not in common and c not in _COMMON_PUNCT)
    return Repair(offset + start, offset + end, text, lost, doubtful)


def find_repairs(text: str) -> list[Repair]:
    """Every byte-shifted run in ``text``, with its repair, in order.

    >>> find_repairs("没有乱码的一行。")
    []
    """
    glosses = _gloss_map(text)
    repairs = []
    for m in _RE_LINE.finditer(text):
        line = m.group()
        prev = text[: m.start()].rstrip("\n")[-1:]
        if line.startswith("。") and prev not in tuple("。！？；：") and not any(map(_is_marker, line)):
            # "。" opening a line after an unfinished one is a broken line, not mojibake.
            continue
        rep = _best_repair(line, m.start(), glosses)
        if rep is not None:
            repairs.append(rep)
    return repairs
