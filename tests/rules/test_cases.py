"""The historical cases (src/csto/rules/cases/*.yaml) as tests, and what each reform would change."""

from __future__ import annotations

import pytest

from csto.rules import Outcome, check_case, diff_cases, get_reform, load_cases, load_rules, run_case
from csto.store import KnowledgeBase

CASES = load_cases()


def test_the_issue_cases_are_all_there() -> None:
    ids = {c.id for c in CASES}
    assert {
        "kazakhstan-2022-01",
        "armenia-2021-05",
        "armenia-2022-11",
        "kyrgyzstan-2010-06-forces",
        "kyrgyzstan-2010-06-assistance-plan",
        "uzbekistan-2012-12",
        "almaty-2024-06",
        "indestructible-brotherhood-2022",
        "kyrgyz-tajik-2022-09",
        "crrf-2009-06",
        "astana-2024-11",
        "kant-2003-09",
        "manas-2009-07",
        "almaty-2024-05-defence",
    } <= ids
    assert all(c.record.sources and c.record.summary for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_historical_case(case: object, kb: KnowledgeBase) -> None:
    decision = run_case(case, kb)  # type: ignore[arg-type]
    assert check_case(case, decision) == [], decision.reason  # type: ignore[arg-type]


def test_membership_comes_from_the_knowledge_base(kb: KnowledgeBase) -> None:
    almaty = next(c for c in CASES if c.id == "almaty-2024-06")
    decision = run_case(almaty, kb)
    assert decision.membership_origin == "knowledge base"
    assert decision.membership["armenia"] in {"full", "frozen"}
    assert decision.membership.get("uzbekistan") in {"suspended", "withdrawn"}
    kazakhstan = next(c for c in CASES if c.id == "kazakhstan-2022-01")
    assert set(run_case(kazakhstan, kb).participants) == {
        "armenia",
        "belarus",
        "kazakhstan",
        "kyrgyzstan",
        "russia",
        "tajikistan",
    }


@pytest.mark.parametrize(
    ("reform", "changed"),
    [
        ("japarov-2021", {"kyrgyz-tajik-2022-09": ("not_covered", "blocked")}),
        (
            "kurmanov-2022",
            {
                "kyrgyz-tajik-2022-09": ("not_covered", "blocked"),
                "regional-cooperation-2022": ("not_covered", "invalid"),
                "manas-2009-07": ("effective", "invalid"),
            },
        ),
        ("belarus-2023", {"kyrgyzstan-2010-06-assistance-plan": ("blocked", "adopted_limited")}),
        (
            "strict-consensus-2009",
            {
                "crrf-2009-06": ("adopted_limited", "blocked"),
                "almaty-2024-05-defence": ("adopted_limited", "blocked"),
                "almaty-2024-06": ("adopted_limited", "blocked"),
                "astana-2024-11": ("adopted_limited", "blocked"),
            },
        ),
    ],
)
def test_each_reform_changes_some_historical_outcome(
    reform: str, changed: dict[str, tuple[str, str]], kb: KnowledgeBase
) -> None:
    diffs = diff_cases(get_reform(reform), kb)
    outcomes = {d.case.id: d.changes["outcome"] for d in diffs if d.outcome_changed}
    assert outcomes == changed
    base_fingerprint = load_rules().fingerprint()
    assert all(d.before.rules == "baseline" and d.after.rules == f"baseline+{reform}" for d in diffs)
    assert load_rules().fingerprint() == base_fingerprint


def test_a_reform_applied_after_the_case_changes_nothing(kb: KnowledgeBase) -> None:
    from datetime import date

    diffs = diff_cases(get_reform("belarus-2023"), kb, start=date(2023, 1, 1))
    assert not any(d.outcome_changed for d in diffs)


def test_the_kurmanov_ban_names_the_consequence(kb: KnowledgeBase) -> None:
    diffs = {d.case.id: d for d in diff_cases(get_reform("kurmanov-2022"), kb)}
    fighting = diffs["kyrgyz-tajik-2022-09"].after
    assert fighting.outcome is Outcome.BLOCKED
    assert "tajikistan" in fighting.excluded
    assert "consequence" not in fighting.effects  # only an adopted decision carries consequences
