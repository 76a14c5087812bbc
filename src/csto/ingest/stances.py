"""Position claims proposed from statements: who takes which stance on which topic (issue 16, point 1).

A statement event (its sentence, speaker, date and source) is read for **cues**: words that name a
topic of the positions vocabulary (``csto.dataset.positions.Topic``) and words that carry a
polarity. A claim is proposed only when a topic cue and a polarity cue stand in the same sentence;
a sentence with no polarity cue (a plain report of what was said) proposes nothing. The method, the
cue lists and the figures on the curated claims are in ``docs/alignment.md`` ("Positions proposed by
ingestion").

- **Topic.** Each polarity cue goes to the nearest specific topic cue of its clause; failing that, to
  the Organization itself (``csto-worth``) when the clause names it; then to the nearest specific cue
  of the sentence; then to ``csto-worth`` when the sentence names the Organization.
- **Sign.** A cue's polarity times the *orientation* of its topic cue: most topic cues point toward
  the Organization's line (+1), some away from it (a Western base, Ukraine's territorial integrity,
  Baku's side of the Karabakh conflict, the Taliban: −1), so "opposed a US base" counts for the
  Organization's line and "backed Ukraine's territorial integrity" against it.
- **Negation** ("not", "no longer", "never", "failed to", "does not see … as") flips the first
  polarity cue after it, within six words and the same clause.
- **Hedges** ("may", "perhaps", "partly", "if", "unless", "considering") lower the magnitude by one.
- **Magnitude.** The net weight of the cues of a topic: 1 for one mild cue, 2 for a strong cue or
  several; cues of both signs that cancel give 0 (ambivalent), proposed only when both are present.

The **holder** is the state the speaker speaks for on the statement's day (``Speakers.holder``):
the state itself; a person's ``position`` fact in force (official), else a person's CSTO office
(speaking for the Organization, not a member: no claim), else their ``nationality`` (unofficial);
for a person the store does not know, the demonym of their title ("Armenian Foreign Minister") or,
for a government title with no demonym, the only state the sentence names (lower confidence).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from csto.dataset.positions import MAX_QUOTE_WORDS, Topic
from csto.periods import DateError, PartialDate

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csto.ingest.models import EventClaim, Mention

# -- cues -------------------------------------------------------------------------------------------

_ORG = (
    r"csto|odkb|otsc|the organi[sz]ation|the bloc|the alliance|(?:collective security |defen[cs]e |security )?treaty"
    r"|the pact|military alliance|defen[cs]e pact|collective security"
)

TOPIC_CUES: dict[Topic, list[tuple[str, int]]] = {
    Topic.CSTO_WORTH: [(_ORG, 1)],
    Topic.MEMBERSHIP: [
        (
            r"membership|participation in|(?:its|their|our) participation|member(?:s)? of the|rejoin\w*|re-?entry"
            r"|ratif\w+|accession|dues|(?:financial |budget )?contributions?|the budget"
            r"|(?:stay|remain)\w* (?:in|within)"
            r"|withdr[ae]w\w* from|withdrawal|leav\w+ the|left the|quit\w*|exit\w*|freez\w+|froze\w*|suspen\w+"
            r"|sign\w* the (?:[\w-]+ ){0,3}(?:treaty|charter|protocol)|prolong\w*|readmi\w+",
            1,
        ),
    ],
    Topic.COLLECTIVE_ASSISTANCE: [
        (
            r"collective (?:assistance|defen[cs]e|response)|mutual (?:assistance|defen[cs]e)|article 4"
            r"|allied obligations"
            r"|(?:its|their|allied) obligations|assistance|help|aid|intervene\w*|intervention|peacekeep\w+ (?:to|in)"
            r"|send\w* (?:troops|forces|peacekeepers)|deploy\w* (?:troops|forces|peacekeepers)|troops to"
            r"|internal (?:affair|matter|crisis|conflict)\w*|come to \w+ (?:aid|rescue)|react\w*|response|reaction",
            1,
        ),
    ],
    Topic.UKRAINE_WAR: [
        (r"special military operation|donbas+|donetsk|luhansk|lugansk|russia's war|russian offensive", 1),
        (
            r"ukraine's (?:territorial integrity|sovereignty)|territorial integrity of ukraine|kyiv|zelensk\w+"
            r"|sanctions against russia",
            -1,
        ),
        (r"ukrain\w*|crimea", 1),
    ],
    Topic.KARABAKH: [
        (
            r"armenia's (?:territorial integrity|sovereign(?:ty| territory)|borders?)|territorial integrity of armenia"
            r"|armenian territory|artsakh",
            1,
        ),
        (r"azerbaijan\w*|baku|aliyev|turk(?:ey|ic)", -1),
        (r"karabakh|lachin|syunik|armenian-azerbaijani|the border (?:crisis|clashes)", 1),
    ],
    Topic.AFGHANISTAN: [
        (r"taliban|terroris\w+|drug trafficking|extremis\w+|militants", -1),
        (r"afghan\w*|tajik-afghan", 1),
    ],
    Topic.RUSSIA_LEADERSHIP: [
        (
            r"russia's (?:role|leadership|dominance)|moscow's (?:role|leadership|dominance)|leading role|imperial\w*"
            r"|big brother|(?:strategic )?(?:partnership|alliance|ties|relations) with (?:russia|moscow)"
            r"|the kremlin|russian-led|moscow-led|russia-led",
            1,
        ),
    ],
    Topic.EXPANSION: [
        (
            r"observer status|partner status|new members?|enlarg\w+|expan\w+ of the|widening|candidate"
            r"|dialogue with china|china",
            1,
        ),
    ],
    Topic.WESTERN_TIES: [
        (
            r"nato|north atlantic|united states|u\.s\.|american|washington|pentagon|the west\b|western"
            r"|european union|\beu\b|osce|foreign (?:military )?bases?|third[- ]country bases|manas"
            r"|transit cent(?:er|re)",
            -1,
        ),
    ],
    Topic.INTEGRATION: [
        (
            r"exercises?|drills?|manoeuvres|maneuvers|joint (?:forces|staff|command)|collective (?:forces|rapid)"
            r"|rapid (?:reaction|deployment)|crrf|air defen[cs]e|weapons|arms|military[- ]technical|aviation"
            r"|peacekeeping forces|forces agreement|military (?:integration|cooperation)|armed forces",
            1,
        ),
    ],
}
"""Words that name each topic, with their orientation: +1 toward the Organization's line, −1 away from it."""

