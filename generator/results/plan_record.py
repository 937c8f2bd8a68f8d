"""The plan's documents and events of one year, as public text (results stage).

One model feeds the site's «События и документы» page and section 1 of the collection, so both say
the same: the orders (pairs fixed, individual plans approved), the pedagogical council with its
attendance and protocol, training, networking, the business game and the general meetings with
attendance against their dates, contests with level and result, the pairs' meetings against
«первые встречи до 25.09», the registry of potential mentors and the questionnaires' aggregated
answers.

Consent rules apply (consent.Registry): a person is named only with consent, otherwise by role; a
pair is «Пара 1 · педагог–педагог», never by its id. Nothing per person is published beyond that.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..privacy.consent import Registry
from ..model.data_models import Document, Pair
from ..model.loader import Project
from ..render import LEVEL_RU
from .compute import FIRST_MEETINGS, YearResults

# The dates the plan sets for the general events, as (month, day, year offset from the first year).
PLAN_DUES = {"networking": (8, 31, 0), "business_game": (12, 25, 0), "pedagogical_council": (10, 1, 0)}
ATTENDED_KINDS = ("networking", "pedagogical_council", "training", "business_game", "meeting")


def pair_label(number: int, pair: Pair) -> str:
    """«Пара 1 · педагог–педагог»: numbered in the order of pairs.yaml, never by the id."""
    return f"Пара {number} · {pair.form}"


def _doc(kind: str, document: Document) -> str:
    return f"{kind} № {document.number} от {document.date:%d.%m.%Y}"


@dataclass
class OrderEntry:
    title: str  # «Приказ № 145-о от 29.08.2025»
    about: str  # «о закреплении наставнических пар»
    date: date
    pairs: list[str]


@dataclass
class EventEntry:
    kind: str
    title: str
    date: date
    due: date | None  # the plan's date
    attended: int | None  # participants of the programme who came (council: staff present)
    of: int | None  # … out of
    details: list[str] = field(default_factory=list)

    @property
    def on_time(self) -> bool | None:
        return None if self.due is None else self.date <= self.due

    @property
    def percent(self) -> float | None:
        return 100 * self.attended / self.of if self.attended is not None and self.of else None


@dataclass
class ContestEntry:
    title: str
    date: date
    level: str
    people: str  # names with consent, roles otherwise
    count: int
    result: str


@dataclass
class PairMeetings:
    label: str
    first: dict[str, date | None]  # kind → date of the first such meeting
    working: int
    final: date | None
    first_on_time: bool


@dataclass
class AnswerRow:
    text: str
    count: int
    percent: float | None


@dataclass
class QuestionRow:
    text: str
    multiple: bool
    answers: list[AnswerRow]


@dataclass
class QuestionnaireEntry:
    title: str
    date: date
    event: str | None
    respondents: int
    questions: list[QuestionRow]


@dataclass
class PlanRecord:
    year: str
    orders: list[OrderEntry] = field(default_factory=list)
    events: list[EventEntry] = field(default_factory=list)
    contests: list[ContestEntry] = field(default_factory=list)
    meetings: list[PairMeetings] = field(default_factory=list)
    first_meetings_by: date | None = None
    potential_mentors: int = 0
    potential_became_mentors: int = 0
    questionnaires: list[QuestionnaireEntry] = field(default_factory=list)

    @property
    def first_meetings_done(self) -> int:
        return sum(1 for m in self.meetings if m.first_on_time)

    @property
    def empty(self) -> bool:
        return not (self.orders or self.events or self.contests or self.meetings or self.potential_mentors
                    or self.questionnaires)


def _orders(pairs: list[Pair]) -> list[OrderEntry]:
    found: dict[tuple[str, str, date], OrderEntry] = {}
    for number, pair in enumerate(pairs, 1):
        for document, about in ((pair.order, "о закреплении наставнических пар и групп"),
                                (pair.plan.approval_order, "об утверждении индивидуальных планов")):
            if document is not None:
                key = (about, document.number, document.date)
                entry = found.setdefault(key, OrderEntry(_doc("Приказ", document), about, document.date, []))
                entry.pairs.append(pair_label(number, pair))
    return sorted(found.values(), key=lambda o: (o.date, o.title))


def _event(kind: str, event, first_year: int, mentoring: set[str], staff_total: int) -> EventEntry:  # noqa: ANN001
    due = event.due
    if due is None and kind in PLAN_DUES:
        month, day, offset = PLAN_DUES[kind]
        due = date(first_year + offset, month, day)
    if kind == "pedagogical_council":
        entry = EventEntry(kind, event.title, event.date, due, event.staff_present, staff_total)
        if event.protocol:
            entry.details.append(_doc("Протокол", event.protocol))
        return entry
    attendees = set(event.attendees)
    entry = EventEntry(kind, event.title, event.date, due, len(attendees & mentoring) if kind != "training"
                       else len(attendees), len(mentoring) if kind != "training" else None)
    if kind == "training":
        entry.details.append(f"{event.group}: занятий — {event.sessions}, приглашённых экспертов — {len(event.experts)}")
    return entry


def build_record(project: Project, year: str, results: YearResults, registry: Registry) -> PlanRecord:
    """The year's documents and events with the consent rules applied (see the module docstring)."""
    data = project.years[year]
    first_year = int(year[:4])
    people = data.participants.model.participants if data.participants else []
    staff_total = data.participants.model.staff_total if data.participants else 0
    mentoring = {p.id for p in people if {"mentor", "mentee"} & set(p.roles)}
    pairs = data.pairs.model.pairs if data.pairs else []
    record = PlanRecord(year, orders=_orders(pairs))
    events = sorted(data.events.model.events if data.events else [], key=lambda e: (e.date, e.id))
    for event in events:
        if event.kind in ATTENDED_KINDS:
            record.events.append(_event(event.kind, event, first_year, mentoring, staff_total))
        elif event.kind == "contest":
            record.contests.append(ContestEntry(event.title, event.date, LEVEL_RU[event.level],
                                                registry.labels(event.participants), len(set(event.participants)),
                                                event.result))
    record.first_meetings_by = date(first_year, 9, 25)
    for number, pair in enumerate(pairs, 1):
        dates = {kind: min((m.date for m in pair.meetings if m.kind == kind), default=None) for kind in FIRST_MEETINGS}
        on_time = all(d is not None and d <= record.first_meetings_by for d in dates.values())
        record.meetings.append(PairMeetings(pair_label(number, pair), dates,
                                            sum(1 for m in pair.meetings if m.kind == "рабочая"),
                                            max((m.date for m in pair.meetings if m.kind == "итоговая"), default=None),
                                            on_time))
    potential = [p for p in people if p.potential_mentor or "candidate" in p.roles]
    record.potential_mentors = len(potential)
    record.potential_became_mentors = sum(1 for p in potential if "mentor" in p.roles)
    titles = {e.id: e.title for e in events}
    for q in sorted(data.questionnaires.model.questionnaires if data.questionnaires else [], key=lambda q: q.date):
        rows = [QuestionRow(question.text, question.multiple,
                            [AnswerRow(a.text, a.count, 100 * a.count / q.respondents if q.respondents else None)
                             for a in question.answers]) for question in q.questions]
        record.questionnaires.append(QuestionnaireEntry(q.title, q.date, titles.get(q.event or ""), q.respondents, rows))
    return record
