"""Pages of one academic year: results (with charts, JSON and CSV), roadmap, content plan, materials."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from typing import Any

from ..results.compute import YearResults
from ..results.plan_record import build_record
from .renderer import SiteRenderer

MATERIAL_KINDS = (("networking", "Нетворкинг"), ("business_game", "Деловая игра «Твой результат – мои возможности»"),
                  ("training", "Обучение наставников"), ("presentation", "Презентационные материалы общих встреч"))


def chart_size(svg: str) -> tuple[int, int]:
    """A chart's width and height in CSS pixels (matplotlib writes points): the page reserves its room
    before the picture loads (it loads lazily, only the variant the screen shows)."""
    found = re.search(r'<svg\b[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', svg)
    return (round(float(found.group(1)) * 4 / 3), round(float(found.group(2)) * 4 / 3)) if found else (0, 0)


def results_json(school_name: str, results: YearResults) -> str:
    """The machine-readable results of the year (aggregates only, no person is named)."""
    payload = {
        "school": school_name,
        "year": results.year,
        "build_date": results.build_date.isoformat(),
        "targets": [asdict(t) for t in results.targets],
        "pairs": [{"id": p.id, "form": p.form, "items_done": p.done, "items_total": p.total} for p in results.pairs],
        "diagnostics": {
            "rounds": [{"id": r.id, "title": r.title, "date": r.date.isoformat(), "covered": r.covered,
                        "expected": r.expected} for r in results.rounds],
            # change: the mean change of the n people present in the first and the last round
            "competencies": [{"id": c.id, "title": c.title, "means": c.means, "n": c.n, "before": c.before,
                              "after": c.after, "change": c.change} for c in results.competencies],
            "groups": [{"role": g.role, "title": g.title, "people": g.people,
                        "competencies": [{"id": c.id, "n": c.n, "before": c.before, "after": c.after,
                                          "change": c.change} for c in g.competencies]}
                       for g in results.diagnostics_groups],
        },
        "roadmap": [{"id": r.item.id, "section": r.section, "status": r.item.status,
                     "deadline": r.item.deadline if isinstance(r.item.deadline, str) else str(r.item.due_date()),
                     "due": r.due.date.isoformat() if r.due.date else None, "due_kind": r.due.kind,
                     "done_on": r.item.done_on.isoformat() if r.item.done_on else None, "overdue": r.overdue,
                     "days_late": r.late_days}
                    for r in results.roadmap],
        "counts": results.counts,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def results_csv(results: YearResults) -> str:
    """The targets table as CSV (UTF-8 with BOM, so spreadsheet programs read the Cyrillic)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "показатель", "цель", "единица", "факт", "статус", "расчёт", "источник"])
    for t in results.targets:
        writer.writerow([t.id, t.wording, t.target, t.unit, "" if t.actual is None else round(t.actual, 2),
                         t.status, t.detail, t.source])
    return "\ufeff" + buffer.getvalue()


def _content_plan(site: SiteRenderer, year: str) -> list[dict[str, Any]]:
    data = site.project.years[year].content_plan
    published = {f"news/{n.slug}.md" for n in site.news}
    rows = []
    for item in sorted(data.model.items, key=lambda i: i.date) if data else []:
        if item.post and item.post in published:
            state = "published"
        elif item.date < site.build_date:
            state = "late"
        else:
            state = "upcoming"
        rows.append({"item": item, "state": state, "rubric": site.rubrics.get(item.rubric),
                     "link": f"../../{item.post}" if state == "published" else None})
    return rows


def render_year(site: SiteRenderer, year: str) -> None:
    """Every page of one year under ``years/<year>/``."""
    results = site.results[year]
    base = f"years/{year}"
    charts = site.charts.get(year, {})
    for name, svg in charts.items():
        site.out.write(f"{base}/charts/{name}.svg", svg)
    site.out.write(f"{base}/results.json", results_json(site.school.name, results))
    site.out.write(f"{base}/results.csv", results_csv(results))
    site.page(f"{base}/results.md", "results.md.j2", year=year, results=results, charts=charts,
              sizes={name: chart_size(svg) for name, svg in charts.items()})
    site.page(f"{base}/events.md", "events.md.j2", year=year,
              record=build_record(site.project, year, results, site.registry(year)))
    active = [r for r in results.roadmap if r.item.status != "cancelled"]
    done = sum(1 for r in active if r.item.status == "done")
    sections: dict[str, list[Any]] = {}
    for number, row in enumerate(results.roadmap, start=1):  # readers see 1, 2, 3 …, not the YAML ids
        sections.setdefault(row.section, []).append((number, row))
    site.page(f"{base}/roadmap.md", "roadmap.md.j2", year=year, results=results, sections=sections,
              done=done, active=len(active))
    site.page(f"{base}/content-plan.md", "content_plan.md.j2", year=year, rows=_content_plan(site, year))
    data = site.project.years[year]
    events = data.events.model.events if data.events else []
    materials = [m for m in site.project.materials if m.meta.year == year]
    groups = [(kind, title, [m for m in materials if m.meta.kind == kind],
               [e for e in events if e.kind == kind]) for kind, title in MATERIAL_KINDS]
    site.page(f"{base}/materials.md", "materials.md.j2", year=year, groups=groups,
              attachments={m.slug: [site.use_file(a) for a in m.meta.attachments] for m in materials})
    render_collection_page(site, year, materials)


def render_collection_page(site: SiteRenderer, year: str, materials: list[Any]) -> None:
    """The collection online: its three sections, and the PDF and RNC files when they were built."""
    base = f"years/{year}"
    downloads = site.downloads.get(year)
    pdf, rnc = None, []
    if downloads and downloads.collection:
        pdf = f"collection-{year}.pdf"
        site.out.copy(f"{base}/{pdf}", downloads.collection)
        for path in downloads.rnc:
            site.out.copy(f"{base}/rnc/{path.name}", path)
            rnc.append((path.name, path.stat().st_size))
    order = [kind for kind, _ in MATERIAL_KINDS]
    site.page(f"{base}/collection.md", "collection.md.j2", year=year, results=site.results[year], pdf=pdf,
              pdf_size=downloads.collection.stat().st_size if pdf else 0, rnc=rnc,
              materials=sorted(materials, key=lambda m: (order.index(m.meta.kind), m.slug)),
              practices=sorted((p for p in site.practices if p.meta.year == year), key=lambda p: p.meta.title.lower()),
              registry=site.registry(year), kinds=dict(MATERIAL_KINDS))
