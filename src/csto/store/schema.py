"""Relational schema of the store (SQLAlchemy Core tables, portable to SQLite and PostgreSQL).

Every table carries ``origin``: ``curated`` rows are rebuilt from the YAML dataset, ``ingested``
rows come from news ingestion and review and are never touched by a rebuild.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = "1"

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("publisher", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("author", Text),
    Column("date", String(10)),
    Column("url", Text),
    Column("kind", String(20), nullable=False),
    Column("language", String(2)),
    Column("note", Text),
    Column("origin", String(10), nullable=False, default="curated"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("description", Text),
    Column("external_ids", JSON, nullable=False),
    Column("attributes", JSON, nullable=False),
    Column("origin", String(10), nullable=False, default="curated"),
)

aliases = Table(
    "aliases",
    metadata,
    Column("entity_id", String(160), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("norm", Text, nullable=False, index=True),
    Column("is_name", Integer, nullable=False, default=0),
    Column("origin", String(10), nullable=False, default="curated"),
)

entity_sources = Table(
    "entity_sources",
    metadata,
    Column("entity_id", String(160), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("source_id", String(160), ForeignKey("sources.id"), nullable=False),
    Column("origin", String(10), nullable=False, default="curated"),
)

predicates = Table(
    "predicates",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("definition", JSON, nullable=False),
)

facts = Table(
    "facts",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("subject", String(160), ForeignKey("entities.id"), nullable=False),
    Column("predicate", String(64), ForeignKey("predicates.name"), nullable=False),
    Column("object", String(160), ForeignKey("entities.id")),
    Column("value", JSON),
    Column("qualifier", Text),
    Column("valid_from", String(10)),
    Column("valid_to", String(10)),
    Column("start_day", Date),
    Column("end_day", Date),
    Column("status", String(10), nullable=False),
    Column("dispute", String(160), index=True),
    Column("note", Text),
    Column("origin", String(10), nullable=False, default="curated"),
    Index("ix_facts_predicate_object", "predicate", "object"),
    Index("ix_facts_subject_predicate", "subject", "predicate"),
    Index("ix_facts_object", "object"),
)

fact_sources = Table(
    "fact_sources",
    metadata,
    Column("fact_id", String(200), ForeignKey("facts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("source_id", String(160), ForeignKey("sources.id"), nullable=False),
    Column("origin", String(10), nullable=False, default="curated"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("type", String(24), nullable=False, index=True),
    Column("date", String(10), nullable=False),
    Column("end_date", String(10)),
    Column("start_day", Date, nullable=False, index=True),
    Column("end_day", Date, nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text),
    Column("place", String(160), ForeignKey("entities.id")),
    Column("status", String(10), nullable=False),
    Column("dispute", String(160), index=True),
    Column("note", Text),
    Column("origin", String(10), nullable=False, default="curated"),
)

event_participants = Table(
    "event_participants",
    metadata,
    Column("event_id", String(160), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", String(160), ForeignKey("entities.id"), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("size", Integer),
    Column("note", Text),
    Column("origin", String(10), nullable=False, default="curated"),
)

event_about = Table(
    "event_about",
    metadata,
    Column("event_id", String(160), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", String(160), ForeignKey("entities.id"), nullable=False, index=True),
    Column("origin", String(10), nullable=False, default="curated"),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(160), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("source_id", String(160), ForeignKey("sources.id"), nullable=False),
    Column("origin", String(10), nullable=False, default="curated"),
)

# Children before parents: the order in which a rebuild deletes curated rows.
DELETE_ORDER = [
    fact_sources,
    event_sources,
    event_participants,
    event_about,
    facts,
    events,
    entity_sources,
    aliases,
    entities,
    sources,
]
