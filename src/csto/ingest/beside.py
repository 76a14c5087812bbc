"""Happenings a sentence reports beside its main event: the session or clash that sets its scene ("said at a
session of the Collective Security Council"), coordinated acts ("signed ... and held talks"), a dated decision
named in passing, and the meeting a statement was made at."""

from __future__ import annotations

import re

from csto.ingest.dates import find_dates
from csto.ingest.phrasing import DECISION_OF_DAY, SAID_AS_MET
from csto.ingest.timing import is_citation
from csto.ingest.triggers import Trigger, secondary_regions

_THEIR_SESSION = re.compile(
    r"\b(?:their|its|the\s+Council's|the\s+Council’s|the\s+leaders'|the\s+leaders’)\s+(?:[\w-]+\s+){0,2}$", re.I
)
_DECIDED_AFTER = re.compile(r"\band\s+(?:\w+\s+){0,2}(?:decided|agreed|approved|adopted|signed)\b", re.I)
# "an expanded meeting of the CSTO council": the leaders' council (not "the Council of Foreign Ministers")
_OF_THE_COUNCIL = re.compile(
    r"\s+of\s+(?:the\s+)?(?:CSTO\s+|organi[sz]ation's\s+|alliance's\s+|bloc's\s+)?council\b(?!\s+of\b)", re.I
)
_COORDINATED = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+|jointly\s+)?$", re.IGNORECASE)


def scene_events(
    body: str,
    triggers: list[Trigger],
    actors: list[tuple[str, str, int]],
    dated: bool,
    org_named: bool = False,
    main: Trigger | None = None,
    kinds: dict[str, str] | None = None,
) -> list[Trigger]:
    """A dated summit, meeting or clash that only sets the scene of the sentence is still reported by it;
    in an article about the organization, "their session" and "the alliance's summit" are its summits."""
    found: list[Trigger] = []
    if not any(not t.absent and (t.secondary or t.type == "summit") for t in triggers):
        return found  # every trigger is skipped below: none secondary, no summit beside the main event
    council = any(a[0] == "collective-security-council" for a in actors)
    other_body = any(a[0] in ("sco", "cis", "eaeu", "nato") for a in actors)
    ours = council or ((any(a[0] == "csto" for a in actors) or org_named) and not other_body)
    states = {a[0] for a in actors} - {"csto"}
    bodies = {a[0] for a in actors if (kinds or {}).get(a[0]) == "body"} - {"collective-security-council"}
    for trigger in triggers:
        if trigger.absent:
            continue
        word = body[trigger.start : trigger.end].lower()
        with_someone = False
        beside = trigger.type == "summit" and main is not None and main.type not in ("summit", "meeting")
        if not trigger.secondary and not beside:
            continue  # a primary trigger is the sentence's own event, unless a summit named beside it
        summit = (trigger.type == "summit" and ours) or (
            trigger.type == "meeting"
            and word in ("session", "meeting")
            and (
                council
                or (ours and _THEIR_SESSION.search(body[max(0, trigger.start - 40) : trigger.start]))
                or (ours and _OF_THE_COUNCIL.match(body, trigger.end))
            )
        )
        clash = trigger.type == "armed_clash" and len(states) >= 2
        meeting = trigger.type == "meeting" and (
            word.startswith("met")
            or (word in ("session", "sitting", "meeting") and bool(bodies))
            or (with_someone := word == "meeting" and body.startswith(" with ", trigger.end))
        )  # "at a session of the Council of Defence Ministers", "at a meeting with the Secretary General"
        if not (summit or clash or meeting):
            continue
        in_region = any(a < trigger.start < b for a, b in secondary_regions(body))
        if in_region and not clash and not with_someone:
            continue
        if not dated or any(t.type == trigger.type and not t.secondary and t != trigger for t in triggers):
            continue
        found.append(Trigger("summit" if summit else trigger.type, trigger.start, trigger.end, in_region))
    return found


def also_reported(body: str, main: Trigger, triggers: list[Trigger], text: str, offset: int) -> list[Trigger]:
    """Other happenings a sentence reports beside its main one."""
    extra: list[Trigger] = []
    if not main.end:
        return extra
    regions = secondary_regions(body)
    for other in triggers:
        if other.type in (main.type, "statement", "other") or other.type in {t.type for t in extra}:
            continue
        if other.type == "decision" and DECISION_OF_DAY.match(body, other.start):
            extra.append(other)  # "went to Kazakhstan under a decision of the Council adopted on January 6"
            continue
        if main.type == "statement" and other.type == "meeting" and not other.secondary:
            if SAID_AS_MET.search(body, 0, other.start) or (
                other.end <= main.start and ", and " in body[other.end : main.start]
            ):  # "said as he met the Secretary General", "received Bordyuzha on Monday, and his office said"
                extra.append(other)
            continue
        if main.type == "statement" and not other.secondary:
            continue
        if not other.secondary:
            left, right = sorted((main, other), key=lambda t: t.start)
            between = body[left.end : right.start]
            if (left.end <= right.start and _COORDINATED.search(between)) or (
                other.type in ("meeting", "summit") and left is other and _DECIDED_AFTER.search(between)
            ):
                extra.append(other)
            continue
        region = next(((a, b) for a, b in regions if a < other.start < b or 0 <= a - other.end <= 30), None)
        if region is None or other.type not in ("armed_clash", "exercise", "summit", "membership_change", "decision"):
            continue
        dated = [
            m
            for m in find_dates(body[region[0] : region[1]])
            if m.year is not None or m.month is not None or m.relative is not None
            if not is_citation(text, m)
        ]
        if dated:
            extra.append(other)
    return extra
