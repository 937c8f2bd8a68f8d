"""Problems found in a school's repository, and the small exception tree the CLI catches once.

Every stage reports what it finds into a :class:`Report` instead of raising at the first
mistake, so that a teacher sees all problems of a contribution at once (as MkDocs collects
its config errors before aborting).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

log = logging.getLogger("nastavnik")


class Severity(str, Enum):
    ERROR = "ошибка"
    WARNING = "предупреждение"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as ``path:line:column: field: message``."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        subject = f" {self.field}:" if self.field else ""
        return f"{where}:{subject} {self.message}"


@dataclass
class Report:
    """Collects problems from every stage; the build decides at the end whether to stop."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int, column: int, field_: str, message: str,
            severity: Severity = Severity.ERROR) -> None:
        problem = Problem(str(path), line, column, field_, message, severity)
        if problem not in self.problems:
            self.problems.append(problem)

    def error(self, path: str | Path, pos: tuple[int, int], field_: str, message: str) -> None:
        self.add(path, pos[0], pos[1], field_, message, Severity.ERROR)

    def warning(self, path: str | Path, pos: tuple[int, int], field_: str, message: str) -> None:
        self.add(path, pos[0], pos[1], field_, message, Severity.WARNING)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity is Severity.WARNING)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def log_all(self) -> None:
        """Log every problem, errors first, sorted by file and line."""
        for problem in self.errors:
            log.error("%s", problem)
        for problem in self.warnings:
            log.warning("%s", problem)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured_warnings(logger_name: str) -> Iterator[list[str]]:
    """Collect a library's warnings (MkDocs, WeasyPrint) instead of letting it print English lines;
    the caller turns them into problems of the report."""
    collector = _Collector()
    logger = logging.getLogger(logger_name)
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


class NastavnikError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1


class ValidationFailed(NastavnikError):
    """The repository has errors (or warnings under ``--strict``); the report says which."""

    def __init__(self, report: Report, strict: bool = False, building: bool = False):
        self.report = report
        n_err, n_warn = len(report.errors), len(report.warnings)
        what = f"ошибок: {n_err}" + (f", предупреждений: {n_warn} (режим --strict)" if strict and n_warn else "")
        tail = " Ничего не опубликовано: прежние site/ и dist/ не изменены." if building else ""
        super().__init__(f"Проверка не пройдена — {what}.{tail}")


class BuildError(NastavnikError):
    """A stage after validation failed (MkDocs, WeasyPrint, writing outputs)."""


class UsageError(NastavnikError):
    """The command was called wrongly (unknown year, missing repository)."""

    exit_code = 2
