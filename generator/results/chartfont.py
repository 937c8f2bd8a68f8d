"""The charts' font travels inside each chart: labels never clip, whatever fonts a visitor has.

matplotlib lays the labels out with PT Sans (generator/fonts.py) and writes them as text naming
"PT Sans". A browser without that font draws a wider fallback, and a label right-aligned to the
axis («Согласия на обработку ПДн») runs past the left edge of the picture. Each chart therefore
carries an ``@font-face`` with PT Sans cut down to the characters that chart uses (a few dozen
glyphs, WOFF, ~10–20 KB): the browser draws exactly the font the layout was measured with. The
same file goes into the PDF. PT Sans is under the SIL Open Font License 1.1 (the licence file of
fontpkg-pt-sans): a chart is a document created with the font, and the OFL lets a document embed it,
subset, as WeasyPrint does in the PDF; the subset keeps the font's copyright and licence records.
"""
from __future__ import annotations

import base64
import io
import re
from functools import cache
from html import unescape
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from .fonts import font_files

_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def chart_characters(svg: str) -> str:
    """Every character drawn as text in ``svg`` (the chart's labels, ticks, notes and legend)."""
    chars = {ch for body in _TEXT.findall(svg) for ch in unescape(_TAGS.sub("", body))}
    return "".join(sorted(chars | {" ", "…"}))


@cache
def _regular() -> Path:
    return next(p for p in font_files("PT Sans") if p.name.endswith("-Regular.ttf"))


@cache
def font_subset(characters: str) -> bytes:
    """PT Sans Regular with only ``characters``, as WOFF; the same characters give the same bytes."""
    font = TTFont(str(_regular()), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the copyright and licence records the OFL asks to keep
    options.notdef_outline = True
    options.layout_features = ["kern", "liga"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out, reorderTables=True)
    return out.getvalue()


def embed_font(svg: str) -> str:
    """``svg`` with an ``@font-face`` of the PT Sans subset its text needs, placed in its ``<defs>``."""
    data = base64.b64encode(font_subset(chart_characters(svg))).decode("ascii")
    face = ("<style type=\"text/css\">@font-face{font-family:'PT Sans';font-style:normal;font-weight:400;"
            f"src:url(data:font/woff;base64,{data}) format('woff')}}</style>")
    if "<defs>" in svg:
        return svg.replace("<defs>", "<defs>\n  " + face, 1)
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + "\n <defs>" + face + "</defs>", svg, count=1)
