"""Render stage for print: the collection and single practices as tagged PDF/UA-1 with WeasyPrint.

The same inputs and build date give the same bytes: the creation date comes from the build
date and the PDF identifier is a hash of the HTML, not a random value.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from .collection import Collection, CollectedPractice
from ..errors import BuildError, Report
from ..results.fonts import font_faces
from .pagenumbers import PageNumbers, reference_html
from .pdfmerge import merge_parts
from .pdfsnapshot import PartUnreadable
from .partcache import PartCache, PrintedPart
from .printjobs import PrintJob, render_all, render_job
from ..render import (EVENT_KIND_RU, LEVEL_RU, STATUS_RU, agree_filter, date_ru, date_short, deadline_ru, number_ru, plural,
                     year_ru)

log = logging.getLogger("nastavnik")

PRACTICES_PER_PART = 20  # small enough that an edit re-renders little, large enough to share the set-up



def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def make_print_env(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined,
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date_ru=date_ru, date_short=date_short, year_ru=year_ru, num=number_ru, plural=plural, agree=agree_filter,
                       status_ru=STATUS_RU.get, kind_ru=EVENT_KIND_RU.get, level_ru=LEVEL_RU.get,
                       deadline=deadline_ru, svg_uri=_svg_data_uri)
    return env


@dataclass
class RenderedPdf:
    data: bytes
    pages: int


@dataclass
class Part:
    """What one document of the collection holds; the template reads it as ``part``."""

    front: bool = False  # cover and contents
    sections: bool = False  # 1) results and 2) materials
    intro: bool = False  # the heading and introduction of 3) practices
    practices: list[CollectedPractice] = field(default_factory=list)
    toc_pages: dict[str, int] | None = None  # page numbers of the contents; None: WeasyPrint counts them
    stubs: bool = False  # ids for the contents' links, so WeasyPrint keeps them; the merge points them on
    carry_running: str | None = None  # running head of a part that starts without its heading
    stamped: bool = True  # page numbers are stamped after the merge


def _context(collection: Collection, build_date: date, **extra: Any) -> dict[str, Any]:
    return {"c": collection, "school": collection.school, "build_date": build_date, "fonts": font_faces(),
            "created": f"{build_date.isoformat()}T00:00:00Z", **extra}


class CollectionPrinter:
    """The collection as HTML documents: whole, or in parts for parallel rendering and the cache."""

    def __init__(self, collection: Collection, root: Path, build_date: date):
        self.collection, self.build_date = collection, build_date
        self.env = make_print_env(root / "site_templates" / "print")
        self.base_url = (root / "content" / "practices").as_uri() + "/"
        self.label = f"dist/{collection.year}/collection.pdf"

    def html(self, part: Part) -> str:
        return self.env.get_template("collection.html.j2").render(_context(self.collection, self.build_date,
                                                                           part=part))

    def job(self, part: Part, name: str) -> PrintJob:
        return PrintJob(f"{self.label} ({name})", self.html(part), self.base_url, book_part=True)

    def whole(self) -> Part:
        return Part(front=True, sections=True, intro=True, practices=self.collection.practices, stamped=False)

    def body(self) -> list[Part]:
        """Results and materials, then the practices in runs of ``PRACTICES_PER_PART``."""
        practices = self.collection.practices
        parts = [Part(sections=True)]
        for start in range(0, max(len(practices), 1), PRACTICES_PER_PART):
            parts.append(Part(intro=start == 0, practices=practices[start:start + PRACTICES_PER_PART],
                              carry_running=None if start == 0 else self.collection.running_practices))
        return parts

    def targets(self) -> list[str]:
        """The anchors the contents link to, in its order."""
        c = self.collection
        return ["part-1", "part-2", *(f"m-{m.doc.slug}" for m in c.materials), "part-3",
                *(f"p-{p.slug}" for p in c.practices)]

    def reference(self) -> PrintJob:
        head = self.env.get_template("_head.html.j2").render(_context(
            self.collection, self.build_date, title="Нумерация страниц", subject="Образец нумерации страниц"))
        return PrintJob(f"{self.label} (образец нумерации)", reference_html(head), self.base_url, book_part=True)


def render_collection(collection: Collection, root: Path, build_date: date, report: Report,
                      cache_dir: Path) -> RenderedPdf:
    """The collection: its body in parts rendered in parallel (or taken from the cache), then the
    contents with the page numbers the parts came out with, then one merged, tagged file. A cached
    part that pypdf cannot read as its record says is rendered again, once."""
    try:
        return _render_collection(collection, root, build_date, report, cache_dir)
    except PartUnreadable as exc:
        log.info("  сборник: часть из кэша не прошла проверку (%s) — будет свёрстана заново", exc.reason)
        exc.path.with_suffix(".json").unlink(missing_ok=True)
    return _render_collection(collection, root, build_date, report, cache_dir)


def _render_collection(collection: Collection, root: Path, build_date: date, report: Report,
                       cache_dir: Path) -> RenderedPdf:
    printer = CollectionPrinter(collection, root, build_date)
    jobs = [printer.job(part, f"часть {number}") for number, part in enumerate(printer.body(), start=1)]
    jobs.append(printer.reference())
    *body, reference = render_all(jobs, cache_dir, "сборник")
    where: dict[str, int] = {}  # anchor → page, counted from the first page after the contents
    offset = 0
    for part in body:
        for name, page, _, _ in part.anchors:
            where.setdefault(name, offset + page)
        offset += part.pages
    front_job, front, tried = _settle_front(printer, where, cache_dir)
    keys = [front_job.key, *(job.key for job in jobs)]
    try:
        numbers = PageNumbers(reference.path)
    except BuildError:
        raise
    except Exception as exc:  # noqa: BLE001 — pypdf raises many kinds on a file it cannot read
        raise PartUnreadable(reference.path, f"pypdf не открывает PDF ({type(exc).__name__})") from None
    data = merge_parts([front, *body], numbers,
                       hashlib.sha256("".join(keys).encode()).hexdigest()[:32].encode("ascii"))
    PartCache(cache_dir).prune(set(keys + tried))
    for job, part in zip([front_job, *jobs], [front, *body, reference]):
        part.report_warnings(report, job.label)
    return RenderedPdf(data, front.pages + offset)


def _settle_front(printer: CollectionPrinter, where: dict[str, int],
                  cache_dir: Path) -> tuple[PrintJob, PrintedPart, list[str]]:
    """Cover and contents whose page numbers count their own pages; the contents' length barely
    depends on its numbers, so starting from the last build's length this settles at once."""
    targets = printer.targets()
    remembered = cache_dir / "front-pages.txt"
    try:
        front_pages = int(remembered.read_text())
    except (OSError, ValueError):
        front_pages = 1 + -(-len(targets) // 25)  # the cover and ~25 lines of contents a page
    tried = []
    for _ in range(5):
        numbers = {name: front_pages + where[name] + 1 for name in targets}
        job = printer.job(Part(front=True, toc_pages=numbers, stubs=True), "содержание")
        tried.append(job.key)
        front = render_all([job], cache_dir, "содержание")[0]
        if front.pages == front_pages:
            remembered.write_text(str(front_pages))
            return job, front, tried
        front_pages = front.pages
    raise BuildError(f"{printer.label}: число страниц содержания не устанавливается")


def render_collection_whole(collection: Collection, root: Path, build_date: date, report: Report) -> RenderedPdf:
    """The collection as one WeasyPrint document in this process: the reference the merge is tested against."""
    printer = CollectionPrinter(collection, root, build_date)
    job = PrintJob(printer.label, printer.html(printer.whole()), printer.base_url)
    with tempfile.TemporaryDirectory() as folder:
        part = render_job(job, PartCache(Path(folder)), "whole")
        part.report_warnings(report, job.label)
        return RenderedPdf(part.data, part.pages)


def practice_job(collection: Collection, practice: CollectedPractice, root: Path, build_date: date) -> PrintJob:
    """One practice as its own document for the regional centre, with its own cover block."""
    env = make_print_env(root / "site_templates" / "print")
    html = env.get_template("practice.html.j2").render(_context(collection, build_date, p=practice))
    return PrintJob(f"dist/{collection.year}/rnc/{practice.slug}.pdf", html,
                    (root / "content" / "practices").as_uri() + "/")


def ensure_weasyprint() -> None:
    """Fail early, in Russian, when the system libraries WeasyPrint needs are missing."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        raise BuildError("для PDF нужна библиотека Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                         f"({exc})") from None
