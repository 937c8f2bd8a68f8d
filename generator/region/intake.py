"""Intake: every package checked before any of it is kept; a refused package changes nothing, and
the school keeps what was accepted from it before.

A package passes when its manifest meets the published schema, its year matches the year in its
name and is an academic year, no practice id or title comes twice, every PDF it names is there with
the manifest's sha256, size and page count, is tagged and embeds its fonts, and neither the
manifest's texts nor anything a PDF shows (its pages, properties, bookmarks, notes, link addresses,
XMP metadata) hold a phone number, an e-mail other than the school's, or a СНИЛС
(privacy/detectors). An accepted package is kept byte for byte (store.py), and becomes the accepted
one only when the site built from it is published.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildError
from ..forkpool import Counter, TaskFailed, run_forked, shares, workers
from ..privacy.detectors import email_key, find_contacts
from .config import SchoolEntry
from .fetch import Package, Refused, open_package
from .pdfcheck import pdf_facts
from .schema import schema_problems
from .store import keep, unchanged

VERDICT_FORMAT = "2"  # 2: the XMP metadata read too. Bump when a check of a PDF changes: every kept verdict is then made anew
_YEAR_IN_NAME = re.compile(r"(\d{4})-(\d{4})")
PROGRESS_EVERY = 3.0  # seconds at least between two progress lines of the intake
log = logging.getLogger("nastavnik")


@dataclass
class Outcome:
    """What became of one package (a line of dist/intake.json and of the readable report)."""

    school: str
    source: str
    accepted: bool
    year: str | None = None
    practices: int = 0
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _contacts(text: str, email: str, where: str) -> list[str]:
    return [f"{where}: {what} «{raw}» — персональные данные не публикуются; уберите и соберите пакет заново"
            for what, raw in dict.fromkeys(find_contacts(text, email))]


def check_package(package: Package, spec: str, files: dict[str, bytes],
                  verdicts: Path | None = None) -> tuple[dict[str, Any] | None, list[str]]:
    """The manifest and the reasons to refuse (none: accepted); the named PDFs' bytes go into ``files``."""
    try:
        manifest = json.loads(package.manifest.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = f":{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        return None, [f"manifest.json{line}: не JSON в UTF-8 — опись должна быть такой, как её пишет build школы"]
    reasons = schema_problems(manifest)
    if reasons:
        return None, reasons
    year = manifest["year"]
    first, second = map(int, year.split("-"))
    if second != first + 1:
        reasons.append(f"manifest.json, year: «{year}» — не учебный год; ожидается два соседних года, например 2025-2026")
    named = _YEAR_IN_NAME.findall(spec)
    if named and "-".join(named[-1]) != year:
        reasons.append(f"manifest.json, year: «{year}», а пакет назван годом «{'-'.join(named[-1])}»; "
                       "ожидается один учебный год")
    email = manifest["school"]["email"]
    ids: set[str] = set()
    titles: set[str] = set()
    for number, practice in enumerate(manifest["practices"], start=1):
        where = f"manifest.json, practices[{number}]"
        if practice["id"] in ids:
            reasons.append(f"{where}.id: практика «{practice['id']}» указана дважды")
        if practice["title"].casefold() in titles:
            reasons.append(f"{where}.title: название «{practice['title']}» повторяется")
        ids.add(practice["id"])
        titles.add(practice["title"].casefold())
        texts = " \n ".join([practice["title"], practice["summary"], *practice.get("authors", []),
                             *practice["tags"], *practice["subjects"]])
        reasons += _contacts(texts, email, where)
        reasons += _check_pdf(package, practice, email, files, verdicts)
    return manifest, reasons


def _check_pdf(package: Package, practice: dict[str, Any], email: str, files: dict[str, bytes],
               verdicts: Path | None) -> list[str]:
    name = practice["file"]
    try:
        data = package.read(name, practice["sha256"])
    except Refused as exc:
        return [str(exc)]
    if data is None:
        return [f"{name}: файла нет в пакете, а опись его называет"]
    problems = []
    if practice.get("bytes") is not None and len(data) != practice["bytes"]:
        problems.append(f"{name}: размер {len(data)} байт, в описи {practice['bytes']}")
    digest = hashlib.sha256(data).hexdigest()
    if digest != practice["sha256"]:
        problems.append(f"{name}: контрольная сумма sha256 не совпадает с описью — файл изменён после сборки "
                        "или повреждён при передаче")
        return problems
    files[name] = data
    verdict = _verdict(data, digest, email, verdicts)
    if verdict["error"]:
        return problems + [f"{name}: {verdict['error']}"]
    if verdict["pages"] != practice["pages"]:
        problems.append(f"{name}: страниц {verdict['pages']}, в описи {practice['pages']}")
    if not verdict["tagged"]:
        problems.append(f"{name}: PDF без тегов (нет структуры для экранного диктора); ожидается PDF, "
                        "собранный python -m generator build")
    if verdict["unembedded"]:
        problems.append(f"{name}: шрифты не встроены: {', '.join(verdict['unembedded'][:5])}")
    problems += [f"{name}: {what} «{raw}» — персональные данные не публикуются; уберите и соберите пакет заново"
                 for what, raw in verdict["contacts"]]
    problems += [f"{name}: метаданные XMP: {what} «{raw}» — персональные данные не публикуются; уберите их "
                 "в свойствах документа (или соберите PDF заново) и пришлите пакет снова" for what, raw in verdict["xmp"]]
    return problems


def _verdict(data: bytes, digest: str, email: str, verdicts: Path | None) -> dict[str, Any]:
    """What the checks found in a PDF, kept by its sha256 (and the school's e-mail, which is not a
    leak in its own PDFs): the same bytes are never read twice. A record is data, checked on use."""
    key = hashlib.sha256(f"{VERDICT_FORMAT}|{digest}|{email_key(email)}".encode()).hexdigest()
    path = verdicts / f"{key}.json" if verdicts is not None else None
    if path is not None and path.is_file():
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("key") == key and set(kept) == {"key", "pages", "tagged", "unembedded", "contacts", "xmp", "error"}:
                return kept
        except (OSError, ValueError):
            pass  # checked again below
    facts = pdf_facts(data)

    def contacts(text: str) -> list[list[str]]:
        return [] if facts.error else [list(c) for c in dict.fromkeys(find_contacts(text, email))]

    verdict = {"key": key, "pages": facts.pages, "tagged": facts.tagged, "unembedded": facts.unembedded,
               "contacts": contacts(facts.text), "xmp": contacts(facts.xmp), "error": facts.error}
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(verdict, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return verdict


def take_school(root: Path, school: SchoolEntry, cache: Path, store: bool, today: str = "") -> list[Outcome]:
    """Every package of ``school``: checked, and (``store``) the accepted ones kept (see store)."""
    outcomes = []
    for spec in school.packages:
        outcome = Outcome(school.id, spec, accepted=False)
        files: dict[str, bytes] = {}
        raw, fingerprint = b"", None
        try:
            package = open_package(spec, root, cache)
            raw = package.manifest
            fingerprint = f"{VERDICT_FORMAT}|{package.fingerprint}" if package.fingerprint else None
            if unchanged(root, school.id, spec, fingerprint, raw):
                manifest = json.loads(raw)
                outcomes.append(Outcome(school.id, spec, True, manifest["year"], len(manifest["practices"])))
                continue
            manifest, reasons = check_package(package, spec, files, cache.parent / "verdicts")
        except Refused as exc:
            manifest, reasons = None, [str(exc)]
        outcome.reasons = reasons
        if manifest is not None:
            outcome.year, outcome.practices = manifest["year"], len(manifest["practices"])
        if manifest is not None and not reasons:
            outcome.accepted = True
            if store:
                keep(root, school.id, manifest, raw, files, today, spec, fingerprint)
        outcomes.append(outcome)
    return outcomes


class _Progress:
    """«проверено N из M школ» while the schools are checked: every process counts the schools it
    has done (a shared :class:`Counter`), this one tells the count, at most every PROGRESS_EVERY
    seconds and only when it moved (so a quick intake of unchanged packages prints nothing)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.told = total, Counter(), 0
        self.parent, self.started = os.getpid(), time.monotonic()
        self.last = self.started

    def school_done(self) -> None:
        self.done.add()
        self.tell()

    def tell(self) -> None:
        done = self.done.value
        if os.getpid() != self.parent or done == self.told or time.monotonic() - self.last < PROGRESS_EVERY:
            return  # a forked child does not print: the parent tells every process's count
        schools = "школы" if self.total % 10 == 1 and self.total % 100 != 11 else "школ"
        log.info("  проверено %d из %d %s (%.0f с)", done, self.total, schools, time.monotonic() - self.started)
        self.told, self.last = done, time.monotonic()


def run_intake(root: Path, schools: list[SchoolEntry], store: bool, today: str) -> list[Outcome]:
    """Every school's packages, the schools shared between processes (a slow server delays one share)."""
    cache = root / ".build" / "region" / "fetch"
    progress = _Progress(len(schools))
    if len(schools) < 2 or workers() == 1:
        return [o for school in schools for o in _take(root, school, cache, store, today, progress)]
    parts = shares(schools, min(workers(), len(schools)))
    try:
        done = run_forked([_share(root, part, cache, store, today, progress) for part in parts],
                          tick=progress.tell, every=min(PROGRESS_EVERY, 1.0))
    except TaskFailed as exc:
        raise BuildError(f"приём пакетов остановлен: {exc}") from None
    by_school: dict[str, list[Outcome]] = {}
    for outcomes in done:
        for outcome in outcomes:
            by_school.setdefault(outcome.school, []).append(outcome)
    return [o for school in schools for o in by_school.get(school.id, [])]


def _take(root: Path, school: SchoolEntry, cache: Path, store: bool, today: str, progress: _Progress) -> list[Outcome]:
    outcomes = take_school(root, school, cache, store, today)
    progress.school_done()
    return outcomes


def _share(root: Path, part: list[SchoolEntry], cache: Path, store: bool, today: str,  # type: ignore[no-untyped-def]
           progress: _Progress):
    return lambda: [o for school in part for o in _take(root, school, cache, store, today, progress)]
