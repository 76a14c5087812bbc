"""Event triggers: the words that make a sentence report a meeting, a deployment, a signature ...

Each type has patterns; a sentence takes the type of its strongest trigger (``PRIORITY``). Triggers
inside a relative clause (", which ...") or that only set the scene ("at a meeting with") are
weaker, and hypothetical ones ("the need to suspend membership") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

from csto.ingest.trigger_gates import GATES  # the words that screen each pattern, a table of its own

# the parsed forms of a regex that ``_openings`` reads
_LITERAL, _AT, _ASSERT, _ASSERT_NOT = _constants.LITERAL, _constants.AT, _constants.ASSERT, _constants.ASSERT_NOT
_SUBPATTERN, _BRANCH = _constants.SUBPATTERN, _constants.BRANCH
_AT_BOUNDARY = _constants.AT_BOUNDARY
_MAX_REPEAT, _MIN_REPEAT = _constants.MAX_REPEAT, _constants.MIN_REPEAT

EVENT_TYPES = (
    "meeting",
    "summit",
    "decision",
    "request",
    "deployment",
    "withdrawal",
    "exercise",
    "membership_change",
    "appointment",
    "armed_clash",
    "document_signed",
    "statement",
    "chairmanship",
    "other",
)
PRIORITY = (
    "membership_change",
    "appointment",
    "chairmanship",
    "document_signed",
    "armed_clash",
    "withdrawal",
    "deployment",
    "summit",
    "request",
    "meeting",
    "exercise",
    "decision",
    "other",
    "statement",
)
TROOPS = (
    r"(?:troops|forces|contingents?|peacekeepers|paratroopers|units|servicemen|soldiers|personnel|formations|"
    r"military(?!\s+(?:attach\w*|observers?|experts?|delegations?|officials?|cooperation|bases?)))"
)
# What an organization's name is not followed by when it is the object of a membership change ("the CSTO
# peacekeepers" leave a country, not the organization).
_NOT_MEMBERSHIP = r"(?![\s-]+(?:peacekeep\w*|troops|forces|contingents?|mission|operation|units|servicemen|personnel))"
_ORG = r"(?:CSTO|ODKB|organi[sz]ation|treaty|alliance|bloc|association|CST)"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "membership_change": [
        _c(
            r"\b(froze|freez(?:e|es|ing)|frozen|suspend(?:ed|s|ing)?|restor(?:ed|es|ing)|resum(?:ed|es|ing))\b"
            r"[^.;]{0,40}\b(participation|membership)\b"
        ),
        _c(r"[\"“]?freezing[\"”]?\s+of\s+\S+\s+(participation|membership)"),
        _c(
            r"\bjoin(?:ed|s)\b(?!\s+(?:forces|efforts|the exercises?|the drills|in\s+(?!(?:19|20)\d\d)))"
            r"(?![^.;]{0,50}\b(?:mission|operation|contingent|peacekeep\w*|exercises?|drills|talks|meeting|session|"
            r"call|statement|coalition|force)\b)"
        ),
        _c(
            r"\b(acceded|accession to|admitted (?:to|as)|became a (?:full(?:-fledged)? )?(?:member|participant)|"
            r"full member)\b"
        ),
        _c(
            rf"\b(withdr(?:ew|awn|awing|aw)|leav(?:e|es|ing)|left|exit(?:ed|s)?|quit)\b[^.;]{{0,40}}\b(?:the\s+)?{_ORG}\b"
            + _NOT_MEMBERSHIP
        ),
        _c(rf"\b(return(?:ed|s)?)\s+to\s+(?:the\s+)?{_ORG}\b"),
        _c(rf"\b(withdrawal|exit|departure)\s+from\s+(?:the\s+)?{_ORG}\b" + _NOT_MEMBERSHIP),
        _c(
            r"\b(?:participation|membership)\b[^.;]{0,30}\b(?:was|is|has|had|were|have)\s+(?:\w+\s+){0,3}?"
            r"(frozen|suspended)\b"
        ),
        _c(r"\bexpired\b[^.;]{0,60}\bwithdrawing\b"),
        _c(rf"\b(rejoin(?:ed|s)?)\b[^.;]{{0,20}}\b(?:the\s+)?{_ORG}\b"),
        _c(r"\b(rejoined)\b(?![^.;]{0,50}\b(?:talks|negotiations|mission|operation|exercises?|drills|coalition)\b)"),
        _c(r"\b(notif(?:ied|ies|y))\b[^.;]{0,60}\b(?:of\s+)?(?:its|their)\s+(?:withdrawal|exit|suspension)\b"),
        # "walked out of the CSTO", "did not renew the treaty", "ended its membership", "stopped taking part in"
        _c(rf"\b(walked out|pulled out|dropped out|opted out)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}{_ORG}\b"),
        _c(
            r"\b((?:did not|didn't|declined to|refused to|chose not to) (?:renew|extend|prolong))\b"
            r"[^.;]{0,40}\btreaty\b"
        ),
        _c(
            r"\b(ended|terminated|renounced|halted|stopped|ceased)\s+(?:its|their)\s+(?:[\w-]+\s+)?"
            r"(membership|participation)\b"
        ),
        _c(rf"\b(stopped|ceased|halted)\s+(?:taking part|participating)\s+in\s+(?:the\s+)?(?:work of the\s+)?{_ORG}\b"),
    ],
    "appointment": [
        _c(
            r"\b(appoint(?:ed|s|ment)|elected|took office|assumed (?:the )?(?:post|office|duties)|sworn in|"
            r"succeed(?:ed|s)|replac(?:ed|es)|(?<=will )replace|was named|named as)\b"
        ),
        _c(
            r"\b(confirmed|approved)\b[^.;]{0,60}\bas\s+(?:the\s+)?(?:new\s+)?(?:[A-Z][\w-]*\s+){0,3}"
            r"(?-i:Chief|Secretary|Head|Commander|Chairman|Minister|Director|Deputy|President)\b"
        ),
        _c(
            r"\bnew\s+(?:[A-Z][\w-]*\s+)?"
            r"(secretary[- ]general|minister|chief|head|commander|president|defen[cs]e minister)\b"
        ),
        _c(
            r"\b(became|becomes|has become)\s+(?:the\s+)?(?:new\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?-i:Secretary[- ]General|Chief|Head|Commander|Chairman|Minister|President)\b"
        ),
        # an act on the office: a holder relieved, recalled or kept on, a candidate confirmed in the post
        _c(
            r"\b(relieved|dismissed|recalled|withdrawn|withdrew|removed)\b[^.;]{0,60}\b(?:from|of)\s+(?:the\s+|his\s+|her\s+)?"
            r"(?:post|office|duties|position)\b"
        ),
        _c(r"\b(extended|prolonged|renewed)\s+(?:[\w'’-]+\s+){0,3}(?:mandate|term|tenure)\b"),
        _c(r"\b(confirmed|approved|endorsed|backed)\b[^.;]{0,60}\bin\s+(?:the|this|that|his|her)\s+(?:post|office)\b"),
        _c(
            r"\b(picked|chose|chosen|selected)\b[^.;]{0,60}\bas\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,2}"
            r"(?:secretary[- ]general|chief|head|commander|chairman)\b"
        ),
        # "approved his candidacy", "backed the nomination of"; "named Yuri Baluyevsky, chief of ..., as Chief"
        _c(r"\b(approved|endorsed|backed|supported)\s+(?:his|her|the)\s+(?:candidacy|nomination)\b"),
        _c(
            r"\b(named)\s+(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*)){0,2}(?:\s*,[^,.;]{1,80},)?"
            r"\s+as\s+(?:the\s+)?(?:new\s+)?(?-i:[A-Z])"
        ),
    ],
    "chairmanship": [
        _c(
            r"(?<!under the )\b(chairmanship|chaired by|chairs the|presidency|took over the chair|assumed the chair|"
            r"will chair|to chair|chaired the|holds the chair)\b"
        ),
    ],
    "document_signed": [
        _c(
            r"\b(?:was|were|been|be|is|are|has|have|had|jointly|formally|officially)\s+(signed|ratified|inked|concluded)\b"
        ),
        _c(r"\b(signed|ratified|inked)\s+(?:a|an|the|by|in|on|at|into|off|up|this|its|their|\d)\b"),
        _c(r"\b((?<!for )signing|ratification)\s+(?:of|ceremony)\b"),
        # "the presidents adopted a declaration": a text adopted is a text signed
        _c(
            r"\b(adopted|approved|endorsed)\s+(?:a|an|the|their|its|two|three|several|a number of|\d+)\s+"
            r"(?:[\w-]+\s+){0,3}?(?:declarations?|joint statements?|statements?|documents?|agreements?|protocols?)\b"
        ),
        _c(
            r"\b(signed|ratified|inked)\s+(?:[\w-]+\s+){0,3}"
            r"(?:documents?|agreements?|declarations?|protocols?|memorand\w+|treaty|package|accords?)\b"
        ),
    ],
    "armed_clash": [
        _c(
            r"\b(clash(?:es|ed)?|fighting|fought|skirmish(?:es)?|shelling|shelled|border battles?|firefights?|"
            r"hostilities|(?<!a )(?<!an )armed conflict|mortar attacks?|a real war|artillery fire|exchange of fire|"
            r"exchanged fire|opened fire)\b"
        ),
        _c(r"\b(?:19|20)\d\d\s+(?:border\s+)?(conflict|clashes|war)\b"),
    ],
    "withdrawal": [
        _c(rf"\b(withdr(?:ew|awn|awal|awing|aw)|pull(?:ed|ing)? out|pulled back)\b[^.;]{{0,60}}\b{TROOPS}\b"),
        _c(
            rf"\b{TROOPS}\b[^.;]{{0,60}}"
            r"\b(withdr(?:ew|awn|awal|awing|aw)|pull(?:ed|ing)? out|left|leave|return(?:ed)? home)\b"
        ),
        _c(r"\bcompleted (?:the|their|its) (?:mission|withdrawal)\b"),
        # a garrison handing over what it held, troops brought home
        _c(
            r"\b(handed over|passed|transferred)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}"
            r"(?:forts?|base|posts?|sectors?|outposts?|sections?|border|facilities)\b"
        ),
        _c(rf"\b(brought (?:home|back))\b[^.;]{{0,40}}\b{TROOPS}\b"),
        # "The step-by-step withdrawal started on January 13" (of the troops named before)
        _c(
            r"\bThe\s+(?:[\w-]+\s+){0,2}(withdrawal|pull-?out)\b"
            r"(?=[^.;]{0,40}\b(?:began|begun|started|was completed|ended|finished)\b)"
        ),
    ],
    "deployment": [
        _c(r"\b(deployed|deploying|dispatch(?:ed|es)?|airlift(?:ed)?|regroup(?:ing|ed)?|stationed)\b"),
        _c(rf"\b{TROOPS}\b[^.;]{{0,100}}\b(redeploy|deploy|relocate)\b"),
        _c(rf"\b{TROOPS}\b[^.;]{{0,40}}\b(joined)\b[^.;]{{0,40}}\b(?:mission|operation)\b"),
        _c(rf"\b(sent|sending|being sent|brought into|brought in|arrived|arriving)\b[^.;]{{0,60}}\b{TROOPS}\b"),
        _c(
            rf"\b{TROOPS}\b[^.;]{{0,80}}"
            r"\b(sent|being sent|brought into|arrived|arriving|arrive|took [^.;]{0,40} under guard)\b"
        ),
        _c(rf"\b{TROOPS}\b[^.;]{{0,60}}\b(flown|flew|moving|moved|went)\s+(?:in\s+)?(?:to|into)\b"),
        _c(rf"\b(flown|flew)\b[^.;]{{0,40}}\b{TROOPS}\b"),
        _c(
            r"\b(mov(?:ed|ing)|relocat(?:ed|ing)|transferr(?:ed|ing)|redeploy(?:ed|ing))\b[^.;]{0,40}"
            rf"\b(?:aircraft|jets|fighters|helicopters|drones|air defen[cs]e systems|{TROOPS})\b"
        ),
    ],
    "summit": [
        _c(r"\b(summit|session of the (?:CSTO\s+|ODKB\s+)?collective security council)\b"),
        _c(
            r"(?<!for the )(?<!to the )(?<!of the )\b(heads of state)\b"
            r"(?=\s+(?:\w+\s+){0,3}(?:met|meet|gathered|convened))"
        ),
        # "CSTO leaders gathered in Minsk", "the leaders of the CSTO member states met": the heads of state
        # meeting as the Collective Security Council
        _c(
            r"\b(?:CSTO|ODKB|OTSC|bloc's|alliance's|member states'?|member-states'?)\s+(?:leaders|presidents)\s+"
            r"(?:\w+\s+){0,3}?(met|gathered|convened|assembled)\b"
        ),
        _c(
            r"\b(?:leaders|presidents|heads of state)\s+of\s+(?:the\s+)?(?:six\s+|seven\s+|five\s+)?"
            r"(?:CSTO|ODKB|OTSC|bloc|alliance|Collective Security Treaty Organi[sz]ation)"
            r"(?:\s+\((?:CSTO|ODKB)\))?(?:\s+(?:member\s+)?(?:states|countries|nations))?"
            r"(?:,[^.;]{0,120}?,)?\s+(?:\w+\s+){0,2}?(met|gathered|convened|assembled)\b"
        ),
        _c(r"\bCollective Security Council\s+(?:\w+\s+){0,2}?(met|convened|gathered|held (?:a|its) session)\b"),
        _c(
            r"\b((?:informal\s+)?(?:meeting|session|gathering))\s+of\s+(?:the\s+)?(?:leaders|heads of state|presidents)"
            r"(?:\s+of\s+(?:the\s+)?(?:CSTO|ODKB|OTSC|member states|member countries|Collective Security Treaty))"
        ),
        _c(r"\b(informal (?:gathering|summit|meeting))\b(?=[^.;]{0,80}\b(?:presidents|leaders|heads of state)\b)"),
    ],
    "request": [
        _c(r"\b(requested|appeal(?:ed)? to|asked (?:the )?[A-Z]?\w* for help|turned to)\b"),
        _c(r"\b(asked|sought)\b[^.;]{0,80}?\bfor\s+(?:\w+\s+){0,2}(?:help|assistance|aid|support)\b"),
        _c(r"\b(asked|requested)\s+to\s+(?:suspend|join|withdraw|leave|restore|send)\b"),
        _c(r"\b(asked|requested|urged)\s+(?:[\w'’-]+\s+){1,4}?to\s+(?:send|deploy|dispatch|provide)\b"),
    ],
    "meeting": [
        _c(
            r"\b(meeting|met|meets|talks|consultations|session|conference|negotiations|visit(?:ed|s)?|"
            r"held talks|working meeting|received|receives|receiving|conversations? between|sitting(?=\s+of\b)|"
            r"(?:tele)?phone (?:conversation|call|talks))\b"
        ),
    ],
    "exercise": [
        _c(r"\b(exercises?|drills?|maneuvers|manoeuvres|war games|command[- ]post games|command and staff games)\b"),
        _c(r"\btraining\b(?!\s+(?:courses?|centers?|centres?))"),
    ],
    "decision": [
        _c(
            r"\b(decided|decree|approved|adopted|resolved|cancel(?:led|lations?|ed|s)?|postpone(?:d|ment)|banned|"
            r"recogni[sz](?:ed|es)|agreed to|agreed on|agreed upon|agreed that|refus(?:al|ed) to|endorsed|voted to|"
            r"ordered|instructed|authori[sz]ed|gave (?:the |its )?(?:green light|go-ahead))\b"
        ),
        _c(r"\b(?:by|under|in line with|in accordance with|pursuant to)\s+(?:a|the)\s+(decision)\s+of\b"),
        _c(r"\b(?:made|took|taken|adopted|reached)\s+(?:a|the|this|that)?\s*(decision)\b"),
        _c(r"\b(decision)\s+(?:was|were|has been|had been)\s+(?:made|taken|adopted)\b|\b(decision)\s+to\b"),
    ],
    "other": [
        _c(
            r"\b(established|created|founded|formed|set up|came into (?:effect|force)|entered into force|"
            r"transformed|hosted|took place|courses)\b"
        ),
    ],
    "statement": [
        _c(
            r"\b(said|says|say|stated|announced|announces|declared|told|noted|stressed|emphasi[sz]ed|added|"
            r"commented|warned|called on|called for|urged|insisted|explained|according to|interview|proposed|"
            r"suggested|denied|denies|confirmed|criticized|criticised|spoke|took the floor|speaking|"
            r"(?<!was )(?<!were )expressed|congratulat(?:ed|ions)|thanked|reported to|"
            r"recalled(?=\s+(?:that|how|,))|reiterated|"
            r"called (?:the|it|this|that)|described|assured|admitted|acknowledged|praised|welcomed|condemned|"
            r"pointed out|underlined|underscored|reaffirmed|accused)\b"
        ),
        _c(r"\b((?:issued|released|published|put out)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+)?statement)\b"),
    ],
}

# Patterns every match of which begins with one of their gate words: tried only where a gate word starts
# (``pattern.match`` there, as ``finditer`` would find them) instead of scanning the sentence. Which patterns these
# are is read from the patterns themselves (``_anchored``): each way a pattern can match must open with literal
# text that begins with one of its gate words, so a pattern edited or added is anchored only when that still holds.


def _openings(items: list[tuple[Any, Any]]) -> list[str] | None:
    """The literal text (lower-cased) that each way of matching the parsed ``items`` opens with; None when one way
    opens with anything else (a character class, a repeat, a back-reference ...)."""
    text = ""
    for index, (op, value) in enumerate(items):
        rest = items[index + 1 :]
        if op is _LITERAL:
            text += chr(value).lower()
            continue
        if text:
            return [text]
        if op in (_AT, _ASSERT, _ASSERT_NOT):
            continue  # zero-width before the first character: the match still starts there
        if op is _SUBPATTERN:
            return _openings(list(value[-1]) + rest)
        if op is _BRANCH:
            found: list[str] = []
            for branch in value[1]:
                ways = _openings(list(branch) + rest)
                if ways is None:
                    return None
                found += ways
            return found
        if op in (_MAX_REPEAT, _MIN_REPEAT) and value[0] == 0 and value[1] == 1:
            taken, skipped = _openings(list(value[2]) + rest), _openings(rest)
            return None if taken is None or skipped is None else taken + skipped
        return None
    return [text] if text else None


def _anchored(pattern: re.Pattern[str], gate: tuple[str, ...]) -> bool:
    """Whether every match of ``pattern`` opens with one of the ``gate`` words (see ``_openings``)."""
    ways = _openings(list(_parser.parse(pattern.pattern, pattern.flags)))
    return ways is not None and all(way.startswith(gate) for way in ways)


_SCREENED = [
    (event_type, pattern, frozenset(gate), _anchored(pattern, gate))
    for event_type, patterns in PATTERNS.items()
    for pattern, gate in zip(patterns, GATES[event_type], strict=True)
]
_GATE_WORDS = sorted({word for gates in GATES.values() for gate in gates for word in gate})
# gate word -> the indices in ``_SCREENED`` of the patterns it lets run
_ENABLED: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, (_, _, gate, _) in enumerate(_SCREENED) if word in gate) for word in _GATE_WORDS
}


def _trie(words: list[str]) -> str:
    """One regex for all ``words``, as a trie (one branch per next character), that matches the longest word
    starting where it is tried."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + build(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