_LEAVE = (
    r"(?:leav\w+|left|quit\w*|exit\w*|withdr[ae]w\w*)"
    r"(?= (?:from )?(?:the |its )?(?:csto|odkb|organi[sz]ation|bloc|alliance|treaty|pact|membership|it)\b)"
)

POLARITY_CUES: list[tuple[str, int]] = [
    # phrases first: they hold words that alone would say something else
    (r"ask\w* (?:\w+ ){0,4}for (?:help|assistance|support)|appeal\w* for|request\w* (?:\w+ )?(?:help|assistance)", 2),
    (r"stay\w* (?:away|out)|kept away", -2),
    (r"no (?:plans|intention) to (?:leave|quit|exit|withdraw)|not (?:considering|planning) (?:leaving|to leave)", 2),
    (rf"{_LEAVE}|(?:its|their|the) (?:exit|withdrawal)", -2),
    (r"took part|take part|attend\w*", 1),
    # strongly for
    (
        r"strengthen\w*|reinforc\w+|cornerstone|indispensable|reliable|guarantor|proved itself|authoritative"
        r"|effective\b|committed|commitment|loyal\w*|deepen\w*|unwavering|vital|ratif\w+|rejoin\w*|welcom\w+"
        r"|prais\w+|hail\w*|(?:fully |strongly )?support\w*(?! (?:from|of) )|back\w*|endors\w+"
        r"|priority|priorities|important|key role"
        r"|value[ds]?|successful\w*|hosts?|hosted|hosting|send\w* troops|sent troops|joined|join\b|signed",
        2,
    ),
    # mildly for
    (
        r"agree\w*|cooperat\w+|useful|ready to|willing|stay\w*|remain\w*|fulfil\w*|help\w*|assist\w*|request\w*"
        r"|ask\w* for|appeal\w*|call\w* for|propos\w+|satisf\w*|extend\w*|prolong\w*|renew\w*"
        r"|promot\w+|stress\w* the need|coordinat\w+|trust\w*",
        1,
    ),
    # mildly against
    (
        r"criticis\w+|criticiz\w+|complain\w*|concern\w*|disappoint\w+|dissatisf\w+|questioned|doubt\w*|regret\w*"
        r"|reproach\w*|insufficient|slow\b|late\b|distanc\w+|neutral\w*|neither side|balanc\w+|reluctan\w+|hesita\w+"
        r"|object\w*|worr\w+|sell\w* (?:weapons|arms)|side[sd]? with",
        -1,
    ),
    # strongly against
    (
        r"useless|pointless|meaningless|failed|fail\w*|failure|ineffective|bubble|betray\w*|abandon\w*|threat\w*"
        r"|condemn\w*|accus\w+|oppos\w+"
        r"|against(?! (?:\w+ ){0,4}?(?:threat|terror|aggress|attack|armed|intervention|extrem|overthrow|drug))"
        r"|refus\w+|reject\w*|boycott\w*|skip\w*|snub\w*|no prospects?"
        r"|walk\w* away|freez\w+|froze\w*|suspend\w*|hinder\w*"
        r"|aggression|incursion|occupation|invasion|attack\w*|imperialis\w+|resent\w*|nothing to do with|irrelevant",
        -2,
    ),
]
"""Words that carry a polarity toward what they are said about (their weight: 1 mild, 2 strong)."""

