"""Events: one per sentence (or per dated clause) with a trigger and at least one linked actor.

The date is the date expression nearest the trigger; failing that, the year of a named exercise
edition, the previous sentence's date after "Then", and for statements the date of the paragraph or
of the article. Reports of one happening within a document are merged into one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise

from csto.ingest.beside import also_reported, scene_events
from csto.ingest.dates import DateExpr, Resolved, is_future
from csto.ingest.dedupe import Draft, merge
from csto.ingest.demonyms import DEMONYMS
from csto.ingest.linker import construct
from csto.ingest.models import EventClaim, Mention, Span
from csto.ingest.phrasing import (
    HIS_POST,
    SAID_BEFORE_IT,
    STILL_AHEAD,
    THE_DOCUMENT,
    THE_DOCUMENT_WORDS,
    THE_MEMBERS,
    THE_SAME_OPERATION,
    THEY_ACTED,
    YET_TO_COME,
)
from csto.ingest.scans import last_cut_end, may_name_demonym
from csto.ingest.timing import Base, Timeline, bounds_a_period, is_citation
from csto.ingest.triggers import Trigger, find_triggers, may_match, ranked, secondary_regions, status_of
from csto.periods import PartialDate, Precision

ACTOR_KINDS = {
    "state",
    "organization",
    "body",
    "office",
    "person",
    "force",
    "exercise",
    "document",
    "programme",
    "operation",
}
ABOUT_KINDS = {"exercise", "document", "programme", "operation"}
_INSTITUTION = (
    r"(?:side|delegation|authorities|government|leadership|leader|president|prime minister|military|army|troops|"
    r"ministry|department|defen[cs]e|foreign|officials?|forces|parliament|intelligence|security|border guards?|"
    r"contingents?|servicemen|peacekeepers|premier|head of state|embassy|envoy|representatives?|spokes\w+|"
    r"units|soldiers|paratroopers|aircraft|planes|air force|aides?|advis[eo]rs?|ministers?|chief|commander|general|"
    r"ambassador|diplomats?|sources?|deputy|head|secretary|press service|general staff|staff|committee|service)"
)
_DEMONYM = re.compile(r"\b(" + "|".join(DEMONYMS) + r")\s+(?:[a-z-]+\s+){0,2}" + _INSTITUTION + r"\b", re.IGNORECASE)
_DEMONYM_NOUN = re.compile(
    r"\ban?\s+(" + "|".join(DEMONYMS) + r")\b(?=\s*[,.;:]|\s+(?:as|to|in|for|on|at|was|is|who|whose|and|or)\b)",
    re.IGNORECASE,
)
# seats of government named for the state ("the Kremlin said")
_SEATS = {"kremlin": "russia", "white house": "united-states", "akorda": "kazakhstan"}
_SEAT = re.compile(r"\b(?:the\s+)?(Kremlin|White House|Akorda)\b")
_SEAT_WORD = re.compile(r"Kremlin|White House|Akorda")
_PAIR = re.compile(
    r"\b("
    + "|".join(DEMONYMS)
    + r")\s*[-–]\s*("
    + "|".join(DEMONYMS)
    + r")\s+(?:state\s+)?(border|frontier|conflict)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"^\W*(then|at that time|that day|the same day|later that day|earlier (?:that|the same) day|afterwards|after that|"
    r"later|"
    r"(?:hours|minutes|days|a day|a few hours|a few days) later|the next day|the following day)\b",
    re.I,
)
_NEXT_DAY = re.compile(r"^\W*(the next day|the following day|a day later)\b", re.I)
_PRESENT = re.compile(
    r"(?<!could )(?<!would )(?<!might )(?<!may )(?<!should )(?<!must )(?<!will )"
    r"\b(?:has|have)\s+(?:(?:already|now|just|also|reportedly)\s+)?(?:been\s+)?\w+(?:ed|en|wn|ne|lt|nt|ld|ught)\b"
    r"|\b(?:is|are)\s+(?:now\s+|currently\s+|also\s+)?(?:being\s+)?(?!going\b)\w{3,}ing\b",
    re.IGNORECASE,
)
# "will leave", "would also appeal": a future or conditional happening; without a date of its own it is no event.
_GOVERNED_FUTURE = re.compile(r"\b(?:will|would|shall|is going to|are going to)\s+(?:\w+\s+){0,2}$", re.I)
# "His appointment", "the meeting": a noun that refers back to a happening the article already reported.
_BACK_REFERENCE = re.compile(r"\b(?:his|her|their|its|the|this|that)\s+$", re.I)
_NOUN_TRIGGER = re.compile(
    r"^(?:appointment|meeting|session|summit|talks|decision|withdrawal|exercises?|drills?|visit|signing)$", re.I
)
_COMPATIBLE_TYPES = {"meeting": {"meeting", "summit"}, "summit": {"summit", "meeting"}}
# The organization an article about it names again without its name
_THE_ORGANIZATION = re.compile(
    r"\b(?:the|its)\s+(?:bloc|alliance|organi[sz]ation)\b|\btheir\s+(?:summit|session)\b|\bthe\s+member\s+states\b"
    r"|\b(?:the|a|an|this|last|next|annual|jubilee|informal)\s+(?:[\w-]+\s+)?summit\b",
    re.IGNORECASE,
)
# words that tie what was said to the session or meeting the article reports ("speaking at the summit")
_AT_THE_SCENE = re.compile(
    r"\b(?:at|after|during|following|on the sidelines of|at the end of|addressing|opening|closing)\s+"
    r"(?:the|a|its|their|this)\s+(?:[\w-]+\s+){0,3}"
    r"(?:summit|session|meeting|talks|press conference|briefing|sitting|gathering|council)\b"
    r"|\b(?:afterwards|there|that day|the same day)\b",
    re.IGNORECASE,
)
# what a report tells as background rather than as the day's news
_BACKGROUND = re.compile(
    r"\b(?:had|earlier|previously|before|once|ago|formerly|in the past|last year|years?|since|until|former|first)\b",
    re.IGNORECASE,
)
# between a speech verb and a date: the start of what was said, so the date is not the day of saying
_WHAT_WAS_SAID = re.compile(
    r"[,;.:“\"]|\b(?:that|had|has|have|was|were|would|will|is|are|to|about|regarding|concerning)\b", re.IGNORECASE
)
_SAME_DAY = re.compile(r"\s+(?:on\s+)?(?:that|the same) day\b", re.IGNORECASE)
_SAID_BEFORE = re.compile(
    r"\bhad\s+(?:\w+\s+)?(?:said|stated|announced|told|declared)\b|\b(?:earlier|previously)\b", re.I
)
_OURS = {"csto", "collective-security-council"}
_OUR_NAMES = {"csto": "CSTO", "collective-security-council": "Collective Security Council"}
_OTHER_BODIES = {"sco", "cis", "eaeu", "nato", "european-union", "united-nations", "osce", "brics", "g20"}
_SPEAKER_BEFORE, _SPEAKER_AFTER = 120, 60  # characters: where a statement's speaker is named around its verb
_GENERIC_SPEAKER = re.compile(
    r"\b(?:analysts|experts|observers|commentators|critics|media|newspapers?|reports|sources|diplomats|parties|"
    r"opposition|protesters|residents|activists|witnesses|journalists|reporters|bloggers|politicians)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_ITS_SUMMIT = re.compile(r"\b(?:alliance|bloc|organi[sz]ation)(?:'s|’s)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_COUNCIL_WORDS = [
    (re.compile(r"\bforeign ministers\b|\bministers of foreign affairs\b", re.I), "council-of-foreign-ministers"),
    (re.compile(r"\bdefen[cs]e ministers\b|\bministers of defen[cs]e\b", re.I), "council-of-defence-ministers"),
    (
        re.compile(r"\bsecurity council secretaries\b|\bsecretaries of (?:the\s+)?security councils\b", re.I),
        "committee-of-secretaries-of-security-councils",
    ),
]
_MINISTERIAL = {
    "council-of-foreign-ministers",
    "council-of-defence-ministers",
    "committee-of-secretaries-of-security-councils",
}
_CLAUSE_CUT = re.compile(r"[,;:]|\s(?:and|but|while|whereas)\s")
_BOTH = re.compile(r"\b(?:the\s+two|both)\s+(?:countries|sides)\b", re.I)
_CONTINUES = re.compile(
    r"^\W*(?:he|she)\s+(?:also\s+|further\s+)?\w+|[,”\"]\s*(?:he|she)\s+(?:also\s+)?\w+\s*\.?$", re.I
)
_NEWS_ITEM = 3000  # characters: a text this short is a news item, whose undated happenings are the day's news
_LEAD = 1500  # characters: a perfect tense in the lead is the day's news, deeper down it may be background
_PRONOUN = re.compile(r"^\W*(?:he|she)\s+(?:also\s+|further\s+)?\w+", re.IGNORECASE)
_SCENE_TYPES = {"summit", "meeting"}
_AT_SCENE = {"statement", "decision", "document_signed", "appointment", "request", "chairmanship"}
Scene = tuple[str | None, PartialDate, PartialDate | None]
_VAGUE = re.compile(r"\b(a few|several|some|many)\s+(days|weeks|months|years)\s+ago\b", re.I)
_PLACE_BEFORE = re.compile(r"\b(in|at|near|to|on the territory of|outside)\s+(?:the\s+)?(?:[\w-]+\s+){0,1}$", re.I)
_TYPE_CONFIDENCE = {
    "statement": 0.45,
    "other": 0.4,
    "decision": 0.5,
    "meeting": 0.55,
    "exercise": 0.55,
}


@dataclass
class Context:
    """What earlier sentences of the document tell later ones: the last speaker, when each speaker spoke,
    the states last named, and the types of the happenings already reported."""

    last_speaker: tuple[str, str, int] | None = None
    spoke: dict[str, tuple[str | None, PartialDate, PartialDate | None, int]] = field(default_factory=dict)
    states: list[tuple[str, str, int]] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)
    lead: int | None = None
    """The index of the report's first sentence (after its title and date lines)."""
    org_named: bool = False
    """Whether the organization has been named by now (so "the bloc" is the CSTO)."""
    council: str | None = None
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The document named last whose name holds each word ("treaty", "charter"): "the treaty" refers to it."""
    last_person: tuple[str, str, int] | None = None
    """The person named last ("approved his candidacy" is about them)."""
    operation: list[tuple[str, str, int]] = field(default_factory=list)
    """Who took part in the deployment, withdrawal or exercise reported last ("the withdrawal" refers to it)."""
    """The ministers' council named last ("the ministers" refers to it)."""


