"""Cleaning steps that restore a damaged report, each a pure ``str -> str`` function.

Every step is a :class:`Step`: call it on a string to get the cleaned string, or ask it for
its :meth:`Step.edits` — the ``(start, end, replacement)`` changes it would make. The
pipeline (:func:`clean`) runs the steps in :data:`DEFAULT_STEPS` order on the edits, so it
can carry, for every character of the result, the span of the raw text it came from, and
write a :class:`CleaningReport` of everything each step changed.

>>> remove_pinyin_glosses("全區(qū)經(jīng)濟")
'全區經濟'
>>> to_simplified("經濟社會發展")
'经济社会发展'
>>> normalize_width("１９５５年增长３．６８％")
'1955年增长3.68%'
>>> remove_thousands_separators("收入合计27,203,319,000元")
'收入合计27203319000元'
>>> clean("地方財政收入 145.5\\n億元,逆勢增長 0.5%。").text
'地方财政收入145.5亿元，逆势增长0.5%。'

Modules: :mod:`~analysis.clean.edits` (edits and steps), :mod:`~analysis.clean.characters`,
:mod:`~analysis.clean.repair` (mojibake, pinyin glosses; the restorer in
:mod:`~analysis.clean.mojibake` with its character model from :mod:`~analysis.clean.ngrams`),
:mod:`~analysis.clean.chrome` (what is not the report), :mod:`~analysis.clean.pages` (page furniture of text from PDFs), :mod:`~analysis.clean.lines`, and
:mod:`~analysis.clean.run` (the default order, the report, :func:`clean`).
"""

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
from .pages import rejoin_wrapped_lines, remove_page_furniture
from .chrome import (
    FIGURE_REMOVED,
    PROSE_REMOVED,
    REPEAT_FLAG,
    _running_headers,  # noqa: F401 (tests read it)
    body_bounds,
    remove_page_chrome,
    remove_page_noise,
    remove_repeated_text,
)
from .edits import Edit, Step, apply_edits
from .lines import rejoin_broken_lines, remove_blank_lines, remove_markdown
from .repair import RESTORED, remove_pinyin_glosses, repair_mojibake, restored_flag
from .run import (
    CHANGE_COLUMNS,
    DEFAULT_STEPS,
    MAX_PASSES,
    Cleaned,
    CleaningReport,
    clean,
    make_pipeline,
)

__all__ = [
    "CHANGE_COLUMNS",
    "Cleaned",
    "CleaningReport",
    "DEFAULT_STEPS",
    "Edit",
    "FIGURE_REMOVED",
    "MAX_PASSES",
    "PROSE_REMOVED",
    "REPEAT_FLAG",
    "RESTORED",
    "Step",
    "apply_edits",
    "body_bounds",
    "clean",
    "decode_escapes",
    "make_pipeline",
    "normalize_compatibility",
    "normalize_newlines",
    "normalize_punctuation",
    "normalize_width",
    "rejoin_broken_lines",
    "remove_blank_lines",
    "remove_markdown",
    "remove_invisible",
    "remove_page_chrome",
    "remove_page_noise",
    "remove_page_furniture",
    "rejoin_wrapped_lines",
    "remove_pinyin_glosses",
    "remove_repeated_text",
    "remove_stray_spaces",
    "remove_thousands_separators",
    "repair_mojibake",
    "restore_paragraphs",
    "restored_flag",
    "to_simplified",
]
