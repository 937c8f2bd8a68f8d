"""The whole build, top to bottom: load → validate → compute → render site tree → build site →
check public outputs → write outputs. Each stage is one module; this file only sequences them.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from collections.abc import Iterator

from .charts import make_charts
from .checks import check_project
from .consent import Registry
from .errors import BuildError, Report, UsageError, ValidationFailed
from .fieldtypes import academic_year_bounds
from .loader import Project, load_project
from .publiccheck import find_leaks
from .results import YearResults, compute_results
from .sitebuild import BUILD_DIR, build_site, write_config
from .sitetree import SiteTree, render_site_tree
from .vk import vk_post

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


def load_and_check(root: Path, strict: bool = False) -> tuple[Project, Report]:
    """Load and validate stages; raises :class:`ValidationFailed` with every problem found."""
    if not (root / "data").is_dir() and not (root / "content").is_dir():
        raise UsageError(f"в «{root}» нет папок data/ и content/ — это не репозиторий школы")
    report = Report()
    project = load_project(root, report)
    check_project(project, report)
    if report.failed(strict) or project.school is None:
        raise ValidationFailed(report, strict)
    return project, report


def compute_all(project: Project, build_date: date) -> dict[str, YearResults]:
    """Compute stage for every year: the archive shows past years' results too."""
    return {year: compute_results(project, year, build_date) for year in sorted(project.years)}


def prepare_site(root: Path, build_date: date, strict: bool = False,
                 docs_dir: Path | None = None) -> tuple[Project, Report, dict[str, YearResults], SiteTree]:
    """Everything before MkDocs runs; shared by ``build`` and the ``mkdocs serve`` hook."""
    project, report = load_and_check(root, strict)
    results = compute_all(project, build_date)
    charts = {year: make_charts(res) for year, res in results.items()}
    tree = render_site_tree(project, results, charts, docs_dir or root / BUILD_DIR / "docs", build_date, report)
    if report.failed(strict):
        raise ValidationFailed(report, strict)
    return project, report, results, tree


@dataclass
class BuildSummary:
    year: str
    build_date: date
    report: Report
    pages: int = 0
    site_bytes: int = 0
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _registry(project: Project, year: str) -> Registry:
    data = project.years[year].participants
    return Registry(data.model.participants if data else [])


def _write_vk(project: Project, year: str, out: Path, build_date: date) -> list[str]:
    school = project.school.model  # type: ignore[union-attr]
    titles = {r.id: r.title for r in school.rubrics}
    start, end = academic_year_bounds(year)
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for doc in sorted(project.news, key=lambda n: n.slug):
        if doc.meta.vk and start <= doc.meta.date <= end and doc.meta.date <= build_date:
            (out / f"{doc.slug}.txt").write_text(vk_post(doc, school, titles.get(doc.meta.rubric, "")),
                                                 encoding="utf-8")
            written.append(doc.slug)
    return written


def _gate(project: Project, staging: Path) -> None:
    """Refuse outputs that would publish what consent does not allow."""
    hidden_names: dict[str, str] = {}
    hidden_photos: set[str] = set()
    for year in project.years:
        registry = _registry(project, year)
        hidden_names.update(registry.hidden_names())
        hidden_photos |= registry.hidden_photos()
    # A person named with consent in one year stays hidden if any year's record withholds it.
    leaks = find_leaks(staging, hidden_names, hidden_photos, project.school.model.email)  # type: ignore[union-attr]
    if leaks:
        for leak in leaks:
            log.error("%s: %s", leak.output, leak.what)
        raise BuildError(f"Публикация остановлена: найдено нарушений персональных данных — {len(leaks)}. "
                         "Прежние site/ и dist/ не изменены.")


def _swap(staged: Path, target: Path) -> None:
    """Replace ``target`` with ``staged`` in two renames, so readers never see half of it."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(root: Path, year: str | None = None, strict: bool = False, build_date: date | None = None) -> BuildSummary:
    """``python -m generator build``: the site, and the year's outputs in ``dist/YEAR/``."""
    started = time.perf_counter()
    build_date = resolve_build_date(build_date)
    with stage("Проверка содержимого и данных"):
        project, report = load_and_check(root, strict)
    school = project.school.model  # type: ignore[union-attr]
    year = year or school.current_year
    if year not in project.years:
        raise UsageError(f"учебного года «{year}» нет в data/; есть: {', '.join(sorted(project.years))}")
    with stage("Расчёт показателей и подготовка страниц"):
        _, report, results, tree = prepare_site(root, build_date, strict)
    staging = root / BUILD_DIR / f"staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with stage("Сборка сайта (MkDocs + Material)"):
            build_site(root, write_config(root, tree.nav, school), staging / "site", report)
            if report.failed(strict):
                raise ValidationFailed(report, strict)
        with stage("Черновики постов ВКонтакте"):
            vk = _write_vk(project, year, staging / "dist" / year / "vk", build_date)
        with stage("Проверка персональных данных в публикуемом"):
            _gate(project, staging)
        summary = BuildSummary(year, build_date, report)
        html = list((staging / "site").rglob("*.html"))
        summary.pages = len(html)
        summary.site_bytes = sum(p.stat().st_size for p in (staging / "site").rglob("*") if p.is_file())
        _swap(staging / "site", root / "site")
        summary.outputs.append(f"site/ — {summary.pages} страниц, {summary.site_bytes / 1e6:.1f} МБ")
        _swap(staging / "dist" / year / "vk", root / "dist" / year / "vk")
        summary.outputs.append(f"dist/{year}/vk/ — черновиков постов: {len(vk)}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary
