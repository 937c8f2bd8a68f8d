"""Load and validate stages together: what ``check`` runs, kept free of the heavy rendering imports
(matplotlib, WeasyPrint, the privacy gate) so a check of thousands of files starts at once."""
from __future__ import annotations

from pathlib import Path

from .checks import check_project
from .contentchecks import check_content_quality
from .errors import Report, UsageError, ValidationFailed
from .loader import Project, load_project


def load_and_check(root: Path, strict: bool = False, building: bool = False) -> tuple[Project, Report]:
    """Load and validate stages; raises :class:`ValidationFailed` with every problem found."""
    if not (root / "data").is_dir() and not (root / "content").is_dir():
        raise UsageError(f"в «{root}» нет папок data/ и content/ — это не репозиторий школы")
    report = Report()
    project = load_project(root, report)
    check_project(project, report)
    check_content_quality(project, report)
    if report.failed(strict) or project.school is None:
        raise ValidationFailed(report, strict, building)
    return project, report
