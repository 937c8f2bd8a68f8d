"""Every use of MkDocs' and Material's private parts, in one place.

Written against mkdocs 1.6.1 and mkdocs-material 9.8.1 (pinned in pyproject.toml);
tests/website/test_mkdocs_internals.py fails when other versions are installed. Then compare
``mkdocs/commands/build.py`` of the new version with the four functions below and with the prelude
copied in sitesplit._split_build, check Material's search worker, run tests/website/, and only then
change ``WRITTEN_FOR`` with the pins.

- MkDocs' private build steps (``_populate_page``, ``_build_page``, ``_build_theme_template``,
  ``_build_extra_template``): sitesplit runs them in the order ``mkdocs build`` does, with the pages
  shared between processes.
- Material's minified search worker, patched for Russian stemming:

Material's search worker adds a trailing wildcard to every query term (``наставнику*``), and lunr
runs no pipeline — so no Russian stemmer — on a wildcard term: «наставнику» then misses every page
that says «наставник». The site gets a copy of the pinned Material's worker in which each term is
searched both as typed (stemmed, so every grammatical form matches) and as a prefix (results as
you type). The file keeps the theme's name and path, so MkDocs serves it instead of the original.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}

WILDCARD_ONLY = ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)"
STEM_AND_PREFIX = ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r} ${r}*`)"
# Material marks a query word as missing («Отсутствует: ~~наставнику~~») unless a matched index term
# starts with the word as typed; the stemmed match «наставник» does not. A word is found as well when
# it starts with a term the page matched (the stem of that very word): no hit says «Отсутствует» then.
FOUND_AS_TYPED = "e[s].startsWith(o.term)&&(n[o.term]=!0"
FOUND_OR_STEM = "(e[s].startsWith(o.term)||o.term.startsWith(e[s]))&&(n[o.term]=!0"


def patched_search_worker() -> tuple[str, str] | None:
    """``(site path, JavaScript)`` of the worker that stems queries, or ``None`` if this Material
    version's worker is not the one the patch was written for (the site then keeps the original)."""
    from material import templates

    folder = Path(templates.__file__).parent / "assets" / "javascripts" / "workers"
    workers = sorted(folder.glob("search.*.min.js"))
    if len(workers) != 1:
        return None
    code = workers[0].read_text(encoding="utf-8")
    if code.count(WILDCARD_ONLY) != 1 or code.count(FOUND_AS_TYPED) != 1:
        return None
    code = code.replace(WILDCARD_ONLY, STEM_AND_PREFIX).replace(FOUND_AS_TYPED, FOUND_OR_STEM)
    return f"assets/javascripts/workers/{workers[0].name}", code


def _mkdocs_build() -> Any:
    from mkdocs.commands import build  # MkDocs loads for a site build only: `check` and `--help` never pay for it

    return build


def populate_page(page: Any, config: Any, files: Any) -> None:
    """Read one page's Markdown and convert it to HTML (MkDocs' ``_populate_page``)."""
    _mkdocs_build()._populate_page(page, config, files)


def build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any) -> None:
    """Render one read page through the theme and write it (MkDocs' ``_build_page``)."""
    _mkdocs_build()._build_page(page, config, doc_files, nav, env)


def build_theme_template(template: str, env: Any, files: Any, config: Any, nav: Any) -> None:
    """Write one of the theme's static templates: 404.html, sitemap.xml (MkDocs' ``_build_theme_template``)."""
    _mkdocs_build()._build_theme_template(template, env, files, config, nav)


def build_extra_template(template: str, files: Any, config: Any, nav: Any) -> None:
    """Write one of mkdocs.yml's ``extra_templates`` (MkDocs' ``_build_extra_template``)."""
    _mkdocs_build()._build_extra_template(template, files, config, nav)
