"""Free Cyrillic fonts shipped as Python packages (PT Sans, PT Serif; SIL OFL 1.1).

Charts and PDFs use the same files, so the figures look alike on the site and in print and a
build does not depend on which fonts the machine happens to have.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_pt_sans
import fontpkg_pt_serif

_STYLES = {"Regular": ("normal", 400), "Italic": ("italic", 400), "Bold": ("normal", 700),
           "BoldItalic": ("italic", 700)}


def font_files(family: str) -> list[Path]:
    """The TTF files of ``"PT Sans"`` or ``"PT Serif"``."""
    package = {"PT Sans": fontpkg_pt_sans, "PT Serif": fontpkg_pt_serif}[family]
    return sorted((Path(package.ROOT) / "files").glob("*.ttf"))


@cache
def register_with_matplotlib() -> None:
    """Make PT Sans known to matplotlib (once per process)."""
    from matplotlib import font_manager

    for path in font_files("PT Sans"):
        font_manager.fontManager.addfont(str(path))


@cache
def font_faces() -> str:
    """@font-face rules for PT Serif and PT Sans from their Python packages (embedded in the PDF)."""
    rules = []
    for family in ("PT Serif", "PT Sans"):
        for path in font_files(family):
            style, weight = _STYLES[path.stem.rsplit("-", 1)[-1]]
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                         f"font-style: {style}; font-weight: {weight}; }}")
    return "\n".join(rules)
