"""The store: SQLAlchemy over SQLite (default) or PostgreSQL, and the queries over it."""

from __future__ import annotations

from pathlib import Path

from csto.dataset import DATA_DIR
from csto.store.engine import default_url, ensure_built, make_engine, rebuild
from csto.store.errors import StoreError
from csto.store.kb import KnowledgeBase, QueryError, UnknownEntityError
from csto.store.migrate import check


def open_store(url: str | None = None, build: bool = True, directory: Path = DATA_DIR) -> KnowledgeBase:
    """Open the knowledge base at ``url`` (default: ``CSTO_DATABASE_URL`` or the user data dir).

    With ``build`` the curated data is (re)built first when the database is empty or out of date.
    """
    engine = make_engine(url)
    check(engine)
    if build:
        ensure_built(engine, directory)
    return KnowledgeBase(engine)


__all__ = [
    "KnowledgeBase",
    "QueryError",
    "StoreError",
    "UnknownEntityError",
    "default_url",
    "ensure_built",
    "make_engine",
    "open_store",
    "rebuild",
]
