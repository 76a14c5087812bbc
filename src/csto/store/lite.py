"""The as-of questions of a built SQLite store, read with the standard library only.

A new ``csto members --as-of … --json`` process spends most of its life importing: SQLAlchemy,
pydantic and the dataset's models, to run three small queries. This module answers the members,
chair and officials questions from a SQLite file with ``sqlite3`` and ``json`` alone, giving the
very JSON ``KnowledgeBase`` gives (its statements are the ones ``csto.store.fastpaths`` compiles,
character for character, so SQLite orders ties the same way; ``tests/store/test_lite.py`` checks
the answers on every day of the record against the knowledge base's).

It answers only when the ordinary path would have nothing to do before asking: the URL names an
existing SQLite file, the database is at the schema revision this csto needs and was built from
the dataset as it is now. Otherwise (or on any database error) it returns ``None`` and the caller
takes the ordinary path, which creates, rebuilds or refuses with its usual clear message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

ENV_URL = "CSTO_DATABASE_URL"  # as ``csto.store.engine.ENV_URL``
ORGANIZATION = "csto"  # as ``csto.store.kb.ORGANIZATION``
CHAIRED_BODY = "collective-security-council"
# ``csto.store.kb.LISTING_ORDER``: the vocabulary's member statuses, former members last (a test checks it).
LISTING_ORDER = {"full": 0, "frozen": 1, "suspended": 2, "signatory": 3, "observer": 4, "partner": 5, "withdrawn": 6}
DATA_DIR = Path(__file__).resolve().parent.parent / "dataset" / "data"
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"

Json = Any
Row = tuple[Any, ...]

_COLUMNS = (
    "facts.id, facts.subject, facts.predicate, facts.object, facts.value, facts.qualifier, facts.valid_from, "
    "facts.valid_to, facts.start_day, facts.end_day, facts.status, facts.dispute, facts.note, facts.origin"
)
_IN_FORCE = "(facts.start_day IS NULL OR facts.start_day <= ?) AND (facts.end_day IS NULL OR facts.end_day >= ?)"
# The statements of ``csto.store.fastpaths`` as SQLAlchemy compiles them for SQLite.
_ORDER = " ORDER BY facts.start_day"
FACTS_OF = f"SELECT {_COLUMNS} \nFROM facts \nWHERE facts.predicate = ? AND facts.object = ? AND {_IN_FORCE}{_ORDER}"
OFFICIALS = f"SELECT {_COLUMNS} \nFROM facts \nWHERE facts.predicate = ? AND {_IN_FORCE}{_ORDER}"


def rivals_sql(count: int) -> str:
    marks = ", ".join("?" * count)
    return f"SELECT {_COLUMNS} \nFROM facts \nWHERE facts.dispute IN ({marks}) ORDER BY facts.start_day"


class NotHere(Exception):
    """This store cannot be answered from here; the ordinary path must answer."""


# -- is the store ready as it is? ------------------------------------------------------------------


def default_url() -> str:
    """``csto.store.engine.default_url`` without SQLAlchemy: the variable, or the user data directory's file."""
    url = os.environ.get(ENV_URL)
    if url:
        return url
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('csto', appauthor=False)) / 'csto.sqlite3'}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL that exists; None for any other URL."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :]
    if not name or name == ":memory:" or any(c in name for c in "?%#"):
        return None
    path = Path(name)
    return path if path.is_file() else None


@cache
def head() -> str | None:
    """The schema revision this csto needs, read from the migration files (as ``csto.store.migrate.head``)."""
    pattern = re.compile(r'^(down_revision|revision) = (None|"([^"]+)")$', re.M)
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in MIGRATIONS.glob("*.py"):
        for kind, _, value in pattern.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if kind == "revision" else revised).add(value)
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def dataset_digest(directory: Path = DATA_DIR) -> str:
    """The dataset files' hash, as ``csto.store.engine.dataset_digest`` computes it."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@contextmanager
def opened(url: str | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a store ready as it is, or ``NotHere``."""
    path = sqlite_file(url or default_url())
    if path is None:
        raise NotHere("not an existing SQLite file")
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("PRAGMA query_only = ON")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "meta", "facts"} <= tables:
                raise NotHere("not a built store")
            found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if found is None or found[0] != head():
                raise NotHere("another schema revision")
            digest = conn.execute("SELECT value FROM meta WHERE key = 'dataset_digest'").fetchone()
            if digest is None or digest[0] != dataset_digest():
                raise NotHere("built from another dataset")
            yield conn
    except sqlite3.Error as error:
        raise NotHere(str(error)) from None


