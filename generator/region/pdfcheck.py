"""What a received PDF must be: readable, its page count, tagged (a structure tree, ``/Marked``)
and every font embedded, so the platform publishes only accessible files that print as sent."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

MAX_FORM_DEPTH = 8  # forms inside forms: a hostile file could nest them without end


@dataclass
class PdfFacts:
    pages: int = 0
    tagged: bool = False
    unembedded: list[str] = field(default_factory=list)
    error: str | None = None


def pdf_facts(data: bytes) -> PdfFacts:
    """Pages, tagging and fonts of ``data``; ``error`` says why a file could not be read."""
    from pypdf import PdfReader

    facts = PdfFacts()
    try:
        pdf = PdfReader(io.BytesIO(data), strict=False)
        if pdf.is_encrypted:
            facts.error = "PDF защищён паролем"
            return facts
        facts.pages = len(pdf.pages)
        root = pdf.trailer["/Root"]
        mark = root.get("/MarkInfo")
        facts.tagged = bool(mark and mark.get_object().get("/Marked")) and "/StructTreeRoot" in root
        missing: dict[str, None] = {}
        for page in pdf.pages:
            _fonts(page.get("/Resources"), missing, 0)
        facts.unembedded = list(missing)
    except Exception as exc:  # pypdf raises many kinds for a damaged or hostile file
        facts.error = f"PDF не читается ({exc.__class__.__name__})"
    return facts


def _fonts(resources, missing: dict[str, None], depth: int) -> None:  # type: ignore[no-untyped-def]
    if resources is None or depth > MAX_FORM_DEPTH:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if font.get("/Subtype") == "/Type3":
            continue  # drawn by the file's own procedures: nothing to embed
        described = font
        if font.get("/Subtype") == "/Type0":
            described = font["/DescendantFonts"][0].get_object()
        descriptor = described.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing[str(font.get("/BaseFont", "?")).lstrip("/")] = None
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), missing, depth + 1)
