"""Relational schema of the store (SQLAlchemy Core tables, portable to SQLite and PostgreSQL).

Every table carries ``origin``: ``curated`` rows are rebuilt from the YAML dataset, ``ingested``
rows come from news ingestion and review and are never touched by a rebuild.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

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

# -- Members' position claims (csto.dataset.positions, issue 16): rebuilt from positions/*.yaml ------

positions = Table(
    "positions",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("holder", String(160), ForeignKey("entities.id"), nullable=False, index=True),
    Column("speaker", String(160), ForeignKey("entities.id")),
    Column("speaker_name", Text),
    Column("official", Integer, nullable=False, comment="1 when the speaker speaks for the state"),
    Column("topic", String(32), nullable=False),
    Column("stance", Integer, nullable=False, comment="-2 (against the Organization's line) to 2 (for it)"),
    Column("kind", String(8), nullable=False, comment="speech, act or vote"),
    Column("date", String(10), nullable=False),
    Column("start_day", Date, nullable=False, index=True),
    Column("end_day", Date, nullable=False),
    Column("quote", Text),
    Column("summary", Text, nullable=False),
    Column("origin", String(10), nullable=False, default="curated"),
)

position_sources = Table(
    "position_sources",
    metadata,
    Column("position_id", String(160), ForeignKey("positions.id", ondelete="CASCADE"), nullable=False, index=True),
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


# -- Ingestion and review: documents, proposed claims, decisions, proposed entities -----------------
# Never created, dropped or emptied by a rebuild of the curated data (they carry no ``origin``);
# accepted claims reach the knowledge base as ``origin='ingested'`` rows of the tables above.

documents = Table(
    "ingest_documents",
    metadata,
    Column("id", String(64), primary_key=True, comment="SHA-256 of the content"),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(10)),
    Column("published_confidence", Float, nullable=False),
    Column("published_how", String(12), nullable=False),
    Column("text_kind", String(12), nullable=False),
    Column("text", Text, nullable=False),
    Column("mentions", JSON, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("fingerprint", String(16), index=True, comment="SimHash of the text (csto.store.text.fingerprint)"),
    Column("duplicate_of", String(64), comment="the stored document this one nearly repeats, if any"),
)

claims = Table(
    "ingest_claims",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("document_id", String(64), ForeignKey("ingest_documents.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("type", String(24), nullable=False),
    Column("date", String(10)),
    Column("payload", JSON, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("event_id", String(160)),
    Column("fact_ids", JSON, nullable=False),
    Column("disputes", JSON, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("decided_at", String(32)),
    Index("ix_ingest_claims_status_date", "status", "date"),
)

reviews = Table(
    "ingest_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(40), ForeignKey("ingest_claims.id"), nullable=False, index=True),
    Column("action", String(10), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("reviewer", Text),
    Column("note", Text),
    Column("at", String(32), nullable=False),
)

proposed_entities = Table(
    "ingest_entities",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("document_id", String(64), ForeignKey("ingest_documents.id"), nullable=False),
    Column("status", String(10), nullable=False),
)


# -- API tokens for writes (salted hashes only) ---------------------------------------------------

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("salt", String(32), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


# -- Full-text search (csto.store.search): one row per event, fact, source and entity --------------
# Rewritten by a rebuild and by claim acceptance; the words are indexed by the backend's own objects
# (SQLite FTS5 table ``search_fts`` with its triggers, PostgreSQL GIN index ``search_fts``), which
# migration 0003 makes outside this MetaData.

search_entries = Table(
    "search_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True, comment="the FTS5 rowid"),
    Column("kind", String(8), nullable=False, comment="event, fact, source or entity"),
    Column("key", String(200), nullable=False, comment="the record's id"),
    Column("type", String(64), comment="event type, entity kind, fact predicate or source kind"),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("title_words", Text, nullable=False, comment="the title as matched (csto.store.search.fold)"),
    Column("body_words", Text, nullable=False, comment="the body as matched (csto.store.search.fold)"),
    Column("date", String(10)),
    Column("end_date", String(10)),
    Column("start_day", Date),
    Column("end_day", Date),
    Column("about", String(160), comment="a fact's subject"),
    Column("url", Text, comment="a source's address"),
    Column("origin", String(10), nullable=False),
    Index("ix_search_entries_kind_key", "kind", "key", unique=True),
)

search_entry_entities = Table(
    "search_entry_entities",
    metadata,
    Column("entry_id", Integer, ForeignKey("search_entries.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", String(160), nullable=False, index=True),
)
