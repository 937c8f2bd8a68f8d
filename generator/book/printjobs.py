"""PDF rendering as jobs: many HTML documents rendered by WeasyPrint in parallel processes, each
result kept in a cache keyed by everything that shapes it.

A job is one HTML document (a part of the collection, a practice for the regional centre). Its key
is a hash of the HTML (templates, CSS and consent-dependent author names are in it), of the files it
loads (images, fonts) and of the WeasyPrint and pypdf versions, so an unchanged part is never rendered twice,
and any change to a practice, a consent, a template or the stylesheet renders it anew. A cached part
is used only after its record and bytes check out (see partcache).
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..errors import BuildError, captured_warnings
from ..forkpool import ignore_interrupt, workers
from ..results.fonts import font_faces
from .partcache import PartCache, PrintedPart, versions
from .pdffetch import RefusedUrl, local_path, project_fetcher, repo_of, virtual_base

log = logging.getLogger("nastavnik")

CACHE_FORMAT = "4"  # bump when what a part looks like changes (4: pictures without metadata)
_FILE_REF = re.compile(r'(?:src="|url\(")([^"]+)"')


@dataclass(frozen=True)
class PrintJob:
    """One HTML document to render; ``label`` names it in messages (``dist/…/collection.pdf, часть 3``)."""

    label: str
    html: str
    base_url: str
    book_part: bool = False  # whole fonts (the merged file keeps one copy) and parsed objects for the merge

    @property
    def key(self) -> str:
        """Hash of everything the rendered PDF depends on."""
        digest = hashlib.sha256()
        digest.update(f"{CACHE_FORMAT}|{'|'.join(versions())}|{self.book_part}|".encode())
        digest.update(self.stable_html.encode("utf-8"))
        for ref in sorted(set(_FILE_REF.findall(self.html))):
            digest.update(f"|{ref}|{_file_digest(urljoin(self.base_url, ref), repo_of(self.base_url))}".encode())
        return digest.hexdigest()

    @property
    def stable_html(self) -> str:
        """The HTML without where the fonts are installed (their file:// URLs differ between checkouts)."""
        return self.html.replace(font_faces(), "")


def _file_digest(url: str, repo: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return "inline" if parts.scheme == "data" else url
    try:
        path, _ = local_path(url, repo)  # what the fetcher would refuse is never read here either
        if os.path.islink(path):
            return "refused"
        return _cached_file_digest(path, os.stat(path).st_mtime_ns)
    except RefusedUrl:
        return "refused"
    except OSError:
        return "missing"


@cache
def _cached_file_digest(path: str, _mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def render_job(job: PrintJob, store: PartCache, key: str, variant: str = "pdf/ua-1") -> PrintedPart:
    """Render one job with WeasyPrint and keep it in ``store`` under ``key`` with its record."""
    from weasyprint import HTML

    with captured_warnings("weasyprint") as messages:
        try:
            document = HTML(string=job.html, base_url=virtual_base(job.base_url),
                            url_fetcher=project_fetcher(repo_of(job.base_url))).render()
            buffer = io.BytesIO()
            identifier = hashlib.sha256(job.stable_html.encode("utf-8")).hexdigest()[:32].encode("ascii")
            document.write_pdf(buffer, pdf_variant=variant, custom_metadata=True, pdf_identifier=identifier,
                               full_fonts=job.book_part)
        except Exception as exc:  # WeasyPrint raises many kinds; none is the user's fault to read as a traceback
            raise BuildError(f"не удалось сверстать {job.label}: {exc}") from exc
    seen: set[str] = set()
    anchors = []
    for number, page in enumerate(document.pages):
        for name, (x, y, _, _) in page.anchors.items():
            if name not in seen:  # as WeasyPrint does: the first element with an id wins
                seen.add(name)
                anchors.append([name, number, x, y])
    part = PrintedPart(store.paths(key)[0], len(document.pages), [page.height for page in document.pages],
                       [[number, level, label, x, y, state] for number, page in enumerate(document.pages)
                        for level, label, (x, y), state in page.bookmarks],
                       anchors, list(messages))
    store.put(key, job.book_part, part, buffer.getvalue())
    return part


def _render_in_worker(job: PrintJob, store: PartCache, key: str) -> PrintedPart:
    logging.getLogger("nastavnik").handlers.clear()  # the parent reports; a worker only returns
    return render_job(job, store, key)


def render_all(jobs: Sequence[PrintJob], cache_dir: Path, what: str) -> list[PrintedPart]:
    """Every job's part, from the cache or rendered now, in the order of ``jobs``; logs progress."""
    store = PartCache(cache_dir, what)
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys = [job.key for job in jobs]
    found: dict[str, PrintedPart] = {}
    for key in set(keys):
        part = store.get(key, jobs[keys.index(key)].book_part)
        if part is not None:
            found[key] = part
    todo = {key: job for key, job in zip(keys, jobs) if key not in found}
    processes = min(workers(limit=None), len(todo)) if todo else 0  # rendering: every core
    if found:
        log.info("  %s: %d из %d частей из кэша", what, len(jobs) - len(todo), len(jobs))
    started, done = time.perf_counter(), 0
    if processes <= 1:
        for key, job in todo.items():
            found[key] = render_job(job, store, key)
            done += 1
            _progress(what, done, len(todo), started)
    else:
        # fork: the workers start with WeasyPrint and the fonts already loaded. A Pool, not a
        # ProcessPoolExecutor: Ctrl-C or a failed part must stop the workers at once, and only the
        # Pool has a public terminate() (the executor on Python 3.11 waits for every queued part).
        with get_context("fork").Pool(processes, initializer=ignore_interrupt) as pool:
            try:
                for key, part in pool.imap_unordered(_render_keyed, [(job, store, key) for key, job in todo.items()]):
                    found[key] = part
                    done += 1
                    _progress(what, done, len(todo), started)
            except BaseException:  # the parts still queued are not wanted
                pool.terminate()
                raise
    return [found[key] for key in keys]


def _render_keyed(args: tuple[PrintJob, PartCache, str]) -> tuple[str, PrintedPart]:
    job, store, key = args
    return key, _render_in_worker(job, store, key)


def _progress(what: str, done: int, total: int, started: float) -> None:
    if done == total or done % max(1, total // 10) == 0:
        log.info("  %s: свёрстано %d из %d (%.0f с)", what, done, total, time.perf_counter() - started)
