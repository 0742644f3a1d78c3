"""The character model the restorer scores with: the corpora's model mixed with one counted on
their numbered heading lines only.

Headings have their own phrasing (``（三）深化重点领域改革``: a number, then verb and object, no
full stop), which the model of whole reports, mostly running prose, underrates. The heading
model is counted like the main one (:mod:`analysis.clean.ngrams`) on the lines of the same
corpora that open with ``一、`` or ``（一）``, up to the first full stop, and shipped as
``analysis/data/heading_trigrams.tsv`` (GENERATED; rebuild with
``python -m analysis ngrams --headings --out PATH``). The restorer's probability of a
character is the linear interpolation ``(1 - w) P_main + w P_headings`` with
:data:`HEADING_WEIGHT`.

Chosen by cross-validation on the corpora the models are counted on (``benchmarks/
restore_dev.py``: both models counted without a quarter of the reports, those reports'
headings damaged and restored; 835 headings in all), never on the held-out 2025 Word files.
Weights 0, 0.3, 0.4, 0.5, 0.7 restored 649, 661, 656, 654, 638 headings exactly, writing 94,
83, 78, 77, 78 wrong readings of 3,416, 3,422, 3,409, 3,406, 3,392 (2026-12-05; 0.7 with a
draft of the heading pattern that gave the same counts at 0.5). Rule for the choice, fixed
before the held-out rate was looked at: most exact headings, the share of wrong readings not
above the model alone's: 0.3. That first variant lost two of the package's own cases (the
seed's 精心: the heading model's add-one floor over GBK, large beside its few counts, raised the
plain repair 灸; 服务型政府 at a line's end: heading lines end in 政策 as often), so the heading
model's unigram level backs off to the main model's (:attr:`ngrams.CharModel.base`) and the
probability of a line's end is the main model's, the characters sharing the rest in the
mixture's proportions. So: 666 exact, 77 wrong of 3,424 at 0.3 (655, 81 of 3,412 at 0.5
without the renormalisation).

>>> m = Mixture(ngrams.CharModel.from_texts(["发展经济"]), ngrams.CharModel.from_texts(["发展社会"]), 0.5)
>>> round(math.exp(m.logp("发展", "经")) + math.exp(m.logp("发展", "社")), 3) <= 1
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from analysis.clean import ngrams
from analysis.patterns import CN_NUM

#: The heading model's file name under ``analysis/data/``.
HEADING_NGRAMS = "heading_trigrams.tsv"
#: Weight of the heading model in the restorer's mixture (see the module's docstring).
HEADING_WEIGHT = 0.3
#: A numbered heading line (一、… or （一）…) up to its first full stop, which it keeps.
RE_HEADING_LINE = re.compile(rf"^[^\S\n]*((?:[{CN_NUM}]{{1,3}}、|[（(][{CN_NUM}]{{1,3}}[)）])[^。\n]*。?)", re.M)


def heading_lines(texts: Iterable[str]) -> Iterator[str]:
    """Each numbered heading line of ``texts``, up to its first full stop.

    >>> list(heading_lines(["各位代表：\\n（一）深化改革。全年…\\n二、今年的工作\\n三是加强"]))
    ['（一）深化改革。', '二、今年的工作']
    """
    for text in texts:
        for m in RE_HEADING_LINE.finditer(text):
            yield m.group(1)


class Mixture:
    """Linear interpolation of two :class:`~analysis.clean.ngrams.CharModel`: ``(1 - weight)``
    of ``main`` and ``weight`` of ``other``. Scores like a CharModel (:meth:`logp`,
    :meth:`logp_char`, :meth:`score`); its ``grams``, ``unigrams`` and ``total`` are
    ``main``'s (the characters and successors the restorer tries), and so is the probability
    of a line's end."""

    def __init__(self, main: ngrams.CharModel, other: ngrams.CharModel, weight: float):
        self.main, self.other, self.weight = main, other, weight
        self.grams, self.unigrams, self.total = main.grams, main.unigrams, main.total
        self._memo: dict[tuple[str, str], float] = {}

    def logp(self, context: str, ch: str) -> float:
        """Natural log of the mixed P(``ch`` | the last two characters of ``context``)."""
        key = (context[-(ngrams.ORDER - 1) :], ch)
        got = self._memo.get(key)
        if got is None and ch == ngrams.LINE_END:
            # where a line ends is the layout's (a heading alone on its line, or run into its
            # paragraph), and the heading lines, cut at the full stop, all end there
            got = self._memo[key] = self.main.logp(*key)
        elif got is None:
            w, end = self.weight, ngrams.LINE_END
            p = (1 - w) * math.exp(self.main.logp(*key)) + w * math.exp(self.other.logp(*key))
            # the characters share what the line's end leaves, in the mixture's proportions
            main_end = math.exp(self.main.logp(key[0], end))
            mixed_end = (1 - w) * main_end + w * math.exp(self.other.logp(key[0], end))
            got = self._memo[key] = math.log(p * (1 - main_end) / (1 - mixed_end))
        return got

    def logp_char(self, ch: str) -> float:
        return self.logp("", ch)

    score = ngrams.CharModel.score


@lru_cache(maxsize=1)
def load_headings() -> ngrams.CharModel:
    """The packaged heading model (``analysis/data/heading_trigrams.tsv``), read once, its
    unigram level backing off to the packaged model's (:attr:`ngrams.CharModel.base`)."""
    from analysis.lexicons import lexicon_path

    heads = ngrams.read(lexicon_path(HEADING_NGRAMS))
    return ngrams.CharModel(heads.grams, heads.discounts, base=ngrams.load())


@lru_cache(maxsize=1)
def load() -> Mixture:
    """The restorer's model: the packaged models mixed (:data:`HEADING_WEIGHT`)."""
    return Mixture(ngrams.load(), load_headings(), HEADING_WEIGHT)
