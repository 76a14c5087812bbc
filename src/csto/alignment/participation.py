"""Participation, counted: what each member did at sessions, exercises and decisions, per year.

Read from the events already in the knowledge base (``csto.store.positions.participation_record``)
and the ``position`` facts that tie a person to the state they speak for. Who is a member in good
standing on a session's day is the rules' roster (``csto.rules.Roster.from_kb``), never a list of
our own. Every count keeps the ids of the events behind it. The indicators and how each turns into
evidence for the index are in ``docs/alignment.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from csto.alignment.method import Evidence
from csto.store.positions import Delegate, RecordedEvent


class Indicator(StrEnum):
    """What a member did (or failed to do), as counted per year."""

    ATTENDED = "attended"
    ATTENDED_LOWER = "attended_lower_level"
    ABSENT = "absent"
    NOT_LISTED = "not_listed"
    HOSTED = "hosted"
    EXERCISE_JOINED = "exercise_joined"
    EXERCISE_REFUSED = "exercise_refused"
    EXERCISE_CANCELLED = "exercise_cancelled_as_host"
    OUTSIDE_DECISION = "outside_decision"
    BLOCKED = "blocked"
    DUES_WITHHELD = "dues_withheld"


# score on the −2 … +2 scale and weight of one observation of each indicator (docs/alignment.md)
SCORES: dict[Indicator, tuple[float, float]] = {
    Indicator.ATTENDED: (1.0, 0.3),
    Indicator.ATTENDED_LOWER: (0.5, 0.3),
    Indicator.ABSENT: (-2.0, 1.0),
    Indicator.NOT_LISTED: (-1.0, 0.15),
    Indicator.HOSTED: (2.0, 0.4),
    Indicator.EXERCISE_JOINED: (1.0, 0.25),
    Indicator.EXERCISE_REFUSED: (-2.0, 0.6),
    Indicator.EXERCISE_CANCELLED: (-1.0, 0.3),
    Indicator.OUTSIDE_DECISION: (-1.5, 0.8),
    Indicator.BLOCKED: (-2.0, 1.0),
    Indicator.DUES_WITHHELD: (-2.0, 1.0),
}

SESSION_BODIES = frozenset(
    {
        "collective-security-council",
        "council-of-foreign-ministers",
        "council-of-defence-ministers",
        "committee-of-secretaries-of-security-councils",
        "permanent-council",
    }
)
_SESSION_TITLE = re.compile(
    r"collective security council|foreign ministers|defence ministers|security council secretaries|permanent council",
    re.I,
)
PRESENT_ROLES = frozenset(
    {"participant", "chair", "host", "speaker", "requester", "signatory", "decision_maker", "contributor", "organizer"}
)
MIN_ROLL = 3
"""A session's roll counts as recorded (so a member missing from it counts as absent) from this many delegations."""

_DUES = re.compile(r"\b(budget|dues|fund|financ|pay|contribution|arrear)", re.I)
_REFUSAL = re.compile(r"\b(declin|not pay|will not|stop|withh|refus|arrear|unpaid|non-?payment|owe[sd]?\b)", re.I)
_BLOCK = re.compile(
    r"declines? to sign|refus(?:es|ed|ing)? to sign"
    r"|withh(?:olds?|eld|olding) (?:(?:his|her|its) )?(?:signature|consent)|\bveto|\bblock",
    re.I,
)
_OBJECTS = frozenset({"decision", "appointment", "document_signed"})
"""Event types where a member recorded as ``adversary`` is objecting to the Organization's own act (a block)."""
_NOT_SIGNED = re.compile(r"not (to )?(have )?sign", re.I)
_HEADS = ("president", "acting president")


@dataclass
class Count:
    """One indicator for one member in one year: how many, and the events behind them."""

    n: int = 0
    events: list[str] = field(default_factory=list)


