"""Put back the characters whose bytes a shifted GBK decoder dropped (issue 17).

A repaired run (:mod:`analysis.clean.mojibake`) is made of raw characters ``r_0 … r_n``,
each the bytes ``(u_j, v_j)``: the trail byte of one true character and the lead byte of the
next. Between ``r_j`` and ``r_{j+1}`` the plain repair reads the character ``(v_j, u_{j+1})``.
Where the broken decoder threw a pair away, the true text there is longer by one character
per pair: ``(v_j, x_1) (y_1, x_2) … (y_k, u_{j+1})`` with each ``(x_i, y_i)`` a pair GBK cannot
decode (:func:`lost_pairs`, found by asking the codec, not from a list). Those are the only
readings of a gap; :func:`fillings` enumerates them character by character, up to
:data:`MAX_GAP_PAIRS` pairs, scoring each with the character trigram model of
:mod:`analysis.clean.ngrams` mixed with one of the corpora's heading lines
(:mod:`analysis.clean.headings_model`; a middle character must have been seen after the one
before it, which keeps three-pair gaps tractable).

The readings of the whole run are chosen jointly: a beam search over the gaps, left to
right, whose state is the last two characters (the trigram's context), so each gap is judged
with the chosen readings on both sides (:func:`best_path`); the readings are then enumerated
again with those neighbours and the search repeated once. A gap is written only when its
reading leads the next one, with its neighbours fixed, by :data:`RESTORE_MARGIN`; a lone
lead byte at the end of the run (its trail byte lost) the same way, among the characters
with that lead byte. Everything written is reported (:class:`~analysis.clean.mojibake.Restored`).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from functools import lru_cache

from analysis.clean.mojibake import LOST, Restored, _gbk

#: A reading of a gap is written only when its log probability (natural log, under the
#: character trigram model, with the chosen neighbours) beats the next reading's by this much.
#: Calibrated on synthetic damage of corpus headings (not the held-out ones): see
#: ``tests/test_mojibake.py``.
RESTORE_MARGIN = 1.0
#: Log-probability charge per byte pair supposed lost. The damage is a function of the text
#: (a pair is dropped exactly when GBK cannot decode it), so every reading that fits the bytes
#: is possible and the model alone should judge; on corpus headings charges of 1 and 2 nats
#: restored fewer exactly (66%, 58% against 68%), so none is charged.
GAP_COST = 0.0
#: Most byte pairs a silent gap is supposed to hold.
MAX_GAP_PAIRS = 3
#: Partial readings kept per gap and per number of pairs while enumerating.
_BEAM_CHARS = 40
#: Readings kept per gap for the joint search; paths kept by the joint search.
_KEEP = 20
_BEAM_PATHS = 64
#: Last characters of a gap tried, besides those seen after the character before them.
_KEEP_CLOSERS = 12


@lru_cache(maxsize=1)
def lost_pairs() -> dict[int, frozenset[int]]:
    """byte → the bytes (0x81–0xFE) after which GBK cannot decode it: the pairs a GBK decoder
    drops (user-defined areas AAA1–AFFE, F8A1–FEFE, A140–A7A0, unassigned cells) and
    GB18030 maps to the Private Use Area, which the page lost too.

    >>> 0xD0 in lost_pairs()[0xAB], 0xB0 in lost_pairs().get(0xB0, ())
    (True, False)
    """
    out = {}
    for p in range(0x81, 0xFF):
        qs = []
        for q in range(0x81, 0xFF):
            try:
                bytes([p, q]).decode("gbk")
            except UnicodeDecodeError:
                qs.append(q)
        if qs:
            out[p] = frozenset(qs)
    return out


@lru_cache(maxsize=None)
def _by_lead(lead: int) -> tuple[tuple[int, str], ...]:
    """(trail, character) for the GBK characters with this lead byte the model has seen."""
    from analysis.clean.ngrams import _simplified, load

    uni = load().unigrams
    out = []
    for t in range(0x40, 0xFF):
        try:
            ch = bytes([lead, t]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and _simplified(ch) in uni:
            out.append((t, ch))
    return tuple(out)


@lru_cache(maxsize=None)
def _closers(after: int, trail: int) -> tuple[str, ...]:
    """The characters the model has seen whose trail byte is ``trail`` and whose lead byte
    GBK cannot decode after the byte ``after``: the last character of a gap."""
    out = []
    for y in sorted(lost_pairs().get(after, ())):
        try:
            ch = bytes([y, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if any(c == ch for _, c in _by_lead(y)):
            out.append(ch)
    return tuple(out)


@lru_cache(maxsize=1)
def _successors() -> dict[str, tuple[str, ...]]:
    """The model's bigrams as GBK characters: character → the characters seen after it (each
    by its simplified form, so traditional ones match too)."""
    from analysis.clean.ngrams import LINE_END, LINE_START, _simplified, load

    forms: dict[str, list[str]] = defaultdict(list)  # simplified → GBK characters
    for lead in range(0x81, 0xFF):
        for _, ch in _by_lead(lead):
            forms[_simplified(ch)].append(ch)
    after: dict[str, list[str]] = defaultdict(list)
    for gram in load().grams:
        if len(gram) == 2 and LINE_START not in gram and LINE_END not in gram:
            for x in forms.get(gram[0], ()):
                after[x].extend(forms.get(gram[1], ()))
    return {k: tuple(v) for k, v in after.items()}


def fillings(model, lead: int, trail: int, before: str, after: str, keep: int = _KEEP) -> list[tuple[float, str, int]]:
    """The ``keep`` best readings of the characters between a known ``lead`` and ``trail``
    byte with 1 to :data:`MAX_GAP_PAIRS` lost pairs between them: ``(score, text, pairs)``,
    best first (score: the trigrams from ``before`` through the reading and ``after``, less
    :data:`GAP_COST` per pair; ties by text).

    Characters are added one at a time; after each, the :data:`_BEAM_CHARS` best partial
    readings go on. A middle character must have been seen after the one before it.
    """
    lost = lost_pairs()
    lp = model.logp
    ends: dict[str, float] = {}  # (last two characters of the reading) → score of ``after``
    likely: dict[int, tuple[str, ...]] = {}  # open byte → the closers likeliest before ``after``
    partial = [(lp(before, a), a, t) for t, a in _by_lead(lead) if t in lost]  # (score, text, open byte)
    out: list[tuple[float, str, int]] = []
    for pairs in range(1, MAX_GAP_PAIRS + 1):
        grown = []
        for s, text, x in partial:
            ctx = before + text
            if x not in likely:
                likely[x] = _likeliest(x, trail, after[:1])
            seen_after = _successor_set(text[-1])
            for b in dict.fromkeys([*likely[x], *(b for b in _closers(x, trail) if b in seen_after)]):
                tail = ctx[-1] + b
                if tail not in ends:  # the unigrams of ``after`` are left out: the same for all
                    ends[tail] = (lp(tail, after[0]) + (lp(b + after[0], after[1]) if len(after) > 1 else 0.0)) if after else 0.0
                out.append((s + lp(ctx, b) + ends[tail] - pairs * GAP_COST, text + b, pairs))
            if pairs == MAX_GAP_PAIRS:
                continue
            ys = lost[x]
            for m, y, t in _middles(text[-1]):
                if y in ys:
                    grown.append((s + lp(ctx, m), text + m, t))
        partial = heapq.nlargest(_BEAM_CHARS, grown, key=lambda r: (r[0], r[1]))
    return heapq.nsmallest(keep, out, key=lambda r: (-r[0], r[1]))


def end_fillings(model, lead: int, before: str, after: str, keep: int = _KEEP) -> list[tuple[float, str, int]]:
    """The ``keep`` best readings of a run's end where the line ends: a character with the
    known ``lead`` byte (its trail byte lost), then up to :data:`MAX_GAP_PAIRS` - 1 more
    characters, each joined to the one before by a pair GBK cannot decode — the last
    characters of a line the decoder dropped whole (服务型政 for 服务型政府。: FE B8 and AE A1
    dropped, A3 left alone at the end). ``(score, text, pairs)``, best first, as :func:`fillings`.
    """
    lost = lost_pairs()
    lp = model.logp
    partial = [(lp(before, a), a, t) for t, a in _by_lead(lead)]  # (score, text, trail byte)
    out: list[tuple[float, str, int]] = []
    for pairs in range(MAX_GAP_PAIRS):
        grown = []
        for s, text, t in partial:
            out.append((s + model.score("", before=(before + text)[-2:], after=after), text, pairs))
            if pairs + 1 == MAX_GAP_PAIRS or t not in lost:
                continue
            ys = lost[t]
            for m, y, t2 in _middles_any(text[-1]):
                if y in ys:
                    grown.append((s + lp(before + text, m), text + m, t2))
        partial = heapq.nlargest(_BEAM_CHARS, grown, key=lambda r: (r[0], r[1]))
    return heapq.nsmallest(keep, out, key=lambda r: (-r[0], r[1]))


@lru_cache(maxsize=None)
def _middles_any(ch: str) -> tuple[tuple[str, int, int], ...]:
    """(character, lead byte, trail byte) of the GBK characters seen after ``ch``: the next
    character of a run's lost end (its trail byte may be the line's last, dropped alone)."""
    return tuple((m, code[0], code[1]) for m in _successors().get(ch, ()) if (code := _gbk(m)))


@lru_cache(maxsize=100_000)
def _likeliest(x: int, trail: int, after: str) -> tuple[str, ...]:
    """The :data:`_KEEP_CLOSERS` of the :func:`_closers` likeliest before the character
    ``after`` (or "") with no context before them: the last characters of a gap tried even where the character before
    them was never seen with them."""
    from analysis.clean.headings_model import load

    model = load()
    ranked = sorted(_closers(x, trail), key=lambda b: (-(model.logp_char(b) + model.score("", b, after)), b))
    return tuple(ranked[:_KEEP_CLOSERS])


@lru_cache(maxsize=None)
def _successor_set(ch: str) -> frozenset[str]:
    return frozenset(_successors().get(ch, ()))


@lru_cache(maxsize=None)
def _middles(ch: str) -> tuple[tuple[str, int, int], ...]:
    """(character, lead byte, trail byte) of the characters seen after ``ch`` whose trail
    byte can open a lost pair: the middle characters of a gap after ``ch``."""
    lost = lost_pairs()
    return tuple(x for x in _middles_any(ch) if x[2] in lost)


def best_path(model, options: list[list[tuple[str, int]]], before: str, after: str) -> list[int]:
    """The option index at each gap whose sequence between ``before`` and ``after`` the model
    likes best (less :data:`GAP_COST` per pair): a beam over the gaps, paths ending in the
    same two characters merged (the trigram sees no further back), ties to earlier options."""
    paths: dict[str, tuple[float, tuple[int, ...]]] = {before[-2:]: (0.0, ())}
    for opts in options:
        grown: dict[str, tuple[float, tuple[int, ...]]] = {}
        for ctx, (s, chosen) in paths.items():
            for i, (t, k) in enumerate(opts):
                score = s + model.score(t, before=ctx) - k * GAP_COST
                key = (ctx + t)[-2:]
                if key not in grown or score > grown[key][0]:
                    grown[key] = (score, chosen + (i,))
        paths = dict(heapq.nlargest(_BEAM_PATHS, grown.items(), key=lambda kv: (kv[1][0], kv[0])))
    ends = [(s + model.score("", ctx, after), chosen) for ctx, (s, chosen) in paths.items()]
    return list(max(ends, key=lambda e: e[0])[1]) if ends else []


def restore_run(line: str, offset: int, start: int, end: int, text: str, unknown_first: bool) -> tuple[str, int, tuple[Restored, ...]]:
    """Fill the gaps of one repaired run; return (new text, new end, what was restored).

    The run ``line[start:end]`` was repaired to ``text``. Each gap's readings are the plain
    repaired character and :func:`fillings`; the best sequence is :func:`best_path`; a gap
    keeps its plain repair (flagged by the caller) unless its best reading leads by
    :data:`RESTORE_MARGIN`. A lost last trail byte (written □) is chosen among the
    characters with that lead byte the same way; a space after the run, before text in step
    again, is where that byte was.
    """
    from analysis.clean.headings_model import load
    from analysis.clean.ngrams import LINE_END, LINE_START

    model = load()
    uf = int(unknown_first)
    first = start + uf  # first raw character of the shifted body
    raw = line[first:end]
    if raw and not _gbk(raw[-1]):
        raw = raw[:-1]  # an ASCII byte the last character took as its trail
    if len(text) - uf != len(raw) or not raw or not all(_gbk(c) for c in raw):
        return text, end, ()  # not a plain shifted run (the decoder stopped early)
    data = [_gbk(c) for c in raw]
    n_gaps = len(raw) - 1  # repaired characters between two raw ones; then the last one
    dangling = text.endswith(LOST)
    before = "" if uf else _context_before(line, start, LINE_START)
    space_stands = dangling and line[end : end + 1] == " " and bool(_gbk(line[end + 1 : end + 2] or "a"))
    after_pos = end + 1 if space_stands else end
    after = _context_after(line, after_pos, LINE_END)
    plain = text[uf : uf + n_gaps]
    tail = "" if dangling else text[-1]  # the character after the last gap, if known
    options = [[(ch, 0)] for ch in plain]
    # The last character's trail byte is lost: it is chosen only where the run's end is
    # known (a space stands for the byte, or the line ends); text in step right after the
    # run means an odd number of bytes vanished there, and the last byte may not be a lead.
    known_end = space_stands or after_pos >= len(line)
    last = [(c, 0) for _, c in _by_lead(data[-1][1])] if dangling and known_end else []
    if last:  # the last character: its lead byte survives, its trail byte is lost
        options.append(last)
    # At the line's end (no space standing for the byte) whole pairs after it may be lost too.
    open_end = bool(last) and not space_stands
    if not options:
        return text, end, ()
    right = tail + after
    chosen = [o[0][0] for o in options]
    found: dict[tuple, list] = {}  # fillings by (gap, neighbours): the second round often repeats the first
    for _ in range(2):  # enumerate with the neighbours chosen so far, then choose again
        for j in range(n_gaps):
            prev, nxt = _neighbours(chosen, j, before, right)
            seen = {t for t, _ in options[j]}
            if (j, prev, nxt) not in found:
                found[j, prev, nxt] = fillings(model, data[j][1], data[j + 1][0], prev, nxt)
            options[j] += [(t, k) for _, t, k in found[j, prev, nxt] if t not in seen]
        if open_end:
            prev, _ = _neighbours(chosen, n_gaps, before, right)
            seen = {t for t, _ in options[n_gaps]}
            options[n_gaps] += [(t, k) for _, t, k in end_fillings(model, data[-1][1], prev, right) if t not in seen]
        chosen = [options[j][i][0] for j, i in enumerate(best_path(model, options, before, right))]
    pieces, restored = [], []
    out_len = uf
    # Where the run's end is not known, its last raw character may already be in step (the
    # seed's 温度。 came out 臀。: three bytes vanished, then 。 in step): the gap before it
    # keeps its plain repair.
    unsure = n_gaps - 1 if dangling and not known_end else -1
    for j, opts in enumerate(options):  # decide gap by gap, the neighbours fixed at the chosen readings
        if j == unsure:
            pieces.append(plain[j])
            out_len += 1
            continue
        prev, nxt = _neighbours(chosen, j, before, right)
        scored = [(model.score(t, before=prev, after=nxt) - k * GAP_COST, t) for t, k in opts]
        (s1, t1), (s2, t2) = _top_two(scored)
        is_last = j == n_gaps
        keep = LOST if is_last else plain[j]
        write = t1 if t1 != keep and s1 - s2 >= RESTORE_MARGIN else keep
        if is_last and open_end and write == keep:
            # the end's close readings may agree on their first characters (政府。 and 政府)
            t1, t2, s2 = _agreed_start(scored, s1)
            write = t1 if t1 and s1 - s2 >= RESTORE_MARGIN else keep
        behind = s1 - scored[0][0]  # the plain repair is the first option
        if write == keep and not is_last and t1 != keep and behind >= RESTORE_MARGIN:
            # Readings that fit the lost bytes beat the plain repair clearly but not one
            # another: the characters are lost, not the plain repair's (issue 17: "else □").
            gap = offset + first + j + 1
            close = tuple(t for s, t in sorted(scored, key=lambda r: (-r[0], r[1])) if s1 - s < RESTORE_MARGIN)
            restored.append(Restored(gap, gap, out_len, LOST, t1, round(behind, 2), keep, close))
            pieces.append(LOST)
            out_len += 1
            continue
        if write != keep:
            gap = offset + first + j + 1
            if is_last:
                gap_end = offset + (after_pos if space_stands else end)
                restored.append(Restored(offset + end, gap_end, out_len, write, t2, round(s1 - s2, 2), LOST))
            else:
                restored.append(Restored(gap, gap, out_len, write, t2, round(s1 - s2, 2), keep))
        pieces.append(write)
        out_len += len(write)
    new_text = text[:uf] + "".join(pieces) + (tail if not dangling else "" if last else LOST)
    new_end = after_pos if dangling and restored and restored[-1].replaces == LOST else end
    return new_text, new_end, tuple(restored)


def _context_before(line: str, start: int, line_start: str) -> str:
    """Up to two characters before ``line[start]`` (the line start counts as one), none
    across a space.

    >>> _context_before("一、 加快", 4, "^"), _context_before("加快", 1, "^")
    ('加', '^加')
    """
    out = ""
    for ch in reversed(line_start + line[:start]):
        if ch.isspace() or len(out) == 2:
            break
        out = ch + out
    return out


def _context_after(line: str, pos: int, line_end: str) -> str:
    """Up to two characters from ``line[pos]`` (the line end counts as one), none across a space.

    >>> _context_after("城 建设", 0, "$"), _context_after("城", 0, "$")
    ('城', '城$')
    """
    out = ""
    for ch in line[pos:] + line_end:
        if ch.isspace() or len(out) == 2:
            break
        out += ch
    return out


def _neighbours(chosen: list[str], j: int, before: str, right: str) -> tuple[str, str]:
    """The two characters before gap ``j`` and after it, in the chosen readings."""
    prev = (before + "".join(chosen[:j]))[-2:]
    nxt = ("".join(chosen[j + 1 :]) + right)[:2]
    return prev, nxt


def _agreed_start(scored: list[tuple[float, str]], best: float) -> tuple[str, str, float]:
    """The characters every reading within :data:`RESTORE_MARGIN` of the ``best`` score
    starts with, the best reading that does not start with them and its score ("", "", best
    when they share nothing).

    >>> _agreed_start([(-1.0, "政府。"), (-1.5, "政府"), (-4.0, "政")], -1.0)
    ('政府', '政', -4.0)
    """
    close = [t for s, t in scored if best - s < RESTORE_MARGIN]
    start = close[0] if close else ""
    for t in close[1:]:
        while not t.startswith(start):
            start = start[:-1]
    others = [(s, t) for s, t in scored if not t.startswith(start)] if start else []
    s2, t2 = max(others, key=lambda r: (r[0], r[1]), default=(float("-inf"), ""))
    return (start, t2, s2) if start else ("", "", best)


def _top_two(scored: list[tuple[float, str]]) -> tuple[tuple[float, str], tuple[float, str]]:
    """The best and the next (score, reading); ties by reading; (-inf, "") when there is
    no next."""
    ranked = heapq.nsmallest(2, scored, key=lambda r: (-r[0], r[1]))
    return ranked[0], ranked[1] if len(ranked) > 1 else (float("-inf"), "")
