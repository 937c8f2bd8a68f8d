"""Everything before MkDocs runs, without the PDFs: load and check, compute every year, render the
Markdown tree. The pipeline builds on it; the `mkdocs serve` hook uses it alone."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..check.validate import load_and_check
from ..errors import Report, ValidationFailed
from ..model.loader import Project
from ..results.charts import make_charts
from ..results.compute import YearResults, compute_results
from .renderer import Downloads, SiteTree
from .sitebuild import BUILD_DIR
from .sitetree import render_site_tree


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
