"""The domain model: sources, entities, predicates, facts and events.

These pydantic models are both the schema of the curated YAML dataset and the records the store
returns. See ``docs/data-dictionary.md`` for the meaning of every field.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date as Day
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from csto.periods import DateError, PartialDate, Period, parse_day

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Slug = Annotated[str, Field(pattern=SLUG.pattern, min_length=1, max_length=120)]


def _full_day(value: Any) -> Any:
    """Read ``YYYY-MM-DD`` text as a day, refusing partial and impossible dates with a clear message."""
    if isinstance(value, str):
        try:
            return parse_day(value)
        except DateError as error:
            raise ValueError(str(error)) from None
    return value


FullDay = Annotated[Day, BeforeValidator(_full_day)]
"""A full calendar day in a pydantic model (a proposal's date, a scenario's date)."""


class EntityKind(StrEnum):
    STATE = "state"
    BODY = "body"
    OFFICE = "office"
    PERSON = "person"
    FORCE = "force"
    EXERCISE = "exercise"
    DOCUMENT = "document"
    PROGRAMME = "programme"
    OPERATION = "operation"
    PLACE = "place"
    ORGANIZATION = "organization"


class SourceKind(StrEnum):
    LEGAL_TEXT = "legal_text"
    OFFICIAL = "official"
    NEWS = "news"
    ANALYSIS = "analysis"
    REFERENCE = "reference"


class FactStatus(StrEnum):
    CURATED = "curated"
    ACCEPTED = "accepted"
    PROPOSED = "proposed"
    DISPUTED = "disputed"


class EventType(StrEnum):
    MEETING = "meeting"
    SUMMIT = "summit"
    DECISION = "decision"
    REQUEST = "request"
    DEPLOYMENT = "deployment"
    WITHDRAWAL = "withdrawal"
    EXERCISE = "exercise"
    MEMBERSHIP_CHANGE = "membership_change"
    APPOINTMENT = "appointment"
    ARMED_CLASH = "armed_clash"
    DOCUMENT_SIGNED = "document_signed"
    STATEMENT = "statement"
    CHAIRMANSHIP = "chairmanship"
    OTHER = "other"


class EventStatus(StrEnum):
    OCCURRED = "occurred"
    CANCELLED = "cancelled"
    PLANNED = "planned"


class Role(StrEnum):
    REQUESTER = "requester"
    HOST = "host"
    CHAIR = "chair"
    PARTICIPANT = "participant"
    OBSERVER = "observer"
    CONTRIBUTOR = "contributor"
    SIGNATORY = "signatory"
    DECISION_MAKER = "decision_maker"
    ADVERSARY = "adversary"
    TARGET = "target"
    SPEAKER = "speaker"
    APPOINTEE = "appointee"
    MEDIATOR = "mediator"
    SUBJECT = "subject"
    ABSENT = "absent"
    ORGANIZER = "organizer"


class ValueType(StrEnum):
    NONE = "none"
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    ENUM = "enum"
    DATE = "date"


class SingleValued(StrEnum):
    """Which part of a fact may hold only one value at any time."""

    NONE = "none"
    SUBJECT = "subject"
    OBJECT = "object"
    SUBJECT_OBJECT = "subject_object"
    SUBJECT_QUALIFIER = "subject_qualifier"


class MemberStatus(StrEnum):
    """A state's status in the Treaty system (the values of ``member_status`` facts), members first.

    Import it from ``csto.vocabulary``, which says who is a member, who is in good standing and who
    votes; the meaning of each status is in docs/rules.md ("Membership statuses").
    """

    FULL = "full"
    FROZEN = "frozen"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    SIGNATORY = "signatory"
    OBSERVER = "observer"
    PARTNER = "partner"


class Record(BaseModel):
    """Base for dataset records: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _check_date(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return str(PartialDate.parse(value))
    except DateError as error:
        raise ValueError(str(error)) from None


class Source(Record):
    id: Slug
    publisher: str = Field(min_length=1)
    title: str = Field(min_length=1)
    author: str | None = None
    date: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    kind: SourceKind
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    note: str | None = None

    _date = field_validator("date", mode="before")(_check_date)


class Entity(Record):
    id: Slug
    kind: EntityKind
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    external_ids: dict[str, str] = Field(default_factory=dict)
    description: str | None = None
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict)
    sources: list[Slug] = Field(default_factory=list)
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)

    @model_validator(mode="after")
    def _coordinates_paired(self) -> Entity:
        """A place's coordinates (degrees, WGS 84) come as a pair, and only on places."""
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both `lat` and `lon`, or neither")
        if self.lat is not None and self.kind is not EntityKind.PLACE:
            raise ValueError("only a place (kind: place) has coordinates")
        return self

    @field_validator("external_ids", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(key): str(item) for key, item in value.items()}
        return value

    @field_validator("external_ids")
    @classmethod
    def _known_id_schemes(cls, value: dict[str, str]) -> dict[str, str]:
        checks = {"iso3": r"^[A-Z]{3}$", "cow": r"^\d{1,4}$", "wikidata": r"^Q\d+$"}
        for scheme, text in value.items():
            pattern = checks.get(scheme)
            if pattern is None:
                raise ValueError(f"unknown external id scheme {scheme!r} (known: {sorted(checks)})")
            if not re.match(pattern, text):
                raise ValueError(f"{scheme} id {text!r} is malformed")
        return value


