"""Schema 1: the store as release 0.1 made it (curated tables, ingestion tables, API tokens).

Revision ID: 0001
Revises:
Created: 2026-11-23. Release 0.1 created these tables with ``create_all`` and kept no revision;
``csto db upgrade`` stamps such a database with this revision before upgrading it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Release 0.1 made the ingestion and token tables only on first use: create what is missing.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "api_tokens" not in existing:
        op.create_table(
            "api_tokens",
            sa.Column("name", sa.String(length=80), nullable=False),
            sa.Column("salt", sa.String(length=32), nullable=False),
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("name"),
        )
    if "entities" not in existing:
        op.create_table(
            "entities",
            sa.Column("id", sa.String(length=160), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("external_ids", sa.JSON(), nullable=False),
            sa.Column("attributes", sa.JSON(), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_entities_kind"), "entities", ["kind"], unique=False)
    if "ingest_documents" not in existing:
        op.create_table(
            "ingest_documents",
            sa.Column("id", sa.String(length=64), nullable=False, comment="SHA-256 of the content"),
            sa.Column("source", sa.Text(), nullable=False),
            sa.Column("url", sa.Text(), nullable=True),
            sa.Column("title", sa.Text(), nullable=True),
            sa.Column("author", sa.Text(), nullable=True),
            sa.Column("published", sa.String(length=10), nullable=True),
            sa.Column("published_confidence", sa.Float(), nullable=False),
            sa.Column("published_how", sa.String(length=12), nullable=False),
            sa.Column("text_kind", sa.String(length=12), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("mentions", sa.JSON(), nullable=False),
            sa.Column("ingested_at", sa.String(length=32), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "meta" not in existing:
        op.create_table(
            "meta",
            sa.Column("key", sa.String(length=64), nullable=False),
            sa.Column("value", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )
    if "predicates" not in existing:
        op.create_table(
            "predicates",
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("definition", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("name"),
        )
    if "sources" not in existing:
        op.create_table(
            "sources",
            sa.Column("id", sa.String(length=160), nullable=False),
            sa.Column("publisher", sa.Text(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("author", sa.Text(), nullable=True),
            sa.Column("date", sa.String(length=10), nullable=True),
            sa.Column("url", sa.Text(), nullable=True),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("language", sa.String(length=2), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "aliases" not in existing:
        op.create_table(
            "aliases",
            sa.Column("entity_id", sa.String(length=160), nullable=False),
            sa.Column("alias", sa.Text(), nullable=False),
            sa.Column("norm", sa.Text(), nullable=False),
            sa.Column("is_name", sa.Integer(), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
        )
        op.create_index(op.f("ix_aliases_norm"), "aliases", ["norm"], unique=False)
    if "entity_sources" not in existing:
        op.create_table(
            "entity_sources",
            sa.Column("entity_id", sa.String(length=160), nullable=False),
            sa.Column("source_id", sa.String(length=160), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        )
    if "events" not in existing:
        op.create_table(
            "events",
            sa.Column("id", sa.String(length=160), nullable=False),
            sa.Column("type", sa.String(length=24), nullable=False),
            sa.Column("date", sa.String(length=10), nullable=False),
            sa.Column("end_date", sa.String(length=10), nullable=True),
            sa.Column("start_day", sa.Date(), nullable=False),
            sa.Column("end_day", sa.Date(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("summary", sa.Text(), nullable=True),
            sa.Column("place", sa.String(length=160), nullable=True),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.Column("dispute", sa.String(length=160), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["place"], ["entities.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_events_dispute"), "events", ["dispute"], unique=False)
        op.create_index(op.f("ix_events_start_day"), "events", ["start_day"], unique=False)
        op.create_index(op.f("ix_events_type"), "events", ["type"], unique=False)
    if "facts" not in existing:
        op.create_table(
            "facts",
            sa.Column("id", sa.String(length=200), nullable=False),
            sa.Column("subject", sa.String(length=160), nullable=False),
            sa.Column("predicate", sa.String(length=64), nullable=False),
            sa.Column("object", sa.String(length=160), nullable=True),
            sa.Column("value", sa.JSON(), nullable=True),
            sa.Column("qualifier", sa.Text(), nullable=True),
            sa.Column("valid_from", sa.String(length=10), nullable=True),
            sa.Column("valid_to", sa.String(length=10), nullable=True),
            sa.Column("start_day", sa.Date(), nullable=True),
            sa.Column("end_day", sa.Date(), nullable=True),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.Column("dispute", sa.String(length=160), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["object"], ["entities.id"]),
            sa.ForeignKeyConstraint(["predicate"], ["predicates.name"]),
            sa.ForeignKeyConstraint(["subject"], ["entities.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_facts_dispute"), "facts", ["dispute"], unique=False)
        op.create_index("ix_facts_object", "facts", ["object"], unique=False)
        op.create_index("ix_facts_predicate_object", "facts", ["predicate", "object"], unique=False)
        op.create_index("ix_facts_subject_predicate", "facts", ["subject", "predicate"], unique=False)
    if "ingest_claims" not in existing:
        op.create_table(
            "ingest_claims",
            sa.Column("id", sa.String(length=40), nullable=False),
            sa.Column("document_id", sa.String(length=64), nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("type", sa.String(length=24), nullable=False),
            sa.Column("date", sa.String(length=10), nullable=True),
            sa.Column("payload", sa.JSON(), nullable=False),
            sa.Column("confidence", sa.Float(), nullable=False),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.Column("event_id", sa.String(length=160), nullable=True),
            sa.Column("fact_ids", sa.JSON(), nullable=False),
            sa.Column("disputes", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.String(length=32), nullable=False),
            sa.Column("decided_at", sa.String(length=32), nullable=True),
            sa.ForeignKeyConstraint(["document_id"], ["ingest_documents.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_ingest_claims_document_id"), "ingest_claims", ["document_id"], unique=False)
        op.create_index(op.f("ix_ingest_claims_status"), "ingest_claims", ["status"], unique=False)
        op.create_index("ix_ingest_claims_status_date", "ingest_claims", ["status", "date"], unique=False)
    if "ingest_entities" not in existing:
        op.create_table(
            "ingest_entities",
            sa.Column("id", sa.String(length=160), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("document_id", sa.String(length=64), nullable=False),
            sa.Column("status", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["document_id"], ["ingest_documents.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
    if "event_about" not in existing:
        op.create_table(
            "event_about",
            sa.Column("event_id", sa.String(length=160), nullable=False),
            sa.Column("entity_id", sa.String(length=160), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["entity_id"], ["entities.id"]),
            sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        )
        op.create_index(op.f("ix_event_about_entity_id"), "event_about", ["entity_id"], unique=False)
        op.create_index(op.f("ix_event_about_event_id"), "event_about", ["event_id"], unique=False)
    if "event_participants" not in existing:
        op.create_table(
            "event_participants",
            sa.Column("event_id", sa.String(length=160), nullable=False),
            sa.Column("entity_id", sa.String(length=160), nullable=False),
            sa.Column("role", sa.String(length=20), nullable=False),
            sa.Column("size", sa.Integer(), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["entity_id"], ["entities.id"]),
            sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        )
        op.create_index(op.f("ix_event_participants_entity_id"), "event_participants", ["entity_id"], unique=False)
        op.create_index(op.f("ix_event_participants_event_id"), "event_participants", ["event_id"], unique=False)
    if "event_sources" not in existing:
        op.create_table(
            "event_sources",
            sa.Column("event_id", sa.String(length=160), nullable=False),
            sa.Column("source_id", sa.String(length=160), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        )
        op.create_index(op.f("ix_event_sources_event_id"), "event_sources", ["event_id"], unique=False)
    if "fact_sources" not in existing:
        op.create_table(
            "fact_sources",
            sa.Column("fact_id", sa.String(length=200), nullable=False),
            sa.Column("source_id", sa.String(length=160), nullable=False),
            sa.Column("origin", sa.String(length=10), nullable=False),
            sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        )
        op.create_index(op.f("ix_fact_sources_fact_id"), "fact_sources", ["fact_id"], unique=False)
    if "ingest_reviews" not in existing:
        op.create_table(
            "ingest_reviews",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("claim_id", sa.String(length=40), nullable=False),
            sa.Column("action", sa.String(length=10), nullable=False),
            sa.Column("before", sa.JSON(), nullable=True),
            sa.Column("after", sa.JSON(), nullable=True),
            sa.Column("reviewer", sa.Text(), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
            sa.Column("at", sa.String(length=32), nullable=False),
            sa.ForeignKeyConstraint(["claim_id"], ["ingest_claims.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(op.f("ix_ingest_reviews_claim_id"), "ingest_reviews", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ingest_reviews_claim_id"), table_name="ingest_reviews")
    op.drop_table("ingest_reviews")
    op.drop_index(op.f("ix_fact_sources_fact_id"), table_name="fact_sources")
    op.drop_table("fact_sources")
    op.drop_index(op.f("ix_event_sources_event_id"), table_name="event_sources")
    op.drop_table("event_sources")
    op.drop_index(op.f("ix_event_participants_event_id"), table_name="event_participants")
    op.drop_index(op.f("ix_event_participants_entity_id"), table_name="event_participants")
    op.drop_table("event_participants")
    op.drop_index(op.f("ix_event_about_event_id"), table_name="event_about")
    op.drop_index(op.f("ix_event_about_entity_id"), table_name="event_about")
    op.drop_table("event_about")
    op.drop_table("ingest_entities")
    op.drop_index("ix_ingest_claims_status_date", table_name="ingest_claims")
    op.drop_index(op.f("ix_ingest_claims_status"), table_name="ingest_claims")
    op.drop_index(op.f("ix_ingest_claims_document_id"), table_name="ingest_claims")
    op.drop_table("ingest_claims")
    op.drop_index("ix_facts_subject_predicate", table_name="facts")
    op.drop_index("ix_facts_predicate_object", table_name="facts")
    op.drop_index("ix_facts_object", table_name="facts")
    op.drop_index(op.f("ix_facts_dispute"), table_name="facts")
    op.drop_table("facts")
    op.drop_index(op.f("ix_events_type"), table_name="events")
    op.drop_index(op.f("ix_events_start_day"), table_name="events")
    op.drop_index(op.f("ix_events_dispute"), table_name="events")
    op.drop_table("events")
    op.drop_table("entity_sources")
    op.drop_index(op.f("ix_aliases_norm"), table_name="aliases")
    op.drop_table("aliases")
    op.drop_table("sources")
    op.drop_table("predicates")
    op.drop_table("meta")
    op.drop_table("ingest_documents")
    op.drop_index(op.f("ix_entities_kind"), table_name="entities")
    op.drop_table("entities")
    op.drop_table("api_tokens")
