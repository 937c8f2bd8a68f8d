"""Internal reports of a year (``dist/YEAR/internal/``): the curator's and the head's working tables.

They hold personal data (the registry, per-person diagnostics, consent gaps), so they are written
only to ``dist/`` — never into ``site/`` — and the privacy gate does not treat them as public.
CSV files carry a BOM so that spreadsheet programs open the Cyrillic correctly.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..privacy.consent import Withdrawals
from ..model.data_models import Participant
from ..model.loader import Project
from ..render import STATUS_RU, date_short, deadline_ru
from ..results.compute import YearResults
from ..results.fedstat import federal_form_rows
from ..results.spreadsheet import Table, write_xlsx

README = """Внутренние отчёты {year} учебного года — НЕ ПУБЛИКОВАТЬ.

Здесь персональные данные участников программы наставничества (152-ФЗ): храните эти файлы
так же, как личные дела. На сайт и в итоговый сборник они не попадают.

Каждая таблица — в двух видах: .xlsx (открывается в Excel и LibreOffice) и .csv (для программ).

registry.csv           реестр участников программы наставничества
young_specialists.csv  реестр молодых специалистов
diagnostics.csv        диагностика каждого участника по этапам, сравнительная таблица изменений
gaps.csv               нет согласия на обработку ПДн, согласие отозвано (в любом году: тогда участник
                       во всех годах показан по роли), нет доп. соглашения наставника
overdue.csv            просроченные позиции дорожной карты на {date}
statistics.csv         показатели для формы федерального статистического наблюдения и отчёта в РНЦ:
                       участники по ролям, молодые специалисты, пары по формам, доп. соглашения
"""


ROLE_RU = {"mentor": "наставник", "mentee": "наставляемый", "curator": "куратор", "expert": "эксперт"}
CATEGORY_RU = {"name": "ФИО", "position": "должность", "subjects": "предметы", "photo": "фотография",
               "experience": "стаж"}


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def _person_row(person: Participant, pairs: dict[str, list[str]]) -> list[object]:
    agreement = person.mentor_agreement
    consent = person.consent
    return [person.id, person.name, person.position, "; ".join(person.subjects), person.experience_years,
            "да" if person.young_specialist else "нет", ", ".join(ROLE_RU.get(r, r) for r in person.roles),
            date_short(person.joined), ", ".join(pairs.get(person.id, [])),
            f"№ {agreement.number} от {date_short(agreement.date)}" if agreement else "",
            date_short(consent.processing) if consent.processing else "",
            ", ".join(CATEGORY_RU.get(c, c) for c in consent.publication or []),
            date_short(consent.withdrawn) if consent.withdrawn else ""]


REGISTRY_HEADER = ["код участника", "ФИО", "должность", "предметы", "стаж, лет", "молодой специалист", "роли",
                   "включён в программу", "пары", "доп. соглашение (ст. 351.8 ТК РФ)", "согласие на обработку ПДн",
                   "разрешено публиковать", "согласие отозвано"]


def internal_reports(project: Project, year: str, results: YearResults) -> dict[str, str]:
    """File name → text of every internal report of ``year`` (the CSV files and README.txt)."""
    files = {"README.txt": README.format(year=year, date=date_short(results.build_date))}
    files.update({name: _csv(table.header, table.rows) for name, table in internal_tables(project, year, results).items()})
    return files


def internal_tables(project: Project, year: str, results: YearResults) -> dict[str, Table]:
    """CSV file name → the table of every internal report of ``year``, in Russian headers and values."""
    data = project.years[year]
    people = data.participants.model.participants if data.participants else []
    pairs_of: dict[str, list[str]] = {}
    for number, pair in enumerate(data.pairs.model.pairs if data.pairs else [], start=1):
        for ident in pair.mentors + pair.mentees:  # numbered as on the site: «Пара 1»
            pairs_of.setdefault(ident, []).append(f"Пара {number} ({pair.id})")
    withdrawals = Withdrawals({y: d.participants.model.participants if d.participants else []
                               for y, d in project.years.items()})
    files: dict[str, Table] = {}
    files["registry.csv"] = Table(REGISTRY_HEADER, [_person_row(p, pairs_of) for p in people])
    files["young_specialists.csv"] = Table(REGISTRY_HEADER, [_person_row(p, pairs_of) for p in people
                                                              if p.young_specialist])
    files["diagnostics.csv"] = _diagnostics(project, year)
    gaps = []
    for person in people:
        if person.consent.processing is None:
            gaps.append([person.id, person.name, "нет согласия на обработку персональных данных"])
        withdrawal = withdrawals.of(person)
        if withdrawal:
            # Withdrawal is global: the person is shown by role in every year's public outputs.
            where = "" if withdrawal.year == year else f" (в данных {withdrawal.year} учебного года)"
            gaps.append([person.id, person.name, f"согласие отозвано {date_short(withdrawal.on)}{where}: "
                         "во всех годах на сайте и в сборниках показан по роли без имени"])
        if "mentor" in person.roles and person.mentor_agreement is None:
            gaps.append([person.id, person.name, "наставник без дополнительного соглашения (ст. 351.8 ТК РФ)"])
    files["gaps.csv"] = Table(["код участника", "ФИО", "что отсутствует"], gaps)
    number = {id(row): n for n, row in enumerate(results.roadmap, start=1)}  # the site's numbering
    files["overdue.csv"] = Table(["№", "код позиции", "раздел", "мероприятие", "срок", "ответственный", "статус"], [
        [number[id(row)], row.item.id, row.section, row.item.content, deadline_ru(row.item.deadline),
         row.item.responsible, STATUS_RU.get(row.item.status, row.item.status)] for row in results.overdue])
    files["statistics.csv"] = Table(["показатель", "значение"], federal_form_rows(project, year, results))
    return files


def _diagnostics(project: Project, year: str) -> Table:
    """Per person and competency: the score of each round and the change from the first to the last."""
    diag = project.years[year].diagnostics
    if diag is None:
        return Table(["код участника", "компетенция"], [])
    rounds = sorted(diag.model.rounds, key=lambda r: r.date)
    names = {p.id: p.name for p in project.years[year].participants.model.participants} \
        if project.years[year].participants else {}
    header = ["код участника", "ФИО", "компетенция", *[f"{r.title} ({date_short(r.date)})" for r in rounds], "изменение"]
    scores = {(r.id, res.participant): res.scores for r in rounds for res in r.results}
    people = sorted({res.participant for r in rounds for res in r.results})
    rows = []
    for ident in people:
        for comp in diag.model.competencies:
            values = [scores.get((r.id, ident), {}).get(comp.id) for r in rounds]
            known = [v for v in values if v is not None]
            change = round(known[-1] - known[0], 2) if len(known) >= 2 else None
            rows.append([ident, names.get(ident, ""), comp.title, *values, change])
    return Table(header, rows)


def write_internal(project: Project, year: str, results: YearResults, out: Path) -> list[str]:
    """Write the internal reports into ``out`` (``dist/YEAR/internal/``), each table as CSV and as
    XLSX (a curator opens them in Excel or LibreOffice); returns the file names."""
    out.mkdir(parents=True, exist_ok=True)
    files = internal_reports(project, year, results)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    for name, table in internal_tables(project, year, results).items():
        xlsx = name.removesuffix(".csv") + ".xlsx"
        write_xlsx(out / xlsx, table, results.build_date)
        files[xlsx] = ""
    return sorted(files)
