"""Render stage: the site as a plain Markdown tree plus a nav, ready for MkDocs to build.

Per-item pages (practices, news, materials) are reachable from generated, paginated index pages
and stay out of the nav: every Material page carries the whole nav, so listing items there would
make each page grow with the number of practices (SPEC, "Known ground").
"""
from __future__ import annotations

import re
from urllib.parse import quote
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .cleanhtml import escape_text
from .cms import admin_files, cms_scripts
from .consent import Registry, year_registries
from .errors import Report
from .loader import ContentDoc, Project
from .pictures import picture_kind, strip_metadata
from .render import make_env, year_ru
from .results import YearResults
from .safehtml import sanitize_markdown
from .safepath import UnsafePath, normalise
from .safesvg import published_bytes
from .searchfix import patched_search_worker
from .treewriter import TreeWriter

PER_PAGE = 20
DRAFTS_ENV = "NASTAVNIK_PREVIEW_DRAFTS"  # set by `serve --drafts` for the live preview only
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

    # -- the pages -------------------------------------------------------------------------------

    def render(self) -> SiteTree:
        from . import pages_content, pages_year  # one module per group of pages

        current = self.school.current_year
        self.page("index.md", "home.md.j2", current=current, results=self.results.get(current),
                  news=self.news[:3], practices=[p for p in self.practices if p.meta.year == current][:3])
        pages_content.render_rubrics(self)
        pages_content.render_news(self)
        pages_content.render_practices(self)
        pages_content.render_materials(self)
        for year in self.years:
            pages_year.render_year(self, year)
        self.page("archive.md", "archive.md.j2", years=self.years, current=current)
        free = sorted(self.project.pages, key=lambda p: (p.meta.order, p.meta.title))
        for doc in free:
            self.page(f"pages/{doc.slug}.md", "page.md.j2", doc=doc, body=self.body(doc))
        self._admin()
        self._copy_static()
        self.out.finish()
        return SiteTree(nav=self._nav(current, free), published_files=set(self.files))

    def _admin(self) -> None:
        """The editors' web form at /admin/: its config, page and the Decap CMS scripts from npm."""
        for rel, text in admin_files(self.project).items():
            self.out.write(rel, text)
        scripts = cms_scripts(self.project.root)
        if not scripts:
            self.report.warning("package.json", (0, 0), "веб-форма",
                                "скрипты Decap CMS не установлены — /admin/ не заработает; выполните npm ci")
        for path in scripts:
            self.out.copy(f"admin/{path.name}", path)

    def _copy_static(self) -> None:
        worker = patched_search_worker()
        if worker is None:
            self.report.warning("mkdocs.yml", (0, 0), "поиск", "эта версия mkdocs-material не совпадает с той, для "
                                "которой поиск учит склонения (поиск «наставнику» не найдёт «наставник»); "
                                "ожидается mkdocs-material 9.8.1 из pyproject.toml")
        else:
            self.out.write(*worker)
        assets = self.project.root / "site_templates" / "assets"
        for path in sorted(p for p in assets.rglob("*") if p.is_file()):
            self.out.copy(f"assets/{path.relative_to(assets).as_posix()}", path)
        hidden = set()
        for registry in self.registries.values():
            for photo in registry.hidden_photos():
                try:
                    hidden.add(normalise(photo))
                except UnsafePath:
                    continue
        for rel in sorted(self.files - hidden):
            try:  # read without following links: nothing outside the repository is published
                data = self.project.files.read_bytes(rel)
            except (UnsafePath, OSError):
                continue  # missing, a link or too large: ``check`` reported it
            published = published_bytes(rel, data)  # SVG cleaned, HTML/JS not published: see safesvg
            if published is not None:
                self.out.write(f"files/{rel}", strip_metadata(published) if picture_kind(published) else published)

    def _nav(self, current: str, free: list[ContentDoc[Any]]) -> list[Any]:
        year_nav = lambda y: [  # noqa: E731
            {"Итоги года": f"years/{y}/results.md"}, {"Итоговый сборник": f"years/{y}/collection.md"},
            {"Дорожная карта": f"years/{y}/roadmap.md"}, {"Контент-план": f"years/{y}/content-plan.md"},
            {"Материалы": f"years/{y}/materials.md"}]
        nav: list[Any] = [{"Главная": "index.md"}]
        # Nav titles are HTML to MkDocs and Material (printed unescaped on every page): escape data.
        # One place for best practices: the catalog; the rubric of the same name is not listed twice.
        from .pages_content import PRACTICES_RUBRIC

        rubrics = [r for r in self.school.rubrics if r.id != PRACTICES_RUBRIC]
        nav.append({"Рубрики": [{escape_text(r.title): f"rubrics/{r.id}/index.md"} for r in rubrics]})
        nav.append({"Лучшие практики": "practices/index.md"})
        nav.append({f"{year_ru(current)} учебный год": year_nav(current)})
        archive: list[Any] = [{"Все годы": "archive.md"}]
        archive += [{f"{year_ru(y)}": year_nav(y)} for y in self.years if y != current]
        nav.append({"Архив": archive})
        if free:
            nav.append({"О программе": [{escape_text(d.meta.title): f"pages/{d.slug}.md"} for d in free]})
        return nav


def render_site_tree(project: Project, results: dict[str, YearResults], charts: dict[str, dict[str, str]],
                     docs_dir: Path, build_date: date, report: Report,
                     downloads: dict[str, Downloads] | None = None, drafts: bool = False) -> SiteTree:
    """Render stage: write the Markdown tree into ``docs_dir`` and return its nav; ``drafts`` only for
    the live preview (a draft is then shown with a warning that it is not published)."""
    return SiteRenderer(project, results, charts, docs_dir, build_date, report, downloads, drafts).render()
