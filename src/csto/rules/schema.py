"""The YAML shapes of sources, instruments, provisions, reforms and cases (validated with pydantic)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csto.model import Source
from csto.periods import DateError, parse_day
from csto.rules.records import Dating, Stage
from csto.vocabulary import Outcome

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


def _day(value: Any) -> Any:
    if value is None:
        return None
    try:
        return parse_day(str(value))
    except DateError as error:
        raise ValueError(str(error)) from None


class SourcesFile(Strict):
    sources: list[Source]


class InstrumentRecord(Strict):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    short: str = Field(min_length=1)
    signed: Any = None
    in_force_from: Any
    in_force_to: Any = None
    dating: Dating = Dating.ENTRY_INTO_FORCE
    reference: str | None = Field(default=None, pattern=r"^https?://\S+$")
    sources: list[str] = Field(min_length=1)
    note: str | None = None

    _days = field_validator("signed", "in_force_from", "in_force_to")(_day)


class InstrumentsFile(Strict):
    instruments: list[InstrumentRecord]


class VersionRecord(Strict):
    start: Any = Field(default=None, alias="from")
    end: Any = Field(default=None, alias="to")
    summary: str | None = Field(default=None, min_length=1, max_length=240)
    params: dict[str, Any] | None = None
    sources: list[str] = Field(default_factory=list)
    amended_by: str | None = None
    dating: Dating | None = None
    note: str | None = None
    instrument: str | None = None
    article: str | None = None
    applies_to: list[str] | None = None
    stage: Literal["competence", "standing", "substance", "voting", "tally", "effects"] | None = None
    order: int | None = None
    logic: str | None = None
    enables: list[str] | None = None

    _days = field_validator("start", "end")(_day)


class ProvisionRecord(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1, max_length=120)
    instrument: str | None = None
    article: str = Field(min_length=1)
    applies_to: list[str] = Field(default_factory=list)
    stage: Literal["competence", "standing", "substance", "voting", "tally", "effects"]
    order: int = 50
    logic: str
    enables: list[str] = Field(
        default_factory=list, description="kinds that exist only while this provision is in force"
    )
    versions: list[VersionRecord] = Field(min_length=1)


class ProvisionsFile(Strict):
    provisions: list[ProvisionRecord]


class ChangeRecord(Strict):
    action: Literal["add", "replace", "remove"]
    provision: str | None = Field(default=None, description="the provision replaced or removed")
    new: ProvisionRecord | None = Field(default=None, description="the provision added")
    version: VersionRecord | None = Field(default=None, description="the replacing text")


class SimulationRecord(Strict):
    """What a reform changes in the crisis simulator (``csto.sim``), besides the rules it patches."""

    decision_hours_factor: float = Field(
        default=1.0, gt=0, description="multiplies the median time a body takes to decide a crisis request"
    )
    member_transit_hours: float | None = Field(
        default=None, ge=0, description="hours a member's clearance takes for contingents crossing it (default: as is)"
    )
    rationale: str = Field(min_length=20, description="why the reform has this effect, in our words")
    sources: list[str] = Field(min_length=1)


class ReformRecord(Strict):
    name: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    proposed_by: str = Field(min_length=1)
    proposed_on: Any
    effective_from: Any
    sources: list[str] = Field(min_length=1)
    changes: list[ChangeRecord] = Field(min_length=1)
    simulation: SimulationRecord | None = Field(default=None, description="its effect on the simulator, if any")
    note: str | None = None

    _days = field_validator("proposed_on", "effective_from")(_day)


class ExpectedRecord(Strict):
    outcome: Outcome
    participants: list[str] | None = None
    staying_out: list[str] | None = None
    blocked_by: list[str] | None = None
    bound: list[str] | None = None
    excluded: list[str] | None = None
    provisions: list[str] = Field(default_factory=list, description="provisions that must appear in the trace")


class CaseRecord(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    proposal: dict[str, Any]
    positions: dict[str, Any] = Field(default_factory=dict)
    membership: dict[str, str] | None = None
    expected: ExpectedRecord
    sources: list[str] = Field(min_length=1)
    note: str | None = None


STAGES = {name: Stage[name.upper()] for name in ("competence", "standing", "substance", "voting", "tally", "effects")}
