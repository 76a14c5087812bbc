"""Shared fixtures: the knowledge base built from the real dataset, on every configured backend.

SQLite always runs. PostgreSQL runs when ``CSTO_TEST_POSTGRES_URL`` is set, as ``scripts/test.sh``
does by starting a throwaway server; on CI its absence is an error, not a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from csto.store import KnowledgeBase, make_engine, rebuild

POSTGRES_URL = os.environ.get("CSTO_TEST_POSTGRES_URL")
if os.environ.get("CI") and not POSTGRES_URL:
    raise RuntimeError("CI must test PostgreSQL too: run the suite through scripts/test.sh")

BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _engine(backend: str, directory: Path) -> Engine:
    """A new, empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        return make_engine(f"sqlite:///{directory / 'csto.sqlite3'}")
    assert POSTGRES_URL is not None
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    admin.dispose()
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={name}"})
    return make_engine(url.render_as_string(hide_password=False))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def kb(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The knowledge base over the shipped dataset, built once per backend."""
    engine = _engine(backend, tmp_path_factory.mktemp(f"kb-{backend}"))
    rebuild(engine)
    yield KnowledgeBase(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def writable_kb(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """A second knowledge base over the shipped dataset, for tests that ingest, review or make tokens."""
    engine = _engine(backend, tmp_path_factory.mktemp(f"kb-writable-{backend}"))
    rebuild(engine)
    yield KnowledgeBase(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The knowledge base over the shipped dataset in a SQLite file, for what reads SQLite files directly."""
    engine = _engine("sqlite", tmp_path_factory.mktemp("kb-sqlite-only"))
    rebuild(engine)
    yield KnowledgeBase(engine)
    engine.dispose()


@pytest.fixture
def fresh_engine(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty database on the current backend, for tests that write."""
    engine = _engine(backend, tmp_path)
    yield engine
    engine.dispose()
