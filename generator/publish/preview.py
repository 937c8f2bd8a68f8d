"""The live preview's error page (publish stage, used by the MkDocs hook under ``serve``).

When the content has errors, ``mkdocs serve`` would stop («Aborted with a BuildError!») or leave the
browser waiting until the file is fixed, with the Russian messages only in the terminal. Under
``serve`` the hook instead builds a site made of one page listing every problem, written at every
address the preview served before (and as ``index.html`` and ``404.html``): the page the teacher is
looking at turns into the list of errors, MkDocs' live reload (injected into every HTML file it
serves) brings the real page back as soon as the file is fixed. The page is local to the preview
(127.0.0.1); ``build`` and ``mkdocs build`` still stop on errors and publish nothing.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from html import escape
from pathlib import Path

log = logging.getLogger("nastavnik")
SERVE_ENV = "NASTAVNIK_PREVIEW"  # set for the process by the hook's on_startup under `mkdocs serve`

PAGE = """<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Ошибки в материалах — предпросмотр</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a00000; font-size: 1.6rem; }}
li {{ margin: .6rem 0; }}
code {{ background: #f3f3f3; padding: .1rem .3rem; }}
</style>
</head>
<body>
<main>
<h1>Сайт не собран: {count}</h1>
<p>Исправьте файлы и сохраните — эта страница обновится сама.</p>
<ol id="nastavnik-errors">
{items}
</ol>
</main>
</body>
</html>
"""


def serve_school(root: Path, dev_addr: str, drafts: bool) -> None:
    """``python -m generator serve``: MkDocs' live preview of the school's site (until Ctrl-C);
    ``drafts`` shows draft practices too (only here: ``build`` never sets it)."""
    from mkdocs.commands.serve import serve

    from ..website.sitetree import DRAFTS_ENV

    if drafts:
        os.environ[DRAFTS_ENV] = "1"  # read by the MkDocs hook
    log.info("Предпросмотр: http://%s/ (остановить — Ctrl+C)", dev_addr)
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)


def serving() -> bool:
    """True inside ``mkdocs serve`` / ``python -m generator serve``."""
    return os.environ.get(SERVE_ENV) == "1"


def _plural(n: int) -> str:
    forms = ("ошибка", "ошибки", "ошибок")
    k = 2 if 11 <= n % 100 <= 14 else 0 if n % 10 == 1 else 1 if 2 <= n % 10 <= 4 else 2
    return f"{n} {forms[k]}"


_QUOTED = re.compile(r"«[^«»]*»")


def masked(message: str, always: bool = False) -> str:
    """A personal-data problem without the text it found (``always`` for the output gate's findings):
    the page is served by a web server (``-a`` may open it to other computers); the terminal and
    the file at file:line:col hold the text."""
    if not always and "152-ФЗ" not in message:
        return message
    if "«" not in message:
        return message
    return _QUOTED.sub("«…»", message) + " (найденный текст — в терминале и в файле по указанному адресу)"


def _item(message: str) -> str:
    """«file:line:col: text» with the place as code, the rest as text (all escaped)."""
    place, sep, text = masked(message).partition(": ")
    if sep and ":" in place and " " not in place:
        return f"<li><code>{escape(place)}</code> {escape(text)}</li>"
    return f"<li>{escape(masked(message))}</li>"


def error_page(messages: list[str]) -> str:
    """The standalone HTML page listing ``messages`` (no theme assets: it is shown at any depth)."""
    lines = [line for message in messages for line in message.splitlines() if line.strip()]
    problems = [m for m in lines if not m.startswith(("Проверка не пройдена", "Публикация остановлена"))]
    return PAGE.format(count=_plural(len(problems) or 1), items="\n".join(_item(m) for m in lines))


def served_pages(site: Path) -> list[str]:
    """Every HTML file of the site the preview serves now, relative (where the error page goes)."""
    if not site.is_dir():
        return []
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def write_error_site(site: Path, pages: list[str], messages: list[str]) -> None:
    """Replace ``site`` by the error page at ``pages``, ``index.html`` and ``404.html``."""
    if site.is_dir():
        shutil.rmtree(site)
    page = error_page(messages)
    for rel in sorted({*pages, "index.html", "404.html"}):
        path = site / rel
        if ".." in Path(rel).parts:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
