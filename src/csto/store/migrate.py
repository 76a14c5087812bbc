"""The store's schema version: Alembic migrations (``csto db upgrade``) and the check on opening.

A new database is created by running every migration. A database of another revision is refused
with a message that names the command to run; so is one made by release 0.1, which kept no
revision. Upgrading keeps every row: ingested documents, claims, review decisions and tokens.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from csto.store.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The revision this version of csto needs."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The database's revision; None for an empty database or one made before migrations."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to ``target`` (creating it if empty); returns the revisions (before, after)."""
    before = current(engine)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    return before, current(engine)


def check(engine: Engine) -> None:
    """Create an empty database at the head revision; refuse one at another revision."""
    tables = set(inspect(engine).get_table_names())
    if not tables:
        upgrade(engine)
        return
    found = current(engine)
    if found == head():
        return
    made_by = f"revision {found}" if found else "csto 0.1 (no schema revision)"
    raise StoreError(
        f"the database at {engine.url!r} has schema {made_by}; this csto needs revision {head()}. "
        "Run `csto db upgrade` (it keeps every row), then try again."
    )
