"""When a document (and each listing item) was published, and what every date in it resolves to.

Order of evidence for the publication date: metadata (0.95), a date header (0.8), a "published:"
byline (0.8), a dateline ("MOSCOW, June 28 (TASS) -") in the year the text's own dated statements
give (0.7), a known event of the store named without its year ("anchored", 0.5), the latest date
the text states with its year ("estimated", 0.3), else unknown. Never after the moment of ingestion
(``now``), never today's date by default. A date in a photo caption or in the body is evidence for
resolving, not the publication date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from csto.ingest.dates import DateExpr, Resolved, Resolver, find_dates, is_future
from csto.ingest.lexicon import KnownEvent
from csto.ingest.listing import ItemSegment, _dated_line
from csto.ingest.models import Span
from csto.periods import DateError, PartialDate, Precision

_BYLINE = re.compile(r"\b(?:published|posted|updated|date(?:d)?)\s*(?:on|:)?\s*", re.IGNORECASE)
_CITATION = re.compile(r"\(\s*(?:see\s+)?[A-Z][\w.&' -]{1,40},")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")

_DAY_LEVEL = re.compile(r"\b(day|week|today|yesterday|tomorrow|tonight|ago|\w+day)\b", re.IGNORECASE)
CONFIDENCE = {
    "metadata": 0.95,
    "header": 0.8,
    "byline": 0.8,
    "dateline": 0.7,
    "anchored": 0.5,
    "estimated": 0.3,
    "unknown": 0.0,
}
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
# "MOSCOW, June 28 (Itar-Tass) —", "BREST REGION, September 4. /TASS/.", "Minsk, 28 November (BelTA)",
# "YEREVAN, MAY 8 —", "MOSCOW, Jan. 30 (Xinhua) --", "Moscow. January 30. INTERFAX -", "Dushanbe, 30.01.2024 -"
_MONTH_WORD = (
    r"(?i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DATELINE = re.compile(
    r"^\W{0,3}(?:[A-Z][A-Za-z'’-]+\.?(?:[ -][A-Z][A-Za-z'’-]+\.?){0,2})\s*(?:\([^)]{1,30}\)|/[^/]{1,20}/)?\s*[,.]\s*"
    rf"(?:(?P<m1>{_MONTH_WORD})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_WORD})"
    r"|(?P<d3>[0-3]?\d)\.(?P<n3>[01]?\d)\.(?P<y3>(?:19|20)\d\d))"
    r"(?:,?\s*(?P<y>(?:19|20)\d\d))?\b"
    r"(?:\s*(?:\([^)]{1,30}\)|/[^/]{1,20}/)|[.,]|\s*[—–-])"
)
_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_PERIOD_BEFORE = re.compile(
    r"\b(?:for|until|till|through|by|to)\s+(?:the\s+)?(?:(?:end|beginning|start)\s+of\s+)?$", re.IGNORECASE
)


def bounds_a_period(text: str, start: int) -> bool:
    """A date at ``start`` names the bound of a period, not a time something happened ("a plan for 2026-2030",
    "until 2030", "to the end of 2016")."""
    return _PERIOD_BEFORE.search(text, max(0, start - 24), start) is not None


_LEAD_CHARS = 600  # the lead of a report: its first sentences
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth",
)  # fmt: skip
_CARDINALS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip
_TENS = {"thirty": 30, "thirtieth": 30, "forty": 40, "fortieth": 40, "fifty": 50, "fiftieth": 50}
_ANNIVERSARY = re.compile(
    r"\bturn(?:s|ed|ing)?\s+(?P<a>\d{1,2}|[a-z]+(?:-[a-z]+)?)\b"
    r"|\b(?P<b>\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)\s+anniversary"
    r"|\bmark(?:s|ed|ing)?\s+(?P<c>\d{1,2}|[a-z]+(?:-[a-z]+)?)\s+years",
    re.IGNORECASE,
)


def _count(word: str) -> int:
    """The number a word names ("ten", "tenth", "10th", "twenty-fifth"); 0 for any other word."""
    word = word.lower().rstrip("stndrh") if word[:1].isdigit() else word.lower()
    if word.isdigit():
        return int(word)
    total = 0
    for part in word.split("-"):
        if part in _TENS:
            total += _TENS[part]
        elif part in ("twenty", "twentieth"):
            total += 20
        elif part in _ORDINALS:
            total += _ORDINALS.index(part) + 1
        elif part in _CARDINALS:
            total += _CARDINALS.index(part) + 1
        else:
            return 0
    return total


_WEEKDAY = re.compile(r"\bon\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:—–]|\s-\s")
_NAMED_BEFORE = re.compile(r"\b(?:the|its|their|of the)\s+$", re.IGNORECASE)
_NAMED_AFTER = re.compile(
    r"\s+(?:session|summit|meeting|decisions?|agreement|treaty|declaration|elections?|war|clashes|exercises?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(frozen=True)
class Base:
    """A reference date for resolving relative dates, and how much to trust it."""

    value: PartialDate | None
    how: str

    @property
    def confident(self) -> bool:
        return self.how in ("metadata", "header", "byline", "dateline")

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.how] if self.value is not None else 0.0


UNKNOWN = Base(None, "unknown")


def parse_metadata_date(text: str | None) -> PartialDate | None:
    """A publication date from metadata: ISO forms, or a written date with its year. Relative words are refused."""
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        try:
            return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
        except DateError:
            return None
    found = [d for d in find_dates(text) if d.year is not None and d.kind in ("full", "month_year", "year")]
    if not found:
        return None
    value = Resolver(None).resolve(found[0]).value
    return value


def is_citation(text: str, expr: DateExpr) -> bool:
    """A date that cites a source in brackets ("(RIA Novosti, February 5)"), not the event's date."""
    before = text[max(0, expr.start - 80) : expr.start]
    opening = before.rfind("(")
    if opening < 0 or ")" in before[opening:]:
        return False
    return bool(_CITATION.match(before[opening:]))


