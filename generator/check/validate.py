"""Load and validate stages together: what ``check`` runs, kept free of the heavy rendering imports
(matplotlib, WeasyPrint, the privacy gate) so a check of thousands of files starts at once."""
from __future__ import annotations

from pathlib import Path

from .. import forkpool  # as a module: a test makes it use two workers on a one-core machine
from ..errors import BuildError, Problem, Report, UsageError, ValidationFailed
from ..model.loader import Project, load_project
from ..privacy.safesvg import check_svgs
from ..privacy.sourcegate import check_sources
from .checks import check_project
from .contentchecks import check_content_quality
from .contenttext import all_docs, content_texts
from .identity import check_identity, read_user_config
from .spelling import spelling_problems


def load_and_check(root: Path, strict: bool = False, building: bool = False,
                   content: bool = True, drafts: bool = False) -> tuple[Project, Report]:
    """Load and validate stages; raises :class:`ValidationFailed` with every problem found.

    ``content=False`` leaves out the content-quality checks (links, images, spelling): the build
    runs them next to its first stages with :class:`ContentChecks`. Draft news, materials and pages
    are checked, then left out of the project (``drafts=True``: kept, for the preview)."""
    if not (root / "data").is_dir() and not (root / "content").is_dir():
        raise UsageError(f"в «{root}» нет папок data/ и content/ — это не репозиторий школы")
    report = Report()
    project = load_project(root, report)
    check_project(project, report)
    check_svgs(project.files_dir, report)
    # Names without consent, phones and e-mails in the sources: errors before anything is written,
    # whichever command publishes (build, mkdocs build, mkdocs serve).
    check_sources(project, report)
    if project.school is not None and (root / "mkdocs.yml").is_file():
        try:
            check_identity(root, read_user_config(root), project.school.model, report)
        except BuildError as exc:
            report.error("mkdocs.yml", (0, 0), "", str(exc))
    if content:
        for problem in _content_problems(project):
            report.add(problem.path, problem.line, problem.column, problem.field, problem.message, problem.severity)
    if report.failed(strict) or project.school is None:
        raise ValidationFailed(report, strict, building)
    if not drafts:  # practices keep theirs: the site and the collection filter by status themselves
        for kind in ("news", "materials", "pages"):
            setattr(project, kind, [doc for doc in getattr(project, kind) if not doc.meta.draft])
    return project, report


SPLIT_FROM = 500  # files; below this a second process costs more than it saves


def _content_problems(project: Project) -> list[Problem]:
    """The content-quality checks, the files split between the cores for a large repository
    (the report sorts problems by file and line, so the split does not show)."""
    docs = all_docs(project)
    count = forkpool.workers() if len(docs) >= SPLIT_FROM else 1

    def share(index: int) -> list[Problem]:
        report = Report()
        check_content_quality(project, report, docs[index * len(docs) // count:(index + 1) * len(docs) // count],
                              spelling=count == 1)
        return report.problems

    def spelling() -> list[Problem]:  # one warning per unknown word: over all files at once
        return spelling_problems(project, content_texts(project, docs))

    jobs = [lambda i=i: share(i) for i in range(count)] + ([spelling] if count > 1 else [])
    return [problem for problems in forkpool.run_forked(jobs) for problem in problems]


class ContentChecks:
    """The content-quality checks of a loaded project, run in a forked process while the build
    computes and renders (they only read the project); :meth:`join` adds their problems."""

    def __init__(self, project: Project):
        def run() -> list[Problem]:
            report = Report()
            check_content_quality(project, report)
            return report.problems

        self.project = project
        self.forked: forkpool.Forked | None = forkpool.Forked(run)

    def join(self, report: Report, strict: bool = False) -> None:
        """Add the problems found to ``report`` (once) and stop the build as ``check`` would."""
        if self.forked is not None:
            for problem in self.forked.result():
                report.add(problem.path, problem.line, problem.column, problem.field, problem.message,
                           problem.severity)
            self.forked = None
        if report.failed(strict):
            raise ValidationFailed(report, strict, building=True)
