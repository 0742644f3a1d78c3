"""Running the cleaning steps: the default order, the cleaning report, and :func:`clean` (to a fixed point, with the map back to the raw text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from analysis.tables import typed_frame

from .characters import (
    decode_escapes,
    normalize_compatibility,
    normalize_newlines,
    normalize_punctuation,
    normalize_width,
    remove_invisible,
    remove_stray_spaces,
    remove_thousands_separators,
    restore_paragraphs,
    to_simplified,
)
from .chrome import remove_page_chrome, remove_page_noise, remove_repeated_text
from .pages import rejoin_wrapped_lines, remove_page_furniture
from .edits import Edit, Step, apply_edits
from .lines import rejoin_broken_lines, remove_blank_lines, remove_markdown
from .repair import RESTORED, remove_pinyin_glosses, repair_mojibake

#: The default pipeline, in order. Each step can be dropped or reused alone.
DEFAULT_STEPS: tuple[Step, ...] = (
    remove_page_furniture,  # before normalize_newlines: it goes by the form feeds
    normalize_newlines,
    rejoin_wrapped_lines,
    remove_invisible,
    decode_escapes,
    remove_markdown,  # before restore_paragraphs and the line steps: ## 一、… is a heading line
    restore_paragraphs,
    normalize_compatibility,
    repair_mojibake,
    remove_pinyin_glosses,
    to_simplified,
    normalize_width,
    remove_thousands_separators,
    remove_repeated_text,
    remove_page_noise,
    remove_page_chrome,
    remove_stray_spaces,
    normalize_punctuation,
    rejoin_broken_lines,
    remove_blank_lines,
)

# --- the pipeline with provenance --------------------------------------------------------
#: Columns of ``CleaningReport.changes``: one row per edit any step made.
CHANGE_COLUMNS = {
    "step": "string",  # the step's name
    "raw_start": "int64",  # start of the changed span in the raw text
    "raw_end": "int64",  # end (exclusive) in the raw text
    "before": "string",  # the text the step saw there
    "after": "string",  # what the step wrote
    "flag": "string",  # non-empty when a reader should check this span: why ("restored: …"
    #                    for characters written where bytes were lost, see clean.restored_flag)
}

@dataclass
class CleaningReport:
    """What each step changed: ``changes`` (one row per edit) and ``counts`` per step."""

    changes: pd.DataFrame
    steps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def counts(self) -> pd.Series:
        """Number of edits per step, in pipeline order (steps with none included)."""
        c = self.changes.groupby("step", sort=False).size()
        return c.reindex(list(self.steps), fill_value=0).astype("int64")

    @property
    def flagged(self) -> pd.DataFrame:
        """The changes a reader should check (lost or doubtful text), in raw order."""
        return self.changes[self.changes["flag"] != ""].sort_values("raw_start", kind="stable").reset_index(drop=True)

    @property
    def restored(self) -> pd.DataFrame:
        """The edits that wrote characters in place of lost bytes, in raw order (each is flagged)."""
        flagged = self.flagged
        return flagged[flagged["flag"].str.startswith(f"{RESTORED}:")].reset_index(drop=True)

@dataclass(frozen=True)
class Cleaned:
    """Result of :func:`clean`: the text and, per character, the raw span it came from."""

    text: str
    raw_starts: np.ndarray
    raw_ends: np.ndarray
    report: CleaningReport

#: Passes of the steps at most: a pass can leave work for the next (a line another step
#: emptied), so the steps run again until a pass changes nothing.
MAX_PASSES = 4

def clean(raw: str, steps: Iterable[Step] = DEFAULT_STEPS, *, spans=None, raw_len: int | None = None) -> Cleaned:
    """Run ``steps`` over ``raw`` and return the cleaned text with provenance and report.

    ``spans=(starts, ends)`` says where each character of ``raw`` stands in an underlying
    source of ``raw_len`` characters (a web page's markup): offsets are then into it.
    """
    steps = tuple(steps)
    text = raw
    if spans is None:
        starts = np.arange(len(raw), dtype=np.int64)
        ends = starts + 1
        raw_len = len(raw)
    else:
        starts, ends = (np.asarray(a, np.int64) for a in spans)
        raw_len = len(raw) if raw_len is None else raw_len
    rows = []
    for _ in range(MAX_PASSES):  # until a pass changes nothing: clean(clean(x)) == clean(x)
        before = text
        for step in steps:
            edits = step.edits(text)
            if not edits:
                continue
            spans_, starts, ends = _carry_spans(starts, ends, edits, raw_len)
            rows += [(step.name, rs, re_, text[e.start : e.end], e.new, e.flag) for e, (rs, re_) in zip(edits, spans_)]
            text = apply_edits(text, edits)
        if text == before:
            break
    changes = typed_frame(rows, CHANGE_COLUMNS)
    return Cleaned(text, starts, ends, CleaningReport(changes, tuple(s.name for s in steps)))

def _carry_spans(starts: np.ndarray, ends: np.ndarray, edits: list[Edit], raw_len: int):
    """Return the raw span of each edit, and the raw spans of the edited text's characters.

    An edit's span covers the spans of the characters it replaces; an insertion takes the
    start of the character after it (``raw_len`` at the end). Each character an edit writes
    gets its edit's span; kept characters keep theirs. Vectorised over all edits of a step
    (a step can make thousands).

    >>> spans, s, e = _carry_spans(np.arange(4), np.arange(4) + 1, [Edit(1, 3, "X"), Edit(4, 4, "!")], 4)
    >>> spans, s.tolist(), e.tolist()
    ([(1, 3), (4, 4)], [0, 1, 3, 4], [1, 3, 4, 4])
    """
    count = len(edits)
    a = np.fromiter((e.start for e in edits), np.int64, count)
    b = np.fromiter((e.end for e in edits), np.int64, count)
    written = np.fromiter((len(e.new) for e in edits), np.int64, count)
    if np.all(b - a == 1) and np.all(written == 1):  # character for character: no span changes
        return list(zip(starts[a].tolist(), ends[a].tolist())), starts, ends
    n = len(starts)
    if b[-1] < n:  # every edit inside the text: reduce over the arrays as they are
        padded_starts, padded_ends = starts, ends
    else:
        padded_starts, padded_ends = np.append(starts, raw_len), np.append(ends, raw_len)
    bounds = np.column_stack([a, b]).ravel()  # a0 b0 a1 b1 …: entry 2i reduces [a_i, b_i), or takes [a_i] if empty
    lo = np.minimum.reduceat(padded_starts, bounds)[::2]
    hi = np.where(b > a, np.maximum.reduceat(padded_ends, bounds)[::2], lo)
    # The new text is kept_0 written_0 kept_1 … written_{count-1} kept_count: each segment a
    # run of consecutive entries of starts/ends followed by every written character's span.
    lengths = np.empty(2 * count + 1, dtype=np.int64)
    lengths[0::2] = np.append(a, n) - np.insert(b, 0, 0)
    lengths[1::2] = written
    source = np.empty_like(lengths)  # where each segment's run begins
    source[0::2] = np.insert(b, 0, 0)
    source[1::2] = n + np.cumsum(written) - written
    index = np.repeat(source - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())
    spans = list(zip(lo.tolist(), hi.tolist()))
    if not written.any():  # deletions only
        return spans, starts[index], ends[index]
    return (
        spans,
        np.concatenate([starts, np.repeat(lo, written)])[index],
        np.concatenate([ends, np.repeat(hi, written)])[index],
    )

def make_pipeline(*steps: Step) -> Callable[[str], str]:
    """Compose steps into one ``str -> str`` function (no provenance).

    >>> make_pipeline(remove_pinyin_glosses, to_simplified)("區(qū)政府")
    '区政府'
    """

    def run(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return run
