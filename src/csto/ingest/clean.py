"""Cleaning: main text out of HTML, page furniture masked out of text.

Furniture (menus, subscription notes, comment rules, calendars, captions, counters, bylines) is
*masked*: replaced by spaces of the same length, so every offset into the cleaned text is also an
offset into the document's text. ``Cleaned.kept`` lists the ranges that remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from csto.ingest.models import RawDocument, Span

_WEEKDAYS = re.compile(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b", re.IGNORECASE)
_FURNITURE_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*(go back|back to (the )?(section|all news|top|list)|read (also|more)|related( articles| news)?|"
        r"share( this)?|print|home|menu|next article|previous article|load more|show more)\W*$",
        r"^\W*(subscribe|sign up|follow us|join us)\b",
        r"^.{0,40}\b(subscribe to|subscription|newsletter|our (telegram )?channels?)\b.{0,60}$",
        r"\bcomments?\b.*\b(rules|prohibited|publication|moderat|delete|block|tightened|allowed)\b",
        r"\b(prohibited|forbidden|not allowed)\b.*\bcomments?\b",
        r"^\W*comments?\W*\d*\W*$",
        r"^\W*\d+\W*$",
        r"^\W*(dear readers|thank you( for understanding)?!?|now the editors are aware)\b",
        r"\b(select a piece of text|ctrl\s*\+\s*enter|placing links)\b",
        r"\b(site administration|block accounts|without prior notice)\b",
        r"^\W*(views?|reads?|tags?|categories|location|source of photo|photo|cover)\s*:",
        r"^\W*(cover\s+)?(author'?s|author\\'s)\s+photo\W*$",
        r"\bphoto (courtesy|credit|by)\b",
        r"^\W*viewing results\b",
        r"^\W*disclaimer\b",
        r"^\W*(original )?author\s*:",
        r"^\W*(there must be time|here are the terms of participation)\W*$",
        r"^\W*\(\s*\w+ time\s*\)",
        r"^\W*[\"“”«»]?\s*(january|february|march|april|may|june|july|august|september|october|november|december)"
        r"\s*\W*$",
    )
]
_CALENDAR_MONTH = re.compile(
    r"^\W*(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4}\W*$",
    re.IGNORECASE,
)
_INLINE = [
    re.compile(r"\[caption[^\]]*\].*?\[/caption\]", re.IGNORECASE | re.DOTALL),
    re.compile(r"\[/?(embed|gallery|video)[^\]]*\]", re.IGNORECASE),
]
_BYLINE = re.compile(
    r"^\s*(?:(?:by|written by|original author|author)\s*:?\s+)?"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})\s*(?:,\s*[a-z][a-z ]{2,40})?\.?\s*$"
)
_BYLINE_LABEL = re.compile(
    r"^\s*(?:by|written by|original author|author)\s*:?\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})"
)
_MD_SYNTAX = [
    re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE),
    re.compile(r"^\s{0,3}>\s?", re.MULTILINE),
    re.compile(r"^\s{0,3}[-*+]\s+", re.MULTILINE),
    re.compile(r"(\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w))"),
    re.compile(r"!?\[(?=[^\]]*\]\()"),
    re.compile(r"\]\([^)]*\)"),
]


@dataclass
class Cleaned:
    """The text spans refer to, with furniture masked, and what was learnt on the way."""

    text: str
    masked: str
    text_kind: str
    extractor: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    kept: list[Span] = field(default_factory=list)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] not in "\n":
            chars[index] = " "


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((start, start + len(line.rstrip("\r\n"))))
        start += len(line)
    return spans


# Lower-case words one of which an ASCII line must hold for the furniture pattern of the same position to match
# it (empty: always tried). Most lines of an article hold none, and an ``in`` test is cheaper than a scan with a
# case-insensitive pattern. A line with other characters is always tried (case folding beyond ASCII).
_FURNITURE_WORDS: list[tuple[str, ...]] = [()] * len(_FURNITURE_LINES)
_FURNITURE_WORDS[3] = _FURNITURE_WORDS[4] = ("comment",)
_FURNITURE_WORDS[8] = ("select a piece of text", "ctrl", "placing links")
_FURNITURE_WORDS[9] = ("site administration", "block accounts", "without prior notice")
_FURNITURE_WORDS[12] = ("photo ",)
_FURNITURE_GATED = list(zip(_FURNITURE_LINES, _FURNITURE_WORDS, strict=True))
_QUOTES = "\"'“”"
_SPACE_OR_QUOTE = re.compile(r"[\s\"'“”]")
_WEEKDAY_STEMS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # each weekday match starts with one


def is_calendar(line: str) -> bool:
    """A line of a calendar widget: weekday headers, runs of day numbers."""
    if line.isascii():
        lower = line.lower()
        weekdays = sum(lower.count(stem) for stem in _WEEKDAY_STEMS) >= 3 and len(_WEEKDAYS.findall(line)) >= 3
    else:
        weekdays = len(_WEEKDAYS.findall(line)) >= 3
    if weekdays:
        return True
    for char in line:  # the first character that is neither space nor quote: a number's, or not a calendar
        if not (char.isspace() or char in _QUOTES):
            if not char.isdigit():
                return False
            break
    stripped = _SPACE_OR_QUOTE.sub("", line)
    return bool(stripped) and stripped.isdigit() and len(stripped) >= 3


def is_furniture(line: str) -> bool:
    """A line of page furniture rather than article text."""
    text = line.strip()
    if not text:
        return False
    if is_calendar(text) or (_CALENDAR_MONTH.match(text) and len(text) < 20):
        return True
    if text.startswith("•") or text.startswith("\u2022"):
        return is_furniture(text[1:]) or _CALENDAR_MONTH.match(text[1:].strip()) is not None
    if not text.isascii():
        return any(p.search(text) for p in _FURNITURE_LINES)
    lower = text.lower()
    for pattern, words in _FURNITURE_GATED:  # a plain loop: two generators per line cost more than the patterns
        if words:
            for word in words:
                if word in lower:
                    break
            else:
                continue
        if pattern.search(text):
            return True
    return False


def _category_list(line: str) -> bool:
    """A list of short labels separated by commas, with no sentence in it (tags, sections)."""
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 4 or line.rstrip().endswith((".", "!", "?", ":", ";")):
        return False
    return all(p and len(p.split()) <= 3 and p[0].isupper() for p in parts)


def _calendar_block(lines: list[str], index: int) -> bool:
    window = lines[max(0, index - 3) : index + 4]
    return any(is_calendar(x) for x in window)


def _blanked(text: str, ranges: list[Span]) -> str:
    """``text`` with every character but newlines in ``ranges`` made a space (``text`` itself when none): what
    ``_blank`` does character by character, built from slices (ranges in any order, overlapping or not)."""
    if not ranges:
        return text
    pieces, at = [], 0
    for start, end in sorted(ranges):
        start = max(start, at)
        if end > start:
            pieces += [text[at:start], _NOT_NEWLINE.sub(" ", text[start:end])]
            at = end
    return "".join([*pieces, text[at:]])


def mask_furniture(text: str, fmt: str = "txt") -> tuple[str, list[Span], str | None]:
    """Mask furniture lines and inline markup; return the masked text, kept ranges and a byline name."""
    markup: list[Span] = []  # ranges blanked before the lines are read (most texts: none)
    if fmt == "md":
        front = re.match(r"\A---[ \t]*\r?\n.*?\r?\n---[ \t]*\r?\n", text, re.DOTALL)
        if front:
            markup.append((0, front.end()))
        for pattern in _MD_SYNTAX:
            for match in pattern.finditer(text):
                if not (front and match.start() < front.end()):
                    markup.append(match.span())
    for pattern in _INLINE:
        for match in pattern.finditer(text):
            markup.append(match.span())
    unmarked = _blanked(text, markup)
    spans = _lines(text)
    contents = [unmarked[s:e] for s, e in spans]
    dropped: list[Span] = []
    author = None
    nonempty = [i for i, c in enumerate(contents) if c.strip()]
    for position, index in enumerate(nonempty):
        line = contents[index]
        drop = is_furniture(line) or _category_list(line)
        if not drop and (_CALENDAR_MONTH.match(line.strip().lstrip("• ")) and _calendar_block(contents, index)):
            drop = True
        labelled = _BYLINE_LABEL.match(line)
        byline = _BYLINE.match(line) if position < 5 and len(line.split()) <= 6 else None
        if byline and position == 0 and "," not in line:
            byline = None
        named = labelled or byline
        if named is not None:
            author = author or named.group("name")
            drop = True
        if drop:
            dropped.append(spans[index])
    masked = _blanked(unmarked, dropped)
    kept: list[Span] = []
    for start, end in spans:
        line = masked[start:end]
        if line.strip():
            left = start + len(line) - len(line.lstrip())
            right = start + len(line.rstrip())
            kept.append((left, right))
    return masked, kept, author


def _html_text(raw: RawDocument) -> Cleaned:
    import trafilatura

    html = raw.html or ""
    result = trafilatura.bare_extraction(
        html,
        url=raw.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(result, "text", None) if result is not None else None
    extractor = "trafilatura"
    if not text or not str(text).strip():
        from lxml import html as lxml_html  # type: ignore[import-untyped]

        extractor = "fallback:lxml"
        try:
            tree = lxml_html.fromstring(html)
            for bad in tree.xpath("//script|//style|//nav|//footer|//header|//aside"):
                bad.drop_tree()
            text = "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())
        except Exception:
            text = re.sub(r"<[^>]+>", " ", html)
    title = getattr(result, "title", None) if result is not None else None
    date = getattr(result, "date", None) if result is not None else None
    author = getattr(result, "author", None) if result is not None else None
    url = getattr(result, "url", None) if result is not None else None
    text = str(text)
    if title and not text.lstrip().startswith(str(title)):
        text = f"{title}\n\n{text}"
    return Cleaned(
        text=text,
        masked=text,
        text_kind="extracted",
        extractor=extractor,
        title=raw.title or (str(title) if title else None),
        url=raw.url or (str(url) if url else None),
        published=raw.published or (str(date) if date else None),
        author=str(author) if author else None,
    )


def clean(raw: RawDocument) -> Cleaned:
    """The document's text with furniture masked, its title, URL and any metadata date."""
    if raw.html is not None and raw.text is None:
        cleaned = _html_text(raw)
        fmt = "txt"
    else:
        text = raw.text or ""
        cleaned = Cleaned(
            text=text,
            masked=text,
            text_kind="source",
            extractor="text",
            title=raw.title,
            url=raw.url,
            published=raw.published,
        )
        fmt = raw.fmt
    masked, kept, author = mask_furniture(cleaned.text, fmt)
    cleaned.masked, cleaned.kept = masked, kept
    cleaned.author = cleaned.author or author
    if cleaned.title is None:
        first = next((masked[s:e] for s, e in kept), "")
        wordy = re.search(r"[A-Za-z]{3}", first) is not None
        if wordy and len(first) <= 160 and not first.rstrip().endswith((".", "!", "?", ":", ";", ",")):
            cleaned.title = first.strip()
    return cleaned
