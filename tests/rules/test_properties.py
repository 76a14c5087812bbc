"""Properties of the decision engine, checked by hypothesis on random memberships and positions.

The membership is passed in directly (a plain ``state -> status`` mapping), so the properties hold
for any membership, not just the recorded one; each runs under the baseline and every reform.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from csto.rules import GOOD_STANDING, Decision, Outcome, RuleSet, compose, decide, load_reforms, load_rules

POOL = ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan", "serbia", "mongolia"]
STATUSES = ["full", "full", "full", "frozen", "suspended", "withdrawn", "observer"]
POSITIONS = ["supports", "does_not_object", "stays_out", "objects", "absent"]
CSC = "collective-security-council"
# consensus kinds that need no more than a body, a requester or a subject
KINDS = ["document_adoption", "budget", "assistance_measures", "collective_assistance", "suspension", "accession"]
FIRST, LAST = date(2003, 9, 18), date(2026, 11, 1)


def rule_sets() -> list[RuleSet]:
    base = load_rules()
    return [base] + [compose((name,), base.earliest) for name in load_reforms()]


RULE_SETS = rule_sets()


@st.composite
def situations(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """A valid proposal, a membership with at least two members in good standing, and voters' positions."""
    states = draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=len(POOL), unique=True))
    membership = {s: draw(st.sampled_from(STATUSES)) for s in states}
    standing = sorted(s for s in states if membership[s] in GOOD_STANDING)
    assume(len(standing) >= 2)
    kind = draw(st.sampled_from(KINDS))
    on = FIRST + timedelta(days=draw(st.integers(0, (LAST - FIRST).days)))
    proposal: dict[str, Any] = {"kind": kind, "date": on.isoformat(), "body": CSC}
    if kind in ("assistance_measures", "collective_assistance"):
        proposal |= {
            "requester": draw(st.sampled_from(standing)),
            "threat": "armed_attack" if on.year > 2013 else "external_aggression",
        }
        proposal["territory"] = [proposal["requester"]]
    if kind == "suspension":
        proposal["subject"] = draw(st.sampled_from(standing))
    if kind == "accession":
        proposal["subject"] = "afghanistan"
    positions = {s: draw(st.sampled_from(POSITIONS)) for s in standing if draw(st.booleans())}
    return proposal, membership, positions


def voters(decision: Decision) -> list[str]:
    return sorted(
        s for s, status in decision.membership.items() if status in GOOD_STANDING and s not in decision.excluded
    )


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@pytest.mark.parametrize("rules", RULE_SETS, ids=[r.name for r in RULE_SETS])
@SETTINGS
@given(situations(), st.data())
def test_one_objection_blocks(rules: RuleSet, situation: Any, data: st.DataObject) -> None:
    proposal, membership, positions = situation
    first = decide(proposal, positions, membership, rules)
    assume(first.outcome not in (Outcome.INVALID, Outcome.NOT_COVERED))
    objector = data.draw(st.sampled_from(voters(first)))
    decision = decide(proposal, positions | {objector: "objects"}, membership, rules)
    assert decision.outcome is Outcome.BLOCKED, decision.reason
    assert objector in decision.blocked_by
    assert not decision.bound


@pytest.mark.parametrize("rules", RULE_SETS, ids=[r.name for r in RULE_SETS])
@SETTINGS
@given(situations())
def test_staying_out_never_binds(rules: RuleSet, situation: Any) -> None:
    proposal, membership, positions = situation
    decision = decide(proposal, positions, membership, rules)
    out = {s for s, p in positions.items() if p == "stays_out"}
    assert not out & set(decision.bound)
    assert not set(decision.staying_out) & set(decision.bound)
    if decision.outcome is Outcome.ADOPTED_LIMITED:
        assert decision.staying_out and set(decision.participants) == set(decision.bound)
    if decision.outcome is Outcome.ADOPTED:
        assert set(decision.bound) == set(voters(decision))


@pytest.mark.parametrize("rules", RULE_SETS, ids=[r.name for r in RULE_SETS])
@SETTINGS
@given(situations(), st.sampled_from([*POOL, "georgia", "afghanistan"]), st.sampled_from(POSITIONS[:4]))
def test_only_members_in_good_standing_vote(rules: RuleSet, situation: Any, outsider: str, stance: str) -> None:
    proposal, membership, positions = situation
    assume(membership.get(outsider) not in GOOD_STANDING and outsider != proposal.get("subject"))
    decision = decide(proposal, positions | {outsider: stance}, membership, rules)
    assert decision.outcome is Outcome.INVALID, decision.reason
    assert outsider.title() in decision.reason
    assert outsider not in decision.participants + decision.blocked_by + decision.bound


@pytest.mark.parametrize("rules", RULE_SETS, ids=[r.name for r in RULE_SETS])
@SETTINGS
@given(situations(), st.data())
def test_another_supporter_never_blocks(rules: RuleSet, situation: Any, data: st.DataObject) -> None:
    proposal, membership, positions = situation
    before = decide(proposal, positions, membership, rules)
    assume(before.outcome in (Outcome.ADOPTED, Outcome.ADOPTED_LIMITED))
    newcomer = data.draw(
        st.sampled_from([s for s in [*POOL, "moldova", "georgia"] if membership.get(s) not in GOOD_STANDING])
    )
    grown = decide(proposal, positions | {newcomer: "supports"}, membership | {newcomer: "full"}, rules)
    assert grown.outcome in (Outcome.ADOPTED, Outcome.ADOPTED_LIMITED), grown.reason
    assert newcomer in grown.bound
    switched = data.draw(st.sampled_from(voters(before)))
    turned = decide(proposal, positions | {switched: "supports"}, membership, rules)
    assert turned.outcome in (Outcome.ADOPTED, Outcome.ADOPTED_LIMITED), turned.reason


@pytest.mark.parametrize("rules", RULE_SETS, ids=[r.name for r in RULE_SETS])
@SETTINGS
@given(situations())
def test_every_decision_explains_itself(rules: RuleSet, situation: Any) -> None:
    proposal, membership, positions = situation
    decision = decide(proposal, positions, membership, rules)
    assert decision.reason and decision.trace
    known = set(rules.provisions)
    assert all(step.provision in known and step.finding for step in decision.trace)
    if decision.outcome is not Outcome.NOT_COVERED:
        assert any(step.finding in decision.reason or decision.reason in step.finding for step in decision.trace)
