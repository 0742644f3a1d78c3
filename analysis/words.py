"""Words of a report: segmentation, the tidy tokens table, frequencies, keyness and KWIC.

Segmentation runs on **one explicit** ``jieba.Tokenizer`` (jieba's default ``dict.txt`` plus
the curated ``analysis/data/userdict.tsv``), built once per process by
:func:`get_segmenter`. jieba's module-level functions (``jieba.lcut``,
``jieba.load_userdict``, ``jieba.add_word``…) all act on the shared global tokenizer
``jieba.dt``, which other libraries also load dictionaries into; this module never calls
them, so our counts cannot drift with whatever else was imported.

Backends: jieba's pure-Python ``Tokenizer`` is the reference. The default backend is
``rjieba`` (a binding of jieba-rs, jieba's algorithm in Rust; a dependency of this
package), loaded with jieba's own ``dict.txt`` and the same user dictionary: with HMM off
it gives *identical* tokens (checked over every sentence of the national, provincial and
seed corpora by ``benchmarks/verify_backends.py``; ``tests/test_runner.py`` checks a sample
and a tie between equally likely splits) at about 20 times jieba's speed. ``jieba-next``
also gives identical tokens but is slower; ``jieba_fast`` and ``jieba_fast_dat`` break such
ties the other way (``盯紧盯实`` → 盯/紧盯 instead of 盯紧/盯), so they are not used.
``SEGMENTER_BACKEND`` records which one ran; set ``ANALYSIS_SEGMENTER_BACKEND=jieba`` to
force the reference. A user dictionary with a term but no frequency is segmented by jieba
itself (jieba and jieba-rs guess a missing frequency with different arithmetic).

Speed: :func:`tokens` cuts all sentences of a document with one jieba call (jieba cuts
its input block by block, and the sentences are joined by a character that ends a block)
and builds every column with array operations. Where that could differ from cutting
sentence by sentence (a token across a join, a backend without that block rule), the
document is cut sentence by sentence instead (:meth:`Segmenter._cut_sentences`).

``HMM`` is fixed to ``False``. With HMM on, jieba guesses out-of-vocabulary words by a
character-level Viterbi pass; on these reports that invents tokens from fragments and noise
(``个国考``, ``台老旧``, ``天无``, ``家助餐``, mojibake pairs such as ``拷济``), and such unseen
strings then get the *highest* IDF and float to the top of TF-IDF keywords. With HMM off,
every token is either a dictionary entry (jieba's or our versioned user dictionary) or a
span protected by one of the rules below, so a count can always be traced to a listed
word. The cost is that unlisted names split into characters (``恒``/``大``); the remedy is
an entry in ``userdict.tsv``, not a statistical guess.

Rules applied before jieba (compiled once as ``RE_*`` constants):

* whitespace touching a CJK character is ignored (``145.5 亿元`` = ``145.5亿元``; offsets
  still point into the original text);
* placeholders (the masked place name ``xx``, ``××``) and list enumerators (``(三)``,
  ``二、``) are not words and produce no token;
* a number with its magnitude and unit is one token (``23.4%``, ``145.5亿元``, ``1.18万个``);
* numbered slogans stay whole: a quoted phrase that starts with a numeral (“六稳”,
  “三个对冲”, “两张网”, “十四五”, “26条”), a plan period (十四五), and an unquoted
  numeral + 个/大 + 2–3 characters that ends at punctuation (坚定四个自信。);
* Chinese numerals with a unit that jieba returns as one word (三年, 二期, 一批) are
  numbers (``kind == "number"``), like digits with units;
* punctuation is not a word.

Tables (all tidy, one row per unit, dtypes in the ``*_COLUMNS`` constants):

* :func:`tokens` — one row per token (:data:`TOKEN_COLUMNS`);
* :func:`frequency` — one row per group × token (:data:`FREQUENCY_COLUMNS`);
* :func:`keyness` — one row per token, target vs reference (:data:`KEYNESS_COLUMNS`);
* :func:`kwic` — one row per occurrence of a term (:data:`KWIC_COLUMNS`);
* :func:`match_terms` — one row per occurrence of any of several terms (:data:`MATCH_COLUMNS`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import itertools
import math
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import jieba
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.lexicons import LexiconError, file_sha256, lexicon_path, load_lexicon, load_terms
from analysis.tables import as_schema, empty_frame, schema_frame, typed_frame

#: jieba's HMM flag, fixed for the whole package (see module docstring for why).
HMM = False

#: Packaged lexicons used by default.
DEFAULT_USERDICT = lexicon_path("userdict.tsv")
DEFAULT_STOPWORDS = lexicon_path("stopwords.txt")
DEFAULT_POLICY_VERBS = lexicon_path("policy_verbs.txt")

_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_OR_PUNCT = _CJK + "\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
_NUMERALS = "一二两三四五六七八九十百千"
#: Magnitudes written between a number and its unit (numerals.tsv, role "magnitude").
_MAGNITUDES = sorted(
    (r.char for r in load_lexicon("numerals.tsv", columns=("char", "role")).itertuples() if r.role == "magnitude"),
    key=lambda u: (-len(u), u),  # longest first; a fixed order keeps rules_sha256 stable
)
#: Units written after numbers: those of units.tsv (shared with analysis.extract.numbers; not those
#: written only after 万/亿, such as 方: 3.0方案) plus a few counters that name things
#: rather than quantities (月/日 of dates, 号线, 期, 批, 级…).
_UNITS = sorted(
    set(load_lexicon("units.tsv", columns=("unit", "after")).query("after != 'magnitude'")["unit"])
    | set("月 日 号线 号 期 批 级 届 轮 季度".split()),
    key=lambda u: (-len(u), u),  # longest first; a fixed order keeps rules_sha256 stable
)

#: Whitespace next to a CJK character or CJK punctuation: ignored when segmenting.
RE_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s+|\s+(?=[{_CJK_OR_PUNCT}])")
#: Masked names (``xx``, ``XX``, ``××``, ``**``): not words.
RE_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:[xX]{2,}|[×＊*]{2,})(?![A-Za-z])")
#: List enumerators of headings and items: (三) （十二） 3) 二、 — not words.
RE_ENUMERATOR = re.compile(
    r"[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）]|(?<![^\s。；：])[一二三四五六七八九十]{1,3}、"
)
#: A quoted phrase starting with a numeral or digit, up to 8 characters: “六稳”, “两张网”.
RE_QUOTED_SLOGAN = re.compile(
    rf"(?<=[“‘「『])[{_NUMERALS}0-9][^“”‘’「」『』\s，。、；：！？（）《》]{{0,7}}(?=[”’」』])"
)
#: A five-year-plan period: 十三五, 十四五, 十五五 (not the 十五 of 二十五).
RE_PLAN_PERIOD = re.compile(r"(?<![一二三四五六七八九十百])十[一二三四五六七八九]五(?![一二三四五六七八九十])")
#: Unquoted numbered slogan ending at punctuation: 四个自信。 两个维护， 五大新城、
#: (only 个/大: after 张/项 an ordinary noun usually follows, as in 两张网建设, 三项试点)
RE_BARE_SLOGAN = re.compile(
    rf"(?<![{_NUMERALS}万第])[一二两三四五六七八九十]{{1,2}}[个大][{_CJK}]{{2,3}}"
    r"(?=[，。、；：！？”’」』）)]|$)"
)
#: A number with optional magnitude and unit: 23.4%, 145.5亿元, 1.18万个, 1,362户, 2020年.
RE_NUMBER_UNIT = re.compile(
    r"(?<![A-Za-z0-9.])\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?:[%‰]|(?:多|余)?(?:" + "|".join(_MAGNITUDES) + r")?(?:" + "|".join(map(re.escape, _UNITS)) + r")?)"
    r"(?![A-Za-z])"
)
#: All protected spans, in priority order; the group name is the token kind.
RE_PROTECTED = re.compile(
    "|".join(
        f"(?P<{name}>{rx.pattern})"
        for name, rx in (
            ("placeholder", RE_PLACEHOLDER),
            ("enumerator", RE_ENUMERATOR),
            ("slogan", RE_QUOTED_SLOGAN),
            ("plan", RE_PLAN_PERIOD),
            ("bare_slogan", RE_BARE_SLOGAN),
            ("number", RE_NUMBER_UNIT),
        )
    )
)

# The two patterns below find exactly the matches of RE_SPACE_NEAR_CJK and RE_PROTECTED
# (same spans, same group names; tests/test_words.py compares them on the corpus and on
# random strings). They are rewritten so that the whole pattern starts with one character
# class, which lets the regex engine skip every character that cannot start a match
# instead of trying each alternative's look-behind there: about ten times faster. Each
# look-behind moves after the first character and grows by it, e.g. ``(?<![A-Za-z])x``
# becomes ``x(?<![A-Za-z]x)``; ``\d+`` after a consumed digit becomes ``\d*``.
_ENUM = "一二三四五六七八九十"  # numerals of RE_ENUMERATOR and RE_PLAN_PERIOD
_BARE = "一二两三四五六七八九十"  # numerals that start RE_BARE_SLOGAN
_MASK = "xX×＊*"  # characters of RE_PLACEHOLDER

#: RE_SPACE_NEAR_CJK, written to start with ``\s`` (same matches, for scanning).
RE_SPACE_NEAR_CJK_SCAN = re.compile(rf"\s(?:(?<=[{_CJK_OR_PUNCT}]\s)\s*|\s*(?=[{_CJK_OR_PUNCT}]))")
#: RE_PROTECTED, written to start with one character class (same matches and group
#: names, for scanning; RE_PROTECTED stays the documented rule and its hash).
RE_PROTECTED_SCAN = re.compile(
    rf"[{_MASK}（({_NUMERALS}\d](?:"
    rf"(?P<placeholder>(?<![A-Za-z][{_MASK}])(?:(?<=[xX])[xX]+|(?<=[×＊*])[×＊*]+)(?![A-Za-z]))"
    rf"|(?P<enumerator>(?<=[（(])(?:[{_ENUM}]{{1,3}}|\d{{1,2}})[)）]"
    rf"|(?<=[{_ENUM}])(?<![^\s。；：][{_ENUM}])[{_ENUM}]{{0,2}}、)"
    rf"|(?P<slogan>(?<=[“‘「『][{_NUMERALS}0-9])[^“”‘’「」『』\s，。、；：！？（）《》]{{0,7}}(?=[”’」』]))"
    rf"|(?P<plan>(?<=十)(?<![一二三四五六七八九十百]十)[一二三四五六七八九]五(?![{_ENUM}]))"
    rf"|(?P<bare_slogan>(?<=[{_BARE}])(?<![{_NUMERALS}万第][{_BARE}])[{_BARE}]?[个大][{_CJK}]{{2,3}}"
    r"(?=[，。、；：！？”’」』）)]|$))"
    r"|(?P<number>(?<=\d)(?<![A-Za-z0-9.]\d)\d*(?:,\d{3})*(?:\.\d+)?"
    r"(?:[%‰]|(?:多|余)?(?:" + "|".join(_MAGNITUDES) + r")?(?:" + "|".join(map(re.escape, _UNITS)) + r")?)"
    r"(?![A-Za-z]))"
    r")"
)
#: A token must contain at least one of these to be a word (drops punctuation, symbols).
RE_WORDLIKE = re.compile(rf"[0-9A-Za-z{_CJK}]")
#: A jieba token that is a number: digits (23.4, 30%), or Chinese numerals with an optional
#: magnitude and unit from units.tsv (三年, 二期, 一批, 两个).
RE_NUMBER_TOKEN = re.compile(
    r"[0-9][0-9.,%‰]*|[零〇一二两三四五六七八九十百千万亿]+(?:"
    + "|".join(map(re.escape, _UNITS))
    + r")?"
)

_KIND = {"slogan": "slogan", "plan": "slogan", "bare_slogan": "slogan", "number": "number"}

#: Columns of the tokens table (one row per token), in order, with dtypes.
TOKEN_COLUMNS = {
    "doc_id": "string",  # document identifier
    "part": "string",  # top-level part heading ("" before the first)
    "section": "string",  # heading path, as in Document.sentences
    "paragraph_id": "int64",  # 0-based paragraph index in the document
    "sentence_id": "int64",  # 0-based sentence index in the document
    "position": "int64",  # 0-based index of the token within its sentence
    "start": "int64",  # offset of the token in Document.text
    "end": "int64",  # end offset (exclusive) in Document.text
    "token": "string",  # the token, whitespace inside it removed
    "kind": "string",  # "word" (dictionary), "number" (number+unit), "slogan" (rule)
    "is_stopword": "bool",  # token is in stopwords.txt
    "is_policy_verb": "bool",  # token is in policy_verbs.txt
}

#: Columns of :func:`frequency` after the ``by`` columns, with dtypes.
FREQUENCY_COLUMNS = {
    "token": "string",
    "count": "int64",  # occurrences of the token in the group
    "n_tokens": "int64",  # all tokens in the group (every row of the tokens table)
    "rate_per_10k": "float64",  # count / n_tokens * 10,000
    "doc_freq": "int64",  # number of documents in the group containing the token
}

#: Columns of :func:`keyness`, with dtypes.
KEYNESS_COLUMNS = {
    "token": "string",
    "count_target": "int64",  # a: occurrences in the target group
    "count_reference": "int64",  # b: occurrences in the reference group
    "rate_target": "float64",  # per 10,000 tokens of the target (c tokens)
    "rate_reference": "float64",  # per 10,000 tokens of the reference (d tokens)
    "statistic": "string",  # always "G2": Dunning's log-likelihood, Rayson & Garside's form
    "value": "float64",  # G2 = 2 * sum(O * ln(O / E)) over the two cells of the term
    "p_value": "float64",  # chi-squared, 1 degree of freedom
    "log_ratio": "float64",  # Hardie's log ratio: log2((a/c) / (b/d)), zeros as 0.5
    "direction": "string",  # "target" if a/c > b/d, "reference" if less, "" if equal
}

#: Columns of :func:`kwic`, with dtypes.
KWIC_COLUMNS = {
    "doc_id": "string",
    "sentence_id": "int64",
    "start": "int64",  # offset of the term in Document.text
    "end": "int64",
    "left": "string",  # up to ``window`` characters before the term, within the sentence
    "term": "string",  # the matched text as it stands in Document.text
    "right": "string",  # up to ``window`` characters after the term, within the sentence
}

#: Columns of :func:`match_terms`, with dtypes.
MATCH_COLUMNS = {
    "doc_id": "string",
    "sentence_id": "int64",
    "position": "int64",  # position of the first token of the match
    "n_tokens": "int64",  # tokens covered by the match
    "n_content": "int64",  # covered tokens that are neither stopwords nor numbers
    "start": "int64",
    "end": "int64",
    "term": "string",  # the lexicon term that matched
    "label": "string",  # the label given for that term (e.g. its theme)
}


def _jieba_dict_path() -> Path:
    return Path(jieba.DEFAULT_DICT or Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME)


def segmenter_settings(userdict: str | Path = DEFAULT_USERDICT, *, hmm: bool = HMM) -> dict:
    """Return the settings that determine segmentation, for recording next to outputs.

    >>> s = segmenter_settings()
    >>> s["library"], s["hmm"], len(s["userdict_sha256"])
    ('jieba', False, 64)
    """
    path = lexicon_path(userdict)
    return {
        "library": "jieba",
        "jieba_version": jieba.__version__,
        "hmm": hmm,
        "dictionary": "jieba default dict.txt",
        "dictionary_sha256": file_sha256(_jieba_dict_path()),
        "userdict": path.name,
        "userdict_sha256": file_sha256(path),
        "rules": "analysis.words RE_PROTECTED, RE_NUMBER_TOKEN",
        "rules_sha256": hashlib.sha256(
            f"{RE_PROTECTED.pattern}\n{RE_NUMBER_TOKEN.pattern}\n{RE_WORDLIKE.pattern}".encode()
        ).hexdigest(),
    }


#: Settings of the default segmenter: jieba version, HMM flag, dictionary hashes.
SEGMENTER_SETTINGS = segmenter_settings()

#: Faster replacements for ``jieba.Tokenizer``, preferred first. Each is used only with
#: jieba's own dict.txt and HMM off, where it reproduces jieba's tokens exactly
#: (``benchmarks/verify_backends.py``); it changes speed, never a count.
FAST_BACKENDS = ("rjieba",)


class RjiebaTokenizer:
    """The part of ``jieba.Tokenizer``'s interface :class:`Segmenter` uses, over ``rjieba``
    (jieba-rs) with jieba's own dictionary file instead of the one rjieba bundles.

    >>> tk = RjiebaTokenizer(_jieba_dict_path()); tk.initialize()
    >>> tk.lcut("推进新型工业化", HMM=False)
    ['推进', '新型', '工业化']
    """

    #: Where jieba-rs ends a block of text it cuts (a wider CJK range than jieba's; no
    #: dictionary word has a character in the difference, so blocks are cut alike).
    re_han_default = re.compile(
        "([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1Fa-zA-Z0-9+#&._%\\-]+)"
    )

    def __init__(self, dictionary: str | Path):
        import rjieba

        self.dictionary = Path(dictionary)
        self._jieba = rjieba.Jieba.empty()  # not rjieba's bundled dictionary
        self._loaded = False

    def initialize(self) -> None:
        """Load the dictionary file (``word freq [tag]`` per line, as jieba reads it)."""
        if self._loaded:
            return
        add = self._jieba.add_word
        with open(self.dictionary, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.split()
                if not parts:
                    continue
                if len(parts) < 2 or not parts[1].isdigit():
                    raise LexiconError(self.dictionary, n, "expected 'word freq [tag]'")
                add(parts[0], int(parts[1]), parts[2] if len(parts) > 2 else None)
        self._loaded = True

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        if freq is None:  # jieba-rs would guess it with other arithmetic than jieba
            raise ValueError(f"rjieba backend: {word!r} needs a frequency")
        self._jieba.add_word(word, freq, tag)

    def lcut(self, text: str, HMM: bool = False) -> list[str]:  # noqa: N803 (jieba's name)
        return self._jieba.cut(text, hmm=HMM)

    cut = lcut


def _backend_tokenizer(backend: str):
    """A fresh, uninitialised tokenizer of ``backend`` loading jieba's dict.txt."""
    if backend == "jieba":
        return jieba.Tokenizer()  # a private instance: never jieba.dt
    if backend == "rjieba":
        return RjiebaTokenizer(_jieba_dict_path())
    # same dictionary file as jieba's: a backend may ship a different dict.txt
    return importlib.import_module(backend).Tokenizer(str(_jieba_dict_path()))


