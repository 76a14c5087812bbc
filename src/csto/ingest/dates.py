"""Dates in text: absolute and relative expressions, ranges, and their resolution.

``find_dates`` locates expressions ("on June 6", "from 26 to 30 September", "last week",
"24.04.2024", "in October last year"); ``Resolver`` turns them into ``PartialDate`` values with
their precision, against a base date that is the publication date (or an item's date), never
today. Relative expressions go through dateparser with ``RELATIVE_BASE`` set to that base.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from csto.periods import PartialDate, Precision

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
}
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

M = (
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
M2 = M.replace("?P<m>", "?P<m2>")
D = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
D2 = D.replace("?P<d>", "?P<d2>")
Y = r"(?P<y>(?:1[89]|20)\d\d)(?![\d.,]\d)"
WD = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
TO = r"\s*(?:to|and|until|till|through|-|–|—)\s*"
REL_YEAR = r"(?P<ry>this|last|next|the previous|the following|the current)\s+year"
FROM = r"\b(?i:from|between)\s+"
NOT_REL = r"(?!\s+(?:of\s+)?(?:this|last|next|the previous|the following|the current)\s+year)"

_PATTERNS: list[tuple[str, str]] = [
    ("range", rf"{FROM}{WD}{D}{TO}{WD}{D2}\s+(?:of\s+)?{M}(?:\s*,?\s*{Y})?"),
    ("range", rf"{FROM}{WD}{M}\s+{D}{TO}{WD}{M2}\s+{D2}(?:\s*,?\s*{Y})?"),
    ("range", rf"{FROM}{WD}{M}\s+{D}{TO}{WD}{D2}(?![\d\s]*(?:[A-Z]|km|%|per))(?:\s*,?\s*{Y})?"),
    ("range", rf"{FROM}{WD}{D}\s+{M}{TO}{WD}{D2}\s+{M2}(?:\s*,?\s*{Y})?"),
    ("range", rf"\b{D}\s*[-–—]\s*{D2}\s+{M}(?:\s*,?\s*{Y})?"),
    ("range", rf"\b{M}\s+{D}\s*[-–—]\s*{D2}(?:\s*,?\s*{Y})?"),
    ("full", r"\b(?P<d>[0-3]?\d)[./](?P<mn>[01]?\d)[./](?P<y>(?:19|20)\d\d)\b"),
    ("full", r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?:\b|(?=T\d))"),
    ("full", rf"\b{D}\s+(?:of\s+)?{M}\s*,?\s*{Y}"),
    ("full", rf"\b{M}\s+{D}\s*,?\s*{Y}"),
    ("md_rel", rf"\b{M}\s+{D}\s*,?\s+(?:of\s+)?{REL_YEAR}"),
    ("md_rel", rf"\b{D}\s+(?:of\s+)?{M}\s*,?\s+(?:of\s+)?{REL_YEAR}"),
    ("month_day", rf"\b{D}\s+(?:of\s+)?{M}(?!\s*\d)"),
    ("month_day", rf"\b{M}\s+{D}(?![\d:])"),
    ("month_year", rf"\b{M}\s*,?\s*(?:of\s+)?{Y}"),
    ("month_rel", rf"\b{M}\s+(?:of\s+)?{REL_YEAR}"),
    (
        "month",
        rf"\b(?i:in|since|until|till|by|during|early|late|mid-|the end of|end of|beginning of|last|this|next)"
        rf"\s+{M}\b{NOT_REL}",
    ),
    ("month", rf"\b(?i:mid|early|late)-{M}\b{NOT_REL}"),
    # "the Council's September session", "the April clashes": a month that names when a happening was
    (
        "month",
        rf"\b{M}(?=\s+(?:session|summit|meeting|talks|visit|exercises?|drills|clashes|fighting|war|elections?|"
        r"referendum|protests|unrest|attack|offensive|events)\b)",
    ),
    ("year_range", r"\b(?:from\s+)?(?P<y>(?:19|20)\d\d)\s*(?:[-–]|to|until)\s*(?P<y2>(?:19|20)\d\d)\b"),
    ("year", r"(?<![-–—\d.,/])\b(?P<y>(?:19|20)\d\d)\b(?!\s*(?:km|%|people|troops|units|m\b)|[-–]\w|\.\d|,\d)"),
    ("relative", r"\b(?:the\s+)?day\s+before\s+yesterday\b"),
    ("relative", r"\b(?:today|yesterday|tomorrow|tonight)\b"),
    (
        "relative",
        r"\b(?:at the end of |at the beginning of |earlier |later |early |late )?"
        r"(?:this|last|next|the past|the previous)\s+(?P<unit>week|month|year)\b",
    ),
    (
        "relative",
        r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
        r"fifty|sixty|seventy|eighty)\s+(?P<unit>day|week|month|year)s?\s+ago(?:\s+today)?\b",
    ),
    (
        "relative",
        r"\b(?:on\s+|last\s+|this\s+|next\s+|on\s+last\s+)(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    ),
]


def _first_chars(pattern: str) -> str:
    """A lookahead naming the characters a match can start with: the regex engine then skips every other
    position at C speed instead of trying the whole pattern there (the matches are the same)."""
    if pattern.startswith((FROM,)):
        return "(?=[FfBb])"
    if pattern.startswith((rf"\b{M}", rf"\b{D}")) and pattern.startswith(rf"\b{M}"):
        return "(?=[JFMASOND])"
    if pattern.startswith((rf"\b{D}", r"\b(?P<d>", r"\b(?P<y>", r"(?<![-–—\d.,/])\b(?P<y>")):
        return "(?=\\d)"
    if pattern.startswith(r"\b(?:from\s+)?(?P<y>"):
        return "(?=[fF\\d])"
    if pattern.startswith(r"\b(?i:mid|early|late)-"):
        return "(?=[mMeElL])"
    if pattern.startswith(r"\b(?i:in|since"):
        return "(?=[iIsSuUtTbBdDeElLmMnN])"
    if pattern.startswith(r"\b(?:the\s+)?day"):
        return "(?=[tTdD])"
    if pattern.startswith(r"\b(?:today"):
        return "(?=[tTyY])"
    if pattern.startswith(r"\b(?:at the end of"):
        return "(?=[aAeElLtTnN])"
    if pattern.startswith(r"\b(?P<n>"):
        return "(?=[\\daAoOtTfFsSeEnN])"
    if pattern.startswith(r"\b(?:on\s+|last"):
        return "(?=[oOlLtTnN])"
    return ""


_COMPILED = [
    (kind, re.compile(_first_chars(pattern) + pattern, re.IGNORECASE if kind == "relative" else 0))
    for kind, pattern in _PATTERNS
]
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Words of which one occurs wherever the pattern of the same position matches (lower case): the text is
# screened once, and a pattern none of whose words it holds is not run.
_GATES: list[tuple[str, ...]] = [
    _MONTH_WORDS if kind in ("range", "month_day", "month_year", "month_rel", "md_rel", "month") else ()
    for kind, _ in _PATTERNS
]
_GATES[_PATTERNS.index(("full", r"\b(?P<d>[0-3]?\d)[./](?P<mn>[01]?\d)[./](?P<y>(?:19|20)\d\d)\b"))] = (".", "/")
_GATES[_PATTERNS.index(("full", r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?:\b|(?=T\d))"))] = ("-",)
for _index, (_kind, _pattern) in enumerate(_PATTERNS):
    if _kind == "full" and not _GATES[_index]:
        _GATES[_index] = _MONTH_WORDS
    elif _kind == "relative":
        if "yesterday" in _pattern:
            _GATES[_index] = ("yesterday",) if "before" in _pattern else ("today", "yesterday", "tomorrow", "tonight")
        elif "ago" in _pattern:
            _GATES[_index] = ("ago",)
        elif "Monday" in _pattern:
            _GATES[_index] = ("day",)
        else:
            _GATES[_index] = ("week", "month", "year")
_FUTURE = re.compile(
    r"\b(will|shall|is to|are to|scheduled|planned|upcoming|next|intends?|plans? to|is expected|are expected|"
    r"to be held|would be held|forthcoming|coming (days|weeks|months)|is due|are due|due to|set to|runs? out|"
    r"expires on|ends on)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateExpr:
    """A date expression found in text, with the parts it names."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    relative: str | None = None

    @property
    def is_relative(self) -> bool:
        return self.kind in ("relative", "md_rel", "month_rel") or (self.year is None and self.kind != "year")


