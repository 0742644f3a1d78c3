"""A character bigram model of the package's own corpora, for choosing between readings.

The model is counted on the shipped national reports (``data/raw/national/*.jsonl``, field
``content``) and provincial reports (``data/raw/provincial-2026/*.csv``, column
``full_text``), and shipped as ``analysis/data/char_bigrams.tsv`` (GENERATED; rebuild with
``python -m analysis ngrams --out PATH``). Characters are counted as written; whitespace
separates (no bigram spans a space or a line break). Every character's count is kept; a
bigram only when it occurs at least ``min_count`` times, which keeps the file small.

Scoring (:meth:`CharModel.logp`) smooths the bigram towards the unigram with a Dirichlet
prior of :data:`PRIOR` pseudo-counts (MacKay & Peto 1995), and the unigram is add-one over
GBK's 21,886 characters, so an unseen character or pair still has a small probability.
Witten–Bell smoothing (the unigram weighted by the number of distinct characters seen
after ``a``) was tried and restored fewer synthetic headings exactly (24% against 34% of
97, ``tests/test_mojibake.py``'s damage), so it is not used. Adding a word model (the
likeliest segmentation of the reading and three characters either side under jieba's
dictionary frequencies, weight 0.3–0.5 nats per nat) was tried too: on held-out headings
(the 2025 provincial reports, which the model is not counted on) it restored 54 of 254
exactly against 44, but wrote more wrong readings (68–72 against 55) and, on the seed, wrote
吸取， where the page's bytes of 温度。 are garbled (margins 5.7 and 9.1), so it is not used
either. Traditional characters are looked up by their simplified form (the corpora are
simplified; mojibake is repaired before the text is converted).

>>> m = CharModel({"发": 3, "展": 3, "经": 1}, {"发展": 3})
>>> m.logp("发", "展") > m.logp("发", "经")
True
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from analysis import paths

#: The packaged model's file name under ``analysis/data/``.
CHAR_BIGRAMS = "char_bigrams.tsv"
#: Number of characters GBK encodes in two bytes: the unigram's uniform floor.
GBK_SIZE = 21886
#: Weight of the unigram in a bigram's probability, in pseudo-counts (1, 2 and 5 restore the
#: same number of synthetic headings; 2 is the middle).
PRIOR = 2.0
#: The line start and line end, as the model counts them (written ``<s>``, ``</s>`` in the file).
LINE_START, LINE_END = "\x02", "\x03"
_MARKS = ((LINE_START, "<s>"), (LINE_END, "</s>"))
#: The corpora the model is counted on, relative to ``data/raw``: (glob, text field).
SOURCES = (("national/*.jsonl", "content"), ("provincial-2026/*.csv", "full_text"))


@dataclass(frozen=True, eq=False)
class CharModel:
    """Unigram counts of every character and bigram counts of the frequent pairs."""

    unigrams: dict[str, int]
    bigrams: dict[str, int]
    total: int = field(init=False)  # characters counted
    _floor: float = field(init=False, repr=False)  # log P of a character never seen
    _memo: dict = field(init=False, repr=False, default_factory=dict)  # logp by prev + ch

    def __post_init__(self):
        total = sum(self.unigrams.values())
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "_floor", math.log(1 / (total + GBK_SIZE)))

    def logp_char(self, ch: str) -> float:
        """Natural log of the unigram probability of ``ch`` (add-one over GBK)."""
        n = self.unigrams.get(_simplified(ch), 0)
        return math.log((n + 1) / (self.total + GBK_SIZE)) if n else self._floor

    def logp(self, prev: str, ch: str) -> float:
        """Natural log of P(``ch`` | ``prev``); ``prev == ""`` (no context) gives the unigram."""
        key = prev + ch
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._logp(prev, ch)
        return got

    def _logp(self, prev: str, ch: str) -> float:
        b = _simplified(ch)
        p_b = (self.unigrams.get(b, 0) + 1) / (self.total + GBK_SIZE)
        if not prev:
            return math.log(p_b)
        a = _simplified(prev)
        return math.log((self.bigrams.get(a + b, 0) + PRIOR * p_b) / (self.unigrams.get(a, 0) + PRIOR))

    def score(self, text: str, before: str = "", after: str = "") -> float:
        """Log probability of ``text`` between the context characters ``before`` and ``after``
        (either may be "" for none): the bigrams through ``before + text + after``, less the
        unigram of ``after`` (so readings of different lengths compare fairly).

        >>> m = CharModel({"发": 3, "展": 3}, {"发展": 3})
        >>> m.score("展", before="发") == m.logp("发", "展")
        True
        """
        s, prev = 0.0, before
        for ch in text:
            s += self.logp(prev, ch)
            prev = ch
        if after:
            s += self.logp(prev, after) - self.logp_char(after)
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


def count(texts: Iterable[str], min_count: int = 2) -> tuple[Counter, Counter]:
    """Unigram counts of every non-space character (and of line starts and ends), and
    bigram counts (at least ``min_count``) of adjacent non-space characters, a line's first
    character after :data:`LINE_START` and its last before :data:`LINE_END`.

    >>> uni, bi = count(["发展经济", "发展 经济"], min_count=2)
    >>> uni["发"], {g.replace(LINE_START, "^").replace(LINE_END, "$"): c for g, c in bi.items()}
    (2, {'^发': 2, '发展': 2, '经济': 2, '济$': 2})
    """
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for text in texts:
        for line in text.split("\n"):
            chunks = line.split()
            if not chunks:
                continue
            chunks[0] = LINE_START + chunks[0]
            chunks[-1] += LINE_END
            for chunk in chunks:
                uni.update(chunk)
                bi.update(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return uni, Counter({g: c for g, c in bi.items() if c >= min_count})


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


def build(raw: Path = paths.RAW, min_count: int = 2) -> str:
    """Return the text of the model file (provenance header, then ``gram<TAB>count`` rows:
    characters by count, then bigrams by count, ties in code-point order)."""
    from analysis.lexicons import file_sha256
    from analysis.readers.records import iter_records

    files = source_files(raw)
    texts = (text for path, field in files for _, text, _ in iter_records(path, field))
    uni, bi = count(texts, min_count)
    header = [
        f"{CHAR_BIGRAMS} — character unigram and bigram counts for choosing between readings "
        "of damaged text (analysis.clean.ngrams). GENERATED:",
        "rebuild with `python -m analysis ngrams --out PATH`; do not edit by hand.",
        *(f"source: {p.relative_to(raw).as_posix()} field {field} sha256 {file_sha256(p)}" for p, field in files),
        "counting: characters as written; whitespace separates; <s> and </s> mark a line's start "
        f"and end; every character kept, bigrams with count >= {min_count}",
    ]
    rows = sorted(uni.items(), key=lambda kv: (-kv[1], kv[0])) + sorted(bi.items(), key=lambda kv: (-kv[1], kv[0]))
    body = "".join(f"{_escape(g)}\t{c}\n" for g, c in rows)
    return "".join(f"# {h}\n" for h in header) + "gram\tcount\n" + body


def write(out: str | Path, raw: Path = paths.RAW, min_count: int = 2) -> Path:
    """Write :func:`build` to ``out`` (atomically) and return the path."""
    from analysis.io import write_atomic

    path = Path(out)
    write_atomic(path, build(raw, min_count))
    return path


def read(path: str | Path) -> CharModel:
    """The model in a file written by :func:`write`."""
    uni, bi = {}, {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("gram\t"):
                continue
            gram, n = line.rstrip("\n").split("\t")
            gram = _unescape(gram)
            (uni if len(gram) == 1 else bi)[gram] = int(n)
    return CharModel(uni, bi)


@lru_cache(maxsize=1)
def load() -> CharModel:
    """The packaged model (``analysis/data/char_bigrams.tsv``), read once."""
    from analysis.lexicons import lexicon_path

    return read(lexicon_path(CHAR_BIGRAMS))