def available_backends() -> list[str]:
    """Return the segmentation backends importable here, reference (``"jieba"``) first.

    >>> available_backends()[0]
    'jieba'
    """
    # found, not imported: importing rjieba loads its own bundled dictionary (~30 MiB), which
    # a process that never segments (the corpus runner's main process) should not carry
    return ["jieba", *(name for name in FAST_BACKENDS if importlib.util.find_spec(name) is not None)]


def default_backend() -> str:
    """Return the backend :class:`Segmenter` uses by default: ``$ANALYSIS_SEGMENTER_BACKEND``
    if set, else the first importable of :data:`FAST_BACKENDS`, else ``"jieba"``."""
    forced = os.environ.get("ANALYSIS_SEGMENTER_BACKEND")
    if forced:
        if forced not in ("jieba", *FAST_BACKENDS):
            raise ValueError(f"ANALYSIS_SEGMENTER_BACKEND must be one of jieba, {', '.join(FAST_BACKENDS)}")
        return forced
    found = available_backends()
    return found[1] if len(found) > 1 else "jieba"


def backend_info(backend: str) -> dict:
    """Return ``{"backend": name, "backend_version": version}`` for recording beside outputs."""
    from importlib import metadata

    dist = backend.replace("_", "-")
    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        version = None
    return {"backend": backend, "backend_version": version}


