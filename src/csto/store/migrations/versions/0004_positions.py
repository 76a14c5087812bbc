"""Schema 4: members' position claims (issue 16).

Revision ID: 0004
Revises: 0003
Created: 2026-11-23. Adds ``positions`` (one row per cited position claim of ``positions/*.yaml``:
holder, speaker, topic, signed stance, kind, date) and ``position_sources``. Both start empty; the
next ``csto db build`` fills them from the dataset.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "positions",
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("holder", sa.String(length=160), nullable=False),
        sa.Column("speaker", sa.String(length=160), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("official", sa.Integer(), nullable=False, comment="1 when the speaker speaks for the state"),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("stance", sa.Integer(), nullable=False, comment="-2 (against the Organization's line) to 2 (for it)"),
        sa.Column("kind", sa.String(length=8), nullable=False, comment="speech, act or vote"),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["holder"], ["entities.id"]),
        sa.ForeignKeyConstraint(["speaker"], ["entities.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_positions_holder"), "positions", ["holder"], unique=False)
    op.create_index(op.f("ix_positions_start_day"), "positions", ["start_day"], unique=False)
    op.create_table(
        "position_sources",
        sa.Column("position_id", sa.String(length=160), nullable=False),
        sa.Column("source_id", sa.String(length=160), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["position_id"], ["positions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
    )
    op.create_index(op.f("ix_position_sources_position_id"), "position_sources", ["position_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_position_sources_position_id"), table_name="position_sources")
    op.drop_table("position_sources")
    op.drop_index(op.f("ix_positions_start_day"), table_name="positions")
    op.drop_index(op.f("ix_positions_holder"), table_name="positions")
    op.drop_table("positions")
