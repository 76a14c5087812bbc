"""Full-text search over events, facts, sources and entities: one index, two backends.

Every event, fact, source and entity has one row in ``search_entries`` (a title, a body of text, its
type, dates and the entities it involves in ``search_entry_entities``), kept current by the build
(``reindex``) and by claim acceptance (``reindex`` of the rows a claim touched). The words are indexed
by the database itself:

* SQLite: an external-content FTS5 table ``search_fts`` over ``search_entries`` (tokenizer
  ``unicode61 remove_diacritics 2``), kept in step by three triggers; ranked by BM25 with the title
  weighted five times the body.
* PostgreSQL: a stored generated column ``search_fts_vector``, the ``simple`` text-search
  configuration's vector of the title (weight A) and the body (weight B), under a GIN index
  ``search_fts``; ranked by ``ts_rank``. ``simple`` neither stems nor drops words, so Russian and
  English names match as written.

Both index a folded copy of the title and body (``fold``: lower case, Latin accents removed, Cyrillic
letters kept as they are), so "Turkiye" finds "Türkiye" on PostgreSQL too and "й" stays distinct
from "и" on both. An entity whose name or alias is exactly the query comes first.

These backend objects are not in ``schema.metadata`` (one MetaData cannot describe both); migration
0003 makes them and ``outside_metadata`` names them for the schema comparison.

User input never reaches the query syntax: the query is cut into words (letters and digits), each
word is quoted, all words must match, and the last one matches as a prefix (``secur`` finds
"security"). Operators, quotes and wildcards typed by a user are words or nothing. Snippets are cut
and their matches located here, in Python, the same way on both backends; pages escape the text
before marking the matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    column,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    text,
    tuple_,
)
from sqlalchemy.sql.elements import ColumnElement

from csto.model import EntityKind, EventType
from csto.periods import DateError, PartialDate
from csto.store import schema
from csto.store.text import normalize

RECORD_KINDS = ("event", "fact", "source", "entity")
EVENT_TYPES = tuple(t.value for t in EventType)
ENTITY_KINDS = tuple(k.value for k in EntityKind)
MAX_TERMS = 16
MAX_LIMIT = 100
SNIPPET_CHARS = 220

FTS_TABLE = "search_fts"
PG_VECTOR = f"{FTS_TABLE}_vector"
PG_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, title_words), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_words), 'B')"
)
"""PostgreSQL's text-search vector of an entry, stored in the generated column ``PG_VECTOR``."""

_COLUMNS = "title_words, body_words"
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) "
    "VALUES ('delete', old.id, old.title_words, old.body_words);"
)
_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.id, new.title_words, new.body_words);"
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_COLUMNS}, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON search_entries BEGIN {_INSERT} END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON search_entries BEGIN {_DELETE} END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE ON search_entries BEGIN {_DELETE} {_INSERT} END",
)
POSTGRESQL_DDL = (
    f"ALTER TABLE search_entries ADD COLUMN {PG_VECTOR} tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED",
    f"CREATE INDEX {FTS_TABLE} ON search_entries USING gin ({PG_VECTOR})",
)
SQLITE_DROP = tuple(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{w}" for w in ("insert", "delete", "update"))


class SearchError(ValueError):
    """A search with arguments that make no sense (an unknown kind, a date range backwards, a bad page)."""


# -- the backend objects ---------------------------------------------------------------------------


def create_backend_index(conn: Connection) -> None:
    """Make the database's own word index over ``search_entries`` (FTS5 or a GIN index)."""
    for statement in SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRESQL_DDL:
        conn.execute(text(statement))


def drop_backend_index(conn: Connection) -> None:
    """Remove the backend's word index (the rows of ``search_entries`` stay)."""
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            conn.execute(text(statement))
        conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    else:
        conn.execute(text(f"DROP INDEX IF EXISTS {FTS_TABLE}"))
        conn.execute(text(f"ALTER TABLE search_entries DROP COLUMN IF EXISTS {PG_VECTOR}"))


def outside_metadata(name: str | None, type_: str, _parents: Mapping[str, str | None] | None = None) -> bool:
    """Whether a database object is the search index's backend part, made outside ``schema.metadata``.

    Alembic's ``include_name`` hook is its negation: ``lambda *a: not outside_metadata(*a)``.
    """
    return bool(name) and type_ in ("table", "index", "column") and str(name).startswith(FTS_TABLE)


# -- what is indexed -------------------------------------------------------------------------------

Keys = Mapping[str, Iterable[str]]
"""Record ids by kind ("event", "fact", "source", "entity")."""


def _text(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, "", [], {}))


