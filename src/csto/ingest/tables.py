"""Tables of ingestion: documents, proposed claims, review decisions and proposed entities.

They live in the store beside the curated tables but in their own ``MetaData``: a rebuild of the
curated dataset never creates, drops or empties them. Accepted claims reach the knowledge base as
``origin='ingested'`` rows of the shared ``sources``, ``entities``, ``events`` and ``facts`` tables.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Engine, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

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


def ensure_tables(engine: Engine) -> None:
    """Create the ingestion tables if they are missing (never touches other tables)."""
    metadata.create_all(engine)
