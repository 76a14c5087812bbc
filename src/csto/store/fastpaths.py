"""The KnowledgeBase's fast paths: statements compiled once, run on a reused connection.

Each as-of question is a SQLAlchemy ``select`` built once at import with ``bindparam`` s, compiled
once per dialect to the driver's SQL (``Prepared``) and executed straight on a DBAPI cursor, so no
expression is built, compiled or looked up in a cache per call. The same ``select`` the slower
implementation issued, so the database picks the same plan and returns rows in the same order.

Connections (``Connections``):

* SQLite file databases: one connection of our own per thread (``threading.local``), opened
  read-only (``PRAGMA query_only``) in autocommit mode, so no read transaction is ever held and a
  writer is never blocked. A thread never uses another thread's connection; a thread pool of any
  size gets one each, without exhausting SQLAlchemy's pool. Each connection remembers the process
  that opened it: after a fork the child opens its own and never touches (or closes) the inherited
  one. ``PRAGMA data_version`` on it tells, for a few microseconds, whether any other connection or
  process has committed since the last question: the caches are re-checked only then.
* Anything else (PostgreSQL, in-memory SQLite): a connection from the engine's pool for the length
  of one question, given back (and rolled back) at its end; the caches are checked against the
  store's revision with one statement per question. In a forked child the engine's pool is first
  replaced (``Engine.dispose(close=False)``), so parent and child never share a pooled connection.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Engine, Integer, String, and_, bindparam, func, null, or_, select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Select

from csto.store import schema

# Connections inherited through a fork: kept referenced, never used or closed in the child.
_INHERITED: list[Any] = []
_KEYS = itertools.count()


@dataclass(frozen=True)
class Compiled:
    """A statement as the driver takes it: SQL text, the order of its parameters, their fixed values."""

    sql: str
    names: tuple[str, ...] | None  # positional parameter order; None for named (pyformat) drivers
    fixed: Mapping[str, Any]
    iso_dates: bool  # SQLite stores dates as ISO text

    def args(self, values: Mapping[str, Any]) -> Any:
        merged = {**self.fixed, **values}
        if self.iso_dates:
            merged = {k: v.isoformat() if isinstance(v, date) else v for k, v in merged.items()}
        if self.names is None:
            return merged
        return tuple(merged[name] for name in self.names)


class Prepared:
    """A ``select`` compiled once per dialect; every ``bindparam`` in it must carry a placeholder value."""

    def __init__(self, statement: Select[Any]):
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def compiled(self, dialect: Dialect) -> Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            c = self.statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
            found = Compiled(
                sql=c.string,
                names=tuple(c.positiontup or ()) if c.positional else None,
                fixed=dict(c.params),
                iso_dates=dialect.name == "sqlite",
            )
            self._compiled[dialect.name] = found
        return found


# -- the statements ----------------------------------------------------------------------------------

AT = bindparam("at", value=date.min, type_=Date)


def in_force(table: Any) -> Any:
    """In force on the ``at`` parameter (the same condition as ``kb._in_force``)."""
    return and_(
        or_(table.c.start_day.is_(None), table.c.start_day <= AT),
        or_(table.c.end_day.is_(None), table.c.end_day >= AT),
    )


_f = schema.facts
# Columns of a fact row as the fast paths read it (all of ``facts``, in table order).
FACT = {c.name: i for i, c in enumerate(_f.columns)}


def _facts_of(predicate: str, obj: str | None = None) -> Prepared:
    where = [_f.c.predicate == predicate]
    if obj is not None:
        where.append(_f.c.object == bindparam(obj, value="", type_=String))
    return Prepared(select(_f).where(and_(*where, in_force(_f))).order_by(_f.c.start_day))


MEMBERS = _facts_of("member_status", "organization")
CHAIRS = _facts_of("chairs", "body")
OFFICIALS = Prepared(select(_f).where(and_(_f.c.predicate == "holds_office", in_force(_f))).order_by(_f.c.start_day))
OFFICIALS_OF = _facts_of("holds_office", "office")

_ENTITY = bindparam("entity", value="", type_=String)
_ABOUT = or_(_f.c.subject == _ENTITY, _f.c.object == _ENTITY)
FACTS_ABOUT = Prepared(select(_f).where(_ABOUT).order_by(_f.c.predicate, _f.c.start_day))
FACTS_ABOUT_AT = Prepared(select(_f).where(and_(_ABOUT, in_force(_f))).order_by(_f.c.predicate, _f.c.start_day))


# The days each as-of question's rows may enter or leave force (``KnowledgeBase``'s spans).
_DAYS = (_f.c.start_day, _f.c.end_day)
MEMBERS_DAYS = Prepared(
    select(*_DAYS).where(_f.c.predicate == "member_status", _f.c.object == bindparam("organization", value=""))
)
CHAIRS_DAYS = Prepared(select(*_DAYS).where(_f.c.predicate == "chairs", _f.c.object == bindparam("body", value="")))
OFFICIALS_DAYS = Prepared(select(*_DAYS).where(_f.c.predicate == "holds_office"))


def bodies_days_statement(body_ids: list[str]) -> Prepared:
    """Start and end days of the bodies' facts (the rows ``bodies_statement`` chooses from)."""
    return Prepared(select(*_DAYS).where(_f.c.subject.in_(body_ids)))


def bodies_statement(body_ids: list[str]) -> Prepared:
    """Facts about the bodies in force on ``at``; the ids are fixed when compiled (once per revision)."""
    return Prepared(select(_f).where(and_(_f.c.subject.in_(body_ids), in_force(_f))).order_by(_f.c.start_day))