@dataclass(frozen=True)
class Resolved:
    value: PartialDate | None
    end: PartialDate | None
    how: str


def _month(text: str | None) -> int | None:
    return _MONTHS.get(text.lower().rstrip(".")) if text else None


def _parse(kind: str, match: re.Match[str]) -> DateExpr | None:
    groups = match.groupdict()
    text = match.group(0)
    year = int(groups["y"]) if groups.get("y") else None
    month = int(groups["mn"]) if groups.get("mn") else _month(groups.get("m"))
    day = int(groups["d"]) if groups.get("d") else None
    if kind in ("relative", "md_rel", "month_rel"):
        rel = text.lower()
        return DateExpr(match.start(), match.end(), text, kind, None, month, day, relative=rel)
    if kind == "year_range":
        return DateExpr(match.start(), match.end(), text, kind, year, end_year=int(groups["y2"]))
    end_day = int(groups["d2"]) if groups.get("d2") else None
    end_month = (_month(groups.get("m2")) if groups.get("m2") else month) if end_day is not None else None
    try:
        if day is not None and month is not None:
            PartialDate(year or 2000, month, day)
        if end_day is not None and end_month is not None:
            PartialDate(year or 2000, end_month, end_day)
    except ValueError:
        return None
    return DateExpr(match.start(), match.end(), text, kind, year, month, day, year, end_month, end_day)


