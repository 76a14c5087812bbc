"""The records ingestion reads and writes: raw documents in, extractions out.

``Extraction`` is the ``csto extract --json`` contract (see ``docs/ingest.md``): every span is a
``[start, end)`` pair of character offsets into the document's text (the decoded file for text
formats, the extracted main text for HTML).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]


@dataclass(frozen=True)
class RawDocument:
    """One article as read, before cleaning: ``text`` or ``html`` plus optional metadata."""

    source: str
    text: str | None = None
    html: str | None = None
    fmt: str = "txt"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def content(self) -> str:
        return self.text if self.text is not None else (self.html or "")

    @property
    def digest(self) -> str:
        """SHA-256 of the content: the same article read twice has the same id."""
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReadProblem:
    """An input that was skipped, and why (``where`` is a path, ``path:line`` or ``<stdin>``)."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Item(Out):
    """One entry of a listing page (a news list, a search results page)."""

    span: Span
    title: str | None = None
    published: str | None = None


class DocumentInfo(Out):
    source: str
    id: str = Field(description="SHA-256 of the content")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(description="YYYY[-MM[-DD]] or null")
    published_confidence: float
    published_how: str = Field(description="metadata, header, byline, anchored, estimated or unknown")
    text_kind: str = Field(description="'source' (offsets into the file) or 'extracted' (into the main text)")
    extractor: str = Field(
        default="text", description="the stage that produced the text: text, trafilatura, fallback:lxml"
    )
    author: str | None = None
    length: int
    kept: list[Span] = Field(default_factory=list, description="text ranges kept after removing furniture")
    items: list[Item] = Field(default_factory=list)


class Mention(Out):
    entity: str
    name: str
    kind: str
    text: str
    span: Span
    status: str = Field(default="linked", description="linked (in the store) or proposed (a new entity)")
    match: str = Field(default="exact", description="exact, fuzzy, surname or pattern")
    score: float = 1.0
    role: str | None = None


class DateMention(Out):
    text: str
    span: Span
    value: str | None
    end: str | None = None
    relative: bool = False
    how: str = Field(default="absolute", description="absolute, relative, anchored, exercise or unresolved")


class EventClaim(Out):
    type: str
    date: str | None
    end_date: str | None = None
    date_text: str | None = None
    actors: list[str]
    actor_ids: list[str]
    place: str | None = None
    place_id: str | None = None
    status: str = "occurred"
    span: Span
    quote: str
    trigger: str | None = Field(default=None, description="the words that gave the event its type")
    subjects: list[str] = Field(default_factory=list, description="actor ids named before the trigger")
    confidence: float
    roles: dict[str, str] = Field(default_factory=dict, description="actor id -> participant role")
    about: list[str] = Field(default_factory=list, description="exercise, document or programme ids")


class Extraction(Out):
    document: DocumentInfo
    mentions: list[Mention]
    events: list[EventClaim]
    dates: list[DateMention] = Field(default_factory=list)
    new_entities: list[dict[str, str]] = Field(default_factory=list)
    text: str | None = None
