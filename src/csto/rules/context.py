"""The state of one evaluation: what provisions read and write, and the trace they leave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from csto.rules.membership import Roster
from csto.rules.proposal import Position, Proposal
from csto.rules.records import Dating, Version
from csto.vocabulary import Outcome


class TraceStep(BaseModel):
    """One provision applied: which, from which instrument and article, and what it decided."""

    provision: str
    instrument: str
    article: str
    version: str = Field(description="first day of the version applied")
    finding: str
    caveat: str | None = None


class Decision(BaseModel):
    """The outcome of a proposal, who stands where, and the provisions that got there."""

    proposal: Proposal
    rules: str
    outcome: Outcome
    reason: str
    participants: list[str] = Field(default_factory=list)
    staying_out: list[str] = Field(default_factory=list)
    blocked_by: list[str] = Field(default_factory=list)
    bound: list[str] = Field(default_factory=list)
    not_bound: list[str] = Field(default_factory=list)
    excluded: dict[str, str] = Field(default_factory=dict)
    effects: dict[str, str] = Field(default_factory=dict)
    membership: dict[str, str] = Field(default_factory=dict)
    disputed: dict[str, list[str]] = Field(default_factory=dict)
    membership_origin: str = "given"
    trace: list[TraceStep] = Field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The parts of a decision that a reform can change (compared by ``csto rules diff``)."""
        return {
            "outcome": self.outcome.value,
            "participants": self.participants,
            "staying_out": self.staying_out,
            "blocked_by": self.blocked_by,
            "bound": self.bound,
            "excluded": sorted(self.excluded),
            "effects": self.effects,
        }


@dataclass
class Context:
    """Mutable scratch space for one evaluation; provisions read it and record findings."""

    proposal: Proposal
    positions: dict[str, Position]
    roster: Roster
    instruments: dict[str, str]  # instrument id -> short name, for the trace
    counted: dict[str, Position] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    express_consent: bool = False
    limited_format: bool = False
    needs_other_participant: bool = False
    outcome: Outcome | None = None
    reason: str = ""
    participants: list[str] = field(default_factory=list)
    staying_out: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)
    effects: dict[str, str] = field(default_factory=dict)
    effects_if_adopted: dict[str, str] = field(default_factory=dict)
    trace: list[TraceStep] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.counted:
            self.counted = dict(self.positions)

    @property
    def at(self) -> date:
        return self.proposal.date

    @property
    def kind(self) -> str:
        return self.proposal.kind.value

    @property
    def done(self) -> bool:
        return self.outcome is not None

    @property
    def party(self) -> str:
        """The name of the non-member concerned (a base's owner, an exercise partner, an alliance)."""
        return self.name(self.proposal.third_party or "")

    def name(self, state: str) -> str:
        return self.roster.name(state)

    def names(self, states: list[str] | set[str] | frozenset[str]) -> str:
        return ", ".join(self.name(s) for s in sorted(states)) or "none"

    def position(self, state: str) -> Position:
        return self.counted.get(state, Position.ABSENT)

    def voters(self) -> list[str]:
        """Members whose vote counts (``csto.vocabulary.VOTING``) and is not excluded, in id order."""
        return sorted(self.roster.voting - set(self.excluded))

    def note(self, pid: str, version: Version, finding: str) -> None:
        caveat = None
        if version.dating is Dating.SIGNATURE:
            caveat = f"applied from signature ({version.start}); the date of entry into force was not found"
        elif version.dating is Dating.ATTESTED:
            caveat = f"applied from its earliest documented use ({version.start}); its legal origin was not found"
        elif version.dating is Dating.PROPOSED:
            caveat = f"reform provision, applied from {version.start} for this evaluation"
        self.trace.append(
            TraceStep(
                provision=pid,
                instrument=self.instruments.get(version.instrument, version.instrument),
                article=version.article,
                version=version.start.isoformat(),
                finding=finding,
                caveat=caveat,
            )
        )

    def finish(self, pid: str, version: Version, outcome: Outcome, reason: str) -> None:
        """Settle the outcome (the first provision to settle it wins) and record why."""
        self.note(pid, version, reason)
        if self.outcome is None:
            self.outcome = outcome
            self.reason = reason