_MONTH_START = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"  # every spelling of M begins so
# Anchors: where a match of the pattern of the same position can start (a superset: the pattern's own first
# tokens, relaxed). Patterns that share one are tried only there (``pattern.match`` at each anchor, in order,
# resuming after each match, as ``finditer`` does) instead of each scanning the whole text. An anchor that
# begins with a literal or a character class lets the regex engine skip to its candidates at C speed; one that
# consumes characters never hides a start, as none of the patterns can start inside what it consumed (no word
# starts there).
_ANCHOR_FROM = re.compile(r"[FfBb](?=(?i:rom|etween)\s)")
_ANCHOR_MONTH = re.compile(_MONTH_START)
_ANCHOR_DAY_MONTH = re.compile(rf"\d\d?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_START}")
_ANCHOR_YEAR = re.compile(r"(?:19|20)\d\d")
_ANCHOR_DAY_DASH = re.compile(r"\d\d?(?:st|nd|rd|th)?\s*[-–—]")
_ANCHOR_DOTTED = re.compile(r"\d(?=\d?[./]\d)")
_ANCHORED: list[tuple[tuple[str, ...], re.Pattern[str]]] = [  # pattern beginnings, and their anchor
    ((FROM,), _ANCHOR_FROM),
    ((rf"\b{M}",), _ANCHOR_MONTH),
    ((rf"\b{D}\s+(?:of\s+)?{M}",), _ANCHOR_DAY_MONTH),
    ((r"\b(?P<y>(?:19|20)\d\d)", r"(?<![-–—\d.,/])\b(?P<y>(?:19|20)\d\d)"), _ANCHOR_YEAR),
    ((rf"\b{D}\s*[-–—]",), _ANCHOR_DAY_DASH),
    ((r"\b(?P<d>[0-3]?\d)[./](?P<mn>[01]?\d)[./]",), _ANCHOR_DOTTED),
]
_ANCHORS: list[re.Pattern[str] | None] = [
    next((anchor for beginnings, anchor in _ANCHORED if pattern.startswith(beginnings)), None)
    for _, pattern in _PATTERNS
]


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, trying only the given start positions (a superset of its starts)."""
    found: list[re.Match[str]] = []
    position = 0
    match = pattern.match
    for start in starts:
        if start < position:
            continue
        hit = match(text, start)
        if hit is not None:
            found.append(hit)
            position = hit.end()
    return found


def find_dates(text: str) -> list[DateExpr]:
    """Non-overlapping date expressions in ``text``, longest first where they compete."""
    found: list[DateExpr] = []
    lower = text.lower()
    starts: dict[re.Pattern[str], list[int]] = {}
    for (kind, pattern), gate, anchor in zip(_COMPILED, _GATES, _ANCHORS, strict=True):
        if gate and not any(word in lower for word in gate):
            continue
        if anchor is None:
            matches: Iterable[re.Match[str]] = pattern.finditer(text)
        else:
            if anchor not in starts:
                starts[anchor] = [m.start() for m in anchor.finditer(text)]
            matches = _matches(pattern, text, starts[anchor])
        for match in matches:
            expr = _parse(kind, match)
            if expr is not None:
                found.append(expr)
    chosen: list[DateExpr] = []
    taken = bytearray(len(text) + 1)  # characters of chosen expressions: an overlap test is one slice scan
    for expr in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if taken.find(1, expr.start, expr.end) < 0:
            chosen.append(expr)
            taken[expr.start : expr.end] = b"\x01" * (expr.end - expr.start)
    return sorted(chosen, key=lambda e: e.start)


def is_future(sentence: str) -> bool:
    """True when the sentence speaks of something to come (so bare dates lean forward)."""
    return _FUTURE.search(sentence) is not None


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: date, prefer: str) -> date | None:
    import dateparser  # type: ignore[import-untyped]

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed is not None else None


def _week(day: date, offset: int) -> tuple[PartialDate, PartialDate]:
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=offset)
    sunday = monday + timedelta(days=6)
    return PartialDate.parse(monday), PartialDate.parse(sunday)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


class Resolver:
    """Resolves expressions against a base date (publication or item date) of known precision.

    ``confident`` is False when the base is itself an estimate (a lower bound found in the text);
    a month and day without a year then take the year that puts them nearest the base.
    """

    def __init__(self, base: PartialDate | None, confident: bool = True):
        self.base = base
        self.confident = confident

    def _year_for(self, month: int, day: int | None, future: bool) -> int | None:
        base = self.base
        if base is None:
            return None
        if base.precision is Precision.YEAR:
            return base.year
        if not self.confident:
            target = date(base.year, month, min(day or 15, 28))
            pivot = base.earliest
            options = [target.replace(year=base.year + k) for k in (-1, 0, 1)]
            return min(options, key=lambda d: abs((d - pivot).days)).year
        if base.precision is Precision.DAY and day is not None:
            pivot = base.earliest
            candidate = date(base.year, month, min(day, calendar.monthrange(base.year, month)[1]))
            if future and (pivot - candidate).days > 7:
                return base.year + 1
            if not future and (candidate - pivot).days > 7:
                return base.year - 1
            return base.year
        assert base.month is not None
        candidate_month = (base.year, month)
        if future and candidate_month < (base.year, base.month):
            return base.year + 1
        if not future and candidate_month > (base.year, base.month):
            return base.year - 1
        return base.year

    def _relative_year(self, rel: str | None) -> int | None:
        if self.base is None or rel is None:
            return None
        if "last" in rel or "previous" in rel:
            return self.base.year - 1
        if "next" in rel or "following" in rel:
            return self.base.year + 1
        return self.base.year

    def resolve(self, expr: DateExpr, future: bool = False, year_hint: int | None = None) -> Resolved:
        """The expression's value (and end, for ranges) and how it was found."""
        try:
            return self._resolve(expr, future, year_hint)
        except ValueError:
            return Resolved(None, None, "unresolved")

    def _resolve(self, expr: DateExpr, future: bool, year_hint: int | None) -> Resolved:
        kind = expr.kind
        if kind == "year":
            return Resolved(PartialDate(expr.year or 0), None, "absolute")
        if kind == "year_range":
            assert expr.year is not None and expr.end_year is not None
            return Resolved(PartialDate(expr.year), PartialDate(expr.end_year), "absolute")
        if kind == "relative":
            return self._relative(expr)
        if kind in ("md_rel", "month_rel"):
            year = self._relative_year(expr.relative)
            if year is None or expr.month is None:
                return Resolved(None, None, "unresolved")
            return Resolved(PartialDate(year, expr.month, expr.day), None, "relative")
        if expr.month is None:
            return Resolved(None, None, "unresolved")
        year, how = expr.year, "absolute"
        if year is None:
            year = self._year_for(expr.month, expr.day, future)
            how = "relative"
            if year is None and year_hint is not None:
                year, how = year_hint, "hint"
        if year is None:
            return Resolved(None, None, "unresolved")
        value = PartialDate(year, expr.month, expr.day)
        end = None
        if expr.end_day is not None:
            end_month = expr.end_month or expr.month
            end_year = year + 1 if end_month < expr.month else year
            end = PartialDate(end_year, end_month, expr.end_day)
        return Resolved(value, end, how)

    def _relative(self, expr: DateExpr) -> Resolved:
        rel = (expr.relative or "").lower()
        base = self.base
        if base is None:
            return Resolved(None, None, "unresolved")
        unit_match = re.search(r"(week|month|year)\b", rel)
        unit = unit_match.group(1) if unit_match else None
        step = -1 if re.search(r"\b(last|past|previous)\b", rel) else 1 if "next" in rel else 0
        if "ago" in rel:
            amount_text = rel.split()[0]
            amount = _NUMBERS.get(amount_text, 1) if not amount_text.isdigit() else int(amount_text)
            step = -amount
        if unit == "year":
            if rel.endswith("today") and base.precision is Precision.DAY:
                assert base.month is not None and base.day is not None
                day_of = min(base.day, calendar.monthrange(base.year + step, base.month)[1])
                return Resolved(PartialDate(base.year + step, base.month, day_of), None, "relative")
            return Resolved(PartialDate(base.year + step), None, "relative")
        if unit == "month":
            if base.precision < Precision.MONTH:
                return Resolved(None, None, "unresolved")
            assert base.month is not None
            year, month = _shift_month(base.year, base.month, step)
            return Resolved(PartialDate(year, month), None, "relative")
        if base.precision < Precision.DAY:
            return Resolved(None, None, "unresolved")
        day = base.earliest
        if unit == "week":
            start, end = _week(day, step)
            return Resolved(start, end, "relative")
        weekday = next((i for i, name in enumerate(_WEEKDAY_NAMES) if name in rel), None)
        if weekday is not None:
            back = (day.weekday() - weekday) % 7
            if "next" in rel:
                found = day + timedelta(days=(weekday - day.weekday()) % 7 or 7)
            else:
                found = day - timedelta(days=back or (7 if "last" in rel else 0))
            return Resolved(PartialDate.parse(found), None, "relative")
        text = re.sub(r"^(on|this)\s+", "", rel)
        parsed = _dateparser(text, day, "past")
        if parsed is None:
            return Resolved(None, None, "unresolved")
        return Resolved(PartialDate.parse(parsed), None, "relative")