def _value_text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(_value_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_value_text(v) for v in value)
    return "" if value is None else str(value)


def _days(value: str | None) -> tuple[date | None, date | None]:
    if not value:
        return None, None
    try:
        day = PartialDate.parse(value)
    except DateError:
        return None, None
    return day.earliest, day.latest


def _where(column: Any, keys: set[str] | None) -> ColumnElement[bool]:
    return and_(True) if keys is None else column.in_(sorted(keys))


class _Entries:
    """The rows of ``search_entries`` (and their entity links) for some records, read from the tables."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.rows: list[dict[str, Any]] = []
        self.links: list[tuple[str, str, set[str]]] = []
        self.names: dict[str, str] = dict(conn.execute(select(schema.entities.c.id, schema.entities.c.name)).all())

    def add(self, row: dict[str, Any], entities: set[str]) -> None:
        self.rows.append({**row, "title_words": fold(row["title"]), "body_words": fold(row["body"])})
        self.links.append((row["kind"], row["key"], {e for e in entities if e}))

    def events(self, keys: set[str] | None) -> None:
        e = schema.events
        involved = self._event_entities(keys)
        for r in self.conn.execute(select(e).where(_where(e.c.id, keys))):
            self.add(
                {"kind": "event", "key": r.id, "type": r.type, "title": r.title, "body": _text(r.summary, r.note),
                 "date": r.date, "end_date": r.end_date, "start_day": r.start_day, "end_day": r.end_day,
                 "about": None, "url": None, "origin": r.origin},
                involved.get(r.id, set()),
            )  # fmt: skip

    def _event_entities(self, keys: set[str] | None) -> dict[str, set[str]]:
        e, p, a = schema.events, schema.event_participants, schema.event_about
        found: dict[str, set[str]] = defaultdict(set)
        for link in (p, a):
            for event_id, entity_id in self.conn.execute(
                select(link.c.event_id, link.c.entity_id).where(_where(link.c.event_id, keys))
            ):
                found[event_id].add(entity_id)
        for event_id, place in self.conn.execute(select(e.c.id, e.c.place).where(_where(e.c.id, keys))):
            if place:
                found[event_id].add(place)
        return found

    def facts(self, keys: set[str] | None) -> None:
        f = schema.facts
        labels = {name: name.replace("_", " ") for name in self.conn.scalars(select(schema.predicates.c.name))}
        for r in self.conn.execute(select(f).where(_where(f.c.id, keys))):
            value = _value_text(r.value)
            target = self.names.get(r.object, r.object) if r.object else value
            title = " — ".join(
                x for x in (self.names.get(r.subject, r.subject), labels.get(r.predicate, r.predicate), target) if x
            )
            self.add(
                {"kind": "fact", "key": r.id, "type": r.predicate, "title": title,
                 "body": _text(value if r.object else None, r.qualifier, r.note),
                 "date": r.valid_from, "end_date": r.valid_to, "start_day": r.start_day, "end_day": r.end_day,
                 "about": r.subject, "url": None, "origin": r.origin},
                {r.subject, r.object or ""},
            )  # fmt: skip

    def sources(self, keys: set[str] | None) -> None:
        s, es, fs, ns = schema.sources, schema.event_sources, schema.fact_sources, schema.entity_sources
        involved: dict[str, set[str]] = defaultdict(set)
        cited_events: dict[str, set[str]] = defaultdict(set)
        for source_id, event_id in self.conn.execute(
            select(es.c.source_id, es.c.event_id).where(_where(es.c.source_id, keys))
        ):
            cited_events[event_id].add(source_id)
        event_entities = self._event_entities(set(cited_events)) if cited_events else {}
        for event_id, sources in cited_events.items():
            for source_id in sources:
                involved[source_id] |= event_entities.get(event_id, set())
        f = schema.facts
        fact_rows = select(fs.c.source_id, f.c.subject, f.c.object).join(f, f.c.id == fs.c.fact_id)
        for source_id, subject, obj in self.conn.execute(fact_rows.where(_where(fs.c.source_id, keys))):
            involved[source_id] |= {subject, obj or ""}
        for source_id, entity_id in self.conn.execute(
            select(ns.c.source_id, ns.c.entity_id).where(_where(ns.c.source_id, keys))
        ):
            involved[source_id].add(entity_id)
        for r in self.conn.execute(select(s).where(_where(s.c.id, keys))):
            start, end = _days(r.date)
            self.add(
                {"kind": "source", "key": r.id, "type": r.kind, "title": r.title,
                 "body": _text(r.publisher, r.author, r.note), "date": r.date, "end_date": None,
                 "start_day": start, "end_day": end, "about": None, "url": r.url, "origin": r.origin},
                involved.get(r.id, set()),
            )  # fmt: skip

    def entities(self, keys: set[str] | None) -> None:
        n, al = schema.entities, schema.aliases
        aliases: dict[str, list[str]] = defaultdict(list)
        query = select(al.c.entity_id, al.c.alias).where(and_(al.c.is_name == 0, _where(al.c.entity_id, keys)))
        for entity_id, alias in self.conn.execute(query):
            aliases[entity_id].append(alias)
        for r in self.conn.execute(select(n).where(_where(n.c.id, keys))):
            self.add(
                {"kind": "entity", "key": r.id, "type": r.kind, "title": r.name,
                 "body": _text(" · ".join(aliases.get(r.id, [])), r.description), "date": None, "end_date": None,
                 "start_day": None, "end_day": None, "about": None, "url": None, "origin": r.origin},
                {r.id},
            )  # fmt: skip


def reindex(conn: Connection, keys: Keys | None = None) -> int:
    """Rewrite the index rows of the records named in ``keys`` (every record for None); returns rows written.

    Runs inside the caller's transaction. A record named but no longer stored loses its row.
    """
    wanted = None if keys is None else {kind: set(keys.get(kind, ())) for kind in RECORD_KINDS}
    entries = _Entries(conn)
    se, links = schema.search_entries, schema.search_entry_entities
    rebuilt = wanted is None and conn.dialect.name == "sqlite"
    if rebuilt:  # rewriting every row: drop the word index and its triggers, then build it once at the end
        drop_backend_index(conn)
    if wanted is None:
        conn.execute(delete(links))
        conn.execute(delete(se))
    for kind in RECORD_KINDS:
        ids = None if wanted is None else wanted[kind]
        if ids is not None and not ids:
            continue
        if ids is not None:
            old = select(se.c.id).where(and_(se.c.kind == kind, se.c.key.in_(sorted(ids))))
            conn.execute(delete(links).where(links.c.entry_id.in_(old)))
            conn.execute(delete(se).where(and_(se.c.kind == kind, se.c.key.in_(sorted(ids)))))
        readers = {"event": entries.events, "fact": entries.facts, "source": entries.sources}
        readers.get(kind, entries.entities)(ids)
    if entries.rows:
        conn.execute(insert(se), entries.rows)
        _link(conn, entries, all_rows=wanted is None)
    if rebuilt:
        create_backend_index(conn)
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
    if wanted is None and conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE search_entries, search_entry_entities"))  # the planner then uses the GIN index
    return len(entries.rows)


def _link(conn: Connection, entries: _Entries, all_rows: bool) -> None:
    se, links = schema.search_entries, schema.search_entry_entities
    ids_of = {
        (r.kind, r.key): r.id
        for r in conn.execute(
            select(se.c.id, se.c.kind, se.c.key).where(
                and_(True)
                if all_rows
                else tuple_(se.c.kind, se.c.key).in_([(r["kind"], r["key"]) for r in entries.rows])
            )
        )
    }
    link_rows = [
        {"entry_id": ids_of[(kind, key)], "entity_id": entity}
        for kind, key, entities in entries.links
        for entity in sorted(entities)
    ]
    if link_rows:
        conn.execute(insert(links), link_rows)


# -- the query -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


_MARKS = re.compile("(.)([\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+)", re.S)


def _marks_kept(found: re.Match[str]) -> str:
    base = found.group(1)
    return found.group(0) if "\u0400" <= base <= "\u04ff" else base


def fold(value: str) -> str:
    """Text as the index holds and compares it: lower case, Latin accents removed ("Türkiye" -> "turkiye").

    Marks on Cyrillic letters are kept ("й" is not "и"), as in ``csto.store.text.normalize``; both
    backends index this folded copy, so they match alike.
    """
    lowered = value.casefold()
    if lowered.isascii():
        return lowered
    return unicodedata.normalize("NFC", _MARKS.sub(_marks_kept, unicodedata.normalize("NFKD", lowered)))


def terms(query: str) -> list[str]:
    """The words of a user's query (letters and digits only), at most ``MAX_TERMS``, without repeats."""
    return list(dict.fromkeys(fold(w) for w in _WORD.findall(query)))[:MAX_TERMS]


