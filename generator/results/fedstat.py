"""Counts for the federal statistical form and the report to the regional centre (results stage).

The roadmap asks the curator to enter «данные о количестве участников программы (системы)
наставничества» into the federal statistical observation and send them to the РНЦ. These are the
counts such a form asks for — participants by role, young specialists, pairs by form, agreements —
computed from the data, for ``dist/YEAR/internal/statistics.csv``. Counts only: no names.
"""
from __future__ import annotations

from collections import Counter

from ..model.data_models import PAIR_FORMS
from ..model.loader import Project
from .compute import YearResults

ROLE_ROWS = (("mentor", "наставники"), ("mentee", "наставляемые"), ("curator", "кураторы"),
             ("expert", "эксперты"), ("candidate", "кандидаты в наставники (без пары)"))
YOUNG_YEARS = 3  # «молодой педагог»: experience under three years, the usual threshold of the regions


def federal_form_rows(project: Project, year: str, results: YearResults) -> list[list[object]]:
    """``[indicator, value]`` rows; every pair form of the contract is listed, a zero included."""
    data = project.years[year]
    people = data.participants.model.participants if data.participants else []
    pairs = data.pairs.model.pairs if data.pairs else []
    staff_total = data.participants.model.staff_total if data.participants else 0
    mentoring = [p for p in people if {"mentor", "mentee"} & set(p.roles)]
    mentees = [p for p in people if "mentee" in p.roles]
    mentors = [p for p in people if "mentor" in p.roles]
    rows: list[list[object]] = [
        ["Педагогических работников в организации", staff_total],
        ["Участников программы наставничества (всего)", len(people)],
        ["из них охвачены наставничеством (наставники и наставляемые)", len(mentoring)],
    ]
    rows += [[f"участников с ролью: {label}", sum(1 for p in people if role in p.roles)] for role, label in ROLE_ROWS]
    rows += [
        ["Молодых специалистов среди участников", sum(1 for p in people if p.young_specialist)],
        ["Молодых специалистов среди наставляемых", sum(1 for p in mentees if p.young_specialist)],
        [f"Наставляемых со стажем менее {YOUNG_YEARS} лет", sum(1 for p in mentees if p.experience_years < YOUNG_YEARS)],
        ["Наставников с дополнительным соглашением (ст. 351.8 ТК РФ)", sum(1 for p in mentors if p.mentor_agreement)],
        ["Наставников без дополнительного соглашения", sum(1 for p in mentors if not p.mentor_agreement)],
        ["В реестре потенциальных наставников", sum(1 for p in people if p.potential_mentor or "candidate" in p.roles)],
        ["Наставнических пар и групп (всего)", len(pairs)],
    ]
    forms = Counter(p.form for p in pairs)
    rows += [[f"пар и групп в форме «{form}»", forms.get(form, 0)] for form in PAIR_FORMS]
    rows += [["Наставников, ведущих несколько пар или групп",
              sum(1 for n in Counter(m for p in pairs for m in p.mentors).values() if n > 1)]]
    coverage = results.target("coverage").actual
    rows += [["Доля педагогов, охваченных наставничеством, %", round(coverage, 1) if coverage is not None else ""]]
    return rows
