"""The knowledge base: every question csto answers about the organization at a date.

``KnowledgeBase`` is the one core object the command line, the API and the other parts call. Its
queries take an explicit date (``at``): there is no implicit "today" in the core. Each question is
one prepared statement (or a few) on a reused connection (``csto.store.fastpaths``); the answers
are those of the implementation before it, as ``tests/store/test_fastpaths.py`` checks.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from sqlalchemy import Engine, Select, and_, func, or_, select
from sqlalchemy.engine import Row

from csto.model import EntityKind
from csto.periods import PartialDate
from csto.store import fastpaths, schema
from csto.store import search as full_text
from csto.store.answers import (
    BodyView,
    ChairAnswer,
    EntityRef,
    EntityReport,
    EntityView,
    EventView,
    FactView,
    Membership,
    OfficeHolding,
    Overview,
    ParticipantView,
    SearchHit,
    SourceRef,
    TimelinePage,
)
from csto.store.text import normalize
from csto.vocabulary import MEMBER_STATUSES, MemberStatus

ORGANIZATION = "csto"
CHAIRED_BODY = "collective-security-council"
MAX_PAGE = 500
ENTITY_KINDS = frozenset(k.value for k in EntityKind)
# The vocabulary's order, former members last.
LISTING_ORDER = {
    s.value: i
    for i, s in enumerate([*(s for s in MEMBER_STATUSES if s != MemberStatus.WITHDRAWN), MemberStatus.WITHDRAWN])
}


class UnknownEntityError(LookupError):
    """A name or id that matches no entity (or, with ``what="event"``, no event); ``suggestions`` lists close names."""

    def __init__(self, name: str, suggestions: list[str], what: str = "entity"):
        self.name = name
        self.suggestions = suggestions
        self.what = what
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        called = "called" if what == "entity" else "with id"
        super().__init__(f"no {what} {called} {name!r}.{hint}")


class QueryError(ValueError):
    """A query with arguments that make no sense (an unknown event type, a bad page size)."""


def _in_force(table: Any, at: date) -> Any:
    return and_(
        or_(table.c.start_day.is_(None), table.c.start_day <= at),
        or_(table.c.end_day.is_(None), table.c.end_day >= at),
    )


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _asked(method: Callable[Concatenate[KnowledgeBase, _P], _T]) -> Callable[Concatenate[KnowledgeBase, _P], _T]:
    """Run the whole method as one question: one connection, one check of the caches."""

    @functools.wraps(method)
    def asked(self: KnowledgeBase, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        with self._question():
            return method(self, *args, **kwargs)

    return asked


@functools.lru_cache(maxsize=4096)
def _earliest(valid_from: str) -> date:
    return PartialDate.parse(valid_from).earliest


def _day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else cast(date, value)


def _change_days(rows: Iterable[Sequence[Any]]) -> list[date]:
    """The days on which rows with these (start_day, end_day) enter or leave force, sorted.

    Between two consecutive days of the list (and before the first, after the last) the same rows
    are in force on every day, so an answer made only of them is the same on each.
    """
    days: set[date] = set()
    for start, end in rows:
        if start is not None:
            days.add(_day(start))
        if end is not None and _day(end) < date.max:
            days.add(_day(end) + timedelta(days=1))
    return sorted(days)


REPORTS_KEPT = 64


class _Kept:
    """The last ``size`` values asked for, by key (least recently asked dropped first)."""

    def __init__(self, size: int):
        self.size = size
        self.values: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any, load: Callable[[], _T]) -> _T:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return cast(_T, self.values[key])
        value = load()
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value


class _Snapshot:
    """What the answers take from the stored data as a whole, for one state of it (``token``).

    Names, sources, each fact's and event's sources, disputes' rivals, the bodies, the counts: loaded
    on first use, then kept until the store changes (``KnowledgeBase.refresh`` or a new token).
    """

    def __init__(self, token: tuple[Any, ...]):
        self.token = token
        self.lock = threading.RLock()
        self.memo: dict[Any, Any] = {}

    def get(self, key: Any, load: Callable[[], Any]) -> Any:
        try:
            return self.memo[key]
        except KeyError:
            pass
        with self.lock:
            if key not in self.memo:
                self.memo[key] = load()
            return self.memo[key]


@dataclass
class _Question:
    reader: fastpaths.Reader
    snapshot: _Snapshot


class _Asking:
    """``with kb._question() as q``: the outermost one takes a connection and checks the caches."""

    __slots__ = ("kb", "outer", "release")

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.outer = False
        self.release: Callable[[], None] | None = None

    def __enter__(self) -> _Question:
        kb = self.kb
        current: _Question | None = getattr(kb._scope, "question", None)
        if current is not None:
            return current
        reader, self.release = kb._db.acquire()
        try:
            question = _Question(reader, kb._fresh(reader))
        except BaseException:
            self._give_back()
            raise
        kb._scope.question = question
        self.outer = True
        return question

    def __exit__(self, *_exc: object) -> None:
        if self.outer:
            self.kb._scope.question = None
            self._give_back()

    def _give_back(self) -> None:
        if self.release is not None:
            release, self.release = self.release, None
            release()


class KnowledgeBase:
    """Read access to the store.

    Every question runs on one connection (see ``csto.store.fastpaths``) as one prepared statement,
    or a few; what depends only on the stored data (names, sources, bodies, counts) is cached and
    re-checked against the store before each question, so writes from other processes are seen.
    As-of answers (members, chair, officials, bodies, the overview's latest events) are kept per
    stretch of days between two changes of the rows they come from (``_span``), and the last
    entity reports are kept too, all until the store changes.
    Safe to share between threads; a forked or spawned process opens its own connections.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self._db = fastpaths.Connections(engine)
        self._snapshot: _Snapshot | None = None
        self._scope = threading.local()

    # -- low-level helpers ---------------------------------------------------------------

    def _rows(self, statement: Select[Any]) -> Sequence[Row[Any]]:
        with self.engine.connect() as conn:
            return conn.execute(statement).all()

    def refresh(self) -> None:
        """Forget everything cached (call after writing to the store)."""
        self._snapshot = None

    def close(self) -> None:
        """Close the calling thread's own connection (a later question opens a new one)."""
        self._db.close()

    def _question(self) -> _Asking:
        """The connection and the checked snapshot of one question (nested calls share them)."""
        return _Asking(self)

    def _fresh(self, reader: fastpaths.Reader) -> _Snapshot:
        snapshot = self._snapshot
        if reader.unchanged_since(snapshot):
            return snapshot  # type: ignore[return-value]  # unchanged_since(None) is False
        token = reader.token()
        snapshot = self._snapshot
        if snapshot is None or snapshot.token != token:
            snapshot = _Snapshot(token)
            self._snapshot = snapshot
        reader.vouch(snapshot)
        return snapshot

    def _entities(self, snapshot: _Snapshot) -> dict[str, EntityRef]:
        def load() -> dict[str, EntityRef]:
            rows = self._rows(select(schema.entities.c.id, schema.entities.c.name, schema.entities.c.kind))
            return {r.id: EntityRef(id=r.id, name=r.name, kind=r.kind) for r in rows}

        return cast(dict[str, EntityRef], snapshot.get("entities", load))

    def _sources(self, snapshot: _Snapshot) -> dict[str, SourceRef]:
        def load() -> dict[str, SourceRef]:
            cols = schema.sources.c
            rows = self._rows(select(cols.id, cols.publisher, cols.title, cols.author, cols.date, cols.url, cols.kind))
            return {r.id: SourceRef(**r._mapping) for r in rows}

        return cast(dict[str, SourceRef], snapshot.get("sources", load))

    def _links(self, snapshot: _Snapshot, table: Any, key_column: str) -> dict[str, list[SourceRef]]:
        """Sources of every fact, event or entity, in the order the link table gives them."""

        def load() -> dict[str, list[SourceRef]]:
            sources = self._sources(snapshot)
            found: dict[str, list[SourceRef]] = defaultdict(list)
            for row in self._rows(select(getattr(table.c, key_column), table.c.source_id)):
                found[row[0]].append(sources[row.source_id])
            return dict(found)

        return cast(dict[str, list[SourceRef]], snapshot.get(("links", table.name), load))

    @property
    def entities(self) -> dict[str, EntityRef]:
        with self._question() as q:
            return self._entities(q.snapshot)

    @property
    def sources(self) -> dict[str, SourceRef]:
        with self._question() as q:
            return self._sources(q.snapshot)

    @property
    def iso3(self) -> dict[str, str]:
        """ISO 3166 alpha-3 code of every state that has one, by entity id (for maps)."""

        def load() -> dict[str, str]:
            e = schema.entities
            rows = self._rows(select(e.c.id, e.c.external_ids).where(e.c.kind == "state"))
            return {r.id: r.external_ids["iso3"] for r in rows if "iso3" in (r.external_ids or {})}

        with self._question() as q:
            return cast(dict[str, str], q.snapshot.get("iso3", load))

    def ref(self, entity_id: str) -> EntityRef:
        try:
            return self.entities[entity_id]
        except KeyError:
            raise UnknownEntityError(entity_id, self.suggest(entity_id)) from None

    def _link_sources(self, table: Any, key_column: str, keys: Iterable[str]) -> dict[str, list[SourceRef]]:
        with self._question() as q:
            links = self._links(q.snapshot, table, key_column)
            return {key: list(links[key]) for key in keys if key in links}

    def _facts(self, q: _Question, rows: Sequence[Any], with_rivals: bool = True) -> list[FactView]:
        """Views of fact rows (all of ``facts``' columns, in order), with sources and disputed rivals."""
        refs = self._entities(q.snapshot)
        sources = self._links(q.snapshot, schema.fact_sources, "fact_id")
        decode = self._db.json
        views = []
        for fact_id, subject, predicate, obj, value, qualifier, valid_from, valid_to, _s, _e, *rest in rows:
            status, dispute, note, origin = rest
            views.append(
                FactView(
                    id=fact_id,
                    subject=refs.get(subject) or self.ref(subject),
                    predicate=predicate,
                    object=(refs.get(obj) or self.ref(obj)) if obj else None,
                    value=decode(value),
                    qualifier=qualifier,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    status=status,
                    dispute=dispute,
                    note=note,
                    origin=origin,
                    sources=sources.get(fact_id, []),
                )
            )
        if with_rivals:
            disputes = {v.dispute for v in views if v.dispute}
            if disputes:
                rivals = self._facts(q, self._rival_rows(q, disputes), with_rivals=False)
                for view in views:
                    view.rivals = [r for r in rivals if r.dispute == view.dispute and r.id != view.id]
        return views

    def _rival_rows(self, q: _Question, disputes: set[str]) -> list[Any]:
        """Every fact of these disputes, as the query for exactly them returns them (kept per revision)."""
        key = ("rivals", frozenset(disputes))
        return cast(
            list[Any],
            q.snapshot.get(key, lambda: q.reader.rows(fastpaths.rivals_statement(sorted(disputes)))),
        )

    def _span(self, q: _Question, key: Any, statement: fastpaths.Prepared, at: date, **values: Any) -> int:
        """Which stretch of days between the changes of ``statement``'s rows ``at`` falls in (per revision).

        As-of answers are kept per stretch: every day of one gets the same rows, hence the same answer.
        """
        days = q.snapshot.get(("changes", key), lambda: _change_days(q.reader.rows(statement, **values)))
        return bisect.bisect_right(days, at)

    def _per_span(self, q: _Question, key: Any, span: int, load: Callable[[], _T]) -> _T:
        return cast(_T, q.snapshot.get(("span", key, span), load))

    @staticmethod
    def _latest_per(views: list[FactView], slot: Any) -> list[FactView]:
        """Among facts in force for the same slot, keep the one that started last (and its rivals)."""
        best: dict[Any, FactView] = {}
        for view in views:
            key = slot(view)
            current = best.get(key)
            start = _earliest(view.valid_from) if view.valid_from else date.min
            if current is None:
                best[key] = view
                continue
            current_start = _earliest(current.valid_from) if current.valid_from else date.min
            if start > current_start:
                best[key] = view
        return list(best.values())

    # -- as-of questions -----------------------------------------------------------------

    def members(self, at: date, include_former: bool = False) -> list[Membership]:
        """Each state's status in the Treaty system / Organization on ``at``."""
        with self._question() as q:
            span = self._span(q, "members", fastpaths.MEMBERS_DAYS, at, organization=ORGANIZATION)
            return list(
                self._per_span(q, ("members", include_former), span, lambda: self._members(q, at, include_former))
            )

    def _members(self, q: _Question, at: date, include_former: bool) -> list[Membership]:
        views = self._facts(q, q.reader.rows(fastpaths.MEMBERS, at=at, organization=ORGANIZATION))
        chosen = self._latest_per(views, lambda v: v.subject.id)
        answers = [
            Membership(state=v.subject, status=str(v.value), since=v.valid_from, until=v.valid_to, fact=v)
            for v in chosen
            if include_former or v.value != MemberStatus.WITHDRAWN
        ]
        return sorted(answers, key=lambda m: (LISTING_ORDER.get(m.status, 9), m.state.name))

    def status_of(self, state: str, at: date) -> Membership | None:
        """One state's membership status on ``at`` (None if it never had one then)."""
        with self._question():
            state_id = self.resolve(state).id
            return next((m for m in self.members(at, include_former=True) if m.state.id == state_id), None)

    def chair(self, at: date, body: str = CHAIRED_BODY) -> ChairAnswer:
        """Which state chairs ``body`` on ``at``."""
        with self._question() as q:
            body_ref = self._entities(q.snapshot).get(body) or self.resolve(body)
            span = self._span(q, ("chairs", body_ref.id), fastpaths.CHAIRS_DAYS, at, body=body_ref.id)

            def load() -> FactView | None:
                views = self._facts(q, q.reader.rows(fastpaths.CHAIRS, at=at, body=body_ref.id))
                chosen = self._latest_per(views, lambda v: v.object.id if v.object else None)
                return chosen[0] if chosen else None

            fact = self._per_span(q, ("chair", body_ref.id), span, load)
        return ChairAnswer(at=at, body=body_ref, chair=fact.subject if fact else None, fact=fact)

    def officials(self, at: date, office: str | None = None) -> list[OfficeHolding]:
        """Who holds each office of the Organization on ``at``."""
        with self._question() as q:
            office_id = None if office is None else self.resolve(office).id
            span = self._span(q, "officials", fastpaths.OFFICIALS_DAYS, at)
            return list(self._per_span(q, ("officials", office_id), span, lambda: self._officials(q, at, office_id)))

    def _officials(self, q: _Question, at: date, office_id: str | None) -> list[OfficeHolding]:
        if office_id is None:
            rows = q.reader.rows(fastpaths.OFFICIALS, at=at)
        else:
            rows = q.reader.rows(fastpaths.OFFICIALS_OF, at=at, office=office_id)
        views = self._facts(q, rows)
        single = self._single_holder_offices(q.snapshot)
        chosen = [v for v in views if v.object and v.object.id not in single]
        chosen += self._latest_per(
            [v for v in views if v.object and v.object.id in single], lambda v: v.object.id if v.object else None
        )
        holdings = [
            OfficeHolding(office=v.object, holder=v.subject, since=v.valid_from, until=v.valid_to, fact=v)
            for v in chosen
            if v.object is not None
        ]
        return sorted(holdings, key=lambda h: (h.office.id != "secretary-general", h.office.name, h.holder.name))

    def _single_holder_offices(self, snapshot: _Snapshot) -> frozenset[str]:
        def load() -> frozenset[str]:
            flags = self._attributes("single_holder")
            return frozenset(e for e, flag in flags.items() if flag is True)

        return cast(frozenset[str], snapshot.get("single_holder", load))

    def _attributes(self, name: str) -> dict[str, Any]:
        rows = self._rows(select(schema.entities.c.id, schema.entities.c.attributes))
        return {r.id: r.attributes.get(name) for r in rows if name in (r.attributes or {})}

    def _bodies(self, snapshot: _Snapshot) -> tuple[fastpaths.Prepared, dict[str, str | None]]:
        """The statement for the bodies' facts (their ids fixed in it) and their descriptions."""

        def load() -> tuple[fastpaths.Prepared, dict[str, str | None]]:
            body_ids = [e for e, ref in self._entities(snapshot).items() if ref.kind == "body"]
            e = schema.entities
            described = {
                r.id: r.description for r in self._rows(select(e.c.id, e.c.description).where(e.c.id.in_(body_ids)))
            }
            return fastpaths.bodies_statement(body_ids), described

        return cast(tuple[fastpaths.Prepared, dict[str, str | None]], snapshot.get("bodies", load))

    def bodies(self, at: date) -> list[BodyView]:
        """The Organization's bodies that exist on ``at``, with composition and seat."""
        with self._question() as q:
            body_ids = [e for e, ref in self._entities(q.snapshot).items() if ref.kind == "body"]
            days = q.snapshot.get("bodies_days", lambda: fastpaths.bodies_days_statement(body_ids))
            span = self._span(q, "bodies", days, at)
            return list(self._per_span(q, "bodies", span, lambda: self._bodies_on(q, at)))

    def _bodies_on(self, q: _Question, at: date) -> list[BodyView]:
        statement, described = self._bodies(q.snapshot)
        facts = self._facts(q, q.reader.rows(statement, at=at))
        by_body: dict[str, list[FactView]] = defaultdict(list)
        for view in facts:
            by_body[view.subject.id].append(view)
        answers = []
        for body_id, views in by_body.items():
            if not any(v.predicate == "active" for v in views):
                continue
            active = next(v for v in views if v.predicate == "active")
            composed = next((v for v in views if v.predicate == "composed_of"), None)
            seat = next((v for v in views if v.predicate == "headquarters"), None)
            answers.append(
                BodyView(
                    body=self.ref(body_id),
                    description=described.get(body_id),
                    composed_of=str(composed.value) if composed else None,
                    headquarters=seat.object if seat else None,
                    since=active.valid_from,
                    facts=views,
                )
            )
        return sorted(answers, key=lambda b: b.since or "")

    def facts_about(self, entity: str, at: date | None = None) -> list[FactView]:
        """Facts with the entity as subject or object; only those in force on ``at`` if given."""
        with self._question() as q:
            entity_id = self.resolve(entity).id
            if at is None:
                rows = q.reader.rows(fastpaths.FACTS_ABOUT, entity=entity_id)
            else:
                rows = q.reader.rows(fastpaths.FACTS_ABOUT_AT, entity=entity_id, at=at)
            return self._facts(q, rows)

    # -- events --------------------------------------------------------------------------

    def _event_links(self, snapshot: _Snapshot) -> dict[str, Any]:
        """Participants, subjects and rival events of every event, in the order their tables give them."""

        def load() -> dict[str, Any]:
            participants: dict[str, list[Row[Any]]] = defaultdict(list)
            for r in self._rows(select(schema.event_participants)):
                participants[r.event_id].append(r)
            about: dict[str, list[str]] = defaultdict(list)
            a = schema.event_about
            for r in self._rows(select(a.c.event_id, a.c.entity_id)):
                about[r.event_id].append(r.entity_id)
            rivals: dict[str, list[str]] = defaultdict(list)
            e = schema.events
            for r in self._rows(select(e.c.id, e.c.dispute).where(e.c.dispute.is_not(None))):
                rivals[r.dispute].append(r.id)
            return {"participants": dict(participants), "about": dict(about), "rivals": dict(rivals)}

        return cast(dict[str, Any], snapshot.get("event_links", load))

    def _event_views(self, rows: Sequence[Any]) -> list[EventView]:
        """Views of event rows (all of ``events``' columns, in order)."""
        if not rows:
            return []
        with self._question() as q:
            links = self._event_links(q.snapshot)
            sources = self._links(q.snapshot, schema.event_sources, "event_id")
            participants, about, rivals = links["participants"], links["about"], links["rivals"]
            refs = self._entities(q.snapshot)

            def ref(entity_id: str) -> EntityRef:
                return refs.get(entity_id) or self.ref(entity_id)

            views = []
            for event_id, kind, day, end_date, _start, _end, title, summary, place, *rest in rows:
                status, dispute, note, origin = rest
                views.append(
                    EventView(
                        id=event_id,
                        type=kind,
                        date=day,
                        end_date=end_date,
                        title=title,
                        summary=summary,
                        place=ref(place) if place else None,
                        status=status,
                        participants=[
                            ParticipantView(entity=ref(p.entity_id), role=p.role, size=p.size, note=p.note)
                            for p in participants.get(event_id, [])
                        ],
                        about=[ref(entity_id) for entity_id in about.get(event_id, [])],
                        dispute=dispute,
                        note=note,
                        origin=origin,
                        sources=sources.get(event_id, []),
                        rivals=[x for x in rivals.get(dispute, []) if x != event_id] if dispute else [],
                    )
                )
            return views

    @_asked
    def timeline(
        self,
        start: str | None = None,
        end: str | None = None,
        types: Sequence[str] = (),
        state: str | None = None,
        entity: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> TimelinePage:
        """Events in a period (partial dates allowed), optionally of some types or involving an entity."""
        from csto.model import EventType

        if not 1 <= limit <= MAX_PAGE:
            raise QueryError(f"limit must be between 1 and {MAX_PAGE}")
        if offset < 0:
            raise QueryError("offset must not be negative")
        unknown = sorted(set(types) - {t.value for t in EventType})
        if unknown:
            raise QueryError(f"unknown event type(s) {unknown}; known: {[t.value for t in EventType]}")
        e = schema.events
        where: list[Any] = []
        if start:
            where.append(e.c.end_day >= PartialDate.parse(start).earliest)
        if end:
            where.append(e.c.start_day <= PartialDate.parse(end).latest)
        if types:
            where.append(e.c.type.in_(list(types)))
        for name in (state, entity):
            if name:
                entity_id = self.resolve(name).id
                p, a = schema.event_participants, schema.event_about
                where.append(
                    or_(
                        e.c.place == entity_id,
                        e.c.id.in_(select(p.c.event_id).where(p.c.entity_id == entity_id)),
                        e.c.id.in_(select(a.c.event_id).where(a.c.entity_id == entity_id)),
                    )
                )
        condition = and_(*where) if where else and_(True)
        with self.engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(e).where(condition)) or 0
            rows = conn.execute(
                select(e).where(condition).order_by(e.c.start_day, e.c.id).limit(limit).offset(offset)
            ).all()
        return TimelinePage(total=total, offset=offset, limit=limit, events=self._event_views(rows))

    @_asked
    def event(self, event_id: str) -> EventView:
        rows = self._rows(select(schema.events).where(schema.events.c.id == event_id))
        if not rows:
            raise UnknownEntityError(event_id, [], what="event")
        return self._event_views(rows)[0]

    # -- entities and search -------------------------------------------------------------

    @_asked
    def entity(self, name: str) -> EntityReport:
        """Everything known about one entity: its names, facts, events and sources.

        The last ``REPORTS_KEPT`` reports are kept until the store changes; each call gets its own lists.
        """
        with self._question() as q:
            ref = self.resolve(name)
            kept = cast(_Kept, q.snapshot.get("entity_reports", lambda: _Kept(REPORTS_KEPT)))
            report = kept.get(ref.id, lambda: self._entity_report(ref))
        return EntityReport.model_construct(
            entity=report.entity, facts=list(report.facts), events=list(report.events), disputes=list(report.disputes)
        )

    def _entity_report(self, ref: EntityRef) -> EntityReport:
        row = self._rows(select(schema.entities).where(schema.entities.c.id == ref.id))[0]
        aliases = [
            r.alias
            for r in self._rows(
                select(schema.aliases.c.alias).where(
                    and_(schema.aliases.c.entity_id == ref.id, schema.aliases.c.is_name == 0)
                )
            )
        ]
        sources = self._link_sources(schema.entity_sources, "entity_id", [ref.id]).get(ref.id, [])
        view = EntityView(
            id=ref.id,
            kind=ref.kind,
            name=ref.name,
            aliases=aliases,
            external_ids=row.external_ids,
            description=row.description,
            attributes=row.attributes,
            sources=sources,
        )
        facts = self.facts_about(ref.id)
        events = self.timeline(entity=ref.id, limit=MAX_PAGE).events
        disputes = [f for f in facts if f.disputed]
        return EntityReport(entity=view, facts=facts, events=events, disputes=disputes)

    @_asked
    def search(self, query: str, limit: int = 20, kind: str | None = None) -> list[SearchHit]:
        """Entities whose name or alias matches ``query`` (exact, prefix, then substring)."""
        if kind is not None and kind not in ENTITY_KINDS:
            raise QueryError(f"unknown entity kind {kind!r}; choose from {', '.join(sorted(ENTITY_KINDS))}")
        norm = normalize(query)
        if not norm:
            return []
        al = schema.aliases
        like = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._rows(select(al.c.entity_id, al.c.alias, al.c.norm).where(al.c.norm.like(f"%{like}%", escape="\\")))
        best: dict[str, SearchHit] = {}
        for r in rows:
            ref = self.entities.get(r.entity_id)
            if ref is None or (kind and ref.kind != kind):
                continue
            if r.norm == norm:
                score = 1.0
            elif r.norm.startswith(norm) or f" {norm}" in f" {r.norm}":
                score = 0.8
            else:
                score = 0.5
            score += 0.05 * (len(norm) / max(len(r.norm), 1))
            if r.entity_id not in best or best[r.entity_id].score < score:
                best[r.entity_id] = SearchHit(entity=ref, matched=r.alias, score=round(score, 3))
        return sorted(best.values(), key=lambda h: (-h.score, h.entity.name))[:limit]

    def find(
        self,
        query: str,
        kinds: Sequence[str] = (),
        state: str | None = None,
        start: str | None = None,
        end: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> full_text.SearchPage:
        """Full-text search over events, facts, sources and entities (see ``csto.store.search``).

        ``state`` is any entity's id, name or alias (``UnknownEntityError`` if none).
        """
        entity = self.resolve(state).id if state else None
        try:
            return full_text.search(self.engine, query, kinds, entity, start, end, limit, offset)
        except full_text.SearchError as error:
            raise QueryError(str(error)) from None

    @_asked
    def suggest(self, name: str, count: int = 5) -> list[str]:
        """Close names for an unknown one, to help the user."""
        norms = self._rows(select(schema.aliases.c.norm, schema.aliases.c.entity_id))
        by_norm: dict[str, str] = {r.norm: r.entity_id for r in norms}
        close = difflib.get_close_matches(normalize(name), list(by_norm), n=count * 2, cutoff=0.6)
        names: list[str] = []
        for norm in close:
            ref = self.entities.get(by_norm[norm])
            if ref and ref.name not in names:
                names.append(ref.name)
        return names[:count]

    @_asked
    def resolve(self, name: str) -> EntityRef:
        """An entity by id, canonical name or alias; ``UnknownEntityError`` with suggestions if none."""
        entities = self.entities
        if name in entities:
            return entities[name]
        norm = normalize(name)
        rows = self._rows(select(schema.aliases.c.entity_id).where(schema.aliases.c.norm == norm).distinct())
        if len(rows) == 1:
            return self.ref(rows[0].entity_id)
        if len(rows) > 1:
            names = sorted(self.entities[r.entity_id].name for r in rows)
            raise UnknownEntityError(name, names)
        raise UnknownEntityError(name, self.suggest(name))

    # -- summary -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = {
            "entities": schema.entities,
            "facts": schema.facts,
            "events": schema.events,
            "sources": schema.sources,
        }

        def load() -> dict[str, int]:
            with self.engine.connect() as conn:
                return {name: conn.scalar(select(func.count()).select_from(t)) or 0 for name, t in tables.items()}

        with self._question() as q:
            return dict(q.snapshot.get("counts", load))

    def overview(self, at: date, recent: int = 8) -> Overview:
        """The state of the organization on ``at``: members, chair, officials, bodies, latest events."""
        with self._question() as q:
            span = self._span(q, "events", fastpaths.EVENT_DAYS, at)

            def load() -> list[EventView]:
                return self._event_views(q.reader.rows(fastpaths.RECENT_EVENTS, at=at, recent=recent))

            return Overview(
                at=at,
                members=self.members(at, include_former=True),
                chair=self.chair(at),
                officials=self.officials(at),
                bodies=self.bodies(at),
                recent_events=list(self._per_span(q, ("recent_events", recent), span, load)),
                counts=self.counts(),
            )