#: The backend of the default segmenter (speed only; tokens are those of SEGMENTER_SETTINGS).
SEGMENTER_BACKEND = backend_info(default_backend())


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
        module = jieba if self.backend == "jieba" else importlib.import_module(self.backend)
        re_han = getattr(tokenizer, "re_han_default", None) or getattr(module, "re_han_default", None)
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


def _quiet_jieba() -> None:
    """jieba logs its dictionary loading (cache path, timing) to stderr at DEBUG level;
    that is machine-dependent noise in CLI output and notebooks. Only its own logger is
    touched, never its segmentation state."""
    import logging

    jieba.setLogLevel(logging.WARNING)


_quiet_jieba()


def segment(text: str, *, segmenter: Segmenter | None = None) -> list[str]:
    """Return the words of ``text`` (numbers with units whole, no punctuation or ``xx``).

    Args:
        text: cleaned report text (simplified Chinese, half-width digits).
        segmenter: defaults to :func:`get_segmenter`.

    >>> segment("以“三个对冲”抢抓“四个窗口期”，已接入各领域视频 1.18 万个")
    ['以', '三个对冲', '抢抓', '四个窗口期', '已', '接入', '各', '领域', '视频', '1.18万个']
    """
    return (segmenter or get_segmenter()).words(text)


