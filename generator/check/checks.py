"""Validate stage beyond the schema: identifiers that must exist, duplicates, files, warnings."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..model.content_models import PASSPORT_SECTIONS, is_draft
from ..errors import Report
from ..model.loader import Project, YearData, is_url
from ..model.messages import field_name
from ..model.safepath import MAX_ATTACHMENT_BYTES, MB, UnsafePath
from ..model.yamlsrc import Source
from .plan_checks import check_questionnaires
from ..model.nearmiss import maybe
from .partial import raw_ids, unvalidated_refs


def _duplicates(items: Iterable[tuple[str, tuple[Any, ...]]], src: Source, what: str, report: Report) -> None:
    seen: set[str] = set()
    for ident, loc in items:
        if ident in seen:
            report.error(src.path, src.at(loc), field_name(loc), f"«{ident}» — повторяющийся идентификатор {what}; "
                         "ожидается уникальный")
        seen.add(ident)


def _known(ident: str, known: set[str] | None, src: Source, loc: tuple[Any, ...], field: str,
           where: str, report: Report, draft: bool = False) -> None:
    """Report an id missing from ``known``; ``None`` means the file it lives in is itself broken,
    and it has its own errors already, so every reference to it is not repeated as a new error.
    In a draft (not published) it is a warning: the draft may be written before the data."""
    if known is not None and ident not in known:
        message = f"неизвестный идентификатор «{ident}»{maybe(ident, known)}: {where}"
        if draft:
            report.warning(src.path, src.at(loc), field, f"{message} (черновик: исправьте до публикации)")
        else:
            report.error(src.path, src.at(loc), field, message)


def _need_file(project: Project, rel: str | None, src: Source, loc: tuple[Any, ...], field: str,
               report: Report) -> None:
    if not rel:
        return
    try:
        path = project.files.resolve(rel)
    except UnsafePath as exc:
        report.error(src.path, src.at(loc), field, str(exc))
        return
    if not path.is_file():
        report.error(src.path, src.at(loc), field, f"файл «content/files/{rel}» не найден; "
                     "ожидается путь внутри content/files/")
    elif path.stat().st_size > MAX_ATTACHMENT_BYTES:
        report.error(src.path, src.at(loc), field, f"файл «content/files/{rel}» больше "
                     f"{MAX_ATTACHMENT_BYTES // MB} МБ; ожидается файл меньше — сожмите его или дайте ссылку "
                     "на облачное хранилище")


def _need_content(project: Project, rel: str | None, src: Source, loc: tuple[Any, ...], field: str,
                  report: Report) -> None:
    if not rel or is_url(rel):
        return
    try:
        path = project.content.resolve(rel)
    except UnsafePath as exc:
        report.error(src.path, src.at(loc), field, f"{exc} (например materials/networking.md) или ссылка https://…")
        return
    if not path.is_file():
        report.error(src.path, src.at(loc), field, f"файл «content/{rel}» не найден; ожидается путь внутри "
                     "content/ (например materials/networking.md) или ссылка https://…")


def _check_participants(project: Project, year: YearData, report: Report) -> None:
    if year.participants is None:
        return
    doc, src = year.participants.model, year.participants.src
    people = doc.participants
    _duplicates(((p.id, ("participants", i, "id")) for i, p in enumerate(people)), src, "участника", report)
    for i, person in enumerate(people):
        loc = ("participants", i)
        if "mentor" in person.roles and person.mentor_agreement is None:
            report.warning(src.path, src.at(loc + ("id",)), f"participants[{i + 1}].mentor_agreement",
                           f"у наставника «{person.id}» нет дополнительного соглашения о наставничестве "
                           "(ст. 351.8 ТК РФ, с 01.03.2025); ожидается {number, date}")
        if person.consent.publication and person.consent.processing is None:
            report.warning(src.path, src.at(loc + ("consent",)), f"participants[{i + 1}].consent.processing",
                           "разрешена публикация, но нет даты согласия на обработку — данные не будут "
                           "опубликованы; ожидается дата согласия")
        _need_file(project, person.photo, src, loc + ("photo",), f"participants[{i + 1}].photo", report)


def _check_pairs(year: YearData, people: set[str] | None, report: Report) -> None:
    if year.pairs is None:
        return
    src, pairs = year.pairs.src, year.pairs.model.pairs
    _duplicates(((p.id, ("pairs", i, "id")) for i, p in enumerate(pairs)), src, "пары", report)
    for i, pair in enumerate(pairs):
        for role in ("mentors", "mentees"):
            for j, ident in enumerate(getattr(pair, role)):
                _known(ident, people, src, ("pairs", i, role, j), f"pairs[{i + 1}].{role}",
                       _NO_PERSON.format(year=year.year), report)
        if pair.form == "групповое" and len(pair.mentees) < 2:
            report.warning(src.path, src.at(("pairs", i, "mentees")), f"pairs[{i + 1}].mentees",
                           "в групповой форме ожидается несколько наставляемых")


def _check_events(project: Project, year: YearData, people: set[str] | None, report: Report) -> None:
    if year.events is None:
        return
    src, events = year.events.src, year.events.model.events
    _duplicates(((e.id, ("events", i, "id")) for i, e in enumerate(events)), src, "мероприятия", report)
    for i, event in enumerate(events):
        for field in ("attendees", "participants"):
            for j, ident in enumerate(getattr(event, field, [])):
                _known(ident, people, src, ("events", i, field, j), f"events[{i + 1}].{field}",
                       _NO_PERSON.format(year=year.year), report)
        for j, rel in enumerate(getattr(event, "materials", [])):
            _need_content(project, rel, src, ("events", i, "materials", j), f"events[{i + 1}].materials", report)


def _check_diagnostics(year: YearData, people: set[str] | None, report: Report) -> None:
    if year.diagnostics is None:
        return
    src, diag = year.diagnostics.src, year.diagnostics.model
    competencies = {c.id for c in diag.competencies}
    _duplicates(((c.id, ("competencies", i, "id")) for i, c in enumerate(diag.competencies)), src,
                "компетенции", report)
    _duplicates(((r.id, ("rounds", i, "id")) for i, r in enumerate(diag.rounds)), src, "этапа", report)
    if diag.scale.min >= diag.scale.max:
        report.error(src.path, src.at(("scale",)), "scale", "min должен быть меньше max")
    for i, rnd in enumerate(diag.rounds):
        for j, res in enumerate(rnd.results):
            loc = ("rounds", i, "results", j)
            _known(res.participant, people, src, loc + ("participant",), "participant",
                   _NO_PERSON.format(year=year.year), report)
            for key, score in res.scores.items():
                if key not in competencies:
                    report.error(src.path, src.at(loc + ("scores", key), prefer_key=True), f"scores.{key}",
                                 f"«{key}» — неизвестная компетенция; ожидается одна из: "
                                 f"{', '.join(sorted(competencies))}")
                elif not diag.scale.min <= score <= diag.scale.max:
                    report.error(src.path, src.at(loc + ("scores", key)), f"scores.{key}",
                                 f"балл {score:g} вне шкалы; ожидается от {diag.scale.min:g} до {diag.scale.max:g}")


def _check_roadmap_and_plan(project: Project, year: YearData, rubrics: set[str] | None, report: Report) -> None:
    if year.roadmap is not None:
        src, sections = year.roadmap.src, year.roadmap.model.sections
        locs = [(item.id, ("sections", i, "items", j, "id"))
                for i, s in enumerate(sections) for j, item in enumerate(s.items)]
        _duplicates(locs, src, "пункта дорожной карты", report)
        for i, section in enumerate(sections):
            for j, item in enumerate(section.items):
                _need_content(project, item.evidence, src, ("sections", i, "items", j, "evidence"),
                              "evidence", report)
                if item.status == "done" and item.done_on is None:
                    report.warning(src.path, src.at(("sections", i, "items", j, "status")), "done_on",
                                   f"пункт «{item.id}» выполнен, но не указана дата done_on")
    if year.content_plan is not None:
        src = year.content_plan.src
        for i, item in enumerate(year.content_plan.model.items):
            _known(item.rubric, rubrics, src, ("items", i, "rubric"), f"items[{i + 1}].rubric", _NO_RUBRIC, report)
            _need_content(project, item.post, src, ("items", i, "post"), f"items[{i + 1}].post", report)


_NO_PERSON = "такого участника нет в data/{year}/participants.yaml"
_NO_RUBRIC = "такой рубрики нет в data/school.yaml (rubrics)"
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def _ids(project: Project, year: YearData, filename: str) -> set[str] | None:
    """Ids defined in a year's file: empty if the file is absent, ``None`` if it is broken."""
    cache = year.__dict__.setdefault("_ids", {})  # thousands of practices ask for the same sets
    if filename not in cache:
        cache[filename] = _read_ids(project, year, filename)
    return cache[filename]


