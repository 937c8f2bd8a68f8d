"""Roadmap deadlines as the plan means them (results stage).

A roadmap deadline is a date, a ``{from, to}`` period, or the plan's own words. The words mean:

- «в течение всего периода (реализации)», «весь период», «в течение года» — due at the end of the
  plan's period: the roadmap's ``period.to`` when given, otherwise 31 August of the year's second year;
- «1 раз в квартал», «ежеквартально», «раз в четверть» — due at the end of each school quarter, the last
  being the final deadline; the quarters are checked against the diagnostics rounds;
- «по отдельному графику» — no date at all, and the page says so.

Text that matches none of these also has no date; it is shown as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..model.data_models import Period, RoadmapItem

DueKind = Literal["date", "period", "whole_year", "quarterly", "schedule", "text"]

_WHOLE = re.compile(r"(всего|весь)\s+период|в\s+течени[еи]\s+(всего\s+|учебного\s+)?года", re.I)
_QUARTERLY = re.compile(r"раз\s+в\s+(квартал|четверть)|ежеквартальн", re.I)
_SCHEDULE = re.compile(r"по\s+(отдельному\s+|утвержд[её]нному\s+)?графику", re.I)


def school_quarters(year: str) -> list[tuple[date, date]]:
    """The four school quarters of an academic year (I: Sep–Oct … IV: Apr–May)."""
    first = int(year[:4])
    return [(date(first, 9, 1), date(first, 10, 31)), (date(first, 11, 1), date(first, 12, 31)),
            (date(first + 1, 1, 1), date(first + 1, 3, 31)), (date(first + 1, 4, 1), date(first + 1, 5, 31))]


def year_end(year: str, period: Period | None) -> date:
    """The last day of the plan's period: the roadmap's own ``period.to``, else 31 August."""
    return period.to if period else date(int(year[:4]) + 1, 8, 31)


@dataclass
class Due:
    """When a roadmap item is due: ``date`` is the final day, ``None`` when the plan gives no date."""

    kind: DueKind
    date: date | None
    quarters: list[tuple[date, date]] = field(default_factory=list)

    def note(self) -> str:
        """How the deadline is read, for the page: «до 31.08.2026», «без даты» …"""
        if self.kind == "whole_year" and self.date:
            return f"до {self.date:%d.%m.%Y} (конец периода реализации)"
        if self.kind == "quarterly":
            return "до " + ", ".join(f"{end:%d.%m}" for _, end in self.quarters) + " (конец каждой четверти)"
        if self.kind == "schedule":
            return "без даты"
        if self.kind == "text":
            return "без даты"
        return ""


def resolve(item: RoadmapItem, year: str, period: Period | None = None) -> Due:
    """The due date of ``item`` in ``year`` (see the module's docstring for the words)."""
    deadline = item.deadline
    if isinstance(deadline, Period):
        return Due("period", deadline.to)
    if isinstance(deadline, date):
        return Due("date", deadline)
    text = str(deadline)
    if _QUARTERLY.search(text):
        quarters = school_quarters(year)
        return Due("quarterly", quarters[-1][1], quarters)
    if _WHOLE.search(text):
        return Due("whole_year", year_end(year, period))
    if _SCHEDULE.search(text):
        return Due("schedule", None)
    return Due("text", None)


def missed_quarters(due: Due, rounds: list[date], today: date) -> list[int]:
    """Numbers (1–4) of the quarters already over, as of ``today``, with no diagnostics round."""
    return [n for n, (start, end) in enumerate(due.quarters, 1)
            if end < today and not any(start <= r <= end for r in rounds)]


def days_late(item: RoadmapItem, due: Due) -> int | None:
    """Days between the deadline and ``done_on`` for work done after its deadline, else ``None``."""
    if item.status != "done" or item.done_on is None or due.date is None or item.done_on <= due.date:
        return None
    return (item.done_on - due.date).days


ROMAN = ("I", "II", "III", "IV")
