"""Time the KnowledgeBase's as-of questions against their floor: the simplest program with the same answer.

For members as of a date, the chair as of a date and an entity's facts in force on a date, the
floor is one raw ``sqlite3`` query on one open connection (a window query for members, ``LIMIT 1``
for the chair), joining the names and gathering each fact's source ids and disputed rivals' ids, so
it gives everything csto's answer gives. Before timing, the two answers are checked equal on every
date. Each repetition times csto and the floor interleaved, call by call, over the same random
dates, and prints the median per call of both and their ratio (targets: members and chair at most
3x the floor). Run: ``.venv/bin/python benchmarks/floors.py [--dates 2000] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from csto.store import KnowledgeBase, make_engine, rebuild
from csto.store.answers import FactView
from csto.store.kb import CHAIRED_BODY, LISTING_ORDER, ORGANIZATION

ENTITIES = ["kazakhstan", "armenia", "uzbekistan", "russia", "crrf", "collective-security-council"]

# Per fact: its sources' ids and its rivals' (same dispute, other id) ids, space-separated.
_EXTRAS = """
    (SELECT group_concat(s.source_id, ' ') FROM fact_sources s WHERE s.fact_id = f.id) AS sources,
    (SELECT group_concat(r.id, ' ') FROM facts r WHERE r.dispute = f.dispute AND r.id <> f.id) AS rivals
"""
_IN_FORCE = "(f.start_day IS NULL OR f.start_day <= :at) AND (f.end_day IS NULL OR f.end_day >= :at)"

MEMBERS_SQL = f"""
WITH latest AS (
    SELECT f.*, row_number() OVER (PARTITION BY f.subject ORDER BY f.start_day DESC) AS n
    FROM facts f
    WHERE f.predicate = 'member_status' AND f.object = :org AND {_IN_FORCE}
)
SELECT f.subject, e.name, json_extract(f.value, '$') AS status, f.valid_from, f.valid_to, f.id, {_EXTRAS}
FROM latest f JOIN entities e ON e.id = f.subject
WHERE f.n = 1 AND json_extract(f.value, '$') <> 'withdrawn'
"""

CHAIR_SQL = f"""
SELECT f.subject, e.name, f.id, {_EXTRAS}
FROM facts f JOIN entities e ON e.id = f.subject
WHERE f.predicate = 'chairs' AND f.object = :body AND {_IN_FORCE}
ORDER BY f.start_day DESC LIMIT 1
"""

FACTS_SQL = f"""
SELECT f.id, f.subject, s.name, f.predicate, f.object, o.name, f.value, f.valid_from, f.valid_to, f.status,
    {_EXTRAS}
