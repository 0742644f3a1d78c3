"""Find and repair GBK byte-shift mojibake.

Written by hand because no library covers this case: ``ftfy`` repairs text decoded with the
wrong *codec*, but here the codec was right (GBK) and the decoder started one byte off. Text
saved as GBK pairs each character's two bytes; when one byte goes missing (typically half of
an ideographic space at the start of a paragraph), every following pair straddles two
characters, ``\u3000（一）在新`` (``A1A1 A3A8 D2BB A3A9 D4DA D0C2``) decodes as ``。ㄒ唬┰谛``,
until an ASCII byte or an invalid pair puts the decoder back in step.

Repair re-encodes a run to GBK, drops its first byte, and decodes again. Where the broken
decoder threw a pair away (GBK's user-defined areas and unassigned cells have no Unicode
mapping: lead bytes AA–AF, F8–FE, …) those two bytes are gone, and the repaired character
there is made of the bytes on either side of the gap. The restorer
(:mod:`analysis.clean.restore`) puts back, at every gap between two raw characters, the
readings the byte model allows — lost (trail, lead) pairs GBK cannot decode — and lets a
character trigram model of the shipped corpora (:mod:`analysis.clean.ngrams`) choose over the
whole run; a reading is written only when it leads the next by a margin, and every restored
character is reported and flagged. A lone
byte left at the end of a run is the first byte of a lost character: if a pinyin reading
gloss follows (``…掳l(fā)``), the document's own glosses (``發(fā)`` elsewhere) name the
character, and the surviving byte must match it; else the character model may choose it (a
space after the run stands for its lost byte); else it is written □.

>>> [r.text for r in find_repairs("主要工作:\\n。ㄒ唬┰谛掳l(fā)展格局中\\n發(fā)展")]
['（一）在新發']
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from analysis.clean.common_characters import (  # noqa: F401 (the list's builders re-exported: mojibake is where callers look)
    COMMON_CHARACTERS,
    _dictionary_characters,
    _word_characters,
    build_common_characters,
    common_characters,
    write_common_characters,
)
from analysis.patterns import RE_PINYIN_GLOSS_SCAN, TONED

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
    restored: tuple[Restored, ...] = ()  # characters written where bytes were lost

    @property
    def flagged(self) -> bool:
        """True when the repair could not restore every character with confidence."""
        return bool(self.lost or self.doubtful or self.restored)


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
    drawing) that running Chinese text does not use — but not the toned pinyin vowels, nor
    the numeral 〇 (row A9 too), which dates write (二〇〇〇年: it was "repaired" into mojibake),
    nor a character whose second byte is below 0x80: shifted, a pair's second byte is the next
    character's first, 0x81 or above, so the unit symbols GBK keeps there (㎡ A9 4F, ㎞, ㎏),
    which reports write after numbers, are never a sign of the shift (120万㎡ was made □).

    >>> _is_marker("の"), _is_marker("〇"), _is_marker("㎡")
    (True, False, False)
    """
    b = _gbk(ch)
    return b is not None and 0xA4 <= b[0] <= 0xA9 and b[1] >= 0x80 and ch not in TONED and ch not in "ü〇"


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


#: A line opening with a character of GBK row A1 (the trail byte of a lost ideographic space
#: and the lead byte of the first character) is read shifted when the character model gives
#: its first :data:`_OPENING` characters, shifted, this much more log probability per
#: character than as they stand (nats). Real openers of that row (“ 《 — 【) read as text
#: score far below their shifted garble; synthetic shifted headings score far above.
OPENS_SHIFTED_MARGIN = 2.0
#: Characters of row A1 that no line of a report opens with (diacritics, math and unit signs:
#: ∪, ≥, ‰, §, 、 …), unlike the row's real openers (“ 《 — 【 · … ● ※). A line opening with one
#: is read shifted as soon as its shifted opening is the likelier: a heading that lost several
#: pairs (三、全面提升政府治理现代化水平 → ∪⑷嫣嵘卫硐执健, 8 pairs of 16 lost) reads shifted only a
#: little better before its gaps are filled.
NO_LINE_OPENER = frozenset("、ˉˇ¨〃々～‖±×÷∶∧∨∑∏∪∩∈∷√⊥∥∠⌒⊙∫∮≡≌≈∽∝≠≮≯≤≥∞∵∴♂♀°′″℃＄¤￠￡‰§№〓")
#: Least share of common characters (:func:`common_characters`) among the Chinese characters
#: of an opening read shifted for the character model to be asked (real openings: 86-100%).
SHIFTED_COMMON_SHARE = 0.75
_OPENING = 16


