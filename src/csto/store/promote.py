"""``csto review export``: accepted claims as dataset YAML, so a person can promote them in a reviewed diff.

The file follows ``docs/data-dictionary.md`` and is validated against the dataset schema before it
is written. What the schema cannot say (an article that adds a source to a curated event, a
disputed fact whose curated rival needs the same ``dispute`` key) is listed in comments at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, select

from csto.model import DatasetFile
from csto.store import schema
from csto.store import schema as tables

INGESTED = "ingested"


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, [], {}, "")}


def collect(engine: Engine) -> tuple[dict[str, Any], list[str]]:
    """The dataset records of everything accepted, and notes for the person promoting them."""
    notes: list[str] = []
    with engine.connect() as conn:
        claims = conn.execute(
            select(tables.claims)
            .where(tables.claims.c.status.in_(["accepted", "disputed"]))
            .order_by(tables.claims.c.id)
        ).all()
        event_ids = {c.event_id for c in claims if c.event_id}
        fact_ids = {f for c in claims for f in (c.fact_ids or [])}
        e = schema.events
        events = conn.execute(select(e).where(e.c.id.in_(event_ids))).all()
        ingested_events = [r for r in events if r.origin == INGESTED]
        for row in events:
            if row.origin != INGESTED:
                sources = conn.scalars(
                    select(schema.event_sources.c.source_id).where(
                        (schema.event_sources.c.event_id == row.id) & (schema.event_sources.c.origin == INGESTED)
                    )
                ).all()
                if sources:
                    notes.append(f"curated event {row.id}: add sources {', '.join(sorted(set(sources)))}")
        ids = [r.id for r in ingested_events]
        participants = conn.execute(
            select(schema.event_participants).where(schema.event_participants.c.event_id.in_(ids))
        ).all()
        about = conn.execute(select(schema.event_about).where(schema.event_about.c.event_id.in_(ids))).all()
        event_sources = conn.execute(select(schema.event_sources).where(schema.event_sources.c.event_id.in_(ids))).all()
        f = schema.facts
        facts = conn.execute(select(f).where(f.c.id.in_(fact_ids) & (f.c.origin == INGESTED))).all()
        fact_sources = conn.execute(
            select(schema.fact_sources).where(schema.fact_sources.c.fact_id.in_([r.id for r in facts]))
        ).all()
        source_ids = {r.source_id for r in event_sources} | {r.source_id for r in fact_sources}
        source_ids |= {v["source"] for c in claims for v in (c.payload or {}).get("disputed_facts", [])}
        sources = conn.execute(
            select(schema.sources).where(schema.sources.c.id.in_(source_ids) & (schema.sources.c.origin == INGESTED))
        ).all()
        entity_ids = {r.entity_id for r in participants} | {r.entity_id for r in about}
        entity_ids |= {r.subject for r in facts} | {r.object for r in facts if r.object}
        entity_ids |= {r.place for r in ingested_events if r.place}
        entity_ids |= {
            v[k]
            for c in claims
            for v in (c.payload or {}).get("disputed_facts", [])
            for k in ("subject", "object")
            if v[k]
        }
        entities = conn.execute(
            select(schema.entities).where(schema.entities.c.id.in_(entity_ids) & (schema.entities.c.origin == INGESTED))
        ).all()
    disputed: list[dict[str, Any]] = []
    for claim in claims:
        for number, rival in enumerate((claim.payload or {}).get("disputed_facts", []), 1):
            disputed.append(
                {
                    "id": f"{claim.id.replace('_', '-')}-{number}",
                    "subject": rival["subject"],
                    "predicate": rival["predicate"],
                    "object": rival["object"],
                    "value": rival["value"],
                    "valid_from": rival["valid_from"],
                    "sources": [rival["source"]],
                    "status": "disputed",
                    "dispute": rival["dispute"],
                    "note": "contradicts " + ", ".join(rival["contradicts"]),
                }
            )
            notes.append(
                f"fact {claim.id}-{number} disputes {', '.join(rival['contradicts'])}; "
                f"give them `dispute: {rival['dispute']}` if they lack it"
            )
            source_ids.add(rival["source"])
    data = {
        "sources": [
            _clean({k: getattr(r, k) for k in ("id", "publisher", "title", "author", "date", "url", "kind", "note")})
            for r in sources
        ],
        "entities": [_clean({"id": r.id, "kind": r.kind, "name": r.name}) for r in entities],
        "facts": [
            _clean(
                {
                    "id": r.id,
                    "subject": r.subject,
                    "predicate": r.predicate,
                    "object": r.object,
                    "value": r.value,
                    "valid_from": r.valid_from,
                    "valid_to": r.valid_to,
                    "sources": sorted({s.source_id for s in fact_sources if s.fact_id == r.id}),
                    "status": r.status,
                    "dispute": r.dispute,
                    "note": r.note,
                }
            )
            for r in facts
        ]
        + [_clean(d) for d in disputed],
        "events": [
            _clean(
                {
                    "id": r.id,
                    "type": r.type,
                    "date": r.date,
                    "end_date": r.end_date,
                    "title": r.title,
                    "place": r.place,
                    "participants": [
                        {"entity": p.entity_id, "role": p.role} for p in participants if p.event_id == r.id
                    ],
                    "about": [a.entity_id for a in about if a.event_id == r.id],
                    "status": r.status,
                    "sources": sorted({s.source_id for s in event_sources if s.event_id == r.id}),
                    "dispute": r.dispute,
                    "note": r.note,
                }
            )
            for r in ingested_events
        ],
    }
    return {k: v for k, v in data.items() if v}, notes


def export_yaml(engine: Engine, path: Path) -> dict[str, int]:
    """Write accepted claims as one dataset YAML file; returns counts per section."""
    data, notes = collect(engine)
    DatasetFile.model_validate(data)
    header = ["# Accepted news claims exported by `csto review export`; review before promoting into the dataset."]
    header += [f"# - {note}" for note in notes]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110) if data else "{}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    return {k: len(v) for k, v in data.items()}
