"""Render stage: the site as a plain Markdown tree plus a nav, ready for MkDocs to build.

Per-item pages (practices, news, materials) are reachable from generated, paginated index pages
and stay out of the nav: every Material page carries the whole nav, so listing items there would
make each page grow with the number of practices (SPEC, "Known ground").
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..editors.cms import admin_files, cms_scripts
from ..errors import Report
from ..model.loader import ContentDoc, Project
from ..model.safepath import UnsafePath, normalise
from ..privacy.pictures import picture_kind, strip_metadata
from ..privacy.safesvg import published_bytes
from ..render import escape_text, year_ru
from ..results.compute import YearResults
from . import pages_content, pages_year
from .renderer import Downloads, SiteRenderer, SiteTree

DRAFTS_ENV = "NASTAVNIK_PREVIEW_DRAFTS"  # set by `serve --drafts` for the live preview only


class SiteTreeRenderer(SiteRenderer):
    """Renders every page of the site: the home page, the archive and free pages here, the groups of
    pages in pages_content and pages_year, then the editors' form and the static files."""

    # -- the pages -------------------------------------------------------------------------------

    def render(self) -> SiteTree:
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
            {"Итоги года": f"years/{y}/results.md"}, {"События и документы": f"years/{y}/events.md"},
            {"Итоговый сборник": f"years/{y}/collection.md"},
            {"Дорожная карта": f"years/{y}/roadmap.md"}, {"Контент-план": f"years/{y}/content-plan.md"},
            {"Материалы": f"years/{y}/materials.md"}]
        nav: list[Any] = [{"Главная": "index.md"}]
        # Nav titles are HTML to MkDocs and Material (printed unescaped on every page): escape data.
        # One place for best practices: the catalog; the rubric of the same name is not listed twice.
        rubrics = [r for r in self.school.rubrics if r.id != pages_content.PRACTICES_RUBRIC]
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
    return SiteTreeRenderer(project, results, charts, docs_dir, build_date, report, downloads, drafts).render()
