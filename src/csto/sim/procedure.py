"""Stages 2 and 4: legal admissibility and the collective decision, behind a small interface.

A ``Procedure`` answers two questions: is a measure admissible for this request, and by which
body (asked once per scenario and measure); and what the body decides for one pattern of member
stances. ``csto.sim.rules_adapter`` implements it with the rules engine (``csto.rules``).
``PatternDecider`` runs the procedure once per distinct stance pattern among all the draws and
caches the answer, so the Monte Carlo never calls the engine per draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from csto.sim.scenario import Measure, Scenario
from csto.sim.world import Organization
from csto.vocabulary import Verdict


class Stance(IntEnum):
    """A member's position on one measure, as drawn (the codes used in the arrays)."""

    SUPPORT = 0
    STAY_OUT = 1
    OBJECT = 2
    ABSENT = 3


STANCE_LABELS = ("supports", "stays out", "objects", "absent")


@dataclass(frozen=True)
class Request:
    """What the procedure is asked about: the scenario and the Organization on its date."""

    scenario: Scenario
    organization: Organization

    @property
    def reform(self) -> str | None:
        return self.scenario.reform


@dataclass(frozen=True)
class LegalView:
    """Whether a measure may be decided for this request, by which body, and why."""

    measure: Measure
    admissible: bool
    body: str | None
    kind: str
    reason: str
    trace: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ruling:
    """The body's decision for one pattern of stances."""

    verdict: Verdict
    reason: str
    participants: tuple[str, ...] = ()
    staying_out: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    trace: tuple[str, ...] = ()

    @property
    def adopted(self) -> bool:
        return self.verdict.adopted


class Procedure(Protocol):
    """The decision rules the simulator consults (see ``rules_adapter.RulesProcedure``)."""

    name: str

    def assess(self, request: Request, measure: Measure) -> LegalView: ...

    def decide(self, request: Request, view: LegalView, positions: Mapping[str, Stance]) -> Ruling: ...


@dataclass
class PatternDecider:
    """Decides many stance patterns at once, calling the procedure once per distinct pattern.

    A pattern is encoded as ``sum(stance[j] * 4**j)`` over the members in order.
    """

    procedure: Procedure
    request: Request
    view: LegalView
    members: tuple[str, ...]
    cache: dict[int, Ruling] = field(default_factory=dict)

    def encode(self, stances: NDArray[np.int8]) -> NDArray[np.int64]:
        weights = np.exp2(2.0 * np.arange(len(self.members)))
        return np.asarray(stances @ weights, dtype=np.int64)

    def decode(self, code: int) -> dict[str, Stance]:
        return {m: Stance((code >> (2 * j)) & 3) for j, m in enumerate(self.members)}

    def ruling(self, code: int) -> Ruling:
        found = self.cache.get(code)
        if found is None:
            found = self.procedure.decide(self.request, self.view, self.decode(code))
            self.cache[code] = found
        return found

    def mask(self, states: Sequence[str]) -> int:
        return sum(1 << self.members.index(s) for s in states if s in self.members)

    def decide(self, stances: NDArray[np.int8]) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
        """Verdict and bitmask of blocking members for each row of ``stances`` (draws x members)."""
        codes = self.encode(stances)
        space = 4 ** len(self.members)
        if space <= 1 << 22:
            unique = np.flatnonzero(np.bincount(codes, minlength=space))
            lookup = np.zeros(space, dtype=np.int64)
            lookup[unique] = np.arange(unique.size)
            inverse = lookup[codes]
        else:
            unique, inverse = np.unique(codes, return_inverse=True)
        verdicts = np.empty(len(unique), dtype=np.int8)
        blockers = np.empty(len(unique), dtype=np.int64)
        for index, code in enumerate(unique.tolist()):
            ruling = self.ruling(int(code))
            verdicts[index] = int(ruling.verdict)
            blockers[index] = self.mask(ruling.blockers)
        return verdicts[inverse], blockers[inverse]
