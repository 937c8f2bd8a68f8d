"""The regional collection «Лучшие практики наставничества — РЕГИОН, ГОД»: a cover and contents
rendered by WeasyPrint (tagged, PDF/UA), then the chosen schools' PDFs as received, one chapter
each, joined by the book's merge (one structure tree, a bookmark per chapter) — the same pieces as
the school's collection (book/printjobs, book/pdfmerge). The contents give each chapter's page in
the file; the front is rendered again until its own length settles, as the school's does."""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from ..book.partcache import PartCache, PrintedPart, write_whole
from ..book.pdf import make_print_env
from ..book.pdfmerge import PX, merge_parts
from ..book.printjobs import PrintJob, render_all
from ..errors import BuildError, Report
from ..results.fonts import font_faces
from .catalogue import Entry
from .config import Region, Selection
from .site import TEMPLATES

log = logging.getLogger("nastavnik")


def collection_title(region: Region, year: str) -> str:
    from ..render import year_ru

    return f"Лучшие практики наставничества — {region.short_name}, {year_ru(year)}"


def _chapter(entry: Entry, path: Path) -> PrintedPart:
    """A received PDF as a part of the book: its pages' heights and one bookmark at its start."""
    reader = PdfReader(path)
    heights = [float(page.mediabox.height) / PX for page in reader.pages]
    label = f"{entry.title} ({entry.school_short})"
    return PrintedPart(path, len(heights), heights, [[0, 1, label, 0.0, 0.0, "closed"]], [])


def write_collection(region: Region, selection: Selection, entries: list[Entry], folders: dict[tuple[str, str], Path],
                     work: Path, report: Report, build_date: date | None = None) -> tuple[str, bytes | None]:
    """``collection-YEAR.pdf`` of the practices ``selection.yaml`` names; a named practice that is not
    in the catalogue is reported (and left out)."""
    name = f"collection-{selection.year}.pdf"
    index = {(e.school, e.year, e.id): e for e in entries}
    chosen: list[Entry] = []
    for number, pick in enumerate(selection.practices, start=1):
        entry = index.get((pick.school, selection.year, pick.practice))
        if entry is None:
            report.warning("selection.yaml", (0, 0), f"practices[{number}]",
                           f"практики «{pick.practice}» школы «{pick.school}» за {selection.year} нет среди принятых — "
                           "в сборник не вошла")
        else:
            chosen.append(entry)
    if not chosen:
        return name, None
    chapters = [_chapter(e, folders[(e.school, e.year)] / e.file) for e in chosen]
    title = selection.title or collection_title(region, selection.year)
    env = make_print_env(TEMPLATES / "region" / "print")
    env.loader.searchpath.append(str(TEMPLATES / "print"))  # type: ignore[union-attr]  # print.css
    base_url = (TEMPLATES / "print").as_uri() + "/"
    created = f"{(build_date or date.today()).isoformat()}T00:00:00Z"
    front_pages, tried = 2, []
    for _ in range(5):
        pages, start = [], front_pages + 1
        for chapter in chapters:
            pages.append(start)
            start += chapter.pages
        html = env.get_template("collection.html.j2").render(
            region=region, year=selection.year, title=title, chosen=list(zip(chosen, pages)), fonts=font_faces(),
            created=created)
        job = PrintJob(f"dist/{name} (обложка и содержание)", html, base_url, book_part=True)
        tried.append(job.key)
        front = render_all([job], work, "сборник региона")[0]
        if front.pages == front_pages:
            break
        front_pages = front.pages
    else:
        raise BuildError(f"dist/{name}: число страниц содержания не устанавливается")
    front.report_warnings(report, job.label)
    PartCache(work).prune(set(tried))  # fronts of earlier selections
    identifier = hashlib.sha256("".join([job.key, *(e.sha256 for e in chosen)]).encode()).hexdigest()[:32]
    kept = _kept(work, identifier)
    if kept is not None:
        return name, kept
    try:
        data = merge_parts([front, *chapters], None, identifier.encode("ascii"))
    except (KeyError, TypeError, AttributeError, IndexError) as exc:  # a PDF tagged unlike WeasyPrint's
        raise BuildError(f"dist/{name}: PDF практики не удалось присоединить к сборнику ({exc.__class__.__name__}); "
                         "уберите её из selection.yaml") from None
    log.info("  сборник региона: практик %d, %d стр.", len(chosen), front.pages + sum(c.pages for c in chapters))
    _keep(work, identifier, data)
    return name, data


def _kept(work: Path, identifier: str) -> bytes | None:
    """The merged book of the same front and chapters, if kept and whole (its record's sha256)."""
    try:
        record = json.loads((work / "merged.json").read_text(encoding="utf-8"))
        data = (work / "merged.pdf").read_bytes()
    except (OSError, ValueError):
        return None
    if record.get("key") != identifier or record.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    log.info("  сборник региона: без изменений, из кэша")
    return data


def _keep(work: Path, identifier: str, data: bytes) -> None:
    write_whole(work / "merged.pdf", data)
    write_whole(work / "merged.json", json.dumps({"key": identifier, "sha256": hashlib.sha256(data).hexdigest()}).encode())
