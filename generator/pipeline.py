"""The whole build, top to bottom: load → validate → compute → render site tree → build site →
check public outputs → write outputs. Each stage is one module; this file only sequences them.
"""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from collections.abc import Iterator

from .charts import make_charts
from .collection import build_collection
from .errors import Report, UsageError, ValidationFailed
from .internal import write_internal
from .loader import Project
from .pdf import ensure_weasyprint, render_collection
from .outputs import Staging
from .publiccheck import check_public_outputs
from .rnc import write_rnc_package
from .results import YearResults, compute_results
from .sitebuild import BUILD_DIR, build_site, write_config
from .sitetree import Downloads, SiteTree, render_site_tree
from .validate import ContentChecks, load_and_check
from .vk import write_vk_drafts

log = logging.getLogger("nastavnik")


def resolve_build_date(option: date | None = None) -> date:
    """``--build-date``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else today."""
    if option is not None:
        return option
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError):
            raise UsageError(f"SOURCE_DATE_EPOCH=«{epoch}» — ожидается число секунд с 1970-01-01") from None
    return date.today()


@contextmanager
def stage(title: str) -> Iterator[None]:
    """Log a stage with its duration, so a long build shows where it is."""
    started = time.perf_counter()
    log.info("• %s…", title)
    yield
    log.info("  готово за %.1f с", time.perf_counter() - started)


def compute_all(project: Project, build_date: date) -> tuple[dict[str, YearResults], dict[str, dict[str, str]]]:
    """Compute stage for every year (the archive shows past years' results too), with the charts."""
    results = {year: compute_results(project, year, build_date) for year in sorted(project.years)}
    return results, {year: make_charts(res) for year, res in results.items()}


def prepare_site(root: Path, build_date: date, strict: bool = False, docs_dir: Path | None = None,
                 drafts: bool = False) -> tuple[Project, Report, dict[str, YearResults], SiteTree]:
    """Everything before MkDocs runs, without PDFs; used by the ``mkdocs serve`` hook."""
    project, report = load_and_check(root, strict, drafts=drafts)
    results, charts = compute_all(project, build_date)
    tree = render_site_tree(project, results, charts, docs_dir or root / BUILD_DIR / "docs", build_date, report,
                            downloads_of(root, project, {}), drafts)
    if report.failed(strict):
        raise ValidationFailed(report, strict)
    return project, report, results, tree


def downloads_of(root: Path, project: Project, fresh: dict[str, Downloads]) -> dict[str, Downloads]:
    """Each year's PDFs for the site: this build's, else those an earlier build left in dist/."""
    found = dict(fresh)
    for year in project.years:
        if year not in found:
            old = Downloads.from_dir(root / "dist" / year)
            if old.collection:
                found[year] = old
    return found


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
