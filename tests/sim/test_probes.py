"""Counterfactual probes: the direction sources or experts expect, checked against the simulator.

Each probe changes one thing in a shipped scenario and compares the outcome shares (request stage
included) or P(request); the table in docs/sim.md gives the reason for each expected direction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from csto.sim.results import SimulationResult
from csto.sim.run import simulate
from csto.sim.scenario import Adversary, CrisisKind, RequestMade, find_scenario, load_scenario
from csto.store import KnowledgeBase

RUNS = 3_000


def probe(kb: KnowledgeBase, name: str, **changes: Any) -> SimulationResult:
    scenario = load_scenario(find_scenario(name)).model_copy(update=changes)
    return simulate(kb, scenario, RUNS, seed=1)


def overall(result: SimulationResult) -> dict[str, float]:
    return dict(result.stages["request"]["overall"])


def p_request(result: SimulationResult) -> float:
    return float(result.stages["request"]["p_request"])


def test_crisis_outside_members_territory_is_not_covered(kb: KnowledgeBase) -> None:
    inside = probe(kb, "armenia-2022-09")
    outside = probe(kb, "armenia-2022-09", territory="azerbaijan")
    assert overall(inside)["assistance"] > 0 and overall(outside)["assistance"] == 0
    reasons = [step["reason"] for step in outside.stages["legal"]]
    assert all(r.startswith("not covered") for r in reasons), reasons


def test_karabakh_2020_versus_an_attack_on_armenia_proper(kb: KnowledgeBase) -> None:
    karabakh = probe(kb, "armenia-2020-09", request=None)
    proper = probe(kb, "armenia-2020-09", request=None, territory="armenia")
    assert p_request(proper) > p_request(karabakh)
    assert overall(proper)["assistance"] > overall(karabakh)["assistance"] == 0


def test_non_member_requester_gets_no_action(kb: KnowledgeBase) -> None:
    result = probe(kb, "kazakhstan-2022-01", requester="azerbaijan", territory="azerbaijan")
    assert overall(result)["no_action"] == pytest.approx(1.0)


def test_the_2010_amendments_open_assistance_once_in_force(kb: KnowledgeBase) -> None:
    """Signed in December 2010, the protocols (and the crisis regulation) apply from 19 December 2012.

    The same armed unrest in 2009 and in 2011 meets the 1992 Article 4 (aggression by a state only), so
    forces are not covered in either year; in 2013 the amended Article 4 covers an armed attack.
    """
    before = probe(kb, "kazakhstan-2022-01", date=date(2009, 6, 1))
    signed = probe(kb, "kazakhstan-2022-01", date=date(2011, 6, 1))
    in_force = probe(kb, "kazakhstan-2022-01", date=date(2013, 6, 1))
    assert overall(before)["assistance"] == overall(signed)["assistance"] == 0
    assert overall(in_force)["assistance"] > 0.5
    reasons = [step["reason"] for step in signed.stages["legal"] if step["measure"] == "assistance"]
    assert reasons and "not aggression under this text" in reasons[0]


def test_the_treaty_era_council_decides_before_the_charter(kb: KnowledgeBase) -> None:
    """1994-2003: the Treaty's Collective Security Council is the deciding body, by consensus of all."""
    result = probe(kb, "kyrgyzstan-1999-08", request=RequestMade.CSTO)
    legal = {step["measure"]: step for step in result.stages["legal"]}
    assert all(step["body"] == "collective-security-council" for step in legal.values())
    assert legal["mission"]["admissible"] and "consensus" in " ".join(legal["mission"]["trace"])
    # an incursion by a non-state group is not aggression by a state under the 1992 Article 4
    assert not legal["assistance"]["admissible"] and overall(result)["assistance"] == 0


@pytest.mark.parametrize("on", [date(2024, 3, 1), date(2024, 11, 28), date(2025, 6, 1), date(2026, 3, 1)])
def test_armenia_s_freeze_does_not_fix_no_action(kb: KnowledgeBase, on: date) -> None:
    """Sessions since 2024 decide without Armenia; a grave crisis then is not settled by its absence."""
    result = probe(kb, "kazakhstan-2022-01", date=on, severity=5, request=RequestMade.CSTO)
    assert overall(result)["no_action"] < 0.5
    assert overall(result)["assistance"] > 0.5


def test_a_severity_1_incident_is_asked_about_less_and_answered_less(kb: KnowledgeBase) -> None:
    grave = probe(kb, "kazakhstan-2022-01", request=None)
    incident = probe(kb, "kazakhstan-2022-01", request=None, severity=1)
    assert p_request(incident) < p_request(grave)
    assert overall(incident)["assistance"] < overall(grave)["assistance"]


def test_kursk_2024_russia_does_not_ask(kb: KnowledgeBase) -> None:
    result = probe(kb, "russia-2024-08-kursk", request=None)
    assert p_request(result) < 0.05
    assert max(overall(result), key=overall(result).__getitem__) == "no_action"


def test_belarus_2020_turns_to_russia_rather_than_the_organization(kb: KnowledgeBase) -> None:
    belarus = probe(kb, "belarus-2020-08", request=None)
    kazakhstan = probe(kb, "kazakhstan-2022-01", request=None)
    assert p_request(belarus) < 0.5 < p_request(kazakhstan)
    assert belarus.stages["request"]["p_bilateral"] > 0


def test_a_claim_of_outside_interference_raises_the_request_and_assistance(kb: KnowledgeBase) -> None:
    claimed = probe(kb, "kazakhstan-2022-01", request=None)
    domestic = probe(kb, "kazakhstan-2022-01", request=None, alleged_outside_interference=None)
    assert p_request(claimed) > p_request(domestic)
    assert overall(claimed)["assistance"] > overall(domestic)["assistance"]


def test_an_aggressor_that_is_a_member_makes_a_request_less_likely(kb: KnowledgeBase) -> None:
    member = probe(kb, "kyrgyz-tajik-2022-09")
    outsider = probe(
        kb, "kyrgyz-tajik-2022-09", kind=CrisisKind.EXTERNAL_AGGRESSION, adversary=Adversary(state="uzbekistan")
    )
    assert p_request(member) < p_request(outsider)


def test_japarov_reform_opens_assistance_between_members(kb: KnowledgeBase) -> None:
    base = probe(kb, "kyrgyz-tajik-2022-09", request=RequestMade.CSTO)
    reformed = probe(kb, "kyrgyz-tajik-2022-09", request=RequestMade.CSTO, reform="japarov-2021")
    assert overall(reformed)["assistance"] > overall(base)["assistance"] == 0


def test_no_request_means_no_collective_forces(kb: KnowledgeBase) -> None:
    result = probe(kb, "kazakhstan-2022-01", request=RequestMade.NONE)
    assert overall(result)["assistance"] == 0
    assert overall(result)["consultations_or_mission"] == pytest.approx(result.stages["request"]["own_initiative"])


def test_a_bilateral_request_reaches_the_organization_only_by_referral(kb: KnowledgeBase) -> None:
    direct = probe(kb, "kazakhstan-2022-01", request=RequestMade.CSTO)
    bilateral = probe(kb, "kazakhstan-2022-01", request=RequestMade.RUSSIA_BILATERAL)
    share = bilateral.stages["request"]["referral"]
    assert overall(bilateral)["assistance"] == pytest.approx(share * overall(direct)["assistance"], rel=1e-9)
