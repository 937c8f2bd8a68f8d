"""SVG pictures from contributors, cleaned before the site publishes them.

An SVG is a document, not a picture: opened from the site's own origin (a link, "open image in a
new tab") its ``<script>``, event handlers and ``<foreignObject>`` HTML run with the site's rights.
Serving SVGs "as downloads only" needs a ``Content-Disposition`` header, which static hosting
(GitLab/GitHub Pages, a school's shared hosting) cannot be told to send, so the file is cleaned
instead: only drawing elements of the SVG namespace are kept, every ``on…`` attribute and every
reference outside the file (``href``, ``url(…)``, ``@import``) is removed, animation elements
(which can rewrite an ``href``) go too. What an editor leaves (Inkscape's metadata) is dropped quietly;
what could run or fetch something is reported by ``check``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import Report

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

ELEMENTS = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "a", "style", "path", "rect", "circle",
    "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "image", "linearGradient",
    "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "filter", "feBlend", "feColorMatrix",
    "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight",
    "feTile", "feTurbulence",
}
# Namespaces of drawing programs' own notes (Inkscape, Sodipodi, RDF metadata): dropped without a word.
_EDITOR_NOTES = ("inkscape", "sodipodi", "rdf", "purl.org/dc", "creativecommons", "adobe", "sketch", "figma")
_RASTER_DATA = re.compile(r"^data:image/(png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
_EXTERNAL_CSS = re.compile(r"@import|expression\s*\(|javascript:|url\s*\(\s*['\"]?\s*(?!#)|behavior\s*:|-moz-binding",
                           re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


@dataclass
class CleanSvg:
    """The cleaned file (``None`` when it cannot be read as SVG) and what was removed."""

    data: bytes | None
    removed: list[str] = field(default_factory=list)


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _clean_attrs(el: ET.Element, local: str, removed: list[str]) -> None:
    for name in list(el.attrib):
        ns, attr = _split(name)
        value = el.attrib[name]
        if ns and ns not in (XLINK, XML):
            del el.attrib[name]  # an editor's attribute (inkscape:label, sodipodi:…)
            continue
        reason = None
        if attr.lower().startswith("on"):
            reason = f"обработчик {attr} у <{local}>"
        elif attr == "href":
            target = value.strip()
            ok = target.startswith("#") or (local in ("image", "feImage") and _RASTER_DATA.match(target)) \
                or (local == "a" and re.match(r"^https?://", target, re.I))
            reason = None if ok else f"ссылка {attr}=«{target[:40]}» у <{local}>"
        elif re.search(r"javascript:|vbscript:|data:", value, re.I) or (
                "url(" in value.replace(" ", "") and _EXTERNAL_CSS.search(value)):
            reason = f"атрибут {attr} у <{local}> (внешняя ссылка или скрипт)"
        if reason:
            removed.append(reason)
            del el.attrib[name]


def _clean(el: ET.Element, removed: list[str]) -> None:
    for child in list(el):
        if not isinstance(child.tag, str):  # a comment or processing instruction
            el.remove(child)
            continue
        ns, local = _split(child.tag)
        if ns != SVG or local not in ELEMENTS:
            el.remove(child)
            if local != "metadata" and not any(note in ns for note in _EDITOR_NOTES):
                removed.append(f"элемент <{local}>")
            continue
        if local == "style" and _EXTERNAL_CSS.search(child.text or ""):
            el.remove(child)
            removed.append("элемент <style> с внешней ссылкой или скриптом")
            continue
        _clean_attrs(child, local, removed)
        _clean(child, removed)


def clean_svg(data: bytes) -> CleanSvg:
    """``data`` as a safe SVG, or ``None`` with the reason when it is not a plain SVG document."""
    if _DOCTYPE.search(data):  # entities could expand without end or reach outside the file
        return CleanSvg(None, ["объявление DOCTYPE/ENTITY"])
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return CleanSvg(None, [f"файл не читается как XML ({exc})"])
    if root.tag != f"{{{SVG}}}svg":
        return CleanSvg(None, ["корневой элемент — не <svg> пространства имён SVG"])
    removed: list[str] = []
    _clean_attrs(root, "svg", removed)
    _clean(root, removed)
    return CleanSvg(ET.tostring(root, encoding="utf-8", xml_declaration=True), list(dict.fromkeys(removed)))


# Files a browser runs as a page or a script when opened from the site's own address: never published.
ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".svgz",
                   ".swf"}


def published_bytes(name: str, data: bytes) -> bytes | None:
    """What the site publishes for a contributed file named ``name`` with ``data``: an SVG cleaned, an
    active file nothing (``None``), anything else its bytes unchanged."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return None
    return clean_svg(data).data if suffix == ".svg" else data


def check_svgs(files_dir: Path, report: Report) -> None:
    """Report what the site removes from each SVG under content/files (a warning; an error under
    --strict), and the SVGs and active files (HTML, scripts) it does not publish at all."""
    if not files_dir.is_dir():
        return
    for path in sorted(files_dir.rglob("*")):
        suffix = path.suffix.lower()
        if suffix not in ACTIVE_SUFFIXES | {".svg"} or not path.is_file() or path.is_symlink():
            continue
        rel = f"content/files/{path.relative_to(files_dir).as_posix()}"
        if suffix in ACTIVE_SUFFIXES:
            report.warning(rel, (0, 0), "файл", f"файл {suffix} не будет опубликован: браузер выполняет его "
                           "скрипты от имени сайта; приложите PDF, DOCX или картинку")
            continue
        result = clean_svg(path.read_bytes())
        if result.data is None:
            report.warning(rel, (0, 0), "SVG", f"картинка не будет опубликована: {result.removed[0]}; "
                           "ожидается SVG-файл без DOCTYPE (или замените его на PNG)")
        elif result.removed:
            report.warning(rel, (0, 0), "SVG", "будет удалено небезопасное содержимое: "
                           + "; ".join(result.removed[:5]) + ("…" if len(result.removed) > 5 else "")
                           + "; в SVG разрешены только элементы рисунка, без скриптов и внешних ссылок")
