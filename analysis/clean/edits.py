"""The machinery of cleaning: an edit (a span of the text and what replaces it), a step (a named function giving edits), applying edits with their raw offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Iterable, NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``new``; ``flag`` says why a reader should look."""

    start: int
    end: int
    new: str
    flag: str = ""

@dataclass(frozen=True)
class Step:
    """A named cleaning step: ``step(text) -> text``, and ``step.edits(text)``."""

    name: str
    find: Callable[[str], list[Edit]]
    doc: str = ""

    def edits(self, text: str) -> list[Edit]:
        """The non-overlapping edits this step makes to ``text``, in order."""
        return self.find(text)

    def __call__(self, text: str) -> str:
        return apply_edits(text, self.find(text))

def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return ``text`` with each edit applied (edits sorted and non-overlapping).

    >>> apply_edits("abcdef", [Edit(1, 3, "X"), Edit(4, 4, "-")])
    'aXd-ef'
    """
    out, pos = [], 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)

_span_key = itemgetter(0, 1)  # an edit's (start, end)

def _regex_edits(pattern: re.Pattern, repl: Callable[[re.Match], str] | str, flag: str = ""):
    def find(text: str) -> list[Edit]:
        edits = []
        for m in pattern.finditer(text):
            new = repl(m) if callable(repl) else repl
            if new != m.group():
                edits.append(Edit(m.start(), m.end(), new, flag))
        return edits

    return find

def _step(name: str, pattern: re.Pattern, repl, doc: str) -> Step:
    return Step(name, _regex_edits(pattern, repl), doc)
