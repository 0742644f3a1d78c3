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

from .patterns import RE_PINYIN_GLOSS_SCAN, TONED

#: Written where a character's bytes were lost.
LOST = "□"

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
        text = fh.read()
    codes, weights = _dictionary_characters(text)
    chars = _top_characters(codes, weights, top)
    return frozenset(chars + opencc.OpenCC("s2t").convert(chars))


def _dictionary_characters(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the words of a jieba dictionary (``word freq [tag]`` lines), in order,
    and the frequency of the word each belongs to. Parsed with numpy over code points (the
    dictionary has 350,000 lines); a file whose frequencies are not all plain ASCII digits
    (or a malformed line) is read line by line, with ``int()``.

    >>> codes, weights = _dictionary_characters("经济 3 n\\n发展 2 vn\\n")
    >>> "".join(map(chr, codes.tolist())), weights.tolist()
    ('经济发展', [3, 3, 2, 2])
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    n = len(codes)
    breaks = np.flatnonzero(codes == 0x0A)
    ends = breaks if text.endswith("\n") else np.append(breaks, n)  # one past each line
    starts = np.concatenate([[0], breaks + 1])[: len(ends)]
    spaces = np.append(np.flatnonzero(codes == 0x20), [n, n])
    k = np.searchsorted(spaces, starts)
    first = spaces[k]  # the space after the word, and the end of the frequency after it
    second = np.minimum(spaces[k + 1], ends)
    lengths = second - first - 1
    if len(ends) and np.all(first < ends) and np.all((lengths >= 1) & (lengths <= 18)):
        digits = codes[_span_positions(first + 1, lengths)].astype(np.int64) - 0x30
        if np.all((digits >= 0) & (digits <= 9)):
            powers = np.repeat(lengths, lengths) - 1 - _span_positions(np.zeros_like(lengths), lengths)
            freqs = np.add.reduceat(digits * 10**powers, np.cumsum(lengths) - lengths)
            word_lengths = first - starts
            return codes[_span_positions(starts, word_lengths)], np.repeat(freqs, word_lengths)
    # int() semantics (signs, spaces, other digits) or a malformed line: line by line
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # after the last newline
    words, freqs = [], []
    for line in lines:
        word, freq, *_ = line.split(" ")
        words.append(word)
        freqs.append(int(freq))
    return _word_characters(words, freqs)


def _span_positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions ``starts[i], starts[i] + 1, …`` (``lengths[i]`` of them), span after span.

    >>> _span_positions(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


def _word_characters(words: list[str], freqs: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of ``words`` joined, and the frequency of the word each belongs to."""
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype="<u4")
    weights = np.repeat(np.array(freqs, dtype="int64"), [len(w) for w in words])
    return codes, weights


def _most_frequent_characters(words: list[str], freqs: list[int], top: int) -> str:
    """The ``top`` characters with the largest summed frequency over the words containing
    them, most frequent first, ties in order of first appearance (as ``Counter.most_common``,
    whose order matters: OpenCC converts the joined string phrase by phrase). Summed with
    numpy over code points: the dictionary has 350,000 words.

    >>> _most_frequent_characters(["经济", "发展", "经"], [3, 2, 1], 3)
    '经济发'
    """
    return _top_characters(*_word_characters(words, freqs), top)


def _top_characters(codes: np.ndarray, weights: np.ndarray, top: int) -> str:
    """The ``top`` code points by summed weight, ties in order of first appearance
    (summed and located per code point with a table, no sort of the 2 million codes)."""
    size = int(codes.max()) + 1 if len(codes) else 0
    totals = np.zeros(size, dtype="int64")
    np.add.at(totals, codes, weights)
    first = np.full(size, len(codes), dtype="int64")
    np.minimum.at(first, codes, np.arange(len(codes)))
    chars = np.flatnonzero(first < len(codes))  # the code points that occur
    order = np.lexsort((first[chars], -totals[chars]))[:top]  # by total (descending), then first appearance
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
    for m in RE_PINYIN_GLOSS_SCAN.finditer(text):
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
    run_end = left  # end of the stretch of GBK characters after the current start
    for start in range(left, first + 1):
        # line[start] is a GBK character or "?" (from left to first, all are): the segment
        # runs to the first character after it that is not GBK, the same for every start
        # before that one (found once, not once per start: the stretch can be a long line).
        if run_end <= start:
            run_end = start + 1
            while run_end < len(line) and _gbk(line[run_end]):
                run_end += 1
        seg_end = run_end
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

    Only lines with a sign of damage are examined (a marker character, a ``?``, or ``。``
    opening the line), found with one regular-expression scan; the usual report has none.

    >>> find_repairs("没有乱码的一行。")
    []
    """
    glosses = None
    repairs = []
    pos = 0
    while (m := _damage_signs().search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        pos = end  # the next line with a sign of damage
        line = text[start:end]
        if line.startswith("。") and _last_before(text, start) not in tuple("。！？；：") and not any(
            map(_is_marker, line)
        ):
            # "。" opening a line after an unfinished one is a broken line, not mojibake.
            continue
        if glosses is None:
            glosses = _gloss_map(text)
        rep = _best_repair(line, start, glosses)
        if rep is not None:
            repairs.append(rep)
    return repairs


def _last_before(text: str, start: int) -> str:
    """The last character before ``start`` that is not a line break ("" if none)."""
    k = start - 1
    while k >= 0 and text[k] == "\n":
        k -= 1
    return text[k] if k >= 0 else ""


@lru_cache(maxsize=1)
def _damage_signs() -> re.Pattern:
    """A marker character (:func:`_is_marker`), a ``?``, or a ``。`` opening a line.

    The markers are GBK's rows A4–A9 decoded: the codec maps those rows one to one, so these
    are exactly the characters :func:`_is_marker` accepts (checked over all of Unicode when
    this was written).
    """
    markers = []
    for lead in range(0xA4, 0xAA):
        for trail in range(0x40, 0xFF):
            try:
                ch = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            if _is_marker(ch):
                markers.append(ch)
    chars = re.escape("".join(markers) + "?。")
    return re.compile(rf"[{chars}](?<![^\n]。)")
