"""Fill the store from the validated dataset, atomically.

The dataset is validated completely before the database is touched; the curated rows are then
replaced inside one transaction, so a failure at any point leaves the previous contents intact.
Rows whose ``origin`` is not ``curated`` (ingested news, review decisions) are never deleted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from csto.dataset import Dataset
from csto.dataset.positions import positions_for
from csto.model import Fact
from csto.store import schema
from csto.store.migrate import check
from csto.store.positions import clear_positions, write_positions
from csto.store.search import reindex
from csto.store.text import normalize

CURATED = "curated"


@dataclass(frozen=True)
class BuildReport:
    counts: dict[str, int]
    seconds: float
    digest: str


def _fact_row(key: str, fact: Fact) -> dict[str, Any]:
    period = fact.period
    return {
        "id": key,
        "subject": fact.subject,
        "predicate": fact.predicate,
        "object": fact.object,
        "value": fact.value,
        "qualifier": fact.qualifier,
        "valid_from": fact.valid_from,
        "valid_to": fact.valid_to,
        "start_day": period.start.earliest if period.start else None,
        "end_day": period.end.latest if period.end else None,
        "status": str(fact.status),
        "dispute": fact.dispute,
        "note": fact.note,
        "origin": CURATED,
    }


def _write_predicates(conn: Connection, dataset: Dataset) -> None:
    existing = set(conn.scalars(select(schema.predicates.c.name)))
    for name, predicate in dataset.predicates.items():
        definition = predicate.model_dump(mode="json")
        if name in existing:
            conn.execute(
                update(schema.predicates).where(schema.predicates.c.name == name).values(definition=definition)
            )
        else:
            conn.execute(insert(schema.predicates).values(name=name, definition=definition))


def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


# Rows that ingested data may point at: updated in place, so references to them (an article
# added as a source of a curated event, an accepted fact about a curated entity) survive a rebuild.
UPSERTED = (schema.entities, schema.sources, schema.events)


def _upsert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Update the curated rows of ``table`` whose ids are kept, insert the new ones."""
    existing = set(conn.scalars(select(table.c.id).where(table.c.origin == CURATED)))
    kept = [{**{f"new_{k}": v for k, v in row.items()}, "key": row["id"]} for row in rows if row["id"] in existing]
    if kept:
        columns = [c for c in rows[0] if c != "id"]
        statement = (
            update(table).where(table.c.id == bindparam("key")).values({c: bindparam(f"new_{c}") for c in columns})
        )
        conn.execute(statement, kept)
    _insert(conn, table, [row for row in rows if row["id"] not in existing])


def write_curated(conn: Connection, dataset: Dataset) -> None:
    """Replace every curated row with the dataset's contents (inside the caller's transaction)."""
    for table in schema.DELETE_ORDER:
        if table not in UPSERTED:
            conn.execute(delete(table).where(table.c.origin == CURATED))
    # Curated rows that left the dataset go; a curated event's place is set again below, so clear it
    # first in case that place is one of the entities leaving. Ingested rows still pointing at a
    # leaving entity make the whole rebuild fail and roll back: nothing a reviewer accepted is lost.
    conn.execute(update(schema.events).where(schema.events.c.origin == CURATED).values(place=None))
    wanted = {schema.events: set(dataset.events), schema.entities: set(dataset.entities),
              schema.sources: set(dataset.sources)}  # fmt: skip
    for table, ids in wanted.items():
        current = set(conn.scalars(select(table.c.id).where(table.c.origin == CURATED)))
        if current - ids:
            conn.execute(delete(table).where(table.c.id.in_(current - ids)))
    _write_predicates(conn, dataset)
    _upsert(conn, schema.sources, [{**s.model_dump(mode="json"), "origin": CURATED} for s in dataset.sources.values()])
    _upsert(
        conn,
        schema.entities,
        [
            {
                "id": e.id,
                "kind": str(e.kind),
                "name": e.name,
                "description": e.description,
                "external_ids": e.external_ids,
                "attributes": e.attributes,
                "origin": CURATED,
            }
            for e in dataset.entities.values()
        ],
    )
    alias_rows = []
    for e in dataset.entities.values():
        seen: set[str] = set()
        for position, alias in enumerate([e.name, *e.aliases]):
            norm = normalize(alias)
            if norm and norm not in seen:
                seen.add(norm)
                alias_rows.append(
                    {"entity_id": e.id, "alias": alias, "norm": norm, "is_name": int(position == 0), "origin": CURATED}
                )
    _insert(conn, schema.aliases, alias_rows)
    _insert(
        conn,
        schema.entity_sources,
        [{"entity_id": e.id, "source_id": s, "origin": CURATED} for e in dataset.entities.values() for s in e.sources],
    )
    _insert(conn, schema.facts, [_fact_row(k, f) for k, f in dataset.facts.items()])
    _insert(
        conn,
        schema.fact_sources,
        [
            {"fact_id": k, "source_id": s, "origin": CURATED}
            for k, f in dataset.facts.items()
            for s in dict.fromkeys(f.sources)
        ],
    )
    event_rows = []
    for ev in dataset.events.values():
        period = ev.period
        assert period.start is not None and period.end is not None
        event_rows.append(
            {
                "id": ev.id,
                "type": str(ev.type),
                "date": ev.date,
                "end_date": ev.end_date,
                "start_day": period.start.earliest,
                "end_day": period.end.latest,
                "title": ev.title,
                "summary": ev.summary,
                "place": ev.place,
                "status": str(ev.status),
                "dispute": ev.dispute,
                "note": ev.note,
                "origin": CURATED,
            }
        )
    _upsert(conn, schema.events, event_rows)
    _insert(
        conn,
        schema.event_participants,
        [
            {
                "event_id": e.id,
                "entity_id": p.entity,
                "role": str(p.role),
                "size": p.size,
                "note": p.note,
                "origin": CURATED,
            }
            for e in dataset.events.values()
            for p in e.participants
        ],
    )
    _insert(
        conn,
        schema.event_about,
        [
            {"event_id": e.id, "entity_id": a, "origin": CURATED}
            for e in dataset.events.values()
            for a in dict.fromkeys(e.about)
        ],
    )
    _insert(
        conn,
        schema.event_sources,
        [
            {"event_id": e.id, "source_id": s, "origin": CURATED}
            for e in dataset.events.values()
            for s in dict.fromkeys(e.sources)
        ],
    )


def _set_meta(conn: Connection, values: dict[str, str]) -> None:
    conn.execute(delete(schema.meta).where(schema.meta.c.key.in_(list(values))))
    conn.execute(insert(schema.meta), [{"key": k, "value": v} for k, v in values.items()])


def build(engine: Engine, dataset: Dataset) -> BuildReport:
    """Create the schema if the database is empty (refuse another revision), then replace the curated rows."""
    started = time.perf_counter()
    check(engine)
    positions = positions_for(dataset)  # validated before the database is touched
    with engine.begin() as conn:
        clear_positions(conn)  # before the entities and sources they cite may go
        write_curated(conn, replace(dataset, sources={**dataset.sources, **positions.sources}))
        write_positions(conn, positions)
        reindex(conn)  # the full-text index follows the rows, ingested ones included
        _set_meta(
            conn,
            {
                "dataset_digest": dataset.digest,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
    return BuildReport(dataset.counts(), time.perf_counter() - started, dataset.digest)
