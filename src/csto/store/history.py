"""Read-only questions about change over time, built on the knowledge base's public answers.

* ``record_checked``: the last day the record was checked, taken as the newest dated source in the
  store (partial dates count from their first day). Answers about later days assume nothing changed.
* ``membership_lanes``: every state's membership status as runs of days, from ``KnowledgeBase.members``
  asked at each day a status can change, so the lanes agree with the as-of answers by construction.
* ``yearly_counts``: exercises, summits (sessions of the Collective Security Council) and crises per
  year. A crisis is counted once, in the year of its principal event: the distinct qualifiers of the
  ``crisis_request`` and ``crisis_territory`` facts (see ``crises_more.yaml``).

Results are kept per store revision (``csto.store.engine.revision``), so a rebuild or an accepted
claim is seen at once.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from csto.periods import DateError, PartialDate
from csto.store.engine import revision
from csto.store.kb import ORGANIZATION, KnowledgeBase, UnknownEntityError

MEMBER_PREDICATE = "member_status"
CRISIS_PREDICATES = ("crisis_request", "crisis_territory")
COUNTED = ("exercises", "summits", "crises")
"""The series of ``yearly_counts``, in display order."""
RECORD_NOTICE = "The record ends on {day}; answers after it assume nothing changed."

_cache: dict[tuple[int, str, str], Any] = {}
_lock = threading.Lock()
_checked: dict[int, tuple[object, date | None]] = {}


@dataclass(frozen=True)
class Run:
    """A span of days (both ends included) during which a state kept one status (None: no status)."""

    start: date
    end: date
    status: str | None


@dataclass(frozen=True)
class Lane:
    """One state's statuses over the whole span asked, as consecutive runs."""

    state_id: str
    name: str
    runs: list[Run] = field(default_factory=list)

    def status_on(self, day: date) -> str | None:
        """The status the lane shows on ``day`` (None outside the span or without a status)."""
        return next((r.status for r in self.runs if r.start <= day <= r.end), None)


def _first_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text).earliest
    except (DateError, ValueError):
        return None


def _kept(kb: KnowledgeBase, name: str, load: Any) -> Any:
    """``load()`` once per store revision of ``kb``."""
    key = (id(kb), name, revision(kb.engine))
    with _lock:
        if key in _cache:
            return _cache[key]
    value = load()
    with _lock:
        for old in [k for k in _cache if k[:2] == key[:2]]:
            del _cache[old]
        _cache[key] = value
    return value


def record_checked(kb: KnowledgeBase) -> date | None:
    """The newest day any source of the record is dated (None if no source carries a date)."""

    sources = kb.sources  # the same mapping until the store changes: the answer is kept beside it
    kept = _checked.get(id(kb))
    if kept is not None and kept[0] is sources:
        return kept[1]
    days = [d for d in (_first_day(s.date) for s in sources.values()) if d is not None]
    checked = max(days) if days else None
    _checked[id(kb)] = (sources, checked)
    return checked


def record_notice(checked: date | None, day: date) -> str | None:
    """The notice an answer about ``day`` carries when the record ends before it, else None."""
    if checked is None or day <= checked:
        return None
    return RECORD_NOTICE.format(day=checked.isoformat())


def _change_days(kb: KnowledgeBase, start: date, end: date) -> list[date]:
    """Every day in [start, end] on which some membership status may begin or end."""
    days = {start}
    for fact in kb.facts_about(ORGANIZATION):
        if fact.predicate != MEMBER_PREDICATE:
            continue
        first = _first_day(fact.valid_from)
        if first is not None and start < first <= end:
            days.add(first)
        if fact.valid_to:
            after = PartialDate.parse(fact.valid_to).latest + timedelta(days=1)
            if start < after <= end:
                days.add(after)
    return sorted(days)


def membership_lanes(kb: KnowledgeBase, start: date, end: date) -> list[Lane]:
    """Each state that had a status between ``start`` and ``end``, in order of first status, then name."""
    if end < start:
        raise ValueError(f"the span ends ({end}) before it starts ({start})")

    def load() -> list[Lane]:
        days = _change_days(kb, start, end)
        statuses: list[dict[str, str]] = []
        names: dict[str, str] = {}
        for day in days:
            members = kb.members(day, include_former=True)
            statuses.append({m.state.id: m.status for m in members})
            names.update({m.state.id: m.state.name for m in members})
        first_seen: dict[str, date] = {}
        for day, seen in zip(days, statuses, strict=True):
            for state_id in seen:
                first_seen.setdefault(state_id, day)
        lanes = []
        for state_id in sorted(names, key=lambda s: (first_seen[s], names[s])):
            runs: list[Run] = []
            for i, (day, seen) in enumerate(zip(days, statuses, strict=True)):
                last = days[i + 1] - timedelta(days=1) if i + 1 < len(days) else end
                status = seen.get(state_id)
                if runs and runs[-1].status == status:
                    runs[-1] = Run(runs[-1].start, last, status)
                else:
                    runs.append(Run(day, last, status))
            lanes.append(Lane(state_id, names[state_id], runs))
        return lanes

    result: list[Lane] = _kept(kb, f"lanes:{start}:{end}", load)
    return result


def _all_events(kb: KnowledgeBase, types: list[str]) -> list[Any]:
    events: list[Any] = []
    while True:
        page = kb.timeline(types=types, limit=500, offset=len(events))
        events.extend(page.events)
        if not page.events or len(events) >= page.total:
            return events


def _year(text: str) -> int | None:
    day = _first_day(text)
    return day.year if day else None


def yearly_counts(kb: KnowledgeBase, first: int, last: int) -> dict[str, dict[int, int]]:
    """Per year from ``first`` to ``last``: exercises and summits that took place, and crises that began.

    Planned and cancelled events are not counted. Each series has every year, zeros included.
    """

    def load() -> dict[str, dict[int, int]]:
        counts: dict[str, Counter[int]] = {name: Counter() for name in COUNTED}
        for event in _all_events(kb, ["exercise", "summit"]):
            year = _year(event.date)
            if event.status == "occurred" and year is not None:
                counts["exercises" if event.type == "exercise" else "summits"][year] += 1
        crises: set[str] = set()
        for ref in kb.entities.values():
            if ref.kind == "state":
                crises.update(
                    f.qualifier for f in kb.facts_about(ref.id) if f.predicate in CRISIS_PREDICATES and f.qualifier
                )
        for event_id in crises:
            try:
                year = _year(kb.event(event_id).date)
            except UnknownEntityError:  # a qualifier that names no event is not a crisis we can date
                continue
            if year is not None:
                counts["crises"][year] += 1
        return {name: {y: counts[name][y] for y in range(first, last + 1)} for name in COUNTED}

    result: dict[str, dict[int, int]] = _kept(kb, f"counts:{first}:{last}", load)
    return result