# Every gate word in a lower-cased sentence, in one scan: at each position the longest gate word there, and with
# it the shorter gate words it begins with (the same set as testing each word with ``in``).
_GATE_SCAN = re.compile(f"(?=({_trie(_GATE_WORDS)}))")
_GATE_PREFIXES = {word: frozenset(w for w in _GATE_WORDS if word.startswith(w)) for word in _GATE_WORDS}


def _gate_words(lower: str) -> set[str]:
    return set(_gate_starts(lower))


def _gate_starts(lower: str) -> dict[str, list[int]]:
    """Every gate word in ``lower`` with the positions where it starts (ascending)."""
    starts: dict[str, list[int]] = {}
    for match in _GATE_SCAN.finditer(lower):
        for word in _GATE_PREFIXES[match.group(1)]:
            starts.setdefault(word, []).append(match.start())
    return starts


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields when every match starts at one of ``starts`` (ascending)."""
    found: list[re.Match[str]] = []
    position = 0
    for start in starts:
        if start < position:
            continue
        hit = pattern.match(text, start)
        if hit is not None:
            found.append(hit)
            position = hit.end() if hit.end() > hit.start() else hit.end() + 1
    return found


_GENERIC_CLASH = re.compile(r"\b(a|an|any|potential|possible|foreign|new)\s+(?:\w+\s+)?$", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_REGION = re.compile(
    r",\s*(?:which|who|whose|where|noting|saying|adding|stressing|recalling|as)\b[^,;]*"
    r"|\b(?:that|which)\s+(?:led|resulted|caused|followed|sparked|triggered|ended|began|started)\b[^,;]*"
    r"|,\s*(?-i:[a-z]+ed)\s+(?:this|last|next|in|by|on|at)\b[^,;]*,",
    re.IGNORECASE,
)


def secondary_regions(sentence: str) -> list[tuple[int, int]]:
    """Relative and participial clauses: what they say is background, not the sentence's event."""
    return list(_secondary_regions(sentence))


