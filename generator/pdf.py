"""Render stage for print: the collection and single practices as tagged PDF/UA-1 with WeasyPrint.

The same inputs and build date give the same bytes: the creation date comes from the build
date and the PDF identifier is a hash of the HTML, not a random value.
"""
from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from .collection import Collection, CollectedPractice
from .errors import BuildError, Report, captured_warnings
from .fonts import font_files
from .render import (EVENT_KIND_RU, LEVEL_RU, STATUS_RU, date_ru, date_short, deadline_ru, number_ru, plural,
                     year_ru)

_STYLES = {"Regular": ("normal", 400), "Italic": ("italic", 400), "Bold": ("normal", 700),
           "BoldItalic": ("italic", 700)}


def font_faces() -> str:
    """@font-face rules for PT Serif and PT Sans from their Python packages (embedded in the PDF)."""
    rules = []
    for family in ("PT Serif", "PT Sans"):
        for path in font_files(family):
            style, weight = _STYLES[path.stem.rsplit("-", 1)[-1]]
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                         f"font-style: {style}; font-weight: {weight}; }}")
    return "\n".join(rules)


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def make_print_env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined,
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date_ru=date_ru, date_short=date_short, year_ru=year_ru, num=number_ru, plural=plural,
                       status_ru=STATUS_RU.get, kind_ru=EVENT_KIND_RU.get, level_ru=LEVEL_RU.get,
                       deadline=deadline_ru, svg_uri=_svg_data_uri)
    return env


@dataclass
class RenderedPdf:
    data: bytes
    pages: int


def html_to_pdf(html: str, base_url: str, report: Report, label: str) -> RenderedPdf:
    """One HTML document to a tagged PDF; WeasyPrint's warnings join the report under ``label``."""
    from weasyprint import HTML

    with captured_warnings("weasyprint") as messages:
        try:
            document = HTML(string=html, base_url=base_url).render()
            buffer = io.BytesIO()
            # The identifier must not depend on where the fonts are installed (their file:// URLs).
            stable = html.replace(font_faces(), "")
            document.write_pdf(buffer, pdf_variant="pdf/ua-1", custom_metadata=True,
                               pdf_identifier=hashlib.sha256(stable.encode("utf-8")).hexdigest()[:32].encode("ascii"))
        except Exception as exc:  # WeasyPrint raises many kinds; none is the user's fault to read as a traceback
            raise BuildError(f"не удалось сверстать {label}: {exc}") from exc
    for message in messages:
        report.warning(label, (0, 0), "PDF", message)
    return RenderedPdf(buffer.getvalue(), len(document.pages))


def _context(collection: Collection, build_date: date, **extra: Any) -> dict[str, Any]:
    return {"c": collection, "school": collection.school, "build_date": build_date, "fonts": font_faces(),
            "created": f"{build_date.isoformat()}T00:00:00Z", **extra}


def render_collection(collection: Collection, root: Path, build_date: date, report: Report) -> RenderedPdf:
    """The whole collection: cover, contents, the three sections."""
    env = make_print_env(root / "site_templates" / "print")
    html = env.get_template("collection.html.j2").render(_context(collection, build_date))
    return html_to_pdf(html, (root / "content" / "practices").as_uri() + "/", report,
                       f"dist/{collection.year}/collection.pdf")


def render_practice(collection: Collection, practice: CollectedPractice, root: Path, build_date: date,
                    report: Report) -> RenderedPdf:
    """One practice as its own document for the regional centre, with its own cover block."""
    env = make_print_env(root / "site_templates" / "print")
    html = env.get_template("practice.html.j2").render(_context(collection, build_date, p=practice))
    return html_to_pdf(html, (root / "content" / "practices").as_uri() + "/", report,
                       f"dist/{collection.year}/rnc/{practice.slug}.pdf")


def ensure_weasyprint() -> None:
    """Fail early, in Russian, when the system libraries WeasyPrint needs are missing."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        raise BuildError("для PDF нужна библиотека Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                         f"({exc})") from None
