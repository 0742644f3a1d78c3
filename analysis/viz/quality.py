"""Notebook 01, data quality: the cleaning edits of a report, by step."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.clean import DEFAULT_STEPS
from analysis.viz import style

from .common import _figure, _styled


def edits_by_step(changes: pd.DataFrame) -> pd.DataFrame:
    """Return edits per cleaning step, in pipeline order: ``step``, ``edits``, ``flagged``.

    Args:
        changes: rows of ``cleaning_changes.csv`` (or ``CleaningReport.changes``).

    >>> ch = pd.DataFrame({"step": ["to_simplified", "repair_mojibake", "to_simplified"],
    ...                    "flag": ["", "1 character(s) lost", ""]})
    >>> edits_by_step(ch).query("edits > 0").values.tolist()
    [['repair_mojibake', 1, 1], ['to_simplified', 2, 0]]
    """
    steps = [s.name for s in DEFAULT_STEPS]
    flagged = changes["flag"].fillna("").ne("")
    out = pd.DataFrame({
        "edits": changes.groupby("step").size(),
        "flagged": flagged.groupby(changes["step"]).sum(),
    }).reindex(steps, fill_value=0)
    out.index.name = "step"
    return out.reset_index().astype({"step": "string", "edits": "int64", "flagged": "int64"})

@_styled
def plot_cleaning_edits_by_step(table: pd.DataFrame) -> Figure:
    """Horizontal bars: edits per cleaning step (log scale), flagged edits in vermillion."""
    fig = _figure(style.ONE_COLUMN, 2.6)
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["edits"].where(table["edits"] > 0), color=style.OKABE_ITO[4], label="全部修改 all edits")
    ax.barh(y, table["flagged"].where(table["flagged"] > 0), color=style.OKABE_ITO[5],
            label="需人工核对 flagged")
    for yi, n in zip(y, table["edits"]):
        ax.text(max(n, 1) * 1.15, yi, str(n), va="center", fontsize=6)
    ax.set_yticks(y, table["step"])
    ax.set_xscale("log")
    ax.set_xlim(0.8, table["edits"].max() * 4)
    ax.set_xlabel("修改处数（对数轴） edits (log scale)")
    ax.legend(loc="upper right")
    return fig
