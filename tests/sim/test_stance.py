"""The stance model: features read at the date, the willingness they add up to, and its effects."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from csto.sim.params import Parameters, with_overrides
from csto.sim.scenario import Measure, Scenario, load_scenario
from csto.sim.stance import stance_profile

from .conftest import SCENARIOS

ARMENIA_2022 = load_scenario(SCENARIOS / "armenia-2022-09.yaml")
KG_TJ_2022 = load_scenario(SCENARIOS / "kyrgyz-tajik-2022-09.yaml")


def test_features_come_from_the_dated_data(params: Parameters) -> None:
    russia = stance_profile(params, ARMENIA_2022, "russia")
    assert (russia.alignment, russia.ties, russia.tension, russia.domestic) == (1.0, 0.6, 0.3, 0.6)
    m, k = params.stances.model, params.stances.kinds[ARMENIA_2022.kind]
    expected = (
        m.base.value
        + k.effect.value
        + m.severity.value * (4 - 3)
        + m.alignment.value * 1.0
        - m.ties_to_adversary.value * 0.6
        - m.tension_with_requester.value * 0.3
    )
    assert math.isclose(russia.base, expected)
    assert not russia.party


def test_a_member_that_is_the_adversary_objects(params: Parameters) -> None:
    tajikistan = stance_profile(params, KG_TJ_2022, "tajikistan")
    assert tajikistan.party
    support, _, objection = tajikistan.probabilities(params, Measure.MISSION)
    assert objection > 0.9 and support < 0.01


def test_probabilities_sum_to_one_and_costlier_measures_get_less_support(params: Parameters) -> None:
    profile = stance_profile(params, ARMENIA_2022, "kazakhstan")
    previous = 1.0
    for measure in (Measure.CONSULTATIONS, Measure.MISSION, Measure.ASSISTANCE):
        support, stay, obj = profile.probabilities(params, measure)
        assert math.isclose(support + stay + obj, 1.0)
        assert support <= previous
        previous = support


def test_domestic_constraints_weigh_on_assistance_only(params: Parameters) -> None:
    profile = stance_profile(params, ARMENIA_2022, "belarus")
    lighter = with_overrides(params, {"stances.states.belarus.domestic_constraints": 0.0})
    free = stance_profile(lighter, ARMENIA_2022, "belarus")
    assert free.probabilities(lighter, Measure.MISSION) == profile.probabilities(params, Measure.MISSION)
    assert free.probabilities(lighter, Measure.ASSISTANCE)[0] > profile.probabilities(params, Measure.ASSISTANCE)[0]


@settings(max_examples=40, deadline=None)
@given(low=st.floats(0, 1), high=st.floats(0, 1))
def test_stronger_ties_to_the_adversary_never_raise_support(params: Parameters, low: float, high: float) -> None:
    low, high = sorted((low, high))
    results = []
    for value in (low, high):
        changed = with_overrides(params, {"stances.dyads.ties.kazakhstan.azerbaijan": value})
        results.append(stance_profile(changed, ARMENIA_2022, "kazakhstan").probabilities(changed, Measure.ASSISTANCE))
    assert results[1][0] <= results[0][0] + 1e-12
    assert results[1][2] >= results[0][2] - 1e-12


def test_severity_raises_willingness(params: Parameters) -> None:
    mild: Scenario = ARMENIA_2022.model_copy(update={"severity": 1})
    grave: Scenario = ARMENIA_2022.model_copy(update={"severity": 5})
    assert stance_profile(params, grave, "russia").base > stance_profile(params, mild, "russia").base