class Predicate(Record):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    description: str
    subject_kinds: list[EntityKind]
    object_kinds: list[EntityKind] = Field(default_factory=list)
    value_type: ValueType = ValueType.NONE
    values: list[str] = Field(default_factory=list)
    unit: str | None = None
    single_valued: SingleValued = SingleValued.NONE

    @model_validator(mode="after")
    def _enum_has_values(self) -> Predicate:
        if self.value_type is ValueType.ENUM and not self.values:
            raise ValueError("an enum predicate needs `values`")
        return self


Scalar = str | int | float | bool


class Fact(Record):
    id: Slug | None = None
    subject: Slug
    predicate: str
    object: Slug | None = None
    value: Scalar | None = None
    qualifier: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    sources: list[Slug] = Field(min_length=1)
    status: FactStatus = FactStatus.CURATED
    dispute: Slug | None = None
    note: str | None = None

    _dates = field_validator("valid_from", "valid_to", mode="before")(_check_date)

    @model_validator(mode="after")
    def _period_is_ordered(self) -> Fact:
        try:
            Period.parse(self.valid_from, self.valid_to)
        except DateError as error:
            raise ValueError(str(error)) from None
        return self

    @property
    def period(self) -> Period:
        return Period.parse(self.valid_from, self.valid_to)

    def key(self) -> str:
        """The fact's id, or a stable one derived from its content."""
        if self.id:
            return self.id
        parts = [self.subject, self.predicate, self.object, self.value, self.qualifier, self.valid_from]
        digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:10]
        return f"{self.subject}-{self.predicate.replace('_', '-')}-{digest}"


class Participant(Record):
    entity: Slug
    role: Role
    size: int | None = Field(default=None, ge=0)
    note: str | None = None


class Event(Record):
    id: Slug
    type: EventType
    date: str
    end_date: str | None = None
    title: str = Field(min_length=1)
    summary: str | None = None
    place: Slug | None = None
    participants: list[Participant] = Field(default_factory=list)
    about: list[Slug] = Field(default_factory=list)
    status: EventStatus = EventStatus.OCCURRED
    sources: list[Slug] = Field(min_length=1)
    dispute: Slug | None = None
    note: str | None = None

    _dates = field_validator("date", "end_date", mode="before")(_check_date)

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        try:
            Period.parse(self.date, self.end_date)
        except DateError as error:
            raise ValueError(str(error)) from None
        return self

    @property
    def period(self) -> Period:
        return Period.parse(self.date, self.end_date or self.date)


class DatasetFile(Record):
    """The shape of one YAML file of the curated dataset."""

    sources: list[Source] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    predicates: list[Predicate] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