def match_expression(words: Sequence[str], dialect: str) -> str:
    """The backend's query text for ``words``: every word quoted and required, the last as a prefix.

    ``words`` come from ``terms`` (letters and digits only), so no quote or operator can be in them.
    """
    if dialect == "sqlite":
        return " ".join(f'"{w}"' + ("*" if i == len(words) - 1 else "") for i, w in enumerate(words))
    return " & ".join(f"'{w}'" + (":*" if i == len(words) - 1 else "") for i, w in enumerate(words))


class SearchResult(BaseModel):
    """One record that matches: what it is, where its page is, and the text around the match.

    ``title_marks`` and ``snippet_marks`` are ``[start, end)`` character ranges of the matched words in
    ``title`` and ``snippet``; a page escapes the text and then marks those ranges.
    """

    kind: str
    id: str
    type: str | None
    title: str
    date: str | None
    end_date: str | None
    about: str | None = None
    url: str | None = None
    origin: str
    snippet: str
    title_marks: list[tuple[int, int]]
    snippet_marks: list[tuple[int, int]]
    score: float


class SearchPage(BaseModel):
    """A page of full-text matches, best first, with the count for each kind of record."""

    query: str
    terms: list[str]
    total: int
    offset: int
    limit: int
    counts: dict[str, int]
    results: list[SearchResult]


