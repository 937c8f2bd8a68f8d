"""The platform's Markdown tree and MkDocs config: home with the region's figures, the catalog with
its facets (site_templates' catalog.js combines them), a page per practice, school and municipality,
the received PDFs byte for byte, the catalogue as JSON/CSV and RSS. The site is built by MkDocs +
Material with the school site's config (``mkdocs.yml`` of the tool: same look, same search setup)."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .. import render as render_module
from .. import russian as russian_module
from ..render import escape_text, make_env, year_ru
from ..website.treewriter import TreeWriter
from .catalogue import (FACETS, Entry, catalogue_csv, catalogue_json, counts, facet_slugs, filter_json, rss)
from .charts import bar_chart
from .config import Region
from .paging import stable_pages
from .renderkeys import RenderKeys

TOOL = Path(__file__).resolve().parents[2]
MAX_SCHOOL_LINKS = 30  # more schools than this: the catalog links to the list of schools instead
PER_PAGE = 50  # about so many practices on a page of a listing: pages stay small at any region size
TEMPLATES = TOOL / "site_templates"
OVERRIDES = TEMPLATES / "overrides"


@dataclass
class SchoolCard:
    id: str
    short: str
    name: str
    site: str
    municipality: str
    municipality_title: str


def _size(n: int) -> str:
    return f"{n / 1024:.0f} КБ".replace(".", ",") if n < 1024 * 1024 else f"{n / 1048576:.1f} МБ".replace(".", ",")


class RegionSite:
    """Writes the tree into ``docs`` (only files whose bytes change) and returns the nav."""

    def __init__(self, region: Region, entries: list[Entry], folders: dict[tuple[str, str], Path],
                 docs: Path, build_date: date, keys: Path):
        self.region, self.entries, self.folders, self.build_date = region, entries, folders, build_date
        self.env = make_env(TEMPLATES / "region")
        agree = self.env.filters["agree"]
        self.env.filters["agree"] = functools.lru_cache(maxsize=None)(agree)  # pymorphy3 per page is slow
        self._cards: dict[tuple[str, str, str, str], str] = {}
        self.out = TreeWriter(docs)
        self.slugs = facet_slugs(entries)
        # The filters' code renders too: a new version of it renders every page again.
        code = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (render_module, russian_module))
        self.keys = RenderKeys(keys, TEMPLATES / "region", repr(region) + code)

    def page(self, rel: str, template: str, **context: Any) -> None:
        """Render ``template`` into ``rel``, unless it was rendered from the very same values before."""
        key = self.keys.key(rel, template, context)
        if self.out.keep(rel, lambda path: self.keys.unchanged(rel, key, path)):
            return
        root = "../" * rel.count("/")
        path = self.out.write(rel, self.env.get_template(template).render(region=self.region, root=root,
                                                                          card=self.card, **context))
        self.keys.wrote(rel, key, path)

    def card(self, e: Entry, up: str) -> str:
        """A practice's card in a listing, rendered once however many listings show it."""
        key = (e.school, e.year, e.id, up)  # the way up to practices/ is one of three
        if key not in self._cards:
            self._cards[key] = self.env.get_template("card.md.j2").render(e=e, up=up)
        return self._cards[key]

    def render(self) -> list[Any]:
        """Every page and file; the nav (the sections only: practice pages are reached from them)."""
        self._home()
        self._catalog()
        self._schools()
        for e in self.entries:
            self.page(f"{e.url}index.md", "practice.md.j2", e=e, size=_size(e.bytes))
        self.out.write("catalogue.json", catalogue_json(self.entries, self.region))
        self.out.write("catalogue.csv", catalogue_csv(self.entries, self.region))
        self.out.write("feed.xml", rss(self.entries, self.region, self.build_date))
        self.out.write("practices/catalog.json", filter_json(self.entries, self.slugs))
        self._static()
        self.out.finish()
        self.keys.save()
        return [{"Главная": "index.md"}, {"Каталог практик": "practices/index.md"},
                {"Школы": "schools/index.md"}, {"Муниципалитеты": "municipalities/index.md"}]

    def _links(self, name: str, up: str) -> dict[str, str]:
        """Where a facet value's link leads: the school's or municipality's page, else its listing.
        Links are the pages' addresses, not their Markdown files: a page then depends on nothing but
        its own text and the nav, which is what lets the build keep it (see sitebuild)."""
        if name == "school":
            return {e.school_short: f"{up}schools/{e.school}/" for e in self.entries}
        if name == "municipality":
            return {e.municipality_title: f"{up}municipalities/{e.municipality}/" for e in self.entries}
        return {v: f"{up}practices/{name}/{slug}/" for v, slug in self.slugs[name].items()}

    def _home(self) -> None:
        breakdowns, links = [], {}
        for name, title in (("form", "По формам наставничества"), ("municipality", "По муниципалитетам"),
                            ("year", "По учебным годам")):
            rows = counts(self.entries, name)
            if name == "year":
                rows.sort(key=lambda kv: kv[0])
            chart = None
            if rows:
                chart = f"charts/{name}.svg"
                labels = [year_ru(v) if name == "year" else v for v, _ in rows]
                self.out.write(chart, bar_chart(title, labels, [n for _, n in rows]))
            links.update(self._links(name, ""))
            breakdowns.append((FACETS[name], title, rows, chart))
        self.page("index.md", "home.md.j2", entries=self.entries, breakdowns=breakdowns, links=links,
                  schools_with=len({e.school for e in self.entries}),
                  municipalities_with=len({e.municipality for e in self.entries}),
                  years=sorted({e.year for e in self.entries}))

    def _facets(self, up: str) -> list[tuple[str, list[tuple[str, str, int]]]]:
        out = []
        for name in FACETS:
            links = self._links(name, "")
            rows = sorted(counts(self.entries, name), key=lambda kv: kv[0].casefold())
            if name == "school" and len(rows) > MAX_SCHOOL_LINKS:  # a thousand links: the list of schools
                out.append((name, [(f"все {len(rows)} — в списке школ", "../schools/", None)]))
                continue
            # hrefs relative to practices/, where the catalog's template adds the page's way up to it
            out.append((name, [(v, links[v].removeprefix("practices/") if links[v].startswith("practices/")
                                else "../" + links[v], n) for v, n in rows]))
        return out

    def _catalog(self) -> None:
        facets = self._facets("")
        self._listing("practices", self.entries, None, facets, "")
        for name in ("form", "subject", "year", "tag"):
            for value, slug in self.slugs[name].items():
                chosen = [e for e in self.entries if value in e.facet(name)]
                self._listing(f"practices/{name}/{slug}", chosen, (FACETS[name], value, name), facets, "../../")

    def _listing(self, folder: str, entries: list[Entry], heading: Any, facets: Any, up: str) -> None:
        """A listing in pages of about ``PER_PAGE``, broken between schools (paging.py: one school's new
        package changes only its page). The catalog: ``practices/``, ``practices/page-2/``, …; a
        facet's listing: ``practices/FACET/SLUG/``, ``…/SLUG-2/``, … (catalog.js reads that suffix)."""
        chunks = stable_pages(entries, lambda e: (e.year, e.municipality, e.school), PER_PAGE)
        slug = folder.rsplit("/", 1)[-1]
        for number, chunk in enumerate(chunks, start=1):
            if heading:
                here = folder if number == 1 else f"{folder}-{number}"
                to = lambda n: f"../{slug}/" if n == 1 else f"../{slug}-{n}/"  # noqa: E731
                way_up = up
            elif number == 1:
                here, way_up = folder, up
                to = lambda n: "./" if n == 1 else f"page-{n}/"  # noqa: E731
            else:
                here, way_up = f"{folder}/page-{number}", "../"
                to = lambda n: "../" if n == 1 else f"../page-{n}/"  # noqa: E731
            self.page(f"{here}/index.md", "catalog.md.j2", entries=chunk, heading=heading,
                      facets=facets if number == 1 else None,
                      titles=FACETS, up=way_up, number=number,
                      count=len(entries) if number == 1 else None,  # shown on the first page only
                      prev=to(number - 1) if number > 1 else None, next=to(number + 1) if number < len(chunks) else None)

    def _schools(self) -> None:
        by_school: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            by_school[e.school].append(e)
        cards = {}
        for sid, items in by_school.items():
            first = items[0]
            card = SchoolCard(sid, first.school_short, first.school_name, first.school_site, first.municipality,
                              first.municipality_title)
            cards[sid] = card
            years = sorted({e.year for e in items}, reverse=True)
            self.page(f"schools/{sid}/index.md", "school.md.j2", school=card, entries=items,
                      by_year=[(y, [e for e in items if e.year == y]) for y in years])
        ordered = sorted(cards.values(), key=lambda c: (c.municipality_title, c.short))
        self.page("schools/index.md", "list.md.j2", title="Школы", column="Школа",
                  rows=[(c.short, f"{c.id}/", len(by_school[c.id])) for c in ordered])
        places = []
        for place in self.region.municipalities:
            mine = [c for c in ordered if c.municipality == place.id]
            total = sum(len(by_school[c.id]) for c in mine)
            self.page(f"municipalities/{place.id}/index.md", "municipality.md.j2", place=place,
                      schools=[(c, len(by_school[c.id])) for c in mine], total=total)
            places.append((place.title, f"{place.id}/", total))
        self.page("municipalities/index.md", "list.md.j2", title="Муниципалитеты", column="Муниципалитет", rows=places)

    def _static(self) -> None:
        assets = TEMPLATES / "assets"
        for path in sorted(p for p in assets.rglob("*") if p.is_file()):
            self.out.copy(f"assets/{path.relative_to(assets).as_posix()}", path)