@dataclass
class MemberYear:
    """A member's participation in one year."""

    state: str
    year: int
    member: bool
    counts: dict[Indicator, Count] = field(default_factory=dict)

    def add(self, indicator: Indicator, event: str) -> None:
        count = self.counts.setdefault(indicator, Count())
        if event not in count.events:
            count.n += 1
            count.events.append(event)

    def n(self, indicator: Indicator) -> int:
        count = self.counts.get(indicator)
        return count.n if count else 0

    @property
    def attendance_rate(self) -> float | None:
        """Share of recorded sessions attended (None where no roll was recorded)."""
        present = self.n(Indicator.ATTENDED) + self.n(Indicator.ATTENDED_LOWER)
        total = present + self.n(Indicator.ABSENT) + self.n(Indicator.NOT_LISTED)
        return present / total if total else None

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "year": self.year,
            "member": self.member,
            "attendance_rate": None if self.attendance_rate is None else round(self.attendance_rate, 3),
            "counts": {str(k): {"n": v.n, "events": v.events} for k, v in sorted(self.counts.items())},
        }


class Delegations:
    """Who speaks for which state on a day: a state itself, or a person through a ``position`` fact."""

    def __init__(self, states: Iterable[str], delegates: Sequence[Delegate], names: dict[str, str] | None = None):
        self.states = frozenset(states)
        self.names = names or {}
        self.by_person: dict[str, list[Delegate]] = defaultdict(list)
        for d in delegates:
            self.by_person[d.person].append(d)

    def state_of(self, entity: str, day: date) -> tuple[str, str] | None:
        """(state, level) for ``entity`` on ``day``: level is head_of_state, head_of_government, official or state."""
        if entity in self.states:
            return entity, "state"
        held = self.by_person.get(entity)
        if not held:
            return None
        current = [d for d in held if (d.start is None or d.start <= day) and (d.end is None or day <= d.end)]
        chosen = (current or held)[0]  # a person with no position on the day: their nearest recorded one
        title = chosen.title.lower()
        level = (
            "head_of_state"
            if title.startswith(_HEADS)
            else "head_of_government"
            if "prime minister" in title
            else "official"
        )
        return chosen.state, level


def _same(event: RecordedEvent) -> str:
    """Events recording the same thing under a shared ``dispute`` key count once."""
    return event.dispute or event.id


def _is_session(event: RecordedEvent) -> bool:
    if event.type == "summit":
        return True
    if event.type != "meeting":
        return False
    return any(p.entity in SESSION_BODIES for p in event.participants) or bool(_SESSION_TITLE.search(event.title))


def _roles(event: RecordedEvent, who: Delegations) -> dict[str, tuple[set[str], set[str], str | None]]:
    """Per state: its roles, the delegation levels seen, and the notes on its entries."""
    found: dict[str, tuple[set[str], set[str], str | None]] = {}
    for p in event.participants:
        resolved = who.state_of(p.entity, event.start_day)
        if resolved is None:
            continue
        state, level = resolved
        roles, levels, note = found.setdefault(state, (set(), set(), None))
        roles.add(p.role)
        if p.role != "absent":
            levels.add(level)
        found[state] = (roles, levels, note or p.note)
    return found


