"""Load and validate stages together: what ``check`` runs, kept free of the heavy rendering imports
(matplotlib, WeasyPrint, the privacy gate) so a check of thousands of files starts at once."""
from __future__ import annotations

from pathlib import Path

from .checks import check_project
from .contentchecks import check_content_quality
from .errors import Problem, Report, UsageError, ValidationFailed
from .loader import Project, load_project
from .safesvg import check_svgs


def load_and_check(root: Path, strict: bool = False, building: bool = False,
                   content: bool = True) -> tuple[Project, Report]:
    """Load and validate stages; raises :class:`ValidationFailed` with every problem found.

    ``content=False`` leaves out the content-quality checks (links, images, spelling): the build
    runs them next to its first stages with :class:`ContentChecks`."""
    if not (root / "data").is_dir() and not (root / "content").is_dir():
        raise UsageError(f"в «{root}» нет папок data/ и content/ — это не репозиторий школы")
    report = Report()
    project = load_project(root, report)
    check_project(project, report)
    check_svgs(project.files_dir, report)
    if content:
        for problem in _content_problems(project):
            report.add(problem.path, problem.line, problem.column, problem.field, problem.message, problem.severity)
    if report.failed(strict) or project.school is None:
        raise ValidationFailed(report, strict, building)
    return project, report


SPLIT_FROM = 500  # files; below this a second process costs more than it saves


def _content_problems(project: Project) -> list[Problem]:
    """The content-quality checks, the files split between the cores for a large repository
    (the report sorts problems by file and line, so the split does not show)."""
    from .contenttext import all_docs
    from .forkpool import run_forked, workers

    docs = all_docs(project)
    count = workers() if len(docs) >= SPLIT_FROM else 1

    def share(index: int) -> list[Problem]:
        report = Report()
        check_content_quality(project, report, docs[index * len(docs) // count:(index + 1) * len(docs) // count],
                              spelling=count == 1)
        return report.problems

    def spelling() -> list[Problem]:  # one warning per unknown word: over all files at once
        from .contenttext import content_texts
        from .spelling import spelling_problems

        return spelling_problems(project, content_texts(project, docs))

    jobs = [lambda i=i: share(i) for i in range(count)] + ([spelling] if count > 1 else [])
    return [problem for problems in run_forked(jobs) for problem in problems]


class ContentChecks:
    """The content-quality checks of a loaded project, run in a forked process while the build
    computes and renders (they only read the project); :meth:`join` adds their problems."""

    def __init__(self, project: Project):
        from .forkpool import Forked

        def run() -> list[Problem]:
            report = Report()
            check_content_quality(project, report)
            return report.problems

        self.project = project
        self.forked: Forked | None = Forked(run)

    def join(self, report: Report, strict: bool = False) -> None:
        """Add the problems found to ``report`` (once) and stop the build as ``check`` would."""
        if self.forked is not None:
            for problem in self.forked.result():
                report.add(problem.path, problem.line, problem.column, problem.field, problem.message,
                           problem.severity)
            self.forked = None
        if report.failed(strict):
            raise ValidationFailed(report, strict, building=True)
