"""The segmenter: one explicit jieba tokenizer per process, the protected spans, and the vocabulary that interns tokens."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import itertools
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.lexicons import (
    LexiconError,
    load_lexicon,
)

from .backends import (
    DEFAULT_USERDICT,
    FAST_BACKENDS,
    HMM,
    _backend_tokenizer,
    default_backend,
    quiet_jieba,
    segmenter_settings,
)
from .rules import (
    _KIND,
    RE_NUMBER_TOKEN,
    RE_PROTECTED_SCAN,
    RE_SPACE_NEAR_CJK_SCAN,
    RE_WORDLIKE,
)


class Segmenter:
    """A jieba tokenizer instance with the user dictionary loaded and the rules applied.

    Build it once (:func:`get_segmenter` caches the default one); loading jieba's
    dictionary takes about a second.

    >>> seg = get_segmenter()
    >>> seg.words("扎实做好“六稳”工作，全面落实“六保”任务")
    ['扎实', '做好', '六稳', '工作', '全面落实', '六保', '任务']
    """

    def __init__(self, userdict: str | Path = DEFAULT_USERDICT, *, hmm: bool = HMM, backend: str | None = None):
        self.hmm = hmm
        self.settings = segmenter_settings(userdict, hmm=hmm)
        lexicon = load_lexicon(userdict, columns=("term",))
        entries = []
        for row in lexicon.itertuples(index=False):
            freq = getattr(row, "freq", None)
            if freq is not None and not pd.isna(freq) and freq != "":
                if not str(freq).isdigit():
                    raise LexiconError(lexicon.attrs["path"], row.line, f"freq {freq!r} is not an integer")
                freq = int(freq)
            else:
                freq = None
            pos = getattr(row, "pos", None)
            pos = None if pos is None or pd.isna(pos) or pos == "" else str(pos)
            entries.append((str(row.term), freq, pos))
        guessed = any(freq is None for _, freq, _ in entries)
        # a missing frequency is guessed by each library its own way: only jieba's counts
        self.backend = backend or ("jieba" if guessed else default_backend())
        if self.backend != "jieba" and (hmm or guessed or self.backend not in FAST_BACKENDS):
            raise ValueError(f"backend {self.backend!r} is verified only with HMM off and user-dictionary "
                             "frequencies given; use 'jieba'")
        tokenizer = _backend_tokenizer(self.backend)
        tokenizer.initialize()
        for term, freq, pos in entries:
            tokenizer.add_word(term, freq, pos)
        self._tokenizer = tokenizer
        # jieba (and each backend) first splits its input into blocks at characters its
        # ``re_han_default`` does not match, then cuts every block on its own; so text
        # pieces joined by such a character are cut in one call exactly as one by one.
        # :meth:`_cut_sentences` relies on that only where this check holds.
        re_han = getattr(tokenizer, "re_han_default", None)
        if re_han is None:
            module = quiet_jieba() if self.backend == "jieba" else importlib.import_module(self.backend)
            re_han = getattr(module, "re_han_default", None)
        self._joinable = re_han is not None and not re_han.match(_SEP)

    def cut(self, text: str) -> list[tuple[str, int, int, str]]:
        """Return ``(token, start, end, kind)`` for each word of ``text``; offsets into ``text``.

        >>> get_segmenter().cut("收入 145.5 亿元")
        [('收入', 0, 2, 'word'), ('145.5亿元', 3, 11, 'number')]
        """
        squeezed, index = _squeeze(text)
        out: list[tuple[str, int, int, str]] = []
        last = 0
        for m in RE_PROTECTED_SCAN.finditer(squeezed):  # = RE_PROTECTED, faster
            self._cut_plain(squeezed, last, m.start(), index, out)
            if m.lastgroup in _KIND:
                out.append((m.group(), index[m.start()], index[m.end() - 1] + 1, _KIND[m.lastgroup]))
            last = m.end()
        self._cut_plain(squeezed, last, len(squeezed), index, out)
        return out

    def words(self, text: str) -> list[str]:
        """Return the tokens of ``text`` as strings (see :meth:`cut`).

        >>> get_segmenter().words("xx综合保税区进出口总额增长3.5%")
        ['综合保税区', '进出口', '总额', '增长', '3.5%']
        """
        return [t[0] for t in self.cut(text)]

    def _cut_plain(self, s: str, lo: int, hi: int, index: Sequence[int], out: list) -> None:
        if lo >= hi:
            return
        pos = lo
        for word in self._tokenizer.cut(s[lo:hi], HMM=self.hmm):
            end = pos + len(word)
            kind = _word_kind(word)
            if kind:
                out.append((word.strip(), index[pos], index[end - 1] + 1, kind))
            pos = end

    def _cut_sentences(self, texts: list[str]) -> tuple[np.ndarray, ...] | None:
        """Cut many texts at once, as :meth:`cut` cuts each; ``None`` where that cannot be
        done exactly (then cut them one by one).

        Returns arrays with one element per token, in order: the index of its text, its
        start and end offsets in that text, its :data:`_VOCAB` id and its kind code
        (:data:`_KIND_NAMES`).

        The texts are joined by ``\\x00`` to drop white space (no rule sees it as
        white space or CJK, so at a join it acts as the end of a text), then by
        :data:`_SEP` to find protected spans (each look-around of RE_PROTECTED treats it
        as the end of a text, and no span can contain it); protected spans are replaced by
        :data:`_SEP` too and the rest goes to jieba in one call, where every
        :data:`_SEP` ends a block. The result is checked: every :data:`_SEP` must come
        back as a token of its own, else ``None``.
        """
        n_texts = len(texts)
        joined = _SQUEEZE_SEP.join(texts)
        if not (self._joinable and n_texts) or joined.count(_SQUEEZE_SEP) != n_texts - 1 or "\n" in joined:
            return None  # (a text ending in "\n" would change where RE_BARE_SLOGAN's $ matches)
        lengths = np.fromiter(map(len, texts), np.int64, n_texts)
        text_start = np.zeros(n_texts, np.int64)  # where each text starts in `joined`
        np.cumsum(lengths[:-1] + 1, out=text_start[1:])
        joins = text_start[1:] - 1
        if RE_SPACE_NEAR_CJK_SCAN.search(joined):
            kept = np.ones(len(joined), bool)
            for m in RE_SPACE_NEAR_CJK_SCAN.finditer(joined):
                kept[m.start() : m.end()] = False
            index = np.flatnonzero(kept)  # position in `joined` of each char of `squeezed`
            squeezed = RE_SPACE_NEAR_CJK_SCAN.sub("", joined)
            joins = np.searchsorted(index, joins)
        else:
            index, squeezed = None, joined
        squeezed = squeezed.replace(_SQUEEZE_SEP, _SEP)
        spans = [(m.start(), m.end(), m.lastgroup) for m in RE_PROTECTED_SCAN.finditer(squeezed)]
        pieces, last = [], 0
        for lo, hi, _ in spans:
            pieces.append(squeezed[last:lo])
            last = hi
        pieces.append(squeezed[last:])
        plain = _SEP.join(pieces)  # `squeezed` with each protected span replaced by _SEP
        lo = np.array([sp[0] for sp in spans], np.int64)
        hi = np.array([sp[1] for sp in spans], np.int64)
        shift = np.zeros(len(spans) + 1, np.int64)  # chars removed from `squeezed` before span i
        np.cumsum(hi - lo - 1, out=shift[1:])
        seps = np.concatenate([lo - shift[:-1], joins - shift[np.searchsorted(lo, joins)]])  # _SEP in `plain`

        words = self._tokenizer.lcut(plain, HMM=self.hmm)
        ids = _VOCAB.ids(words)
        length = _VOCAB.length[ids]
        end = np.cumsum(length)
        start = end - length
        boundary = np.zeros(len(plain) + 1, bool)
        boundary[start] = True
        boundary[len(plain)] = True
        if (len(words) and end[-1] != len(plain)) or not (boundary[seps].all() and boundary[seps + 1].all()):
            return None
        kind = _VOCAB.kind[ids]
        keep = kind > 0  # drops punctuation, and with it every _SEP
        start = start[keep]
        start += shift[np.searchsorted(lo - shift[:-1], start)]  # back to offsets in `squeezed`
        end = start + length[keep]
        ids, kind = _VOCAB.stripped[ids[keep]], kind[keep]
        rules = [(a, b, _KIND_CODE[_KIND[g]]) for a, b, g in spans if g in _KIND]
        if rules:
            start = np.concatenate([start, [r[0] for r in rules]])
            end = np.concatenate([end, [r[1] for r in rules]])
            ids = np.concatenate([ids, [_VOCAB.add(squeezed[a:b]) for a, b, _ in rules]])
            kind = np.concatenate([kind, np.array([r[2] for r in rules], np.int8)])
            order = np.argsort(start, kind="stable")
            start, end, ids, kind = start[order], end[order], ids[order], kind[order]
        if index is not None:
            start, end = index[start], index[end - 1] + 1
        text = np.searchsorted(text_start, start, side="right") - 1
        start -= text_start[text]
        end -= text_start[text]
        if (end > lengths[text]).any():
            return None
        return text, start, end, ids, kind

@functools.lru_cache(maxsize=1 << 16)  # called for every jieba token; the vocabulary repeats
def _word_kind(word: str) -> str:
    """Return the kind of a jieba token: ``"number"``, ``"word"``, or ``""`` if it is not a
    word (punctuation, symbols).

    >>> _word_kind("三年"), _word_kind("改革"), _word_kind("，")
    ('number', 'word', '')
    """
    if not RE_WORDLIKE.search(word):
        return ""
    return "number" if RE_NUMBER_TOKEN.fullmatch(word) else "word"

#: Kind codes of the tokens of :meth:`Segmenter._cut_sentences` (0: not a word).
_KIND_NAMES = ("", "word", "number", "slogan")

_KIND_CODE = {k: i for i, k in enumerate(_KIND_NAMES)}

#: Joins texts cut in one jieba call: not word-like, not white space, ends a jieba block,
#: and every look-around of RE_PROTECTED treats it as the end of a text.
_SEP = "；"

#: Joins texts while white space is dropped: neither white space nor CJK.
_SQUEEZE_SEP = "\x00"

_KIND_ARROW = pa.array(_KIND_NAMES, type=pa.large_string())

_STRING = pd.api.types.pandas_dtype("string")

def _string_array(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as a pandas array of dtype ``"string"`` (no copy when that
    dtype is itself Arrow-backed)."""
    if getattr(_STRING, "storage", None) == "pyarrow" and getattr(_STRING, "na_value", pd.NA) is pd.NA:
        return pd.arrays.ArrowStringArray(values)
    return pd.array(values, dtype=_STRING)