@lru_cache(maxsize=1024)  # asked for several times per sentence (triggers, each draft, scene events)
def _secondary_regions(sentence: str) -> tuple[tuple[int, int], ...]:
    return tuple(match.span() for match in _REGION.finditer(sentence))


_SCENE = re.compile(
    r"\b(at|during|after|before|on the sidelines of|at the opening of|ahead of|under|in the course of|told|"
    r"addressed|addressing|opened|opening|attended|attending|chaired|chairing)\s+"
    r"(?!(?:\w+\s+){0,3}(?:upcoming|next|forthcoming)\b)(?:a|an|the|its|their|his|her)?\s*"
    r"(?-i:(?:[a-z][\w-]*|" + _MONTHS + r")\s+){0,2}$",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(need to|needs to|possible|possibility of|threat of|could|would|might|(?-i:may)|should|danger that|if|whether|"
    r"calls? to|ready to|in the event of|the issue of|potential|expected(?!\s+to\b)|prospect of|as long as|unless|"
    r"proposed|suggested|offered to|wants? to|hopes? to|seeks? to|considering|consider|asked to|requested to|"
    r"asking to|sense in|point in)\b"
    r"[^.;]{0,30}$",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|do not|don't|has not|hasn't|have not|haven't|had not|hadn't|was not|"
    r"wasn't|were not|weren't|is not|isn't|are not|aren't|never|no longer|not(?!\s+only)|denied(?: that)?|"
    r"denies(?: that)?|rejected (?:reports|claims) that|refuted)\b[^.;,]{0,40}$",
    re.IGNORECASE,
)
# How far from the end of a window a match of each can start (its longest word, then the 30 or 40 characters
# it allows before the end): searching from there finds the same matches, without trying every earlier position.
_HYPOTHETICAL_REACH = len("in the event of") + 30 + 1
_NEGATED_REACH = len("rejected reports that") + 40 + 1
_ABSENT = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|will not|won't|would not|never|refused to|declined to)\s+"
    r"(?:attend|go to|travel to|come to|take part in|participate in|join)\b[^.;,]{0,30}$"
    r"|\b(?:skipped|missed|boycotted)\b[^.;,]{0,30}$",
    re.IGNORECASE,
)
_NOT_SPEECH = re.compile(
    r"(\bit\s+(?:should|must|can|is to)\s+be\s+$|\b(?:we|I)\s+(?:have\s+|had\s+)?$)", re.IGNORECASE
)
# "according to media reports", "according to the organization's website": a source cited, nobody speaking
_REPORTS = re.compile(
    r"^according\s+to\s+(?:some\s+|media\s+|unconfirmed\s+|official\s+|the\s+|its\s+|their\s+|an?\s+)?"
    r"(?:[\w'’-]+\s+){0,2}(?:reports?|sources?|data|estimates|website|site|press service|figures|media|"
    r"newspaper|agency|communiqu[eé])\b",
    re.I,
)
_QUOTED = re.compile(r"[“\"«][^”\"»]{8,}[”\"»]")
# "under Kazakhstan's chairmanship", "Kazakhstan's chairmanship would focus on": a period, not a change of chair.
_CHAIR_PERIOD = re.compile(
    r"(?:\b(?:under|during)\s+(?:the\s+|its\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}|[\w-]+(?:'s|’s)\s+)$"
)
_CHAIR_CHANGE = re.compile(
    r"\b(?:take|took|takes|taking|assume[sd]?|hand(?:ed|s)?|pass(?:ed|es)?|transfer\w*|went|goes|moved|rotat\w*)\b",
    re.I,
)
# The object of a call or an effort ("to stop the fighting"): the clash is not what the sentence reports.
_STOPPED = re.compile(
    r"\b(?:stop|end|halt|cease|prevent|avoid|settle|resolve)\s+(?:the\s+|any\s+|further\s+)?(?:\w+\s+)?$", re.I
)
# "announced that the bloc would send a force": a decision reported by the speech verb, not only a statement.
_REPORTED_DECISION = re.compile(
    r"\b(?:announced|declared|confirmed|said)\s+that\s+(?:the\s+)?(?:CSTO|ODKB|bloc|organi[sz]ation|alliance|"
    r"Council|leaders|member states)\s+(?:will|would)\s+(send|deploy|dispatch|create|set up|establish)\b",
    re.I,
)
_HYPOTHETICAL_TYPES = {t for t in PRIORITY if t != "statement"}
_NOUN_EVENTS = {"meeting", "exercise", "summit"}


