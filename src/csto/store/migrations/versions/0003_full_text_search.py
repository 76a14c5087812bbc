"""Schema 3: full-text search over events, facts, sources and entities.

Revision ID: 0003
Revises: 0002
Created: 2026-11-23. Adds ``search_entries`` (one row per record) and ``search_entry_entities`` (the
entities each record involves), the backend's word index over them (SQLite: FTS5 table
``search_fts`` kept in step by triggers; PostgreSQL: GIN index ``search_fts``), and fills them from
the rows already stored, curated and ingested alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from csto.store.search import create_backend_index, drop_backend_index, reindex

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False, comment="the FTS5 rowid"),
        sa.Column("kind", sa.String(length=8), nullable=False, comment="event, fact, source or entity"),
        sa.Column("key", sa.String(length=200), nullable=False, comment="the record's id"),
        sa.Column(
            "type", sa.String(length=64), nullable=True,
            comment="event type, entity kind, fact predicate or source kind",
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "title_words", sa.Text(), nullable=False, comment="the title as matched (csto.store.search.fold)"
        ),
        sa.Column("body_words", sa.Text(), nullable=False, comment="the body as matched (csto.store.search.fold)"),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("start_day", sa.Date(), nullable=True),
        sa.Column("end_day", sa.Date(), nullable=True),
        sa.Column("about", sa.String(length=160), nullable=True, comment="a fact's subject"),
        sa.Column("url", sa.Text(), nullable=True, comment="a source's address"),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )  # fmt: skip
    op.create_index("ix_search_entries_kind_key", "search_entries", ["kind", "key"], unique=True)
    op.create_table(
        "search_entry_entities",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["search_entries.id"], ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_search_entry_entities_entry_id"), "search_entry_entities", ["entry_id"], unique=False)
    op.create_index(op.f("ix_search_entry_entities_entity_id"), "search_entry_entities", ["entity_id"], unique=False)
    bind = op.get_bind()
    create_backend_index(bind)
    reindex(bind)


def downgrade() -> None:
    bind = op.get_bind()
    drop_backend_index(bind)
    op.drop_index(op.f("ix_search_entry_entities_entity_id"), table_name="search_entry_entities")
    op.drop_index(op.f("ix_search_entry_entities_entry_id"), table_name="search_entry_entities")
    op.drop_table("search_entry_entities")
    op.drop_index("ix_search_entries_kind_key", table_name="search_entries")
    op.drop_table("search_entries")
