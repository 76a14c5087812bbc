"""The store: SQLAlchemy over SQLite (default) or PostgreSQL, and the queries over it.

The names below are loaded on first use, so ``csto.store.lite`` (the standard-library reads a new
command-line process answers from) can be imported without SQLAlchemy, pydantic or the dataset's
loader.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csto.store.engine import default_url, ensure_built, make_engine, rebuild
    from csto.store.errors import StoreError
    from csto.store.kb import KnowledgeBase, QueryError, UnknownEntityError

_EXPORTS = {
    "KnowledgeBase": "csto.store.kb",
    "QueryError": "csto.store.kb",
    "UnknownEntityError": "csto.store.kb",
    "StoreError": "csto.store.errors",
    "default_url": "csto.store.engine",
    "ensure_built": "csto.store.engine",
    "make_engine": "csto.store.engine",
    "rebuild": "csto.store.engine",
}


def open_store(url: str | None = None, build: bool = True, directory: Path | None = None) -> KnowledgeBase:
    """Open the knowledge base at ``url`` (default: ``CSTO_DATABASE_URL`` or the user data dir).

    With ``build`` the curated data is (re)built first, from ``directory`` (default: the packaged
    dataset), when the database is empty or out of date.
    """
    from csto.dataset import DATA_DIR
    from csto.store.engine import ensure_built, make_engine
    from csto.store.kb import KnowledgeBase
    from csto.store.migrate import check

    engine = make_engine(url)
    check(engine)
    if build:
        ensure_built(engine, DATA_DIR if directory is None else directory)
    return KnowledgeBase(engine)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'csto.store' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


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
