"""Export tables of the store as CSV, Parquet or JSON that pandas (or R) reads as they are."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from csto.store import schema
from csto.store.kb import KnowledgeBase

TABLES = ("entities", "facts", "events", "sources")
FORMATS = ("csv", "parquet", "json")


def _grouped(kb: KnowledgeBase, table: Any, key: str, value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in kb._rows(select(getattr(table.c, key), getattr(table.c, value))):
        out[str(row[0])].append(str(row[1]))  # type: ignore[misc]
    return out


def frame(kb: KnowledgeBase, table: str) -> pd.DataFrame:
    """One export table as a DataFrame with only text, integer and float columns."""
    if table == "entities":
        aliases = _grouped(kb, schema.aliases, "entity_id", "alias")
        rows = [
            {
                "id": r.id,
                "kind": r.kind,
                "name": r.name,
                "aliases": "|".join(a for a in aliases.get(r.id, []) if a != r.name),
                "iso3": r.external_ids.get("iso3"),
                "cow": r.external_ids.get("cow"),
                "wikidata": r.external_ids.get("wikidata"),
                "description": r.description,
                "origin": r.origin,
            }
            for r in kb._rows(select(schema.entities).order_by(schema.entities.c.id))
        ]
    elif table == "facts":
        sources = _grouped(kb, schema.fact_sources, "fact_id", "source_id")
        names = {k: v.name for k, v in kb.entities.items()}
        rows = [
            {
                "id": r.id,
                "subject": r.subject,
                "subject_name": names.get(r.subject),
                "predicate": r.predicate,
                "object": r.object,
                "object_name": names.get(r.object) if r.object else None,
                "value": None if r.value is None else json.dumps(r.value, ensure_ascii=False),
                "qualifier": r.qualifier,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "status": r.status,
                "dispute": r.dispute,
                "note": r.note,
                "sources": ";".join(sources.get(r.id, [])),
                "origin": r.origin,
            }
            for r in kb._rows(select(schema.facts).order_by(schema.facts.c.id))
        ]
    elif table == "events":
        sources = _grouped(kb, schema.event_sources, "event_id", "source_id")
        about = _grouped(kb, schema.event_about, "event_id", "entity_id")
        people: dict[str, list[str]] = defaultdict(list)
        for p in kb._rows(select(schema.event_participants)):
            people[p.event_id].append(f"{p.entity_id}:{p.role}" + (f":{p.size}" if p.size is not None else ""))
        rows = [
            {
                "id": r.id,
                "type": r.type,
                "date": r.date,
                "end_date": r.end_date,
                "title": r.title,
                "summary": r.summary,
                "place": r.place,
                "status": r.status,
                "participants": ";".join(people.get(r.id, [])),
                "about": ";".join(about.get(r.id, [])),
                "dispute": r.dispute,
                "note": r.note,
                "sources": ";".join(sources.get(r.id, [])),
                "origin": r.origin,
            }
            for r in kb._rows(select(schema.events).order_by(schema.events.c.start_day, schema.events.c.id))
        ]
    elif table == "sources":
        rows = [dict(r._mapping) for r in kb._rows(select(schema.sources).order_by(schema.sources.c.id))]
    else:
        raise ValueError(f"unknown table {table!r}; choose from {TABLES}")
    return pd.DataFrame(rows).astype(object).where(lambda df: df.notna(), None)


def export(kb: KnowledgeBase, directory: Path, fmt: str, tables: tuple[str, ...] = TABLES) -> list[Path]:
    """Write each table to ``directory/<table>.<fmt>``; returns the paths written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        df = frame(kb, table)
        path = directory / f"{table}.{fmt}"
        if fmt == "csv":
            df.to_csv(path, index=False)
        elif fmt == "parquet":
            df.astype("string").to_parquet(path, index=False)
        else:
            df.to_json(path, orient="records", force_ascii=False, indent=1)
        written.append(path)
    return written
