"""Fixtures for the simulator: parameters, a hand-made Organization, and a plain consensus procedure.

The toy procedure is a test double (consensus with the limited format, nothing inadmissible) that
lets the Monte Carlo be tested without the store or the rules engine; the integration tests use
the real ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from csto.sim.params import Parameters, load_parameters
from csto.sim.prepare import Prepared, prepare
from csto.sim.procedure import LegalView, Request, Ruling, Stance
from csto.sim.scenario import Measure, Scenario, load_scenario
from csto.sim.world import Contingent, MemberState, Organization
from csto.vocabulary import Verdict

SCENARIOS = Path(__file__).resolve().parents[2] / "src" / "csto" / "sim" / "scenarios"
MEMBERS_2022 = ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")
DECLARED = {
    "russia": 8000,
    "kazakhstan": 4000,
    "armenia": 1000,
    "belarus": 1000,
    "kyrgyzstan": 1000,
    "tajikistan": 1000,
}


class ToyConsensus:
    """Consensus, one objection blocks, members staying out make it a limited-format decision."""

    name = "toy-consensus"

    def __init__(self, inadmissible: frozenset[Measure] = frozenset()) -> None:
        self.inadmissible = inadmissible
        self.calls = 0

    def assess(self, request: Request, measure: Measure) -> LegalView:
        ok = measure not in self.inadmissible
        return LegalView(measure, ok, "collective-security-council", measure.value, "toy rules" if ok else "toy: no")

    def decide(self, request: Request, view: LegalView, positions: Mapping[str, Stance]) -> Ruling:
        self.calls += 1
        blockers = tuple(s for s, p in positions.items() if p is Stance.OBJECT)
        if blockers:
            return Ruling(Verdict.BLOCKED, "objection", blockers=blockers)
        out = tuple(s for s, p in positions.items() if p in (Stance.STAY_OUT, Stance.ABSENT))
        taking_part = tuple(s for s, p in positions.items() if p is Stance.SUPPORT)
        verdict = Verdict.ADOPTED_LIMITED if out else Verdict.ADOPTED
        return Ruling(verdict, "agreed", participants=taking_part, staying_out=out)


def organization(
    at: date, statuses: Mapping[str, str] | None = None, declared: Mapping[str, int] = DECLARED
) -> Organization:
    statuses = statuses or {m: "full" for m in MEMBERS_2022}
    members = tuple(MemberState(m, m.title(), s) for m, s in statuses.items())
    contingents = tuple(Contingent(m, "crrf", n, f"toy-{m}", ("toy",)) for m, n in declared.items() if m in statuses)
    return Organization(at, members, "armenia", contingents)


@pytest.fixture(scope="session")
def params() -> Parameters:
    return load_parameters()


@pytest.fixture(scope="session")
def kz_scenario() -> Scenario:
    return load_scenario(SCENARIOS / "kazakhstan-2022-01.yaml")


@pytest.fixture(scope="session")
def kz_prepared(kz_scenario: Scenario, params: Parameters) -> Prepared:
    return prepare(organization(kz_scenario.date), kz_scenario, params, ToyConsensus())
