"""Compute stage: the year's results against every target of the annual plan (SPEC, results table)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..model.data_models import RoadmapItem
from ..model.fieldtypes import academic_year_bounds
from ..model.loader import Project, YearData
from ..render import agree, date_short, deadline_ru
from ..privacy.consent import Withdrawals
from .deadlines import ROMAN, Due, days_late, missed_quarters, resolve, school_quarters
from .paired import CompetencyChange, DiagnosticsGroup, competency_changes, diagnostics_groups

Status = Literal["met", "not_met", "no_data"]

# (wording from the plan, default target, unit). Percent targets are in percent.
TARGETS: dict[str, tuple[str, float, str]] = {
    "coverage": ("Количество участников, охваченных системой наставничества, — не менее 10 % "
                 "педагогических работников", 10, "%"),
    "consent": ("Оформлены согласия на обработку персональных данных у 100 % участников (до 20.09)", 100, "%"),
    "pairs_formed": ("Наставнические пары сформированы в срок (до 31.08)", 100, "%"),
    "plans_approved": ("Индивидуальные планы утверждены в срок (до 25.09)", 100, "%"),
    "first_meetings": ("Первые организационные встречи в парах проведены в срок (до 25.09)", 100, "%"),
    "plans_done": ("Индивидуальные планы реализованы не менее чем на 90 %", 90, "%"),
    "plans_participation": ("В реализации индивидуальных планов приняли участие 100 % участников", 100, "%"),
    "training_experts": ("Привлечено не менее 5 экспертов для обучения наставников", 5, ""),
    "training_sessions": ("Проведено не менее 3 образовательных занятий для каждой группы", 3, ""),
    "business_game": ("В деловой игре «Твой результат – мои возможности» приняло участие не менее 90 % "
                      "участников", 90, "%"),
    "council": ("В педагогическом совете приняло участие не менее 90 % педагогического состава", 90, "%"),
    "diagnostics": ("Диагностика раз в четверть пройдена 100 % участников", 100, "%"),
    "rubrics": ("Создано не менее 2 специальных рубрик", 2, ""),
    "publications": ("Не менее 3 публикаций о реализации модели наставничества", 3, ""),
    "representatives": ("Не менее 3 представителей школы приняли участие в региональных и всероссийских "
                        "событиях", 3, ""),
    "roadmap": ("Выполнено 100 % позиций дорожной карты", 100, "%"),
    "roadmap_on_time": ("Реализовано 100 % мероприятий, закреплённых за учреждением, в установленные сроки", 100, "%"),
}
# The plan's organisational meetings of a pair, all due by 25.09 (roadmap: «первые встречи»).
FIRST_MEETINGS = ("знакомство", "пробная", "планирование")


@dataclass
class Target:
    id: str
    wording: str
    target: float
    unit: str
    actual: float | None
    status: Status
    detail: str
    source: str


@dataclass
class PairProgress:
    id: str
    form: str
    done: int
    total: int

    @property
    def percent(self) -> float | None:
        return 100 * self.done / self.total if self.total else None


@dataclass
class RoundCoverage:
    id: str
    title: str
    date: date
    covered: int
    expected: int


@dataclass
class RoadmapRow:
    section: str
    item: RoadmapItem
    overdue: bool
    due: Due = field(default_factory=lambda: Due("text", None))
    late_days: int | None = None  # done after the deadline, by this many days
    missed_quarters: list[int] = field(default_factory=list)  # quarterly items: quarters without a round

    @property
    def on_time(self) -> bool:
        return self.item.status == "done" and self.late_days is None

    @property
    def due_text(self) -> str:
        """The deadline as the plan wrote it, and how it is read when it is not a date."""
        note = self.due.note()
        return f"{deadline_ru(self.item.deadline)} — {note}" if note else deadline_ru(self.item.deadline)

    @property
    def status_text(self) -> str:
        """«выполнено», «выполнено с опозданием (5 дн.)», «выполняется» …"""
        words = {"planned": "запланировано", "in_progress": "выполняется", "done": "выполнено",
                 "cancelled": "отменено"}[self.item.status]
        if self.late_days is not None:
            words += f" с опозданием ({self.late_days} дн.)"
        return words

    @property
    def missed_text(self) -> str:
        return ", ".join(ROMAN[q - 1] for q in self.missed_quarters)


@dataclass
class YearResults:
    year: str
    build_date: date
    targets: list[Target] = field(default_factory=list)
    pairs: list[PairProgress] = field(default_factory=list)
    rounds: list[RoundCoverage] = field(default_factory=list)
    competencies: list[CompetencyChange] = field(default_factory=list)
    diagnostics_groups: list[DiagnosticsGroup] = field(default_factory=list)
    roadmap: list[RoadmapRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> list[RoadmapRow]:
        return [row for row in self.roadmap if row.overdue]

    def target(self, ident: str) -> Target:
        return next(t for t in self.targets if t.id == ident)


def _pct(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


class _Calc:
    """Collects targets for one year; each method reads one data file."""

    def __init__(self, project: Project, data: YearData, build_date: date):
        self.project, self.data, self.today = project, data, build_date
        self.res = YearResults(data.year, build_date)
        overrides = data.roadmap.model.targets if data.roadmap else {}
        self.goal = {key: overrides.get(key, spec[1]) for key, spec in TARGETS.items()}
        people = data.participants.model.participants if data.participants else []
        self.people = people
        self.staff_total = data.participants.model.staff_total if data.participants else 0
        self.mentoring = {p.id for p in people if {"mentor", "mentee"} & set(p.roles)}
        self.first_year = int(data.year[:4])

    def add(self, ident: str, actual: float | None, detail: str, source: str, met: bool | None = None) -> None:
        wording, _, unit = TARGETS[ident]
        goal = self.goal[ident]
        if actual is None:
            status: Status = "no_data"
        else:
            status = "met" if (actual >= goal - 1e-9 if met is None else met) else "not_met"
        if not source.startswith(("data/", "content/")):
            source = f"data/{self.data.year}/{source}"
        self.res.targets.append(Target(ident, wording, goal, unit, actual, status, detail, source))

    def participants(self) -> None:
        n_m = len(self.mentoring)
        self.add("coverage", _pct(n_m, self.staff_total) if self.people else None,
                 f"{n_m} из {agree(self.staff_total, 'педагог', 'gent')}", "participants.yaml: роли mentor/mentee ÷ staff_total")
        # On the plan's date and now; a consent withdrawn by then (in any year's data) is not a consent.
        withdrawals = Withdrawals({y: d.participants.model.participants if d.participants else []
                                   for y, d in self.project.years.items()})
        plan_date = date(self.first_year, 9, 20)

        def given(on: date) -> int:
            count = 0
            for person in self.people:
                withdrawn = person.consent.withdrawn or getattr(withdrawals.of(person), "on", None)
                if person.consent.processing and person.consent.processing <= on and not (withdrawn and withdrawn <= on):
                    count += 1
            return count

        on_plan, now, total = given(min(plan_date, self.today)), given(self.today), len(self.people)
        self.res.counts.update(consent_on_plan_date=on_plan, consent_now=now)
        self.add("consent", _pct(on_plan, total), f"на {date_short(plan_date)}: {on_plan} из {total}; на "
                 f"{date_short(self.today)}: {now} из {total} (отозванные согласия не учтены)",
                 "participants.yaml: consent.processing ≤ 20.09, consent.withdrawn")

    def pairs(self) -> None:
        pairs = self.data.pairs.model.pairs if self.data.pairs else []
        formed_by, approved_by = date(self.first_year, 8, 31), date(self.first_year, 9, 25)
        on_time = sum(1 for p in pairs if p.formed <= formed_by)
        self.add("pairs_formed", _pct(on_time, len(pairs)), f"{on_time} из {agree(len(pairs), 'пара', 'gent')} до "
                 f"{formed_by:%d.%m.%Y}", "pairs.yaml: formed")
        approved = sum(1 for p in pairs if p.plan.approved and p.plan.approved <= approved_by)
        self.add("plans_approved", _pct(approved, len(pairs)), f"{approved} из {agree(len(pairs), 'план', 'gent')} до "
                 f"{approved_by:%d.%m.%Y}", "pairs.yaml: plan.approved")
        first_by = date(self.first_year, 9, 25)
        met_first = sum(1 for p in pairs if all(any(m.kind == kind and m.date <= first_by for m in p.meetings)
                                                for kind in FIRST_MEETINGS))
        self.add("first_meetings", _pct(met_first, len(pairs)), f"{met_first} из {len(pairs)} пар провели встречи "
                 f"({', '.join(FIRST_MEETINGS)}) до {first_by:%d.%m.%Y}", "pairs.yaml: meetings")
        self.res.pairs = [PairProgress(p.id, p.form, sum(i.done for i in p.plan.items), len(p.plan.items))
                          for p in pairs]
        done, total = sum(p.done for p in self.res.pairs), sum(p.total for p in self.res.pairs)
        self.add("plans_done", _pct(done, total), f"выполнено {done} из {agree(total, 'пункт', 'gent')} планов",
                 "pairs.yaml: plan.items[].done")
        active = {ident for p in pairs if any(i.done for i in p.plan.items) for ident in p.mentors + p.mentees}
        took_part = len(active & self.mentoring)
        self.add("plans_participation", _pct(took_part, len(self.mentoring)) if pairs else None,
                 f"{took_part} из {agree(len(self.mentoring), 'участник', 'gent')}", "pairs.yaml: участники пар с выполненными пунктами")

    def events(self) -> None:
        events = self.data.events.model.events if self.data.events else []
        trainings = [e for e in events if e.kind == "training"]
        experts = {name for e in trainings for name in e.experts}
        self.add("training_experts", float(len(experts)) if trainings else None, agree(len(experts), "эксперт"),
                 "events.yaml: training.experts")
        groups: dict[str, int] = {}
        for event in trainings:
            groups[event.group] = groups.get(event.group, 0) + event.sessions
        fewest = min(groups.values()) if groups else None
        self.add("training_sessions", float(fewest) if groups else None,
                 "; ".join(f"{g}: {n}" for g, n in sorted(groups.items())) or "нет групп",
                 "events.yaml: training.sessions по группам (наименьшее)")
        games = [e for e in events if e.kind == "business_game"]
        came = {a for e in games for a in e.attendees} & self.mentoring
        self.add("business_game", _pct(len(came), len(self.mentoring)) if games else None,
                 f"{len(came)} из {agree(len(self.mentoring), 'участник', 'gent')}" if games else "деловая игра ещё не проведена", "events.yaml: business_game.attendees")
        councils = [e for e in events if e.kind == "pedagogical_council"]
        present = max((e.staff_present for e in councils), default=0)
        self.add("council", _pct(present, self.staff_total) if councils else None,
                 f"{present} из {agree(self.staff_total, 'педагог', 'gent')}", "events.yaml: pedagogical_council.staff_present")
        contests = [e for e in events if e.kind == "contest"]
        reps = {p for e in contests if e.level in ("regional", "federal") for p in e.participants}
        self.add("representatives", float(len(reps)) if contests else None, agree(len(reps), "представитель"),
                 "events.yaml: contest (regional, federal).participants")
        self.res.counts.update({f"events_{kind}": sum(1 for e in events if e.kind == kind)
                                for kind in ("networking", "business_game", "pedagogical_council", "training",
                                             "contest", "meeting")})

    def diagnostics(self) -> None:
        diag = self.data.diagnostics.model if self.data.diagnostics else None
        rounds = sorted(diag.rounds, key=lambda r: r.date) if diag else []
        for rnd in rounds:
            covered = len({r.participant for r in rnd.results} & self.mentoring)
            self.res.rounds.append(RoundCoverage(rnd.id, rnd.title, rnd.date, covered, len(self.mentoring)))
        if diag:  # paired: the change of the people present in the first and the last round
            self.res.competencies = competency_changes(diag, rounds)
            self.res.diagnostics_groups = diagnostics_groups(diag, rounds, self.people)
        elapsed = [q for q in school_quarters(self.data.year) if q[1] < self.today]
        missed = [q for q in elapsed if not any(q[0] <= r.date <= q[1] for r in rounds)]
        worst = min((_pct(r.covered, r.expected) or 0 for r in self.res.rounds), default=None)
        parts = [f"{r.title}: {r.covered} из {r.expected}" for r in self.res.rounds]
        if missed:
            parts.append(f"четвертей без диагностики: {len(missed)} из {agree(len(elapsed), 'прошедшая', 'gent')}")
        detail = "; ".join(parts)
        met = worst is not None and worst >= self.goal["diagnostics"] and not missed
        self.add("diagnostics", worst if rounds else None, detail or "этапов нет",
                 "diagnostics.yaml: rounds[].results", met=met)

    def publications(self) -> None:
        school = self.project.school.model if self.project.school else None
        n_rubrics = len(school.rubrics) if school else 0
        self.add("rubrics", float(n_rubrics), agree(n_rubrics, "рубрика"), "data/school.yaml: rubrics")
        start, end = academic_year_bounds(self.data.year)
        published = [n for n in self.project.news if start <= n.meta.date <= min(end, self.today)]
        self.add("publications", float(len(published)), agree(len(published), "публикация"),
                 "content/news/*.md: date в пределах учебного года")
        self.res.counts["news"] = len(published)

    def roadmap(self) -> None:
        roadmap = self.data.roadmap.model if self.data.roadmap else None
        diag = self.data.diagnostics.model if self.data.diagnostics else None
        rounds = [r.date for r in diag.rounds] if diag else []
        for section in roadmap.sections if roadmap else []:
            for item in section.items:
                due = resolve(item, self.data.year, roadmap.period if roadmap else None)
                missed = missed_quarters(due, rounds, self.today) if due.kind == "quarterly" else []
                open_ = item.status not in ("done", "cancelled")
                late = open_ and (due.date is not None and due.date < self.today or bool(missed))
                self.res.roadmap.append(RoadmapRow(section.title, item, late, due, days_late(item, due), missed))
        active = [r for r in self.res.roadmap if r.item.status != "cancelled"]
        done = sum(1 for r in active if r.item.status == "done")
        late_done = sum(1 for r in active if r.late_days is not None)
        detail = f"выполнено {done} из {len(active)}; просрочено {len(self.res.overdue)}"
        if late_done:
            detail += f"; выполнено с опозданием {late_done}"
        self.add("roadmap", _pct(done, len(active)), detail, "roadmap.yaml: status")
        # «В установленные сроки»: of the items whose deadline has come (or that are done), done on time.
        due_now = [r for r in active if r.item.status == "done" or (r.due.date is not None and r.due.date < self.today)
                   or r.overdue]
        on_time = sum(1 for r in due_now if r.on_time)
        self.add("roadmap_on_time", _pct(on_time, len(due_now)), f"в срок {on_time} из {len(due_now)} позиций, "
                 "срок которых наступил или которые выполнены", "roadmap.yaml: deadline, done_on")

    def counts(self) -> None:
        roles = lambda role: sum(1 for p in self.people if role in p.roles)  # noqa: E731
        practices = [d for d in self.project.practices if d.meta.year == self.data.year and d.meta.status == "approved"]
        self.res.counts.update({
            "staff_total": self.staff_total, "participants": len(self.people), "mentors": roles("mentor"),
            "mentees": roles("mentee"), "young_specialists": sum(1 for p in self.people if p.young_specialist),
            "pairs": len(self.res.pairs), "practices": len(practices),
            "materials": sum(1 for m in self.project.materials if m.meta.year == self.data.year),
        })


def compute_results(project: Project, year: str, build_date: date) -> YearResults:
    """Every target of the plan for ``year``: target, actual, met / not met / no data, and source."""
    calc = _Calc(project, project.years[year], build_date)
    calc.participants()
    calc.pairs()
    calc.events()
    calc.diagnostics()
    calc.publications()
    calc.roadmap()
    calc.counts()
    order = list(TARGETS)
    calc.res.targets.sort(key=lambda t: order.index(t.id))
    return calc.res
