"""The shapes of query answers: plain pydantic models that render to JSON as they are."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class EntityRef(BaseModel):
    id: str
    name: str
    kind: str


class SourceRef(BaseModel):
    id: str
    publisher: str
    title: str
    author: str | None = None
    date: str | None = None
    url: str | None = None
    kind: str

    def citation(self) -> str:
        parts = [self.publisher, f"“{self.title}”"]
        if self.author:
            parts.insert(1, self.author)
        if self.date:
            parts.append(self.date)
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


class FactView(BaseModel):
    id: str
    subject: EntityRef
    predicate: str
    object: EntityRef | None = None
    value: Any = None
    qualifier: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    status: str
    dispute: str | None = None
    note: str | None = None
    origin: str = "curated"
    sources: list[SourceRef] = Field(default_factory=list)
    rivals: list[FactView] = Field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return self.dispute is not None or self.status == "disputed"


class Membership(BaseModel):
    state: EntityRef
    status: str
    since: str | None = None
    until: str | None = None
    fact: FactView


class ChairAnswer(BaseModel):
    at: date
    body: EntityRef
    chair: EntityRef | None = None
    fact: FactView | None = None


class OfficeHolding(BaseModel):
    office: EntityRef
    holder: EntityRef
    since: str | None = None
    until: str | None = None
    fact: FactView


class BodyView(BaseModel):
    body: EntityRef
    description: str | None = None
    composed_of: str | None = None
    headquarters: EntityRef | None = None
    since: str | None = None
    facts: list[FactView] = Field(default_factory=list)


class ParticipantView(BaseModel):
    entity: EntityRef
    role: str
    size: int | None = None
    note: str | None = None


class EventView(BaseModel):
    id: str
    type: str
    date: str
    end_date: str | None = None
    title: str
    summary: str | None = None
    place: EntityRef | None = None
    status: str
    participants: list[ParticipantView] = Field(default_factory=list)
    about: list[EntityRef] = Field(default_factory=list)
    dispute: str | None = None
    note: str | None = None
    origin: str = "curated"
    sources: list[SourceRef] = Field(default_factory=list)
    rivals: list[str] = Field(default_factory=list)


class TimelinePage(BaseModel):
    total: int
    offset: int
    limit: int
    events: list[EventView]


class EntityView(BaseModel):
    id: str
    kind: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    external_ids: dict[str, str] = Field(default_factory=dict)
    description: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)


class EntityReport(BaseModel):
    entity: EntityView
    facts: list[FactView]
    events: list[EventView]
    disputes: list[FactView]


class SearchHit(BaseModel):
    entity: EntityRef
    matched: str
    score: float


class Overview(BaseModel):
    at: date
    members: list[Membership]
    chair: ChairAnswer
    officials: list[OfficeHolding]
    bodies: list[BodyView]
    recent_events: list[EventView]
    counts: dict[str, int]
