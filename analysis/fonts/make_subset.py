"""Rebuild ``GWRNotoSansSC-Regular.ttf``, the CJK font the figures are drawn with (a dev tool).

Not imported by the package. The font is a subset of **Noto Sans CJK SC Regular 2.004**
(face 2 of ``NotoSansCJK-Regular.ttc``, SIL OFL 1.1; the PyPI package ``noto-cjk-sans-otc``
0.0.1 carries that collection), cut down to

* every character of GB 2312 (6 763 hanzi plus its symbols, enumerated by decoding all
  GB 2312 byte pairs with Python's own codec, so no character list is needed),
* printable ASCII, Latin-1, general and CJK punctuation, full-width forms, arrows,
  circled numbers and the math signs matplotlib uses (− U+2212 for negative ticks),
* every character of the cleaned shipped reports (``data/processed/texts.parquet``),

renamed (family ``GWR Noto Sans SC``) so that a full Noto Sans CJK installed on the
machine can never be picked in its place, and converted from CFF (cubic) to TrueType
(quadratic) outlines so that matplotlib's PDF backend embeds it as an ordinary Type 42 font.
Metrics and kerning are unchanged.

Usage::

    pip download --no-deps -d /tmp/noto noto-cjk-sans-otc==0.0.1
    unzip -o /tmp/noto/*.whl -d /tmp/noto
    python analysis/fonts/make_subset.py /tmp/noto/noto_cjk_sans_otc/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

HERE = Path(__file__).resolve().parent
OUT = HERE / "GWRNotoSansSC-Regular.ttf"
FAMILY = "GWR Noto Sans SC"
POSTSCRIPT = "GWRNotoSansSC-Regular"
SC_FACE = 2  # JP, KR, SC, TC, HK, then the Mono faces


def gb2312() -> set[str]:
    """Every character GB 2312 encodes (rows 0xA1–0xF7, columns 0xA1–0xFE)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def ranges(*spans: tuple[int, int]) -> set[str]:
    return {chr(c) for a, b in spans for c in range(a, b + 1)}


def wanted(root: Path) -> set[str]:
    chars = gb2312() | ranges(
        (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2150, 0x218F), (0x2190, 0x21FF),
        (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
        (0x3000, 0x303F), (0xFF00, 0xFFEF),
    )
    import pyarrow.parquet as pq

    texts = root / "data" / "processed" / "texts.parquet"
    for text in pq.read_table(texts, columns=["text"]).column("text").to_pylist():
        chars |= set(text)
    return {c for c in chars if c.isprintable() or c == " "}


def to_truetype(font, max_err: float = 1.0) -> None:
    """Replace the CFF (cubic) outlines by TrueType (quadratic) ``glyf`` outlines in place.

    matplotlib embeds TrueType outlines in PDF as Type 42 fonts that every reader accepts;
    CFF outlines it can only declare under a font type that does not match the file
    (poppler: "Mismatch between font type and embedded font file"). ``max_err`` is in font
    units (1 of 1000 per em): far below a pixel at any print size.
    """
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = font.getGlyphOrder()
    font.sfntVersion = "\x00\x01\x00\x00"


def main(ttc: str) -> None:
    root = HERE.parents[1]
    font = TTCollection(ttc).fonts[SC_FACE]
    assert font["name"].getDebugName(4) == "Noto Sans CJK SC", font["name"].getDebugName(4)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx"]  # vertical metrics: figures are horizontal
    options.layout_features = ["kern", "palt"]  # no alternates: matplotlib does not shape text
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(ord(c) for c in wanted(root)))
    sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16):
            name.setName(FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            name.setName(POSTSCRIPT, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            name.setName(f"2.004;GWR;{POSTSCRIPT}", rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    to_truetype(font)
    font["head"].modified = font["head"].created  # no build timestamp: reproducible file
    font.recalcTimestamp = False
    font.save(OUT)
    print(f"{OUT.name}: {len(font.getGlyphOrder())} glyphs, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
