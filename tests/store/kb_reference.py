"""The knowledge base as it was before the fast paths: the reference the fast answers are tested against.

A verbatim copy of ``csto.store.kb.KnowledgeBase`` (renamed ``ReferenceKnowledgeBase``) from before
each question became one prepared statement on a reused connection. Do not optimise it: its only
job is to give the answers the fast paths must keep giving.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, and_, func, or_, select
from sqlalchemy.engine import Row

from csto.model import EntityKind
from csto.periods import PartialDate
from csto.store import schema
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
from csto.store.kb import QueryError, UnknownEntityError
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


def _in_force(table: Any, at: date) -> Any:
    return and_(
        or_(table.c.start_day.is_(None), table.c.start_day <= at),
        or_(table.c.end_day.is_(None), table.c.end_day >= at),
    )


class ReferenceKnowledgeBase:
    """Read access to the store; names, kinds and sources are cached after the first use."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._entities: dict[str, EntityRef] | None = None
        self._sources: dict[str, SourceRef] | None = None
        self._single_holder_offices: frozenset[str] | None = None
        self._iso3: dict[str, str] | None = None

    # -- low-level helpers ---------------------------------------------------------------

    def _rows(self, statement: Select[Any]) -> Sequence[Row[Any]]:
        with self.engine.connect() as conn:
            return conn.execute(statement).all()

    def refresh(self) -> None:
        """Forget cached names and sources (call after writing to the store)."""
        self._entities = None
        self._single_holder_offices = None
        self._iso3 = None
        self._sources = None

    @property
    def entities(self) -> dict[str, EntityRef]:
        if self._entities is None:
            rows = self._rows(select(schema.entities.c.id, schema.entities.c.name, schema.entities.c.kind))
            self._entities = {r.id: EntityRef(id=r.id, name=r.name, kind=r.kind) for r in rows}
        return self._entities

    @property
    def sources(self) -> dict[str, SourceRef]:
        if self._sources is None:
            cols = schema.sources.c
            rows = self._rows(select(cols.id, cols.publisher, cols.title, cols.author, cols.date, cols.url, cols.kind))
            self._sources = {r.id: SourceRef(**r._mapping) for r in rows}
        return self._sources

    @property
    def iso3(self) -> dict[str, str]:
        """ISO 3166 alpha-3 code of every state that has one, by entity id (for maps)."""
        if self._iso3 is None:
            e = schema.entities
            rows = self._rows(select(e.c.id, e.c.external_ids).where(e.c.kind == "state"))
            self._iso3 = {r.id: r.external_ids["iso3"] for r in rows if "iso3" in (r.external_ids or {})}
        return self._iso3

    def ref(self, entity_id: str) -> EntityRef:
        try:
            return self.entities[entity_id]
        except KeyError:
            raise UnknownEntityError(entity_id, self.suggest(entity_id)) from None

    def _link_sources(self, table: Any, key_column: str, keys: Iterable[str]) -> dict[str, list[SourceRef]]:
        keys = list(keys)
        found: dict[str, list[SourceRef]] = defaultdict(list)
        if not keys:
            return found
        key = getattr(table.c, key_column)
        for row in self._rows(select(key, table.c.source_id).where(key.in_(keys))):
            found[row[0]].append(self.sources[row.source_id])
        return found

    def _facts(self, where: Any, order: Any = None, with_rivals: bool = True) -> list[FactView]:
        statement = select(schema.facts).where(where)
        statement = statement.order_by(*(order if order is not None else [schema.facts.c.start_day]))
        rows = self._rows(statement)
        sources = self._link_sources(schema.fact_sources, "fact_id", (r.id for r in rows))
        views = [self._fact_view(r, sources.get(r.id, [])) for r in rows]
        if with_rivals:
            disputes = {v.dispute for v in views if v.dispute}
            if disputes:
                rivals = self._facts(schema.facts.c.dispute.in_(disputes), with_rivals=False)
                for view in views:
                    view.rivals = [r for r in rivals if r.dispute == view.dispute and r.id != view.id]
        return views

    def _fact_view(self, row: Row[Any], sources: list[SourceRef]) -> FactView:
        return FactView(
            id=row.id,
            subject=self.ref(row.subject),
            predicate=row.predicate,
            object=self.ref(row.object) if row.object else None,
            value=row.value,
            qualifier=row.qualifier,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            status=row.status,
            dispute=row.dispute,
            note=row.note,
            origin=row.origin,
            sources=sources,
        )

    @staticmethod
    def _latest_per(views: list[FactView], slot: Any) -> list[FactView]:
        """Among facts in force for the same slot, keep the one that started last (and its rivals)."""
        best: dict[Any, FactView] = {}
        for view in views:
            key = slot(view)
            current = best.get(key)
            start = PartialDate.parse(view.valid_from).earliest if view.valid_from else date.min
            if current is None:
                best[key] = view
                continue
            current_start = PartialDate.parse(current.valid_from).earliest if current.valid_from else date.min
            if start > current_start:
                best[key] = view
        return list(best.values())

    # -- as-of questions -----------------------------------------------------------------

    def members(self, at: date, include_former: bool = False) -> list[Membership]:
        """Each state's status in the Treaty system / Organization on ``at``."""
        f = schema.facts
        views = self._facts(and_(f.c.predicate == "member_status", f.c.object == ORGANIZATION, _in_force(f, at)))
        chosen = self._latest_per(views, lambda v: v.subject.id)
        answers = [
            Membership(state=v.subject, status=str(v.value), since=v.valid_from, until=v.valid_to, fact=v)
            for v in chosen
            if include_former or v.value != MemberStatus.WITHDRAWN
        ]
        return sorted(answers, key=lambda m: (LISTING_ORDER.get(m.status, 9), m.state.name))

    def status_of(self, state: str, at: date) -> Membership | None:
        """One state's membership status on ``at`` (None if it never had one then)."""
        state_id = self.resolve(state).id
        return next((m for m in self.members(at, include_former=True) if m.state.id == state_id), None)

    def chair(self, at: date, body: str = CHAIRED_BODY) -> ChairAnswer:
        """Which state chairs ``body`` on ``at``."""
        body_ref = self.resolve(body)
        f = schema.facts
        views = self._facts(and_(f.c.predicate == "chairs", f.c.object == body_ref.id, _in_force(f, at)))
        chosen = self._latest_per(views, lambda v: v.object.id if v.object else None)
        fact = chosen[0] if chosen else None
        return ChairAnswer(at=at, body=body_ref, chair=fact.subject if fact else None, fact=fact)

    def officials(self, at: date, office: str | None = None) -> list[OfficeHolding]:
        """Who holds each office of the Organization on ``at``."""
        f = schema.facts
        where = and_(f.c.predicate == "holds_office", _in_force(f, at))
        if office is not None:
            where = and_(where, f.c.object == self.resolve(office).id)
        views = self._facts(where)
        if self._single_holder_offices is None:
            flags = self._attributes("single_holder")
            self._single_holder_offices = frozenset(e for e, flag in flags.items() if flag is True)
        single = self._single_holder_offices
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

    def _attributes(self, name: str) -> dict[str, Any]:
        rows = self._rows(select(schema.entities.c.id, schema.entities.c.attributes))
        return {r.id: r.attributes.get(name) for r in rows if name in (r.attributes or {})}

    def bodies(self, at: date) -> list[BodyView]:
        """The Organization's bodies that exist on ``at``, with composition and seat."""
        f = schema.facts
        body_ids = [e for e, ref in self.entities.items() if ref.kind == "body"]
        facts = self._facts(and_(f.c.subject.in_(body_ids), _in_force(f, at)))
        by_body: dict[str, list[FactView]] = defaultdict(list)
        for view in facts:
            by_body[view.subject.id].append(view)
        described: dict[str, str | None] = {
            r.id: r.description
            for r in self._rows(
                select(schema.entities.c.id, schema.entities.c.description).where(schema.entities.c.id.in_(body_ids))
            )
        }
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
        entity_id = self.resolve(entity).id
        f = schema.facts
        where = or_(f.c.subject == entity_id, f.c.object == entity_id)
        if at is not None:
            where = and_(where, _in_force(f, at))
        return self._facts(where, order=[f.c.predicate, f.c.start_day])

    # -- events --------------------------------------------------------------------------

    def _event_views(self, rows: Sequence[Row[Any]]) -> list[EventView]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        p = schema.event_participants
        participants: dict[str, list[ParticipantView]] = defaultdict(list)
        for r in self._rows(select(p).where(p.c.event_id.in_(ids))):
            participants[r.event_id].append(
                ParticipantView(entity=self.ref(r.entity_id), role=r.role, size=r.size, note=r.note)
            )
        about: dict[str, list[EntityRef]] = defaultdict(list)
        a = schema.event_about
        for r in self._rows(select(a.c.event_id, a.c.entity_id).where(a.c.event_id.in_(ids))):
            about[r.event_id].append(self.ref(r.entity_id))
        sources = self._link_sources(schema.event_sources, "event_id", ids)
        disputes = {r.dispute for r in rows if r.dispute}
        rivals: dict[str, list[str]] = defaultdict(list)
        if disputes:
            e = schema.events
            for r in self._rows(select(e.c.id, e.c.dispute).where(e.c.dispute.in_(disputes))):
                rivals[r.dispute].append(r.id)
        return [
            EventView(
                id=r.id,
                type=r.type,
                date=r.date,
                end_date=r.end_date,
                title=r.title,
                summary=r.summary,
                place=self.ref(r.place) if r.place else None,
                status=r.status,
                participants=participants.get(r.id, []),
                about=about.get(r.id, []),
                dispute=r.dispute,
                note=r.note,
                origin=r.origin,
                sources=sources.get(r.id, []),
                rivals=[x for x in rivals.get(r.dispute, []) if x != r.id] if r.dispute else [],
            )
            for r in rows
        ]

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

    def event(self, event_id: str) -> EventView:
        rows = self._rows(select(schema.events).where(schema.events.c.id == event_id))
        if not rows:
            raise UnknownEntityError(event_id, [], what="event")
        return self._event_views(rows)[0]

    # -- entities and search -------------------------------------------------------------

    def entity(self, name: str) -> EntityReport:
        """Everything known about one entity: its names, facts, events and sources."""
        ref = self.resolve(name)
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

    def resolve(self, name: str) -> EntityRef:
        """An entity by id, canonical name or alias; ``UnknownEntityError`` with suggestions if none."""
        if name in self.entities:
            return self.entities[name]
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
        with self.engine.connect() as conn:
            return {name: conn.scalar(select(func.count()).select_from(t)) or 0 for name, t in tables.items()}

    def overview(self, at: date, recent: int = 8) -> Overview:
        """The state of the organization on ``at``: members, chair, officials, bodies, latest events."""
        e = schema.events
        rows = self._rows(select(e).where(e.c.start_day <= at).order_by(e.c.start_day.desc(), e.c.id).limit(recent))
        return Overview(
            at=at,
            members=self.members(at, include_former=True),
            chair=self.chair(at),
            officials=self.officials(at),
            bodies=self.bodies(at),
            recent_events=self._event_views(rows),
            counts=self.counts(),
        )
