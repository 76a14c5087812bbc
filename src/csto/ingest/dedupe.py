"""Merging the reports of one happening within a document into one event.

Two drafts are the same happening when they have the same type, compatible dates (equal at the
coarser precision) and a shared actor other than the organization itself; for statements, the same
speaker. Exercises, deployments, clashes, meetings and summits also merge across adjacent sentences
and within a paragraph; a statement with no named speaker ("He added ...") continues the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from csto.ingest.models import EventClaim, Span
from csto.periods import PartialDate, Precision


@dataclass
class Draft:
    """An event before merging: the claim plus what merging needs to know."""

    claim: EventClaim
    sentence: int
    paragraph: int
    explicit_date: bool
    precision: Precision | None = None
    merged: list[Span] = field(default_factory=list)
    pronoun: bool = False  # "He added ...": continues the last statement


@lru_cache(maxsize=4096)
def _parse(value: str) -> PartialDate:
    return PartialDate.parse(value)


def _compatible(a: Draft, b: Draft) -> bool:
    if a.claim.date is None or b.claim.date is None:
        return True
    return _dates_compatible(a.claim.date, b.claim.date)


@lru_cache(maxsize=4096)  # the same few dates are compared again and again within a document
def _dates_compatible(first: str, second: str) -> bool:
    left, right = _parse(first), _parse(second)
    precision = min(left.precision, right.precision)
    return _truncate(left, precision) == _truncate(right, precision)


def _truncate(value: PartialDate, precision: Precision) -> str:
    return str(value)[: {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}[precision]]


_new_object = object.__new__
_set_attribute = object.__setattr__
_GROUPED = {"exercise", "deployment", "armed_clash", "summit", "meeting", "withdrawal"}


def _same(a: Draft, b: Draft) -> bool:
    if a.claim.type != b.claim.type or not _compatible(a, b):
        return False
    if a.claim.about and b.claim.about and not set(a.claim.about) & set(b.claim.about):
        return False
    if b.claim.actor_ids.count("csto") == len(b.claim.actor_ids) and a.claim.type != "statement":  # only the CSTO
        return a.paragraph == b.paragraph
    if a.claim.type == "statement":
        if a.explicit_date and b.explicit_date and a.claim.date != b.claim.date:
            return False
        return a.claim.actor_ids[0] == b.claim.actor_ids[0]
    own = set(a.claim.actor_ids)
    own.discard("csto")
    if not own.isdisjoint(b.claim.actor_ids):  # a shared actor other than the CSTO
        return True
    if a.claim.type in _GROUPED and abs(a.sentence - b.sentence) == 1:
        return True
    return a.paragraph == b.paragraph and a.claim.type in _GROUPED


_SPEAKERS = {"person", "state", "organization", "body", "office", "force"}


def _updated(claim: EventClaim, update: dict[str, Any]) -> EventClaim:
    """``claim.model_copy(update=update)``: a shallow copy with ``update`` laid over its fields, which join the
    fields set, built directly rather than by pydantic's general path (``copy`` of each part)."""
    if claim.model_config.get("extra") == "allow" or claim.__pydantic_private__ is not None:
        return claim.model_copy(update=update)
    copied = _new_object(type(claim))
    extra = claim.__pydantic_extra__
    _set_attribute(copied, "__dict__", {**claim.__dict__, **update})
    _set_attribute(copied, "__pydantic_extra__", None if extra is None else dict(extra))
    _set_attribute(copied, "__pydantic_fields_set__", claim.__pydantic_fields_set__ | update.keys())
    _set_attribute(copied, "__pydantic_private__", None)
    return copied


def merge(drafts: list[Draft], kinds: dict[str, str] | None = None) -> list[Draft]:
    """Merge the reports of one happening within a document (same type, compatible dates, shared actors).

    A statement with no named speaker ("He added that ...") continues the previous statement.
    """
    kept: list[Draft] = []
    by_type: dict[str, list[Draft]] = {}  # kept drafts of each type, in order: only these can be the same
    kinds = kinds or {}
    for draft in drafts:
        statements = by_type.get("statement", [])
        target = statements[-1] if draft.pronoun and statements else None
        target = target or next((k for k in by_type.get(draft.claim.type, []) if _same(k, draft)), None)
        speakerless = (
            draft.claim.type == "statement"
            and not any(kinds.get(a) in _SPEAKERS and a != "csto" for a in draft.claim.actor_ids)
            and "csto" not in draft.claim.subjects  # "The CSTO press service said": the organization speaks
        )
        if target is None and speakerless and statements:
            target = statements[-1]
        if target is None:
            kept.append(draft)
            by_type.setdefault(draft.claim.type, []).append(draft)
            continue
        claim, other = target.claim, draft.claim
        ids = list(dict.fromkeys(claim.actor_ids + other.actor_ids))
        names = dict(zip(claim.actor_ids, claim.actors, strict=False)) | dict(
            zip(other.actor_ids, other.actors, strict=False)
        )
        better_date = (not target.explicit_date and draft.explicit_date) or (claim.date is None and other.date)
        target.claim = _updated(
            claim,
            {
                "actor_ids": ids,
                "actors": [names[i] for i in ids],
                "roles": other.roles | claim.roles,
                "about": list(dict.fromkeys(claim.about + other.about)),
                "place": claim.place or other.place,
                "place_id": claim.place_id or other.place_id,
                "confidence": round(min(0.95, max(claim.confidence, other.confidence) + 0.05), 2),
                **(
                    {"date": other.date, "end_date": other.end_date, "date_text": other.date_text}
                    if better_date
                    else {}
                ),
            },
        )
        if better_date:
            target.explicit_date = True
        target.merged.append(other.span)
    return kept
