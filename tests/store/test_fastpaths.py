"""The fast paths give exactly the answers of the implementation before them, and stay fresh and thread-safe.

``ReferenceKnowledgeBase`` (tests/store/kb_reference.py) is the KnowledgeBase as it was before each
question became one prepared statement on a reused connection; on every backend, the answers of
both are compared on a date every 30 days from 1992 to 2026 and on every day a membership, chair
or office fact starts or ends, with the day before and the day after.
"""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from csto.store import KnowledgeBase, rebuild, schema
from tests.store.kb_reference import ReferenceKnowledgeBase

ENTITIES = ["kazakhstan", "armenia", "uzbekistan", "russia", "crrf", "collective-security-council", "secretary-general"]


@pytest.fixture(scope="module")
def reference(kb: KnowledgeBase) -> ReferenceKnowledgeBase:
    return ReferenceKnowledgeBase(kb.engine)


@pytest.fixture(scope="module")
def days(kb: KnowledgeBase) -> list[date]:
    """Every 30 days 1992-2026, and each day an as-of fact starts or ends, with its neighbours."""
    found = {date(1992, 1, 1) + timedelta(days=30 * i) for i in range(35 * 365 // 30)}
    f = schema.facts
    with kb.engine.connect() as conn:
        rows = conn.execute(
            select(f.c.start_day, f.c.end_day).where(f.c.predicate.in_(("member_status", "chairs", "holds_office")))
        ).all()
    for row in rows:
        for day in (row.start_day, row.end_day):
            if day is not None:
                found |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(found)


def dumped(answer: Any) -> Any:
    if isinstance(answer, list):
        return [a.model_dump() for a in answer]
    return answer.model_dump()


def test_members_are_unchanged(kb: KnowledgeBase, reference: ReferenceKnowledgeBase, days: list[date]) -> None:
    for day in days:
        for former in (False, True):
            assert dumped(kb.members(day, include_former=former)) == dumped(reference.members(day, former)), day


def test_chair_and_officials_are_unchanged(
    kb: KnowledgeBase, reference: ReferenceKnowledgeBase, days: list[date]
) -> None:
    for day in days:
        assert dumped(kb.chair(day)) == dumped(reference.chair(day)), day
        assert dumped(kb.officials(day)) == dumped(reference.officials(day)), day
    for day in days[::5]:
        office = "secretary-general"
        assert dumped(kb.officials(day, office)) == dumped(reference.officials(day, office)), day


def test_overview_is_unchanged(kb: KnowledgeBase, reference: ReferenceKnowledgeBase, days: list[date]) -> None:
    for day in days[::3]:
        assert dumped(kb.overview(day)) == dumped(reference.overview(day)), day
    assert kb.counts() == reference.counts()


def test_entity_facts_and_reports_are_unchanged(
    kb: KnowledgeBase, reference: ReferenceKnowledgeBase, days: list[date]
) -> None:
    for i, day in enumerate(days[::4]):
        entity = ENTITIES[i % len(ENTITIES)]
        assert dumped(kb.facts_about(entity, day)) == dumped(reference.facts_about(entity, day)), (entity, day)
    for entity in ENTITIES:
        assert dumped(kb.facts_about(entity)) == dumped(reference.facts_about(entity)), entity
        assert dumped(kb.entity(entity)) == dumped(reference.entity(entity)), entity


def test_timeline_and_events_are_unchanged(kb: KnowledgeBase, reference: ReferenceKnowledgeBase) -> None:
    for offset in range(0, 600, 100):
        assert dumped(kb.timeline(offset=offset)) == dumped(reference.timeline(offset=offset))
    assert dumped(kb.timeline(state="armenia", limit=500)) == dumped(reference.timeline(state="armenia", limit=500))
    for event in reference.timeline(limit=500).events[::25]:
        assert dumped(kb.event(event.id)) == dumped(reference.event(event.id))


def test_names_search_and_maps_are_unchanged(kb: KnowledgeBase, reference: ReferenceKnowledgeBase) -> None:
    assert kb.entities == reference.entities and kb.sources == reference.sources and kb.iso3 == reference.iso3
    for query in ("kaz", "Armenia", "council", "secretary"):
        assert dumped(kb.search(query)) == dumped(reference.search(query))
    assert kb.suggest("Kazakstan") == reference.suggest("Kazakstan")


def test_threads_get_the_same_answers(kb: KnowledgeBase, reference: ReferenceKnowledgeBase, days: list[date]) -> None:
    sample = days[::7]
    expected = {day: (dumped(reference.members(day)), dumped(reference.chair(day))) for day in sample}
    failures: list[str] = []

    def ask(shift: int) -> None:
        try:
            for day in sample[shift:] + sample[:shift]:
                if (dumped(kb.members(day)), dumped(kb.chair(day))) != expected[day]:
                    failures.append(f"thread {shift} on {day}")
        except Exception as error:  # pragma: no cover - reported below
            failures.append(repr(error))

    threads = [threading.Thread(target=ask, args=(i * 3,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def _members_in_child(kb: KnowledgeBase, day: date, out: Any) -> None:
    out.put([m.state.id for m in kb.members(day)])


def test_a_forked_process_opens_its_own_connection(kb: KnowledgeBase) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    day = date(2010, 1, 1)
    expected = [m.state.id for m in kb.members(day)]  # the parent holds a connection now
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_members_in_child, args=(kb, day, out))
    child.start()
    got = out.get(timeout=60)
    child.join(timeout=60)
    assert child.exitcode == 0 and got == expected
    assert [m.state.id for m in kb.members(day)] == expected  # and the parent's still works


def test_refresh_and_other_writers_are_seen(fresh_engine: Engine, tmp_path: Path) -> None:
    rebuild(fresh_engine)
    kb = KnowledgeBase(fresh_engine)
    day = date(2010, 1, 1)
    fact = kb.members(day)[0].fact
    assert "wire" not in [s.id for s in fact.sources]
    counts = kb.counts()
    with fresh_engine.begin() as conn:  # another connection writes, and the revision moves
        conn.execute(schema.sources.insert().values(id="wire", publisher="Wire", title="t", kind="news"))
        conn.execute(schema.fact_sources.insert().values(fact_id=fact.id, source_id="wire", origin="ingested"))
        conn.execute(update(schema.meta).where(schema.meta.c.key == "dataset_digest").values(value="changed"))
    after = next(m for m in kb.members(day) if m.fact.id == fact.id)
    assert "wire" in [s.id for s in after.fact.sources]
    assert kb.counts() == {**counts, "sources": counts["sources"] + 1}
    assert kb.sources["wire"].publisher == "Wire"
    with fresh_engine.begin() as conn:  # a repair that leaves the revision alone
        conn.execute(schema.fact_sources.delete().where(schema.fact_sources.c.source_id == "wire"))
    kb.refresh()
    after = next(m for m in kb.members(day) if m.fact.id == fact.id)
    assert "wire" not in [s.id for s in after.fact.sources]
    if fresh_engine.dialect.name == "sqlite":  # where a cheap check sees every commit, no refresh needed
        with fresh_engine.begin() as conn:
            conn.execute(schema.fact_sources.insert().values(fact_id=fact.id, source_id="wire", origin="ingested"))
        after = next(m for m in kb.members(day) if m.fact.id == fact.id)
        assert "wire" in [s.id for s in after.fact.sources]
