"""The alignment index from the record: position claims and participation, read from the store.

``AlignmentRecord.load(kb)`` reads everything once (claims, events, ``position`` facts, the roster
on each event's day); ``series`` gives a member's smoothed path with its evidence, ``at`` the
out-of-sample value on a day (evidence dated before it only) that the simulator uses as its prior.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from csto.alignment.method import Evidence, IndexPoint, MethodParams, index_at, index_path
from csto.alignment.participation import MemberYear, count_participation, participation_evidence
from csto.rules import Roster
from csto.store.positions import StoredPosition, delegates, participation_record, read_positions

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

FIRST_YEAR = 1992
KIND_WEIGHT = {"act": 1.0, "vote": 1.0, "speech": 0.5}
INDIRECT_TOPICS = frozenset({"karabakh", "ukraine-war", "russia-leadership", "western-ties"})
INDIRECT_WEIGHT = 0.5
"""Topics that bear on the Organization through a member's quarrel or Russia's line, not directly: half weight."""
UNOFFICIAL_WEIGHT = 0.3
SILENT_WINDOW_YEARS = 5
SILENT_MIN_ITEMS = 3
SILENT_MAX_SD = 0.8


def position_evidence(claim: StoredPosition) -> Evidence:
    """A claim as evidence: its stance, weighted by kind (acts over speeches) and by who speaks."""
    weight = KIND_WEIGHT.get(claim.kind, 0.5) * (1.0 if claim.official else UNOFFICIAL_WEIGHT)
    weight *= INDIRECT_WEIGHT if claim.topic in INDIRECT_TOPICS else 1.0
    # dated at the latest day the claim's date allows, so an out-of-sample cut never lets a later act in
    return Evidence(claim.id, f"position:{claim.topic}", claim.end_day, float(claim.stance), weight, claim.summary)


@dataclass(frozen=True)
class Prior:
    """A member's index on a day, as the simulator's alignment prior (``value`` in [0, 1])."""

    state: str
    day: date
    index: float
    sd: float
    value: float
    silent: bool
    recent: int
    evidence: tuple[str, ...]

    def describe(self) -> str:
        if self.silent:
            return (
                f"record silent: {self.recent} piece(s) of evidence in the {SILENT_WINDOW_YEARS} years before "
                f"{self.day} (index {self.index:+.2f} ± {self.sd:.2f})"
            )
        shown = ", ".join(self.evidence[-6:])
        more = f" and {len(self.evidence) - 6} earlier" if len(self.evidence) > 6 else ""
        return f"record: index {self.index:+.2f} ± {self.sd:.2f} on {self.day} from {shown}{more}"


def to_share(index: float) -> float:
    """The index (−2 … +2) on the simulator's alignment scale (0 … 1)."""
    return max(0.0, min(1.0, 0.5 + index / 4.0))


@dataclass
class AlignmentSeries:
    """A member's index path between two years, its participation and the evidence behind each point."""

    state: str
    name: str
    first: int
    last: int
    points: list[IndexPoint]
    participation: list[MemberYear]
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "name": self.name,
            "from": self.first,
            "to": self.last,
            "method": "docs/alignment.md",
            "points": [p.as_dict() for p in self.points],
            "participation": [row.as_dict() for row in self.participation],
            "evidence": {
                key: {"kind": e.kind, "date": e.day.isoformat(), "score": e.score, "weight": e.weight, "note": e.note}
                for key, e in sorted(self.evidence.items())
            },
        }


