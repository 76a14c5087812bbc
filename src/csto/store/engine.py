"""Where the store lives and how it is opened: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from csto.dataset import DATA_DIR, load_dataset
from csto.dataset.loader import folder_digest
from csto.store import schema
from csto.store.build import BuildReport, build
from csto.store.errors import StoreError

ENV_URL = "CSTO_DATABASE_URL"


def default_url() -> str:
    """``CSTO_DATABASE_URL`` if set, else a SQLite file in the user data directory."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    directory = Path(user_data_dir("csto", appauthor=False))
    return f"sqlite:///{directory / 'csto.sqlite3'}"


def _enable_sqlite_foreign_keys(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (or the default), creating the SQLite directory if needed."""
    url = url or default_url()
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(f"invalid database URL {url!r}: {error}") from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed)
    except (ArgumentError, ImportError) as error:
        raise StoreError(f"cannot use database URL {url!r}: {error}") from None
    if engine.dialect.name == "sqlite":
        _enable_sqlite_foreign_keys(engine)
    return engine


def dataset_digest(directory: Path = DATA_DIR) -> str:
    """Hash of the dataset files, computed without parsing them (the loader's ``folder_digest``)."""
    return folder_digest(directory)


def stored_digest(engine: Engine) -> str | None:
    """The dataset digest the database was built from, or None if it was never built."""
    try:
        if not inspect(engine).has_table("meta"):
            return None
        with engine.connect() as conn:
            return conn.scalar(select(schema.meta.c.value).where(schema.meta.c.key == "dataset_digest"))
    except SQLAlchemyError as error:
        raise StoreError(f"cannot read the database at {engine.url!r}: {error}") from None


def rebuild(engine: Engine, directory: Path = DATA_DIR) -> BuildReport:
    """Validate the dataset, then replace the curated rows atomically."""
    dataset = load_dataset(directory)
    try:
        return build(engine, dataset)
    except SQLAlchemyError as error:
        raise StoreError(f"rebuild failed and was rolled back: {error}") from None


def ensure_built(engine: Engine, directory: Path = DATA_DIR) -> BuildReport | None:
    """Build the store if it is empty or was built from another version of the dataset."""
    if stored_digest(engine) == dataset_digest(directory):
        return None
    return rebuild(engine, directory)


def revision(engine: Engine) -> str:
    """What every answer of the store depends on: the dataset's digest and the accepted claims.

    It changes with a rebuild and with every accepted (or disputed) claim; caches key on it.
    """
    claims = schema.claims
    with engine.connect() as conn:
        digest = conn.scalar(select(schema.meta.c.value).where(schema.meta.c.key == "dataset_digest")) or ""
        accepted = conn.execute(
            select(func.count(), func.max(claims.c.decided_at)).where(claims.c.status.in_(("accepted", "disputed")))
        ).one()
    return f"{digest[:16]}-{accepted[0]}-{accepted[1] or ''}"
