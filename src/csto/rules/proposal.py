"""What the decision engine is asked about: a proposal and each member's position on it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from csto.model import FullDay
from csto.rules.errors import ProposalError


class Kind(StrEnum):
    """What is being decided."""

    CONSULTATIONS = "consultations"  # joint consultations on a threat (Treaty art. 2)
    ASSISTANCE_MEASURES = "assistance_measures"  # non-military measures to remove a threat (Treaty art. 2)
    COLLECTIVE_ASSISTANCE = "collective_assistance"  # help, military included, against aggression (art. 4, 6)
    PEACEKEEPING_DEPLOYMENT = "peacekeeping_deployment"  # collective peacekeeping forces (2007 agreement)
    SUSPENSION = "suspension"
    EXPULSION = "expulsion"
    ACCESSION = "accession"
    OBSERVER_STATUS = "observer_status"
    PARTNER_STATUS = "partner_status"
    WITHDRAWAL_NOTICE = "withdrawal_notice"
    FOREIGN_BASE = "foreign_base"  # a non-member's troops or military facility on a member's soil
    FACILITY = "facility"  # a facility of the collective security system sited on a member's soil (Treaty art. 7)
    EXERCISE = "exercise"  # a joint CSTO exercise on a member's territory
    EXTERNAL_EXERCISE = "external_exercise"  # a member's exercise with non-members
    JOIN_ALLIANCE = "join_alliance"  # a member joins another military alliance or grouping
    TRANSIT = "transit"  # moving contingents across a member's territory
    APPOINTMENT = "appointment"  # the Secretary General
    BUDGET = "budget"
    DOCUMENT_ADOPTION = "document_adoption"  # any other decision of a statutory body


class Position(StrEnum):
    """A member's stance on a proposal."""

    SUPPORTS = "supports"  # votes for it and is bound by it
    DOES_NOT_OBJECT = "does_not_object"  # joins the consensus without active support; bound
    STAYS_OUT = "stays_out"  # declares it does not object but will not take part; not bound
    OBJECTS = "objects"  # formal objection
    ABSENT = "absent"  # not present and no declared stance


class Threat(StrEnum):
    """What a requesting member faces."""

    EXTERNAL_AGGRESSION = "external_aggression"  # aggression by a state or group of states outside the alliance
    ARMED_ATTACK = "armed_attack"  # armed attack threatening security, stability, integrity or sovereignty
    MEMBER_AGGRESSION = "member_aggression"  # an armed attack by another member state
    INTERNAL_UNREST = "internal_unrest"  # disorder inside the member with no attacking state
    THREAT = "threat"  # a threat short of an attack


BODY_ALIASES: dict[str, str] = {
    "csc": "collective-security-council",
    "collective security council": "collective-security-council",
    "cfm": "council-of-foreign-ministers",
    "council of foreign ministers": "council-of-foreign-ministers",
    "cmd": "council-of-defence-ministers",
    "cdm": "council-of-defence-ministers",
    "council of defence ministers": "council-of-defence-ministers",
    "council of defense ministers": "council-of-defence-ministers",
    "council-of-defense-ministers": "council-of-defence-ministers",
    "cssc": "committee-of-secretaries-of-security-councils",
    "committee of secretaries of security councils": "committee-of-secretaries-of-security-councils",
    "permanent council": "permanent-council",
    "pc": "permanent-council",
}