class AlignmentRecord:
    """Everything the index needs, read once from the knowledge base."""

    def __init__(
        self, names: dict[str, str], evidence: dict[str, list[Evidence]], years: dict[tuple[str, int], MemberYear]
    ):
        self.names = names
        self.evidence = evidence
        self.years = years

    @classmethod
    def load(cls, kb: KnowledgeBase) -> AlignmentRecord:
        states = {k: v.name for k, v in kb.entities.items() if v.kind == "state"}
        events = participation_record(kb.engine)
        days = sorted({e.start_day for e in events})
        members_on = {day: Roster.from_kb(kb, day).good_standing for day in days}
        names = {k: v.name for k, v in kb.entities.items()}
        years = count_participation(events, delegates(kb.engine), states, members_on, names)
        for year in range(FIRST_YEAR, max(date.today().year, max((d.year for d in days), default=FIRST_YEAR)) + 1):
            roster = Roster.from_kb(kb, date(year, 7, 1))
            for state in roster.statuses:  # a member with nothing recorded in a year still has its (zero) counts
                row = years.setdefault((state, year), MemberYear(state, year, roster.is_member(state)))
                row.member = roster.is_member(state)
        when = {e.id: e.start_day for e in events}
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for claim in read_positions(kb.engine):
            evidence[claim.holder].append(position_evidence(claim))
        for item in participation_evidence(years, when):
            evidence[item.note.split(":", 1)[0]].append(item)
        return cls(states, dict(evidence), years)

    def states(self) -> list[str]:
        """States with any evidence, in name order."""
        return sorted(self.evidence, key=lambda s: self.names.get(s, s))

    def series(
        self, state: str, first: int = FIRST_YEAR, last: int | None = None, params: MethodParams | None = None
    ) -> AlignmentSeries:
        """The smoothed path of ``state`` (fitted on all its evidence from 1992, shown from ``first`` to ``last``)."""
        last = last if last is not None else date.today().year
        items = self.evidence.get(state, [])
        path = index_path(items, FIRST_YEAR, max(last, date.today().year))  # one fit, whatever span is shown
        shown = [p for p in path if first <= p.year <= last]
        used = {i for p in shown for i in p.evidence}
        rows = [self.years[(state, y)] for y in range(first, last + 1) if (state, y) in self.years]
        return AlignmentSeries(
            state, self.names.get(state, state), first, last, shown, rows,
            {e.id: e for e in items if e.id in used},
        )  # fmt: skip

    def at(self, state: str, day: date, params: MethodParams | None = None) -> Prior:
        """The out-of-sample index of ``state`` on ``day`` and whether the record is silent there."""
        items = self.evidence.get(state, [])
        point = index_at(items, day, FIRST_YEAR, params)
        window = date(day.year - SILENT_WINDOW_YEARS, day.month, min(day.day, 28))
        recent = sum(1 for e in items if window <= e.day < day)
        silent = recent < SILENT_MIN_ITEMS or point.sd > SILENT_MAX_SD
        return Prior(state, day, point.mean, point.sd, to_share(point.mean), silent, recent, point.evidence)


_CACHE: dict[str, tuple[str, AlignmentRecord]] = {}
_LOCK = threading.Lock()


def alignment_record(kb: KnowledgeBase) -> AlignmentRecord:
    """The record for ``kb``, cached until the store's revision changes."""
    from csto.store.engine import revision

    key = str(kb.engine.url)
    current = revision(kb.engine)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == current:
            return cached[1]
    record = AlignmentRecord.load(kb)
    with _LOCK:
        _CACHE[key] = (current, record)
    return record


class AlignmentQueryError(ValueError):
    """A question about the index that cannot be answered as asked (the message says what to change)."""


def alignment_for(kb: KnowledgeBase, state: str, first: int | None = None, last: int | None = None) -> AlignmentSeries:
    """The index of ``state`` (a name or id) from ``first`` to ``last`` (years; default 1992 to this year).

    Raises ``UnknownEntityError`` for an unknown name and ``AlignmentQueryError`` for a non-state or
    a bad span.
    """
    ref = kb.resolve(state)
    if ref.kind != "state":
        raise AlignmentQueryError(f"state: {ref.name!r} is a {ref.kind}, not a state")
    this_year = date.today().year
    first = FIRST_YEAR if first is None else first
    last = this_year if last is None else last
    for name, year in (("from", first), ("to", last)):
        if not FIRST_YEAR <= year <= this_year + 1:
            raise AlignmentQueryError(f"{name}: {year} is outside {FIRST_YEAR}…{this_year + 1}")
    if first > last:
        raise AlignmentQueryError(f"from: {first} is after to: {last}")
    return alignment_record(kb).series(ref.id, first, last)