def _has_quote_mark(sentence: str) -> bool:
    """Whether ``sentence`` holds a character that a ``_QUOTED`` match opens with (else it has no quote)."""
    return '"' in sentence or "“" in sentence or "«" in sentence


def _trigger_span(match: re.Match[str]) -> tuple[int, int]:
    """The span of the first group that took part in ``match`` (the trigger word), else of the whole match."""
    spans = match.regs
    for index in range(1, len(spans)):
        if spans[index][0] >= 0:
            return spans[index]
    return spans[0]


def _covered(blocked: Iterable[tuple[int, int]], length: int) -> bytearray:
    """1 at each position in ``0 .. length`` inside one of the ``blocked`` ranges (``left <= position < right``)."""
    marks = bytearray(length + 1)
    for left, right in blocked:
        left, right = max(0, left), min(length + 1, right)
        if right > left:
            marks[left:right] = b"\x01" * (right - left)
    return marks


_WINDOW = 90  # characters before a trigger that its context tests (hypothetical, negated, scene ...) read


def openings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The lower-cased literal text that every match of ``pattern`` opens with, one per way of matching
    (``_openings``); None when some way opens otherwise."""
    return _pattern_openings(pattern.pattern, pattern.flags)  # remembered by its text (a pattern's hash costs more)


@lru_cache(maxsize=256)
def _pattern_openings(pattern: str, flags: int) -> tuple[str, ...] | None:
    ways = _openings(list(_parser.parse(pattern, flags)))
    return tuple(sorted(set(ways))) if ways else None


def may_match(pattern: re.Pattern[str], low: str | None) -> bool:
    """False only when ``pattern`` cannot match a text whose lower-cased form is ``low`` (an ASCII text, where
    case folding is lower-casing; None: unknown): ``low`` holds none of the words its matches open with."""
    if low is None:
        return True
    ways = openings(pattern)
    return ways is None or any(way in low for way in ways)


def _screen(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-sensitive regex for the lower-cased literal text each match of ``pattern`` opens with (``_openings``),
    after a word boundary when the pattern opens with one. Where it finds nothing in a lower-cased text whose
    positions are those of the text (``aligned`` in ``find_triggers``), ``pattern`` finds nothing either, and a
    scan for a few literal words costs a fraction of one for a long case-insensitive alternation. None when some
    way of matching opens otherwise."""
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    ways = _openings(items)
    if not ways:
        return None
    boundary = r"\b" if items and items[0] == (_AT, _AT_BOUNDARY) else ""
    return re.compile(boundary + "(?:" + _trie(sorted(set(ways))) + ")")