NEGATORS = r"not|never|no longer|nor|neither|without|unable to|cannot|no(?! prospects?)"
STRONG_NEGATORS = r"fail\w* to|refus\w* to|declin\w* to|would not|will not|did not"
"""Negators that make what they govern a strong refusal ("refused to attend": −2), and count alone."""
HEDGES = (
    r"may|might|perhaps|possibly|probably|partly|partially|somewhat|to some extent|in principle|if|unless"
    r"|considering|could|would consider|not rule out|does not rule out"
)
CLAUSE_BREAKS = r";|:|,?\s+(?:but|while|whereas|although|though|yet|however)\s+|,\s+and\s+(?:that\s+)?|\s+and\s+that\s+"
NEGATION_WINDOW = 6
"""A negator flips the first polarity cue at most this many words after it."""

_TOPIC_RES = {
    topic: [(re.compile(rf"\b(?:{pattern})\b", re.I), orientation) for pattern, orientation in cues]
    for topic, cues in TOPIC_CUES.items()
}
_POLARITY_RES = [(re.compile(rf"\b(?:{pattern})", re.I), weight) for pattern, weight in POLARITY_CUES]
_NEGATOR = re.compile(rf"(?:\b(?:{NEGATORS})\b|n't\b)", re.I)
_STRONG = re.compile(rf"\b(?:{STRONG_NEGATORS})\b", re.I)
_HEDGE = re.compile(rf"\b(?:{HEDGES})\b", re.I)
_BREAK = re.compile(CLAUSE_BREAKS, re.I)
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[\"“«]([^\"”»]{3,})[\"”»]")


@dataclass(frozen=True)
class Cue:
    """One cue found in a text: its words, where they start, and what they say."""

    text: str
    start: int
    value: int  # topic cue: orientation; polarity cue: signed weight (after negation)
    negated: bool = False