@dataclass
class Sentence:
    span: Span
    paragraph: int
    mentions: list[Mention]
    dates: list[tuple[DateExpr, Resolved]]


# Any demonym as a substring of the lower-cased sentence (one scan instead of one ``in`` test per demonym).
_DEMONYM_WORD = re.compile("|".join(DEMONYMS))


def _names_demonym(text: str, start: int, end: int) -> bool:
    return _DEMONYM_WORD.search(text[start:end].lower()) is not None


def _demonym_matches(text: str, start: int, end: int, pattern: re.Pattern[str] = _DEMONYM) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, start, end)`` yields (``_DEMONYM``, ``_PAIR``): tried only where a demonym
    starts (every match opens with one), when the lower-cased text keeps its positions (ASCII); otherwise by the
    plain scan."""
    piece = text[start:end]
    if not piece.isascii():
        return list(pattern.finditer(text, start, end))
    found: list[re.Match[str]] = []
    position = 0
    for word in _DEMONYM_WORD.finditer(piece.lower()):
        if word.start() < position:
            continue
        hit = pattern.match(text, start + word.start(), end)
        if hit is not None:
            found.append(hit)
            position = hit.end() - start
    return found


def _actors(text: str, sentence: Sentence, names: dict[str, str], kinds: dict[str, str]) -> list[tuple[str, str, int]]:
    """(id, name, offset) of the sentence's actors: linked mentions, then states named by demonyms."""
    actors: dict[str, tuple[str, str, int]] = {}
    for m in sentence.mentions:
        if m.kind in ACTOR_KINDS:
            actors.setdefault(m.entity, (m.entity, m.name, m.span[0]))
    start, end = sentence.span
    found: list[tuple[str, int]] = []
    if may_name_demonym(text[start:end]):  # most sentences name no state by its adjective
        found = [(m.group(1), m.start()) for m in _demonym_matches(text, start, end)]
        for match in _demonym_matches(text, start, end, _PAIR):
            found += [(match.group(1), match.start(1)), (match.group(2), match.start(2))]
        found += [(m.group(1), m.start(1)) for m in _DEMONYM_NOUN.finditer(text, start, end)]
    if _SEAT_WORD.search(text, start, end):
        found += [(_SEATS[m.group(1).lower()], m.start(1)) for m in _SEAT.finditer(text, start, end)]
    for word, position in found:
        state = DEMONYMS.get(word.lower(), word)
        if state in names and kinds.get(state) == "state":
            actors.setdefault(state, (state, names[state], position))
    return list(actors.values())


