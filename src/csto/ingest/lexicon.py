"""The store's vocabulary as plain data: names, aliases, kinds, exercise series and known events.

A ``Lexicon`` is read once from the store and is small and picklable, so worker processes (local
or Ray) receive it instead of opening the database themselves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from csto.store.reads import vocabulary_rows
from csto.store.text import normalize

_YEAR_SUFFIX = re.compile(r"[\s\-–—]*(?:(?:19|20)\d\d|\d\d)$")
_SLUG = re.compile(r"[^a-z0-9]+")
KIND_ORDER = (
    "state",
    "organization",
    "body",
    "office",
    "force",
    "exercise",
    "document",
    "programme",
    "operation",
    "person",
    "place",
)


def slugify(text: str) -> str:
    """A slug id from a name ("Cobalt 2025" -> "cobalt-2025")."""
    return _SLUG.sub("-", normalize(text)).strip("-")[:120] or "unnamed"


_FOUNDED = ("body", "force")  # kinds whose first active day bounds when a report can name them (not documents,
# which are named before they enter into force)


@dataclass(frozen=True)
class KnownEvent:
    """A stored event, for dating articles that name it without a year."""

    id: str
    type: str
    start: date
    end: date
    place: str | None
    participants: frozenset[str]


@dataclass
class Lexicon:
    """Entities, aliases and events of the store, as plain Python data."""

    names: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    aliases: list[tuple[str, str, bool]] = field(default_factory=list)
    events: list[KnownEvent] = field(default_factory=list)
    terms: dict[str, list[tuple[date, date | None]]] = field(default_factory=dict)
    """Person id -> the terms of the offices and posts they held (first day, last day or open)."""
    since: dict[str, date] = field(default_factory=dict)
    """Body or force id -> the first day it was active (nobody reports on it before)."""

    @classmethod
    def from_engine(cls, engine: Engine) -> Lexicon:
        """Read the vocabulary from a built store."""
        rows = vocabulary_rows(engine)
        entities, aliases, events, parts = rows["entities"], rows["aliases"], rows["events"], rows["participants"]
        lexicon = cls(names={r.id: r.name for r in entities}, kinds={r.id: r.kind for r in entities})
        lexicon.aliases = [(r.alias, r.entity_id, bool(r.is_name)) for r in aliases]
        for r in entities:
            lexicon.aliases.append((r.name, r.id, True))
        lexicon.aliases = sorted(set(lexicon.aliases))
        by_event: dict[str, set[str]] = defaultdict(set)
        for part in parts:
            by_event[part.event_id].add(part.entity_id)
        lexicon.events = [
            KnownEvent(r.id, r.type, r.start_day, r.end_day, r.place, frozenset(by_event.get(r.id, set())))
            for r in events
            if r.start_day is not None
        ]
        for r in rows["terms"]:
            lexicon.terms.setdefault(r.subject, []).append((r.start_day, r.end_day))
        founded = [r for r in rows.get("since", []) if lexicon.kinds.get(r.subject) in _FOUNDED]
        lexicon.since = {r.subject: r.start_day for r in founded}
        return lexicon

    @classmethod
    def from_records(cls, entities: list[dict[str, object]], events: list[KnownEvent] | None = None) -> Lexicon:
        """A lexicon from ``{id, name, kind, aliases}`` records (tests, benchmarks)."""
        lexicon = cls(events=list(events or []))
        for record in entities:
            entity_id, name, kind = str(record["id"]), str(record["name"]), str(record["kind"])
            lexicon.names[entity_id] = name
            lexicon.kinds[entity_id] = kind
            lexicon.aliases.append((name, entity_id, True))
            aliases = record.get("aliases") or []
            assert isinstance(aliases, list)
            lexicon.aliases.extend((str(alias), entity_id, False) for alias in aliases)
        return lexicon

    def kind_rank(self, entity_id: str) -> int:
        kind = self.kinds.get(entity_id, "")
        return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)

    def exercise_series(self) -> dict[str, tuple[str, str]]:
        """Normalized series name -> (series slug, canonical series name), from stored exercise editions."""
        series: dict[str, tuple[str, str]] = {}
        for alias, entity_id, _ in self.aliases:
            if self.kinds.get(entity_id) != "exercise":
                continue
            match = re.match(r"^(?P<slug>.+)-(?:19|20)\d\d$", entity_id)
            if not match:
                continue
            base = _YEAR_SUFFIX.sub("", alias).strip(" -–—")
            canonical = _YEAR_SUFFIX.sub("", self.names[entity_id]).strip(" -–—")
            if base and normalize(base):
                series.setdefault(normalize(base), (match.group("slug"), canonical))
        return series

    def surname_candidates(self) -> dict[str, set[str]]:
        """Surnames of stored people -> the ids of everyone who bears it."""
        seen: dict[str, set[str]] = defaultdict(set)
        for alias, entity_id, _ in self.aliases:
            if self.kinds.get(entity_id) != "person":
                continue
            words = alias.split()
            name_like = 2 <= len(words) <= 4 and all(re.fullmatch(r"[A-Z][\w'’.-]*", w) for w in words)
            if name_like and re.fullmatch(r"[A-Z][a-z'’-]{3,}", words[-1]):
                seen[words[-1]].add(entity_id)
        return seen

    def persons(self) -> dict[str, str]:
        """Unique surnames of stored people -> their id (a surname shared by two people is left out)."""
        alias_norms = {
            normalize(alias) for alias, entity_id, _ in self.aliases if self.kinds.get(entity_id) != "person"
        }
        return {
            surname: next(iter(ids))
            for surname, ids in self.surname_candidates().items()
            if len(ids) == 1 and normalize(surname) not in alias_norms
        }