@dataclass
class Reading:
    """The stance read for one topic of a text: the signed stance, the cues behind it, a confidence."""

    topic: Topic
    stance: int
    confidence: float
    topic_cues: list[Cue] = field(default_factory=list)
    polarity_cues: list[Cue] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    by_default: bool = False

    def explain(self) -> str:
        cues = ", ".join(("not " if c.negated else "") + c.text for c in self.polarity_cues)
        return f"{self.topic} {self.stance:+d} from {cues}" + (
            f" (hedged: {', '.join(self.hedges)})" if self.hedges else ""
        )


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    at = 0
    for match in _BREAK.finditer(text):
        bounds.append((at, match.start()))
        at = match.end()
    bounds.append((at, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def _words_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end]))


def _topic_cues(text: str) -> list[tuple[Topic, Cue]]:
    found: list[tuple[Topic, Cue]] = []
    taken: list[tuple[int, int]] = []
    for topic, patterns in _TOPIC_RES.items():
        for pattern, orientation in patterns:
            for match in pattern.finditer(text):
                span = (match.start(), match.end())
                if topic is Topic.CSTO_WORTH:  # the Organization's name stays a cue inside "signed the treaty"
                    found.append((topic, Cue(match.group(0), match.start(), orientation)))
                    continue
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue  # an earlier (more specific) pattern already holds these words
                taken.append(span)
                found.append((topic, Cue(match.group(0), match.start(), orientation)))
    return found


def _polarity_cues(text: str) -> list[Cue]:
    strong = list(_STRONG.finditer(text))
    matches: list[tuple[int, int, int, str]] = []
    for pattern, weight in _POLARITY_RES:
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if any(a < span[1] and span[0] < b for a, b, _, _ in matches):
                continue
            if any(m.start() < span[1] and span[0] < m.end() for m in strong):
                continue  # "refused to", "failed to" govern the next cue (below)
            matches.append((span[0], span[1], weight, match.group(0)))
    matches.sort()
    clauses = _clauses(text)

    def clause_of(at: int) -> int:
        return next((i for i, (a, b) in enumerate(clauses) if a <= at < b), -1)

    def governed(negator: re.Match[str]) -> int | None:
        for index, (start, _end, _weight, _text) in enumerate(matches):
            if start < negator.end():
                continue
            near = _words_between(text, negator.end(), start) <= NEGATION_WINDOW
            return index if near and clause_of(start) == clause_of(negator.start()) else None
        return None

    flipped: dict[int, int] = {}
    extra: list[Cue] = []
    for negator in strong:
        index = governed(negator)
        if index is None:
            extra.append(Cue(negator.group(0), negator.start(), -2))
        elif index not in flipped:
            flipped[index] = -2 if matches[index][2] > 0 else 2
    for negator in _NEGATOR.finditer(text):
        inside = any(a <= negator.start() < b for a, b, _, _ in matches)
        if inside or any(m.start() <= negator.start() < m.end() for m in strong):
            continue  # "no prospects" is a cue of its own; "did not" was read as a strong negator
        index = governed(negator)
        if index is not None and index not in flipped:
            flipped[index] = -matches[index][2]
    cues = [
        Cue(words, start, flipped.get(index, weight), index in flipped)
        for index, (start, _end, weight, words) in enumerate(matches)
    ]
    return sorted(cues + extra, key=lambda c: c.start)


def _magnitude(total: float, hedged: bool) -> int:
    size = 2 if abs(total) >= 2 else 1
    if hedged:
        size = max(1, size - 1)
    return size if total > 0 else -size