@dataclass(frozen=True)
class YearEvidence:
    """What a document names that fits only some years: exercise editions, office holders, entities.

    Used to give a year to a dateline ("MOSCOW, June 28 (TASS) -") when the text states none that fits.
    """

    exercise_years: frozenset[int] = frozenset()
    terms: tuple[tuple[tuple[date, date | None], ...], ...] = ()
    """For each office holder the text names, the terms of their offices."""
    entities: frozenset[str] = frozenset()
    since: date | None = None
    """The latest first active day of the bodies and forces the text names: it was written after it."""


@dataclass
class AnchorIndex:
    """Stored events by month and day, to give a year to "On June 6" when the text names who or where."""

    by_day: dict[tuple[int, int], list[KnownEvent]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, events: list[KnownEvent]) -> AnchorIndex:
        index = cls()
        for event in events:
            index.by_day[(event.start.month, event.start.day)].append(event)
        return index

    def year(self, month: int, day: int, entities: set[str]) -> int | None:
        specific = entities - {"csto"}
        years = {
            e.start.year
            for e in self.by_day.get((month, day), [])
            if (e.place is not None and e.place in specific) or (e.participants & specific)
        }
        return years.pop() if len(years) == 1 else None

    def shared(self, entities: set[str] | frozenset[str]) -> list[KnownEvent]:
        """Stored happenings of a few days that the text names: held where it says with a participant it
        names, or (where no place is stored) with three participants it names."""
        specific = set(entities) - {"csto"}
        return [
            e
            for events in self.by_day.values()
            for e in events
            if (e.end - e.start).days <= 7
            and (
                (e.place is not None and e.place in specific and bool(e.participants & specific))
                or (e.place is None and len(e.participants & specific) >= 3)
            )
        ]


@dataclass
class Timeline:
    """Resolved dates of a document, its base date and each item's base."""

    document: Base
    items: list[tuple[Span, Base]]
    resolved: dict[int, tuple[DateExpr, Resolved]]
    dateline: Span | None = None
    """Where the dateline's date is: the day the report was filed, not the day of what it reports."""

    def base_at(self, offset: int) -> Base:
        for span, base in self.items:
            if span[0] <= offset <= span[1]:
                return base
        return self.document


# a verb in the past tense (or a past participle after "had"/"was"): the clause tells of what is over
_TOLD_PAST = re.compile(r"\b(?:was|were|had|did|took|came|became|broke|began|held|told|said|met|left|won|\w{3,}ed)\b")


def _header(text: str, kept: list[Span]) -> PartialDate | None:
    for start, end in kept[:6]:
        line = text[start:end]
        date_text = _dated_line(line)
        if date_text:
            found = find_dates(date_text)
            if found and found[0].year:
                return Resolver(None).resolve(found[0]).value
    return None