@functools.lru_cache(maxsize=8)
def _terms(path: str) -> frozenset[str]:
    return load_terms(path)


def tokens(
    docs,
    *,
    segmenter: Segmenter | None = None,
    stopwords: str | Path = DEFAULT_STOPWORDS,
    policy_verbs: str | Path = DEFAULT_POLICY_VERBS,
) -> pd.DataFrame:
    """Return the tokens table of one or more documents: one row per token.

    Columns and dtypes are :data:`TOKEN_COLUMNS`. Rows are in document order (documents in
    the order given, then ``sentence_id``, ``position``). Tokens never cross a sentence.

    Args:
        docs: an :class:`analysis.document.Document` or an iterable of them; each needs a
            ``sentences`` table (:data:`analysis.document.SENTENCE_COLUMNS`).
        segmenter: defaults to :func:`get_segmenter`.
        stopwords, policy_verbs: one-term-per-line lists that set the two flags.

    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> import numpy as np, pandas as pd
    >>> text = "全面落实“六保”任务。"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, len(text), text]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> tokens(doc)[["position", "token", "kind", "is_policy_verb"]].values.tolist()
    [[0, '全面落实', 'word', True], [1, '六保', 'slogan', False], [2, '任务', 'word', False]]
    """
    from analysis.document import Document  # local: keeps this module importable alone

    seg = segmenter or get_segmenter()
    stop = _terms(str(lexicon_path(stopwords)))
    verbs = _terms(str(lexicon_path(policy_verbs)))
    docs = [docs] if isinstance(docs, Document) else list(docs)
    for doc in docs:
        if doc.sentences is None:
            raise ValueError(f"document {doc.doc_id!r} has no sentences table")
    frames = [_document_tokens(doc.sentences, seg, stop, verbs) for doc in docs]
    if len(frames) == 1:
        return frames[0]
    return as_schema(pd.concat(frames, ignore_index=True) if frames else empty_frame(TOKEN_COLUMNS), TOKEN_COLUMNS)


#: Sentences cut in one jieba call (:meth:`Segmenter._cut_sentences`): a report has ~1,500;
#: batches keep the memory of a huge text's word list bounded (benchmarks/words_memory.py).
CUT_BATCH = 4096


