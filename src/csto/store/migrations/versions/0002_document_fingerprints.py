"""Schema 2: a fingerprint on each ingested document, and the document it near-duplicates.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23. Existing documents get their fingerprint computed from their stored text;
no document is marked as a duplicate retroactively (their claims were already reviewed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from csto.store.text import fingerprint

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

documents = sa.table(
    "ingest_documents",
    sa.column("id", sa.String),
    sa.column("text", sa.Text),
    sa.column("fingerprint", sa.String),
)


def upgrade() -> None:
    op.add_column(
        "ingest_documents",
        sa.Column(
            "fingerprint", sa.String(length=16), nullable=True,
            comment="SimHash of the text (csto.store.text.fingerprint)",
        ),
    )  # fmt: skip
    op.add_column(
        "ingest_documents",
        sa.Column(
            "duplicate_of", sa.String(length=64), nullable=True,
            comment="the stored document this one nearly repeats, if any",
        ),
    )  # fmt: skip
    op.create_index("ix_ingest_documents_fingerprint", "ingest_documents", ["fingerprint"], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.select(documents.c.id, documents.c.text)).all()
    for row in rows:
        bind.execute(documents.update().where(documents.c.id == row.id).values(fingerprint=fingerprint(row.text or "")))


def downgrade() -> None:
    op.drop_index("ix_ingest_documents_fingerprint", table_name="ingest_documents")
    with op.batch_alter_table("ingest_documents") as batch:
        batch.drop_column("duplicate_of")
        batch.drop_column("fingerprint")