# the context tests worth screening (long alternations); the others are searched as they are
_SCREENS = {id(pattern): _screen(pattern) for pattern in (_ABSENT, _HYPOTHETICAL, _NEGATED, _SCENE, _STOPPED)}


def _found(pattern: re.Pattern[str], before: str, low: str | None, pos: int = 0) -> bool:
    """``pattern.search(before, pos) is not None``, skipped when ``pattern``'s screen finds nothing in ``low``
    (``before`` lower-cased with its positions kept; None: not screened)."""
    screen = _SCREENS.get(id(pattern))
    if low is not None and screen is not None and screen.search(low, pos) is None:
        return False
    return pattern.search(before, pos) is not None


@dataclass(frozen=True)
class Trigger:
    type: str
    start: int
    end: int
    secondary: bool
    absent: bool = False  # "X did not attend the summit": the summit happened, X was not there


def find_triggers(
    sentence: str,
    blocked: list[tuple[int, int]] = (),  # type: ignore[assignment]
    screen: bool = True,
) -> list[Trigger]:
    """Triggers in a sentence (offsets relative to it); ``blocked`` ranges (descriptive names) are skipped.

    With ``screen`` (the default) a pattern runs only when one of its ``GATES`` words occurs in the sentence."""
    found: list[Trigger] = []
    quotes = [m.span() for m in _QUOTED.finditer(sentence)] if _has_quote_mark(sentence) else []
    regions = _secondary_regions(sentence)
    lower = sentence.lower()
    # the characters the ``blocked`` ranges cover, to test each match's start in one look-up
    out_of_bounds = _covered(blocked, len(sentence))
    starts = _gate_starts(lower)
    # positions in ``lower`` are positions in ``sentence``, and no letter there matches an ASCII one only under
    # IGNORECASE (the long s, the dotless i): every match starts where ``lower`` has a gate word
    aligned = screen and len(lower) == len(sentence) and "ſ" not in sentence and "ı" not in sentence
    # with screening, only the patterns a present gate word enables, in their order
    chosen = sorted({i for word in starts for i in _ENABLED[word]}) if screen else range(len(_SCREENED))
    for event_type, pattern, gate, anchored in (_SCREENED[i] for i in chosen):
        if anchored and aligned:
            matches: Iterable[re.Match[str]] = _matches_at(
                pattern, sentence, sorted({p for word, at in starts.items() if word in gate for p in at})
            )
        else:
            matches = pattern.finditer(sentence)
        if True:
            for match in matches:
                start, end = _trigger_span(match)
                if out_of_bounds[start]:
                    continue
                # the context tests only look at the words just before the trigger: a bounded window keeps
                # them from rescanning the whole sentence for every match
                before = sentence[max(0, start - _WINDOW) : start]
                low = lower[max(0, start - _WINDOW) : start] if aligned else None
                absent = event_type in _NOUN_EVENTS and _found(_ABSENT, before, low)
                hypothetical = event_type in _HYPOTHETICAL_TYPES and not absent
                if hypothetical and (
                    _found(_HYPOTHETICAL, before, low, max(0, len(before) - _HYPOTHETICAL_REACH))
                    or _found(_NEGATED, before, low, max(0, len(before) - _NEGATED_REACH))
                ):
                    continue
                if event_type == "armed_clash" and _GENERIC_CLASH.search(before):
                    continue
                if event_type == "statement" and (_NOT_SPEECH.search(before) or _REPORTS.match(sentence[start:])):
                    continue
                if (
                    event_type == "chairmanship"
                    and sentence[start:end].lower() in ("chairmanship", "presidency")
                    and (
                        _CHAIR_PERIOD.search(before)
                        or not _CHAIR_CHANGE.search(sentence[max(0, start - 60) : end + 40])
                    )
                    and not _CHAIR_CHANGE.search(before[-60:])
                ):
                    continue  # "the year of the Belarusian presidency": a period, not the chair changing hands
                secondary = any(left < start < right for left, right in regions) or _found(_SCENE, before, low)
                if event_type == "armed_clash" and _found(_STOPPED, before, low):
                    secondary = True
                quoted = any(left < start < right for left, right in quotes)
                found.append(Trigger(event_type, start, end, secondary or quoted, absent))
    for match in _REPORTED_DECISION.finditer(sentence) if "that" in lower else ():  # every match has "that"
        if not any(left <= match.start(1) < right for left, right in blocked):
            found.append(Trigger("decision", match.start(1), match.end(1), False))
    if any(t.type in ("meeting", "summit") for t in found):
        found = [
            Trigger(t.type, t.start, t.end, True, t.absent)
            if t.type == "chairmanship" and sentence[t.start : t.end].lower().startswith("chaired")
            else t
            for t in found
        ]
    return found