def read_stances(text: str, max_topics: int = 2) -> list[Reading]:
    """The stances a text expresses, strongest first: none when no topic or no polarity cue is found."""
    polarity = _polarity_cues(text)
    if not polarity:
        return []
    topics = _topic_cues(text)
    # a polarity cue inside a topic cue ("froze" in membership) is both; a topic cue is not its own target
    clauses = _clauses(text)
    hedges = [m.group(0) for m in _HEDGE.finditer(text)]
    grouped: dict[Topic, list[tuple[Cue, Cue | None]]] = defaultdict(list)
    defaulted: set[Topic] = set()

    def clause_of(at: int) -> tuple[int, int]:
        return next(((a, b) for a, b in clauses if a <= at < b), (0, len(text)))

    for cue in polarity:
        a, b = clause_of(cue.start)
        specific = [(t, c) for t, c in topics if t is not Topic.CSTO_WORTH]
        org = [(t, c) for t, c in topics if t is Topic.CSTO_WORTH]
        choice: tuple[Topic, Cue] | None = None
        for pool in (
            [x for x in specific if a <= x[1].start < b],
            [x for x in org if a <= x[1].start < b],
            specific,
            org,
        ):
            if pool:
                choice = min(pool, key=lambda x: abs(x[1].start - cue.start))
                break
        if choice is None:
            continue
        topic, target = choice
        grouped[topic].append((cue, target))
        if topic is Topic.CSTO_WORTH and not any(x[1].start < b and x[1].start >= a for x in org):
            defaulted.add(topic)
    readings: list[Reading] = []
    for topic, pairs in grouped.items():
        total = sum(cue.value * (target.value if target else 1) for cue, target in pairs)
        signs = {1 if cue.value * (target.value if target else 1) > 0 else -1 for cue, target in pairs}
        if total == 0 and len(signs) < 2:
            continue
        stance = 0 if total == 0 else _magnitude(total, bool(hedges))
        support = len(pairs) + len({t.text.lower() for _, t in pairs if t is not None})
        confidence = 0.45 + 0.08 * min(support, 5) - (0.1 if hedges else 0.0) - (0.1 if stance == 0 else 0.0)
        confidence -= 0.1 if topic in defaulted else 0.0
        readings.append(
            Reading(
                topic,
                stance,
                round(max(0.1, min(0.9, confidence)), 2),
                list(dict.fromkeys(t for _, t in pairs if t is not None)),
                [c for c, _ in pairs],
                hedges,
                topic in defaulted,
            )
        )
    readings.sort(key=lambda r: (-sum(abs(c.value) for c in r.polarity_cues), -abs(r.stance), -r.confidence))
    return readings[:max_topics]


def quoted_words(text: str) -> str | None:
    """The speaker's own words: the longest quotation in the sentence, if it has at most twelve words."""
    quotes = sorted((m.group(1).strip() for m in _QUOTED.finditer(text)), key=len, reverse=True)
    for quote in quotes:
        if 0 < len(quote.split()) <= MAX_QUOTE_WORDS:
            return quote
    return None


# -- who speaks for which state -----------------------------------------------------------------------

DEMONYMS = {
    "armenian": "armenia", "azerbaijani": "azerbaijan", "azeri": "azerbaijan", "belarusian": "belarus",
    "belarussian": "belarus", "byelorussian": "belarus", "georgian": "georgia", "kazakh": "kazakhstan",
    "kazakhstani": "kazakhstan", "kyrgyz": "kyrgyzstan", "kirghiz": "kyrgyzstan", "russian": "russia",
    "tajik": "tajikistan", "tajikistani": "tajikistan", "uzbek": "uzbekistan", "uzbekistani": "uzbekistan",
    "ukrainian": "ukraine", "chinese": "china", "american": "united-states", "iranian": "iran", "turkish": "turkey",
}  # fmt: skip
"""Adjectives of a state in a speaker's title ("Armenian Foreign Minister"), to the state's usual id."""

GOVERNMENT_TITLE = re.compile(
    r"\b(?:president|prime minister|premier|minister|ministry|spokes\w+|ambassador|envoy|secretary of the security"
    r"|security council secretary|chairman of the|speaker of|deputy|foreign office|government|head of state)\b",
    re.I,
)
CSTO_OFFICES = ("secretary-general", "deputy-secretary-general", "chief-of-joint-staff")


