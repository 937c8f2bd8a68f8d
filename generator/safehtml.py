"""Raw HTML in contributed Markdown: keep the SPEC's small safe subset, remove and report the rest.

Python-Markdown passes raw HTML through untouched, so the generator cleans each body before
it enters the site tree. Code (fenced blocks and inline code) is left alone: it is shown, not
run. Attributes of allowed tags are filtered by nh3; dangerous URL schemes are removed from
Markdown links as well as from HTML.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

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
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?/?>", re.S)
_AUTOLINK = re.compile(r"<\s*(?:javascript|vbscript|data|file):[^>]*>", re.I)
_MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_MD_REF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+)", re.M)


@dataclass(frozen=True)
class Removal:
    line: int  # 1-based within the body
    what: str


def _is_bad_url(url: str) -> bool:
    decoded = html.unescape(url)
    decoded = re.sub(r"[\x00-\x20]", "", decoded)
    return bool(BAD_SCHEMES.match(decoded))


def _clean_tag(match: re.Match[str]) -> tuple[str, str | None]:
    """The allowed form of one tag, and what was removed (``None`` if nothing)."""
    token, name = match.group(0), match.group(1).lower()
    if name not in ALLOWED_TAGS:
        return "", f"тег <{name}>"
    if token.startswith("</"):
        return f"</{name}>", None
    attrs = ALLOWED_ATTRS.get(name, set())
    cleaned = nh3.clean(token, tags={name}, attributes={name: attrs} if attrs else {},
                        url_schemes={"http", "https", "mailto"}, link_rel=None)
    opening = cleaned.split("</", 1)[0] if cleaned else f"<{name}>"
    if not opening:
        opening = f"<{name}>"
    extra = (match.group(2) or "").strip().rstrip("/").strip()
    kept = re.findall(r'\s([a-z-]+)=', opening)
    dropped = [a.split("=")[0] for a in re.findall(r"([a-zA-Z-:]+)\s*=", extra) if a.lower() not in kept]
    return opening, (f"атрибуты {', '.join(dropped)} у <{name}>" if dropped else None)


def _clean_text(text: str, offset_line: int, removals: list[Removal]) -> str:
    def note(pos: int, what: str) -> None:
        removals.append(Removal(offset_line + text.count("\n", 0, pos), what))

    def drop(match: re.Match[str]) -> str:
        note(match.start(), f"элемент <{match.group(1).lower()}> с содержимым")
        return ""

    def comment(match: re.Match[str]) -> str:
        return ""  # comments are invisible and harmless once gone; not worth a report

    def tag(match: re.Match[str]) -> str:
        replacement, removed = _clean_tag(match)
        if removed:
            note(match.start(), removed)
        return replacement

    def autolink(match: re.Match[str]) -> str:
        note(match.start(), "ссылка со схемой javascript:/data:")
        return ""

    def link(match: re.Match[str]) -> str:
        if _is_bad_url(match.group(2)):
            note(match.start(), "ссылка со схемой javascript:/data:")
            return match.group(1) + "#"
        return match.group(0)

    text = _DROP.sub(drop, text)
    text = _COMMENT.sub(comment, text)
    text = _AUTOLINK.sub(autolink, text)
    text = _TAG.sub(tag, text)
    text = _MD_LINK.sub(link, text)
    return _MD_REF.sub(link, text)


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