FORCE_ALIASES = {
    "peacekeeping": "peacekeeping-forces",
    "collective-peacekeeping-forces": "peacekeeping-forces",
    "csto-peacekeeping-forces": "peacekeeping-forces",
    "collective-rapid-reaction-forces": "crrf",
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(value: str, field: str) -> str:
    """A state or body id in slug form (``Kyrgyz Republic`` -> ``kyrgyz-republic``)."""
    text = re.sub(r"[\s_]+", "-", value.strip().lower())
    if not _SLUG.match(text):
        raise ValueError(f"{field}: {value!r} is not a valid id (letters, digits and hyphens)")
    return text


def enum_value(enum: type[StrEnum], value: object, field: str) -> Any:
    """Read an enum value leniently (``does not object`` == ``does_not_object``), or fail naming it."""
    text = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ProposalError(f"{field}: {value!r} is not one of: {allowed}") from None


class Proposal(BaseModel):
    """A proposal put to the Organization on a date; the fields a kind needs are checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    kind: Kind
    date: FullDay
    body: str | None = None
    requester: str | None = None
    subject: str | None = None
    aggressor: str | None = None
    threat: Threat | None = None
    territory: tuple[str, ...] = ()
    un_mandate: bool = False
    forces: str | None = None
    third_party: str | None = None
    third_party_blocs: tuple[str, ...] = ()
    directed_against_members: bool = False
    special_agreement: bool = False
    previous_holder_state: str | None = None
    title: str | None = None
    note: str | None = None

    @field_validator("body", mode="before")
    @classmethod
    def _body(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        return BODY_ALIASES.get(text.lower(), slug(text, "body"))

    @field_validator("requester", "subject", "aggressor", "third_party", "previous_holder_state")
    @classmethod
    def _slugs(cls, value: str | None) -> str | None:
        return slug(value, "id") if value else None

    @field_validator("forces")
    @classmethod
    def _forces(cls, value: str | None) -> str | None:
        """Force ids as in the dataset (``peacekeeping-forces``, ``crrf``); short names accepted."""
        if not value:
            return None
        text = slug(value, "forces")
        return FORCE_ALIASES.get(text, text)

    @field_validator("territory", "third_party_blocs", mode="before")
    @classmethod
    def _slug_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        return tuple(slug(str(v), "id") for v in (value or ()))

    @model_validator(mode="after")
    def _required_fields(self) -> Proposal:
        needed = REQUIRED.get(self.kind, ())
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(f"a {self.kind.value} proposal needs {', '.join(missing)}")
        return self


REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.CONSULTATIONS: ("requester",),
    Kind.ASSISTANCE_MEASURES: ("requester",),
    Kind.COLLECTIVE_ASSISTANCE: ("requester", "threat"),
    Kind.PEACEKEEPING_DEPLOYMENT: ("requester", "territory"),
    Kind.SUSPENSION: ("subject",),
    Kind.EXPULSION: ("subject",),
    Kind.ACCESSION: ("subject",),
    Kind.OBSERVER_STATUS: ("subject",),
    Kind.PARTNER_STATUS: ("subject",),
    Kind.WITHDRAWAL_NOTICE: ("requester",),
    Kind.FOREIGN_BASE: ("subject", "third_party"),
    Kind.FACILITY: ("subject", "requester"),
    Kind.EXERCISE: ("territory",),
    Kind.EXTERNAL_EXERCISE: ("subject", "third_party"),
    Kind.JOIN_ALLIANCE: ("subject", "third_party"),
    Kind.TRANSIT: ("subject", "requester"),
    Kind.APPOINTMENT: ("subject",),
}


def parse_proposal(data: Mapping[str, Any] | Proposal, where: str = "proposal") -> Proposal:
    """Validate a proposal, turning pydantic's report into one ``ProposalError`` naming each field."""
    if isinstance(data, Proposal):
        return data
    if not isinstance(data, Mapping):
        raise ProposalError(f"{where}: expected a mapping of fields, got {type(data).__name__}")
    try:
        return Proposal.model_validate(dict(data))
    except ValidationError as error:
        parts = []
        for item in error.errors():
            loc = ".".join(str(p) for p in item["loc"]) or "(proposal)"
            parts.append(f"{where}.{loc}: {item['msg']}")
        raise ProposalError("; ".join(parts)) from None


def parse_positions(data: Mapping[str, Any] | None, where: str = "positions") -> dict[str, Position]:
    """Read ``state -> position`` (a position may also be ``{position: ..., note: ...}``)."""
    positions: dict[str, Position] = {}
    for key, value in (data or {}).items():
        try:
            state = slug(str(key), "state")
        except ValueError as error:
            raise ProposalError(f"{where}: {error}") from None
        if isinstance(value, Mapping):
            if "position" not in value:
                raise ProposalError(f"{where}.{key}: a mapping needs a `position` field")
            value = value["position"]
        if state in positions:
            raise ProposalError(f"{where}: {key!r} is given twice")
        positions[state] = enum_value(Position, value, f"{where}.{key}")
    return positions


class ProposalInput(BaseModel):
    """A proposal and positions together, as read from a file (``csto decide --file``)."""

    model_config = ConfigDict(extra="forbid")

    proposal: dict[str, Any]
    positions: dict[str, Any] = Field(default_factory=dict)
    membership: dict[str, str] | None = None
