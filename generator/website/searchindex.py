"""Build stage, after MkDocs: the site's search index, made by Pagefind over the built pages.

Pagefind (the binary inside the pinned ``pagefind-bin`` wheel; it makes no network request) reads
every page's ``data-pagefind-body`` region — the theme override (site_templates/overrides/main.html)
marks it on the pages that are to be found, not on later pages of paginated listings (front matter
``search: exclude``), drafts of the preview or the 404 page — and writes a chunked index into
``pagefind/``: Snowball stemming for Russian, one fragment per page, index chunks by word and the
catalog's facets (form, subject, year, tag) as filters. A visitor's browser fetches only the chunks
its query needs, and only once they start searching (assets/javascripts/search.js).

Only the files the site's own search script uses are kept: Pagefind's ready-made UIs are removed;
the filter files are put in a fixed order (searchorder), so the same pages give the same bytes.
The index is made inside the staging folder, before the personal-data gate reads it.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from ..errors import BuildError
from .searchorder import order_filters

log = logging.getLogger("nastavnik")

BUNDLE = "pagefind"  # the index folder inside the site
LANGUAGE = "ru"  # every page is indexed as Russian: the stemmer is the language's
# Pagefind's own search UIs and the highlighter: the site has its own search dialog in Material's look.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
          "wasm.unknown.pagefind")
# Not a page's words: heading permalinks («¶»), the skip link and the theme's buttons inside the article.
EXCLUDED = ".headerlink, .md-content__button, .md-source-file"
TIMEOUT = 1800  # seconds; 5,000 practices take a few seconds, a hung binary must not hang CI


def pagefind_executable() -> Path:
    """The Pagefind binary of the installed ``pagefind-bin`` wheel."""
    try:
        import pagefind_bin  # the wheel holds only the binary and this locator

        return Path(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        raise BuildError("не найдена программа поиска Pagefind (пакет pagefind-bin): выполните "
                         "scripts/setup.sh или .venv/bin/python -m pip install -r requirements.lock") from None


def build_search_index(site: Path) -> int:
    """Write the Pagefind index of the built ``site`` into ``site/pagefind/``; the number of pages indexed.

    Raises :class:`BuildError` (in Russian, with Pagefind's own message) if the index cannot be made."""
    pages = index_pages(site, site / BUNDLE)
    log.info("  поиск: страниц в индексе %d", pages)
    return pages


def index_pages(source: Path, bundle: Path) -> int:
    """Pagefind over the pages under ``source`` (their addresses are their paths there) into the
    folder ``bundle``, made anew; the number of pages indexed. Raises :class:`BuildError`."""
    shutil.rmtree(bundle, ignore_errors=True)
    command = [str(pagefind_executable()), "--site", str(source), "--output-path", str(bundle),
               "--force-language", LANGUAGE, "--glob", "**/*.html",
               "--exclude-selectors", EXCLUDED]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BuildError(f"поисковый индекс не построен за {TIMEOUT // 60} мин (Pagefind не ответил)") from None
    except OSError as exc:
        raise BuildError(f"программа поиска Pagefind не запускается: {exc}") from None
    if done.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        shutil.rmtree(bundle, ignore_errors=True)
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError("поисковый индекс не построен (Pagefind): " + " ".join(detail))
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    order_filters(bundle)  # Pagefind lists filter values in a random order: fixed, for reproducible bytes
    return _indexed_pages(done.stdout)


def search_copy(html: str) -> str | None:
    """What Pagefind needs of a built page: its title and the article it indexes (with the facets and
    metadata the theme puts inside it); ``None`` for a page that is not indexed. Pagefind reads the
    copy about twice as fast as the whole page (the header, navigation and footer are most of it)."""
    mark = html.find(" data-pagefind-body")
    start = html.rfind("<article", 0, mark)
    end = html.rfind("</article>")  # the outermost: listings' cards are articles inside it
    if mark < 0 or start < 0 or end < 0:
        return None
    head = html.find("<title>")
    title = html[head:html.find("</title>", head) + len("</title>")] if head >= 0 else ""
    return (f'<!doctype html>\n<html lang="{LANGUAGE}"><head><meta charset="utf-8">{title}</head>'
            f"<body>{html[start:end + len('</article>')]}</body></html>\n")


def _indexed_pages(output: str) -> int:
    """The count in Pagefind's summary line «Indexed N pages» (0 if it changed its wording)."""
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages" and words[1].isdigit():
            return int(words[1])
    return 0
