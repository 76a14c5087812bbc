"""Listings: a page of several news items (dated entries, or a results page of titled articles) split into items.

An item starts at a line that is a date (or a title ending with a date), or, on a results page, at
a title line followed by its article. A page with fewer than two such starts is one item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from csto.ingest.dates import find_dates
from csto.ingest.models import Span

_TERMINAL = (".", "!", "?", "…", ":", ";", ",", "”", '"')
# what may follow the date on a date line: a time ("10:32", "| 10:32", "at 10:32 AM", "17:04 (UTC+3)", "15:01 GMT")
_TIME = re.compile(
    r"(?:[|•·,–—-]\s*|at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
    r"(?:\(?(?:UTC|GMT|MSK)?\s*[+-]?\d{0,2}(?::?\d{2})?\)?|[A-Z]{2,4})?"
)
# or the place it was filed from ("March 11, 2020, Novo-Ogaryovo, Moscow Region")
_PLACES = re.compile(r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}(?:,\s*[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}){0,3}")
# a title closed by where and when it happened: "Lavrov sums up the ministers' meeting (Almaty, June 21, 2024)"
_BRACKETED = re.compile(r"\((?P<inner>[^()]{6,80})\)\s*$")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "vs", "into"}


@dataclass
class ItemSegment:
    span: Span
    title: str | None = None
    title_span: Span | None = None
    date_text: str | None = None
    date_span: Span | None = None


def _lines(text: str) -> list[Span]:
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            left = start + len(body) - len(body.lstrip())
            spans.append((left, start + len(body.rstrip())))
        start += len(line)
    return spans


@lru_cache(maxsize=64)  # asked again for a document's first lines, by the header date (``timing._header``)
def _dated_line(line: str) -> str | None:
    """The date text if the line is a date (maybe with a time) or a title that ends with one."""
    if len(line) > 300 or not any(ch.isdigit() for ch in line[-40:]):
        return None
    found = [d for d in find_dates(line) if d.kind == "full"]
    if not found:
        return None
    last = found[-1]
    bracket = _BRACKETED.search(line)
    if bracket and bracket.start() < last.start and last.end == bracket.end("inner"):
        place = line[bracket.start("inner") : last.start].strip().rstrip(",").strip()
        if not place or _PLACES.fullmatch(place):
            return last.text
    rest = line[last.end :].strip().lstrip(",").strip()
    source = rest.lstrip("|/•·–—-").strip()  # "14 October 2022 / Asia-Plus"
    if rest and not _TIME.fullmatch(rest) and not _PLACES.fullmatch(rest) and not _PLACES.fullmatch(source):
        return None
    head = line[: last.start].strip()
    if head and (len(head.split()) > 25 or head.endswith(";") or (head.endswith(",") and len(head.split()) > 4)):
        return None
    return last.text


def is_title(line: str, min_words: int = 4) -> bool:
    """A headline: short, no closing punctuation, most longer words capitalized."""
    stripped = line.strip()
    words = stripped.split(maxsplit=18)  # all the words when there are at most 18 (more: no headline)
    if not min_words <= len(words) <= 18 or stripped.endswith(_TERMINAL):
        return False
    content = [w for w in words if w.lower() not in _SMALL and re.match(r"[A-Za-z]", w)]
    if not content:
        return False
    capitals = sum(1 for w in content if w[0].isupper())
    return capitals / len(content) >= 0.7


def split_items(text: str) -> list[ItemSegment]:
    """Items of a listing page (empty when the text is a single article)."""
    lines = _lines(text)
    dated = [(i, _dated_line(text[s:e])) for i, (s, e) in enumerate(lines)]
    starts = [(i, d) for i, d in dated if d is not None]
    if len(starts) >= 2:
        return _by_dates(text, lines, starts)
    titles = [
        i
        for i, (s, e) in enumerate(lines)
        if is_title(text[s:e]) and i + 1 < len(lines) and lines[i + 1][1] - lines[i + 1][0] >= 200
    ]
    if len(titles) >= 3:
        loose = [
            i
            for i, (s, e) in enumerate(lines)
            if 0 < i < len(lines) - 1
            and _headline(text[s:e])
            and lines[i + 1][1] - lines[i + 1][0] >= 200
            and lines[i - 1][1] - lines[i - 1][0] >= 200
        ]
        return _by_titles(text, lines, sorted(set(titles) | set(loose)))
    return []


def _headline(line: str) -> bool:
    """A sentence-case headline between two articles of a listing."""
    words = line.split()
    return 4 <= len(words) <= 18 and line[:1].isupper() and not line.rstrip().endswith(_TERMINAL)


def _by_dates(text: str, lines: list[Span], starts: list[tuple[int, str]]) -> list[ItemSegment]:
    items: list[ItemSegment] = []
    first_lines = []
    for index, _ in starts:
        begin = index
        if index > 0:
            previous = text[lines[index - 1][0] : lines[index - 1][1]]
            current = text[lines[index][0] : lines[index][1]]
            if previous.strip() and current.startswith(previous.strip()[: max(10, len(previous.strip()) // 2)]):
                begin = index - 1
        first_lines.append(begin)
    for number, (index, date_text) in enumerate(starts):
        begin = first_lines[number]
        end_line = first_lines[number + 1] - 1 if number + 1 < len(starts) else len(lines) - 1
        start = lines[begin][0] if number else 0
        end = lines[end_line][1]
        line_start, line_end = lines[index]
        line = text[line_start:line_end]
        at = line_start + line.rfind(date_text)
        head = line[: line.rfind(date_text)].strip()
        items.append(
            ItemSegment(
                span=(start, end),
                title=head or None,
                title_span=(line_start, line_start + len(head)) if head else None,
                date_text=date_text,
                date_span=(at, at + len(date_text)),
            )
        )
    return items


def _by_titles(text: str, lines: list[Span], titles: list[int]) -> list[ItemSegment]:
    items: list[ItemSegment] = []
    for number, index in enumerate(titles):
        end_line = titles[number + 1] - 1 if number + 1 < len(titles) else len(lines) - 1
        start = lines[index][0] if number else 0
        title_start, title_end = lines[index]
        items.append(
            ItemSegment(
                span=(start, lines[end_line][1]),
                title=text[title_start:title_end],
                title_span=(title_start, title_end),
            )
        )
    return items