FROM facts f JOIN entities s ON s.id = f.subject LEFT JOIN entities o ON o.id = f.object
WHERE (f.subject = :entity OR f.object = :entity) AND {_IN_FORCE}
ORDER BY f.predicate, f.start_day
"""


def _ids(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(joined.split(" "))) if joined else ()


def _extras(view: FactView) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(sorted(s.id for s in view.sources)), tuple(sorted(r.id for r in view.rivals))


# -- the floors: one raw query each ----------------------------------------------------------------


def floor_members(conn: sqlite3.Connection, at: date) -> list[tuple[Any, ...]]:
    rows = conn.execute(MEMBERS_SQL, {"at": at.isoformat(), "org": ORGANIZATION}).fetchall()
    out = [(r[0], r[1], r[2], r[3], r[4], r[5], _ids(r[6]), _ids(r[7])) for r in rows]
    return sorted(out, key=lambda m: (LISTING_ORDER.get(m[2], 9), m[1]))


def floor_chair(conn: sqlite3.Connection, at: date) -> tuple[Any, ...] | None:
    r = conn.execute(CHAIR_SQL, {"at": at.isoformat(), "body": CHAIRED_BODY}).fetchone()
    return None if r is None else (r[0], r[1], r[2], _ids(r[3]), _ids(r[4]))


def floor_facts(conn: sqlite3.Connection, entity: str, at: date) -> list[tuple[Any, ...]]:
    rows = conn.execute(FACTS_SQL, {"at": at.isoformat(), "entity": entity}).fetchall()
    return [
        (*r[:6], json.loads(r[6]) if isinstance(r[6], str) else r[6], r[7], r[8], r[9], _ids(r[10]), _ids(r[11]))
        for r in rows
    ]


# -- csto's answers, reduced to the same tuples (outside the timing) ---------------------------------


def shape_members(answer: Any) -> list[tuple[Any, ...]]:
    return [(m.state.id, m.state.name, m.status, m.since, m.until, m.fact.id, *_extras(m.fact)) for m in answer]


def shape_chair(answer: Any) -> tuple[Any, ...] | None:
    if answer.fact is None or answer.chair is None:
        return None
    return (answer.chair.id, answer.chair.name, answer.fact.id, *_extras(answer.fact))


def shape_facts(answer: Any) -> list[tuple[Any, ...]]:
    return [
        (
            v.id,
            v.subject.id,
            v.subject.name,
            v.predicate,
            v.object.id if v.object else None,
            v.object.name if v.object else None,
            v.value,
            v.valid_from,
            v.valid_to,
            v.status,
            *_extras(v),
        )
        for v in answer
    ]


Call = Callable[[date, str], Any]


def interleaved(csto: Call, floor: Call, args: list[tuple[date, str]]) -> tuple[list[float], list[float]]:
    """Per-call seconds of csto and of the floor, alternating which goes first."""
    ours, floors = [], []
    clock = time.perf_counter
    for i, (day, entity) in enumerate(args):
        if i % 2:
            t0 = clock()
            floor(day, entity)
            t1 = clock()
            csto(day, entity)
            t2 = clock()
            floors.append(t1 - t0)
            ours.append(t2 - t1)
        else:
            t0 = clock()
            csto(day, entity)
            t1 = clock()
            floor(day, entity)
            t2 = clock()
            ours.append(t1 - t0)
            floors.append(t2 - t1)
    return ours, floors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dates", type=int, default=2000, help="random dates per repetition")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions")
    parser.add_argument("--seed", type=int, default=1992)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start, end = date(1992, 1, 1), date(2026, 11, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "floors.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        rebuild(engine)
        kb = KnowledgeBase(engine)
        raw = sqlite3.connect(path, isolation_level=None)
        questions: dict[str, tuple[Call, Call, Callable[[Any], Any]]] = {
            "members": (lambda d, _e: kb.members(d), lambda d, _e: floor_members(raw, d), shape_members),
            "chair": (lambda d, _e: kb.chair(d), lambda d, _e: floor_chair(raw, d), shape_chair),
            "entity facts": (
                lambda d, e: kb.facts_about(e, d),
                lambda d, e: floor_facts(raw, e, d),
                shape_facts,
            ),
        }
        # Equal answers first: every day of the range for members and chair, every 7th for facts.
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        for name, (csto, floor, shape) in questions.items():
            checked = [(d, ENTITIES[i % len(ENTITIES)]) for i, d in enumerate(days)]
            if name == "entity facts":
                checked = checked[::7]
            for day, entity in checked:
                ours, theirs = shape(csto(day, entity)), floor(day, entity)
                if ours != theirs:
                    raise SystemExit(f"{name} on {day} ({entity}): csto {ours!r} != floor {theirs!r}")
            print(f"{name}: csto and floor agree on {len(checked)} dates")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in questions}
        for repeat in range(args.repeats):
            sample = [
                (start + timedelta(days=rng.randrange((end - start).days)), rng.choice(ENTITIES))
                for _ in range(args.dates)
            ]
            for name, (csto, floor, _shape) in questions.items():
                ours, floors = interleaved(csto, floor, sample)
                ms = statistics.median(ours) * 1000, statistics.median(floors) * 1000
                results[name].append(ms)
                print(
                    f"run {repeat + 1} {name:>12}: csto {ms[0]:.4f} ms, floor {ms[1]:.4f} ms, "
                    f"ratio {ms[0] / ms[1]:.1f}x"
                )
        print(f"median of {args.repeats} runs, {args.dates} dates each:")
        for name, runs in results.items():
            ours_ms = statistics.median(r[0] for r in runs)
            floor_ms = statistics.median(r[1] for r in runs)
            ratio = statistics.median(r[0] / r[1] for r in runs)
            target = " (target <= 3x)" if name in ("members", "chair") else ""
            print(f"{name:>12}: csto {ours_ms:.4f} ms, floor {floor_ms:.4f} ms, ratio {ratio:.1f}x{target}")
        raw.close()
        engine.dispose()


if __name__ == "__main__":
    main()
