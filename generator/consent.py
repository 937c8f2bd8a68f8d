"""Personal data rules (152-FZ art. 10.1): what may be said publicly about each participant.

A category (name, position, subjects, photo, experience) is public only if the person gave
consent to processing, listed the category for distribution and has not withdrawn consent.
Otherwise a person is shown by role only — never by initials.
"""
from __future__ import annotations

from dataclasses import dataclass

from .data_models import Participant

ROLE_LABELS = {"curator": "куратор", "mentor": "наставник", "expert": "эксперт"}


def role_label(person: Participant) -> str:
    """How a person without name consent is shown: by their role in the programme."""
    for role in ("curator", "mentor", "mentee", "expert"):
        if role in person.roles:
            if role == "mentee":
                return "молодой педагог" if person.young_specialist else "наставляемый педагог"
            return ROLE_LABELS[role]
    return "участник программы"


def allows(person: Participant, category: str) -> bool:
    """Whether ``category`` of ``person`` may appear in any public output."""
    consent = person.consent
    return (consent.processing is not None and consent.withdrawn is None
            and category in (consent.publication or []))


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

    def __init__(self, participants: list[Participant]):
        self.by_id = {p.id: p for p in participants}

    def public(self, ident: str) -> PublicPerson:
        """The public view of a participant; an unknown id is shown as a plain participant."""
        person = self.by_id.get(ident)
        if person is None:
            return PublicPerson("участник программы", False, None, (), None, None)
        named = allows(person, "name")
        return PublicPerson(
            label=person.name if named else role_label(person),
            named=named,
            position=person.position if allows(person, "position") else None,
            subjects=tuple(person.subjects) if allows(person, "subjects") else (),
            experience_years=person.experience_years if allows(person, "experience") else None,
            photo=person.photo if person.photo and allows(person, "photo") else None,
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
        return {p.id: p.name for p in self.by_id.values() if not allows(p, "name")}

    def hidden_photos(self) -> set[str]:
        """Photo paths (under content/files/) that must not be published."""
        return {p.photo for p in self.by_id.values() if p.photo and not allows(p, "photo")}
