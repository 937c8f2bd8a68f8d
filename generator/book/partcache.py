"""``.build/cache/…``: rendered PDF parts kept as data and checked before every use.

Nothing in ``.build/`` is trusted: it may be left by another version of the tool, cut short by a
full disk, or planted (even force-committed to the school's repository). So a part is stored as
its PDF bytes plus a JSON record — the cache key, the SHA-256 of the bytes, the WeasyPrint and
pypdf versions that made and read it, the page count and what the merge needs of its pages — and
no format that can run code (pickle, marshal, shelve) is read back. A part whose record does not
match is rendered again, and the build says so in one line.

The SHA-256 proves the bytes are those the record was written for (a part cut short never is: the
record is written last). Whether pypdf reads the part with the record's page count is checked
where the part is parsed anyway — by the merge, for a part of the book (pdf.render_collection
renders it again if not) — because parsing only to count pages would cost a warm build of a large
school more than the merge itself (a tenth of a second per part); here a cheap look at both ends of
the file must do. Files of ``.build/`` committed to git are refused (see
:func:`refuse_committed_build_dir`): a forged part with a consistent record would pass every check.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ..errors import BuildError, Report

log = logging.getLogger("nastavnik")

RECORD_LIMIT = 64 << 20  # a record lists anchors and bookmarks of ≤ 20 practices: far below this


@cache
def versions() -> tuple[str, str]:
    """The WeasyPrint and pypdf versions a part is rendered and parsed with (both in every key and record)."""
    import pypdf  # here, not at the top: importing WeasyPrint takes a second `check` and `serve` need not pay
    import weasyprint

    return weasyprint.__version__, pypdf.__version__


@dataclass
class PrintedPart:
    """A rendered job: its PDF file and what the merge needs to know about its pages."""

    path: Path
    pages: int
    heights: list[float] = field(default_factory=list)  # CSS px
    bookmarks: list[list] = field(default_factory=list)  # [page, level, label, x, y, state], CSS px
    anchors: list[list] = field(default_factory=list)  # [name, page, x, y], first occurrence, CSS px
    warnings: list[str] = field(default_factory=list)
    cached: bool = False

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    def report_warnings(self, report: Report, label: str) -> None:
        """WeasyPrint's warnings for this part, as warnings of the build under ``label``."""
        for message in self.warnings:
            report.warning(label, (0, 0), "PDF", message)


class PartRecord(BaseModel):
    """What ``<key>.json`` holds next to ``<key>.pdf``; anything else in the file is refused."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    key: str
    sha256: str
    weasyprint: str
    pypdf: str
    book_part: bool
    pages: int
    heights: list[float]  # CSS px
    bookmarks: list[tuple[int, int, str, float, float, str]]  # page, level, label, x, y, state
    anchors: list[tuple[str, int, float, float]]  # name, page, x, y
    warnings: list[str]

    @model_validator(mode="after")
    def _pages_agree(self) -> "PartRecord":
        if self.pages < 1 or len(self.heights) != self.pages:
            raise ValueError("число страниц не сходится с их высотами")
        if any(not 0 <= item[0] < self.pages for item in self.bookmarks) \
                or any(not 0 <= item[1] < self.pages for item in self.anchors):
            raise ValueError("закладка или якорь указывают на несуществующую страницу")
        return self


class PartCache:
    """One folder of parts (a year's collection or RNC package); each part is written whole or not at all."""

    def __init__(self, folder: Path, what: str = "PDF"):
        self.folder, self.what = folder, what

    def paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.pdf", self.folder / f"{key}.json"

    def get(self, key: str, book_part: bool) -> PrintedPart | None:
        """The cached part for ``key`` if every check passes; None (and an info line) otherwise."""
        pdf, meta = self.paths(key)
        if not meta.exists() and not pdf.exists():
            return None  # never rendered: the usual miss, nothing to say
        record, problem = self._verified(key, book_part, pdf, meta)
        if record is None:
            log.info("  %s: часть из кэша не прошла проверку (%s) — будет свёрстана заново", self.what, problem)
            return None
        return PrintedPart(pdf, record.pages, record.heights, [list(b) for b in record.bookmarks],
                           [list(a) for a in record.anchors], record.warnings, cached=True)

    def _verified(self, key: str, book_part: bool, pdf: Path, meta: Path) -> tuple[PartRecord | None, str]:
        try:
            if meta.stat().st_size > RECORD_LIMIT:
                return None, "запись слишком велика"
            record = PartRecord.model_validate_json(meta.read_bytes())
        except (OSError, ValidationError, ValueError):
            return None, "запись о части повреждена или в чужом формате"
        if record.key != key or record.book_part != book_part:
            return None, "запись относится к другой части"
        if (record.weasyprint, record.pypdf) != versions():
            return None, f"сделана WeasyPrint {record.weasyprint} и pypdf {record.pypdf}, а сейчас " \
                         f"{versions()[0]} и {versions()[1]}"
        try:
            data = pdf.read_bytes()
        except OSError:
            return None, "нет файла PDF"
        if hashlib.sha256(data).hexdigest() != record.sha256:
            return None, "контрольная сумма PDF не совпадает: файл повреждён или подменён"
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            return None, "файл не похож на целый PDF"
        return record, ""

    def put(self, key: str, book_part: bool, part: PrintedPart, data: bytes) -> None:
        """Keep ``data`` (the part's PDF, already at ``part.path``'s name) and its record; the record
        is written last, so a part cut short by a kill or a full disk is never taken for whole."""
        pdf, meta = self.paths(key)
        write_whole(pdf, data)
        weasyprint, pypdf = versions()
        facts = {k: v for k, v in asdict(part).items() if k in ("pages", "heights", "bookmarks", "anchors", "warnings")}
        record = {"key": key, "sha256": hashlib.sha256(data).hexdigest(), "weasyprint": weasyprint, "pypdf": pypdf,
                  "book_part": book_part, **facts}
        write_whole(meta, json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def prune(self, keep: set[str]) -> None:
        """Forget the parts this build did not use (the folder holds one year's documents), and
        anything an older version left (``.pypdf`` snapshots among them)."""
        for path in self.folder.iterdir():
            key = path.name.split(".", 1)[0]
            if key not in keep and (len(key) == 64 or path.name.endswith(".tmp")) or path.suffix == ".pypdf":
                path.unlink(missing_ok=True)


def write_whole(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file and a rename: readers see the old file or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
    except OSError as exc:  # a failed write names no file: name it, for the message of a full disk
        temporary.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    temporary.replace(path)


def refuse_committed_build_dir(root: Path) -> None:
    """Stop when files of ``.build/`` are tracked by git: a cached part committed with its record
    passes every check above, and would be published in place of what the sources say."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", ".build"], capture_output=True,
                                timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return  # no git here: nothing can have been committed through it
    tracked = [name for name in os.fsdecode(listed).split("\0") if name and not name.endswith(".gitignore")]
    if tracked:
        raise BuildError(f"{tracked[0]}: файлы папки .build/ ({len(tracked)}) добавлены в git — кэш из репозитория "
                         "не используется; уберите их: git rm -r --cached .build && git commit")
