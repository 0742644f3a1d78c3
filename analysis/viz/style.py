"""The house style of every figure: the bundled CJK font, sizes, palette, deterministic saving.

Chinese is drawn with **one font that ships with the package**,
``analysis/fonts/GWRNotoSansSC-Regular.ttf`` — a subset of Noto Sans CJK SC 2.004 (SIL Open
Font License 1.1, ``analysis/fonts/OFL.txt``; how it was cut: ``analysis/fonts/README.md``).
It is registered with matplotlib's font manager by :func:`register_font` and named
explicitly in :data:`RC`, so a figure never depends on the fonts of the machine, and a glyph
the font lacks is an error (:data:`GLYPH_MISSING`), not a silent box.

Sizes follow a two-column journal page: :data:`ONE_COLUMN` (3.5 in) and :data:`TWO_COLUMN`
(7.2 in) wide. Colours are the Okabe–Ito palette (:data:`OKABE_ITO`, Okabe & Ito 2008),
distinguishable with the common colour-vision deficiencies; continuous values use
``cividis``, designed for the same purpose (Nuñez et al. 2018).

:func:`save` writes a figure as PNG (300 dpi) and PDF with no timestamps or software
versions inside, so the same data give byte-identical files.

>>> FONT_PATH.name, FAMILY
('GWRNotoSansSC-Regular.ttf', 'GWR Noto Sans SC')
>>> len(OKABE_ITO), ONE_COLUMN, TWO_COLUMN
(8, 3.5, 7.2)
"""

from __future__ import annotations

import contextlib
import io
import warnings
from functools import lru_cache
from pathlib import Path

import matplotlib

from analysis.io import sha256_file, write_atomic

FONT_PATH = Path(__file__).resolve().parents[1] / "fonts" / "GWRNotoSansSC-Regular.ttf"
FAMILY = "GWR Noto Sans SC"  # the subset's own family name: a system Noto can never stand in
FONT_SOURCE = "Noto Sans CJK SC 2.004 (subset), SIL Open Font License 1.1"

#: Figure widths in inches for a two-column journal layout.
ONE_COLUMN = 3.5
TWO_COLUMN = 7.2

#: Okabe–Ito colour-blind-safe palette: orange, sky blue, bluish green, yellow, blue,
#: vermillion, reddish purple, black.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: For categories drawn as filled areas: Okabe–Ito without yellow (too light on white).
CATEGORICAL = tuple(c for c in OKABE_ITO if c != "#F0E442")
#: The two parts of a work report, always in these colours: review (回顾) and plan (打算).
PART_COLOURS = {"review": OKABE_ITO[4], "plan": OKABE_ITO[5]}
SEQUENTIAL_CMAP = "cividis"
DPI = 300

#: matplotlib settings of every figure (applied by :func:`context`).
RC = {
    "font.family": [FAMILY],
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO)),
    "axes.unicode_minus": True,  # U+2212 is in the font
    # math text (a log axis's 10⁴) in the bundled font too: matplotlib's default math font is
    # whichever DejaVu Sans its font cache found first, the machine's own or its copy, so the
    # same figure came out in other bytes on a machine with LibreOffice's fonts installed
    "mathtext.fontset": "custom",
    "mathtext.default": "regular",
    "mathtext.rm": FAMILY,
    "mathtext.sf": FAMILY,
    "mathtext.it": FAMILY,
    "mathtext.bf": FAMILY,
    "mathtext.cal": FAMILY,
    "mathtext.tt": FAMILY,
    "mathtext.bfit": FAMILY,
    "mathtext.fallback": None,  # no Computer Modern or DejaVu for a glyph the font lacks: an error
    "image.cmap": SEQUENTIAL_CMAP,
    "figure.dpi": 100,  # on screen; files are written at DPI
    "savefig.dpi": DPI,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.02,
    "pdf.fonttype": 42,  # embed the font (selectable text), not Type 3 drawings
    "svg.fonttype": "path",
    "svg.hashsalt": "gwr-analysis",
    "path.simplify": True,
}

#: Message of matplotlib's warning for a character the font cannot draw.
GLYPH_MISSING = r"(?s).*Glyph \d+ .*missing from (current )?font"

#: No timestamps or software versions inside the files (see :func:`save`).
PNG_METADATA = {"Software": None}
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}
FORMATS = ("png", "pdf")


class GlyphMissingError(RuntimeError):
    """A figure needs a character the bundled font does not have."""


@lru_cache(maxsize=None)
def register_font() -> str:
    """Register the bundled font with matplotlib (once per process); return its family name.

    >>> register_font()
    'GWR Noto Sans SC'
    """
    from matplotlib import font_manager

    if not FONT_PATH.exists():
        raise FileNotFoundError(f"{FONT_PATH}: the bundled font is missing; reinstall the package")
    font_manager.fontManager.addfont(str(FONT_PATH))
    name = font_manager.FontProperties(fname=FONT_PATH).get_name()
    if name != FAMILY:
        raise RuntimeError(f"{FONT_PATH}: family is {name!r}, expected {FAMILY!r}")
    return name


def font_file() -> Path:
    """Return the file matplotlib uses for :data:`FAMILY` (it must be the bundled one)."""
    from matplotlib import font_manager

    register_font()
    found = font_manager.findfont(font_manager.FontProperties(family=FAMILY), fallback_to_default=False)
    return Path(found).resolve()


def font_info() -> dict:
    """Return what identifies the font: family, file name, SHA-256, source and licence.

    >>> sorted(font_info())
    ['family', 'file', 'licence', 'sha256', 'source']
    """
    return {
        "family": FAMILY,
        "file": FONT_PATH.name,
        "sha256": sha256_file(FONT_PATH),
        "source": FONT_SOURCE,
        "licence": "analysis/fonts/OFL.txt",
    }


@contextlib.contextmanager
def context(strict_glyphs: bool = True):
    """Apply :data:`RC` (font registered) inside a ``with`` block.

    Args:
        strict_glyphs: turn matplotlib's missing-glyph warning into :class:`GlyphMissingError`.
    """
    register_font()
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        if strict_glyphs:
            warnings.filterwarnings("error", message=GLYPH_MISSING, category=UserWarning)
        try:
            yield
        except UserWarning as warning:
            if "missing from" in str(warning):
                raise GlyphMissingError(f"{warning} — add the character to the font subset "
                                        "(analysis/fonts/make_subset.py)") from None
            raise


def use() -> None:
    """Apply :data:`RC` globally (for a notebook session); the font is registered first."""
    register_font()
    matplotlib.rcParams.update(RC)


def figure_bytes(fig, fmt: str) -> bytes:
    """Return ``fig`` rendered as ``fmt`` (``"png"`` or ``"pdf"``) with fixed metadata."""
    metadata = {"png": PNG_METADATA, "pdf": PDF_METADATA}[fmt]
    buf = io.BytesIO()
    with context():
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


def save(fig, out_dir: str | Path, name: str, formats=FORMATS) -> list[Path]:
    """Write ``fig`` as ``<out_dir>/<name>.png`` (300 dpi) and ``.pdf``; return the paths.

    Files are written atomically and hold no dates or versions, so the same figure gives
    the same bytes on every run.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = out_dir / f"{name}.{fmt}"
        write_atomic(path, figure_bytes(fig, fmt))
        paths.append(path)
    return paths