def _byline(text: str) -> PartialDate | None:
    for match in _BYLINE.finditer(text):
        window = text[match.end() : match.end() + 40]
        found = [d for d in find_dates(window) if d.start < 3 and d.year is not None and d.kind == "full"]
        if found:
            return Resolver(None).resolve(found[0]).value
    return None


def dateline(text: str, kept: list[Span]) -> tuple[int | None, int, int, Span] | None:
    """The (year or None, month, day, where) of a dateline among the first lines ("MOSCOW, June 28 (TASS) —")."""
    for start, end in kept[:8]:
        match = _DATELINE.match(text[start:end])
        if not match:
            continue
        year: int | None
        if match.group("d3"):
            year, month, day = int(match.group("y3")), int(match.group("n3")), int(match.group("d3"))
        else:
            word = (match.group("m1") or match.group("m2")).lower().rstrip(".")
            month, day = _MONTH_NUMBERS[word], int(match.group("d1") or match.group("d2"))
            year = int(match.group("y")) if match.group("y") else None
        try:
            PartialDate(year or 2000, month, day)
        except DateError:
            continue
        first = next(g for g in ("m1", "d2", "d3") if match.group(g))
        last = "y" if match.group("y") else next(g for g in ("d1", "m2", "y3") if match.group(g))
        return year, month, day, (start + match.start(first), start + match.end(last))
    return None


def _on_or_after(moment: date, month: int, day: int) -> PartialDate | None:
    """The first (month, day) on or after ``moment`` (29 February only in a leap year)."""
    for year in range(moment.year, moment.year + 5):
        try:
            value = PartialDate(year, month, day)
        except DateError:
            continue
        if value.earliest >= moment:
            return value
    return None