_NOT_SUBJECT = re.compile(r"\b(after|with|by|of|about|for|between|than)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)


def _speaker_first(
    text: str, kinds: dict[str, str], actors: list[tuple[str, str, int]], trigger_at: int
) -> list[tuple[str, str, int]]:
    """Put the speaker first: a person who is a subject (not after "after", "with" ...) nearest the verb, else
    the actor nearest the verb."""
    people = [
        a for a in actors if kinds.get(a[0]) == "person" and not _NOT_SUBJECT.search(text[max(0, a[2] - 30) : a[2]])
    ]
    pool = people or [a for a in actors if a[0] != "csto"]
    if not pool:
        return actors
    speaker = min(pool, key=lambda a: abs(a[2] - trigger_at))[0]
    return sorted(actors, key=lambda a: a[0] != speaker)


def _place(text: str, sentence: Sentence) -> Mention | None:
    for m in sentence.mentions:
        if m.kind == "place" and m.status == "linked":
            return m
    for m in sentence.mentions:
        if m.kind == "state" and _PLACE_BEFORE.search(text[max(0, m.span[0] - 40) : m.span[0]]):
            return m
    return None


def _nearest(
    trigger_at: int, text: str, dates: list[tuple[DateExpr, Resolved]], trigger_end: int | None = None
) -> tuple[DateExpr, Resolved] | None:
    """The date nearest the trigger; one that directly follows it ("left the CSTO once in 1999") wins over an
    earlier one in an apposition ("one of the founders in 1992, had already left")."""
    usable = [(e, r) for e, r in dates if not is_citation(text, e)]
    if not usable:
        return None
    if trigger_end is not None:
        following = [(e, r) for e, r in usable if 0 <= e.start - trigger_end <= 40]
        if following:
            return min(following, key=lambda pair: pair[0].start)
    return min(usable, key=lambda pair: abs(pair[0].start - trigger_at))


def _role(kind: str, event_type: str) -> str:
    if kind == "state" and event_type == "document_signed":
        return "signatory"
    if kind == "person" and event_type == "statement":
        return "speaker"
    if kind == "person" and event_type == "appointment":
        return "appointee"
    return "participant"


def _clauses(text: str, sentence: Sentence) -> list[Sentence]:
    """A sentence that lists several dated happenings ("in 2001 ..., in 2007 ..., and in 2009 ...") split in clauses."""
    if len(sentence.dates) < 2:
        return [sentence]  # fewer than two dates: fewer than two dated ones (below)
    dated = [d for d in sentence.dates if d[1].value is not None and not is_citation(text, d[0])]
    if len(dated) < 2:
        return [sentence]
    start, end = sentence.span
    cuts = [start]
    splitter = r",\s+(?:and\s+)?(?=in\s+(?:19|20)\d\d)|;\s+|\s+but then\s+|\s+and then\s+"
    splitter += r"|(?:,|\s+and)\s+(?=(?:\w+\s+){0,2}in\s+(?:19|20)\d\d)"
    splitter += (
        r"|\s+(?:and|but)\s+(?=(?:\w+\s+)?(?-i:[a-z]+ed)\b[^,;]*?\b(?:in|on|of|since)\s+"
        r"(?:[A-Z][a-z]+\s+\d{1,2},?\s+)?(?:19|20)\d\d)"
    )
    for match in re.finditer(splitter, text[start:end]):
        cuts.append(start + match.start())
    cuts.append(end)
    pieces = [(a, b) for a, b in pairwise(cuts) if b > a]
    with_dates = [p for p in pieces if any(p[0] <= d[0].start < p[1] for d in dated)]
    if len(pieces) < 2 or len(with_dates) < 2:
        return [sentence]
    out = []
    for a, b in pieces:
        out.append(
            Sentence(
                (a, b),
                sentence.paragraph,
                [m for m in sentence.mentions if a <= m.span[0] < b],
                [d for d in sentence.dates if a <= d[0].start < b],
            )
        )
    return out


def _earlier(
    previous: dict[int, tuple[str, Resolved, int]], index: int, paragraph: int | None
) -> tuple[str, Resolved, int] | None:
    """The last dated sentence before ``index`` (in the same paragraph, unless ``paragraph`` is None)."""
    found = [k for k, v in previous.items() if k < index and (paragraph is None or v[2] == paragraph)]
    return previous[max(found)] if found else None


def _exercise_year(actor_ids: list[str], kinds: dict[str, str]) -> int | None:
    for entity in actor_ids:
        match = re.search(r"-((?:19|20)\d\d)$", entity)
        if match and kinds.get(entity) == "exercise":
            return int(match.group(1))
    return None


def extract_events(
    text: str,
    sentences: list[Sentence],
    timeline: Timeline,
    names: dict[str, str],
    kinds: dict[str, str],
    skip: list[Span],
) -> list[EventClaim]:
    """The document's events, merged across sentences."""
    drafts: list[Draft] = []
    previous_date: dict[int, tuple[str, Resolved, int]] = {}
    scene: list[Scene] = []
    context = Context()
    for index, whole in enumerate(sentences):
        if any(a <= whole.span[0] and whole.span[1] <= b for a, b in skip):
            continue
        if context.lead is None:
            context.lead = index
        context.org_named = context.org_named or any(m.entity == "csto" for m in whole.mentions)
        pieces = _clauses(text, whole)
        # a sentence read whole: its actors, found once for its event and for the states it names
        whole_actors = _actors(text, whole, names, kinds) if len(pieces) == 1 and pieces[0] is whole else None
        inherited_actors: list[tuple[str, str, int]] = []
        if whole.dates and THE_SAME_OPERATION.match(text, whole.span[0]):
            inherited_actors = context.operation  # "The step-by-step withdrawal started on January 13."
        inherited_type: str | None = None
        for piece in pieces:
            found = _event(
                text,
                piece,
                index,
                timeline,
                names,
                kinds,
                previous_date,
                inherited_actors,
                inherited_type,
                scene,
                context,
                whole_actors,
            )
            for draft in found:
                drafts.append(draft)
                claim = draft.claim
                context.reported.add(claim.type)
                if claim.type in ("deployment", "withdrawal", "exercise") and claim.actor_ids:
                    named = zip(claim.actor_ids, claim.actors, strict=False)
                    context.operation = [(a, n, piece.span[0]) for a, n in named]
                if claim.type in _SCENE_TYPES and draft.explicit_date and claim.date and len(claim.date) == 10:
                    until = PartialDate.parse(claim.end_date) if claim.end_date else None
                    scene.append((claim.date_text, PartialDate.parse(claim.date), until))
            if found:
                draft = found[0]
                if not inherited_actors:
                    inherited_actors = [
                        (a, n, piece.span[0]) for a, n in zip(draft.claim.actor_ids, draft.claim.actors, strict=False)
                    ]
                    inherited_type = draft.claim.type
        for m in whole.mentions:
            if m.kind == "document":
                for word in THE_DOCUMENT_WORDS & set(names.get(m.entity, m.text).lower().split()):
                    context.documents[word] = (m.entity, names.get(m.entity, m.text))
        people = [m for m in whole.mentions if m.kind == "person"]
        if people:
            context.last_person = (people[-1].entity, names.get(people[-1].entity, people[-1].text), people[-1].span[0])
        if any(m.kind == "state" for m in whole.mentions) or _names_demonym(text, *whole.span):
            actors = whole_actors if whole_actors is not None else _actors(text, whole, names, kinds)
            states = [a for a in actors if kinds.get(a[0]) == "state"]
            context.states = states or context.states
        dated = [
            d
            for d in whole.dates
            if d[1].value is not None and d[1].value.precision >= Precision.MONTH and not is_citation(text, d[0])
        ]
        if dated:
            previous_date[index] = (dated[-1][0].text, dated[-1][1], whole.paragraph)
    return [d.claim for d in merge(drafts, kinds)]


def _event(
    text: str,
    sentence: Sentence,
    index: int,
    timeline: Timeline,
    names: dict[str, str],
    kinds: dict[str, str],
    previous_date: dict[int, tuple[str, Resolved, int]],
    inherited: list[tuple[str, str, int]],
    inherited_type: str | None = None,
    scene: list[Scene] | None = None,
    context: Context | None = None,
    own_actors: list[tuple[str, str, int]] | None = None,
) -> list[Draft]:
    """The sentence's events: the main one, others it reports in coordinated clauses ("signed ... and held
    talks"), a dated happening in a relative clause ("that led to clashes in September 2022"), and the
    summit or clash that sets its scene ("said at a session of the Collective Security Council")."""
    context = context or Context()
    start, end = sentence.span
    body = text[start:end]
    actors = (own_actors if own_actors is not None else _actors(text, sentence, names, kinds)) or inherited
    if context.org_named or any(a[0] == "csto" for a in actors):
        actors = actors + _councils(body, start, names, {a[0] for a in actors})
        plural = THE_MEMBERS.search(body)
        if (plural and all(a[2] - start > plural.start() for a in actors)) or (
            plural and SAID_BEFORE_IT.search(body, 0, plural.start())  # "Makei said the ministers had signed"
        ):
            # "The ministers decided", "the presidents adopted" (names after it are what they acted on): the
            # council named last, or the leaders' council
            council = context.council if plural.group(1).lower() == "ministers" else "collective-security-council"
            if council is not None and council in names and all(a[0] != council for a in actors):
                actors = [(council, names[council], start + plural.start()), *actors]
        elif (
            (they := THEY_ACTED.search(body))
            and context.council in names
            and all(a[0] != context.council for a in actors)
        ):
            actors = [(context.council, names[context.council], start + they.start()), *actors]
        context.council = next((a[0] for a in actors if a[0] in _MINISTERIAL), context.council)
    whose = HIS_POST.search(body) if context.last_person is not None else None
    if whose and context.last_person and not any(kinds.get(a[0]) == "person" for a in actors):
        actors = [*actors, (context.last_person[0], context.last_person[1], start + whose.start())]  # "his candidacy"
    if not actors and (named := THE_DOCUMENT.search(body)) and named.group(1).lower() in context.documents:
        entity, name = context.documents[named.group(1).lower()]  # "The treaty was signed in Tashkent in 1992"
        actors = [(entity, name, start + named.start())]
    if not actors and _BOTH.search(body):
        actors = context.states
    if not actors and context.last_speaker is not None and _CONTINUES.search(body):
        actors = [context.last_speaker]  # "The decision is final, he said.": the last speaker speaks
    if not actors and context.org_named and (named := _THE_ORGANIZATION.search(body)):
        actors = [("csto", names.get("csto", "CSTO"), start + named.start())]  # "the bloc's summit", "their session"
    if not actors:
        return []  # no participant named: no event, and no need to look for its words
    blocked = [(m.span[0] - start, m.span[1] - start) for m in sentence.mentions]
    triggers = find_triggers(body, blocked)
    dated = bool(sentence.dates)
    candidates = [t for t in ranked(triggers, body) if not _refers_back(body, t, context, dated)]
    if not candidates and inherited_type is not None:
        candidates = [Trigger(inherited_type, 0, 0, False)]
    speech = [t for t in triggers if t.type == "statement" and not t.secondary]
    speaker = _speaker_first(text, kinds, actors, start + speech[0].start)[0] if speech else None
    if speaker is not None and kinds.get(speaker[0]) != "person":
        speaker = None
    drafts: list[Draft] = []
    main: Trigger | None = None
    for trigger in candidates:
        if trigger.type == "statement":
            same = [t for t in triggers if t.type == "statement" and not t.secondary] or [trigger]
            trigger = min(same, key=lambda t: min(abs(start + t.start - a[2]) for a in actors))
        draft = _draft(text, sentence, index, timeline, kinds, previous_date, actors, trigger, triggers, scene, context)
        if draft is not None:
            drafts.append(draft)
            main = trigger
            break
    extras = also_reported(body, main, triggers, text, start) if main is not None else []
    told_as_news = len(text) <= _NEWS_ITEM and start < _LEAD  # "briefed reporters after the meeting of ..."
    scenes = scene_events(body, triggers, actors, dated or told_as_news, context.org_named, main, kinds)
    extras += [t for t in scenes if t not in extras]
    if main is not None and main.type != "statement" and speech and not main.start <= speech[0].start < main.end:
        # "The heads of state extended his mandate, Atambayev said": the saying is reported as well as the act
        # (not when the act's own word is the speech verb: "confirmed the general in the post")
        extras.append(speech[0])
    for other in extras:
        cast = actors
        if other.type == "summit" and not {a[0] for a in actors} & {"csto", "collective-security-council"}:
            cast = [*actors, ("csto", names.get("csto", "CSTO"), start + other.start)]  # "their session"
        draft = _draft(text, sentence, index, timeline, kinds, previous_date, cast, other, triggers, scene, context)
        if draft is not None and draft.claim.type not in {d.claim.type for d in drafts}:
            drafts.append(draft)
    if speaker is not None:
        context.last_speaker = speaker
        spoken = next((d for d in drafts if d.explicit_date and d.claim.date and len(d.claim.date) == 10), None)
        if spoken is not None:
            claim = spoken.claim
            assert claim.date is not None
            until = PartialDate.parse(claim.end_date) if claim.end_date else None
            context.spoke[speaker[0]] = (claim.date_text, PartialDate.parse(claim.date), until, index)
    return drafts


def _refers_back(body: str, trigger: Trigger, context: Context, dated: bool) -> bool:
    """A noun that names a happening already reported ("His appointment was announced", "hosted the meeting")."""
    if dated:  # first: the tests below read nothing else, and this costs nothing
        return False
    word = body[trigger.start : trigger.end]
    if not _NOUN_TRIGGER.match(word) or not _BACK_REFERENCE.search(body[: trigger.start]):
        return False
    return bool(_COMPATIBLE_TYPES.get(trigger.type, {trigger.type}) & context.reported)


def _draft(
    text: str,
    sentence: Sentence,
    index: int,
    timeline: Timeline,
    kinds: dict[str, str],
    previous_date: dict[int, tuple[str, Resolved, int]],
    actors: list[tuple[str, str, int]],
    trigger: Trigger,
    triggers: list[Trigger],
    scene: list[Scene] | None = None,
    context: Context | None = None,
) -> Draft | None:
    context = context or Context()
    start, end = sentence.span
    body = text[start:end]
    low = body.lower() if body.isascii() else None  # for ``may_match``: a pattern none of whose words it holds
    event_type = trigger.type
    if trigger.absent:
        actors = [a for a in actors if a[2] > start + trigger.start]
        if not actors:
            return None
    if event_type == "meeting" and any(a[0] == "collective-security-council" for a in actors):
        event_type = "summit"
    named = {a[0] for a in actors}
    ours = event_type == "summit" and _ITS_SUMMIT.search(body, max(0, trigger.start - 30), trigger.start) is not None
    if event_type == "summit" and context.org_named and not named & _OURS and (ours or not named & _OTHER_BODIES):
        actors = [*actors, ("csto", "CSTO", start + trigger.start)]  # "the summit in Astana", the CSTO's
        named.add("csto")
    if event_type == "summit" and named & _OURS and not named >= _OURS:
        # a summit of the organization is a session of its Collective Security Council, and the reverse
        missing = next(iter(_OURS - named))
        actors = [*actors, (missing, _OUR_NAMES[missing], start + trigger.start)]
    if event_type == "statement":
        continues = _PRONOUN.match(body) or _CONTINUES.search(body[: trigger.end])
        last = context.last_speaker
        if continues and last is not None and not any(kinds.get(a[0]) == "person" for a in actors):
            actors = [(last[0], last[1], start + trigger.start), *[a for a in actors if a[0] != last[0]]]
        actors = _speaker_first(text, kinds, actors, start + trigger.start)
        verb_at = start + trigger.start
        near = (verb_at - _SPEAKER_BEFORE <= a[2] <= verb_at + _SPEAKER_AFTER for a in actors[:1])
        if not continues and not any(near):
            return None  # nobody the store knows is saying it ("Kommersant called the rule ...")
        if may_match(_GENERIC_SPEAKER, low) and _GENERIC_SPEAKER.search(text, max(start, verb_at - 30), verb_at):
            return None  # "analysts said", "local media reported"
    actor_ids = [a for a, _, _ in actors]
    dates = sentence.dates
    regions = [(start + a, start + b) for a, b in secondary_regions(body)]
    if not trigger.secondary:
        dates = [d for d in dates if not any(a <= d[0].start < b for a, b in regions)]
    else:
        inside = [(a, b) for a, b in regions if a < start + trigger.start < b or 0 <= a - (start + trigger.end) <= 30]
        own = [d for d in dates if inside and inside[0][0] <= d[0].start < inside[0][1]]
        dates = own or dates
    if event_type == "statement":
        said_when = [
            d
            for d in dates
            if 0 <= d[0].start - (start + trigger.end) <= 80
            and not _WHAT_WAS_SAID.search(text[start + trigger.end : d[0].start])
        ]
        # "announced at the Council's session in Bishkek on Thursday": the day of saying follows the verb
        dates = said_when[:1] or [
            d
            for d in dates
            if d[0].start < start + trigger.start
            or (  # not a day inside what was said ("said the pull-out would start on Thursday")
                d[0].start <= start + trigger.end + 30
                and not _WHAT_WAS_SAID.search(text, start + trigger.end, d[0].start)
            )
        ]
        cut = body.rfind(",", 0, trigger.start)
        clause = body[cut + 1 : trigger.start] if cut >= 0 else ""
        if (
            not _SAME_DAY.match(body, trigger.end)
            and len(body) - trigger.end < 45
            and cut >= 0
            and len(clause) < 80
            and not re.match(r"\s*(?:and|but|then)\b", clause)
        ):
            # "<what was said>, X said on Friday": the dates of what was said are not the day of saying it
            dates = [d for d in dates if d[0].start >= start + cut]
    # "a plan for 2026-2030", "until 2030": the period something covers is not when it happened
    dates = [d for d in dates if not bounds_a_period(text, d[0].start)]
    if event_type in ("decision", "document_signed", "appointment"):
        dates = [d for d in dates if d[0].kind != "year_range"]  # "a plan of main actions in 2006-2010"
    said = _clause(body, trigger.start, trigger.end)  # "has been appointed … and will take up the post"
    if event_type != "statement" and dates and not is_future(said):
        # "... and will take up his duties on January 1": that day is not the appointing
        dates = [d for d in dates if not is_future(_clause(body, d[0].start - start, d[0].start - start))]
    nearest = _nearest(start + trigger.start, text, dates, start + trigger.end)
    value: PartialDate | None = None
    until: PartialDate | None = None
    date_text: str | None = None
    explicit = False
    if nearest is not None and nearest[1].value is not None:
        value, until, date_text, explicit = nearest[1].value, nearest[1].end, nearest[0].text, True
    elif nearest is None and not (may_match(_VAGUE, low) and _VAGUE.search(body)):
        year = _exercise_year(actor_ids, kinds) if event_type in ("exercise", "deployment", "decision") else None
        day = timeline.base_at(start)
        if year is not None and day.confident and day.value is not None and day.value.year == year:
            year = None  # "Tajikistan is sending soldiers to Rubezh-2012" in a report of 2012: the report's day
        if year is not None:
            value = PartialDate(year)
        elif _ANAPHOR.match(body) and (earlier := _earlier(previous_date, index, None)):
            date_text, resolved, _ = earlier
            value, until = resolved.value, resolved.end
            if value is not None and _NEXT_DAY.match(body) and value.precision is Precision.DAY:
                value, until = PartialDate.parse(value.earliest + timedelta(days=1)), None
        elif event_type == "statement":
            spoke = context.spoke.get(actor_ids[0]) if actor_ids else None
            at = _scene_date(scene, timeline.base_at(start))  # the session's, when the saying was "at the session"
            at = at if at is not None and _AT_THE_SCENE.search(body) else None
            if spoke is not None and 0 < index - spoke[3] <= 2:
                date_text, value, until = spoke[0], spoke[1], spoke[2]
            elif may_match(_SAID_BEFORE, low) and _SAID_BEFORE.search(body[: trigger.end + 20]):
                value = None  # "had said earlier": said before the report, on a day it does not give
            else:
                date_text, value, until = at if at is not None else (None, timeline.base_at(start).value, None)
        elif index - 1 in previous_date and previous_date[index - 1][2] == sentence.paragraph:
            date_text, resolved, _ = previous_date[index - 1]
            value, until = resolved.value, resolved.end
        elif event_type in _AT_SCENE and (at := _scene_date(scene, timeline.base_at(start))) is not None:
            date_text, value, until = at
        elif event_type != "other" and start < _LEAD and _PRESENT.search(body):
            value = timeline.base_at(start).value
        elif event_type != "other" and index == context.lead and _day_known(timeline.base_at(start)):
            value = timeline.base_at(start).value  # the lead of a dated report tells the day's news
        elif (
            event_type != "other"
            and len(text) <= _NEWS_ITEM
            and _day_known(timeline.base_at(start))
            and not _BACKGROUND.search(_main_clause(body))
        ):
            value = timeline.base_at(start).value  # an undated happening a dated report tells as news is the day's
    if event_type == "other" and value is None:
        return None
    # "will take over on 1 January" is planned; "told parliament on Wednesday that Armenia will leave" is not an
    # event: its only date is the day of saying it
    governed = may_match(_GOVERNED_FUTURE, low) and _GOVERNED_FUTURE.search(
        body[max(0, trigger.start - 40) : trigger.start]
    )
    own_date = explicit and nearest is not None and nearest[0].start >= start + trigger.start
    if event_type != "statement" and governed and not own_date:
        return None
    subjects = [a for a, _, at in actors if at < start + trigger.start] if trigger.end else []
    if event_type == "chairmanship":
        receiving = [a for a, _, at in actors if re.search(r"\bto\s+(?:the\s+)?$", text[max(0, at - 8) : at])]
        if receiving and kinds.get(receiving[0]) == "state":
            subjects = receiving[:1]
    if event_type == "armed_clash" and not any(kinds.get(a) == "state" for a in actor_ids):
        return None
    place = _place(text, sentence)
    base = timeline.base_at(start)
    # a happening dated after the report was filed is still to come, whatever the tense
    future = event_type != "statement" and (  # a statement's status does not read it
        is_future(said)
        or YET_TO_COME.search(body, max(0, trigger.start - 40), trigger.start) is not None
        or STILL_AHEAD.match(body, trigger.end) is not None
        or (value is not None and base.confident and base.value is not None and value.earliest > base.value.latest)
    )
    confidence = _TYPE_CONFIDENCE.get(event_type, 0.6) + (0.2 if explicit else 0.0) + (0.1 if len(actors) > 1 else 0.0)
    confidence += 0.05 if place else 0.0
    confidence -= 0.15 if trigger.secondary else 0.0
    claim = construct(  # built from checked parts, as the linker builds its mentions
        EventClaim,
        {
            "type": event_type,
            "date": str(value) if value else None,
            "end_date": str(until) if until else None,
            "date_text": date_text,
            "actors": [n for _, n, _ in actors],
            "actor_ids": actor_ids,
            "place": place.name if place else None,
            "place_id": place.entity if place else None,
            "status": "occurred" if event_type == "statement" else status_of(said, event_type, future),
            "span": (start, end),
            "quote": body,
            "trigger": body[trigger.start : trigger.end] or None,
            "subjects": subjects,
            "confidence": round(max(0.1, min(0.95, confidence)), 2),
            "roles": {a: _role(kinds.get(a, ""), event_type) for a in actor_ids},
            "about": [a for a in actor_ids if kinds.get(a) in ABOUT_KINDS],
        },
    )
    pronoun = event_type == "statement" and not subjects and bool(_PRONOUN.match(body))
    return Draft(claim, index, sentence.paragraph, explicit, value.precision if value else None, pronoun=pronoun)


def _clause(body: str, start: int, end: int) -> str:
    """The clause of the sentence that holds ``body[start:end]`` (cut at commas, semicolons, colons, "and",
    "but"): what it says of the time of a trigger or a date."""
    start = max(0, start)
    left = last_cut_end(_CLAUSE_CUT, body, start)  # max((m.end() for m in finditer(body, 0, start)), default=0)
    right = _CLAUSE_CUT.search(body, max(start, end))
    return body[left : right.start() if right else len(body)]


def _day_known(base: Base) -> bool:
    """The report's day is stated, or estimated to the day (the stored happening it reports, say)."""
    return base.confident or (base.value is not None and base.value.precision is Precision.DAY)


def _main_clause(body: str) -> str:
    """The sentence without its relative and participial clauses (", who was … until last October")."""
    regions = secondary_regions(body)
    if not regions:
        return body
    kept, at = [], 0
    for a, b in regions:
        kept.append(body[at:a])
        at = max(at, b)
    return "".join(kept) + body[at:]


def _councils(body: str, start: int, names: dict[str, str], have: set[str]) -> list[tuple[str, str, int]]:
    """The organization's councils named by their members ("the foreign ministers", "defence ministers of
    the CSTO countries", "security council secretaries") in an article about the organization."""
    found: list[tuple[str, str, int]] = []
    low = body.lower() if body.isascii() else None
    for pattern, body_id in _COUNCIL_WORDS:
        match = pattern.search(body) if may_match(pattern, low) else None
        if match and body_id in names and body_id not in have:
            found.append((body_id, names[body_id], start + match.start()))
    return found


def _scene_date(scene: list[Scene] | None, base: Base) -> Scene | None:
    """The day of the meeting or session the article reports, if it is recent (statements made at it)."""
    if not scene or not base.confident:
        return None
    text, value, until = scene[-1]
    published = base.value
    if published is None or published.precision is not Precision.DAY:
        return None
    if not 0 <= (published.earliest - value.earliest).days <= 7:
        return None
    return text, value, until
