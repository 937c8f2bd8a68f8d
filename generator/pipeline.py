"""The whole build, top to bottom: load → validate → compute → render site tree → build site →
check public outputs → write outputs. Each stage is one folder of generator/ (ARCHITECTURE.md);
this file only sequences them.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from collections.abc import Iterator

from .book.collection import build_collection
from .book.pdf import ensure_weasyprint, render_collection
from .book.rnc import write_rnc_package
from .check.validate import ContentChecks, load_and_check
from .errors import Report, UsageError, ValidationFailed
from .model.builddate import resolve_build_date
from .model.loader import Project
from .privacy.gate import check_public_outputs
from .publish.internal import write_internal
from .publish.outputs import Staging
from .publish.vk import write_vk_drafts
from .results.compute import YearResults
from .website.prepare import compute_all, downloads_of
from .website.renderer import Downloads
from .website.searchindex import build_search_index
from .website.sitebuild import BUILD_DIR, build_site, write_config
from .website.sitetree import render_site_tree

log = logging.getLogger("nastavnik")


@contextmanager
def stage(title: str) -> Iterator[None]:
    """Log a stage with its duration, so a long build shows where it is."""
    started = time.perf_counter()
    log.info("• %s…", title)
    yield
    log.info("  готово за %.1f с", time.perf_counter() - started)


def render_print(project: Project, root: Path, year: str, results: YearResults, charts: dict[str, str],
                 out: Path, build_date: date, report: Report) -> Downloads:
    """Render stage for print: the collection PDF and the RNC package of one year into ``out``."""
    ensure_weasyprint()
    collection = build_collection(project, year, results, charts)
    cache = root / BUILD_DIR / "cache" / year
    rendered = render_collection(collection, root, build_date, report, cache / "collection")
    out.mkdir(parents=True, exist_ok=True)
    (out / "collection.pdf").write_bytes(rendered.data)
    log.info("  сборник: %d стр., %.1f МБ", rendered.pages, len(rendered.data) / 1e6)
    files = write_rnc_package(collection, root, out / "rnc", build_date, report, cache / "rnc")
    log.info("  пакет для РНЦ: практик %d", len(collection.for_rnc))
    return Downloads(out / "collection.pdf", files, rendered.pages)


@dataclass
class BuildSummary:
    year: str
    build_date: date
    report: Report
    pages: int = 0
    site_bytes: int = 0
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build(root: Path, year: str | None = None, strict: bool = False, build_date: date | None = None,
          only: str | None = None) -> BuildSummary:
    """``python -m generator build``: the site, and ``dist/YEAR/`` for one year or (default) every year;
    ``only="site"`` or ``only="pdf"`` builds one kind of output (previews, measurements)."""
    started = time.perf_counter()
    build_date = resolve_build_date(build_date)
    with stage("Проверка содержимого и данных"):
        project, report = load_and_check(root, strict, building=True, content=False)
        # Links, images and spelling are checked on the other core while the results are computed
        # and the pages rendered; their problems join the report before anything is built.
        content_checks = ContentChecks(project)
        if strict:  # their warnings stop a --strict build: wait for them before any other work
            content_checks.join(report, strict)
    school = project.school.model  # type: ignore[union-attr]
    if year is not None and year not in project.years:
        raise UsageError(f"учебного года «{year}» нет в data/; есть: {', '.join(sorted(project.years))}")
    years = [year] if year else sorted(project.years, reverse=True)
    make_site, make_dist = only in (None, "site"), only in (None, "pdf")
    with stage("Расчёт показателей года"):
        results, charts = compute_all(project, build_date)
    summary = BuildSummary(year or school.current_year, build_date, report)
    with Staging(root / BUILD_DIR) as staging:
        printed: dict[str, Downloads] = {}
        drafts: dict[str, list[str]] = {}
        if make_dist:
            content_checks.join(report, strict)
        for each in years if make_dist else []:
            with stage(f"Итоговый сборник {each} и пакет для РНЦ (PDF)"):
                printed[each] = render_print(project, root, each, results[each], charts[each],
                                             staging.dist(each), build_date, report)
        if make_site:
            with stage("Подготовка страниц сайта"):
                tree = render_site_tree(project, results, charts, root / BUILD_DIR / "docs", build_date, report,
                                        downloads_of(root, project, printed))
                content_checks.join(report, strict)
                if report.failed(strict):
                    raise ValidationFailed(report, strict, building=True)
            with stage("Сборка сайта (MkDocs + Material)"):
                build_site(root, write_config(root, tree.nav, school), staging.site, report, build_date)
                if report.failed(strict):
                    raise ValidationFailed(report, strict, building=True)
            with stage("Поисковый индекс сайта (Pagefind)"):
                build_search_index(staging.site)
        if make_dist:
            with stage("Черновики постов ВКонтакте и внутренние отчёты"):
                for each in years:
                    drafts[each] = write_vk_drafts(project, each, staging.dist(each) / "vk", build_date)
                    write_internal(project, each, results[each], staging.dist(each) / "internal")
        with stage("Проверка персональных данных в публикуемом"):
            check_public_outputs(project, staging.path)
        summary.outputs = staging.describe(printed, drafts)
        summary.pages, summary.site_bytes = staging.site_size()
        # Only now do site/ and dist/YEAR/ change, each in one rename.
        staging.publish(root, years if make_dist else [], site=make_site)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class RegionSummary:
    report: Report
    outcomes: list = field(default_factory=list)
    practices: int = 0
    changed_files: int = 0
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build_region(root: Path, strict: bool = False, build_date: date | None = None,
                 publish: bool = True) -> RegionSummary:
    """``python -m generator region build`` (``publish=False``: ``region check``): region.yaml → intake of
    every school's packages (in parallel; a refused package changes nothing) → catalogue → the
    platform (MkDocs + Material) → the regional collection → publish site/ and dist/."""
    from .region.catalogue import build_catalogue
    from .region.collection import write_collection
    from .region.config import load_region, load_selection
    from .region.intake import run_intake
    from .region.outputs import intake_files, write_dist
    from .region.site import OVERRIDES, RegionSite, write_region_config
    from .region.searchshards import bundle_numbers, bundle_paths
    from .region.sitebuild import build_platform
    from .region.store import clear_incoming, commit_incoming, kept_packages

    started = time.perf_counter()
    build_date = resolve_build_date(build_date)
    summary = RegionSummary(Report())
    with stage("Проверка region.yaml"):
        region = load_region(root, summary.report)
        selection = load_selection(root, region, summary.report) if region else None
        if region is None or summary.report.failed():
            raise ValidationFailed(summary.report)
    clear_incoming(root)
    with stage(f"Приём пакетов школ: {sum(len(s.packages) for s in region.schools)}"):
        summary.outcomes = run_intake(root, region.schools, store=publish, today=build_date.isoformat())
        for outcome in summary.outcomes:
            for reason in outcome.reasons:
                summary.report.error(f"{outcome.school}", (0, 0), "", f"пакет {outcome.source} отклонён: {reason}")
    refused = [o for o in summary.outcomes if not o.accepted]
    if not publish or (strict and refused):
        if strict and refused:
            clear_incoming(root)
            raise ValidationFailed(summary.report, strict=True)
        summary.seconds = time.perf_counter() - started
        return summary
    build = root / BUILD_DIR / "region"
    accepted = kept_packages(root, region.schools)
    entries = build_catalogue(region, accepted)
    summary.practices = len(entries)
    with Staging(root / BUILD_DIR) as staging:
        staging.reuse_site(build / "site-buffer")  # the version before last, brought up to date (assemble)
        with stage(f"Страницы платформы: практик {len(entries)}"):
            folders = {(school.id, manifest["year"]): folder for school, folder, manifest in accepted}
            nav = RegionSite(region, entries, folders, build / "docs", build_date, build / "render-keys.json").render()
        with stage("Сборка сайта платформы (MkDocs + Material)"):
            site_report = Report()
            pdfs = {e.pdf: folders[(e.school, e.year)] / e.file for e in entries}
            bundles = bundle_paths(bundle_numbers({e.school for e in entries}))
            built = build_platform(root, build, write_region_config(build, region, nav, bundles), OVERRIDES, staging.site,
                                   root / "site", pdfs, region.site_url, build_date, site_report)
            for problem in site_report.problems:
                log.warning("%s", problem)
            log.info("  страниц %d, собрано заново %d", built.pages, built.built)
        dist = intake_files(region, summary.outcomes, build_date)
        if selection is not None:
            with stage(f"Региональный сборник {selection.year}"):
                told = Report()
                name, data = write_collection(region, selection, entries, folders, build / "collection",
                                              told, build_date)
                told.log_all()  # a chosen practice that is not (or no longer) accepted, WeasyPrint's warnings
                if data is not None:
                    dist[name] = data
        summary.changed_files = built.changed
        staging.publish(root, [], site=True, recycle=build / "site-buffer")
    commit_incoming(root)  # the packages this site shows are now the accepted ones
    write_dist(root, dist)
    summary.outputs = [f"site/ — практик {len(entries)}, изменено файлов {summary.changed_files}",
                       *(f"dist/{name}" for name in dist)]
    summary.seconds = time.perf_counter() - started
    return summary
