"""Fonts of a merged book subset to the glyphs the whole book uses.

Parts of the collection are rendered with whole fonts, so that every part embeds the same font
program and the merge keeps one copy (a part subset to its own glyphs would carry its own program).
A whole PT Serif is ~0.5 MB a face, though, and a book uses a few hundred glyphs: after the merge,
this module reads which glyphs the pages draw and rewrites each embedded TrueType/OpenType program
to those glyphs only. Glyph ids stay as they are (``retain_gids``), so the content streams, the
``/W`` widths and the ``/ToUnicode`` maps — and with them text extraction and the tagging — are
untouched; only the ``FontFile2``/``FontFile3`` streams change.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pypdf import PdfWriter

from . import pypdf_internals as internals
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

# A text object's font (``/name size Tf``) and the strings it shows (``[…] TJ``, ``<…> Tj``).
_TEXT = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj|\)\s*(?:Tj|'|\")")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_FONT_FILES = ("/FontFile2", "/FontFile3")


class _Unreadable(Exception):
    """A content stream shows text in a form this reader does not parse: leave its fonts whole."""


def _data(contents) -> bytes:
    contents = contents.get_object()
    if isinstance(contents, ArrayObject):
        return b"\n".join(item.get_object().get_data() for item in contents)
    return contents.get_data()


def _glyphs(hex_string: bytes) -> Iterator[int]:
    digits = re.sub(rb"\s", b"", hex_string)
    if len(digits) % 4:
        raise _Unreadable
    return (int(digits[i:i + 4], 16) for i in range(0, len(digits), 4))


def _scan(data: bytes, resources: DictionaryObject | None, used: dict[int, set[int]], broken: set[int],
          seen: set[int]) -> None:
    """Add the glyph ids that ``data`` draws, per font program, to ``used``; recurse into forms."""
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts = resources.get("/Font", DictionaryObject()).get_object()
    program: int | None = None
    for match in _TEXT.finditer(data):
        name, array, single = match.group(1), match.group(2), match.group(3)
        if name is not None:
            program = _program(fonts.get("/" + name.decode("latin-1")))
            continue
        if program is None:
            continue
        if array is None and single is None:  # a literal (…) string: not WeasyPrint's way
            broken.add(program)
            continue
        try:
            strings = _HEX.findall(array) if array is not None else [single]
            if array is not None and b"(" in array:
                raise _Unreadable
            for string in strings:
                used.setdefault(program, set()).update(_glyphs(string))
        except _Unreadable:
            broken.add(program)
    for item in resources.get("/XObject", DictionaryObject()).get_object().values():
        form = item.get_object()
        if form.get("/Subtype") == "/Form" and id(form) not in seen:
            seen.add(id(form))
            _scan(form.get_data(), form.get("/Resources"), used, broken, seen)
    for item in resources.get("/Pattern", DictionaryObject()).get_object().values():
        pattern = item.get_object()
        if isinstance(pattern, StreamObject) and id(pattern) not in seen:
            seen.add(id(pattern))
            _scan(pattern.get_data(), pattern.get("/Resources"), used, broken, seen)


def _program(font) -> int | None:
    """The object number of the embedded program of a Type 0 font with an identity glyph map."""
    if font is None:
        return None
    font = font.get_object()
    if font.get("/Subtype") != "/Type0":
        return None
    descendant = font["/DescendantFonts"][0].get_object()
    if descendant.get("/CIDToGIDMap", "/Identity") != "/Identity":
        return None
    descriptor = descendant["/FontDescriptor"].get_object()
    for key in _FONT_FILES:
        ref = descriptor.raw_get(key) if key in descriptor else None
        if isinstance(ref, IndirectObject):
            return ref.idnum
    return None


def _subset(program: bytes, glyphs: set[int]) -> bytes | None:
    """``program`` with only ``glyphs`` (and what composite glyphs are made of), ids unchanged;
    without hinting and layout tables, as WeasyPrint subsets a font of a book rendered in one piece."""
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    options = subset.Options(retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
                             hinting=False, desubroutinize=True, notdef_outline=True)
    options.drop_tables += ["GSUB", "GPOS", "SVG ", "JSTF", "BASE", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyphs | {0}))
    try:
        # recalcTimestamp=False: the same glyphs give the same bytes on every build (reproducible).
        font = TTFont(io.BytesIO(program), recalcTimestamp=False, lazy=False)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except (TTLibError, AssertionError, KeyError, ValueError):
        return None
    return out.getvalue()


def subset_fonts(writer: PdfWriter) -> dict[int, tuple[int, int]]:
    """Rewrite every embedded TrueType/OpenType program of ``writer`` to the glyphs its pages draw.

    Returns, per program's object number, its size before and after (uncompressed). A program
    whose text cannot be read completely (a form this reader does not know) is left whole."""
    used: dict[int, set[int]] = {}
    broken: set[int] = set()
    seen: set[int] = set()
    for page in writer.pages:
        if "/Contents" in page:
            _scan(_data(page.raw_get("/Contents")), page.get("/Resources"), used, broken, seen)
        for annotation in page.get("/Annots", ArrayObject()):
            appearance = annotation.get_object().get("/AP", DictionaryObject()).get("/N")
            if isinstance(appearance, (IndirectObject, StreamObject)) and isinstance(appearance.get_object(), StreamObject):
                stream = appearance.get_object()
                _scan(stream.get_data(), stream.get("/Resources"), used, broken, seen)
    sizes: dict[int, tuple[int, int]] = {}
    for idnum, glyphs in sorted(used.items()):
        if idnum in broken:
            continue
        old = internals.object_at(writer, idnum)
        if not isinstance(old, StreamObject) or old.get("/Subtype") not in (None, "/OpenType"):
            continue  # FontFile3 /Type1C or /CIDFontType0C: a bare CFF, left whole
        program = old.get_data()
        smaller = _subset(program, glyphs)
        if smaller is None or len(smaller) >= len(program):
            continue
        new = internals.flate_stream(smaller, {})
        if "/Subtype" in old:
            new[NameObject("/Subtype")] = old["/Subtype"]
        else:
            new[NameObject("/Length1")] = NumberObject(len(smaller))
        new.indirect_reference = old.indirect_reference
        internals.set_object(writer, idnum, new)
        sizes[idnum] = (len(program), len(smaller))
    return sizes