def _opens_shifted(line: str) -> bool:
    """Whether ``line`` opens with GBK text decoded one byte out of step, by the byte model
    (its first character has lead byte A1, as the trail of a lost ideographic space) and the
    character model (the shifted reading is far likelier than the line as it stands). The
    model is asked only when the opening holds characters a repair would remove (markers,
    rare characters: :func:`_cost`), which ordinary openings do not.

    >>> _opens_shifted("∪迅母锟旁低葡蜃萆睢"), _opens_shifted("——二〇二六年一月二十七日在")
    (True, False)
    """
    code = _gbk(line[:1]) if line else None
    if not code or code[0] != 0xA1 or line[0] in "\u3000":
        return False
    stretch = ""
    for ch in line[:_OPENING]:
        if not _gbk(ch):
            break
        stretch += ch
    if len(stretch) < 4 or _cost(stretch[1:], False) < 2:
        return False
    from analysis.clean.ngrams import LINE_START, load

    text, used, _, _ = _shift_decode(stretch.encode("gbk"), "")
    text = text.replace(LOST, "")
    if used < 2 * len(stretch) - 4 or len(text) < 4:
        return False  # the shifted decoder stops at once: no reading to compare
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if len(han) >= 4 and sum(c in common_characters() for c in han) < SHIFTED_COMMON_SHARE * len(han):
        # the shifted reading is rare characters (a line in step opening with 》 and full-width
        # digits reads 贰＃保梗梗衬辏…): no need to load the character model to say no
        return False
    model = load()
    shifted = model.score(text, before=LINE_START) / max(len(text), 1)
    plain = model.score(stretch, before=LINE_START) / len(stretch)
    return shifted - plain >= (0.0 if line[0] in NO_LINE_OPENER else OPENS_SHIFTED_MARGIN)


def _best_repair(line: str, offset: int, glosses: dict) -> Repair | None:
    """The best shifted repair of one line, or None if no shift makes it more plausible."""
    opens = _opens_shifted(line)
    if not (opens or line.startswith("。") or "?" in line or any(map(_is_marker, set(line)))):
        return None  # the usual line: no marker anywhere (each distinct character checked once)
    markers = [
        i
        for i, ch in enumerate(line)
        if _is_marker(ch) or (ch == "?" and i + 1 < len(line) and _gbk(line[i + 1]))
    ]
    if line.startswith("。") or opens:
        markers.insert(0, 0)
    if not markers:
        return None
    first = markers[0]
    # The run starts where the shift began: at most a few characters before the first
    # marker, within the same stretch of GBK two-byte characters (or at a lost "?"); at the
    # line start when the character model says the line opens shifted.
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
        if opens:  # the character model chose this start
            return _finish(line, offset, start, end, text, unknown_first, glosses)
        if gain >= 2 and (best is None or gain > best[0]):
            best = (gain, (start, end, text, unknown_first))
    return _finish(line, offset, *best[1], glosses) if best else None


def _finish(line: str, offset: int, start: int, end: int, text: str, unknown_first: bool, glosses) -> Repair:
    """Try to name a lost last character from the gloss after the run; restore characters
    whose bytes were lost (:func:`_restore`); judge rare characters."""
    if text.endswith(LOST):
        m = _RE_GLOSS_AFTER.match(line, end)
        lead = (line[start:end].encode("gbk", "replace") or b"\x00")[-1]
        if m:
            hit = recover_by_gloss(lead, 0, m.group("r"), glosses)
            if hit:
                text = text[:-1] + hit
    from analysis.clean.restore import restore_run  # it imports this module

    text, end, restored = restore_run(line, offset, start, end, text, unknown_first)
    written = set()
    for r in restored:
        written.update(range(r.at, r.at + len(r.text)))
    common = common_characters()
    doubtful = "".join(
        c
        for i, c in enumerate(text)
        if i not in written and c != LOST and ord(c) > 0x7F and c not in common and c not in _COMMON_PUNCT
    )
    return Repair(offset + start, offset + end, text, text.count(LOST), doubtful, restored)


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
    openers = re.escape("".join(_row_a1()))  # a line opening with one: see _opens_shifted
    # the opener's look-behind (start of text or after \n) comes after it, so that both
    # branches open with a character set, which a search skips to (about twice as fast)
    return re.compile(rf"[{chars}](?<![^\n]。)|[{openers}](?<![^\n].)")


def _row_a1() -> list[str]:
    """The characters of GBK row A1 but the ideographic space and 。."""
    out = []
    for trail in range(0xA2, 0xFF):
        try:
            ch = bytes([0xA1, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if ch != "。":
            out.append(ch)
    return out


# --- restoring lost byte pairs (analysis.clean.restore) --------------------------------
@dataclass(frozen=True)
class Restored:
    """Characters written where a repaired run lost bytes: ``Repair.text[at:at + len(text)]``,
    standing for the raw span ``start:end`` (empty where the decoder dropped the bytes
    silently; the space or ``?`` that stands for them otherwise)."""

    start: int
    end: int
    at: int
    text: str
    runner_up: str  # the next best reading ("" if none); the plain repair when it is that
    margin: float  # log-probability lead over runner_up (nats)
    replaces: str  # what the plain repair had written there
    #: When ``text`` is LOST: the readings that fit the bytes, best first, too close for the
    #: model to choose, while all beat the plain repair by more than the margin; ``margin``
    #: is then how far the plain repair is behind the best of them.
    undecided: tuple[str, ...] = ()
