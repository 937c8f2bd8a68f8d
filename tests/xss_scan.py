"""What of a built site could run a contributor's script: a scan of its HTML, SVG and JS files.

The HTML is parsed (html.parser decodes entities as a browser does), so ``jav&#x61;script:`` or an
``onerror`` hidden in an unquoted attribute are found; a grep would miss or invent them.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MARKERS = ("__xss", "alert(")  # every payload sets window.__xss or calls alert()
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
             "srcset", "ping", "codebase", "manifest", "longdesc", "lowsrc", "dynsrc"}
_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Live:
    """One thing that could run in a visitor's browser."""

    file: str
    what: str


def _bad_url(value: str) -> bool:
    for part in value.split(","):  # srcset is a list
        url = _INVISIBLE.sub("", part.strip().split(" ")[0] if part.strip() else "")
        if _SCHEME.match(url) and not re.match(r"^data:image/(png|jpe?g|gif|webp);", url, re.I):
            return True
    return False


class _Scanner(HTMLParser):
    def __init__(self, rel: str, found: list[Live]) -> None:
        super().__init__(convert_charrefs=True)
        self.rel, self.found, self.in_script = rel, found, False

    def note(self, what: str) -> None:
        self.found.append(Live(self.rel, what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.note(f"<{tag} {name}=…>")
            if name in URL_ATTRS and _bad_url(value):
                self.note(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"fixed|url\(|expression", value, re.I):
                self.note(f"<{tag} style={value!r}>")
        if tag == "base" or (tag == "meta" and values.get("http-equiv", "").lower() == "refresh"):
            self.note(f"<{tag}>")
        if tag in ("iframe", "object", "embed", "frame", "foreignobject") or (tag == "form" and "action" in values):
            self.note(f"<{tag}>")
        if tag == "script":
            self.in_script = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and any(m in data for m in MARKERS):
            self.note(f"<script>{data[:40]!r}")


def _scan_svg(rel: str, text: str, found: list[Live]) -> None:
    try:
        tree = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError:
        _Scanner(rel, found).feed(text)  # a browser may still read it as HTML-ish markup
        return
    for el in tree.iter():
        tag = str(el.tag).rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "set", "animate", "handler"):
            found.append(Live(rel, f"<{tag}> in SVG"))
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                found.append(Live(rel, f"<{tag} {local}> in SVG"))
            if local == "href" and not value.strip().startswith("#") and not re.match(
                    r"^data:image/(png|jpe?g|gif|webp);", value.strip(), re.I):
                found.append(Live(rel, f"<{tag} href={value!r}> in SVG"))


def scan_html(text: str, name: str = "fragment") -> list[Live]:
    """Everything in one HTML document or fragment that could run a planted script."""
    found: list[Live] = []
    scanner = _Scanner(name, found)
    scanner.feed(text)
    scanner.close()
    return found


def scan_site(site: Path) -> list[Live]:
    """Everything in ``site`` that could run a planted script."""
    found: list[Live] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm", ".xhtml"):
            found += scan_html(path.read_text(encoding="utf-8", errors="replace"), rel)
        elif suffix == ".svg":
            _scan_svg(rel, path.read_text(encoding="utf-8", errors="replace"), found)
        elif suffix in (".js", ".mjs") and any(m in path.read_text(encoding="utf-8", errors="replace")
                                               for m in ("__xss",)):
            found.append(Live(rel, "payload in a script file"))
    return found