# -- the answers, as the JSON of ``csto.store.answers`` ----------------------------------------------


def _decode(value: Any) -> Any:
    # A JSON column has NUMERIC affinity in SQLite: numbers come back as numbers, the rest as text.
    return json.loads(value) if isinstance(value, str) else value


def _plain(value: Any) -> bool:
    """JSON that ``json`` writes as pydantic-core does (floats aside, whose spelling can differ)."""
    if value is None or isinstance(value, (str, int)):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _earliest(valid_from: str | None) -> date:
    if not valid_from:
        return date.min
    from csto.periods import PartialDate

    return PartialDate.parse(valid_from).earliest


class Reader:
    """One question's reads: rows of facts made into the answers' dictionaries."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._refs: dict[str, dict[str, Any]] = {}

    def refs(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = sorted({i for i in ids if i not in self._refs})
        if wanted:
            sql = f"SELECT id, name, kind FROM entities WHERE id IN ({', '.join('?' * len(wanted))})"
            for entity_id, name, kind in self.conn.execute(sql, wanted):
                self._refs[entity_id] = {"id": entity_id, "name": name, "kind": kind}
            if any(i not in self._refs for i in wanted):
                raise NotHere("a fact names an unknown entity")
        return self._refs

    def ref(self, entity_id: str) -> dict[str, Any] | None:
        """An entity by its exact id; None when there is none (names and aliases are the ordinary path's)."""
        try:
            return self.refs([entity_id])[entity_id]
        except NotHere:
            return None

    def sources(self, fact_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Each fact's sources, in the link table's order."""
        if not fact_ids:
            return {}
        marks = ", ".join("?" * len(fact_ids))
        sql = (
            "SELECT l.fact_id, s.id, s.publisher, s.title, s.author, s.date, s.url, s.kind "
            f"FROM fact_sources l JOIN sources s ON s.id = l.source_id WHERE l.fact_id IN ({marks}) ORDER BY l.rowid"
        )
        found: dict[str, list[dict[str, Any]]] = {}
        for fact_id, *source in self.conn.execute(sql, fact_ids):
            keys = ("id", "publisher", "title", "author", "date", "url", "kind")
            found.setdefault(fact_id, []).append(dict(zip(keys, source, strict=True)))
        return found

    def facts(self, rows: list[Row], with_rivals: bool = True) -> list[dict[str, Any]]:
        """``KnowledgeBase._facts``: the views of fact rows, with their sources and disputed rivals."""
        refs = self.refs([r[1] for r in rows] + [r[3] for r in rows if r[3]])
        sources = self.sources([r[0] for r in rows])
        views = []
        for fact_id, subject, predicate, obj, value, qualifier, valid_from, valid_to, _s, _e, *rest in rows:
            status, dispute, note, origin = rest
            decoded = _decode(value)
            if not _plain(decoded):
                raise NotHere("a value json would spell differently")
            views.append(
                {
                    "id": fact_id,
                    "subject": refs[subject],
                    "predicate": predicate,
                    "object": refs[obj] if obj else None,
                    "value": decoded,
                    "qualifier": qualifier,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                    "status": status,
                    "dispute": dispute,
                    "note": note,
                    "origin": origin,
                    "sources": sources.get(fact_id, []),
                    "rivals": [],
                }
            )
        if with_rivals:
            disputes = sorted({v["dispute"] for v in views if v["dispute"]})
            if disputes:
                rivals = self.facts(self.conn.execute(rivals_sql(len(disputes)), disputes).fetchall(), False)
                for view in views:
                    view["rivals"] = [r for r in rivals if r["dispute"] == view["dispute"] and r["id"] != view["id"]]
        return views

    def rows(self, sql: str, *args: Any) -> list[Row]:
        return self.conn.execute(sql, args).fetchall()


def _latest_per(views: list[dict[str, Any]], slot: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
    """``KnowledgeBase._latest_per``: per slot, the fact that started last (the first of equals)."""
    best: dict[Any, dict[str, Any]] = {}
    for view in views:
        key = slot(view)
        current = best.get(key)
        if current is None or _earliest(view["valid_from"]) > _earliest(current["valid_from"]):
            best[key] = view
    return list(best.values())


def _object_id(view: dict[str, Any]) -> str | None:
    return view["object"]["id"] if view["object"] else None


def members(reader: Reader, at: date, include_former: bool = False) -> list[dict[str, Any]]:
    """``KnowledgeBase.members`` as JSON-ready dictionaries."""
    day = at.isoformat()
    views = reader.facts(reader.rows(FACTS_OF, "member_status", ORGANIZATION, day, day))
    answers = [
        {"state": v["subject"], "status": str(v["value"]), "since": v["valid_from"], "until": v["valid_to"], "fact": v}
        for v in _latest_per(views, lambda v: v["subject"]["id"])
        if include_former or v["value"] != "withdrawn"
    ]
    return sorted(answers, key=lambda m: (LISTING_ORDER.get(m["status"], 9), m["state"]["name"]))


def chair(reader: Reader, at: date, body: str = CHAIRED_BODY) -> dict[str, Any]:
    """``KnowledgeBase.chair`` as a JSON-ready dictionary (``body`` an entity id)."""
    body_ref = reader.ref(body)
    if body_ref is None:
        raise NotHere("not an entity id")
    day = at.isoformat()
    views = reader.facts(reader.rows(FACTS_OF, "chairs", body_ref["id"], day, day))
    chosen = _latest_per(views, _object_id)
    fact = chosen[0] if chosen else None
    return {"at": day, "body": body_ref, "chair": fact["subject"] if fact else None, "fact": fact}


def single_holder_offices(reader: Reader) -> frozenset[str]:
    found = set()
    for entity_id, attributes in reader.conn.execute("SELECT entities.id, entities.attributes \nFROM entities"):
        flags = _decode(attributes) or {}
        if isinstance(flags, dict) and flags.get("single_holder") is True:
            found.add(entity_id)
    return frozenset(found)


def officials(reader: Reader, at: date, office: str | None = None) -> list[dict[str, Any]]:
    """``KnowledgeBase.officials`` as JSON-ready dictionaries (``office`` an entity id)."""
    day = at.isoformat()
    if office is None:
        rows = reader.rows(OFFICIALS, "holds_office", day, day)
    else:
        office_ref = reader.ref(office)
        if office_ref is None:
            raise NotHere("not an entity id")
        rows = reader.rows(FACTS_OF, "holds_office", office_ref["id"], day, day)
    views = reader.facts(rows)
    single = single_holder_offices(reader)
    chosen = [v for v in views if v["object"] and v["object"]["id"] not in single]
    chosen += _latest_per([v for v in views if v["object"] and v["object"]["id"] in single], _object_id)
    holdings = [
        {"office": v["object"], "holder": v["subject"], "since": v["valid_from"], "until": v["valid_to"], "fact": v}
        for v in chosen
        if v["object"] is not None
    ]
    return sorted(
        holdings, key=lambda h: (h["office"]["id"] != "secretary-general", h["office"]["name"], h["holder"]["name"])
    )


def dumps(answer: Json) -> str:
    """The answer's JSON as pydantic's ``model_dump_json(indent=2)`` writes it."""
    return json.dumps(answer, indent=2, ensure_ascii=False)


def answer(url: str | None, question: Callable[[Reader], Json]) -> str | None:
    """The JSON answer to ``question`` from the store at ``url``; None when the ordinary path must answer."""
    try:
        with opened(url) as conn:
            return dumps(question(Reader(conn)))
    except NotHere:
        return None
