"""Query behaviour that does not depend on particular facts: dates, errors, search, paging."""

from __future__ import annotations

from datetime import date

import pytest

from csto.store import KnowledgeBase, QueryError, UnknownEntityError


def test_core_queries_have_no_implicit_today(kb: KnowledgeBase) -> None:
    for query in (kb.members, kb.chair, kb.officials, kb.bodies, kb.overview):
        with pytest.raises(TypeError):
            query()  # type: ignore[call-arg]


def test_an_alias_finds_its_entity(kb: KnowledgeBase) -> None:
    assert kb.resolve("Kirghizia").id == "kyrgyzstan"
    assert kb.resolve("Киргизия").id == "kyrgyzstan"
    assert kb.resolve("ОДКБ").id == "csto"
    assert kb.resolve("turkiye").id == "turkey"
    assert kb.search("Kirghiz")[0].entity.id == "kyrgyzstan"


def test_unknown_names_come_with_suggestions(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        kb.resolve("Kazakstn")
    assert "Kazakhstan" in caught.value.suggestions
    assert "Did you mean" in str(caught.value)


def test_search_is_safe_with_sql_wildcards(kb: KnowledgeBase) -> None:
    assert kb.search("%") == []
    assert kb.search("_") == [] or all("_" in h.matched for h in kb.search("_"))
    assert kb.search("'; DROP TABLE entities; --") == []
    assert kb.counts()["entities"] > 0


def test_timeline_paging_and_bad_arguments(kb: KnowledgeBase) -> None:
    first = kb.timeline(limit=5)
    second = kb.timeline(limit=5, offset=5)
    assert first.total == second.total >= 10
    assert {e.id for e in first.events}.isdisjoint({e.id for e in second.events})
    days = [e.date for e in first.events + second.events]
    assert days == sorted(days, key=lambda d: d.ljust(10, "0")) or len(set(days)) > 1
    with pytest.raises(QueryError, match="unknown event type"):
        kb.timeline(types=["party"])
    with pytest.raises(QueryError):
        kb.timeline(limit=0)
    with pytest.raises(QueryError):
        kb.timeline(limit=10_000)


def test_timeline_filters_narrow_the_list(kb: KnowledgeBase) -> None:
    everything = kb.timeline(limit=500).total
    exercises = kb.timeline(types=["exercise"], limit=500)
    assert 0 < exercises.total < everything
    assert all(e.type == "exercise" for e in exercises.events)
    in_2022 = kb.timeline(start="2022", end="2022", limit=500)
    assert all(e.date <= "2022-12-31" and (e.end_date or e.date) >= "2022" for e in in_2022.events)
    kazakhstan = kb.timeline(state="Kazakhstan", limit=500)
    assert 0 < kazakhstan.total < everything


def test_before_the_treaty_there_were_no_members(kb: KnowledgeBase) -> None:
    assert kb.members(date(1991, 12, 31)) == []
