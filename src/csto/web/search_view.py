"""What the search page shows of a full-text result: escaped text with the matches marked, and its link.

The store says where the matched words are (character ranges); here the text is escaped piece by
piece and only the ``<mark>`` elements made here are markup, so nothing a record or a query holds
can become HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from csto.store.search import ENTITY_KINDS, EVENT_TYPES, RECORD_KINDS, SearchPage, SearchResult

KIND_LABELS = {"event": "Events", "fact": "Facts", "source": "Sources", "entity": "Entities"}


def highlight(text: str, marks: Sequence[tuple[int, int]]) -> Markup:
    """``text`` escaped, each ``[start, end)`` range in a ``<mark>`` (out-of-order or overlapping ranges skipped)."""
    parts: list[str] = []
    at = 0
    for start, end in marks:
        if start < at or end <= start or end > len(text):
            continue
        parts.append(str(escape(text[at:start])))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))


def href(result: SearchResult) -> str | None:
    """The page of a result: an event's or entity's page, a fact's subject, a source's own address (http only)."""
    if result.kind == "event":
        return f"/events/{quote(result.id, safe='')}"
    if result.kind == "entity":
        return f"/entities/{quote(result.id, safe='')}"
    if result.kind == "fact" and result.about:
        return f"/entities/{quote(result.about, safe='')}"
    if result.kind == "source" and result.url:
        parsed = urlsplit(result.url.strip())
        return result.url.strip() if parsed.scheme.lower() in ("http", "https") and parsed.netloc else None
    return None


@dataclass(frozen=True)
class ShownResult:
    kind: str
    type: str | None
    title: Markup
    snippet: Markup
    href: str | None
    external: bool
    dates: str


def shown(result: SearchResult) -> ShownResult:
    link = href(result)
    dates = " – ".join(d for d in (result.date, result.end_date) if d)
    return ShownResult(
        kind=result.kind,
        type=result.type,
        title=highlight(result.title, result.title_marks),
        snippet=highlight(result.snippet, result.snippet_marks),
        href=link,
        external=link is not None and not link.startswith("/"),
        dates=dates,
    )


@dataclass(frozen=True)
class Facet:
    label: str
    count: int
    href: str
    chosen: bool


def facets(page: SearchPage, params: dict[str, str], chosen: str | None) -> list[Facet]:
    """A link per kind of record (and per event type) that has matches, keeping the other filters."""
    rest = {k: v for k, v in params.items() if k not in ("kind", "offset")}
    found = []
    for key, count in page.counts.items():
        label = KIND_LABELS.get(key, key.replace("_", " "))
        found.append(Facet(label, count, "/search?" + urlencode({**rest, "kind": key}), key == chosen))
    return found


KIND_CHOICES: list[tuple[str, list[str]]] = [
    ("Records", list(RECORD_KINDS)),
    ("Event types", list(EVENT_TYPES)),
    ("Entity kinds", [k for k in ENTITY_KINDS if k not in EVENT_TYPES]),
]
"""The kind filter's options, grouped (``exercise`` is listed once, with the event types: it keeps both)."""
