"""What a received PDF must be: readable, its page count, tagged (``/Marked`` and a structure tree)
and every font embedded, so the platform publishes only accessible files that print as sent; and
the texts a reader sees, for the contacts check: the pages, the document's properties, the
bookmarks, the annotations' notes and link addresses, and apart from them the XMP metadata (where
a PDF editor puts the author and their contacts). A PDF with attached files or form fields is
refused: what they hold is not read here. (Not read: pictures — faces in them are the school
gate's concern before the PDF is built.)

PDFium (pypdf's sibling in C, through pypdfium2) reads all of it in about 20 ms a file; pypdf
first parses every object of a tagged PDF's object streams (~50 ms) and pdftotext is a process
per file: at ten thousand practices that is the difference between one and five minutes. PDFium
gives no XMP, so pypdf reads it, touching only the file's top-level objects (about 1 ms).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..errors import captured_warnings
from ..privacy.filetext import xmp_text

MAX_DEPTH = 8  # forms inside forms: a hostile file could nest them without end


@dataclass
class PdfFacts:
    pages: int = 0
    tagged: bool = False
    unembedded: list[str] = field(default_factory=list)
    text: str = ""
    xmp: str = ""  # checked apart from ``text``: a refusal names the XMP metadata as the place
    error: str | None = None


def pdf_facts(data: bytes) -> PdfFacts:
    """Pages, tagging, fonts and text of ``data``; ``error`` says why the file could not be read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    facts = PdfFacts()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        facts.error = "PDF защищён паролем" if "password" in str(exc).lower() else "PDF не читается"
        return facts
    try:
        facts.pages = len(document)
        texts, missing = [], {}
        structured = False
        for number in range(facts.pages):
            page = document[number]
            try:
                tree = raw.FPDF_StructTree_GetForPage(page.raw)
                if tree:
                    structured = structured or raw.FPDF_StructTree_CountChildren(tree) > 0
                    raw.FPDF_StructTree_Close(tree)
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                texts += _annotations(document, page)
                for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=MAX_DEPTH):
                    font = raw.FPDFTextObj_GetFont(obj.raw)
                    if font and not raw.FPDFFont_GetIsEmbedded(font):
                        missing[_font_name(font)] = None
            finally:
                page.close()
        facts.tagged = bool(raw.FPDFCatalog_IsTagged(document.raw)) and structured
        facts.unembedded = list(missing)
        if raw.FPDFDoc_GetAttachmentCount(document.raw) > 0:
            facts.error = "в PDF вложены файлы — вложения не принимаются; соберите PDF без них"
        elif raw.FPDF_GetFormType(document.raw) not in (-1, 0):  # FORMTYPE_NONE
            facts.error = "в PDF есть поля формы — такие PDF не принимаются; соберите PDF без них"
        texts += [str(value) for value in document.get_metadata_dict().values()]
        texts += [bookmark.get_title() for bookmark in _bookmarks(document)]
        facts.text = "\n".join(texts)
    except Exception as exc:  # PDFium reports a damaged page in many ways
        facts.error = f"PDF не читается ({exc.__class__.__name__})"
    finally:
        document.close()
    if facts.error is None:
        try:
            facts.xmp = "\n".join(xmp_packets(data))
        except Exception as exc:  # what is not read cannot be vouched for
            facts.error = f"метаданные XMP не читаются ({exc.__class__.__name__})"
    return facts


def xmp_packets(data: bytes) -> list[str]:
    """The text of every XMP metadata stream of the PDF: the document's (the catalog's /Metadata)
    and any page's, picture's or font's. A stream is never inside an object stream, so only the
    top-level objects are opened: each stream marked /Type /Metadata or /Subtype /XML, and whatever
    a top-level dictionary's /Metadata names; a tagged PDF's object streams (thousands of structure
    elements, 20–40 ms in pypdf) are not parsed. (A catalog inside an object stream is not opened:
    its /Metadata stream is found by its marks, which the PDF standard requires.)"""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

    with captured_warnings("pypdf"):  # a malformed file is PDFium's to judge; no English lines
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")  # PDFium opened it without a password: an owner password at most
        streams: dict[int, StreamObject] = {}
        for generation, numbers in reader.xref.items():
            for number in list(numbers):
                obj = IndirectObject(number, generation, reader).get_object()
                if not isinstance(obj, DictionaryObject):
                    continue
                if isinstance(obj, StreamObject) and (obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML"):
                    streams[number] = obj
                named = obj.raw_get("/Metadata") if "/Metadata" in obj else None
                if isinstance(named, IndirectObject) and named.idnum not in reader.xref_objStm:
                    found = named.get_object()
                    if isinstance(found, StreamObject):
                        streams[named.idnum] = found
        return [xmp_text(stream.get_data()) for stream in streams.values()]


def _bookmarks(document):  # type: ignore[no-untyped-def]
    try:
        return list(document.get_toc(max_depth=MAX_DEPTH * 4))
    except Exception:  # a broken outline is no reason to refuse: its titles are then not read
        return []


def _utf16(call) -> str:  # type: ignore[no-untyped-def]
    """A PDFium string getter's value (it reports the size first, then fills a UTF-16LE buffer)."""
    import ctypes

    size = call(None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    call(buffer, size)
    return buffer.raw[:size].decode("utf-16-le", "replace").rstrip("\x00")


def _annotations(document, page) -> list[str]:  # type: ignore[no-untyped-def]
    """Notes and link addresses of a page's annotations."""
    import ctypes

    import pypdfium2.raw as raw

    found = []
    for index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            for key in (b"Contents", b"T"):
                found.append(_utf16(lambda buf, n, key=key: raw.FPDFAnnot_GetStringValue(
                    annot, key, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)) if buf is not None else None, n)))
            link = raw.FPDFAnnot_GetLink(annot)
            action = raw.FPDFLink_GetAction(link) if link else None
            if action:
                size = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
                if size > 0:
                    buffer = ctypes.create_string_buffer(size)
                    raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
                    found.append(unquote(buffer.value.decode("latin-1", "replace")))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return [text for text in found if text]


def _font_name(font) -> str:  # type: ignore[no-untyped-def]
    import ctypes

    import pypdfium2.raw as raw

    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return "?"
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")