def _read_ids(project: Project, year: YearData, filename: str) -> set[str] | None:
    doc = year.doc(filename)
    if doc is None:  # a file that failed the schema still defines the ids it could be read for
        absent = not (project.root / "data" / year.year / filename).is_file()
        return set() if absent else raw_ids(project, f"data/{year.year}/{filename}")
    return {item.id for item in getattr(doc.model, filename.removesuffix(".yaml"))}


def _check_content(project: Project, rubrics: set[str] | None, report: Report) -> None:
    for doc in project.practices:
        meta, src = doc.meta, doc.src
        year = project.years.get(meta.year)
        if year is None:
            report.error(src.path, src.at(("year",)), "year", f"учебного года «{meta.year}» нет в data/")
        else:
            people = _ids(project, year, "participants.yaml")
            for j, author in enumerate(meta.authors):
                _known(author, people, src, ("authors", j), "authors", _NO_PERSON.format(year=meta.year), report,
                       is_draft(meta))
            if meta.pair:
                _known(meta.pair, _ids(project, year, "pairs.yaml"), src, ("pair",), "pair",
                       f"такой пары нет в data/{meta.year}/pairs.yaml", report, is_draft(meta))
        _need_file(project, meta.cover, src, ("cover",), "cover", report)
        for j, rel in enumerate(meta.attachments):
            _need_file(project, rel, src, ("attachments", j), "attachments", report)
        if meta.status != "draft":
            headings = {h.strip().rstrip(".:").lower() for h in _HEADING.findall(doc.body)}
            for section in PASSPORT_SECTIONS:
                if section.lower() not in headings:
                    report.warning(src.path, (doc.body_line, 1), "паспорт практики",
                                   f"нет раздела «{section}»; ожидается заголовок «## {section}»")
    for doc in project.news:
        _known(doc.meta.rubric, rubrics, doc.src, ("rubric",), "rubric", _NO_RUBRIC, report, is_draft(doc.meta))
        _need_file(project, doc.meta.image, doc.src, ("image",), "image", report)
    for doc in project.materials:
        year = project.years.get(doc.meta.year)
        if year is None:
            report.error(doc.src.path, doc.src.at(("year",)), "year", f"учебного года «{doc.meta.year}» нет в data/")
            continue
        _known(doc.meta.event, _ids(project, year, "events.yaml"), doc.src, ("event",), "event",
               f"такого мероприятия нет в data/{doc.meta.year}/events.yaml", report, is_draft(doc.meta))
        for j, rel in enumerate(doc.meta.attachments):
            _need_file(project, rel, doc.src, ("attachments", j), "attachments", report)


