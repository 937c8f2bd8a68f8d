"""Paired diagnostics (results stage): the change per competency of the same people.

Subtracting the means of two rounds compares different people when someone missed a round (or
took only the first one). The comparative table the plan asks for is therefore computed over the
participants present in both the first and the last round: ``n`` of them, their mean before, after,
and the mean of their own changes. Mentors' competencies and mentees' needs are reported apart,
because the plan diagnoses both and the two scales of growth mean different things.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from ..model.data_models import Diagnostics, Participant, Round

GROUPS = (("mentor", "Компетенции и возможности наставников"), ("mentee", "Потребности наставляемых"))


@dataclass
class CompetencyChange:
    """One competency: the mean of everyone present in each round, and the paired change."""

    id: str
    title: str
    means: list[float | None]  # one per round, in round order, over everyone present in that round
    n: int = 0  # people with a score in both the first and the last round
    before: float | None = None  # their mean in the first round
    after: float | None = None  # their mean in the last round
    change: float | None = None  # the mean of their own changes (equals after − before)


@dataclass
class DiagnosticsGroup:
    """The comparative table of one role: mentors or mentees."""

    role: str
    title: str
    people: int  # diagnosed in at least one round
    competencies: list[CompetencyChange] = field(default_factory=list)

    @property
    def n(self) -> int:
        """People compared (present in the first and the last round), the largest over competencies."""
        return max((c.n for c in self.competencies), default=0)


def _r2(value: float) -> float:
    return round(value + 0.0, 2) + 0.0  # + 0.0: never «-0,0»


def competency_changes(diag: Diagnostics, rounds: list[Round], who: set[str] | None = None) -> list[CompetencyChange]:
    """Per competency over the people in ``who`` (everyone when ``None``), rounds in date order."""
    def scores(rnd: Round, comp: str) -> dict[str, float]:
        return {r.participant: r.scores[comp] for r in rnd.results
                if comp in r.scores and (who is None or r.participant in who)}

    changes = []
    for comp in diag.competencies:
        per_round = [scores(rnd, comp.id) for rnd in rounds]
        means = [_r2(mean(s.values())) if s else None for s in per_round]
        change = CompetencyChange(comp.id, comp.title, means)
        if len(per_round) >= 2:
            first, last = per_round[0], per_round[-1]
            both = sorted(set(first) & set(last))
            if both:
                change.n = len(both)
                change.before = _r2(mean(first[p] for p in both))
                change.after = _r2(mean(last[p] for p in both))
                change.change = _r2(mean(last[p] - first[p] for p in both))
        changes.append(change)
    return changes


def diagnostics_groups(diag: Diagnostics, rounds: list[Round], people: list[Participant]) -> list[DiagnosticsGroup]:
    """The mentors' and the mentees' tables; a role nobody of which was diagnosed is left out."""
    diagnosed = {r.participant for rnd in rounds for r in rnd.results}
    groups = []
    for role, title in GROUPS:
        who = {p.id for p in people if role in p.roles}
        if who & diagnosed:
            groups.append(DiagnosticsGroup(role, title, len(who & diagnosed), competency_changes(diag, rounds, who)))
    return groups