class Counter:
    """Counts participation from the record, member by member and year by year."""

    def __init__(self, members_on: dict[date, frozenset[str]], who: Delegations):
        self.members_on = members_on
        self.who = who
        self.years: dict[tuple[str, int], MemberYear] = {}
        self.acts: set[tuple[str, Indicator, date]] = set()

    def _year(self, state: str, day: date) -> MemberYear:
        key = (state, day.year)
        if key not in self.years:
            self.years[key] = MemberYear(state, day.year, state in self.members_on.get(day, frozenset()))
        return self.years[key]

    def named(self, event: RecordedEvent, state: str) -> bool:
        """Whether the event's title names ``state`` or one of the people it lists for it."""
        title = event.title.lower()
        people = [
            p.entity for p in event.participants if (self.who.state_of(p.entity, event.start_day) or ("",))[0] == state
        ]
        names = [self.who.names.get(state, state)] + [self.who.names.get(p, p).split()[-1] for p in people]
        return any(n and n.lower() in title for n in names)

    def session(self, event: RecordedEvent, key: str, good: frozenset[str]) -> None:
        roles = _roles(event, self.who)
        listed = {s for s in roles if s in good}
        for state in listed:
            present = roles[state][0] & PRESENT_ROLES
            if present:
                # lower level: the leader was recorded absent but someone came, or only an official came to a summit
                lowered = "absent" in roles[state][0] or (event.type == "summit" and roles[state][1] == {"official"})
                self._year(state, event.start_day).add(Indicator.ATTENDED_LOWER if lowered else Indicator.ATTENDED, key)
                if "host" in present:
                    self._year(state, event.start_day).add(Indicator.HOSTED, key)
            elif "absent" in roles[state][0]:
                self._year(state, event.start_day).add(Indicator.ABSENT, key)
        if len(listed) >= MIN_ROLL:
            for state in good - listed:
                self._year(state, event.start_day).add(Indicator.NOT_LISTED, key)

    def exercise(self, event: RecordedEvent, key: str, members: frozenset[str]) -> None:
        for state, (roles, _levels, _note) in _roles(event, self.who).items():
            if state not in members:
                continue
            row = self._year(state, event.start_day)
            if event.status == "cancelled":
                if "host" in roles:
                    row.add(Indicator.EXERCISE_CANCELLED, key)
                continue
            if "absent" in roles:
                row.add(Indicator.EXERCISE_REFUSED, key)
            elif roles & PRESENT_ROLES:
                row.add(Indicator.EXERCISE_JOINED, key)
                if "host" in roles:
                    row.add(Indicator.HOSTED, key)

    def other(self, event: RecordedEvent, key: str, members: frozenset[str]) -> None:
        text = f"{event.title} {event.summary}"
        for state, (roles, _levels, note) in _roles(event, self.who).items():
            if state not in members:
                continue
            row = self._year(state, event.start_day)
            if event.type in ("decision", "document_signed", "summit") and (
                ("absent" in roles and not roles & PRESENT_ROLES) or _NOT_SIGNED.search(note or "")
            ):
                row.add(Indicator.OUTSIDE_DECISION, key)
            if (
                roles - {"subject", "target", "absent"} and _BLOCK.search(event.title) and self.named(event, state)
            ) or (
                event.type in _OBJECTS and "adversary" in roles and not roles & PRESENT_ROLES
            ):  # a refusal in the title, or a member recorded as withholding consent from the Organization's act
                self.act(row, Indicator.BLOCKED, event, key)
            if _DUES.search(event.title) and _REFUSAL.search(text) and roles - {"target"} and self.named(event, state):
                self.act(row, Indicator.DUES_WITHHELD, event, key)

    def act(self, row: MemberYear, indicator: Indicator, event: RecordedEvent, key: str) -> None:
        """Count a block or a refusal to pay once per member and day, however many records tell of it."""
        act = (row.state, indicator, event.start_day)
        if act not in self.acts:
            self.acts.add(act)
            row.add(indicator, key)

    def count(self, events: Sequence[RecordedEvent]) -> None:
        seen: set[tuple[str, str]] = set()
        for event in events:
            if event.status == "planned":
                continue
            members = self.members_on.get(event.start_day, frozenset())  # in good standing that day
            key = event.id
            session = ("session", event.start_day.isoformat())  # two records of one session on one day count once
            exercise = ("exercise", _same(event))
            if _is_session(event) and event.status == "occurred":
                if session not in seen:
                    seen.add(session)
                    self.session(event, key, members)
            elif event.type == "exercise" and exercise not in seen:
                seen.add(exercise)
                self.exercise(event, key, members)
            if event.status == "occurred" and event.type != "exercise":
                self.other(event, key, members)


def count_participation(
    events: Sequence[RecordedEvent], delegates: Sequence[Delegate], states: Iterable[str],
    members_on: dict[date, frozenset[str]], names: dict[str, str] | None = None,
) -> dict[tuple[str, int], MemberYear]:  # fmt: skip
    """Per (state, year): the counts. ``members_on`` maps each event day to the members in good standing."""
    counter = Counter(members_on, Delegations(states, delegates, names))
    counter.count(events)
    return counter.years


def participation_evidence(years: dict[tuple[str, int], MemberYear], events: dict[str, date]) -> list[Evidence]:
    """Every counted observation as evidence for the index (score and weight from ``SCORES``)."""
    found: list[Evidence] = []
    for row in years.values():
        for indicator, count in row.counts.items():
            score, weight = SCORES[indicator]
            for event in count.events:
                day = events.get(event, date(row.year, 7, 1))
                found.append(Evidence(event, str(indicator), day, score, weight, f"{row.state}: {indicator}"))
    return found