def check_project(project: Project, report: Report) -> None:
    """Validate stage: cross-references between files, duplicates and contract warnings."""
    rubrics: set[str] | None = None
    if project.school is not None:
        school, src = project.school.model, project.school.src
        _duplicates(((r.id, ("rubrics", i, "id")) for i, r in enumerate(school.rubrics)), src, "рубрики", report)
        rubrics = {r.id for r in school.rubrics}
        if school.current_year not in project.years:
            report.error(src.path, src.at(("current_year",)), "current_year",
                         f"папки data/{school.current_year}/ нет; ожидается год, для которого есть данные")
    else:
        rubrics = raw_ids(project, "data/school.yaml")
    for year in project.years.values():
        _check_participants(project, year, report)
        people = _ids(project, year, "participants.yaml")
        _check_pairs(year, people, report)
        _check_events(project, year, people, report)
        _check_diagnostics(year, people, report)
        _check_roadmap_and_plan(project, year, rubrics, report)
        check_questionnaires(year, _ids(project, year, "events.yaml"), report)
    _check_content(project, rubrics, report)
    _check_unvalidated(project, rubrics, report)


_NOT_IN = {"participants.yaml": _NO_PERSON, "pairs.yaml": "такой пары нет в data/{year}/pairs.yaml",
           "events.yaml": "такого мероприятия нет в data/{year}/events.yaml", "rubrics": _NO_RUBRIC}


def _check_unvalidated(project: Project, rubrics: set[str] | None, report: Report) -> None:
    """The references of files that failed the schema, checked now rather than after the fix."""
    for ref in unvalidated_refs(project):
        loc = ref.loc[:-1] if isinstance(ref.loc[-1], int) else ref.loc
        if ref.target == "rubrics":
            known = rubrics
        elif ref.year in project.years:
            known = _ids(project, project.years[ref.year], ref.target)
        else:
            if ref.src.path.startswith("content/"):
                report.error(ref.src.path, ref.src.at(("year",)), "year", f"учебного года «{ref.year}» нет в data/")
            continue
        _known(ref.value, known, ref.src, ref.loc, field_name(loc), _NOT_IN[ref.target].format(year=ref.year), report)