def rivals_statement(disputes: list[str]) -> Prepared:
    return Prepared(select(_f).where(_f.c.dispute.in_(disputes)).order_by(_f.c.start_day))


_e = schema.events
EVENT = {c.name: i for i, c in enumerate(_e.columns)}
RECENT_EVENTS = Prepared(
    select(_e)
    .where(_e.c.start_day <= AT)
    .order_by(_e.c.start_day.desc(), _e.c.id)
    .limit(bindparam("recent", value=0, type_=Integer, literal_execute=False))
)

EVENT_DAYS = Prepared(select(_e.c.start_day, null()).where(_e.c.start_day.is_not(None)))

# What the caches depend on: ``csto.store.engine.revision``'s parts, in one statement.
_claims = schema.claims
REVISION = Prepared(
    select(
        select(schema.meta.c.value).where(schema.meta.c.key == "dataset_digest").scalar_subquery(),
        func.count(),
        func.max(_claims.c.decided_at),
    ).where(_claims.c.status.in_(("accepted", "disputed")))
)
# On SQLite the check runs only after another connection committed, so it also counts the rows of
# every table the caches hold: a write that bypasses the revision (a direct repair) is seen too.
_CACHED_TABLES = [
    schema.entities,
    schema.aliases,
    schema.sources,
    schema.entity_sources,
    schema.facts,
    schema.fact_sources,
    schema.events,
    schema.event_participants,
    schema.event_about,
    schema.event_sources,
]
CONTENT = Prepared(
    select(
        select(schema.meta.c.value).where(schema.meta.c.key == "dataset_digest").scalar_subquery(),
        select(func.count()).where(_claims.c.status.in_(("accepted", "disputed"))).scalar_subquery(),
        select(func.max(_claims.c.decided_at)).where(_claims.c.status.in_(("accepted", "disputed"))).scalar_subquery(),
        *(select(func.count()).select_from(t).scalar_subquery() for t in _CACHED_TABLES),
    )
)


def _sqlite_json(value: Any) -> Any:
    # A JSON column has NUMERIC affinity in SQLite: numbers come back as numbers, the rest as text.
    return json.loads(value) if isinstance(value, str) else value


def _native_json(value: Any) -> Any:
    return value


# -- connections -------------------------------------------------------------------------------------


class Reader:
    """The connection one question runs on."""

    def __init__(self, dbapi: Any, dialect: Dialect, probe: dict[str, Any] | None):
        self._dbapi = dbapi
        self._dialect = dialect
        self._probe = probe  # per-connection state of the data_version check; None: no cheap check

    def rows(self, statement: Prepared, **values: Any) -> list[Any]:
        compiled = statement.compiled(self._dialect)
        cursor = self._dbapi.cursor()
        try:
            cursor.execute(compiled.sql, compiled.args(values))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def unchanged_since(self, marker: object | None) -> bool:
        """Whether nobody committed since this connection last vouched for ``marker``."""
        probe = self._probe
        if probe is None:
            return False
        cursor = self._dbapi.cursor()
        try:
            version = cursor.execute("PRAGMA data_version").fetchone()[0]
        finally:
            cursor.close()
        same = marker is not None and probe.get("version") == version and probe.get("marker") is marker
        if not same:
            probe["version"] = version  # read before the check that follows: a later commit is seen next time
            probe["marker"] = None
        return same

    def vouch(self, marker: object) -> None:
        if self._probe is not None:
            self._probe["marker"] = marker

    def token(self) -> tuple[Any, ...]:
        """What the cached answers depend on, read now."""
        return tuple(self.rows(CONTENT if self._probe is not None else REVISION)[0])


class Connections:
    """Where questions get their connection: see the module's docstring."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect
        self.sqlite = engine.dialect.name == "sqlite"
        self.json = _sqlite_json if self.sqlite else _native_json
        url = engine.url
        memory = url.database in (None, "", ":memory:") or "mode=memory" in str(url)
        self._private = self.sqlite and not memory
        self._local = threading.local()
        self._key = ("csto-fastpaths", next(_KEYS))
        self._pid = os.getpid()

    def _open(self) -> Any:
        cargs, cparams = self.dialect.create_connect_args(self.engine.url)
        cparams = {**cparams, "isolation_level": None, "check_same_thread": True}
        conn = self.dialect.loaded_dbapi.connect(*cargs, **cparams)
        conn.execute("PRAGMA query_only = ON")
        return conn

    def acquire(self) -> tuple[Reader, Callable[[], None] | None]:
        """A reader for this thread, and what gives its connection back (None: nothing to give back)."""
        pid = os.getpid()
        if pid != self._pid:  # a forked child: its engine must not hand out the parent's pooled connections
            self._pid = pid
            if self._private or not self.sqlite:  # (an in-memory database lives only in those connections)
                self.engine.dispose(close=False)
        if self._private:
            local = self._local
            if getattr(local, "pid", None) != pid:
                if getattr(local, "conn", None) is not None:
                    _INHERITED.append(local.conn)  # opened by the parent process: leave it alone
                local.conn = self._open()
                local.pid = pid
                local.reader = Reader(local.conn, self.dialect, {})
            return local.reader, None
        fairy = self.engine.raw_connection()
        try:
            shared = fairy.info.setdefault(self._key, {}) if self.sqlite else None
            return Reader(fairy, self.dialect, shared), fairy.close  # back to the pool, rolled back
        except BaseException:
            fairy.close()
            raise

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        reader, release = self.acquire()
        try:
            yield reader
        finally:
            if release is not None:
                release()

    def close(self) -> None:
        """Close this thread's own connection (others close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            conn.close()
        self._local.conn = None
        self._local.pid = None
        self._local.reader = None
