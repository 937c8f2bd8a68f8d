"""Raw HTML in contributed Markdown: keep the SPEC's small safe subset, remove and report the rest.

Python-Markdown passes raw HTML through untouched, so the generator cleans each body before
it enters the site tree. Code (fenced blocks and inline code) is left alone: it is shown, not
run. Attributes of allowed tags are filtered by nh3; dangerous URL schemes are removed from
Markdown links as well as from HTML.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"br", "sup", "sub", "abbr", "details", "summary", "table", "thead", "tbody", "tfoot", "tr",
                "th", "td", "caption", "colgroup", "col"}
ALLOWED_ATTRS = {"abbr": {"title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
                 "details": {"open"}, "col": {"span"}, "colgroup": {"span"}}
# Elements whose content is code or embedded documents: removed with everything inside.
DROP_WITH_CONTENT = ("script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
                     "svg", "math", "form", "frameset", "frame", "applet")
BAD_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.I)

_CODE = re.compile(r"(^(?P<fence>```|~~~)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]+`)", re.M | re.S)
_DROP = re.compile(r"<(%s)\b[^>]*>.*?(</\1\s*>|\Z)" % "|".join(DROP_WITH_CONTENT), re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)([\s/][^<>]*)?/?>", re.S)  # <img/src/onerror=…> too
_AUTOLINK = re.compile(r"<\s*(?:javascript|vbscript|data|file):[^>]*>", re.I)
_MD_LINK_START = re.compile(r"\]\(")
# Blockquote markers and autolinks are Markdown, not HTML: nh3 must not see them.
_SHIELD = re.compile(r"^(?: {0,3}>[ \t]?)+|<(?:https?://|mailto:)[^>\s]+>", re.M)
_MD_REF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+)", re.M)


@dataclass(frozen=True)
class Removal:
    line: int  # 1-based within the body
    what: str


def _is_bad_url(url: str) -> bool:
    decoded = html.unescape(url)
    decoded = re.sub(r"[\x00-\x20]", "", decoded)
    return bool(BAD_SCHEMES.match(decoded))


class _Attrs(HTMLParser):
    """Reads the attributes of one tag, as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = [name for name, _ in attrs]


def _what_is_removed(token: str, name: str) -> str | None:
    """What cleaning will remove from one tag: the tag itself, some attributes, or nothing."""
    if name not in ALLOWED_TAGS:
        return f"тег <{name}>"
    if token.startswith("</"):
        return None
    parser = _Attrs()
    parser.feed(token)
    dropped = [a for a in parser.attrs if a not in ALLOWED_ATTRS.get(name, set())]
    return f"атрибуты {', '.join(dropped)} у <{name}>" if dropped else None


def _markdown_links(text: str, note: Callable[[int, str], None]) -> str:
    """Replace dangerous destinations of Markdown links ``[x](…)`` and ``[x]: …`` with ``#``."""
    out, i = [], 0
    for match in _MD_LINK_START.finditer(text):
        if match.start() < i:
            continue
        j, depth = match.end(), 1
        while j < len(text) and depth:  # a destination may contain balanced parentheses
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        destination = text[match.end():j - 1] if depth == 0 else text[match.end():]
        if _is_bad_url(destination.strip().lstrip("<")):
            note(match.start(), "ссылка со схемой javascript:/data:")
            out.append(text[i:match.end()] + "#)")
            i = j
    out.append(text[i:])
    text = "".join(out)

    def reference(match: re.Match[str]) -> str:
        if _is_bad_url(match.group(2)):
            note(match.start(), "ссылка со схемой javascript:/data:")
            return match.group(1) + "#"
        return match.group(0)

    return _MD_REF.sub(reference, text)


def _with_nh3(text: str) -> str:
    """Clean HTML with nh3, shielding the Markdown syntax an HTML parser would misread."""
    shielded: list[str] = []

    def shield(match: re.Match[str]) -> str:
        shielded.append(match.group(0))
        return f"\ue000{len(shielded) - 1}\ue001"

    text = _SHIELD.sub(shield, text)
    cleaned = nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS, clean_content_tags=set(DROP_WITH_CONTENT),
                        url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True)
    # nh3 escapes text for HTML; Markdown would print "&gt;" literally inside code-like spans, so undo
    # the escapes of characters that are not markup any more (every tag left is an allowed one).
    cleaned = cleaned.replace("&gt;", ">").replace("&amp;", "&")
    return re.sub("\ue000(\\d+)\ue001", lambda m: shielded[int(m.group(1))], cleaned)


def _clean_text(text: str, offset_line: int, removals: list[Removal]) -> str:
    def note(pos: int, what: str) -> None:
        removals.append(Removal(offset_line + text.count("\n", 0, pos), what))

    if "<" not in text:  # no HTML at all (most bodies): only Markdown links can carry a script
        return _markdown_links(text, note)
    dropped_spans: list[tuple[int, int]] = []
    for match in _DROP.finditer(text):
        note(match.start(), f"элемент <{match.group(1).lower()}> с содержимым")
        dropped_spans.append(match.span())
    for match in _AUTOLINK.finditer(text):
        note(match.start(), "ссылка со схемой javascript:/data:")
    for match in _TAG.finditer(text):
        if any(a <= match.start() < b for a, b in dropped_spans):
            continue
        removed = _what_is_removed(match.group(0), match.group(1).lower())
        if removed:
            note(match.start(), removed)
    text = _AUTOLINK.sub("", text)
    text = _markdown_links(text, note)
    return _with_nh3(text)


def sanitize_markdown(body: str) -> tuple[str, list[Removal]]:
    """The body with unsafe HTML and URLs removed, and one :class:`Removal` per thing removed."""
    removals: list[Removal] = []
    out: list[str] = []
    last = 0
    for match in _CODE.finditer(body):
        out.append(_clean_text(body[last:match.start()], 1 + body.count("\n", 0, last), removals))
        out.append(match.group(0))
        last = match.end()
    out.append(_clean_text(body[last:], 1 + body.count("\n", 0, last), removals))
    return "".join(out), sorted(set(removals), key=lambda r: (r.line, r.what))
