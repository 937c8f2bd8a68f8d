"""The live preview in Chromium: a mistake turns the page the teacher is reading into the Russian list of
problems (file:line:col, what is expected) without a click, and the page comes back by itself once the
file is fixed. `python -m generator serve` runs as a real process on 127.0.0.1."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, edit, make_project, wait_until

NEWS = "content/news/start.md"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.fixture
def preview(tmp_path: Path):
    """``(root, base URL, log path)`` of a running `generator serve` on the minimal school."""
    root = make_project(tmp_path)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(root), "-a", f"127.0.0.1:{port}"],
                              cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: "Стартовала программа" in (_get(f"{base}/news/start/") or "")), \
            log_path.read_text(encoding="utf-8")
        yield root, base, log_path
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_an_error_shows_in_the_browser_and_the_fixed_page_comes_back(browser, preview):
    root, base, log_path = preview
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    try:
        page.goto(f"{base}/news/start/", wait_until="load")
        assert "Стартовала программа" in page.title()
        edit(root, NEWS, "rubric: news", "rubric: novosti")
        # No navigation from here on: MkDocs' live reload must bring each state into the open tab.
        page.wait_for_selector("#nastavnik-errors", timeout=90_000)
        problems = page.inner_text("#nastavnik-errors")
        assert "content/news/start.md:4:9" in problems, problems
        assert "rubric" in problems and "«novosti»" in problems and "такой рубрики нет" in problems, problems
        assert "site/" not in problems  # the preview publishes nothing; the build's wording is left out
        assert "Сайт не собран: 1 ошибка" in page.inner_text("h1")
        assert page.url == f"{base}/news/start/"
        edit(root, NEWS, "rubric: novosti", "rubric: news")
        page.wait_for_function("document.title.includes('Стартовала программа')", timeout=90_000)
        assert page.query_selector("#nastavnik-errors") is None
        assert "наставнические пары" in page.inner_text("article")
    finally:
        context.close()
    assert "Traceback" not in log_path.read_text(encoding="utf-8")


def test_serve_starts_when_the_content_already_has_errors(tmp_path):
    root = make_project(tmp_path)
    edit(root, NEWS, "date: 2025-09-01", "date: 2025-13-01")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(root), "-a",
                                   f"127.0.0.1:{port}"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            assert wait_until(lambda: "nastavnik-errors" in (_get(f"http://127.0.0.1:{port}/") or "")), \
                log_path.read_text(encoding="utf-8")
            page = _get(f"http://127.0.0.1:{port}/") or ""
            assert "content/news/start.md:3:7" in page and "ГГГГ-ММ-ДД" in page, page
            assert server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=20)
    output = log_path.read_text(encoding="utf-8")
    assert "Aborted" not in output and "Traceback" not in output and "stuck" not in output, output
