"""Pages made from content/: rubric listings with RSS, news posts, the practices catalog, materials."""
from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable
from email.utils import format_datetime
from datetime import datetime, time, timezone
from typing import Any

from ..render import slug_ru
from .catalogdata import catalog_json
from .renderer import SiteRenderer, pages_of


PRACTICES_RUBRIC = "practices"  # the rubric id the SPEC names for «Лучшие практики наставничества»
PER_RUBRIC_PRACTICES = 10


def _listing_url(base: str, number: int) -> str:
    return f"{base}/index.md" if number == 1 else f"{base}/page-{number}.md"


def render_rubrics(site: SiteRenderer) -> None:
    """One paginated page per rubric, newest first, and its RSS feed."""
    for rubric in site.school.rubrics:
        posts = [n for n in site.news if n.meta.rubric == rubric.id]
        chunks = pages_of(posts)
        base = f"rubrics/{rubric.id}"
        # The rubric of best practices is the catalog's: its page lists the approved practices too, so it
        # never says «пока нет публикаций» while the catalog has some (the nav shows the catalog only).
        practices = site.practices[:PER_RUBRIC_PRACTICES] if rubric.id == PRACTICES_RUBRIC else []
        for number, chunk in enumerate(chunks, start=1):
            site.page(_listing_url(base, number), "rubric.md.j2", rubric=rubric, posts=chunk, number=number,
                      practices=practices if number == 1 else [], practices_total=len(site.practices),
                      total=len(chunks), count=len(posts),
                      prev=_listing_url(base, number - 1).removeprefix(base + "/") if number > 1 else None,
                      next=_listing_url(base, number + 1).removeprefix(base + "/") if number < len(chunks) else None,
                      images={n.slug: site.use_file(n.meta.image) for n in chunk})
        feed_items = [{
            "title": n.meta.title, "summary": n.meta.summary, "slug": n.slug,
            "date": format_datetime(datetime.combine(n.meta.date, time(9, 0), tzinfo=timezone.utc)),
        } for n in posts[:20]]
        site.out.write(f"{base}/feed.xml", site.env.get_template("feed.xml.j2").render(
            school=site.school, rubric=rubric, items=feed_items,
            updated=format_datetime(datetime.combine(site.build_date, time(0, 0), tzinfo=timezone.utc))))


def render_news(site: SiteRenderer) -> None:
    for doc in site.news:
        site.page(f"news/{doc.slug}.md", "news.md.j2", doc=doc, body=site.body(doc),
                  rubric=site.rubrics.get(doc.meta.rubric), image=site.use_file(doc.meta.image))


def _facets(practices: list[Any]) -> dict[str, dict[str, list[Any]]]:
    facets: dict[str, dict[str, list[Any]]] = {"form": defaultdict(list), "subject": defaultdict(list),
                                               "year": defaultdict(list), "tag": defaultdict(list)}
    for doc in practices:
        facets["form"][doc.meta.form].append(doc)
        for subject in doc.meta.subjects:
            facets["subject"][subject].append(doc)
        facets["year"][doc.meta.year].append(doc)
        for tag in doc.meta.tags:
            facets["tag"][tag].append(doc)
    return {name: dict(sorted(groups.items())) for name, groups in facets.items()}


def _listing(site: SiteRenderer, practices: list[Any], path: Callable[[int], str], **context: Any) -> None:
    """A paginated list of practices: page ``k`` is written to ``path(k)``, linked to its neighbours."""
    chunks = pages_of(practices)
    for number, chunk in enumerate(chunks, start=1):
        rel = path(number)
        here = posixpath.dirname(rel)
        link = lambda target: posixpath.relpath(target, here)  # noqa: E731 - Markdown links are relative
        site.page(rel, "catalog.md.j2", practices=chunk, number=number, total=len(chunks), count=len(practices),
                  up="../" * (rel.count("/") - 1), prev=link(path(number - 1)) if number > 1 else None,
                  next=link(path(number + 1)) if number < len(chunks) else None, **context)


FACET_TITLES = {"form": "Форма наставничества", "subject": "Предмет", "year": "Учебный год", "tag": "Ключевое слово"}


def render_practices(site: SiteRenderer) -> None:
    """The catalog (paginated), one listing per form, subject and year, and a page per practice."""
    practices = site.practices
    facets = _facets(practices)
    facet_links = {name: [(value, f"{name}/{slug_ru(value)}.md", len(docs)) for value, docs in groups.items()]
                   for name, groups in facets.items()}
    cards = {doc.slug: {"authors": site.registry(doc.meta.year).labels(doc.meta.authors),
                        "cover": site.use_file(doc.meta.cover)} for doc in practices}
    common = {"cards": cards, "facets": facet_links, "titles": FACET_TITLES}
    slugs = {name: {value: slug_ru(value) for value in groups} for name, groups in facets.items()}
    site.out.write("practices/catalog.json", catalog_json(FACET_TITLES, slugs))
    _listing(site, practices, lambda n: "practices/index.md" if n == 1 else f"practices/list/{n}.md",
             heading=None, **common)
    for name, groups in facets.items():
        for value, docs in groups.items():
            base = f"practices/{name}/{slug_ru(value)}"
            _listing(site, docs, lambda n, base=base: f"{base}.md" if n == 1 else f"{base}-{n}.md",
                     heading=(FACET_TITLES[name], value), **common)
    for doc in practices:
        registry = site.registry(doc.meta.year)
        site.page(f"practices/{doc.slug}.md", "practice.md.j2", doc=doc, body=site.body(doc),
                  authors=[registry.public(a) for a in doc.meta.authors],
                  cover=site.use_file(doc.meta.cover), attachments=[site.use_file(a) for a in doc.meta.attachments],
                  form_link=f"form/{slug_ru(doc.meta.form)}.md",
                  subject_links=[(s, f"subject/{slug_ru(s)}.md") for s in doc.meta.subjects],
                  photos={a: site.use_file(registry.public(a).photo) for a in doc.meta.authors})


def render_materials(site: SiteRenderer) -> None:
    for doc in site.project.materials:
        year = site.project.years.get(doc.meta.year)
        events = {e.id: e for e in year.events.model.events} if year and year.events else {}
        site.page(f"materials/{doc.slug}.md", "material.md.j2", doc=doc, body=site.body(doc),
                  event=events.get(doc.meta.event), attachments=[site.use_file(a) for a in doc.meta.attachments])
