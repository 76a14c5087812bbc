"""Who belongs to the Organization on a date, and who votes, as the rules read it.

The engine takes a ``Roster``: a plain ``state -> status`` table for a date. It can be given
directly (property tests, what-if questions) or read from the knowledge base, in which case rival
claims about a state's status are resolved by a fixed legal reading and reported, not hidden.
The statuses and which of them vote come from ``csto.vocabulary``; the simulator reads its members
and voters from ``Roster.from_kb`` too, so both share one reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from csto.periods import Period
from csto.rules.errors import ProposalError
from csto.rules.proposal import slug
from csto.vocabulary import IN_GOOD_STANDING, MEMBER_STATUSES, VOTING, MemberStatus, in_good_standing, is_member, votes

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

STATUSES: tuple[str, ...] = tuple(s.value for s in MEMBER_STATUSES)

# Members in good standing, whose vote counts (``csto.vocabulary``). ``frozen`` is not a status any
# CSTO document knows (the Secretary General, NEWS.ru, 16 April 2024): no Council decision
# suspended Armenia and it filed no withdrawal notice, so it keeps its seat and its vote. See
# docs/rules.md.
GOOD_STANDING = IN_GOOD_STANDING

# When sources disagree about a status on a date, the rules use the status that rests on a formal
# act of the Organization or of the state: a Council suspension before a self-description as
# ``withdrawn`` (Uzbekistan 2012: TASS, 19 Dec 2012), a full seat before a political "freeze"
# (Armenia 2024). The rivals are kept in ``Roster.disputed`` and shown in every trace.
DISPUTE_PREFERENCE: tuple[str, ...] = tuple(
    s.value
    for s in (
        MemberStatus.SUSPENDED,
        MemberStatus.FULL,
        MemberStatus.FROZEN,
        MemberStatus.WITHDRAWN,
        MemberStatus.OBSERVER,
        MemberStatus.PARTNER,
        MemberStatus.SIGNATORY,
    )
)


@dataclass(frozen=True)
class Roster:
    """Membership statuses on one date, with the rival statuses set aside."""

    at: date
    statuses: Mapping[str, str]
    disputed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    origin: str = "given"

    def status(self, state: str) -> str | None:
        return self.statuses.get(state)

    @property
    def good_standing(self) -> frozenset[str]:
        """Members in good standing (``csto.vocabulary.IN_GOOD_STANDING``)."""
        return frozenset(s for s, status in self.statuses.items() if in_good_standing(status))

    @property
    def voting(self) -> frozenset[str]:
        """Members whose vote counts (``csto.vocabulary.VOTING``)."""
        return frozenset(s for s, status in self.statuses.items() if status in VOTING)

    @property
    def members(self) -> frozenset[str]:
        """States that belong to the Organization, voting or not (``csto.vocabulary.MEMBERSHIP``)."""
        return frozenset(s for s, status in self.statuses.items() if is_member(status))

    def votes(self, state: str) -> bool:
        """Whether ``state``'s vote counts on the roster's date."""
        return votes(self.status(state))

    def is_member(self, state: str) -> bool:
        """Whether ``state`` belongs to the Organization on the roster's date (a suspended member does)."""
        return is_member(self.status(state))

    def name(self, state: str) -> str:
        """The display name (from the knowledge base when known, else the id in title case)."""
        return self.names.get(state) or state.replace("-", " ").title()

    def describe(self, state: str) -> str:
        status = self.status(state)
        text = f"{self.name(state)} ({status or 'not a member'})"
        if state in self.disputed:
            text += f" [rival claims: {', '.join(self.disputed[state])}]"
        return text

    @classmethod
    def from_mapping(cls, statuses: Mapping[str, str], at: date, origin: str = "given") -> Roster:
        """A roster from ``state -> status``; unknown statuses are errors naming the state."""
        clean: dict[str, str] = {}
        for key, value in statuses.items():
            try:
                state = slug(str(key), "membership")
            except ValueError as error:
                raise ProposalError(str(error)) from None
            status = str(value).strip().lower()
            if status not in STATUSES:
                raise ProposalError(f"membership.{key}: {value!r} is not one of: {', '.join(STATUSES)}")
            clean[state] = status
        return cls(at=at, statuses=clean, origin=origin)

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, at: date) -> Roster:
        """Statuses recorded in the knowledge base on ``at``, disputes resolved by ``DISPUTE_PREFERENCE``."""
        statuses: dict[str, str] = {}
        disputed: dict[str, tuple[str, ...]] = {}
        names: dict[str, str] = {entity_id: ref.name for entity_id, ref in kb.entities.items()}
        for membership in kb.members(at, include_former=True):
            state = membership.state.id
            names[state] = membership.state.name
            claims = {membership.status}
            for rival in membership.fact.rivals:
                if Period.parse(rival.valid_from, rival.valid_to).possibly_contains(at) and rival.value is not None:
                    claims.add(str(rival.value))
            chosen = min(claims, key=lambda s: DISPUTE_PREFERENCE.index(s) if s in DISPUTE_PREFERENCE else 99)
            statuses[state] = chosen
            if len(claims) > 1:
                disputed[state] = tuple(sorted(claims - {chosen}))
        return cls(at=at, statuses=statuses, disputed=disputed, names=names, origin="knowledge base")
