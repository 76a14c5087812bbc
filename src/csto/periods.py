"""Dates with a precision (year, month, day) and inclusive, possibly open periods.

A ``PartialDate`` such as ``2024-02`` stands for a span of days: its ``earliest`` and ``latest``
days. A ``Period`` joins two optional bounds, both inclusive. Containment comes in two strengths:
a day is *possibly* in a period if some reading of the imprecise bounds includes it, and
*certainly* in it if every reading does.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(IntEnum):
    """How much of a date is known; larger is finer."""

    YEAR = 1
    MONTH = 2
    DAY = 3


class DateError(ValueError):
    """A date string that is malformed or names a day that does not exist."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range")
        if self.month is None and self.day is not None:
            raise DateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(f"{self.year:04d}-{self.month:02d} has no day {self.day}")

    @classmethod
    def parse(cls, text: str | date | int) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a ``date``, or a bare year)."""
        if isinstance(text, date):
            return cls(text.year, text.month, text.day)
        if isinstance(text, int) and not isinstance(text, bool):
            return cls(text)
        if not isinstance(text, str):
            raise DateError(f"expected a date string, got {type(text).__name__}")
        match = _PATTERN.match(text.strip())
        if not match:
            raise DateError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> date:
        """First day this partial date can stand for."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """Last day this partial date can stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def parse_day(text: str | date) -> date:
    """Read a full date (``YYYY-MM-DD``) for a point query such as "as of"."""
    if isinstance(text, date):
        return text
    partial = PartialDate.parse(text)
    if partial.precision is not Precision.DAY:
        raise DateError(f"{text!r} is not a full date; give YYYY-MM-DD")
    return partial.earliest


@dataclass(frozen=True)
class Period:
    """An inclusive span between two optional partial dates (``None`` is open)."""

    start: PartialDate | None = None
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end.latest < self.start.earliest:
            raise DateError(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def parse(cls, start: str | None = None, end: str | None = None) -> Period:
        return cls(
            PartialDate.parse(start) if start is not None else None,
            PartialDate.parse(end) if end is not None else None,
        )

    @property
    def earliest(self) -> date:
        return self.start.earliest if self.start else date.min

    @property
    def latest(self) -> date:
        return self.end.latest if self.end else date.max

    def possibly_contains(self, day: date) -> bool:
        """True if some reading of the bounds puts ``day`` inside the period."""
        return self.earliest <= day <= self.latest

    def certainly_contains(self, day: date) -> bool:
        """True if every reading of the bounds puts ``day`` inside the period."""
        after_start = self.start is None or self.start.latest <= day
        before_end = self.end is None or day <= self.end.earliest
        return after_start and before_end

    def overlaps(self, other: Period) -> bool:
        """True if the two periods may share at least one day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def certainly_overlaps(self, other: Period) -> bool:
        """True if the two periods share a day under every reading of their bounds."""
        own_start = self.start.latest if self.start else date.min
        own_end = self.end.earliest if self.end else date.max
        other_start = other.start.latest if other.start else date.min
        other_end = other.end.earliest if other.end else date.max
        return max(own_start, other_start) <= min(own_end, other_end)

    def is_open(self) -> bool:
        return self.end is None

    def __str__(self) -> str:
        start = str(self.start) if self.start else "…"
        end = str(self.end) if self.end else "…"
        return f"{start} – {end}"
