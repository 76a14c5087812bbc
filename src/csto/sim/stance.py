"""Stage 3: each member's stance, from the documented stance model (``data/stances.yaml``).

The latent willingness of member i to back measure m is
``base_i - cost_im + e_i`` with ``e_i`` a standard logistic draw; ``base_i`` sums the
coefficients times the member's dated features (alignment, ties to the adversary, tension with
the requester, being the adversary) plus the crisis kind and severity; ``cost_im`` is the
measure's cost plus, for assistance, the member's domestic constraints. The member supports
above 0, objects below ``-stay_out_band``, and stays out in between.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csto.sim.params import Dyad, Parameters, dated_value
from csto.sim.scenario import CrisisKind, Measure, RelationLevel, Scenario

if TYPE_CHECKING:
    from csto.alignment.record import Prior
    from csto.sim.world import Relation


@dataclass(frozen=True)
class StanceProfile:
    """One member's features on the scenario date and the willingness they add up to."""

    state: str
    alignment: float
    ties: float
    tension: float
    domestic: float
    party: bool
    base: float
    ties_basis: str = ""
    internal: float = 0.0
    alignment_basis: str = ""

    def cost(self, params: Parameters, measure: Measure) -> float:
        cost = params.stances.measures[measure].value
        if measure is Measure.ASSISTANCE:
            cost += params.stances.model.domestic_constraints.value * self.domestic
        return cost

    def probabilities(self, params: Parameters, measure: Measure) -> tuple[float, float, float]:
        """Chances of support, staying out and objecting to ``measure`` (if the member votes)."""
        margin = self.base - self.cost(params, measure)
        band = params.stances.model.stay_out_band.value
        support = _logistic(margin)
        obj = _logistic(-band - margin)
        return support, max(0.0, 1.0 - support - obj), obj


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _dyad(entries: list[Dyad], a: str, b: str | None, scenario: Scenario, default: float) -> float:
    if b is None or a == b:
        return default if b is None else 0.0
    matching = [e for e in entries if {e.a, e.b} == {a, b}]
    value = dated_value(list(matching), scenario.date, default)
    return default if value is None else value


def _ties(
    params: Parameters, scenario: Scenario, state: str, adversary: str | None, relation: Relation | None
) -> tuple[float, str]:
    """The tie of ``state`` to the adversary and where it comes from.

    A user's override of the dyad wins; then the dataset's ``relation_with`` fact, through the level
    scale of ``stances.yaml: relations``; then the hand-set dyad, kept only where the record is silent;
    then the default.
    """
    sp = params.stances
    default = sp.defaults["ties"].value if "ties" in sp.defaults else 0.0
    if adversary is None:
        return default, "no state adversary: default tie"
    if adversary == state:
        return 0.0, "the member is the adversary"
    dyads = [e for e in sp.dyads.ties if {e.a, e.b} == {state, adversary}]
    if any(e.override for e in dyads):
        value = dated_value([e for e in dyads if e.override], scenario.date, default)
        return (default if value is None else value), "set by the user for this run (override)"
    if relation is not None and sp.relations:
        level = RelationLevel(relation.level)
        return sp.relations[
            level
        ].value, f"record: {relation.fact} ({level.value}; sources {', '.join(relation.sources)})"
    value = dated_value(list(dyads), scenario.date, None)
    if value is not None:
        return value, "hand-set in stances.yaml (dyads.ties): the record is silent on this tie on this date"
    return default, "default: no recorded tie and none hand-set"


def internal_effect(params: Parameters, scenario: Scenario) -> float:
    """The stance effect of an internal crisis's form and of the requester's claim of outside interference."""
    internal = params.stances.internal
    if internal is None or scenario.kind is not CrisisKind.INTERNAL_UNREST:
        return 0.0
    effect = internal.forms[scenario.internal_form].effect.value if scenario.internal_form else 0.0
    if scenario.interference_alleged:
        effect += internal.interference_claim.value
    return effect


def _alignment(params: Parameters, scenario: Scenario, state: str, prior: Prior | None) -> tuple[float | None, str]:
    """The member's alignment and where it comes from: a user's override, the record's index, or stances.yaml."""
    sp = params.stances
    features = sp.states.get(state)
    entries = features.alignment if features else []
    default = sp.defaults["alignment"].value if "alignment" in sp.defaults else 0.5
    overrides = [e for e in entries if e.override]
    if overrides:
        value = dated_value(overrides, scenario.date, None)
        if value is not None:
            return value, "set by the user for this run (override)"
    hand = dated_value(entries, scenario.date, None)
    if prior is not None and not prior.silent:
        return prior.value, prior.describe()
    if hand is not None:
        why = f"; {prior.describe()}" if prior is not None else " (prior: hand-set)"
        return hand, f"hand-set in stances.yaml{why}"
    why = f"; {prior.describe()}" if prior is not None else ""
    return default, f"default: no alignment hand-set{why}"


def stance_profile(
    params: Parameters, scenario: Scenario, state: str, relation: Relation | None = None, prior: Prior | None = None
) -> StanceProfile:
    """The features of ``state`` on the scenario's date and its base willingness.

    ``relation`` is the member's recorded relation with the adversary (``Organization.relation``);
    ``prior`` the alignment index from the record on the scenario's date (``csto.alignment``), used
    unless the record is silent there or the user overrode the member's alignment.
    """
    sp = params.stances
    coef = sp.model
    features = sp.states.get(state)
    defaults = {k: v.value for k, v in sp.defaults.items()}
    alignment, alignment_basis = _alignment(params, scenario, state, prior)
    domestic = dated_value(
        features.domestic_constraints if features else [], scenario.date, defaults.get("domestic_constraints", 0.0)
    )
    adversary = scenario.adversary.state if scenario.adversary else None
    ties, ties_basis = _ties(params, scenario, state, adversary, relation)
    internal = internal_effect(params, scenario)
    tension = _dyad(sp.dyads.tension, state, scenario.requester, scenario, defaults.get("tension", 0.0))
    party = adversary == state
    assert alignment is not None and domestic is not None
    base = (
        coef.base.value
        + sp.kinds[scenario.kind].effect.value
        + internal
        + coef.severity.value * (scenario.severity - 3)
        + coef.alignment.value * alignment
        - coef.ties_to_adversary.value * ties
        - coef.tension_with_requester.value * tension
        - coef.party_to_conflict.value * float(party)
    )
    return StanceProfile(state, alignment, ties, tension, domestic, party, base, ties_basis, internal, alignment_basis)
