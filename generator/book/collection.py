"""The year's final collection («итоговый сборник»): what goes into it, in order.

One model feeds the PDF, the RNC package and the online collection page, so the three always
agree: 1) results of the year, 2) materials of the general meetings, networking, business game
and training, 3) the approved best practices.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..privacy.cleanhtml import render_markdown
from ..privacy.consent import PublicPerson, year_registries
from ..model.content_models import MaterialMeta, PracticeMeta
from ..model.data_models import School
from ..model.loader import ContentDoc, Project
from ..results.compute import YearResults
from ..privacy.safehtml import sanitize_markdown
from ..results.plan_record import PlanRecord, build_record

SECTION_TITLES = (
    "Результаты реализации целевой модели наставничества в {year} учебном году",
    "Материалы общих встреч, нетворкинга, деловой игры и обучения наставников",
    "Лучшие практики наставничества",
)
MATERIAL_ORDER = ("presentation", "networking", "business_game", "training")


def body_html(body: str, shift: int = 1) -> str:
    """A contributed Markdown body as HTML for print: cleaned, headings moved down ``shift`` levels."""
    clean, _ = sanitize_markdown(body)  # removals were already reported when the site was rendered
    return render_markdown(clean, shift)


@dataclass
class Attachment:
    name: str
    rel: str  # under content/files/
    url: str  # where the site publishes it


@dataclass
class CollectedPractice:
    doc: ContentDoc[PracticeMeta]
    authors: list[PublicPerson]
    html: str
    attachments: list[Attachment]

    @property
    def slug(self) -> str:
        return self.doc.slug

    @property
    def rnc_html(self) -> str:
        """The body as a document of its own: its sections are second-level headings."""
        return body_html(self.doc.body, shift=0)

    @property
    def meta(self) -> PracticeMeta:
        return self.doc.meta


@dataclass
class CollectedMaterial:
    doc: ContentDoc[MaterialMeta]
    event: Any
    html: str
    attachments: list[Attachment]


@dataclass
class Collection:
    school: School
    year: str
    results: YearResults
    charts: dict[str, str]
    record: PlanRecord | None = None  # the plan's documents and events, in section 1
    materials: list[CollectedMaterial] = field(default_factory=list)
    practices: list[CollectedPractice] = field(default_factory=list)

    @property
    def section_titles(self) -> list[str]:
        return [t.format(year=self.year.replace("-", "–")) for t in SECTION_TITLES]

    @property
    def running_practices(self) -> str:
        """The running head over the pages of the practices."""
        return "3. " + SECTION_TITLES[2]

    @property
    def for_rnc(self) -> list[CollectedPractice]:
        return [p for p in self.practices if p.meta.submit_to_rnc]


def _attachments(school: School, rels: list[str]) -> list[Attachment]:
    base = school.site_url.rstrip("/")
    return [Attachment(rel.rsplit("/", 1)[-1], rel, f"{base}/files/{rel}") for rel in rels]


def build_collection(project: Project, year: str, results: YearResults, charts: dict[str, str]) -> Collection:
    """Gather the collection of ``year``: approved practices only, authors under the consent rules."""
    school = project.school.model  # type: ignore[union-attr]
    data = project.years[year]
    registry = year_registries(project)[year]  # a withdrawal in any year hides the person here too
    events = {e.id: e for e in data.events.model.events} if data.events else {}
    collection = Collection(school, year, results, charts, build_record(project, year, results, registry))
    materials = sorted((m for m in project.materials if m.meta.year == year),
                       key=lambda m: (MATERIAL_ORDER.index(m.meta.kind), getattr(events.get(m.meta.event), "date", None)
                                      or results.build_date, m.slug))
    for doc in materials:
        collection.materials.append(CollectedMaterial(doc, events.get(doc.meta.event), body_html(doc.body),
                                                      _attachments(school, doc.meta.attachments)))
    practices = sorted((p for p in project.practices if p.meta.year == year and p.meta.status == "approved"),
                       key=lambda p: (p.meta.title.lower(), p.slug))
    for doc in practices:
        collection.practices.append(CollectedPractice(doc, [registry.public(a) for a in doc.meta.authors],
                                                      body_html(doc.body), _attachments(school, doc.meta.attachments)))
    return collection
