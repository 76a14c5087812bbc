"""Every provision of the baseline, exercised: one or more scenarios per provision, each naming it.

The last test checks that the scenario table covers every provision the rule set ships, so a new
provision without a test fails the suite.
"""

from __future__ import annotations

from typing import Any

import pytest

from csto.rules import Outcome, load_rules
from tests.rules.helpers import applied, finding, members, run, support
from tests.rules.scenarios import ASSIST, CSC, PROCEDURE, Scenario
from tests.rules.scenarios_treaty import TREATY

SCENARIOS = [*PROCEDURE, *TREATY]
TESTED_ELSEWHERE = {"chair-rotation": "tests/rules/test_rotation.py"}


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_provision(s: Scenario) -> None:
    decision = run(s.kind, s.on, s.positions, s.membership, **s.fields)
    assert decision.outcome is s.outcome, decision.reason
    assert s.provision in applied(decision), f"{s.provision} not applied: {applied(decision)}"
    text = finding(decision, s.provision) + " | " + decision.reason + " | " + str(decision.effects)
    assert s.text in text, text


def test_every_provision_has_a_test() -> None:
    covered = {s.provision for s in SCENARIOS} | set(TESTED_ELSEWHERE)
    assert covered == set(load_rules().provisions), sorted(set(load_rules().provisions) ^ covered)


def test_versions_follow_the_amendments() -> None:
    rules = load_rules()
    old, new = (
        rules.version("treaty-art-4", run_date("2012-12-18")),
        rules.version("treaty-art-4", run_date("2012-12-19")),
    )
    assert old.end == run_date("2012-12-18") and new.start == run_date("2012-12-19")
    assert new.amended_by == "treaty-amendment-protocol-2010" and old.amended_by is None
    assert rules.version("consensus", run_date("2004-06-17")).params["limited_format"] is False
    assert rules.version("consensus", run_date("2004-06-18")).params["limited_format"] is True


def run_date(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def test_effects_and_obligations() -> None:
    d = run("withdrawal_notice", "2020-08-31", requester="armenia")
    assert d.effects["withdrawal_effective"] == "2021-02-28"
    d = run("collective_assistance", "2013-03-01", support(belarus="stays_out"), **ASSIST | {"forces": "peacekeeping"})
    assert d.outcome is Outcome.ADOPTED_LIMITED
    assert "belarus" in d.staying_out and "belarus" not in d.bound and "belarus" in d.not_bound
    assert d.effects["withdrawal"].startswith("contingents leave")
    assert "Belarus" not in d.effects["assistance"]


def test_suspended_requester_may_still_withdraw() -> None:
    d = run("withdrawal_notice", "2013-01-10", membership=members(uzbekistan="suspended"), requester="uzbekistan")
    assert d.outcome is Outcome.EFFECTIVE and d.effects["withdrawal_effective"] == "2013-07-10"


def test_caveats_mark_uncertain_dates() -> None:
    d = run(
        "peacekeeping_deployment", "2022-01-06", support(), body=CSC, requester="kazakhstan", territory=["kazakhstan"]
    )
    step = next(s for s in d.trace if s.provision == "peacekeeping-mandate")
    assert step.caveat and "signature" in step.caveat
    d = run("document_adoption", "2024-06-06", support(armenia="absent"), members(armenia="frozen"), body=CSC)
    step = next(s for s in d.trace if s.provision == "standing-non-objection")
    assert step.caveat and "earliest documented use" in step.caveat


def test_partner_status_before_the_protocol_is_not_covered() -> None:
    d = run("partner_status", "2019-03-01", support(), body=CSC, subject="serbia")
    assert d.outcome is Outcome.NOT_COVERED
    assert "2021-01-19" in d.reason


def test_treaty_era_decisions_are_taken_by_the_council_by_consensus_of_all() -> None:
    """Before the Charter (1994-2003) the Treaty's Council decides; every participating state must take part."""
    fields = {"body": CSC, "requester": "tajikistan", "threat": "external_aggression", "territory": ["tajikistan"]}
    d = run("collective_assistance", "1999-03-01", support(), **fields)
    assert d.outcome is Outcome.ADOPTED, d.reason
    step = next(s for s in d.trace if s.provision == "consensus")
    assert step.instrument == "Treaty" and step.article == "6" and step.version == "1994-04-20"
    absent = run("collective_assistance", "1999-03-01", support(belarus="absent"), **fields)
    assert absent.outcome is Outcome.BLOCKED and "Belarus" in absent.reason
    internal = run("collective_assistance", "1999-03-01", support(), **(fields | {"threat": "internal_unrest"}))
    assert internal.outcome is Outcome.NOT_COVERED
    measures = run("assistance_measures", "1999-03-01", support(), body=CSC, requester="kyrgyzstan")
    assert measures.outcome is Outcome.ADOPTED, measures.reason
    ministers = "council-of-foreign-ministers"
    wrong = run("assistance_measures", "1999-03-01", support(), body=ministers, requester="kyrgyzstan")
    assert wrong.outcome is Outcome.INVALID and "not a body of the Organization" in wrong.reason


def test_crisis_regulation_applies_only_with_the_2010_protocols() -> None:
    """Signed on 10 December 2010, the crisis-response regulation takes effect on 19 December 2012."""
    fields = {"body": CSC, "requester": "tajikistan", "threat": "threat"}
    before = run("assistance_measures", "2012-12-18", support(), **fields)
    after = run("assistance_measures", "2012-12-19", support(), **fields)
    assert "crisis-response" not in applied(before) and "crisis-response" in applied(after)
    assert "decision_deadline" not in after.effects
    assert run("assistance_measures", "2023-11-23", support(), **fields).effects["decision_deadline"] == "24 hours"


def test_a_suspended_member_keeps_the_guarantees_but_not_the_vote() -> None:
    """The 2004 regulation suspends participation in the bodies: no vote, but its territory stays covered."""
    membership = members(uzbekistan="suspended")
    fields = {"body": CSC, "requester": "uzbekistan", "threat": "armed_attack", "territory": ["uzbekistan"]}
    d = run("collective_assistance", "2014-03-01", support(), membership, **fields)
    assert d.outcome is Outcome.ADOPTED and "uzbekistan" not in d.participants
    pk = run("peacekeeping_deployment", "2014-03-01", support(), membership, **fields)
    assert pk.outcome is Outcome.ADOPTED, pk.reason
    vote = run("collective_assistance", "2014-03-01", support(uzbekistan="objects"), membership, **fields)
    assert vote.outcome is Outcome.INVALID and "suspended and may not vote" in vote.reason
    consult = run("consultations", "2014-03-01", {}, membership, requester="uzbekistan")
    assert consult.outcome is Outcome.EFFECTIVE


def test_peacekeeping_before_the_2007_agreement_is_not_covered() -> None:
    d = run(
        "peacekeeping_deployment", "2006-03-01", support(), body=CSC, requester="kazakhstan", territory=["kazakhstan"]
    )
    assert d.outcome is Outcome.NOT_COVERED and "peacekeeping-mandate" in d.reason


def test_transit_before_the_2015_agreement_is_not_covered() -> None:
    d = run("transit", "2016-03-01", {"kazakhstan": "supports"}, subject="kazakhstan", requester="russia")
    assert d.outcome is Outcome.NOT_COVERED and "transit-of-contingents" in d.reason
