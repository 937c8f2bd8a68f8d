"""Models of the data/ files, field for field as the SPEC's content contract names them."""
from __future__ import annotations

import re
import typing
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .cms_settings import CmsSettings
from .fieldtypes import AcademicYear, Evidence, FilePath, IsoDate, Model, Slug, Text, parse_iso_date, ISO_DATE_RE

Role = Literal["mentor", "mentee", "curator", "expert", "candidate"]  # candidate: in the registry of potential mentors
PublicationCategory = Literal["name", "position", "subjects", "photo", "experience"]
PairFormName = Literal["педагог–педагог", "руководитель–педагог", "групповое", "реверсивное",
                       "ситуационное", "флеш", "виртуальное"]
PAIR_FORMS: tuple[str, ...] = typing.get_args(PairFormName)
# A hyphen, a minus or another dash typed between the two words is the en dash of the plan's term:
# «педагог-педагог» is accepted and stored as «педагог–педагог» (few keyboards type an en dash, and
# a reader of the site sees the same form; refusing it would only make the teacher hunt for «–»).
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


def _pair_form(value: Any) -> Any:
    if isinstance(value, str) and value.strip() not in PAIR_FORMS:
        dashed = _DASHES.sub("–", value.strip())
        if dashed in PAIR_FORMS:
            return dashed
    return value


PairForm = Annotated[PairFormName, BeforeValidator(_pair_form)]
MeetingKind = Literal["знакомство", "пробная", "планирование", "рабочая", "итоговая"]
Status = Literal["planned", "in_progress", "done", "cancelled"]
ContestLevel = Literal["municipal", "regional", "federal"]
Channel = Literal["site", "vk"]
EVENT_KINDS = ("networking", "business_game", "pedagogical_council", "training", "contest", "meeting")


# --- school.yaml -------------------------------------------------------------------------------

class Person(Model):
    name: Text
    position: Text


class Centre(Model):
    name: Text
    short_name: Text


class Rubric(Model):
    id: Slug
    title: Text
    description: str = ""


class School(Model):
    name: Text
    short_name: Text
    city: Text
    site_url: Text
    email: Text
    vk_url: str | None = None
    head: Person
    regional_centre: Centre
    current_year: AcademicYear
    rubrics: list[Rubric] = Field(min_length=2)
    cms: CmsSettings | None = None


# --- participants.yaml -------------------------------------------------------------------------

class Document(Model):
    """A numbered document: an order, an agreement, a protocol."""

    number: Text
    date: IsoDate


class Consent(Model):
    processing: IsoDate | None = None
    publication: list[PublicationCategory] | None = None
    withdrawn: IsoDate | None = None


class Participant(Model):
    id: Slug
    name: Text
    position: Text
    subjects: list[Text] = []
    experience_years: int = Field(ge=0, le=70)
    young_specialist: bool = False
    roles: list[Role] = Field(min_length=1)
    joined: IsoDate
    mentor_agreement: Document | None = None
    consent: Consent = Consent()
    photo: FilePath | None = None
    # The plan's «реестр потенциальных наставников»: the date the person was entered in it (optional).
    potential_mentor: IsoDate | None = None


class Participants(Model):
    staff_total: int = Field(gt=0)
    participants: list[Participant] = []


# --- pairs.yaml --------------------------------------------------------------------------------

class PlanItem(Model):
    title: Text
    due: IsoDate | None = None
    done: bool = False


class IndividualPlan(Model):
    approved: IsoDate | None = None
    approval_order: Document | None = None  # the school order approving the plan (optional)
    items: list[PlanItem] = []


class Meeting(Model):
    kind: MeetingKind
    date: IsoDate


class Pair(Model):
    id: Slug
    form: PairForm
    mentors: list[Slug] = Field(min_length=1)
    mentees: list[Slug] = Field(min_length=1)
    formed: IsoDate
    order: Document | None = None
    plan: IndividualPlan = IndividualPlan()
    meetings: list[Meeting] = []


class Pairs(Model):
    pairs: list[Pair] = []


# --- events.yaml -------------------------------------------------------------------------------

class _Event(Model):
    id: Slug
    title: Text
    date: IsoDate
    due: IsoDate | None = None  # the date the plan sets, when it differs from the plan's default


class NetworkingEvent(_Event):
    kind: Literal["networking"]
    attendees: list[Slug] = []
    materials: list[FilePath] = []


class BusinessGameEvent(_Event):
    kind: Literal["business_game"]
    attendees: list[Slug] = []
    materials: list[FilePath] = []


class CouncilEvent(_Event):
    kind: Literal["pedagogical_council"]
    staff_present: int = Field(ge=0)
    protocol: Document | None = None


class TrainingEvent(_Event):
    kind: Literal["training"]
    group: Text
    experts: list[Text] = []
    sessions: int = Field(ge=0)
    attendees: list[Slug] = []