def _document_tokens(sents: pd.DataFrame, seg: Segmenter, stop: frozenset, verbs: frozenset) -> pd.DataFrame:
    """The tokens table of one document's sentences: all sentences cut at once, every
    per-token column an array lookup (see :meth:`Segmenter._cut_sentences`)."""
    texts = sents["sentence"].tolist()
    cuts = []
    for first in range(0, len(texts), CUT_BATCH):  # in batches: jieba's word list is ~90 B a word
        cut = seg._cut_sentences(texts[first : first + CUT_BATCH])
        if cut is None:
            return _document_tokens_by_sentence(sents, seg, stop, verbs)
        cuts.append((cut[0] + first, *cut[1:]))
    rows, start, end, ids, kind = (np.concatenate(c) for c in zip(*cuts)) if cuts else (np.empty(0, np.int64),) * 5
    counts = np.bincount(rows, minlength=len(sents))
    offset = sents["start"].to_numpy(dtype="int64")[rows]
    sentence = _Columns(sents)
    cols = {c: sentence.take(c, rows) for c in ("doc_id", "part", "section", "paragraph_id", "sentence_id")}
    cols.update(
        position=np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts),
        start=offset + start,
        end=offset + end,
        token=_VOCAB.strings(ids),
        kind=_string_array(pc.take(_KIND_ARROW, kind)),
        is_stopword=_VOCAB.member(stop)[ids],
        is_policy_verb=_VOCAB.member(verbs)[ids],
    )
    return schema_frame(cols, TOKEN_COLUMNS)


def _document_tokens_by_sentence(
    sents: pd.DataFrame, seg: Segmenter, stop: frozenset, verbs: frozenset
) -> pd.DataFrame:
    """:func:`_document_tokens`, cutting one sentence at a time (where texts cannot be joined)."""
    counts: list[int] = []
    cuts: list[tuple[str, int, int, str]] = []
    for sentence in sents["sentence"].tolist():
        cut = seg.cut(sentence)
        counts.append(len(cut))
        cuts += cut
    rows = np.repeat(np.arange(len(sents)), counts)  # the sentence of each token
    token, start, end, kind = zip(*cuts) if cuts else ((), (), (), ())
    offset = sents["start"].to_numpy(dtype="int64")[rows]
    cols = {c: sents[c].array.take(rows) for c in ("doc_id", "part", "section", "paragraph_id", "sentence_id")}
    cols.update(
        position=np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts),
        start=offset + np.array(start, dtype="int64"),
        end=offset + np.array(end, dtype="int64"),
        token=pd.array(token, dtype="string"),
        kind=pd.array(kind, dtype="string"),
        is_stopword=np.array([t in stop for t in token], dtype=bool),
        is_policy_verb=np.array([t in verbs for t in token], dtype=bool),
    )
    return as_schema(pd.DataFrame(cols), TOKEN_COLUMNS)


def _select(
    toks: pd.DataFrame, *, drop_stopwords: bool, drop_policy_verbs: bool, drop_numbers: bool
) -> pd.Series:
    keep = pd.Series(True, index=toks.index)
    if drop_stopwords:
        keep &= ~toks["is_stopword"]
    if drop_policy_verbs:
        keep &= ~toks["is_policy_verb"]
    if drop_numbers:
        keep &= toks["kind"] != "number"
    return keep


def frequency(
    toks: pd.DataFrame,
    by: str | Iterable[str] = (),
    *,
    drop_stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = False,
) -> pd.DataFrame:
    """Return token counts, rates per 10,000 tokens and document frequencies per group.

    Columns: the ``by`` columns (dtypes as in the tokens table), then
    :data:`FREQUENCY_COLUMNS`. ``n_tokens`` — the denominator of the rate — counts every
    row of the group in the tokens table, so rates do not change when a filter is switched.
    Rows are sorted by group, then count (descending), then token.

    Args:
        toks: a tokens table (:data:`TOKEN_COLUMNS`).
        by: column(s) to group by, e.g. ``"doc_id"`` or ``["doc_id", "section"]``.
        drop_stopwords, drop_policy_verbs, drop_numbers: which tokens not to count.

    >>> t = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "token": ["改革", "的", "改革", "改革"],
    ...                   "is_stopword": [False, True, False, False],
    ...                   "is_policy_verb": [False] * 4, "kind": ["word"] * 4})
    >>> frequency(t)[["token", "count", "n_tokens", "rate_per_10k", "doc_freq"]].values.tolist()
    [['改革', 3, 4, 7500.0, 2]]
    """
    by = [by] if isinstance(by, str) else list(by)
    schema = {**{c: toks[c].dtype.name if c in toks else "string" for c in by}, **FREQUENCY_COLUMNS}
    if toks.empty:
        return empty_frame(schema)
    # only the columns counted: copying every column of the kept rows (a heading path per
    # token) doubled the memory of `words` (benchmarks/words_memory.py)
    kept = toks.loc[_select(toks, drop_stopwords=drop_stopwords, drop_policy_verbs=drop_policy_verbs,
                            drop_numbers=drop_numbers), list(dict.fromkeys(by + ["token", "doc_id"]))]
    grouped = kept.groupby(by + ["token"], sort=False, observed=True)
    out = grouped.size().rename("count").to_frame()
    out["doc_freq"] = grouped["doc_id"].nunique()
    out = out.reset_index()
    if by:
        out = out.join(toks.groupby(by, sort=False).size().rename("n_tokens"), on=by)
    else:
        out["n_tokens"] = len(toks)
    out["rate_per_10k"] = out["count"] / out["n_tokens"] * 10_000
    out = out.sort_values(by + ["count", "token"], ascending=[True] * len(by) + [False, True])
    return as_schema(out, schema)


