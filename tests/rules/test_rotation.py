"""The chairmanship and the Secretary General: derived by the rules, compared with the record."""

from __future__ import annotations

from datetime import date

import pytest

from csto.rules import Agreement, RulesError, check_chairmanship, check_secretary_general, disagreements, load_rules
from csto.rules.logic import params_of
from csto.rules.logic.offices import RotationParams, next_in_rotation
from csto.store import KnowledgeBase

SIX = {"armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"}


def chair_params() -> RotationParams:
    return params_of(load_rules().version("chair-rotation", date(2020, 1, 1)), RotationParams)


def test_russian_alphabetical_order() -> None:
    p = chair_params()
    order = ["armenia"]
    for _ in range(6):
        order.append(next_in_rotation(p, order[-1], SIX) or "")
    assert order == ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "armenia"]
    assert next_in_rotation(p, "tajikistan", SIX | {"uzbekistan"}) == "uzbekistan"
    assert next_in_rotation(p, "belarus", SIX, step=-1) == "armenia"
    assert next_in_rotation(p, "armenia", SIX | {"uzbekistan"}, step=-1) == "uzbekistan"
    assert (
        next_in_rotation(p, "kazakhstan", SIX - {"kyrgyzstan"}) == "russia"
    )  # a member not in good standing is skipped


def test_chair_rotation_provision_is_dated() -> None:
    rules = load_rules()
    assert params_of(rules.version("chair-rotation", date(2005, 1, 1)), RotationParams).alphabetical is False
    late = rules.version("chair-rotation", date(2010, 1, 1))
    assert late.start == date(2009, 6, 14) and params_of(late, RotationParams).alphabetical


def test_chairmanship_derived_and_recorded(kb: KnowledgeBase) -> None:
    checks = {c.year: c for c in check_chairmanship(kb, 2005, 2026)}
    assert checks[2005].status is Agreement.NOT_DERIVABLE
    for year, state in {2017: "belarus", 2020: "russia", 2023: "belarus", 2024: "kazakhstan", 2026: "russia"}.items():
        assert checks[year].derived == state
    assert checks[2017].basis.startswith("anchor")
    assert all(c.derived not in (None, "uzbekistan") for y, c in checks.items() if y >= 2013)
    for c in checks.values():
        assert c.recorded and len(c.recorded) <= 12
        if c.status is Agreement.AGREE:
            assert c.midyear == c.derived


def test_every_disagreement_is_reported(kb: KnowledgeBase) -> None:
    chair = check_chairmanship(kb, 2004, 2026)
    found = disagreements(chair)
    assert all(c.status in (Agreement.DISAGREE, Agreement.PARTIAL, Agreement.MISSING) for c in found)
    assert [c for c in chair if c.disagreement] == found
    assert not any(c.status is Agreement.NOT_DERIVABLE for c in found)


def test_secretary_general_terms(kb: KnowledgeBase) -> None:
    checks = {c.year: c for c in check_secretary_general(kb, 2015, 2028)}
    assert checks[2016].status is Agreement.NOT_DERIVABLE
    assert [checks[y].derived for y in (2017, 2020, 2023, 2026)] == ["armenia", "belarus", "kazakhstan", "kyrgyzstan"]
    assert checks[2021].basis == "term 2020–2022"
    if checks[2019].midyear is not None and checks[2019].midyear != "armenia":
        assert checks[2019] in disagreements(list(checks.values()))


def test_years_must_make_sense(kb: KnowledgeBase) -> None:
    with pytest.raises(RulesError, match="years must run forwards"):
        check_chairmanship(kb, 2020, 2010)