class _Vocabulary:
    """What the tokens table needs to know about a token string, worked out once per
    distinct string (these are functions of the string alone): its kind as a jieba token,
    its length, the id of its stripped form, and whether it is in a term list.

    Ids index the numpy arrays ``text``, ``kind``, ``length`` and ``stripped``, so
    per-token columns are array lookups. Entries are only ever added (under a lock), so
    an id once given stays valid in every later array.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._ids: dict[str, int] = {}
        self._members: dict[frozenset, np.ndarray] = {}
        self.text = np.empty(0, dtype=object)
        self.kind = np.empty(0, dtype=np.int8)
        self.length = np.empty(0, dtype=np.int64)
        self.stripped = np.empty(0, dtype=np.int64)
        self._arrow = pa.array([], type=pa.large_string())

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self, words: list[str]) -> np.ndarray:
        """The id of each string, added if new."""
        with self._lock:
            ids = np.fromiter(map(self._ids.get, words, itertools.repeat(-1)), np.int64, len(words))
            for i in np.flatnonzero(ids < 0).tolist():
                ids[i] = self.add(words[i])
        return ids

    def add(self, word: str) -> int:
        """The id of one string, added if new."""
        i = self._ids.get(word)
        if i is not None:
            return i
        with self._lock:
            return self._add(word)

    def _add(self, word: str) -> int:
        i = self._ids.get(word)
        if i is not None:
            return i
        i = self._ids[word] = len(self._ids)
        if i == len(self.text):  # grow by doubling
            size = max(1024, 2 * i)
            for name in ("text", "kind", "length", "stripped"):
                old = getattr(self, name)
                new = np.empty(size, dtype=old.dtype)
                new[:i] = old
                setattr(self, name, new)
        self.text[i] = word
        self.kind[i] = _KIND_CODE[_word_kind(word)]
        self.length[i] = len(word)
        stripped = word.strip()
        self.stripped[i] = i if stripped == word else self._add(stripped)
        return i

    def strings(self, ids: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """``text[ids]`` as a ``"string"`` array (taken from an Arrow copy of ``text``)."""
        with self._lock:
            n = len(self._ids)
            if len(self._arrow) < n:
                new = pa.array(self.text[len(self._arrow) : n], type=self._arrow.type)
                self._arrow = pa.concat_arrays([self._arrow, new])
            arrow = self._arrow
        return _string_array(pc.take(arrow, ids))

    def member(self, terms: frozenset) -> np.ndarray:
        """``text[i] in terms`` for every id ``i`` (a boolean array)."""
        with self._lock:
            n = len(self._ids)
            flags = self._members.get(terms)
            if flags is None or len(flags) < n:
                done = 0 if flags is None else len(flags)
                new = np.fromiter((t in terms for t in self.text[done:n].tolist()), bool, n - done)
                flags = new if flags is None else np.concatenate([flags, new])
                if len(self._members) >= 8:
                    self._members.clear()
                self._members[terms] = flags
        return flags

#: The token strings met so far, with their kinds (grows with the vocabulary of the texts).
_VOCAB = _Vocabulary()

def _squeeze(text: str) -> tuple[str, Sequence[int]]:
    """Drop whitespace next to CJK; return the new string and each char's original index."""
    if not RE_SPACE_NEAR_CJK_SCAN.search(text):  # the usual case: nothing to drop
        return text, range(len(text))
    pieces: list[str] = []
    index: list[int] = []
    last = 0
    for m in RE_SPACE_NEAR_CJK_SCAN.finditer(text):  # = RE_SPACE_NEAR_CJK, faster
        pieces.append(text[last : m.start()])
        index.extend(range(last, m.start()))
        last = m.end()
    pieces.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(pieces), index

@functools.lru_cache(maxsize=None)
def get_segmenter(userdict: str | None = None) -> Segmenter:
    """Return the (cached) segmenter for a user dictionary; ``None`` = the packaged one.

    >>> get_segmenter() is get_segmenter()
    True
    """
    return Segmenter(DEFAULT_USERDICT if userdict is None else userdict)


def segment(text: str, *, segmenter: Segmenter | None = None) -> list[str]:
    """Return the words of ``text`` (numbers with units whole, no punctuation or ``xx``).

    Args:
        text: cleaned report text (simplified Chinese, half-width digits).
        segmenter: defaults to :func:`get_segmenter`.

    >>> segment("以“三个对冲”抢抓“四个窗口期”，已接入各领域视频 1.18 万个")
    ['以', '三个对冲', '抢抓', '四个窗口期', '已', '接入', '各', '领域', '视频', '1.18万个']
    """
    return (segmenter or get_segmenter()).words(text)
