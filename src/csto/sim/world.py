"""Stage 1: the state of the Organization at the scenario date, read from the knowledge base.

Members and their statuses, the chair, and the contingents each member declares to the
collective forces (``contingent`` facts), each with the sources the store gives for it. Who is a
member and who votes is the rules engine's reading (``csto.rules.Roster.from_kb``: rival claims
resolved the same way, a frozen member voting, a suspended one not), never a table of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from csto.periods import PartialDate
from csto.rules import Roster, votes
from csto.store import KnowledgeBase, UnknownEntityError
from csto.store.answers import FactView


@dataclass(frozen=True)
class MemberState:
    """A member on the date, with the status the rules read (``rivals``: the other statuses claimed)."""

    id: str
    name: str
    status: str
    sources: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()

    @property
    def votes(self) -> bool:
        """Whether the member's vote counts, as the rules engine reads its status (a suspended one's does not)."""
        return votes(self.status)


@dataclass(frozen=True)
class Contingent:
    state: str
    force: str
    persons: int
    fact: str
    sources: tuple[str, ...]
    rivals: tuple[int, ...] = ()
    reported: str | None = None


@dataclass(frozen=True)
class Relation:
    """A member's recorded relation with a state outside the Organization (a ``relation_with`` fact)."""

    state: str
    other: str
    level: str
    fact: str
    sources: tuple[str, ...]
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True)
class Organization:
    """What the store says about the Organization on ``at``."""

    at: date
    members: tuple[MemberState, ...]
    chair: str | None
    contingents: tuple[Contingent, ...] = ()
    missing: tuple[str, ...] = field(default=())
    relations: tuple[Relation, ...] = ()

    def member(self, state: str) -> MemberState | None:
        return next((m for m in self.members if m.id == state), None)

    def relation(self, state: str, other: str | None) -> Relation | None:
        """The recorded relation of member ``state`` with ``other`` on the date (None if the record is silent)."""
        return next((r for r in self.relations if r.state == state and r.other == other), None)

    def contingent_of(self, state: str, forces: Iterable[str]) -> Contingent | None:
        """The largest declared contingent of ``state`` among ``forces`` (None if none is recorded)."""
        wanted = set(forces)
        found = [c for c in self.contingents if c.state == state and c.force in wanted]
        return max(found, key=lambda c: c.persons) if found else None


def _start(view: FactView) -> date:
    return PartialDate.parse(view.valid_from).earliest if view.valid_from else date.min


def _end(view: FactView) -> date:
    return PartialDate.parse(view.valid_to).latest if view.valid_to else date.max


def _contingents(kb: KnowledgeBase, at: date, forces: Iterable[str]) -> tuple[list[Contingent], list[str]]:
    """Each member's contingent per force: the fact in force on ``at``, else the last one reported before.

    Sizes are often reported on one day (a planned contribution, a count at a summit); a fact that
    starts after ``at`` is never used, so a deployment cannot inform its own simulation.
    """
    found: list[Contingent] = []
    missing: list[str] = []
    for force in dict.fromkeys(forces):
        try:
            facts = kb.facts_about(force)
        except UnknownEntityError:
            missing.append(f"force {force!r} is not in the knowledge base")
            continue
        best: dict[str, FactView] = {}
        for view in facts:
            if view.predicate != "contingent" or view.object is None or view.object.id != force:
                continue
            if not isinstance(view.value, int | float) or isinstance(view.value, bool) or _start(view) > at:
                continue
            current = best.get(view.subject.id)
            if current is None or (_end(view) >= at, _start(view)) > (_end(current) >= at, _start(current)):
                best[view.subject.id] = view
        if not best:
            missing.append(f"no contingent of force {force!r} reported on or before {at.isoformat()}")
        for state, view in sorted(best.items()):
            rivals = tuple(int(r.value) for r in view.rivals if isinstance(r.value, int | float))
            found.append(
                Contingent(
                    state=state,
                    force=force,
                    persons=int(view.value),
                    fact=view.id,
                    sources=tuple(s.id for s in view.sources),
                    rivals=rivals,
                    reported=view.valid_from,
                )
            )
    return found, missing


def _relations(kb: KnowledgeBase, at: date, members: set[str], others: Iterable[str]) -> list[Relation]:
    """Members' ``relation_with`` facts with each of ``others`` (non-members) in force on ``at``.

    Where two facts could hold on ``at`` (a period given only to the month or year), the one that
    started last wins, as for the simulator's dated parameters.
    """
    found: list[Relation] = []
    for other in dict.fromkeys(others):
        if other in members:
            continue
        try:
            facts = kb.facts_about(other)
        except UnknownEntityError:
            continue
        best: dict[str, FactView] = {}
        for view in facts:
            if view.predicate != "relation_with" or view.object is None or view.object.id != other:
                continue
            if view.subject.id not in members or not isinstance(view.value, str):
                continue
            if not (_start(view) <= at <= _end(view)):
                continue
            current = best.get(view.subject.id)
            if current is None or _start(view) > _start(current):
                best[view.subject.id] = view
        for state, view in sorted(best.items()):
            found.append(
                Relation(
                    state=state,
                    other=other,
                    level=str(view.value),
                    fact=view.id,
                    sources=tuple(s.id for s in view.sources),
                    valid_from=view.valid_from,
                    valid_to=view.valid_to,
                )
            )
    return found


def organization_at(
    kb: KnowledgeBase, at: date, forces: Iterable[str] = (), counterparts: Iterable[str] = ()
) -> Organization:
    """Members (with statuses), chair, declared contingents of ``forces`` and relations with ``counterparts`` on ``at``.

    ``counterparts`` are states outside the Organization (a scenario's adversary): each member's
    recorded ``relation_with`` fact with them on ``at`` is kept in ``relations``.

    The members are those the rules' roster counts as members on ``at``, with its status for each;
    they come in the store's order (by recorded status, then name), which fixes the arrays' columns.
    """
    roster = Roster.from_kb(kb, at)
    members = tuple(
        MemberState(
            id=m.state.id,
            name=m.state.name,
            status=roster.statuses[m.state.id],
            sources=tuple(s.id for s in m.fact.sources),
            rivals=tuple(roster.disputed.get(m.state.id, ())),
        )
        for m in kb.members(at, include_former=True)
        if roster.is_member(m.state.id)
    )
    try:
        chair_ref = kb.chair(at).chair
    except UnknownEntityError:
        chair_ref = None
    contingents, missing = _contingents(kb, at, forces)
    member_ids = {m.id for m in members}
    return Organization(
        at=at,
        members=members,
        chair=chair_ref.id if chair_ref else None,
        contingents=tuple(c for c in contingents if c.state in member_ids),
        missing=tuple(missing),
        relations=tuple(_relations(kb, at, member_ids, counterparts)),
    )
