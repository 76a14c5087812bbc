"""Immutable records of a rule set: instruments, provisions and their dated versions.

A provision is a sequence of versions, each in force over an inclusive span of days; an amendment
(such as the 2010 protocols) is a new version starting on the day it entered into force. Versions
carry everything the engine needs (instrument, article, stage, logic, parameters), so a reform can
replace one from a date on without touching the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any


def freeze(value: Any) -> Any:
    """A deep, read-only copy: dicts become ``FrozenMap``, lists and sets become tuples."""
    if isinstance(value, Mapping):
        return FrozenMap(value)
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """The plain (JSON-friendly) form of a frozen value."""
    if isinstance(value, Mapping):
        return {str(key): thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


class FrozenMap(Mapping[str, Any]):
    """A read-only, hashable mapping whose values are frozen too."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, Any] | None = None):
        self._data: dict[str, Any] = {str(k): freeze(v) for k, v in (data or {}).items()}
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(json.dumps(thaw(self), sort_keys=True, default=str))
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


class Stage(IntEnum):
    """Where a provision acts in a decision; the engine runs stages in this order."""

    COMPETENCE = 10  # which instrument and body may decide
    STANDING = 20  # who may ask, who may vote
    SUBSTANCE = 30  # whether the proposal is covered and lawful
    VOTING = 40  # adjustments to the vote (excluded voters, declarations, limited format)
    TALLY = 50  # the decision rule that settles the outcome
    EFFECTS = 60  # obligations and consequences of an adopted decision


class Dating(StrEnum):
    """How the start of a version is known."""

    ENTRY_INTO_FORCE = "entry_into_force"  # the day the instrument or amendment entered into force
    SIGNATURE = "signature"  # entry into force not found; applied from signature
    ATTESTED = "attested"  # legal origin not found; applied from its earliest documented use
    PROPOSED = "proposed"  # a reform: applied from the date chosen for the counterfactual


@dataclass(frozen=True)
class Instrument:
    """A legal instrument (treaty, charter, agreement, protocol, decision)."""

    id: str
    name: str
    short: str
    in_force_from: date
    in_force_to: date | None
    dating: Dating
    signed: date | None = None
    reference: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None

    def in_force(self, at: date) -> bool:
        return self.in_force_from <= at and (self.in_force_to is None or at <= self.in_force_to)

    @property
    def period(self) -> str:
        return span_text(self.in_force_from, self.in_force_to)


@dataclass(frozen=True)
class Version:
    """One dated text of a provision, with what the engine needs to apply it."""

    start: date
    end: date | None
    instrument: str
    article: str
    summary: str
    applies_to: frozenset[str]
    stage: Stage
    order: int
    logic: str
    params: FrozenMap
    sources: tuple[str, ...]
    dating: Dating
    amended_by: str | None = None
    note: str | None = None
    reform: str | None = None
    enables: frozenset[str] = frozenset()

    def in_force(self, at: date) -> bool:
        return self.start <= at and (self.end is None or at <= self.end)

    def applies(self, kind: str) -> bool:
        return "*" in self.applies_to or kind in self.applies_to

    @property
    def period(self) -> str:
        return span_text(self.start, self.end)


@dataclass(frozen=True)
class Provision:
    """A provision: a stable id, a title, and its versions in date order (never overlapping)."""

    id: str
    title: str
    versions: tuple[Version, ...]

    def at(self, day: date) -> Version | None:
        return next((v for v in self.versions if v.in_force(day)), None)

    @property
    def start(self) -> date | None:
        return self.versions[0].start if self.versions else None

    @property
    def end(self) -> date | None:
        return self.versions[-1].end if self.versions else None

    @property
    def latest(self) -> Version:
        return self.versions[-1]


def span_text(start: date, end: date | None) -> str:
    return f"{start.isoformat()} – {end.isoformat() if end else 'today'}"


def to_plain(record: Instrument | Version | Provision) -> dict[str, Any]:
    """A JSON-friendly dict of a record (used for fingerprints and ``--json`` output)."""
    if isinstance(record, Provision):
        return {"id": record.id, "title": record.title, "versions": [to_plain(v) for v in record.versions]}
    out: dict[str, Any] = {}
    for name in record.__dataclass_fields__:
        value = getattr(record, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, Stage):
            value = value.name.lower()
        else:
            value = thaw(value)
        out[name] = value
    return out