def g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Return Dunning's log-likelihood G² for counts ``a``/``b`` in corpora of ``c``/``d`` tokens.

    ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``, ``G2 = 2(a ln(a/E1) + b ln(b/E2))`` with
    ``0 ln 0 = 0`` (Rayson & Garside 2000, the form used by Wmatrix and AntConc).

    >>> round(float(g2(np.array([2]), np.array([0]), 4, 6)[0]), 4)  # 4 ln 2.5
    3.6652
    """
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def keyness(
    toks: pd.DataFrame,
    by: str,
    target,
    *,
    reference=None,
    drop_stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = True,
) -> pd.DataFrame:
    """Return log-likelihood keyness (G²) and log ratio of every token, target vs reference.

    The groups are rows of ``toks`` whose ``by`` column equals ``target`` (a value or a
    list of values) and, for the reference, equals ``reference`` — by default every other
    row. Corpus sizes ``c``/``d`` are all tokens of each group (every row, as in
    :func:`frequency`). Columns are :data:`KEYNESS_COLUMNS`; rows sorted by G² (descending),
    then token. Positive keyness is read from ``direction``, not from the sign of G².

    >>> t = pd.DataFrame({"doc_id": list("aaaabbbbbb"),
    ...                   "token": ["经济", "经济", "改革", "的", "改革", "改革", "改革", "生态", "的", "的"],
    ...                   "is_stopword": [False] * 3 + [True] + [False] * 4 + [True] * 2,
    ...                   "is_policy_verb": [False] * 10, "kind": ["word"] * 10})
    >>> k = keyness(t, "doc_id", "a")
    >>> k.loc[0, ["token", "count_target", "count_reference", "direction"]].astype(str).tolist()
    ['经济', '2', '0', 'target']
    >>> round(float(k.loc[0, "value"]), 4)
    3.6652
    """
    targets = list(target) if isinstance(target, (list, tuple, set)) else [target]
    in_target = toks[by].isin(targets)
    if reference is None:
        in_reference = ~in_target
    else:
        refs = list(reference) if isinstance(reference, (list, tuple, set)) else [reference]
        in_reference = toks[by].isin(refs)
    c, d = float(in_target.sum()), float(in_reference.sum())
    keep = _select(toks, drop_stopwords=drop_stopwords, drop_policy_verbs=drop_policy_verbs,
                   drop_numbers=drop_numbers)
    a = toks.loc[keep & in_target, "token"].value_counts()
    b = toks.loc[keep & in_reference, "token"].value_counts()
    if c == 0 or d == 0 or (a.empty and b.empty):
        return empty_frame(KEYNESS_COLUMNS)
    counts = pd.concat([a.rename("a"), b.rename("b")], axis=1).fillna(0).astype("int64")
    counts.index.name = "token"
    out = counts.reset_index()
    av, bv = out["a"].to_numpy(float), out["b"].to_numpy(float)
    value = g2(av, bv, c, d)
    log_ratio = np.log2((np.where(av > 0, av, 0.5) / c) / (np.where(bv > 0, bv, 0.5) / d))
    rate_t, rate_r = av / c, bv / d
    out = pd.DataFrame(
        {
            "token": out["token"],
            "count_target": out["a"],
            "count_reference": out["b"],
            "rate_target": rate_t * 10_000,
            "rate_reference": rate_r * 10_000,
            "statistic": "G2",
            "value": value,
            "p_value": [math.erfc(math.sqrt(max(v, 0.0) / 2)) for v in value],
            "log_ratio": log_ratio,
            "direction": np.where(rate_t > rate_r, "target", np.where(rate_t < rate_r, "reference", "")),
        }
    )
    out = out.sort_values(["value", "token"], ascending=[False, True])
    return as_schema(out, KEYNESS_COLUMNS)


def match_terms(
    toks: pd.DataFrame,
    terms: Mapping[str, str] | Iterable[str],
    *,
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """Return every occurrence of the given terms in a tokens table: one row per match.

    Each term is segmented with the same segmenter and matched as a run of consecutive
    tokens of one sentence, so a term the dictionary splits (``生态廊道`` → 生态/廊道) is
    still found, and ``发展`` never matches inside the token ``高质量发展``. Overlaps are
    resolved left to right, longest term first. Columns are :data:`MATCH_COLUMNS`.

    Args:
        toks: a tokens table (:data:`TOKEN_COLUMNS`).
        terms: a mapping term → label (e.g. a theme) or just terms (label = term).

    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> text = "新增生态廊道，推进乡村振兴"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, len(text), text]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> match_terms(tokens(doc), {"生态廊道": "ecology", "乡村振兴": "agriculture"}
    ...             )[["term", "label", "n_tokens", "n_content"]].values.tolist()
    [['生态廊道', 'ecology', 2, 2], ['乡村振兴', 'agriculture', 1, 1]]
    """
    seg = segmenter or get_segmenter()
    labels = dict(terms) if isinstance(terms, Mapping) else {t: t for t in terms}
    matcher = _term_matcher(seg, tuple(sorted(labels)))
    if toks.empty or not matcher.terms:
        return empty_frame(MATCH_COLUMNS)
    cols = _Columns(toks)
    at, k, term = matcher.find(cols)
    if not len(at):
        return empty_frame(MATCH_COLUMNS)
    terms_found = [matcher.terms[t] for t in term.tolist()]
    rows = zip(
        cols["doc_id"].array.take(at).tolist(),
        cols["sentence_id"].array.take(at).tolist(),
        cols["position"].array.take(at).tolist(),
        k.tolist(),
        cols.n_content(at, k).tolist(),
        cols["start"].array.take(at).tolist(),
        cols["end"].array.take(at + k - 1).tolist(),
        terms_found,
        [labels[t] for t in terms_found],
    )
    return typed_frame(list(rows), MATCH_COLUMNS)


class _Columns:
    """The columns of one table, each fetched once (``cols["token"]``), with helpers that
    work on whole columns: numpy and Arrow views, where values change, runs of rows with
    equal keys and their group numbers (what ``groupby`` would give, without hashing
    every row)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._series: dict[str, pd.Series] = {}
        self._arrays: dict[tuple[str, str], object] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, column: str) -> pd.Series:
        if column not in self._series:
            self._series[column] = self.frame[column]
        return self._series[column]

    def _cached(self, kind: str, column, make):
        key = (kind, column)
        if key not in self._arrays:
            self._arrays[key] = make()
        return self._arrays[key]

    def numpy(self, column: str, dtype=None) -> np.ndarray:
        def make():
            values = self[column]
            return values.to_numpy() if dtype is None or values.dtype == dtype else values.to_numpy(dtype=dtype)
        return self._cached(f"numpy {dtype}", column, make)

    def arrow(self, column: str) -> pa.Array | None:
        """The column as an Arrow array if it holds strings (dtype ``"string"``), else ``None``."""
        def make():
            values = self[column]
            return pa.array(values.array) if isinstance(values.dtype, pd.StringDtype) else None
        return self._cached("arrow", column, make)

    def content(self) -> np.ndarray:
        """Whether each token is a content token: neither a stopword nor a number."""
        def make():
            kind = self.arrow("kind")
            if kind is not None and not kind.null_count:
                not_number = pc.not_equal(kind, "number").to_numpy(zero_copy_only=False)
            else:
                not_number = (self["kind"] != "number").to_numpy(dtype=bool)
            return ~self.numpy("is_stopword", bool) & not_number
        return self._cached("content", None, make)

    def n_content(self, at: np.ndarray, k: np.ndarray) -> np.ndarray:
        """Content tokens among the ``k`` rows from row ``at`` (for each match)."""
        def make():
            covered = np.zeros(len(self) + 1, dtype=np.int64)
            np.cumsum(self.content(), out=covered[1:])
            return covered
        covered = self._cached("covered", None, make)
        return covered[at + k] - covered[at]

    def changes(self, column: str) -> np.ndarray | None:
        """Whether each row's value differs from the previous row's; ``None`` if any is missing."""
        def make():
            values, n = self[column], len(self)
            if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biu":
                a = self.numpy(column)
                return a[1:] != a[:-1]
            a = self.arrow(column)
            if a is not None:
                if a.null_count:
                    return None
                return pc.not_equal(a.slice(1), a.slice(0, n - 1)).to_numpy(zero_copy_only=False)
            if values.hasnans:
                return None
            a = values.array
            return np.asarray(a[1:] != a[:-1], dtype=bool)
        return self._cached("changes", column, make)

    def take(self, column: str, rows: np.ndarray):
        """The column's values at ``rows``, as an array of the column's dtype."""
        values = self[column]
        if isinstance(values.dtype, np.dtype):
            return self.numpy(column)[rows]
        a = self.arrow(column)
        if a is not None and values.dtype == _STRING:
            return _string_array(a.take(rows))
        return values.array.take(rows)

    def values(self, column: str, rows: np.ndarray) -> list:
        """The values of ``column`` at ``rows``, as Python objects."""
        a = self.arrow(column)
        if a is not None:
            return a.take(rows).to_pylist()
        if isinstance(self[column].dtype, np.dtype):
            return self.numpy(column)[rows].tolist()
        return self[column].array.take(rows).tolist()

    def runs(self, columns: Sequence[str]) -> np.ndarray | None:
        """The first row of each run of rows over which none of ``columns`` changes;
        ``None`` if a value is missing."""
        new = np.zeros(len(self), dtype=bool)
        new[:1] = True
        for c in columns:
            change = self.changes(c)
            if change is None:
                return None
            new[1:] |= change
        return np.flatnonzero(new)

    def groups(self, columns: Sequence[str], runs: np.ndarray) -> np.ndarray:
        """Number runs of rows (``runs``: the first row of each, from :meth:`runs` of these
        columns or more) by their values of ``columns``, in order of first appearance, as
        ``frame.groupby(columns, sort=False).ngroup()`` numbers the rows.

        >>> f = pd.DataFrame({"a": ["x", "x", "y", "x"], "b": [1, 1, 1, 1]})
        >>> cols = _Columns(f)
        >>> cols.groups(["a", "b"], cols.runs(["a", "b"])).tolist()
        [0, 1, 0]
        """
        new = np.zeros(len(runs), dtype=bool)
        new[:1] = True
        for c in columns:
            new[1:] |= self.changes(c)[runs[1:] - 1]
        heads = np.flatnonzero(new)  # the runs where one of the columns changes
        numeric = [self[c].dtype.kind in "biu" for c in columns]
        if len(heads) > 64 and (len(columns) > 1 or numeric[0]):
            # Many: number each column's values (a string column by its own runs, which are
            # fewer), combine the numbers, then number the combinations in order.
            key = np.zeros(len(heads), dtype=np.int64)
            for c, is_int in zip(columns, numeric):
                if is_int:  # integers are their own numbers
                    codes = self.numpy(c)[runs[heads]].astype(np.int64)
                    if int(codes.max()) - int(codes.min()) < 2**62:
                        codes -= codes.min()
                    else:
                        codes = pd.factorize(codes)[0].astype(np.int64)
                else:
                    codes = self.groups([c], runs[heads])
                radix = int(codes.max()) + 1
                if (int(key.max()) + 1) * radix >= 2**62:
                    key = pd.factorize(key)[0].astype(np.int64)
                key = key * radix + codes
            if (key[1:] > key[:-1]).all():  # each a new group (the usual case)
                codes = np.arange(len(heads), dtype=np.int64)
            else:
                codes = pd.factorize(key)[0].astype(np.int64)  # in order of first appearance
        else:
            seen: dict[tuple, int] = {}
            keys = zip(*(self.values(c, runs[heads]) for c in columns))
            codes = np.fromiter((seen.setdefault(key, len(seen)) for key in keys), np.int64, len(heads))
        return np.repeat(codes, np.diff(np.append(heads, len(runs))))


