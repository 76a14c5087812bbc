"""Alembic's environment for csto: migrations run on the connection ``csto.store.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from csto.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
