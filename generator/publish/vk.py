"""VK post drafts for news marked ``vk: true``: plain text, the rubric as a hashtag, a link back."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown

from ..model.fieldtypes import academic_year_bounds
from ..model.loader import ContentDoc, Project
from ..model.content_models import NewsMeta
from ..model.data_models import School
from ..privacy.safehtml import sanitize_markdown

# VK accepts posts of up to 16,384 characters; leave room for the title, hashtag and link.
VK_LIMIT = 16_384
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "div", "br"}


class _Text(HTMLParser):
    """Plain text of rendered Markdown: paragraphs separated, list items bulleted."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and tag != "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data.replace("\n", " "))  # a soft line break in Markdown is a space

    def text(self) -> str:
        raw = "".join(self.parts)
        raw = re.sub(r"[ \t]+", " ", raw)
        raw = re.sub(r" *\n *", "\n", raw)
        return re.sub(r"\n{3,}", "\n\n", raw).strip()


def plain_text(body: str) -> str:
    """Markdown body as plain text (no Markdown syntax, no HTML)."""
    clean, _ = sanitize_markdown(body)
    # Images would leave their alt text mid-sentence; a post shows the picture separately.
    clean = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?", "", clean)
    parser = _Text()
    parser.feed(markdown.markdown(clean, extensions=["tables", "attr_list", "md_in_html"]))
    return parser.text()


def hashtag(title: str) -> str:
    """``Наставничество: события`` → ``#НаставничествоСобытия``."""
    words = re.findall(r"[0-9A-Za-zА-Яа-яЁё]+", title)
    return "#" + "".join(w[:1].upper() + w[1:] for w in words)


def vk_post(doc: ContentDoc[NewsMeta], school: School, rubric_title: str) -> str:
    """The text of one VK post, within VK's length limit."""
    link = f"{school.site_url.rstrip('/')}/news/{doc.slug}/"
    tail = f"\n\n{hashtag(rubric_title)}\n\nПодробнее на сайте школы: {link}\n"
    head = f"{doc.meta.title}\n\n"
    body = plain_text(doc.body) or doc.meta.summary
    room = VK_LIMIT - len(head) - len(tail)
    if len(body) > room:
        body = body[: room - 1].rsplit(" ", 1)[0] + "…"
    return head + body + tail


def write_vk_drafts(project: Project, year: str, out: Path, build_date: date) -> list[str]:
    """``out/<slug>.txt`` for each published news post of ``year`` marked ``vk: true``."""
    school = project.school.model  # type: ignore[union-attr]
    titles = {r.id: r.title for r in school.rubrics}
    start, end = academic_year_bounds(year)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in sorted(project.news, key=lambda n: n.slug):
        if doc.meta.vk and start <= doc.meta.date <= min(end, build_date):
            (out / f"{doc.slug}.txt").write_text(vk_post(doc, school, titles.get(doc.meta.rubric, "")),
                                                 encoding="utf-8")
            written.append(doc.slug)
    return written
