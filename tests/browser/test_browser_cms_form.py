"""The editors' web form in Chromium against Decap's local proxy (decap-server on 127.0.0.1): a teacher
finds herself among the authors by name, can only save a draft or «на проверке», never sees the
participants' file, and the practice she saves passes `check --strict` and the file hook as saved.
No host other than 127.0.0.1 is contacted."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import REPO, make_project, run, wait_until

DECAP_SERVER = REPO / "node_modules/.bin/decap-server"
TITLE = "Наставник на переменке: пятиминутные разборы"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


@pytest.fixture
def form(tmp_path: Path):
    """``(school root, URL of /admin/)``: the preview and decap-server running on the minimal school."""
    if not (REPO / "node_modules/decap-cms/dist/decap-cms.js").is_file() or not DECAP_SERVER.exists():
        pytest.fail("нужны пакеты npm (decap-cms, decap-server): выполните npm ci (scripts/test.sh ставит их сам)")
    root = make_project(tmp_path)
    web, proxy = _free_port(), _free_port()
    logs = [(tmp_path / name).open("w", encoding="utf-8") for name in ("proxy.log", "serve.log")]
    env = {**os.environ, "CMS_PROXY_PORT": str(proxy)}
    processes = [
        subprocess.Popen([str(DECAP_SERVER)], cwd=root, stdout=logs[0], stderr=subprocess.STDOUT,
                         env={**env, "BIND_HOST": "127.0.0.1", "PORT": str(proxy), "GIT_REPO_DIRECTORY": str(root)}),
        subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(root), "-a", f"127.0.0.1:{web}"],
                         cwd=REPO, stdout=logs[1], stderr=subprocess.STDOUT, env=env)]
    try:
        assert wait_until(lambda: _up(f"http://127.0.0.1:{web}/admin/decap-cms.js")), \
            (tmp_path / "serve.log").read_text(encoding="utf-8")
        yield root, f"http://127.0.0.1:{web}/admin/"
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        for log in logs:
            log.close()


def _field(page, name: str) -> str:
    """The control of a Decap field by its name (Decap numbers the ids: title-field-1, …)."""
    return "#" + page.get_attribute(f"label[for^='{name}-field-']", "for")


def _options(page) -> list[str]:
    page.wait_for_selector("[class*='-option']")
    return [o.inner_text() for o in page.query_selector_all("[class*='-option']")]


def test_a_teacher_saves_a_practice_that_passes_check(browser, form):
    root, admin = form
    before = set((root / "content/practices").glob("*.md"))
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 1000})
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None)
               and not r.url.startswith(("data:", "blob:")) else None)
    page = context.new_page()
    try:
        page.goto(admin, wait_until="networkidle")
        page.click("text=Войти")
        page.wait_for_selector("text=＋ практику")
        sidebar = page.inner_text("body")
        assert "Лучшие практики" in sidebar and "Участники" not in sidebar and "Авторы" not in sidebar
        # The hidden lookup's own page is turned away, so the participants' file is never opened.
        page.evaluate("location.hash = '#/collections/authors/entries/authors-2025-2026'")
        page.wait_for_function("!location.hash.includes('authors')")
        page.wait_for_selector("text=＋ практику")
        assert "Иванова" not in page.inner_text("body")
        page.evaluate("location.hash = '#/search/Иванова'")  # the search over every collection
        page.wait_for_selector("text=Результаты по запросу")
        page.wait_for_timeout(1000)
        assert "Иванова Анна" not in page.inner_text("body") and "participants" not in page.inner_text("body")
        page.evaluate("location.hash = '#/'")
        page.wait_for_selector("text=＋ практику")

        page.click("text=＋ практику")
        page.fill(_field(page, "title"), TITLE)
        page.click(_field(page, "authors"))
        page.keyboard.type("Иванова")
        assert _options(page) == ["Иванова Анна Андреевна ivanova-aa"]  # found by her surname
        page.keyboard.press("Enter")
        page.click(_field(page, "form"))
        page.get_by_text("педагог–педагог", exact=True).click()
        page.click(_field(page, "status"))
        assert _options(page) == ["черновик", "на проверке у куратора"]  # approval is the curator's merge
        page.keyboard.press("Escape")
        page.fill(_field(page, "summary"),
                  "Короткие разборы уроков на переменах помогают молодому педагогу сразу исправлять ошибки.")
        page.click("[data-slate-editor]")
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type("Практику можно перенести в любую школу: нужны только расписание и договорённость пары.")
        page.click("text=Опубликовать")
        page.click("text=Опубликовать сейчас")
        assert wait_until(lambda: set((root / "content/practices").glob("*.md")) - before, 60), "the form saved nothing"
    finally:
        context.close()
    (saved,) = set((root / "content/practices").glob("*.md")) - before
    rel = saved.relative_to(root).as_posix()
    text = saved.read_text(encoding="utf-8")
    assert f'title: "{TITLE}"' in text and "  - ivanova-aa" in text and "status: draft" in text
    assert "договорённость пары" in text
    code, output = run(root, "check", "--strict")
    assert code == 0, output
    code, output = run(root, "files", rel)  # the pre-commit file hook, on the file as the form saved it
    assert code == 0, output
    assert foreign == [], foreign
