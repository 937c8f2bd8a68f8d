"""Page numbers stamped onto merged pages exactly where WeasyPrint would have drawn them.

Parts of the collection are rendered without page numbers, so a part's PDF does not depend on
how many pages come before it and stays valid in the cache when an earlier practice grows. The
numbers are drawn afterwards from a reference: WeasyPrint renders ten blank pages with the
collection's stylesheet, and from their footers we learn the font, size, colour, baseline and
alignment of the number, and the glyphs of the ten digits.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from ..errors import BuildError
from . import pypdf_internals as internals

FONT = "/NPPageNumber"
REFERENCE_PAGES = 10  # pages 1…10 show every digit
_TEXT = re.compile(
    rb"(?P<colour>[-\d. ]+ (?:rg|g|k))\s+BT\s+1 0 0 -1 (?P<x>[-\d.]+) (?P<y>[-\d.]+) Tm\s+"
    rb"/(?P<font>\S+) (?P<size>[\d.]+) Tf\s+\[(?P<glyphs>[^\]]*)\] TJ\s+ET")


def reference_html(head: str) -> str:
    """The reference document: the stylesheet's pages with nothing on them but a full stop."""
    body = "".join('<p style="break-before: page">.</p>' for _ in range(REFERENCE_PAGES))
    return f'<!DOCTYPE html><html lang="ru"><head>{head}</head><body>{body}</body></html>'


class PageNumbers:
    """How to draw a page number; built from the reference PDF."""

    def __init__(self, reference: Path):
        self.reader = PdfReader(reference)
        footers = [self._footer(page) for page in self.reader.pages[:REFERENCE_PAGES]]
        if len(footers) < REFERENCE_PAGES:
            raise BuildError("образец нумерации страниц: WeasyPrint сверстал меньше страниц, чем ожидалось")
        self.digits: dict[str, bytes] = {}
        for number, footer in enumerate(footers, start=1):
            for digit, code in zip(str(number), re.findall(rb"<([0-9a-fA-F]+)>", footer["glyphs"])):
                self.digits[digit] = code
        self.font_name = footers[0]["font"].decode()
        resources = self.reader.pages[0]["/Resources"]["/Font"]
        self.font_ref = resources.raw_get("/" + self.font_name)
        self.widths = _widths(resources["/" + self.font_name])
        self.colour, self.size, self.y = footers[0]["colour"], footers[0]["size"], float(footers[0]["y"])
        # x = centre - share × width: share is 0 for left, ½ for centred, 1 for right-aligned numbers.
        one, ten = float(footers[0]["x"]), float(footers[-1]["x"])
        w_one, w_ten = self.width("1"), self.width("10")
        self.share = (one - ten) / (w_ten - w_one) if w_ten != w_one else 0.0
        self.anchor = one + self.share * w_one

    def _footer(self, page) -> dict[str, bytes]:
        found = list(_TEXT.finditer(page.get_contents().get_data()))
        if not found:
            raise BuildError("образец нумерации страниц: в @page нет номера страницы (counter(page))")
        return max(found, key=lambda match: float(match["y"])).groupdict()  # the lowest text is the footer

    def width(self, text: str) -> float:
        """Width of ``text`` in the footer's user space."""
        return sum(self.widths.get(int(self.digits[d], 16), 0) for d in text) * float(self.size) / 1000

    def stamp(self, writer: PdfWriter, pages: Iterable[int]) -> None:
        """Draw the number (index + 1) on each of ``pages`` of ``writer`` as a pagination artifact."""
        font = self.font_ref.clone(writer)
        opening = internals.add_object(writer, _stream(b"q\n"))  # keeps the page's own graphics state apart
        for index in pages:
            page = writer.pages[index]
            fonts = page["/Resources"].setdefault(NameObject("/Font"), DictionaryObject())
            fonts.get_object()[NameObject(FONT)] = font
            text = str(index + 1)
            x = self.anchor - self.share * self.width(text)
            glyphs = b"".join(b"<" + self.digits[d] + b">" for d in text)
            height = float(page.mediabox.height)
            content = (b"Q\nq\n1 0 0 -1 0 %.6f cm\n0.75 0 0 0.75 0 0 cm\n"
                       b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n%s\nBT\n1 0 0 -1 %.6f %.6f Tm\n"
                       b"%s %s Tf\n[%s] TJ\nET\nEMC\nQ\n") % (
                height, self.colour, x, self.y, FONT.encode(), self.size, glyphs)
            contents = page.raw_get("/Contents")
            existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
            page[NameObject("/Contents")] = ArrayObject([opening, *existing, internals.add_object(writer, _stream(content))])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _widths(font: DictionaryObject) -> dict[int, float]:
    """Glyph widths of a CID font from its ``/W`` array (both of its forms)."""
    descendant = font["/DescendantFonts"][0].get_object()
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1].get_object(), ArrayObject):
            for offset, width in enumerate(items[i + 1].get_object()):
                widths[first + offset] = float(width)
            i += 2
        else:
            for code in range(first, int(items[i + 1]) + 1):
                widths[code] = float(items[i + 2])
            i += 3
    return widths