def write_region_config(build: Path, region: Region, nav: list[Any], bundles: list[str]) -> Path:
    """``.build/region/mkdocs.yml``: the tool's mkdocs.yml (theme, extensions, search) with the region's
    name and address and the nav; no hook (the region has no school repository to re-render)."""
    config: dict[str, Any] = {
        "INHERIT": str(TOOL / "mkdocs.yml"), "docs_dir": "docs-build", "site_dir": "site", "hooks": [],
        "site_name": escape_text(region.short_name), "site_url": region.site_url,
        "site_description": escape_text(region.name), "copyright": escape_text(region.name),
        "theme": {"custom_dir": str(OVERRIDES)}, "nav": nav,
        # the search's bundles by school (searchshards), merged in the browser; the platform's facets
        "extra": {"search_bundles": bundles,
                  "search_refine": "Уточнить: муниципалитет, школа, форма, предмет, год, ключевое слово"},
        # Links between the platform's pages are addresses the generator writes (see sitebuild), and
        # most pages are not in the tree MkDocs sees: tests/region check every link of the built site.
        "validation": {"nav": {"omitted_files": "ignore"},
                       "links": {"not_found": "ignore", "anchors": "ignore", "unrecognized_links": "ignore"}},
    }
    path = build / "mkdocs.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Generated by nastavnik-press region build; do not edit.\n"
                    + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path
