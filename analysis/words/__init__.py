"""Words of a report: segmentation, the tidy tokens table, counts, keyness, KWIC, dictionaries and keywords.

Modules, in pipeline order: :mod:`~analysis.words.rules` (what is protected before jieba),
:mod:`~analysis.words.backends` and :mod:`~analysis.words.segment` (the segmenter),
:mod:`~analysis.words.table` (the tokens table), :mod:`~analysis.words.counts`
(frequency, keyness), :mod:`~analysis.words.terms` (matching terms as token runs),
:mod:`~analysis.words.kwic`, :mod:`~analysis.words.dictionary` (any dictionary, scores, dfm),
:mod:`~analysis.words.themes` (the 13 policy themes) and :mod:`~analysis.words.keywords`
(TF-IDF, TextRank).

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

from .backends import (
    FAST_BACKENDS,
    HMM,
    SEGMENTER_BACKEND,
    SEGMENTER_SETTINGS,
    available_backends,
    backend_info,
    default_backend,
    segmenter_settings,
)
from .counts import FREQUENCY_COLUMNS, KEYNESS_COLUMNS, frequency, g2, keyness
from .kwic import KWIC_COLUMNS, kwic
from .rules import (
    RE_PROTECTED,
    RE_PROTECTED_SCAN,
    RE_SPACE_NEAR_CJK,
    RE_SPACE_NEAR_CJK_SCAN,
)
from .segment import Segmenter, get_segmenter, segment
from .terms import MATCH_COLUMNS, match_terms
from .table import DEFAULT_POLICY_VERBS, DEFAULT_STOPWORDS, TOKEN_COLUMNS, tokens

__all__ = [
    "DEFAULT_POLICY_VERBS",
    "DEFAULT_STOPWORDS",
    "FAST_BACKENDS",
    "FREQUENCY_COLUMNS",
    "HMM",
    "KEYNESS_COLUMNS",
    "KWIC_COLUMNS",
    "MATCH_COLUMNS",
    "RE_PROTECTED",
    "RE_PROTECTED_SCAN",
    "RE_SPACE_NEAR_CJK",
    "RE_SPACE_NEAR_CJK_SCAN",
    "SEGMENTER_BACKEND",
    "SEGMENTER_SETTINGS",
    "Segmenter",
    "TOKEN_COLUMNS",
    "available_backends",
    "backend_info",
    "default_backend",
    "frequency",
    "g2",
    "get_segmenter",
    "keyness",
    "kwic",
    "match_terms",
    "segment",
    "segmenter_settings",
    "tokens",
]
