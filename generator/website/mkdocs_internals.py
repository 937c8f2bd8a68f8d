"""Every use of MkDocs' and Material's private parts, in one place.

Written against mkdocs 1.6.1 and mkdocs-material 9.8.1 (pinned in pyproject.toml);
tests/website/test_mkdocs_internals.py fails when other versions are installed. Then compare
``mkdocs/commands/build.py`` of the new version with the four functions below and with the prelude
copied in sitesplit._split_build, run tests/website/, and only then
change ``WRITTEN_FOR`` with the pins.

- MkDocs' private build steps (``_populate_page``, ``_build_page``, ``_build_theme_template``,
  ``_build_extra_template``): sitesplit runs them in the order ``mkdocs build`` does, with the pages
  shared between processes.
"""
from __future__ import annotations

from typing import Any

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}


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
