"""One vocabulary: statuses, outcomes and verdicts agree across the dataset, the rules and the simulator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from csto import model
from csto.dataset.loader import DATA_DIR
from csto.rules import Outcome as RulesOutcome
from csto.rules import Position, Roster, compose, decide, get_reform, load_reforms, load_rules
from csto.rules.membership import DISPUTE_PREFERENCE, GOOD_STANDING, STATUSES
from csto.sim import CrisisOutcome as SimCrisisOutcome
from csto.sim.procedure import Ruling
from csto.sim.rules_adapter import VERDICT_OF
from csto.sim.scenario import OUTCOMES
from csto.sim.world import MemberState, organization_at
from csto.store import KnowledgeBase
from csto.vocabulary import (
    ADOPTED_BY_VOTE,
    DECIDED,
    IN_GOOD_STANDING,
    MEMBER_STATUSES,
    MEMBERSHIP,
    NOT_ADMISSIBLE,
    VOTING,
    CrisisOutcome,
    MemberStatus,
    Outcome,
    Verdict,
    in_good_standing,
    is_member,
    votes,
)

ROOT = Path(__file__).resolve().parents[1]


def _member_status_values() -> set[str]:
    found: set[str] = set()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for fact in data.get("facts", []):
            if fact.get("predicate") == "member_status":
                found.add(str(fact["value"]))
        for predicate in data.get("predicates", []):
            if predicate.get("name") == "member_status":
                found.update(predicate["values"])
    return found


def test_every_status_in_the_dataset_is_in_the_enum() -> None:
    used = _member_status_values()
    assert used, "no member_status facts found"
    assert used <= {s.value for s in MemberStatus}
    assert model.MemberStatus is MemberStatus
    assert tuple(MemberStatus) == MEMBER_STATUSES and tuple(s.value for s in MEMBER_STATUSES) == STATUSES
    assert set(DISPUTE_PREFERENCE) == set(STATUSES)


def test_who_is_a_member_in_good_standing_and_votes() -> None:
    assert VOTING == IN_GOOD_STANDING == GOOD_STANDING == {MemberStatus.FULL, MemberStatus.FROZEN}
    assert IN_GOOD_STANDING | {MemberStatus.SUSPENDED} == MEMBERSHIP
    assert votes("frozen") and in_good_standing("frozen") and is_member("frozen")
    assert not votes("suspended") and not in_good_standing("suspended") and is_member("suspended")
    for status in ("withdrawn", "signatory", "observer", "partner", None, "no-such-status"):
        assert not votes(status) and not in_good_standing(status) and not is_member(status)


@pytest.mark.parametrize("status", [s.value for s in MemberStatus])
def test_votes_and_good_standing_agree_with_the_rules_engine(status: str) -> None:
    """The engine counts a state's vote exactly when the vocabulary says it votes."""
    roster = Roster.from_mapping({"russia": "full", "belarus": status}, date(2022, 1, 10))
    assert roster.votes("belarus") is votes(status)
    assert ("belarus" in roster.good_standing) is in_good_standing(status)
    assert ("belarus" in roster.voting) is votes(status)
    assert roster.is_member("belarus") is is_member(status)
    proposal = {"kind": "document_adoption", "date": "2022-01-10", "body": "CSC"}
    decision = decide(proposal, {"russia": "supports", "belarus": "supports"}, roster, load_rules())
    if votes(status):
        assert decision.outcome in ADOPTED_BY_VOTE and "belarus" in decision.participants, decision.reason
    else:
        assert decision.outcome is Outcome.INVALID, decision.reason
        assert "cannot vote" in decision.reason


def test_one_outcome_and_one_verdict() -> None:
    assert RulesOutcome is Outcome and SimCrisisOutcome is CrisisOutcome
    assert [v.name for v in Verdict] == [o.name for o in sorted(Outcome, key=lambda o: o.verdict)]
    for outcome in Outcome:
        assert outcome.verdict.outcome is outcome and Verdict.of(outcome) is outcome.verdict
        assert VERDICT_OF[outcome] is outcome.verdict
        assert outcome.verdict.adopted is (outcome in DECIDED)
        assert Ruling(outcome.verdict, "").adopted is (outcome in DECIDED)
    assert ADOPTED_BY_VOTE < DECIDED and not DECIDED & NOT_ADMISSIBLE
    assert tuple(CrisisOutcome) == OUTCOMES
    assert not {o.value for o in Outcome} & {o.value for o in CrisisOutcome}


def test_no_module_keeps_its_own_status_list() -> None:
    """Status literals live in the vocabulary, not repeated across rules, simulator, API and pages."""
    roots = ["src/csto/rules", "src/csto/sim", "src/csto/web"]
    files = [p for r in roots for p in (ROOT / r).rglob("*") if p.suffix in (".py", ".html")]
    files += list((ROOT / "src/csto/api").glob("routes_*.py"))
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for literal in ('"frozen"', '"suspended"', '("full"', '"withdrawn"'):
            if literal in text:
                offenders.append(f"{path.relative_to(ROOT)}: {literal}")
    assert not offenders


@pytest.mark.parametrize("at", [date(2010, 6, 12), date(2022, 9, 13), date(2024, 3, 1), date(2026, 6, 1)])
def test_the_simulator_votes_exactly_who_the_rules_engine_counts(kb: KnowledgeBase, at: date) -> None:
    roster = Roster.from_kb(kb, at)
    org = organization_at(kb, at)
    assert {m.id for m in org.members} == roster.members
    assert {m.id for m in org.members if m.votes} == roster.voting
    for member in org.members:
        assert member.status == roster.status(member.id)
        assert member.rivals == tuple(roster.disputed.get(member.id, ()))


def test_a_frozen_member_votes_in_the_simulator_as_in_the_rules(kb: KnowledgeBase) -> None:
    at = date(2026, 6, 1)
    org = organization_at(kb, at)
    armenia = org.member("armenia")
    assert armenia is not None and armenia.votes
    assert "frozen" in (armenia.status, *armenia.rivals)
    assert MemberState("armenia", "Armenia", "frozen").votes
    assert not MemberState("uzbekistan", "Uzbekistan", "suspended").votes
    rules = load_rules()
    proposal = {"kind": "document_adoption", "date": at.isoformat(), "body": "CSC"}
    objection = decide(proposal, {"armenia": Position.OBJECTS.value}, Roster.from_kb(kb, at), rules)
    assert objection.outcome is Outcome.BLOCKED and objection.blocked_by == ["armenia"]


def test_a_reform_is_one_file_with_its_rules_and_its_simulator_effect() -> None:
    reforms = load_reforms()
    belarus = get_reform("belarus-2023")
    assert belarus.simulation is not None and belarus.simulation.decision_hours_factor == 0.5
    assert set(belarus.simulation.sources) <= set(load_rules().sources)
    assert {r.path.name for r in reforms.values()} == {f"{name}.yaml" for name in reforms}
    assert compose(("belarus-2023",)).reforms == ("belarus-2023",)
    operations = yaml.safe_load((ROOT / "src/csto/sim/data/operations.yaml").read_text(encoding="utf-8"))
    assert "reforms" not in operations
