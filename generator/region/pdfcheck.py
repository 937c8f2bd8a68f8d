"""What a received PDF must be: readable, its page count, tagged (``/Marked`` and a structure tree)
and every font embedded, so the platform publishes only accessible files that print as sent; and
its text, for the contacts check.

PDFium (pypdf's sibling in C, through pypdfium2) reads all of it in about 20 ms a file; pypdf
first parses every object of a tagged PDF's object streams (~50 ms) and pdftotext is a process
per file: at ten thousand practices that is the difference between one and five minutes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_DEPTH = 8  # forms inside forms: a hostile file could nest them without end


@dataclass
class PdfFacts:
    pages: int = 0
    tagged: bool = False
    unembedded: list[str] = field(default_factory=list)
    text: str = ""
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
                for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=MAX_DEPTH):
                    font = raw.FPDFTextObj_GetFont(obj.raw)
                    if font and not raw.FPDFFont_GetIsEmbedded(font):
                        missing[_font_name(font)] = None
            finally:
                page.close()
        facts.tagged = bool(raw.FPDFCatalog_IsTagged(document.raw)) and structured
        facts.unembedded = list(missing)
        facts.text = "\n".join(texts)
    except Exception as exc:  # PDFium reports a damaged page in many ways
        facts.error = f"PDF не читается ({exc.__class__.__name__})"
    finally:
        document.close()
    return facts


def _font_name(font) -> str:  # type: ignore[no-untyped-def]
    import ctypes

    import pypdfium2.raw as raw

    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return "?"
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")