@dataclass(frozen=True)
class Held:
    """A person's tie to a state or office between two days (None: open)."""

    target: str
    title: str
    start: date | None
    end: date | None

    def on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Holder:
    """The state a claim is held by, whether the speaker speaks for it, and how that was found."""

    state: str
    official: bool
    how: str
    confidence: float = 1.0


@dataclass
class Speakers:
    """What the store knows about speakers: entity kinds and names, positions, CSTO offices, nationalities."""

    kinds: dict[str, str]
    names: dict[str, str]
    positions: dict[str, list[Held]] = field(default_factory=dict)
    offices: dict[str, list[Held]] = field(default_factory=dict)
    nationality: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_engine(cls, engine: Engine) -> Speakers:
        from csto.store.positions import speaker_facts

        facts = speaker_facts(engine)
        speakers = cls(facts.kinds, facts.names)
        for person, state, title, start, end in facts.positions:
            speakers.positions.setdefault(person, []).append(Held(state, title, start, end))
        for person, office, start, end in facts.offices:
            speakers.offices.setdefault(person, []).append(Held(office, office, start, end))
        for person, state in facts.nationality:
            speakers.nationality.setdefault(person, []).append(state)
        return speakers

    def state_named(self, word: str) -> str | None:
        state = DEMONYMS.get(word.lower())
        return state if state is not None and self.kinds.get(state) == "state" else None

    def _from_title(self, role: str | None) -> str | None:
        for word in _WORD.findall(role or ""):
            state = self.state_named(word.removesuffix("s") if word.endswith("'s") else word)
            if state is not None:
                return state
            lowered = word.lower()
            for entity, name in self.names.items():
                if self.kinds.get(entity) == "state" and name.lower() == lowered:
                    return entity
        return None

    def holder(
        self, speaker: str, day: PartialDate | None, roles: Sequence[str] = (), sentence_states: Sequence[str] = ()
    ) -> Holder | None:
        """The state ``speaker`` speaks for on ``day`` (None: a speaker for no member state, or unknown)."""
        kind = self.kinds.get(speaker)
        if kind == "state":
            return Holder(speaker, True, "the state itself")
        if kind not in (None, "person"):
            return None  # the Organization, its bodies, a place: not a member's voice
        when = day.latest if day is not None else None
        held = self.positions.get(speaker, [])
        current = [h for h in held if when is not None and h.on(when)]
        if current:
            return Holder(current[0].target, True, f"{current[0].title} on that day")
        if when is not None and any(h.on(when) and h.target in CSTO_OFFICES for h in self.offices.get(speaker, [])):
            return None  # an official of the Organization speaks for it, not for a member
        titled = next((s for s in (self._from_title(r) for r in roles) if s is not None), None)
        official = any(GOVERNMENT_TITLE.search(r) for r in roles)
        if titled is not None:
            return Holder(titled, official, f"title {next(r for r in roles if self._from_title(r))!r}", 0.9)
        if held:
            latest = max(held, key=lambda h: h.start or date.min)
            return Holder(latest.target, False, f"formerly {latest.title}", 0.8)
        if speaker in self.nationality:
            return Holder(self.nationality[speaker][0], False, "nationality", 0.7)
        states = list(dict.fromkeys(s for s in sentence_states if self.kinds.get(s) == "state"))
        if official and len(states) == 1:
            return Holder(states[0], True, f"title {roles[0]!r} and the only state named", 0.6)
        return None


# -- proposing claims from events --------------------------------------------------------------------

SPEECH = re.compile(
    r"\b(?:said|says|say|stated|told|declared|announced|noted|stressed|warned|argued|insisted|added|called|urged"
    r"|accused|complained|criticis\w+|criticiz\w+|praised|described|acknowledged|admitted|claimed|asserted|emphasi[sz]ed"
    r"|according to|in an interview|statement)\b",
    re.I,
)