class ContestEvent(_Event):
    kind: Literal["contest"]
    level: ContestLevel
    participants: list[Slug] = []
    result: str = ""


class GeneralMeetingEvent(_Event):
    kind: Literal["meeting"]
    attendees: list[Slug] = []


Event = Annotated[
    Union[NetworkingEvent, BusinessGameEvent, CouncilEvent, TrainingEvent, ContestEvent, GeneralMeetingEvent],
    Field(discriminator="kind"),
]


class Events(Model):
    events: list[Event] = []


# --- diagnostics.yaml --------------------------------------------------------------------------

class Scale(Model):
    min: float
    max: float


class Competency(Model):
    id: Slug
    title: Text


class RoundResult(Model):
    participant: Slug
    scores: dict[str, float]


class Round(Model):
    id: Slug
    title: Text
    date: IsoDate
    results: list[RoundResult] = []


class Diagnostics(Model):
    scale: Scale
    competencies: list[Competency] = []
    rounds: list[Round] = []


# --- roadmap.yaml ------------------------------------------------------------------------------

class Period(Model):
    from_: IsoDate = Field(alias="from")
    to: IsoDate


def _deadline(value: Any) -> Any:
    """An ISO date, a ``{from, to}`` period, or the plan's wording («в течение всего периода»)."""
    if isinstance(value, str) and ISO_DATE_RE.match(value.strip()):
        return parse_iso_date(value)
    if isinstance(value, (dict, date)):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise PydanticCustomError(
        "deadline", "ожидается срок: дата ГГГГ-ММ-ДД, период {from: …, to: …} "
        "или текст вроде «в течение всего периода»")


Deadline = Annotated[Union[date, Period, str], BeforeValidator(_deadline)]

TARGET_IDS = ("coverage", "consent", "pairs_formed", "plans_approved", "first_meetings", "plans_done",
              "plans_participation", "training_experts", "training_sessions", "business_game", "council",
              "diagnostics", "rubrics", "publications", "representatives", "roadmap", "roadmap_on_time")


class RoadmapItem(Model):
    id: Slug
    content: Text
    deadline: Deadline
    result: str = ""
    indicator: str = ""
    responsible: str = ""
    status: Status = "planned"
    done_on: IsoDate | None = None
    evidence: Evidence | None = None

    def due_date(self) -> date | None:
        """The last day of the deadline, or ``None`` for a deadline written as text."""
        if isinstance(self.deadline, Period):
            return self.deadline.to
        return self.deadline if isinstance(self.deadline, date) else None


class RoadmapSection(Model):
    title: Text
    items: list[RoadmapItem] = []


class Roadmap(Model):
    # Targets default to the plan's numbers; a year may override them (SPEC, results).
    targets: dict[Literal[TARGET_IDS], float] = {}  # type: ignore[valid-type]
    # The plan's period of implementation; «в течение всего периода» ends on its last day
    # (default: 31 August of the academic year's second year).
    period: Period | None = None
    sections: list[RoadmapSection] = []

    @model_validator(mode="after")
    def _sane_targets(self) -> "Roadmap":
        for key, value in self.targets.items():
            if value < 0:
                raise PydanticCustomError("target", "цель «{key}» не может быть отрицательной", {"key": key})
        return self

    def items(self) -> list[RoadmapItem]:
        return [item for section in self.sections for item in section.items]


# --- content_plan.yaml -------------------------------------------------------------------------

class ContentPlanItem(Model):
    date: IsoDate
    rubric: Slug
    topic: Text
    channels: list[Channel] = ["site"]
    post: str | None = None


class ContentPlan(Model):
    items: list[ContentPlanItem] = []


# --- questionnaires.yaml (optional) ------------------------------------------------------------
# Aggregated answers only: how many chose each answer. No per-person data is kept here.

class Answer(Model):
    text: Text
    count: int = Field(ge=0)


class Question(Model):
    text: Text
    multiple: bool = False  # several answers may be chosen: counts may sum to more than respondents
    answers: list[Answer] = Field(min_length=1)


class Questionnaire(Model):
    id: Slug
    title: Text
    date: IsoDate
    event: Slug | None = None
    respondents: int = Field(ge=0)
    questions: list[Question] = []


class Questionnaires(Model):
    questionnaires: list[Questionnaire] = []


YEAR_FILES: dict[str, type[Model]] = {
    "participants.yaml": Participants,
    "pairs.yaml": Pairs,
    "events.yaml": Events,
    "diagnostics.yaml": Diagnostics,
    "roadmap.yaml": Roadmap,
    "content_plan.yaml": ContentPlan,
    "questionnaires.yaml": Questionnaires,
}

__all__ = ["AcademicYear", "School", "Participants", "Participant", "Pairs", "Pair", "Events", "Event",
           "Diagnostics", "Roadmap", "RoadmapItem", "ContentPlan", "Questionnaires", "YEAR_FILES", "EVENT_KINDS", "TARGET_IDS"]
