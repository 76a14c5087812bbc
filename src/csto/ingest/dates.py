"""Dates in text: absolute and relative expressions, ranges, and their resolution.

``find_dates`` locates expressions ("on June 6", "from 26 to 30 September", "last week",
"24.04.2024", "in October last year"); ``Resolver`` turns them into ``PartialDate`` values with
their precision, against a base date that is the publication date (or an item's date), never
today. Relative expressions go through dateparser with ``RELATIVE_BASE`` set to that base.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
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
# Words before a month name ("in June", "the end of May"); each has a fixed length (see ``_starts_month``).
_MONTH_PREFIXES = (
    "in", "since", "until", "till", "by", "during", "early", "late", "mid-",
    "the end of", "end of", "beginning of", "last", "this", "next",
)  # fmt: skip
NOT_REL = r"(?!\s+(?:of\s+)?(?:this|last|next|the previous|the following|the current)\s+year)"

_PATTERNS: list[tuple[str, str]] = [
    ("range", rf"{FROM}{WD}{D}{TO}{WD}{D2}\s+(?:of\s+)?{M}(?:\s*,?\s*{Y})?"),
    ("range", rf"{FROM}{WD}{M}\s+{D}{TO}{WD}{M2}\s+{D2}(?:\s*,?\s*{Y})?"),
    ("range", rf"{FROM}{WD}{M}\s+{D}{TO}{WD}{D2}(?![\d\s]*(?:[A-Z]|km|%|per))(?:\s*,?\s*{Y})?"),
    ("range", rf"{FROM}{WD}{D}\s+{M}{TO}{WD}{D2}\s+{M2}(?:\s*,?\s*{Y})?"),
    ("range", rf"\b{D}\s*[-–—]\s*{D2}\s+{M}(?:\s*,?\s*{Y})?"),
    ("range", rf"\b{M}\s+{D}\s*[-–—]\s*{D2}(?:\s*,?\s*{Y})?"),
    ("full", r"\b(?P<d>[0-3]?\d)([./-])(?P<mn>[01]?\d)\2(?P<y>(?:19|20)\d\d)\b"),
    ("full", r"\b(?P<y>(?:19|20)\d\d)/(?P<mn>[01]?\d)/(?P<d>[0-3]?\d)\b"),
    ("full", r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?:\b|(?=T\d))"),
    ("full", rf"\b{D}\s+(?:of\s+)?{M}\s*,?\s*{Y}"),
    ("full", rf"\b{M}\s+{D}\s*,?\s*{Y}"),
    ("md_rel", rf"\b{M}\s+{D}\s*,?\s+(?:of\s+)?{REL_YEAR}"),
    ("md_rel", rf"\b{D}\s+(?:of\s+)?{M}\s*,?\s+(?:of\s+)?{REL_YEAR}"),
    ("month_day", rf"\b{D}\s+(?:of\s+)?{M}(?!\s*\d)"),
    ("month_day", rf"\b{M}\s+{D}(?![\d:])"),
    ("month_year", rf"\b{M}\s*,?\s*(?:of\s+)?{Y}"),
    ("month_rel", rf"\b{M}\s+(?:of\s+)?{REL_YEAR}"),
    ("month", rf"\b(?i:{'|'.join(_MONTH_PREFIXES)})\s+{M}\b{NOT_REL}"),
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
_GATES[_PATTERNS.index(("full", r"\b(?P<d>[0-3]?\d)([./-])(?P<mn>[01]?\d)\2(?P<y>(?:19|20)\d\d)\b"))] = (".", "/", "-")
_GATES[_PATTERNS.index(("full", r"\b(?P<y>(?:19|20)\d\d)/(?P<mn>[01]?\d)/(?P<d>[0-3]?\d)\b"))] = ("/",)
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
    r"expires on|ends on|would|ahead of|in the run-up to)\b",
    re.IGNORECASE,
)
# For ASCII text: the same pattern, case-sensitive, on the lower-cased text. The same answer while every letter
# of the pattern is lower case (in ASCII, IGNORECASE pairs exactly the letters ``str.lower`` maps to each other),
# found faster; a pattern with a capital (or ``\S``, ``\W``...) gets no such twin.
_FUTURE_ASCII = re.compile(_FUTURE.pattern) if _FUTURE.pattern == _FUTURE.pattern.lower() else None


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
    def parts(self) -> tuple[object, ...]:
        """Everything resolution reads (all but where the expression is and how it is written)."""
        return (
            self.kind,
            self.year,
            self.month,
            self.day,
            self.end_year,
            self.end_month,
            self.end_day,
            self.relative,
        )

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


_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_START = f"(?:{'|'.join(_MONTH_ABBREVIATIONS)})"  # every spelling of M begins so
_FROM = re.compile(r"[FfBb](?=(?i:rom|etween)\s)")
_DOT_DIGIT = re.compile(r"[./](?=\d)")
_DASHES = ("-", "–", "—")
_REL_BASES = ("this", "last", "next", "the past", "the previous")
_REL_PREFIXES = ("at the end of ", "at the beginning of ", "earlier ", "later ", "early ", "late ")


def _before(ends: Iterable[int], lengths: Iterable[int]) -> list[int]:
    """Positions ``lengths`` before each of ``ends`` (sorted, without duplicates or negatives)."""
    return sorted({end - n for end in ends for n in lengths if end >= n})


class _Scan:
    r"""One text's search state for ``find_dates``: its lower-cased copy and the positions found so far.

    Each pattern is tried only where it can start (``pattern.match`` at each of a superset of its starts, in
    order, resuming after each match, as ``finditer`` does) instead of at every position of the text: the
    regex engine tries a pattern at each character at some 10 ns a character, while ``str.find`` skips to a
    literal at C speed. The supersets come from literals every match holds (a month's first three letters, a
    year's "19"/"20", a dash, a dot before a digit, "from", "today", a weekday) and from one fact: the words
    between such a literal and the start of a match have fixed lengths, and each ``\s+`` between them is a
    maximal whitespace run (the characters on either side of it are not whitespace), so a start lies a fixed
    distance before the start of that run.
    """

    def __init__(self, text: str):
        self.text = text
        self.lower = text.lower()
        # Lower-casing keeps every offset, and a character that IGNORECASE matches to an ASCII letter lower-cases
        # to that letter, except for these two (and "İ", which changes the length): then a case-insensitive
        # pattern can only match where the lower-cased text holds its letters.
        self.aligned = len(self.lower) == len(text) and "ı" not in text and "ſ" not in text
        self.memo: dict[str, list[int]] = {}

    def _find(self, haystack: str, needles: Iterable[str]) -> list[int]:
        found: list[int] = []
        for needle in needles:
            at = haystack.find(needle)
            while at >= 0:
                found.append(at)
                at = haystack.find(needle, at + 1)
        return found

    def words(self, *words: str) -> list[int]:
        """Every position of each word in the lower-cased text (overlaps included)."""
        return self._find(self.lower, words)

    def run_start(self, end: int) -> int:
        r"""The start of the run of whitespace (``\s``: the same characters as ``str.isspace``) ending at ``end``."""
        text = self.text
        while end > 0 and text[end - 1].isspace():
            end -= 1
        return end

    def runs_before(self, ends: list[int]) -> list[int]:
        """The start of the (non-empty) whitespace run just before each of ``ends``."""
        return [run for end in ends if (run := self.run_start(end)) < end]

    def months(self) -> list[int]:
        """Where a month name can start (case-sensitive, as ``M`` is)."""
        if "months" not in self.memo:
            self.memo["months"] = sorted(self._find(self.text, _MONTH_ABBREVIATIONS))
        return self.memo["months"]

    def years(self) -> list[int]:
        r"""Where a year of ``(?:19|20)\d\d`` can start."""
        if "years" not in self.memo:
            self.memo["years"] = sorted(self._find(self.text, ("19", "20")))
        return self.memo["years"]

    def day_months(self) -> list[int]:
        r"""Where ``\b{D}\s+(?:of\s+)?{M}`` can start: a day of one or two digits and a suffix before the run."""
        if "day_months" not in self.memo:
            text, ends = self.text, self.runs_before(self.months())
            ends += self.runs_before([end - 2 for end in ends if text.startswith("of", end - 2)])
            self.memo["day_months"] = _before(ends, (1, 2, 3, 4))
        return self.memo["day_months"]


def _starts_from(scan: _Scan) -> list[int]:
    """ "from ... to", "between ... and" (the words case-insensitive)."""
    if scan.aligned:
        return sorted(scan.words("from", "between"))
    return [m.start() for m in _FROM.finditer(scan.text)]


def _starts_month_first(scan: _Scan) -> list[int]:
    return scan.months()


def _starts_day_month(scan: _Scan) -> list[int]:
    return scan.day_months()


def _starts_year(scan: _Scan) -> list[int]:
    return scan.years()


def _starts_day_dash(scan: _Scan) -> list[int]:
    """ "26-30 September": a day of one or two digits and a suffix, then a (possibly empty) run and a dash."""
    return _before([scan.run_start(end) for end in scan._find(scan.text, _DASHES)], (1, 2, 3, 4))


def _starts_dotted(scan: _Scan) -> list[int]:
    """ "24.04.2024", "24/04/2024": one or two digits before a dot or slash that a digit follows."""
    return _before([m.start() for m in _DOT_DIGIT.finditer(scan.text)], (1, 2))


def _starts_month(scan: _Scan) -> list[int]:
    """ "in June", "the end of May": a prefix, a whitespace run, a month."""
    return _before(scan.runs_before(scan.months()), {len(p) for p in _MONTH_PREFIXES})


def _starts_dash_month(scan: _Scan) -> list[int]:
    """ "mid-June", "early-May", "late-July": three to five letters before the dash."""
    text = scan.text
    return _before([at - 1 for at in scan.months() if text.startswith("-", at - 1)], (3, 4, 5))


def _starts_year_range(scan: _Scan) -> list[int]:
    """ "2019-2021", "from 2019 to 2021": at the first year, or at "from" before it."""
    return sorted({*scan.years(), *_before(scan.runs_before(scan.years()), (4,))})


def _starts_day_before(scan: _Scan) -> list[int] | None:
    """ "the day before yesterday": none without all three words; else every position."""
    if scan.aligned and not all(word in scan.lower for word in ("day", "before", "yesterday")):
        return []
    return None


def _starts_today(scan: _Scan) -> list[int] | None:
    """ "today", "yesterday", "tomorrow", "tonight": the word itself (case-insensitive)."""
    return sorted(scan.words("today", "yesterday", "tomorrow", "tonight")) if scan.aligned else None


def _starts_this_week(scan: _Scan) -> list[int] | None:
    """ "(at the end of) last week": at "this", "last"... or at one of the fixed prefixes (single spaces)."""
    if not scan.aligned:
        return None
    bases = scan.words(*_REL_BASES)
    return sorted({*bases, *_before(bases, [len(p) for p in _REL_PREFIXES])})


def _starts_weekday(scan: _Scan) -> list[int] | None:
    """ "on Monday", "last Friday", "on last Sunday": "on", "last", "this" or "next" and a run before the day."""
    if not scan.aligned:
        return None
    runs = scan.runs_before(scan.words(*_WEEKDAY_NAMES))
    inner = scan.runs_before([run - 4 for run in runs if run >= 4])  # "on last Monday"
    return _before([*runs, *inner], (2, 4))


Starts = Callable[[_Scan], "list[int] | None"]
# Pattern beginnings, and where patterns so beginning can start (see ``_Scan``; None: every position).
_STARTS: list[tuple[tuple[str, ...], Starts]] = [
    ((FROM,), _starts_from),
    ((rf"\b{M}",), _starts_month_first),
    ((rf"\b{D}\s+(?:of\s+)?{M}",), _starts_day_month),
    ((r"\b(?P<y>(?:19|20)\d\d)", r"(?<![-–—\d.,/])\b(?P<y>(?:19|20)\d\d)"), _starts_year),
    ((rf"\b{D}\s*[-–—]",), _starts_day_dash),
    ((r"\b(?P<d>[0-3]?\d)[./](?P<mn>[01]?\d)[./]",), _starts_dotted),
    ((r"\b(?i:in|since|",), _starts_month),
    ((r"\b(?i:mid|early|late)-",), _starts_dash_month),
    ((r"\b(?:from\s+)?(?P<y>",), _starts_year_range),
    ((r"\b(?:the\s+)?day\s+before",), _starts_day_before),
    ((r"\b(?:today|yesterday",), _starts_today),
    ((r"\b(?:at the end of ",), _starts_this_week),
    ((r"\b(?:on\s+|last\s+|this\s+|next\s+|on\s+last\s+)",), _starts_weekday),
]
_ANCHORS: list[Starts | None] = [
    next((starts for beginnings, starts in _STARTS if pattern.startswith(beginnings)), None) for _, pattern in _PATTERNS
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
    scan = _Scan(text)
    lower = scan.lower
    for (kind, pattern), gate, anchor in zip(_COMPILED, _GATES, _ANCHORS, strict=True):
        if gate and not any(word in lower for word in gate):
            continue
        starts = anchor(scan) if anchor is not None else None
        matches: Iterable[re.Match[str]] = pattern.finditer(text) if starts is None else _matches(pattern, text, starts)
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
    if _FUTURE_ASCII is not None and sentence.isascii():
        return _FUTURE_ASCII.search(sentence.lower()) is not None
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


# Resolutions by (base, confidence, the expression's parts, tense, hint): a pure function of a few small values
# that recur within and across articles (the same years and months); values are immutable, so they are shared.
_RESOLVED: dict[tuple[object, ...], Resolved] = {}
_RESOLVED_MAX = 4_096  # small: a long stream must not grow with it


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
        key = (type(self), self.base, self.confident, expr.parts, future, year_hint)
        found = _RESOLVED.get(key)
        if found is None:
            try:
                found = self._resolve(expr, future, year_hint)
            except ValueError:
                found = Resolved(None, None, "unresolved")
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            _RESOLVED[key] = found
        return found

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
