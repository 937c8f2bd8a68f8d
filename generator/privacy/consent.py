"""Personal data rules (152-FZ art. 10.1): what may be said publicly about each participant.

A category (name, position, subjects, photo, experience) is public only if the person gave
consent to processing, listed the category for distribution and has not withdrawn consent.
Otherwise a person is shown by role only — never by initials.

Withdrawal is global: a person whose consent is withdrawn in any year's data (the same id, or the
same name) is shown by role in every year's outputs, archive pages included.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..model.data_models import Participant

if TYPE_CHECKING:
    from ..model.loader import Project

ROLE_LABELS = {"curator": "куратор", "mentor": "наставник", "expert": "эксперт", "candidate": "кандидат в наставники"}


def role_label(person: Participant) -> str:
    """How a person without name consent is shown: by their role in the programme."""
    for role in ("curator", "mentor", "mentee", "expert", "candidate"):
        if role in person.roles:
            if role == "mentee":
                return "молодой педагог" if person.young_specialist else "наставляемый педагог"
            return ROLE_LABELS[role]
    return "участник программы"


def allows(person: Participant, category: str, withdrawn: Withdrawals | None = None) -> bool:
    """Whether ``category`` of ``person`` may appear in any public output (``withdrawn``: the
    withdrawals of every year, which apply to this year's record too)."""
    consent = person.consent
    return (consent.processing is not None and consent.withdrawn is None
            and not (withdrawn and withdrawn.of(person))
            and category in (consent.publication or []))


@dataclass(frozen=True)
class Withdrawal:
    year: str
    on: date


def _name_key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


class Withdrawals:
    """Consents withdrawn in any year, found by the participant's id or by their name."""

    def __init__(self, years: dict[str, list[Participant]]):
        self.by_key: dict[str, Withdrawal] = {}
        for year, people in sorted(years.items()):
            for person in people:
                if person.consent.withdrawn:
                    for key in (f"id:{person.id}", f"name:{_name_key(person.name)}"):
                        self.by_key.setdefault(key, Withdrawal(year, person.consent.withdrawn))

    def of(self, person: Participant) -> Withdrawal | None:
        """The withdrawal that applies to ``person`` (of any year), or ``None``."""
        return self.by_key.get(f"id:{person.id}") or self.by_key.get(f"name:{_name_key(person.name)}")


def year_registries(project: Project) -> dict[str, Registry]:
    """The registry of every year, each knowing the withdrawals of all years."""
    people = {y: d.participants.model.participants if d.participants else [] for y, d in project.years.items()}
    withdrawals = Withdrawals(people)
    return {year: Registry(found, withdrawals) for year, found in people.items()}


@dataclass(frozen=True)
class PublicPerson:
    """What a public output may show of one participant."""

    label: str  # the name, or the role when the name is not public
    named: bool
    position: str | None
    subjects: tuple[str, ...]
    experience_years: int | None
    photo: str | None


class Registry:
    """The participants of one year, looked up by id, with the consent rules applied."""

    def __init__(self, participants: list[Participant], withdrawals: Withdrawals | None = None):
        self.by_id = {p.id: p for p in participants}
        self.withdrawals = withdrawals

    def allows(self, person: Participant, category: str) -> bool:
        return allows(person, category, self.withdrawals)

    def public(self, ident: str) -> PublicPerson:
        """The public view of a participant; an unknown id is shown as a plain participant."""
        person = self.by_id.get(ident)
        if person is None:
            return PublicPerson("участник программы", False, None, (), None, None)
        named = self.allows(person, "name")
        return PublicPerson(
            label=person.name if named else role_label(person),
            named=named,
            position=person.position if self.allows(person, "position") else None,
            subjects=tuple(person.subjects) if self.allows(person, "subjects") else (),
            experience_years=person.experience_years if self.allows(person, "experience") else None,
            photo=person.photo if person.photo and self.allows(person, "photo") else None,
        )

    def label(self, ident: str) -> str:
        return self.public(ident).label

    def labels(self, idents: list[str]) -> str:
        """Names or roles joined for a byline; repeated role labels are counted, not repeated."""
        named = [self.public(i).label for i in idents if self.public(i).named]
        roles: dict[str, int] = {}
        for ident in idents:
            view = self.public(ident)
            if not view.named:
                roles[view.label] = roles.get(view.label, 0) + 1
        unnamed = [label if n == 1 else f"{label} ({n})" for label, n in roles.items()]
        return ", ".join(named + unnamed)

    def hidden_names(self) -> dict[str, str]:
        """Full names that must not appear in public output, by participant id."""
        return {p.id: p.name for p in self.by_id.values() if not self.allows(p, "name")}

    def hidden_photos(self) -> set[str]:
        """Photo paths (under content/files/) that must not be published."""
        return {p.photo for p in self.by_id.values() if p.photo and not self.allows(p, "photo")}
