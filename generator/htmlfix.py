"""Markup corrections for the pages Material 9.8.1 writes, so the site passes the Nu HTML Checker.

Each fix is a known, narrow defect of the theme's templates (not of our content); they are
applied to the built site before the privacy gate and the swap. A newer theme that no longer
has a defect simply finds nothing to change.
"""
from __future__ import annotations

import re
from pathlib import Path

# <input type="checkbox" … autocomplete="off"> — autocomplete is not allowed on checkboxes.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
# <label … tabindex=""> — an empty tabindex is not an integer; no attribute means the same.
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
# <label class="md-nav__title" for="__toc"> on a page without the table-of-contents toggle.
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def fix_page(html: str) -> str:
    """One page with the theme's markup defects corrected."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub("", html)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html


def fix_site(site_dir: Path) -> int:
    """Correct every HTML page of ``site_dir`` in place; returns how many pages changed."""
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
