"""Problems found in a school's repository, and the small exception tree the CLI catches once.

Every stage reports what it finds into a :class:`Report` instead of raising at the first
mistake, so that a teacher sees all problems of a contribution at once (as MkDocs collects
its config errors before aborting).
"""
from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

log = logging.getLogger("nastavnik")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        return f"предупреждение: {message}" if record.levelno == logging.WARNING else message


def setup_logging(verbose: bool = False) -> None:
    """Every message of the tool goes to stderr as one Russian line (a warning says so)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False


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
    """Collects problems from every stage; the build decides at the end whether to stop.

    Problems are kept in a dict keyed by the problem itself (insertion-ordered): adding one is
    constant time, so a regional collection with tens of thousands of findings stays linear."""

    _found: dict[Problem, None] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        """Every distinct problem, in the order it was first reported."""
        return list(self._found)

    def add(self, path: str | Path, line: int, column: int, field_: str, message: str,
            severity: Severity = Severity.ERROR) -> None:
        self._found.setdefault(Problem(str(path), line, column, field_, message, severity))

    def error(self, path: str | Path, pos: tuple[int, int], field_: str, message: str) -> None:
        self.add(path, pos[0], pos[1], field_, message, Severity.ERROR)

    def warning(self, path: str | Path, pos: tuple[int, int], field_: str, message: str) -> None:
        self.add(path, pos[0], pos[1], field_, message, Severity.WARNING)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self._found if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self._found if p.severity is Severity.WARNING)

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


class MachineFault(NastavnikError):
    """The machine refused, not the repository: a full disk, a read-only or forbidden folder, a
    file in the way of an output. Exit code 3 (1: the repository has errors, 2: the command)."""

    exit_code = 3


_MACHINE = {  # errno: what happened, what to do
    errno.ENOSPC: ("на диске нет места", "освободите место (папку .build/cache можно удалить: это кэш, "
                   "он создаётся заново) и повторите"),
    errno.EDQUOT: ("исчерпана дисковая квота пользователя", "освободите место или увеличьте квоту и повторите"),
    errno.EFBIG: ("файл больше, чем разрешает система", "снимите ограничение (ulimit -f) и повторите"),
    errno.EROFS: ("папка только для чтения (файловая система смонтирована без записи)",
                  "смонтируйте её для записи или соберите в копии репозитория, где писать можно"),
    errno.EACCES: ("нет прав на запись", "дайте пользователю сборки права на эту папку (chmod, chown) и повторите"),
    errno.EPERM: ("изменение запрещено (права или атрибут «неизменяемый»)",
                  "снимите запрет (chmod, chown, chattr -i) и повторите"),
    errno.EIO: ("ошибка ввода-вывода диска", "проверьте диск и повторите"),
    errno.EXDEV: ("папки вывода и .build/ на разных дисках", "держите site/, dist/ и .build/ на одном диске"),
}


def machine_fault(exc: OSError, root: Path | None = None) -> MachineFault | None:
    """The CLI's message for an ``OSError`` of the machine, naming the folder (the repository's
    ``root`` when the error names no file: a failed write does not); None for any other error (a
    bug, which keeps its traceback)."""
    if exc.errno not in _MACHINE:
        return None
    what, todo = _MACHINE[exc.errno]
    where = exc.filename2 if exc.errno == errno.EXDEV and exc.filename2 else exc.filename or root
    folder = ""
    if where:
        path = Path(os.fsdecode(where))
        folder = f"{path if path.is_dir() else path.parent}: "
    return MachineFault(f"{folder}{what}, {todo}. Опубликованные site/ и dist/ не изменены.")
