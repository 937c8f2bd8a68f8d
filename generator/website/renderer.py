"""The context every page renderer writes through (:class:`SiteRenderer`), and the values the site
stage hands on: :class:`SiteTree` (the nav and what was published) and :class:`Downloads` (a year's PDFs).

Kept below sitetree and the page modules (pages_content, pages_year), which all use it.
"""
from __future__ import annotations

import re
from urllib.parse import quote
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Report
from ..model.loader import ContentDoc, Project
from ..model.safepath import UnsafePath
from ..privacy.consent import Registry, year_registries
from ..privacy.safehtml import sanitize_markdown
from ..render import make_env
from ..results.compute import YearResults
from .treewriter import TreeWriter

PER_PAGE = 20
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"  # reserved characters of a URL, kept; ( ) { } < > " and spaces are encoded
_FILE_REF = re.compile(r"\.\./files/([^)\s\"'>#?]+)")


@dataclass
class Downloads:
    """A year's print outputs the site offers for download."""

    collection: Path | None
    rnc: list[Path] = field(default_factory=list)
    pages: int = 0

    @classmethod
    def from_dir(cls, folder: Path) -> "Downloads":
        """What an earlier build left in ``dist/YEAR/`` (used for years not rebuilt now)."""
        pdf = folder / "collection.pdf"
        rnc = sorted(p for p in (folder / "rnc").glob("*") if p.is_file()) if (folder / "rnc").is_dir() else []
        return cls(pdf if pdf.is_file() else None, rnc)


@dataclass
class SiteTree:
    """What the render stage produced: the nav for mkdocs.yml and the published items."""

    nav: list[Any]
    pages: list[str] = field(default_factory=list)
    published_files: set[str] = field(default_factory=set)


def pages_of(items: list[Any], per_page: int = PER_PAGE) -> list[list[Any]]:
    """Split a listing into pages; an empty listing still has one (empty) page."""
    return [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]


class SiteRenderer:
    """Renders every page of the site into ``docs_dir`` through the Jinja templates."""

    def __init__(self, project: Project, results: dict[str, YearResults], charts: dict[str, dict[str, str]],
                 docs_dir: Path, build_date: date, report: Report, downloads: dict[str, Downloads] | None = None,
                 drafts: bool = False):
        self.project = project
        self.drafts = drafts
        self.downloads = downloads or {}
        self.school = project.school.model  # type: ignore[union-attr]  # validated before rendering
        self.results, self.charts, self.build_date, self.report = results, charts, build_date, report
        self.env = make_env(project.root / "site_templates" / "pages")
        self.out = TreeWriter(docs_dir)
        self.files: set[str] = set()
        self.registries = year_registries(project)  # a withdrawal in any year hides the person in all
        self.rubrics = {r.id: r for r in self.school.rubrics}
        self.practices = sorted((p for p in project.practices if p.meta.status == "approved" or drafts),
                                key=lambda p: (p.meta.year, p.meta.title), reverse=True)
        self.news = sorted((n for n in project.news if n.meta.date <= build_date),
                           key=lambda n: (n.meta.date, n.slug), reverse=True)
        self.years = sorted(project.years, reverse=True)

    def page(self, rel: str, template: str, **context: Any) -> None:
        root = "../" * rel.count("/")  # Markdown links are relative to the page's source file
        text = self.env.get_template(template).render(
            school=self.school, site=self, build_date=self.build_date, root=root, **context)
        self.out.write(rel, text)

    def body(self, doc: ContentDoc[Any]) -> str:
        """The contributed body, cleaned of unsafe HTML (each removal was reported by ``check``)."""
        clean, _ = sanitize_markdown(doc.body)
        for ref in _FILE_REF.findall(clean):
            self._publish(ref, url=True)
        return clean

    def _publish(self, ref: str, url: bool = False) -> str | None:
        """The normalised path of a file of content/files/ to publish; ``None`` for a reference that
        leaves content/files/ or passes through a link (``check`` reported it as an error)."""
        try:
            rel = self.project.files.rel_of(ref, url=url)
        except UnsafePath:
            return None
        self.files.add(rel)
        return rel

    def use_file(self, rel: str | None) -> str | None:
        """Mark a file of content/files/ as published; returns its site path."""
        published = self._publish(rel) if rel else None
        return f"files/{published}" if published else None

    def content_link(self, rel: str | None, root: str) -> str | None:
        """A link target for a content path or URL (roadmap evidence); ``None`` if unpublished.

        The value was validated (fieldtypes.Evidence); it is still percent-encoded, as it lands in a
        Markdown link where a parenthesis or a brace would end the link and start markup."""
        if not rel:
            return None
        if rel.startswith(("http://", "https://")):
            return quote(rel, safe=_URL_SAFE)
        if rel.startswith("files/"):
            target = self.use_file(rel.removeprefix("files/"))
            return root + quote(target, safe="/") if target else None
        kind, _, name = rel.partition("/")
        published = {"news": {n.slug for n in self.news}, "practices": {p.slug for p in self.practices},
                     "materials": {m.slug for m in self.project.materials},
                     "pages": {p.slug for p in self.project.pages}}
        return root + quote(rel, safe="/") if name.removesuffix(".md") in published.get(kind, set()) else None

    def registry(self, year: str) -> Registry:
        return self.registries.get(year) or Registry([])