def parse_kinds(kinds: Iterable[str]) -> list[str]:
    """Check the kind filters: record kinds, event types or entity kinds (``exercise`` is both)."""
    allowed = (*RECORD_KINDS, *EVENT_TYPES, *ENTITY_KINDS)
    given = [k.strip() for k in kinds if k and k.strip()]
    unknown = [k for k in given if k not in allowed]
    if unknown:
        raise SearchError(
            f"unknown kind {unknown[0]!r}; choose a record kind ({', '.join(RECORD_KINDS)}), an event type "
            f"({', '.join(EVENT_TYPES)}) or an entity kind ({', '.join(ENTITY_KINDS)})"
        )
    return list(dict.fromkeys(given))


def kind_condition(kinds: Sequence[str]) -> ColumnElement[bool]:
    se = schema.search_entries
    choices: list[ColumnElement[bool]] = []
    for k in kinds:
        if k in RECORD_KINDS:
            choices.append(se.c.kind == k)
        if k in EVENT_TYPES:
            choices.append(and_(se.c.kind == "event", se.c.type == k))
        if k in ENTITY_KINDS:
            choices.append(and_(se.c.kind == "entity", se.c.type == k))
    return or_(*choices) if choices else and_(True)


def _day(value: str | None, which: str, latest: bool) -> date | None:
    if not value:
        return None
    try:
        day = PartialDate.parse(value)
    except DateError as error:
        raise DateError(f"the period's {which} ({value!r}): {error}") from None
    return day.latest if latest else day.earliest


