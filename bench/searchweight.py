"""What a visitor's phone downloads from a built site, and how long the search index takes to make.

Used by bench/run: the site is served on 127.0.0.1 and opened in Debian's Chromium (Playwright) at
375 px, as issue 16 measured it. The home page's weight is every response of its first load (page,
styles, scripts, pictures); the first search's is every response after typing «наставнику» into the
header's field, until the network is idle (Pagefind's script and WebAssembly, the index chunks, the
first page of results' fragments).
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

QUERY = "наставнику"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The base URL of ``site`` served on localhost while the block runs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def index_seconds(site: Path) -> float:
    """Wall seconds of making the Pagefind index of a built site (made again in place, same bytes)."""
    from generator.website.searchindex import build_search_index

    started = time.perf_counter()
    build_search_index(site)
    return time.perf_counter() - started


def index_bytes(site: Path) -> int:
    """Bytes of the whole index folder on disk (what the server holds, not what a visitor fetches)."""
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


def visitor_bytes(site: Path) -> tuple[int, int]:
    """``(home page, first search)``: bytes a phone fetches for each."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 375, "height": 812}, locale="ru-RU")
        responses: list = []
        context.on("response", lambda response: responses.append(response))
        page = context.new_page()
        page.goto(base + "/", wait_until="networkidle")
        home = _body_bytes(responses)
        responses.clear()
        page.locator(".np-search-open").click()
        page.keyboard.type(QUERY)
        page.wait_for_selector("a.md-search-result__link", timeout=60_000)
        page.wait_for_load_state("networkidle")
        search = _body_bytes(responses)
        browser.close()
    return home, search


def _body_bytes(responses: list) -> int:
    total = 0
    for response in responses:
        try:
            total += len(response.body())
        except Exception:  # noqa: BLE001 - a redirect or aborted response has no body
            continue
    return total
