"""A character trigram model of the package's own corpora, for choosing between readings.

The model is counted on the shipped national reports (``data/raw/national/*.jsonl``, field
``content``) and provincial reports (``data/raw/provincial-2026/*.csv``, column
``full_text``), and shipped as ``analysis/data/char_trigrams.tsv`` (GENERATED; rebuild with
``python -m analysis ngrams --out PATH``). The 2025 provincial Word files are left out: they
are the held-out set on which the restorer's rate is measured honestly. Characters are
counted as written; whitespace separates (no n-gram spans a space or a line break); ``<s>``
and ``</s>`` mark a line's start and end.

Scoring (:meth:`CharModel.logp`) is interpolated Kneser–Ney (Chen & Goodman 1999, §3): the
trigram's discounted count, and the rest of the context's mass on the bigram level, whose
counts are *continuation* counts (how many distinct characters precede the bigram), and so
on to a unigram of continuation counts, add-one over GBK's 21,886 characters so an unseen
character still has a small probability. One discount per order, ``n1 / (n1 + 2 n2)`` from
the counts of that order before pruning. The file keeps the n-grams seen at least
:data:`MIN_COUNT` times (every character); what the pruned n-grams held goes to the lower
order, so each level stays a distribution. The denominators (a context's total) are counted
before pruning and shipped on the context's row.

The bigram model this replaces (Dirichlet-smoothed, 2026-12) restored 57 of 207 seen and 44 of
254 held-out synthetic headings exactly (``tests/test_mojibake.py``); a word model on top
(jieba's dictionary) was tried then and wrote more wrong readings, so it is not used.
Traditional characters are looked up by their simplified form (the corpora are simplified;
mojibake is repaired before the text is converted).

>>> m = CharModel.from_texts(["发展经济", "发展社会", "经济发展"])
>>> m.logp("发", "展") > m.logp("发", "经")
True
>>> m.logp("经济", "发") > m.logp("社会", "发")
True
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

import numpy as np

from analysis import paths

#: The packaged model's file name under ``analysis/data/``.
CHAR_NGRAMS = "char_trigrams.tsv"
#: Number of characters GBK encodes in two bytes: the unigram's uniform floor.
GBK_SIZE = 21886
#: Longest n-gram counted.
ORDER = 3
#: Bigrams and trigrams seen fewer times are left out of the file (their mass goes to the
#: lower order). 1 keeps them all (a 7-8 MB file): pruning those seen once (a 3 MB file)
#: restored fewer synthetic headings exactly, 167 of 207 seen and 160 of 254 held-out against
#: 177 and 168 (``tests/test_mojibake.py``, measured 2026-12-05), with more wrong readings.
MIN_COUNT = 1
#: The line start and line end, as the model counts them (written ``<s>``, ``</s>`` in the file).
LINE_START, LINE_END = "\x02", "\x03"
_MARKS = ((LINE_START, "<s>"), (LINE_END, "</s>"))
#: The corpora the model is counted on, relative to ``data/raw``: (glob, text field).
SOURCES = (("national/*.jsonl", "content"), ("provincial-2026/*.csv", "full_text"))


class Gram(NamedTuple):
    """Counts of one n-gram: ``count`` occurrences; for unigrams and bigrams also ``left``,
    the distinct characters seen before it (its Kneser–Ney continuation count), and ``total``,
    its mass as a context of the next order (bigram: occurrences followed by a character;
    unigram: the sum of ``left`` over the bigrams it starts)."""

    count: int
    left: int = 0
    total: int = 0


#: Bits per character in a packed n-gram (:func:`_pack`): code points + 1 stay below 2**21.
_BITS = 21


def _pack(gram: str) -> int:
    """``gram`` (at most :data:`ORDER` characters) as one integer: 21 bits a character, each
    its code point + 1 (so no character packs to 0 and grams of different lengths differ)."""
    key = 0
    for ch in gram:
        key = (key << _BITS) | (ord(ch) + 1)
    return key


def _unpack(key: int) -> str:
    """The gram :func:`_pack` made ``key`` of.

    >>> _unpack(_pack("发展经"))
    '发展经'
    """
    chars = []
    while key:
        chars.append(chr((key & ((1 << _BITS) - 1)) - 1))
        key >>= _BITS
    return "".join(reversed(chars))


class Grams(Mapping):
    """n-gram → :class:`Gram`, held in arrays of integers: each gram packed into one
    (:func:`_pack`), found by binary search, iterated in the order the grams were given.
    ~56 bytes an n-gram with the model's masses against ~250 for a dict of named tuples (the
    packaged model with n-grams seen twice or more, 239,000: +18–25 MiB resident instead of
    +60 MiB in every process that loads it; with every n-gram, 587,000: +60 MiB, 33 MB of it
    the arrays). The mojibake repair asks for it only when a line may be shifted text. The arrays are the standard library's :mod:`array` (a lookup is ~0.5 µs with
    :func:`bisect.bisect_left`, a third of NumPy's scalar ``searchsorted``); NumPy sorts them
    once.

    >>> g = Grams.from_items([("发", Gram(2, 1, 2)), ("发展", Gram(2, 1, 2))])
    >>> g["发展"], "展" in g, list(g)
    (Gram(count=2, left=1, total=2), False, ['发', '发展'])
    """

    def __init__(self, keys: array, count: array, left: array, total: array):
        self.keys, self.count, self.left, self.total = keys, count, left, total  # in iteration order
        packed = np.frombuffer(keys, dtype=np.int64)
        order = np.argsort(packed, kind="stable")  # positions by key, for the search
        ordered = packed[order]
        if len(ordered) > 1 and not (ordered[1:] != ordered[:-1]).all():
            raise ValueError("a gram is given twice")
        self._order, self._sorted = array("q", order.astype(np.int64).tobytes()), array("q", ordered.tobytes())

    @classmethod
    def from_items(cls, items: Iterable[tuple[str, Gram]]) -> Grams:
        """The grams of ``(gram, Gram)`` pairs, in their order."""
        keys, count, left, total = (array("q") for _ in range(4))
        for g, x in items:
            keys.append(_pack(g))
            count.append(x.count)
            left.append(x.left)
            total.append(x.total)
        return cls(keys, count, left, total)

    def index(self, gram: str) -> int:
        """Position of ``gram`` in the arrays, or -1."""
        if not gram or len(gram) > ORDER:
            return -1
        key = _pack(gram)
        i = bisect_left(self._sorted, key)
        return self._order[i] if i < len(self._sorted) and self._sorted[i] == key else -1

    def positions(self, keys: np.ndarray) -> np.ndarray:
        """Position of each packed gram of ``keys`` in the arrays, or -1."""
        ordered = np.frombuffer(self._sorted, dtype=np.int64)
        if not len(ordered):
            return np.full(len(keys), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
        return np.where(ordered[at] == keys, np.frombuffer(self._order, dtype=np.int64)[at], -1)

    def lengths(self) -> np.ndarray:
        """Characters in each gram, in iteration order."""
        rest = np.frombuffer(self.keys, dtype=np.int64).copy()
        n = np.zeros(len(rest), dtype=np.int64)
        while rest.any():
            n += rest > 0
            rest >>= _BITS
        return n

    def __getitem__(self, gram: str) -> Gram:
        i = self.index(gram)
        if i < 0:
            raise KeyError(gram)
        return Gram(self.count[i], self.left[i], self.total[i])

    def __contains__(self, gram) -> bool:
        return isinstance(gram, str) and self.index(gram) >= 0

    def __iter__(self) -> Iterator[str]:
        return map(_unpack, self.keys)

    def __len__(self) -> int:
        return len(self.keys)


@dataclass(frozen=True, eq=False)
class CharModel:
    """Interpolated Kneser–Ney over n-gram counts (``grams``: text → :class:`Gram`, held as
    :class:`Grams`) with one discount per order (``discounts[n - 1]`` for n-grams)."""

    grams: Mapping[str, Gram]
    discounts: tuple[float, ...]
    #: The unigram level's prior: add-one over GBK (None), or this model's unigram, with the
    #: same weight (a small model, such as the heading model, backs off to the large one's).
    base: CharModel | None = None
    unigrams: dict[str, int] = field(init=False, repr=False)  # character → occurrences
    total: int = field(init=False)  # characters counted
    _left_total: int = field(init=False, repr=False)  # sum of unigram continuation counts
    _kept: array = field(init=False, repr=False)  # by gram: discounted mass of the kept n-grams it is the context of
    _memo: dict = field(init=False, repr=False, default_factory=dict)  # (context, ch) → logp
    _lower: dict = field(init=False, repr=False, default_factory=dict)  # (shorter context, ch) → P

    def __post_init__(self):
        grams = self.grams if isinstance(self.grams, Grams) else Grams.from_items(self.grams.items())
        n = grams.lengths()
        keys, count, left = (np.frombuffer(a, dtype=np.int64) for a in (grams.keys, grams.count, grams.left))
        one = np.flatnonzero(n == 1)
        uni = dict(zip(map(_unpack, keys[one].tolist()), count[one].tolist()))
        # each longer gram's discounted count (its continuation count below the top order)
        # added to its context's mass, in the grams' order (the sums as a loop makes them)
        longer = np.flatnonzero(n > 1)
        numerators = np.where(n[longer] == ORDER, count[longer], left[longer]) - np.asarray(
            self.discounts, dtype=np.float64)[n[longer] - 1]
        contexts = grams.positions(keys[longer] >> _BITS)
        if (contexts < 0).any():
            raise ValueError("an n-gram whose context is not among the grams")
        kept = np.zeros(len(grams), dtype=np.float64)
        np.add.at(kept, contexts, np.maximum(numerators, 0.0))
        object.__setattr__(self, "grams", grams)
        object.__setattr__(self, "unigrams", uni)
        object.__setattr__(self, "total", sum(uni.values()))
        object.__setattr__(self, "_left_total", int(left[one].sum()))
        object.__setattr__(self, "_kept", array("d", kept.tobytes()))

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 1) -> CharModel:
        """The model counted on ``texts`` (for examples and tests; the package reads its file)."""
        grams, discounts = tabulate(count(texts), min_count=min_count)
        return cls(grams, discounts)

    def _numerator(self, g: str, x: Gram) -> float:
        c = x.count if len(g) == ORDER else x.left
        return c - self.discounts[len(g) - 1]

    def logp_char(self, ch: str) -> float:
        """Natural log of the unigram (continuation) probability of ``ch``."""
        return self.logp("", ch)

    def logp(self, context: str, ch: str) -> float:
        """Natural log of P(``ch`` | the last two characters of ``context``); ``""`` gives
        the unigram."""
        key = (context[-(ORDER - 1) :], ch)
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = math.log(self._p("".join(map(_simplified, key[0])), _simplified(ch)))
        return got

    def _p(self, context: str, ch: str) -> float:
        grams = self.grams
        if not context:
            i = grams.index(ch)
            prior = 1.0 if self.base is None else GBK_SIZE * math.exp(self.base.logp_char(ch))
            return ((grams.left[i] if i >= 0 else 0) + prior) / (self._left_total + GBK_SIZE)
        lower = self._lower.get((context[1:], ch))
        if lower is None:  # the lower orders recur across contexts: each looked up once
            lower = self._lower[context[1:], ch] = self._p(context[1:], ch)
        c = grams.index(context)
        ctx_total = grams.total[c] if c >= 0 else 0
        if not ctx_total:
            return lower
        g = context + ch
        i = grams.index(g)
        own = max(self._numerator(g, Gram(grams.count[i], grams.left[i])), 0.0) if i >= 0 else 0.0
        rest = 1.0 - self._kept[c] / ctx_total
        return own / ctx_total + rest * lower

    def score(self, text: str, before: str = "", after: str = "") -> float:
        """Log probability of ``text`` after the context ``before`` and of ``after`` after
        it (either may be "" for none), less the unigrams of ``after`` (so readings of
        different lengths compare fairly).

        >>> m = CharModel.from_texts(["发展经济"])
        >>> m.score("展", before="发") == m.logp("发", "展")
        True
        """
        s, ctx = 0.0, before
        for ch in text:
            s += self.logp(ctx, ch)
            ctx += ch
        for ch in after:
            s += self.logp(ctx, ch) - self.logp_char(ch)
            ctx += ch
        return s


@lru_cache(maxsize=None)
def _simplified(ch: str) -> str:
    """``ch`` in simplified form (OpenCC t2s, one character at a time)."""
    if ord(ch) < 0x2E80:
        return ch
    return _t2s()(ch)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    conv = opencc.OpenCC("t2s")
    return lambda ch: (lambda s: s if len(s) == 1 else ch)(conv.convert(ch))


def count(texts: Iterable[str]) -> Counter:
    """Counts of every 1- to :data:`ORDER`-gram of adjacent non-space characters, a line's
    first character after :data:`LINE_START` and its last before :data:`LINE_END`.

    >>> c = count(["发展经济", "发展 经济"])
    >>> c["发"], c["发展"], c[LINE_START + "发展"], c["展经"]
    (2, 2, 2, 1)
    """
    grams: Counter[str] = Counter()
    for text in texts:
        for line in text.split("\n"):
            chunks = line.split()
            if not chunks:
                continue
            chunks[0] = LINE_START + chunks[0]
            chunks[-1] += LINE_END
            for chunk in chunks:
                for n in range(1, ORDER + 1):
                    grams.update(chunk[i : i + n] for i in range(len(chunk) - n + 1))
    return grams


def tabulate(grams: Counter, min_count: int = MIN_COUNT) -> tuple[dict[str, Gram], tuple[float, ...]]:
    """The :class:`Gram` rows of the n-grams to keep (every character; longer n-grams seen
    ``min_count`` times or more) and the discount of each order, from full counts."""
    left: Counter[str] = Counter()  # distinct characters before each (n - 1)-gram
    total: Counter[str] = Counter()  # a context's mass: occurrences or continuation counts
    for g, c in grams.items():
        if len(g) >= 2:
            left[g[1:]] += 1
            if len(g) == ORDER:
                total[g[:-1]] += c
    for g, c in grams.items():
        if g.startswith(LINE_START) and len(g) < ORDER:
            left[g] = c  # nothing precedes a line start: its own count (as KenLM does)
    for g, n in left.items():
        if len(g) == ORDER - 1:
            total[g[:-1]] += n
    discounts = []
    for n in range(1, ORDER + 1):
        values = Counter(c if n == ORDER else left[g] for g, c in grams.items() if len(g) == n)
        n1, n2 = values[1], values[2]
        discounts.append(round(n1 / (n1 + 2 * n2), 4) if n1 else 0.5)
    rows = {
        g: Gram(c, left[g], total[g]) if len(g) < ORDER else Gram(c)
        for g, c in grams.items()
        if len(g) == 1 or c >= min_count
    }
    return rows, tuple(discounts)


def _escape(gram: str) -> str:
    for mark, name in _MARKS:
        gram = gram.replace(mark, name)
    return gram


def _unescape(gram: str) -> str:
    for mark, name in _MARKS:
        gram = gram.replace(name, mark)
    return gram


def source_files(raw: Path = paths.RAW) -> list[tuple[Path, str]]:
    """The corpus files the model is counted on, with their text field, in a fixed order."""
    return [(p, field) for pattern, field in SOURCES for p in sorted(raw.glob(pattern))]


def build(raw: Path = paths.RAW, min_count: int = MIN_COUNT, headings: bool = False) -> str:
    """Return the text of the model file: provenance header, the discounts, then rows
    ``gram<TAB>count<TAB>left<TAB>total`` for characters and bigrams and ``gram<TAB>count``
    for trigrams, each order by count (descending), ties in code-point order. ``headings``:
    counted on the numbered heading lines only (:func:`analysis.clean.headings_model.heading_lines`)."""
    from analysis.lexicons import file_sha256
    from analysis.readers.records import iter_records

    files = source_files(raw)
    texts = (text for path, field in files for _, text, _ in iter_records(path, field))
    name, command, what = CHAR_NGRAMS, "", "characters as written"
    if headings:
        from analysis.clean.headings_model import HEADING_NGRAMS, heading_lines

        texts = heading_lines(texts)
        name, command = HEADING_NGRAMS, " --headings"
        what = "the numbered heading lines only (一、… （一）…, up to the first 。), characters as written"
    rows, discounts = tabulate(count(texts), min_count)
    header = [
        f"{name} — character 1- to {ORDER}-gram counts for choosing between readings "
        "of damaged text (analysis.clean.ngrams, interpolated Kneser–Ney). GENERATED:",
        f"rebuild with `python -m analysis ngrams{command} --out PATH`; do not edit by hand.",
        *(f"source: {p.relative_to(raw).as_posix()} field {field} sha256 {file_sha256(p)}" for p, field in files),
        f"counting: {what}; whitespace separates; <s> and </s> mark a line's start "
        f"and end; every character kept, longer n-grams with count >= {min_count}",
        "columns: count = occurrences; left = distinct characters seen before the gram; total = its mass "
        "as a context (bigram: occurrences followed by a character; character: sum of left over its "
        "bigrams), both before pruning; trigrams have count only",
        "discounts: " + " ".join(f"{d:.4f}" for d in discounts),
    ]
    order = sorted(rows.items(), key=lambda kv: (len(kv[0]), -kv[1].count, kv[0]))
    body = "".join(
        f"{_escape(g)}\t{x.count}\n" if len(g) == ORDER else f"{_escape(g)}\t{x.count}\t{x.left}\t{x.total}\n"
        for g, x in order
    )
    return "".join(f"# {h}\n" for h in header) + "gram\tcount\tleft\ttotal\n" + body


def write(out: str | Path, raw: Path = paths.RAW, min_count: int = MIN_COUNT, headings: bool = False) -> Path:
    """Write :func:`build` to ``out`` (atomically) and return the path."""
    from analysis.io import write_atomic

    path = Path(out)
    write_atomic(path, build(raw, min_count, headings))
    return path


def read(path: str | Path) -> CharModel:
    """The model in a file written by :func:`write`."""
    discounts: tuple[float, ...] = ()

    def rows(fh):
        nonlocal discounts
        for line in fh:  # one at a time: the rows held are the arrays' only
            line = line.rstrip("\n")
            if line.startswith("#"):
                if line.startswith("# discounts: "):
                    discounts = tuple(float(d) for d in line.split(":", 1)[1].split())
                continue
            if line.startswith("gram\t"):
                continue
            gram, *numbers = line.split("\t")
            yield _unescape(gram) if "<" in gram else gram, Gram(*map(int, numbers))

    with open(path, encoding="utf-8") as fh:
        grams = Grams.from_items(rows(fh))
    if len(discounts) != ORDER:
        raise ValueError(f"{path}: no '# discounts:' line with {ORDER} values")
    return CharModel(grams, discounts)


@lru_cache(maxsize=1)
def load() -> CharModel:
    """The packaged model (``analysis/data/char_trigrams.tsv``), read once."""
    from analysis.lexicons import lexicon_path

    return read(lexicon_path(CHAR_NGRAMS))