def _parse(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except DateError:
        return None


def topic_label(topic: Topic) -> str:
    return {
        Topic.CSTO_WORTH: "the Organization's worth and future",
        Topic.MEMBERSHIP: "staying in the Organization",
        Topic.COLLECTIVE_ASSISTANCE: "collective assistance in a crisis",
        Topic.UKRAINE_WAR: "Russia's line on the war in Ukraine",
        Topic.KARABAKH: "Armenia's side in the Karabakh and border conflict",
        Topic.AFGHANISTAN: "joint action on threats from Afghanistan",
        Topic.RUSSIA_LEADERSHIP: "Russia's leading role",
        Topic.EXPANSION: "widening the Organization",
        Topic.WESTERN_TIES: "keeping Western bases and partnerships out",
        Topic.INTEGRATION: "deeper military integration",
    }[topic]


def summary_of(speaker_name: str, holder_name: str, reading: Reading) -> str:
    """A one-line description in the project's words (never the article's): who, which way, on what."""
    way = {2: "strongly for", 1: "for", 0: "ambivalent about", -1: "against", -2: "strongly against"}[reading.stance]
    who = speaker_name if speaker_name == holder_name else f"{speaker_name} ({holder_name})"
    return f"{who}, in a statement read by ingestion as {way} {topic_label(reading.topic)}."


def propose_positions(
    event: EventClaim, mentions: Iterable[Mention], speakers: Speakers, event_number: int | None = None
) -> list[dict[str, Any]]:
    """Position claims (as review payloads) from one statement event; none when it expresses no stance.

    ``event`` is a statement (or any event whose sentence reports speech, with a speaker first);
    ``mentions`` are the document's, for the speaker's title; ``event_number`` is the event's claim
    number in the document, kept so a reviewer can see the two side by side.
    """
    if not event.actor_ids:
        return []
    if event.type != "statement" and not SPEECH.search(event.quote):
        return []
    readings = read_stances(event.quote)
    if not readings:
        return []
    speaker = event.actor_ids[0]
    roles = [m.role for m in mentions if m.entity == speaker and m.role]
    within = [m.role for m in mentions if m.entity == speaker and m.role and event.span[0] <= m.span[0] < event.span[1]]
    day = _parse(event.date)
    holder = speakers.holder(speaker, day, [*within, *roles], event.actor_ids[1:])
    if holder is None:
        return []
    speaker_name = event.actors[0] if event.actors else speakers.names.get(speaker, speaker)
    holder_name = speakers.names.get(holder.state, holder.state)
    quoted = quoted_words(event.quote)
    claims = []
    for reading in readings:
        confidence = round(max(0.1, min(0.9, reading.confidence * holder.confidence)), 2)
        claims.append(
            {
                "type": "position",
                "date": event.date,
                "date_text": event.date_text,
                "holder": holder.state,
                "holder_how": holder.how,
                "official": holder.official,
                "speaker": speaker if speakers.kinds.get(speaker) in ("person", "state") else None,
                "speaker_name": speaker_name,
                "topic": str(reading.topic),
                "stance": reading.stance,
                "kind": "speech",
                "cues": {
                    "topic": [c.text for c in reading.topic_cues],
                    "polarity": [("not " if c.negated else "") + c.text for c in reading.polarity_cues],
                    "hedges": reading.hedges,
                    "by_default": reading.by_default,
                },
                "reading": reading.explain(),
                "summary": summary_of(speaker_name, holder_name, reading),
                "quoted": quoted,
                "quote": event.quote,
                "span": list(event.span),
                "actors": [speaker_name, *([holder_name] if holder.state != speaker else [])],
                "actor_ids": [speaker, *([holder.state] if holder.state != speaker else [])],
                "event_claim": event_number,
                "confidence": confidence,
            }
        )
    return claims