_FUTURE = re.compile(r"\b(will|shall|scheduled for|is to be|are to be|to be adopted)\b", re.IGNORECASE)
_OUTRANKED_BY_CANCEL = {"exercise", "meeting", "summit", "deployment"}


def ranked(triggers: list[Trigger], sentence: str = "") -> list[Trigger]:
    """Primary triggers, strongest first (``main_trigger`` first)."""
    best = main_trigger(triggers, sentence)
    if best is None:
        return []
    rest = sorted(
        (t for t in triggers if not t.secondary and t != best), key=lambda t: (PRIORITY.index(t.type), t.start)
    )
    return [best, *rest]


def main_trigger(triggers: list[Trigger], sentence: str = "") -> Trigger | None:
    """The trigger that gives the sentence its type: only primary triggers count, then by priority.

    A cancellation is a decision even in a sentence about an exercise; a future plan that someone
    announces is a statement.
    """
    primary = [t for t in triggers if not t.secondary]
    if not primary:
        return None
    best = min(primary, key=lambda t: (PRIORITY.index(t.type), t.start))
    cancel = [
        t
        for t in primary
        if t.type == "decision" and sentence[t.start : t.end].lower().startswith(("cancel", "postpone", "refus"))
    ]
    if best.type in _OUTRANKED_BY_CANCEL and cancel:
        return cancel[0]
    speech = [t for t in primary if t.type == "statement"]
    verbs = [t for t in speech if t.start < best.start and not sentence[t.start : t.end].lower().startswith("accord")]
    if best.type in _NOUN_EVENTS and verbs:
        return verbs[0]
    reported = best.type == "decision" and _REPORTED_DECISION.search(sentence) is not None
    if speech and best.type in ("decision", "other", "document_signed") and _FUTURE.search(sentence) and not reported:
        return speech[-1]
    return best


def status_of(sentence: str, event_type: str, future: bool) -> str:
    """occurred, planned or cancelled."""
    lower = sentence.lower()
    if event_type in ("exercise", "meeting", "summit", "deployment") and re.search(r"\bcancel", lower):
        return "cancelled"
    if future or re.search(
        r"\b(planned|scheduled|upcoming|proposed for signing|to be held|expected to|plans? to|intends? to)\b", lower
    ):
        return "planned"
    return "occurred"