class _TermMatcher:
    """Terms as runs of tokens, in a trie walked from every position of a tokens table at
    once (numpy), with :func:`match_terms`'s rules: a match is the longest term whose
    tokens follow one another in one sentence, ties by term; overlaps resolved left to right.
    """

    def __init__(self, patterns: dict[str, list[tuple[tuple[str, ...], str]]]):
        vocab: dict[str, int] = {}
        edges: dict[tuple[int, int], int] = {}  # (node, token code) -> child node
        term_at = [-1]  # node -> index in self.terms of the term ending there; node 0 is the root
        self.terms: list[str] = []
        self.depth = 0
        for cands in patterns.values():
            for seq, term in cands:  # longest first, then by term: the first term of a run wins
                node = 0
                for tok in seq:
                    code = vocab.setdefault(tok, len(vocab) + 1)  # 0: a token of no term
                    child = edges.get((node, code))
                    if child is None:
                        child = edges[(node, code)] = len(term_at)
                        term_at.append(-1)
                    node = child
                if term_at[node] < 0:
                    term_at[node] = len(self.terms)
                    self.terms.append(term)
                self.depth = max(self.depth, len(seq))
        self._radix = len(vocab) + 1
        keys = np.array([node * self._radix + code for node, code in edges], dtype=np.int64)
        order = np.argsort(keys)
        self._keys = keys[order]
        self._child = np.array(list(edges.values()), dtype=np.int64)[order]
        self._term_at = np.array(term_at, dtype=np.int64)
        self._root = np.zeros(self._radix, dtype=np.int64)  # token code -> node after it, from the root
        for (node, code), child in edges.items():
            if node == 0:
                self._root[code] = child
        self._vocab = pa.array(list(vocab), type=pa.large_string())
        self._index = pd.Index(list(vocab), dtype=object)

    def _codes(self, cols: _Columns) -> np.ndarray:
        """The trie code of each token (0 for a token of no term)."""
        tokens = cols.arrow("token")
        if tokens is not None:
            found = pc.index_in(tokens, value_set=self._vocab).fill_null(-1)
            return found.to_numpy().astype(np.int64) + 1
        return self._index.get_indexer(cols["token"]).astype(np.int64) + 1

    def find(self, cols: _Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the row of the first token, the number of tokens and the index in
        ``terms`` of every match in a tokens table, in row order."""
        n = len(cols)
        code = self._codes(cols)
        runs = cols.runs(["doc_id"])
        if runs is None:  # missing document ids
            doc = pd.factorize(cols["doc_id"])[0]
        elif len(runs) > 1:
            doc = np.repeat(cols.groups(["doc_id"], runs), np.diff(np.append(runs, n)))
        else:
            doc = None  # one document
        sid = cols.numpy("sentence_id")
        pos = cols.numpy("position")
        best_k = np.zeros(n, dtype=np.int64)
        best_term = np.full(n, -1, dtype=np.int64)
        at = np.flatnonzero(code)  # where a match may start
        node = self._root[code[at]]  # one token matched
        at, node = at[node > 0], node[node > 0]
        term = self._term_at[node]
        best_k[at[term >= 0]] = 1
        best_term[at[term >= 0]] = term[term >= 0]
        for k in range(2, self.depth + 1):
            last = at + (k - 1)
            inside = last < n
            at, node, last = at[inside], node[inside], last[inside]
            key = node * self._radix + code[last]
            loc = np.minimum(np.searchsorted(self._keys, key), len(self._keys) - 1)
            hit = self._keys[loc] == key
            at, node, last = at[hit], self._child[loc[hit]], last[hit]
            if not len(at):
                break
            term = self._term_at[node]
            done = (term >= 0) & (sid[last] == sid[at]) & (pos[last] == pos[at] + k - 1)
            if doc is not None:
                done &= doc[last] == doc[at]
            best_k[at[done]] = k  # a longer match found later replaces a shorter one
            best_term[at[done]] = term[done]
        at = np.flatnonzero(best_k)
        k = best_k[at]
        unsure = np.zeros(len(at), dtype=bool)  # starts inside an earlier candidate
        unsure[1:] = at[1:] < np.maximum.accumulate(at + k)[:-1]
        if unsure.any():  # overlaps: left to right, a match is kept if no kept match covers it
            keep = ~unsure
            free = 0
            for j in np.flatnonzero(unsure | np.append(unsure[1:], False)).tolist():
                if at[j] >= free:  # (a run of unsure candidates follows a sure one: kept)
                    keep[j] = True
                    free = at[j] + k[j]
            at, k = at[keep], k[keep]
        return at, k, best_term[at]


@functools.lru_cache(maxsize=32)
def _term_matcher(seg: Segmenter, terms: tuple[str, ...]) -> _TermMatcher:
    """The matcher of ``terms`` as ``seg`` segments them (cached, like :func:`_term_patterns`)."""
    return _TermMatcher(_term_patterns(seg, terms))


@functools.lru_cache(maxsize=32)
def _term_patterns(seg: Segmenter, terms: tuple[str, ...]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Each term segmented, indexed by its first token, longest first (cached: a theme
    lexicon is matched against every document with the same segmenter). Read-only."""
    patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for term in terms:
        seq = tuple(seg.words(term))
        if seq:
            patterns.setdefault(seq[0], []).append((seq, term))
    for cands in patterns.values():
        cands.sort(key=lambda x: (-len(x[0]), x[1]))
    return patterns


def kwic(
    docs,
    term: str,
    *,
    window: int = 10,
    toks: pd.DataFrame | None = None,
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """Return keyword-in-context lines for ``term``: one row per occurrence.

    The term is matched on tokens (see :func:`match_terms`), so ``发展`` does not hit inside
    ``高质量发展``. Context is cut at the sentence. Columns are :data:`KWIC_COLUMNS`.

    Args:
        docs: a Document or iterable of Documents (the source of ``text``).
        term: a word or phrase.
        window: characters of context on each side.
        toks: their tokens table, if already computed.

    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> text = "推进“一网通办”改革。做优政务服务“一网通办”。"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, 10, text[:10]],
    ...                       ["d", "", "", 0, 1, 10, len(text), text[10:]]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> kwic(doc, "一网通办", window=4)[["sentence_id", "left", "term", "right"]].values.tolist()
    [[0, '推进“', '一网通办', '”改革'], [1, '务服务“', '一网通办', '”。']]
    """
    from analysis.document import Document

    docs = [docs] if isinstance(docs, Document) else list(docs)
    if toks is None:
        toks = tokens(docs, segmenter=segmenter)
    matches = match_terms(toks, [term], segmenter=segmenter)
    if matches.empty:
        return empty_frame(KWIC_COLUMNS)
    texts = {d.doc_id: d.text for d in docs}
    bounds = {
        (d.doc_id, s.sentence_id): (s.start, s.end)
        for d in docs
        for s in d.sentences.itertuples(index=False)
    }
    rows = []
    for m in matches.itertuples(index=False):
        text = texts[m.doc_id]
        lo, hi = bounds[(m.doc_id, m.sentence_id)]
        rows.append((m.doc_id, m.sentence_id, m.start, m.end, text[max(lo, m.start - window) : m.start],
                     text[m.start : m.end], text[m.end : min(hi, m.end + window)]))
    return as_schema(pd.DataFrame(rows, columns=list(KWIC_COLUMNS)), KWIC_COLUMNS)
