"""The store's schema version: Alembic migrations (``csto db upgrade``) and the check on opening.

A new database is created by running every migration. A database of another revision is refused
with a message that names the command to run; so is one made by release 0.1, which kept no
revision. Upgrading keeps every row: ingested documents, claims, review decisions and tokens.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from csto.store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^(down_revision|revision) = (None|"([^"]+)")$', re.M)


def _config() -> Config:
    from alembic.config import Config  # Alembic is loaded only to migrate, not to open the store

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head() -> str:
    """The revision this version of csto needs: the one no other migration revises.

    Read from the migration files themselves, so opening the store does not load Alembic; a test
    checks it against Alembic's own answer.
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for kind, _, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if kind == "revision" else revised).add(value)
    heads = revisions - revised
    if len(heads) != 1:
        raise StoreError(f"the store's migrations have {len(heads)} heads ({sorted(heads)}); expected one")
    return heads.pop()


def current(engine: Engine) -> str | None:
    """The database's revision; None for an empty database or one made before migrations."""
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(found) if found is not None else None


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to ``target`` (creating it if empty); returns the revisions (before, after)."""
    from alembic import command

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
