"""The chairmanship and the Secretary General's post: derived by rule, compared with the record.

The rules derive, for each year, which member should chair the Organization (annual rotation in
Russian alphabetical order, skipping members not in good standing) and which member's nominee should
be Secretary General (three-year terms in the same order). ``check_chairmanship`` and
``check_secretary_general`` set the derived answer beside what the knowledge base records, month by
month, and classify every year; disagreements are reported, never smoothed over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from csto.rules.errors import RulesError
from csto.rules.loader import load_rules
from csto.rules.logic import params_of
from csto.rules.logic.offices import RotationParams, next_in_rotation
from csto.rules.membership import Roster
from csto.rules.ruleset import RuleSet
from csto.vocabulary import MemberStatus, in_good_standing

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Agreement(StrEnum):
    AGREE = "agree"  # the derived state holds the post at mid-year
    PARTIAL = "partial"  # it holds it for part of the year, not at mid-year
    DISAGREE = "disagree"  # the record names someone else all year
    MISSING = "missing"  # nothing recorded for the year
    NOT_DERIVABLE = "not_derivable"  # no rotation rule in force, or no recorded predecessor to step from


@dataclass(frozen=True)
class Spell:
    """Who the record names for a run of months within a year."""

    state: str | None
    first_month: int
    last_month: int
    holder: str | None = None

    def __str__(self) -> str:
        span = MONTHS[self.first_month - 1] + (
            "" if self.first_month == self.last_month else f"–{MONTHS[self.last_month - 1]}"
        )
        who = self.state or "nobody recorded"
        return f"{who}{f' ({self.holder})' if self.holder else ''} {span}"


@dataclass(frozen=True)
class YearCheck:
    """One year: what the rule derives, what is recorded, and whether they agree."""

    post: str
    year: int
    derived: str | None
    basis: str
    recorded: tuple[Spell, ...]
    midyear: str | None
    status: Agreement
    note: str = ""
    provision: str = ""

    @property
    def disagreement(self) -> bool:
        return self.status not in (Agreement.AGREE, Agreement.NOT_DERIVABLE)

    def as_dict(self) -> dict[str, object]:
        return {
            "post": self.post,
            "year": self.year,
            "derived": self.derived,
            "basis": self.basis,
            "recorded": [str(s) for s in self.recorded],
            "midyear": self.midyear,
            "status": self.status.value,
            "note": self.note,
            "provision": self.provision,
        }


@dataclass
class _Eligibility:
    kb: KnowledgeBase
    cache: dict[int, Roster] = field(default_factory=dict)

    def roster(self, year: int) -> Roster:
        if year not in self.cache:
            self.cache[year] = Roster.from_kb(self.kb, date(year, 1, 1))
        return self.cache[year]

    def members(self, year: int, p: RotationParams) -> frozenset[str]:
        roster = self.roster(year)
        return frozenset(
            s
            for s, status in roster.statuses.items()
            if s in p.russian_names and in_good_standing(status) and status not in p.skip_statuses
        )


def _spells(year: int, lookup: Callable[[date], tuple[str | None, str | None]]) -> tuple[Spell, ...]:
    spells: list[Spell] = []
    for month in range(1, 13):
        state, holder = lookup(date(year, month, 15))
        if spells and spells[-1].state == state and spells[-1].holder == holder:
            last = spells[-1]
            spells[-1] = Spell(last.state, last.first_month, month, last.holder)
        else:
            spells.append(Spell(state, month, month, holder))
    return tuple(spells)


def _classify(derived: str | None, spells: tuple[Spell, ...], midyear: str | None) -> Agreement:
    if all(s.state is None for s in spells):
        return Agreement.MISSING
    if derived is None:
        return Agreement.NOT_DERIVABLE
    if midyear == derived:
        return Agreement.AGREE
    if any(s.state == derived for s in spells):
        return Agreement.PARTIAL
    return Agreement.DISAGREE


def _rotation_version(rules: RuleSet, pid: str, year: int) -> RotationParams | None:
    provision = rules.provision(pid)
    version = provision.at(date(year, 7, 1))
    if version is None:
        return None
    p = params_of(version, RotationParams)
    return p if p.alphabetical else None


def check_chairmanship(kb: KnowledgeBase, since: int, until: int, rules: RuleSet | None = None) -> list[YearCheck]:
    """Year by year, the chair the rotation gives beside the chair the knowledge base records."""
    _check_years(since, until)
    rules = rules or load_rules()
    elig = _Eligibility(kb)

    def lookup(day: date) -> tuple[str | None, str | None]:
        answer = kb.chair(day)
        return (answer.chair.id if answer.chair else None), None

    params = {year: _rotation_version(rules, "chair-rotation", year) for year in range(since, until + 1)}
    derived = _chain(params, elig)
    results: list[YearCheck] = []
    for year in range(since, until + 1):
        spells = _spells(year, lookup)
        midyear = lookup(date(year, 7, 1))[0]
        p = params[year]
        if p is None:
            basis = "no alphabetical rotation in force (the host of the regular session chairs)"
            results.append(
                YearCheck(
                    "chair",
                    year,
                    None,
                    basis,
                    spells,
                    midyear,
                    _classify(None, spells, midyear),
                    provision="chair-rotation",
                )
            )
            continue
        state, basis = derived[year]
        status = _classify(state, spells, midyear)
        results.append(
            YearCheck(
                "chair", year, state, basis, spells, midyear, status, _note(elig, year, p, state), "chair-rotation"
            )
        )
    return results


def _chain(params: dict[int, RotationParams | None], elig: _Eligibility) -> dict[int, tuple[str | None, str]]:
    """Derive the chair for every year with an alphabetical rule, forwards and backwards from the anchor."""
    out: dict[int, tuple[str | None, str]] = {}
    anchors = {p.first_year: p.first_state for p in params.values() if p is not None}
    for anchor_year, anchor_state in anchors.items():
        out[anchor_year] = (anchor_state, f"anchor: {anchor_state} chairs {anchor_year}")
        state: str | None = anchor_state
        year = anchor_year + 1
        while (p := params.get(year)) is not None and state is not None:
            nxt = next_in_rotation(p, state, elig.members(year, p))
            out[year] = (nxt, f"next after {state} ({year - 1})")
            state, year = nxt, year + 1
        state, year = anchor_state, anchor_year - 1
        while (p := params.get(year)) is not None and state is not None:
            prev = next_in_rotation(p, state, elig.members(year, p), step=-1)
            out[year] = (prev, f"before {state} ({year + 1})")
            state, year = prev, year - 1
    for year, p in params.items():
        if p is not None and year not in out:
            out[year] = (None, f"the anchor year {p.first_year} is outside the years asked")
    return out


def check_secretary_general(kb: KnowledgeBase, since: int, until: int, rules: RuleSet | None = None) -> list[YearCheck]:
    """Year by year, the state whose nominee should be Secretary General beside the recorded holder's state."""
    _check_years(since, until)
    rules = rules or load_rules()
    elig = _Eligibility(kb)
    nationality: dict[str, str | None] = {}

    def state_of(person: str) -> str | None:
        if person not in nationality:
            facts = [f for f in kb.facts_about(person) if f.predicate == "nationality" and f.subject.id == person]
            nationality[person] = facts[0].object.id if facts and facts[0].object else None
        return nationality[person]

    def lookup(day: date) -> tuple[str | None, str | None]:
        holdings = kb.officials(day, "secretary-general")
        if not holdings:
            return None, None
        person = holdings[0].holder.id
        return state_of(person), person

    results: list[YearCheck] = []
    term_state: dict[int, str | None] = {}
    for year in range(since, until + 1):
        spells = _spells(year, lookup)
        midyear = lookup(date(year, 7, 1))[0]
        p = _rotation_version(rules, "sg-rotation", year)
        if p is None or year < p.first_year:
            results.append(
                YearCheck(
                    "secretary_general",
                    year,
                    None,
                    "before the rotation began",
                    spells,
                    midyear,
                    _classify(None, spells, midyear),
                    provision="sg-rotation",
                )
            )
            continue
        term_start = p.first_year + ((year - p.first_year) // p.term_years) * p.term_years
        if term_start not in term_state:
            if term_start == p.first_year:
                term_state[term_start] = p.first_state
            else:
                previous = term_state.get(term_start - p.term_years) or p.first_state
                term_state[term_start] = next_in_rotation(p, previous, elig.members(term_start, p))
        derived = term_state[term_start]
        basis = f"term {term_start}–{term_start + p.term_years - 1}"
        status = _classify(derived, spells, midyear)
        note = ""
        holders = {s.holder for s in spells if s.holder}
        if len(holders) > 1:
            note = "more than one holder this year: " + ", ".join(str(s) for s in spells)
        results.append(
            YearCheck("secretary_general", year, derived, basis, spells, midyear, status, note, "sg-rotation")
        )
    return results


def _note(elig: _Eligibility, year: int, p: RotationParams, derived: str | None) -> str:
    roster = elig.roster(year)
    members = elig.members(year, p)
    skipped = sorted(
        s
        for s, status in roster.statuses.items()
        if status in p.skip_statuses and s in p.russian_names and s not in members
    )
    parts = []
    suspended = [s for s in skipped if roster.status(s) == MemberStatus.SUSPENDED]
    if suspended:
        parts.append(f"skipped (not in good standing): {', '.join(suspended)}")
    if derived and roster.status(derived) == MemberStatus.FROZEN:
        parts.append(f"{derived} is frozen; practice for a frozen member's turn is unknown")
    return "; ".join(parts)


def _check_years(since: int, until: int) -> None:
    if not 1992 <= since <= until <= 9999:
        raise RulesError(f"years must run forwards from 1992 on, got {since}–{until}")


def disagreements(checks: list[YearCheck]) -> list[YearCheck]:
    """Every year whose record does not match the derivation (missing records included)."""
    return [c for c in checks if c.disagreement]
