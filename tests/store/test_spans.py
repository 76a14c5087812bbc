"""As-of answers kept per stretch of days between changes are the answers of every day of the stretch.

``KnowledgeBase`` answers members, chair, officials, bodies and the overview's latest events once per
stretch of days on which the same rows are in force, then serves that answer for every day of the
stretch. Here the days are asked in a shuffled order (so a stretch is first filled from any of its
days) and compared with the reference implementation, which computes every day afresh, on the
days each body fact and event starts or ends, with their neighbours.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select

from csto.store import KnowledgeBase, schema
from csto.store.kb import _change_days
from tests.store.kb_reference import ReferenceKnowledgeBase


def dumped(answer: Any) -> Any:
    if isinstance(answer, list):
        return [a.model_dump() for a in answer]
    return answer.model_dump()


@pytest.fixture(scope="module")
def reference(kb: KnowledgeBase) -> ReferenceKnowledgeBase:
    return ReferenceKnowledgeBase(kb.engine)


def _edges(kb: KnowledgeBase) -> list[date]:
    """Days around each start and end of a body's fact or an event, and a spread of other days."""
    found = {date(1991, 6, 1) + timedelta(days=97 * i) for i in range(135)}
    f, e = schema.facts, schema.events
    with kb.engine.connect() as conn:
        bodies = select(schema.entities.c.id).where(schema.entities.c.kind == "body")
        rows: list[tuple[Any, Any]] = [
            (r.start_day, r.end_day)
            for r in conn.execute(select(f.c.start_day, f.c.end_day).where(f.c.subject.in_(bodies))).all()
        ]
        rows += [(r.start_day, None) for r in conn.execute(select(e.c.start_day)).all()]
    for start, end in rows:
        for day in (start, end):
            if day is not None:
                found |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    days = sorted(found)
    random.Random(7).shuffle(days)
    return days


def test_change_days_split_where_rows_enter_or_leave_force() -> None:
    rows = [("2000-01-01", "2000-12-31"), (date(2000, 6, 1), None), (None, "2001-03-01"), (None, None)]
    assert _change_days(rows) == [date(2000, 1, 1), date(2000, 6, 1), date(2001, 1, 1), date(2001, 3, 2)]
    assert _change_days([(None, date.max)]) == []


def test_answers_per_stretch_are_every_days_answers(kb: KnowledgeBase, reference: ReferenceKnowledgeBase) -> None:
    kb.refresh()
    days = _edges(kb)
    for day in days[::2]:
        assert dumped(kb.bodies(day)) == dumped(reference.bodies(day)), day
        assert dumped(kb.members(day)) == dumped(reference.members(day, False)), day
        assert dumped(kb.chair(day)) == dumped(reference.chair(day)), day
    for day in days[::9]:
        assert dumped(kb.overview(day)) == dumped(reference.overview(day)), day


def test_a_caller_changing_an_answer_does_not_change_the_next(kb: KnowledgeBase) -> None:
    day = date(2015, 3, 1)
    first = kb.members(day)
    expected = dumped(first)
    first.clear()
    assert dumped(kb.members(day)) == expected
    bodies = kb.bodies(day)
    bodies.pop()
    assert len(kb.bodies(day)) == len(bodies) + 1


def test_kept_entity_reports_are_the_reference_reports(kb: KnowledgeBase, reference: ReferenceKnowledgeBase) -> None:
    names = ["kazakhstan", "Armenia", "russia", "crrf", "collective-security-council", "secretary-general"]
    for _ in range(2):  # the second time from the kept reports
        for name in names:
            assert kb.entity(name).model_dump() == reference.entity(name).model_dump(), name
    report = kb.entity("armenia")
    expected = report.model_dump_json()
    report.facts.clear()
    report.events.pop()
    assert kb.entity("armenia").model_dump_json() == expected


def test_only_the_last_reports_are_kept() -> None:
    from csto.store.kb import _Kept

    kept = _Kept(2)
    made: list[str] = []

    def load(key: str) -> str:
        made.append(key)
        return key.upper()

    for key in ["a", "b", "a", "c", "b", "a"]:
        assert kept.get(key, partial(load, key)) == key.upper()
    assert made == ["a", "b", "c", "b", "a"]  # "b" was dropped when "c" came, "a" when "b" came back
    assert list(kept.values) == ["b", "a"]
