"""Fixtures of the browser tests: the example school built once, served on localhost, and Debian's
Chromium driven by Playwright."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import EXAMPLE_BUILD_DATE, REPO, make_project, run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "tests" / "artifacts" / "screenshots"
# What a contributor might try: none of it may run in a visitor's browser.
XSS_POST = """---
title: Проверка безопасности
date: 2026-05-20
rubric: news
summary: Страница с опасной разметкой, которую генератор обязан обезвредить.
---

Текст до.<script>document.title = "XSS"; window.__xss = 1;</script>

<img src="x" onerror="document.title='XSS'; window.__xss = 2">

<a href="javascript:document.title='XSS'" onclick="window.__xss = 3">опасная ссылка</a>

[ещё одна ссылка](javascript:window.__xss=4)

<iframe src="https://evil.example/"></iframe>
"""




AXE = REPO / "node_modules/axe-core/axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now, one line each."""
    assert AXE.is_file(), "axe-core is installed by npm ci (scripts/test.sh)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """``(base URL, site folder)`` of the example school plus one post full of XSS attempts."""
    root = make_project(tmp_path_factory.mktemp("browser"), sample=None)
    (root / "content/news/proverka-bezopasnosti.md").write_text(XSS_POST, encoding="utf-8")
    code, output = run(root, "build", "--build-date", EXAMPLE_BUILD_DATE)
    assert code == 0, output
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root / "site"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("нужен Chromium из Debian: sudo apt-get install chromium (scripts/test.sh ставит его сам)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def foreign_requests() -> list[str]:
    """Every request to a host other than localhost, over the whole browser run."""
    return []


@pytest.fixture
def open_page(browser, site, foreign_requests):
    """Open a path in a fresh context; returns the page and the console errors it logged."""
    contexts = []

    def _open(path: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
        contexts.append(context)

        def record(request):
            if urlparse(request.url).hostname not in ("127.0.0.1", "localhost", None) \
                    and not request.url.startswith(("data:", "blob:")):
                foreign_requests.append(request.url)

        context.on("request", record)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        response = page.goto(site[0] + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        return page, errors

    yield _open
    for context in contexts:
        context.close()
