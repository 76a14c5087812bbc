"""The shared vocabulary: membership statuses, decision outcomes and verdicts, crisis outcomes.

One place for the words the rules engine (``csto.rules``), the simulator (``csto.sim``), the API
and the pages use, so that none of them keeps its own list. The legal meaning of each word is
explained in ``docs/rules.md`` ("Membership statuses", "The decision engine", "Readings"); the
simulator's outcomes in ``docs/sim.md``.

This is a bottom layer: it imports only the standard library and ``csto.model``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from csto.model import MemberStatus

# -- membership statuses ---------------------------------------------------------------------

MEMBER_STATUSES: tuple[MemberStatus, ...] = tuple(MemberStatus)
"""Every status a state can have in the Treaty system, in display order (members first)."""

MEMBERSHIP: frozenset[MemberStatus] = frozenset({MemberStatus.FULL, MemberStatus.FROZEN, MemberStatus.SUSPENDED})
"""Statuses of a member state: it belongs to the Organization, whether or not it may vote.

A suspended member is still a member (it cannot be admitted again and can be the subject of a
suspension or expulsion decision); a signatory, an observer, a partner and a withdrawn state are not.
See docs/rules.md, "Membership statuses".
"""

IN_GOOD_STANDING: frozenset[MemberStatus] = frozenset({MemberStatus.FULL, MemberStatus.FROZEN})
"""Members in good standing: they may make a request, host forces and hold the chairmanship.

``frozen`` counts: "freezing" is not a status any CSTO document knows, no Council decision
suspended Armenia and it filed no withdrawal notice. See docs/rules.md, "Readings" (a frozen
member counts as a member).
"""

VOTING: frozenset[MemberStatus] = IN_GOOD_STANDING
"""Members whose vote counts, one vote each: the members in good standing (a frozen member votes
and can block by objecting; a suspended member may not vote). See docs/rules.md, "The decision
engine" and "Readings".
"""


def _status(status: str | None) -> MemberStatus | None:
    try:
        return MemberStatus(status) if status is not None else None
    except ValueError:
        return None


def is_member(status: str | None) -> bool:
    """Whether a state with ``status`` (``None``: no status) belongs to the Organization."""
    return _status(status) in MEMBERSHIP


def in_good_standing(status: str | None) -> bool:
    """Whether a member with ``status`` is in good standing (see ``IN_GOOD_STANDING``)."""
    return _status(status) in IN_GOOD_STANDING


def votes(status: str | None) -> bool:
    """Whether a state with ``status`` votes in the Organization's bodies (see ``VOTING``)."""
    return _status(status) in VOTING


# -- decision outcomes -----------------------------------------------------------------------


class Outcome(StrEnum):
    """What a body's decision on one proposal comes to, as the rules engine reports it.

    See docs/rules.md, "The decision engine" (Outcomes): ``adopted`` when every member whose vote
    counts took part; ``adopted_limited`` when some stayed out or were absent (they bear no
    obligation); ``blocked`` by an objection or missing consent; ``invalid`` when the proposal
    cannot lawfully be put or decided as framed; ``not_covered`` when no provision in force answers
    it; ``effective`` for a duty or a unilateral act that needs no vote.
    """

    ADOPTED = "adopted"
    ADOPTED_LIMITED = "adopted_limited"
    BLOCKED = "blocked"
    INVALID = "invalid"
    NOT_COVERED = "not_covered"
    EFFECTIVE = "effective"

    @property
    def verdict(self) -> Verdict:
        """The same outcome as the simulator's integer code."""
        return Verdict[self.name]


ADOPTED_BY_VOTE: frozenset[Outcome] = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_LIMITED})
"""Outcomes of a vote that carried (in full or in limited format)."""

DECIDED: frozenset[Outcome] = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_LIMITED, Outcome.EFFECTIVE})
"""Outcomes under which the measure goes ahead."""

NOT_ADMISSIBLE: frozenset[Outcome] = frozenset({Outcome.INVALID, Outcome.NOT_COVERED})
"""Outcomes that say the measure cannot be decided at all, whatever the members' stances."""


class Verdict(IntEnum):
    """A decision ``Outcome`` as a small integer, the code the simulator keeps in its arrays of draws.

    One member per ``Outcome``, same names; the first three (``ADOPTED``, ``ADOPTED_LIMITED``,
    ``EFFECTIVE``) mean the measure goes ahead, so ``verdict <= Verdict.EFFECTIVE`` tests adoption
    on a whole array. The meaning of each is the outcome's: docs/rules.md, "The decision engine"
    (Outcomes); how the simulator uses them: docs/sim.md, "The model, stage by stage" (stage 4).
    """

    ADOPTED = 0
    ADOPTED_LIMITED = 1
    EFFECTIVE = 2
    BLOCKED = 3
    INVALID = 4
    NOT_COVERED = 5

    @classmethod
    def of(cls, outcome: Outcome) -> Verdict:
        return cls[outcome.name]

    @property
    def outcome(self) -> Outcome:
        return Outcome[self.name]

    @property
    def adopted(self) -> bool:
        return self <= Verdict.EFFECTIVE


# -- crisis outcomes (the simulator) ---------------------------------------------------------


class CrisisOutcome(StrEnum):
    """How the Organization answered (or would answer) a request for help, as the simulator reports it.

    Not a decision of one body but the end of the ladder of measures tried for a crisis: forces
    sent (``assistance``), only consultations or a mission without forces
    (``consultations_or_mission``), or nothing (``no_action``). See docs/sim.md, "The model, stage
    by stage" (Outcomes) and "Backtests".
    """

    NO_ACTION = "no_action"
    CONSULTATIONS_OR_MISSION = "consultations_or_mission"
    ASSISTANCE = "assistance"


CRISIS_OUTCOMES: tuple[CrisisOutcome, ...] = tuple(CrisisOutcome)
"""The crisis outcomes in the order of the simulator's arrays."""


__all__ = [
    "ADOPTED_BY_VOTE",
    "CRISIS_OUTCOMES",
    "DECIDED",
    "IN_GOOD_STANDING",
    "MEMBERSHIP",
    "MEMBER_STATUSES",
    "NOT_ADMISSIBLE",
    "VOTING",
    "CrisisOutcome",
    "MemberStatus",
    "Outcome",
    "Verdict",
    "in_good_standing",
    "is_member",
    "votes",
]
