"""Markup corrections for the pages Material 9.8.1 writes, so the site passes the Nu HTML Checker.

Each fix is a known, narrow defect of the theme's templates (not of our content); they are
applied to every page and theme template (404) as MkDocs writes it (:class:`HtmlFixPlugin`,
added to the build in memory, not to mkdocs.yml). A newer theme that no longer has a defect
simply finds nothing to change.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# <input type="checkbox" … autocomplete="off"> — autocomplete is not allowed on checkboxes.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
# <label … tabindex=""> — an empty tabindex is not an integer; no attribute means the same.
_EMPTY_TABINDEX = 'tabindex=""'
# <label class="md-nav__title" for="__toc"> on a page without the table-of-contents toggle.
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def _drop_empty_tabindex(html: str) -> str:
    """``html`` without `` tabindex=""`` attributes (the whitespace before them included).

    Split on the literal rather than a regex starting with ``\\s+``, which is tried at every space
    of the page (a third of a millisecond a page)."""
    pieces = html.split(_EMPTY_TABINDEX)
    out = [pieces[0]]
    for piece in pieces[1:]:
        before = out[-1].rstrip()
        if before == out[-1]:  # glued to the previous text: not an attribute, keep it
            out[-1] += _EMPTY_TABINDEX
        else:
            out[-1] = before
        out.append(piece)
    return "".join(out)


def fix_page(html: str) -> str:
    """One page with the theme's markup defects corrected."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if _EMPTY_TABINDEX in html:
        html = _drop_empty_tabindex(html)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html


def fix_site(site_dir: Path) -> int:
    """Correct every HTML page of ``site_dir`` in place; returns how many pages changed (for a
    site built without :class:`HtmlFixPlugin`)."""
    changed = 0
    for path in site_dir.rglob("*.html"):
        if path.parent.name == "admin" and path.parent.parent == site_dir:
            continue  # the web form's page is ours and already valid
        html = path.read_text(encoding="utf-8")
        fixed = fix_page(html)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


def _plugin_base() -> type:
    from mkdocs.plugins import BasePlugin

    return BasePlugin


class HtmlFixPlugin(_plugin_base()):  # type: ignore[misc]
    """The fixes as an MkDocs plugin: each page and theme template corrected before it is written."""

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        return fix_page(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        return fix_page(output_content) if template_name.endswith(".html") else output_content