def _period(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    first, last = _day(start, "start", latest=False), _day(end, "end", latest=True)
    if first and last and first > last:
        raise SearchError(f"the period starts ({start}) after it ends ({end})")
    return first, last


def search(
    engine: Engine,
    query: str,
    kinds: Sequence[str] = (),
    entity: str | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Records whose text holds every word of ``query`` (the last as a prefix), best first.

    ``kinds`` keeps record kinds, event types or entity kinds; ``entity`` (an id) keeps records that
    involve it (an event's participants, subjects and place; a fact's subject and object; the
    entities of the events and facts a source backs); ``start`` and ``end`` (partial dates) keep
    records whose dates overlap the period (an undated record, or an open end, counts as overlapping).
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise SearchError("offset must not be negative")
    chosen = parse_kinds(kinds)
    first, last = _period(start, end)
    words = terms(query)
    if not words:
        return SearchPage(query=query, terms=[], total=0, offset=offset, limit=limit, counts={}, results=[])
    se, links = schema.search_entries, schema.search_entry_entities
    filters: list[ColumnElement[bool]] = []
    if entity:
        filters.append(se.c.id.in_(select(links.c.entry_id).where(links.c.entity_id == entity)))
    if first:
        filters.append(or_(se.c.end_day.is_(None), se.c.end_day >= first))
    if last:
        filters.append(or_(se.c.start_day.is_(None), se.c.start_day <= last))
    with engine.connect() as conn:
        dialect = conn.dialect.name
        expression = match_expression(words, dialect)
        found: Any = se
        if dialect == "sqlite":
            fts = table(FTS_TABLE, column("rowid"))
            found = se.join(fts, fts.c.rowid == se.c.id)
            matched: Any = text(f"{FTS_TABLE} MATCH :expression").bindparams(expression=expression)
            rank: ColumnElement[Any] = literal_column(f"-bm25({FTS_TABLE}, 5.0, 1.0)")
        else:
            document: ColumnElement[Any] = literal_column(f"search_entries.{PG_VECTOR}")
            tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), expression)
            matched = document.op("@@")(tsquery)
            rank = func.ts_rank(document, tsquery)
        facets = conn.execute(
            select(se.c.kind, se.c.type, func.count())
            .select_from(found)
            .where(matched, *filters)
            .group_by(se.c.kind, se.c.type)
        ).all()
        tally: dict[str, int] = defaultdict(int)
        for kind, kind_type, count in facets:
            tally[kind] += count
            if kind == "event":
                tally[kind_type] += count
        counts = {k: tally[k] for k in (*RECORD_KINDS, *EVENT_TYPES) if tally.get(k)}
        total = sum(n for kind, kind_type, n in facets if _kept(chosen, kind, kind_type))
        score = rank.label("score")
        al = schema.aliases
        named = and_(se.c.kind == "entity", se.c.key.in_(select(al.c.entity_id).where(al.c.norm == normalize(query))))
        rows = conn.execute(
            select(se, score)
            .select_from(found)
            .where(matched, kind_condition(chosen), *filters)
            .order_by(case((named, 0), else_=1), score.desc(), se.c.kind, se.c.title, se.c.key)
            .limit(limit)
            .offset(offset)
        ).all()
    results = [_result(row, words) for row in rows]
    return SearchPage(query=query, terms=words, total=total, offset=offset, limit=limit, counts=counts, results=results)


def _kept(kinds: Sequence[str], kind: str, kind_type: str | None) -> bool:
    if not kinds:
        return True
    return any(
        k == kind or (k in EVENT_TYPES and kind == "event" and kind_type == k)
        or (k in ENTITY_KINDS and kind == "entity" and kind_type == k)
        for k in kinds
    )  # fmt: skip


# -- snippets --------------------------------------------------------------------------------------


def marks(value: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where the words of a query occur in ``value``: each word whole, the last also as a prefix."""
    if not words:
        return []
    whole, prefix = set(words), words[-1]
    return [
        (m.start(), m.end())
        for m in _WORD.finditer(value)
        if (folded := fold(m.group())) in whole or folded.startswith(prefix)
    ]


def snippet(body: str, words: Sequence[str], width: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """A stretch of ``body`` of about ``width`` characters around its first match, and the matches in it."""
    found = marks(body, words)
    if len(body) <= width:
        return body, found
    centre = found[0][0] if found else 0
    start = max(0, centre - width // 3)
    if start:
        space = body.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    stop = min(len(body), start + width)
    if stop < len(body):
        space = body.rfind(" ", start, stop)
        stop = space if space > start + width // 2 else stop
    prefix = "…" if start else ""
    text_ = prefix + body[start:stop].strip() + ("…" if stop < len(body) else "")
    return text_, marks(text_, words)


def _result(row: Any, words: Sequence[str]) -> SearchResult:
    body, body_marks = snippet(row.body or "", words)
    return SearchResult(
        kind=row.kind,
        id=row.key,
        type=row.type,
        title=row.title,
        date=row.date,
        end_date=row.end_date,
        about=row.about,
        url=row.url,
        origin=row.origin,
        snippet=body,
        title_marks=marks(row.title, words),
        snippet_marks=body_marks,
        score=round(float(row.score or 0.0), 6),
    )
