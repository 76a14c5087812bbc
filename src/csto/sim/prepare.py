"""The scenario compiled for the Monte Carlo: every stage that does not depend on the draw.

``prepare`` reads the Organization from the store (stage 1), asks the procedure about each
measure once (stage 2), computes each member's stance profile (stage 3), the declared
contingents (stage 5) and the transit routes (stage 6), and returns plain arrays the vectorized
simulator and the per-draw reference implementation both use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from csto.rules import get_reform
from csto.rules.schema import SimulationRecord
from csto.sim.errors import ContextError
from csto.sim.params import Lognormal, Parameters
from csto.sim.procedure import LegalView, PatternDecider, Procedure, Request
from csto.sim.request import RequestStage, request_stage
from csto.sim.scenario import Measure, Scenario
from csto.sim.stance import StanceProfile, stance_profile
from csto.sim.transit import TransitPlan, plan_routes
from csto.sim.world import Contingent, Organization

if TYPE_CHECKING:
    from csto.alignment.record import Prior


@dataclass
class Rung:
    """One measure on the ladder: its legal view and, per member, its cost."""

    measure: Measure
    view: LegalView
    cost: NDArray[np.float64]
    decision_median: float
    decision_sigma: float
    decider: PatternDecider


@dataclass
class Prepared:
    """Everything the draws need, as arrays over ``members`` (in a fixed order)."""

    scenario: Scenario
    params: Parameters
    organization: Organization
    members: tuple[str, ...]
    names: tuple[str, ...]
    voting: NDArray[np.bool_]
    requester: int | None
    profiles: tuple[StanceProfile, ...]
    base: NDArray[np.float64]
    band: float
    rungs: tuple[Rung, ...]
    forces: tuple[str, ...]
    contingents: NDArray[np.int64]
    contingent_facts: tuple[Contingent | None, ...]
    share_mean: float
    share_concentration: float
    readiness_median: NDArray[np.float64]
    readiness_sigma: NDArray[np.float64]
    transit: TransitPlan
    throughput: float
    mission: Lognormal
    withdrawal: Lognormal
    notes: list[str] = field(default_factory=list)
    request: RequestStage | None = None

    @property
    def n(self) -> int:
        return len(self.members)

    def fixed_stances(self) -> NDArray[np.int8]:
        """-1 where the stance is drawn; the requester always supports, non-voters are absent."""
        fixed = np.full(self.n, -1, dtype=np.int8)
        fixed[~self.voting] = 3
        if self.requester is not None:
            fixed[self.requester] = 0
        return fixed

    def summary(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "voting": [m for m, v in zip(self.members, self.voting, strict=True) if v],
            "forces": list(self.forces),
            "contingents": {m: int(c) for m, c in zip(self.members, self.contingents, strict=True) if c},
            "notes": list(self.notes),
        }


def reform_effect(reform: str | None) -> SimulationRecord | None:
    """The simulator effect a reform's file sets under ``simulation:`` (None for none or no reform)."""
    return get_reform(reform).simulation if reform else None


def _decision_time(params: Parameters, body: str | None, effect: SimulationRecord | None) -> tuple[float, float]:
    table = params.operations.decision_hours
    spec = table.get(body or "default", table["default"])
    factor = effect.decision_hours_factor if effect is not None else 1.0
    return spec.median * factor, spec.sigma


def prepare(
    organization: Organization,
    scenario: Scenario,
    params: Parameters,
    procedure: Procedure,
    priors: Mapping[str, Prior] | None = None,
) -> Prepared:
    """Compile ``scenario`` against the Organization on its date, the parameters and the rules.

    ``priors``: each member's alignment index from the record (``csto.alignment``), when the run
    takes its alignment from the record rather than from stances.yaml.
    """
    if not organization.members:
        raise ContextError(f"the knowledge base lists no members of the Organization on {scenario.date}")
    members = tuple(m.id for m in organization.members)
    names = tuple(m.name for m in organization.members)
    voting = np.array([m.votes for m in organization.members], dtype=bool)
    requester = members.index(scenario.requester) if scenario.requester in members else None
    notes: list[str] = list(organization.missing)
    if requester is None:
        notes.append(f"{scenario.requester} is not a member on {scenario.date}")
    adversary = scenario.adversary.state if scenario.adversary else None
    priors = priors or {}
    profiles = tuple(
        stance_profile(params, scenario, m, organization.relation(m, adversary), priors.get(m)) for m in members
    )
    base = np.array([p.base for p in profiles])
    request = Request(scenario, organization)
    effect = reform_effect(scenario.reform)
    rungs = []
    for measure in scenario.ladder:
        view = procedure.assess(request, measure)
        cost = np.array([p.cost(params, measure) for p in profiles])
        median, sigma = _decision_time(params, view.body, effect)
        decider = PatternDecider(procedure, request, view, members)
        rungs.append(Rung(measure, view, cost, median, sigma, decider))
    ops = params.operations
    forces = tuple(scenario.forces or ops.forces_for_basis.forces[scenario.basis])
    facts = tuple(organization.contingent_of(m, forces) for m in members)
    contingents = np.array([c.persons if c else 0 for c in facts], dtype=np.int64)
    readiness = [ops.readiness_hours.get(m, ops.readiness_hours["default"]) for m in members]
    transit_members = frozenset(m.id for m in organization.members if m.votes)
    if effect is not None and effect.member_transit_hours is not None:
        hours = ops.permission.member_transit_hours.model_copy(update={"value": effect.member_transit_hours})
        ops = ops.model_copy(update={"permission": ops.permission.model_copy(update={"member_transit_hours": hours})})
    transit = plan_routes(
        ops,
        scenario.date,
        members,
        transit_members,
        scenario.requester,
        (scenario.place.lat, scenario.place.lon),
        scenario.adversary.state if scenario.adversary else None,
    )
    commitment = params.operations.commitment
    decision = scenario.territory_decision
    notes.append(decision.describe())
    territory_member = decision.state in {m.id for m in organization.members}
    if not territory_member:
        notes.append(f"the place lies in {decision.state}'s territory, not a member's")
    return Prepared(
        scenario=scenario,
        params=params,
        organization=organization,
        members=members,
        names=names,
        voting=voting,
        requester=requester,
        profiles=profiles,
        base=base,
        band=params.stances.model.stay_out_band.value,
        rungs=tuple(rungs),
        forces=forces,
        contingents=contingents,
        contingent_facts=facts,
        share_mean=commitment[f"severity_{scenario.severity}"].value,
        share_concentration=commitment["concentration"].value,
        readiness_median=np.array([r.median for r in readiness]),
        readiness_sigma=np.array([r.sigma for r in readiness]),
        transit=transit,
        throughput=ops.airlift.throughput_per_hour.value,
        mission=ops.mission_days[scenario.kind],
        withdrawal=ops.withdrawal_days,
        notes=notes,
        request=request_stage(params, scenario, organization, profiles, territory_member),
    )
