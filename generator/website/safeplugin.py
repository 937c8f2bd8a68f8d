"""The cleaning of :mod:`generator.privacy.cleanhtml` as an MkDocs plugin, for `python -m generator build`.

Kept apart from cleanhtml so that `check` (which reports what cleaning removes) does not import
MkDocs. `mkdocs serve`/`mkdocs build` at the repository root get the same through
generator/publish/mkdocs_hooks.py.
"""
from __future__ import annotations

from typing import Any

from ..privacy.cleanhtml import clean_html
from ..privacy.safeattrs import replace_attr_list


def _plugin_base() -> type:
    from mkdocs.plugins import BasePlugin

    return BasePlugin


class SafeHtmlPlugin(_plugin_base()):  # type: ignore[misc]
    """Each page's content cleaned with :func:`clean_html` before the theme and search see it."""

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        return clean_html(html)


def make_safe(config: Any) -> None:
    """Make a loaded MkDocs config build only safe markup: the limited attribute lists and
    :class:`SafeHtmlPlugin` (added in memory, like the HTML fixes, so mkdocs.yml stays plain)."""
    config.markdown_extensions = replace_attr_list(list(config.markdown_extensions))
    config.plugins["nastavnik/safehtml"] = SafeHtmlPlugin()