def _before(moment: date, month: int, day: int) -> PartialDate | None:
    """The last (month, day) before ``moment``."""
    for year in range(moment.year, moment.year - 5, -1):
        try:
            value = PartialDate(year, month, day)
        except DateError:
            continue
        if value.earliest < moment:
            return value
    return None


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause holding ``text[start:end]``: its sentence cut at commas, semicolons, colons and dashes."""
    sentence = sentence_around(text, start, end)
    at = text.find(sentence, max(0, start - len(sentence)))
    if at < 0:
        return sentence
    left = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, start - at)), default=0)
    right = _CLAUSE_END.search(sentence, end - at)
    return sentence[left : right.start() if right else len(sentence)]


def told_ahead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is told as still to come: a future word in its clause before it, or after it
    with no verb in the past before it ("completed drills in 2023 and would meet again in 2025": 2023 is past)."""
    clause = _clause_around(text, start, end)
    at = text.rfind(clause, max(0, start - len(clause)), end + len(clause))
    if at < 0:
        return is_future(clause)
    before, after = clause[: end - at], clause[end - at :]
    return is_future(before) or (is_future(after) and _TOLD_PAST.search(before) is None)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]`` (for tense: a future in the next sentence says nothing here)."""
    left = _last_sentence_end(text, max(0, start - 300), start)
    after = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    return text[left : after.start() + 1 if after else min(len(text), end + 300)]


def _last_sentence_end(text: str, low: int, high: int) -> int:
    """Where the last ``_SENTENCE_END`` match in ``text[low:high]`` ends (``low`` if none), found from the right:
    a newline, or a ``.``, ``!`` or ``?`` before a space (the same as the largest ``m.end()`` of ``finditer``)."""
    best = text.rfind("\n", low, high) + 1
    for mark in ".!?":
        at = text.rfind(mark, low, high - 1) if high - 1 > low else -1
        while at >= 0 and at + 2 > best:
            if text[at + 1].isspace():
                best = at + 2
                break
            at = text.rfind(mark, low, at)
    return max(best, low)


def _possible(value: PartialDate | None, now: date | None = None) -> bool:
    """A publication date is never after the moment of ingestion (``now``, given by the caller: no clock here)."""
    return value is not None and (now is None or value.earliest <= now)


def _latest(values: list[PartialDate]) -> PartialDate | None:
    return max(values, key=lambda v: (v.earliest, v.precision)) if values else None


class DateContext:
    """Resolves all date expressions of one document in two passes: certain ones first, then relative ones."""

    def __init__(
        self,
        text: str,
        exprs: list[DateExpr],
        sentence_entities: dict[int, set[str]],
        anchors: AnchorIndex,
        now: date | None = None,
        evidence: YearEvidence | None = None,
    ):
        self.now = now
        self.evidence = evidence or YearEvidence()
        self.dateline_span: Span | None = None
        self.text = text
        self.exprs = exprs
        self.entities = sentence_entities
        self.anchors = anchors

    def _certain(self, expr: DateExpr, year_hint: int | None, dated: bool = False) -> Resolved | None:
        """A value that needs no publication date; with ``dated`` (a trusted publication date) "On June 6"
        is left to it rather than to a stored event or the year in an exercise's name."""
        if expr.year is not None or expr.kind in ("year", "year_range"):
            resolved = Resolver(None).resolve(expr)
            return resolved if resolved.value is not None else None
        if dated:
            return None
        if expr.kind == "month_day" or (expr.kind == "range" and expr.day is not None):
            assert expr.month is not None and expr.day is not None
            year = self.anchors.year(expr.month, expr.day, self.entities.get(expr.start, set()))
            if year is not None:
                resolved = Resolver(PartialDate(year)).resolve(expr)
                return Resolved(resolved.value, resolved.end, "anchored")
            if year_hint is not None:
                resolved = Resolver(None).resolve(expr, year_hint=year_hint)
                return resolved if resolved.value is not None else None
        return None

    def build(
        self,
        metadata: PartialDate | None,
        kept: list[Span],
        items: list[ItemSegment],
        hints: dict[int, int],
    ) -> Timeline:
        certain: dict[int, Resolved] = {}
        for expr in self.exprs:
            found = self._certain(expr, hints.get(expr.start), dated=True)
            if found is not None:
                certain[expr.start] = found
        document = self._document_base(metadata, kept, certain)
        if not document.confident:
            for expr in self.exprs:
                if expr.start not in certain and (found := self._certain(expr, hints.get(expr.start))) is not None:
                    certain[expr.start] = found
            document = self._estimate_document(certain)
        item_bases: list[tuple[Span, Base]] = []
        for item in items:
            base = self._item_base(item, certain, document)
            item_bases.append((item.span, base))
        lined = self.dateline_span if document.how == "dateline" else None
        timeline = Timeline(document, item_bases, {}, lined)
        future_of: dict[str, bool] = {}
        for expr in self.exprs:
            if expr.start in certain:
                timeline.resolved[expr.start] = (expr, certain[expr.start])
                continue
            base = timeline.base_at(expr.start)
            sentence = sentence_around(self.text, expr.start, expr.end)
            # a day anchored to the stored happening the report tells of is as good as a dateline for "on Tuesday"
            sure = base.confident or (
                base.how == "anchored" and base.value is not None and base.value.precision is Precision.DAY
            )
            resolver = Resolver(base.value, sure)
            if not sure and expr.kind == "relative" and _DAY_LEVEL.search(expr.text):
                timeline.resolved[expr.start] = (expr, Resolved(None, None, "unresolved"))
                continue
            if sentence not in future_of:  # the dates of one sentence share its tense
                future_of[sentence] = is_future(sentence)
            timeline.resolved[expr.start] = (expr, resolver.resolve(expr, future=future_of[sentence]))
        return timeline

    def _document_base(self, metadata: PartialDate | None, kept: list[Span], certain: dict[int, Resolved]) -> Base:
        """Metadata, a header line, a "Published:" byline, else an estimate; never a date after today."""
        if _possible(metadata, self.now):
            return Base(metadata, "metadata")
        header = _header(self.text, kept)
        if _possible(header, self.now):
            return Base(header, "header")
        byline = _byline(self.text)
        if _possible(byline, self.now):
            return Base(byline, "byline")
        lined = self._dateline(kept, certain)
        if lined is not None:
            return lined
        return self._estimate_document(certain)

    def _estimate_document(self, certain: dict[int, Resolved]) -> Base:
        """The latest date the text states as past, or the day of the stored happening it reports."""
        estimate = self._estimate(certain, (0, len(self.text)))
        if estimate.value is None or estimate.value.precision is not Precision.DAY:
            reported = self._reported_happening(estimate.value)
            if reported is not None:
                return Base(reported, "anchored")
        return estimate

    def _reported_happening(self, after: PartialDate | None) -> PartialDate | None:
        """With no dated header: the day of the one stored happening the text names (place and participant)
        that fell on the weekday its lead names ("said on Wednesday"), after every date it states."""
        lead = self.text[:_LEAD_CHARS]
        found = _WEEKDAY.search(lead)
        if found is None or told_ahead(self.text, found.start(), found.end()):
            return None
        weekday = _WEEKDAYS.index(found.group(1).lower())
        named = set(self.evidence.entities) - {"csto"}
        fits: dict[date, int] = {}  # each candidate day: the most participants it shares with the text
        for event in self.anchors.shared(named) if named else []:
            if after is not None and event.end < after.earliest:
                continue
            for offset in range((event.end - event.start).days + 1):
                day = event.start + timedelta(days=offset)
                if day.weekday() == weekday and (self.now is None or day <= self.now):
                    fits[day] = max(fits.get(day, 0), len(event.participants & named))
        ranked = sorted(fits.items(), key=lambda item: -item[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return PartialDate.parse(ranked[0][0])

    def _dateline(self, kept: list[Span], certain: dict[int, Resolved]) -> Base | None:
        """A dateline's day in the year the text's own dated statements allow (never a stored event's
        year: an agency's dateline names the day it files).

        A report is filed after the past it tells of and before the future it announces: the day is
        the first (month, day) on or after the latest past date the text states with its year, else the
        last one before the earliest future date it states.
        """
        found = dateline(self.text, kept)
        if found is None:
            return None
        year, month, day, self.dateline_span = found
        if year is not None:
            stated = PartialDate(year, month, day)
            return Base(stated, "dateline") if _possible(stated, self.now) else None
        past: list[date] = []
        future: list[date] = []
        for start, r in certain.items():
            if r.value is None or r.how != "absolute" or self._is_citation(start):
                continue
            expr = next(e for e in self.exprs if e.start == start)
            if (r.value.month, r.value.day) == (month, day) and _possible(r.value, self.now):
                return Base(r.value, "dateline")  # "MOSCOW, May 28 ... the meeting on May 28, 2025"
            if expr.kind == "year_range" or bounds_a_period(self.text, expr.start):
                continue  # "a plan for 2026-2030", "until 2030": a period named, not a time that has passed
            # the tense of the date's own clause ("drills were held in 2012, this year's are due in Belarus");
            # a happening it names ("the October 2016 session") is past whatever the tense around it
            named = _NAMED_AFTER.match(self.text, expr.end) and _NAMED_BEFORE.search(
                self.text, max(0, expr.start - 12), expr.start
            )
            ahead = not named and told_ahead(self.text, expr.start, expr.end)
            if ahead or (self.now is not None and r.value.earliest > self.now):
                future.append(r.value.earliest)
            elif expr.kind == "year" and self._past_year(expr):
                # "in 2022" told as past: a reporter writing that year would say "this year" or name the month
                past.append(r.value.latest + timedelta(days=1))
            else:
                past.append(r.value.earliest)
        past += self._named_happenings()
        value: PartialDate | None = None
        if past:
            value = self._likeliest(_on_or_after(max(past), month, day), month, day, min(future, default=None))
        elif future:
            value = _before(min(future), month, day)
        else:
            value = self._named_event_year(month, day)
        if value is None or not _possible(value, self.now):
            return None
        return Base(value, "dateline")

    def _past_year(self, expr: DateExpr) -> bool:
        """ "in 2022" in a clause told in the past tense: the report was written after that year."""
        if not self.text.endswith("in ", max(0, expr.start - 3), expr.start):
            return False
        return _TOLD_PAST.search(_clause_around(self.text, expr.start, expr.end)) is not None

    def _named_happenings(self) -> list[date]:
        """Days of stored happenings the text names by month and day without a year ("the summit in Minsk on
        November 23"), told as past: the report was filed after them."""
        found: list[date] = []
        for expr in self.exprs:
            if expr.kind != "month_day" or expr.month is None or expr.day is None:
                continue
            if self.dateline_span is not None and self.dateline_span[0] <= expr.start < self.dateline_span[1]:
                continue
            year = self.anchors.year(expr.month, expr.day, self.entities.get(expr.start, set()))
            if year is None or is_future(sentence_around(self.text, expr.start, expr.end)):
                continue
            try:
                found.append(date(year, expr.month, expr.day))
            except ValueError:
                continue
        return found

    def _lead_weekday(self) -> int | None:
        """The weekday the dateline's sentence names ("on Thursday"): a report is mostly filed that day."""
        if self.dateline_span is None:
            return None
        sentence = sentence_around(self.text, *self.dateline_span)
        found = _WEEKDAY.search(sentence)
        if found is None:
            return None
        at = self.text.find(sentence, max(0, self.dateline_span[0] - len(sentence)))
        if at >= 0 and told_ahead(self.text, at + found.start(), at + found.end()):
            return None  # "the presidents will gather on Tuesday": not the day of filing
        return _WEEKDAYS.index(found.group(1).lower())

    def _anniversary_years(self) -> set[int]:
        """Years a stated anniversary points to: "signed in May 1992 and turns ten this month" -> 2002."""
        found: set[int] = set()
        for expr in self.exprs:
            if expr.year is None or expr.kind in ("relative", "year_range"):
                continue
            sentence = sentence_around(self.text, expr.start, expr.end)
            for match in _ANNIVERSARY.finditer(sentence):
                count = _count(match.group("a") or match.group("b") or match.group("c"))
                if count:
                    found.add(expr.year + count)
        return found

    def _named_event_year(self, month: int, day: int) -> PartialDate | None:
        """With no year in the text: the one year in which a stored event it names (by place or two
        participants) was under way or just over on the dateline's day."""
        known = self.anchors.shared(self.evidence.entities) if self.evidence.entities else []
        years: set[int] = set()
        for event in known:
            for year in range(event.start.year, event.end.year + 1):
                try:
                    value = PartialDate(year, month, day)
                except DateError:
                    continue
                if event.start <= value.earliest <= event.end + timedelta(days=3):
                    years.add(year)
        return PartialDate(years.pop(), month, day) if len(years) == 1 else None

    def _likeliest(self, first: PartialDate | None, month: int, day: int, before: date | None) -> PartialDate | None:
        """Of the years from ``first`` on (and before ``before`` and ``now``), the one the text's other
        evidence fits best: most office holders it names in office that day, then a stored event it names
        under way or just over that day, then an exercise edition of that year; ties go to the earliest."""
        if first is None:
            return None
        evidence = self.evidence
        known = self.anchors.shared(evidence.entities) if evidence.entities else []
        last = min(d.year for d in (before, self.now) if d is not None) if (before or self.now) else first.year + 30
        weekday = self._lead_weekday()
        anniversaries = self._anniversary_years()
        best: PartialDate | None = None
        best_score = (False, -1, False, False, False)
        for year in range(first.year, min(last, first.year + 30) + 1):
            try:
                value = PartialDate(year, month, day)
            except DateError:
                continue
            filed = value.earliest
            if filed < first.earliest or (before is not None and filed >= before) or not _possible(value, self.now):
                continue
            if evidence.since is not None and filed < evidence.since:
                continue  # a body the text names did not exist yet
            score = (
                year in anniversaries,
                sum(any(a <= filed and (b is None or filed <= b) for a, b in terms) for terms in evidence.terms),
                any(e.start <= filed <= e.end + timedelta(days=3) for e in known),
                filed.weekday() == weekday,
                year in evidence.exercise_years,
            )
            if score > best_score:
                best, best_score = value, score
        return best

    def _estimate(self, certain: dict[int, Resolved], span: Span) -> Base:
        inside = {
            start: r for start, r in certain.items() if span[0] <= start <= span[1] and _possible(r.value, self.now)
        }
        values = [
            r.value
            for start, r in inside.items()
            if r.value is not None
            and not self._is_citation(start)
            and not self._announced(start)
            and not bounds_a_period(self.text, start)
            and not self._period(start)  # "a plan of main actions for 2006-2010"
        ]
        latest = _latest(values)
        if latest is None:
            return UNKNOWN
        anchored = any(r.how == "anchored" and r.value == latest for r in inside.values())
        return Base(latest, "anchored" if anchored else "estimated")

    def _period(self, start: int) -> bool:
        return next(e for e in self.exprs if e.start == start).kind == "year_range"

    def _announced(self, start: int) -> bool:
        """A date the text looks forward to ("the summit will be held in November"): not when it was written."""
        expr = next(e for e in self.exprs if e.start == start)
        return is_future(sentence_around(self.text, expr.start, expr.end))

    def _is_citation(self, start: int) -> bool:
        expr = next(e for e in self.exprs if e.start == start)
        return is_citation(self.text, expr)

    def _item_base(self, item: ItemSegment, certain: dict[int, Resolved], document: Base) -> Base:
        if item.date_span is not None and item.date_span[0] in certain:
            value = certain[item.date_span[0]].value
            return Base(value, "header")
        estimate = self._estimate(certain, item.span)
        if estimate.value is None:
            return document
        if document.confident and document.value is not None and estimate.value.earliest <= document.value.latest:
            return document
        return estimate
