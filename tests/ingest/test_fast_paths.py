"""Issue 15 (extraction speed): every fast path finds exactly what the plain form it replaces finds.

Each test runs the fast path and the plain one (a regex tried at every position, ``model_construct``, the
uncached resolution) over the development texts and over random strings built from the fragments that
trip each rule (odd spacing, case, dashes, the characters IGNORECASE folds beyond ASCII), and compares.
"""

from __future__ import annotations

import random
import re

import pytest

from csto.ingest import dates as date_module
from csto.ingest import linker as linker_module
from csto.ingest import sentences as sentence_module
from csto.ingest.clean import is_calendar
from csto.ingest.dates import DateExpr, Resolver, find_dates, is_future
from csto.ingest.linker import construct
from csto.ingest.models import DateMention, Mention
from csto.periods import PartialDate
from tests.ingest.conftest import GOLD

SAMPLES = 3000


def _gold_texts() -> list[str]:
    folders = [GOLD / "articles", GOLD / "news"]
    return [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.*"))]


def _random_texts(fragments: list[str], separators: list[str], seed: int, count: int = SAMPLES) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(fragments) for _ in range(rng.randint(1, 12))]
        texts.append("".join(part + rng.choice(separators) for part in parts))
    return texts


DATE_FRAGMENTS = [
    "on", "On", "last", "LAST", "this", "next", "the past", "the previous", "at the end of", "early", "late",
    "mid-", "mid", "Early-", "Monday", "monday", "FRIDAY", "yesterday", "Today", "tonight", "tomorrow", "day",
    "before", "the", "week", "month", "year", "ago", "two", "3", "in", "since", "until", "by", "during",
    "the end of", "end of", "beginning of", "June", "May", "Sept.", "Dec", "2019", "2021", "from", "From",
    "BETWEEN", "between", "to", "and", "-", "–", "—", "1990", "20", "/", "of", "1st", "22nd", "5", "12.", ".", "04",
    "ſ", "ı", "İ", "x", "17", "\u00a0", "05/2019", "2019-05-06T", "session", "clashes",
]  # fmt: skip


def test_find_dates_finds_what_every_pattern_tried_everywhere_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _gold_texts() + _random_texts(DATE_FRAGMENTS, [" ", " ", "", "  ", "\n", "\u00a0", "-"], seed=1)
    fast = [find_dates(text) for text in texts]
    plain = [
        (kind, re.compile(pattern, re.IGNORECASE if kind == "relative" else 0))
        for kind, pattern in date_module._PATTERNS
    ]
    monkeypatch.setattr(date_module, "_COMPILED", plain)
    monkeypatch.setattr(date_module, "_GATES", [() for _ in plain])
    monkeypatch.setattr(date_module, "_ANCHORS", [None for _ in plain])
    slow = [find_dates(text) for text in texts]
    assert fast == slow
    kinds = {expr.kind for found in slow for expr in found}
    assert {"relative", "month", "year_range", "range", "full", "month_day"} <= kinds  # the samples reach them


def test_is_future_answers_as_the_case_insensitive_pattern() -> None:
    plain = date_module._FUTURE
    assert date_module._FUTURE_ASCII is not None  # the fast path is in use
    fragments = ["will", "WILL", "is to", "is  to", "plans to", "coming days", "Coming Weeks", "next", "ſhall"]
    fragments += ["ıs to", "İs to", "xwill", "will_", "willy", "é", "K", "intends", "x", "-", "1"]
    texts = [line for text in _gold_texts() for line in text.split(".")]
    texts += _random_texts(fragments, ["", " ", "\n"], seed=2)
    answers = [is_future(text) for text in texts]
    assert answers == [plain.search(text) is not None for text in texts]
    assert any(answers) and not all(answers)


def test_the_sentence_end_pattern_matches_as_its_two_alternatives() -> None:
    plain = re.compile(sentence_module._END_TWO_ALTERNATIVES)
    fragments = [".", "!", "?", "…", '"', "'", "”", "’", "»", ")", "]", "A", "a", "Ab", "Я", "0", "—", "“", "(", "St"]
    texts = _gold_texts() + _random_texts(fragments, ["", " ", "\n", "\t"], seed=3)
    for text in texts:
        assert [m.span() for m in sentence_module._END.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_exercise_names_are_found_only_before_their_dashes_and_years() -> None:
    fragments = ["Interaction", "Rubezh", "Combat Brotherhood", "x", "ab", "A", "Ab", "-", "–", "—", "2019", "19"]
    fragments += ["05", "é", "Éa", "McDonald", "Search-Rescue", "7", "_", " 2024", "1999", "\t20"]
    texts = _gold_texts() + _random_texts(fragments, ["", " ", "\n", "  "], seed=4)
    pattern = linker_module._EXERCISE_NAME
    hits = 0
    for text in texts:
        plain = [m.span() for m in pattern.finditer(text)]
        hits += len(plain)
        fast = linker_module._matches(pattern, text, linker_module._exercise_starts(text))
        assert [m.span() for m in fast] == plain, text
    assert hits > 100


def test_whole_words_are_found_as_by_the_alternation() -> None:
    rng = random.Random(5)
    fragments = ["Zas", "Zasx", "Za", "Shoigu", "Sho", "ZasZas", "-", "_", "x", "1", "é", "²", "Ⅻ", "ı"]
    for text in _random_texts(fragments, ["", " ", "\n"], seed=6):
        words = rng.sample(["Zas", "Zasx", "Za", "Shoigu", "Sho", "ZasZas"], rng.randint(1, 4))
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])")
        plain = [(m.start(1), m.end(1), m.group(1)) for m in pattern.finditer(text)]
        assert linker_module._whole_words(text, words) == plain, (text, words)


def test_construct_builds_what_model_construct_builds() -> None:
    values = {
        "entity": "csto",
        "name": "CSTO",
        "kind": "organization",
        "text": "CSTO",
        "span": (3, 7),
        "status": "linked",
        "match": "exact",
        "score": 1.0,
        "role": None,
    }
    fast, plain = construct(Mention, dict(values)), Mention.model_construct(**values)
    assert fast == plain and fast.model_dump_json() == plain.model_dump_json()
    assert fast.model_fields_set == plain.model_fields_set
    date = {"text": "May 2019", "span": (0, 8), "value": "2019-05", "end": None, "relative": False, "how": "absolute"}
    assert construct(DateMention, dict(date)).model_dump_json() == DateMention(**date).model_dump_json()


def test_a_calendar_line_is_told_as_before() -> None:
    def plain(line: str) -> bool:
        if len(re.findall(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b", line, re.IGNORECASE)) >= 3:
            return True
        stripped = re.sub(r"[\s\"'“”]", "", line)
        return bool(stripped) and stripped.isdigit() and len(stripped) >= 3

    fragments = [" ", "\t", '"', "'", "“", "”", "1", "23", "²", "a", "Z", ".", "Mon", "tue", "Fri"]
    for line in _random_texts(fragments, ["", " "], seed=7):
        assert is_calendar(line) == plain(line), line


def test_remembered_resolutions_equal_fresh_ones() -> None:
    bases = [None, PartialDate(2024), PartialDate(2024, 3), PartialDate(2024, 3, 15)]
    exprs = [expr for text in _gold_texts() for expr in find_dates(text)]
    exprs.append(DateExpr(0, 6, "31 Feb", "month_day", None, 2, 31))  # no such day: unresolved, and remembered so
    for base in bases:
        for confident in (True, False):
            resolver = Resolver(base, confident)
            for expr in exprs:
                for future in (False, True):
                    try:
                        fresh = resolver._resolve(expr, future, 2019)
                    except ValueError:
                        fresh = date_module.Resolved(None, None, "unresolved")
                    assert resolver.resolve(expr, future, 2019) == fresh
                    assert resolver.resolve(expr, future, 2019) == fresh  # from the memo


# -- the events stage ---------------------------------------------------------------------------------------

TRIGGER_FRAGMENTS = [
    "held talks", "Held  Talks", "held\ttalks", "working meeting", "telephone conversation", "phone call",
    "Telephone talks", "war games", "War  games", "command-post games", "command post games", "commander",
    "command and staff games", "border battles", "border battle", "being sent", "sent", "troops", "arrived",
    "informal meeting", "Informal\nsession", "of the", "leaders", "of the CSTO", "became a member",
    "became a full member", "full member", "admitted to", "acceded", "joined", "joins", "confirmed", "approved",
    "as", "new", "Secretary", "in the post", "Collective Security Council", "met", "convened", "summit",
    "session of the collective security council", "exercises", "drills", "clashes", "a real war", "an armed conflict",
    "armed conflict", "said", "did not", "could", "at", "the", "Armenia", "with", "“quoted words here”", '"',
    "ſent", "İnformal", "K", "ı", ",", ".", "that", "the bloc would send",
]  # fmt: skip


def test_anchored_trigger_patterns_find_what_their_scans_find(monkeypatch: pytest.MonkeyPatch) -> None:
    from csto.ingest import triggers

    texts = _gold_texts() + _random_texts(TRIGGER_FRAGMENTS, [" ", " ", "", "  ", "\n", "\u00a0", "-"], seed=15)
    sentences = [text[start:end] for text in texts for start, end in sentence_module.split_sentences(text)]
    fast = [triggers.find_triggers(sentence) for sentence in sentences]
    assert sum(anchored for *_, anchored in triggers._SCREENED) > 1
    scanned = [(event_type, pattern, gate, False) for event_type, pattern, gate, _ in triggers._SCREENED]
    monkeypatch.setattr(triggers, "_SCREENED", scanned)  # the same screening, every pattern scanning the sentence
    assert [triggers.find_triggers(sentence) for sentence in sentences] == fast


@pytest.mark.parametrize(
    ("pattern", "gate", "anchored"),
    [
        (r"\b(?:said|told)\b", ("said", "told"), True),
        (r"\b(?:said|told)\b", ("said",), False),
        (r"\b((?:tele)?phone) call", ("phone",), False),
        (r"\b((?:tele)?phone) call", ("phone", "tele"), True),
        (r"(?<!a )armed conflict|clash(?:es)?", ("armed conflict", "clash"), True),
        (r"\b(?:troops|forces)\b[^.]{0,40}\b(sent)\b", ("sent",), False),
        (r"[Ss]ummit", ("summit",), False),
        (r"\s+summit", ("summit",), False),
        (r"(?:informal\s+)?(meeting|session)", ("meeting", "session"), False),
        (r"(?:informal\s+)?(meeting|session)", ("meeting", "session", "informal"), True),
        (r"\bCollective Security Council\s+met", ("collective security council",), True),
    ],
)
def test_a_pattern_is_anchored_only_when_every_match_opens_with_a_gate_word(
    pattern: str, gate: tuple[str, ...], anchored: bool
) -> None:
    from csto.ingest import triggers

    assert triggers._anchored(re.compile(pattern, re.IGNORECASE), gate) is anchored


def test_blocked_ranges_and_groups_are_read_as_by_the_plain_loops() -> None:
    from csto.ingest import triggers

    rng = random.Random(16)
    for text in _random_texts(TRIGGER_FRAGMENTS, [" ", ""], seed=16, count=1000):
        blocked = [(rng.randint(-5, len(text) + 5), rng.randint(-5, len(text) + 5)) for _ in range(rng.randint(0, 4))]
        marks = triggers._covered(blocked, len(text))
        for position in range(len(text) + 1):
            assert bool(marks[position]) == any(left <= position < right for left, right in blocked)
        for _, pattern, _, _ in triggers._SCREENED:
            for match in pattern.finditer(text):
                group = next((i for i in range(1, (match.re.groups or 0) + 1) if match.start(i) >= 0), 0)
                assert triggers._trigger_span(match) == match.span(group)
        assert triggers._has_quote_mark(text) or not triggers._QUOTED.search(text)


DEMONYM_FRAGMENTS = [
    "Russian", "russian", "RUSSIAN", "Belarussian", "belarusian", "Kazakh", "Kazakhstani", "kazakhstani", "Indian",
    "Azerbaijani", "Armenian", "-", "–", "Armenian-Azerbaijani", "border", "frontier", "troops", "foreign ministry",
    "defence", "the", "new", "side", "officials", "K", "ſ", "İ", "Kazakh\u212a", "panamerican", "american",
    "Chinese", "president", "x",
]  # fmt: skip


def test_demonyms_are_found_as_by_the_plain_scan() -> None:
    from csto.ingest import events

    texts = _gold_texts() + _random_texts(DEMONYM_FRAGMENTS, [" ", "  ", "", "\n", "\u00a0", ", "], seed=17)
    rng = random.Random(17)
    for text in texts:
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for low, high in ((0, len(text)), (start, end)):
            for pattern in (events._DEMONYM, events._PAIR):
                plain = [m.regs for m in pattern.finditer(text, low, high)]
                assert [m.regs for m in events._demonym_matches(text, low, high, pattern)] == plain, text


def test_the_last_sentence_end_is_found_as_by_the_forward_scan() -> None:
    from csto.ingest import timing

    texts = _gold_texts() + _random_texts(
        ["a", "b.", "?", "!", ".", "\n", "1.5", "x", "\u00a0", "\u2028", "\t"], [" ", "", "\n"], seed=18
    )
    rng = random.Random(18)
    for text in texts:
        for _ in range(20):
            low = rng.randint(0, len(text))
            high = rng.randint(low, min(len(text), low + 400))
            plain = max((m.end() for m in timing._SENTENCE_END.finditer(text, low, high)), default=low)
            assert timing._last_sentence_end(text, low, high) == plain, (text, low, high)


CONTEXT_FRAGMENTS = [
    "did not", "DIDN'T", "didn’t", "never", "refused to", "could", "Would", "may", "May", "the need to", "if",
    "whether", "not only", "not", "no longer", "denied that", "at", "At the opening of", "during", "after", "under",
    "ahead of", "in the course of", "on the sidelines of", "a", "the", "its", "new", "summit", "stop", "end", "the",
    "fighting", "attend", "take part in", "Ministers", "x", "-", "ſ", "ı", "İ", "K", "é", ".", ";", ",", "1",
]  # fmt: skip


def test_screened_context_tests_answer_as_the_patterns() -> None:
    from csto.ingest import triggers

    texts = _random_texts(CONTEXT_FRAGMENTS, [" ", "", "  ", "\n", "\u00a0"], seed=19)
    texts += [line for text in _gold_texts() for line in text.split("\n")]
    rng = random.Random(19)
    patterns = [p for p in (triggers._ABSENT, triggers._HYPOTHETICAL, triggers._NEGATED, triggers._SCENE)]
    assert all(triggers._SCREENS[id(p)] is not None for p in patterns)  # every one is screened
    skipped = 0
    for text in texts:
        lower = text.lower()
        aligned = len(lower) == len(text) and "ſ" not in text and "ı" not in text  # as ``find_triggers`` screens
        for pattern in [*patterns, triggers._STOPPED]:
            pos = rng.randint(0, len(text))
            plain = pattern.search(text, pos) is not None
            fast = triggers._found(pattern, text, lower if aligned else None, pos)
            assert fast == plain, (pattern.pattern, text, pos)
            skipped += not plain
    assert skipped > 1000


def test_triggers_are_found_as_without_the_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    from csto.ingest import triggers

    fragments = TRIGGER_FRAGMENTS + CONTEXT_FRAGMENTS
    texts = _gold_texts() + _random_texts(fragments, [" ", " ", "", "  ", "\n", "\u00a0", "-"], seed=20)
    sentences = [text[start:end] for text in texts for start, end in sentence_module.split_sentences(text)]
    fast = [triggers.find_triggers(sentence) for sentence in sentences]
    monkeypatch.setattr(triggers, "_SCREENS", {})
    assert [triggers.find_triggers(sentence) for sentence in sentences] == fast
    assert sum(len(found) for found in fast) > 1000


def test_council_words_are_found_as_by_the_plain_search() -> None:
    from csto.ingest import events
    from csto.ingest.triggers import may_match

    fragments = ["foreign", "Foreign", "ministers", "MINISTERS", "of", "defence", "defense", "Defen", "ce", "the"]
    fragments += ["security council", "secretaries", "Secretaries", "councils", "affairs", "K", "ſ", "İ", "x", ","]
    for text in _random_texts(fragments, [" ", "", "  ", "\n"], seed=21):
        low = text.lower() if text.isascii() else None
        for pattern, _ in events._COUNCIL_WORDS:
            fast = pattern.search(text) if may_match(pattern, low) else None
            plain = pattern.search(text)
            assert (fast and fast.span()) == (plain and plain.span()), (pattern.pattern, text)


def test_actors_are_read_as_with_the_plain_demonym_test(monkeypatch: pytest.MonkeyPatch) -> None:
    from csto.ingest import events
    from csto.ingest.demonyms import DEMONYMS

    names = {state: state.title() for state in DEMONYMS.values()} | {"russia": "Russia"}
    kinds = dict.fromkeys(names, "state")
    fragments = [*DEMONYM_FRAGMENTS, "Kazakhstan", "Tajikistan's", "an", "a", "as", "Kremlin", "the White House", "."]
    texts = _random_texts(fragments, [" ", "  ", "", "\n", ", ", "-"], seed=22) + _gold_texts()
    rng = random.Random(22)
    spans = []
    for text in texts:
        start = rng.randint(0, len(text))
        spans.append((text, (start, rng.randint(start, len(text)))))
        spans.append((text, (0, len(text))))

    def read() -> list[list[tuple[str, str, int]]]:
        return [events._actors(text, events.Sentence(span, 0, [], []), names, kinds) for text, span in spans]

    fast = read()
    monkeypatch.setattr(events, "may_name_demonym", lambda sentence: events._names_demonym(sentence, 0, len(sentence)))
    assert read() == fast
    assert sum(len(found) for found in fast) > 500


def test_the_last_clause_cut_is_found_as_by_the_cut_scan() -> None:
    from csto.ingest import events
    from csto.ingest.scans import last_cut_end

    fragments = [",", ";", ":", " and ", "and", " but ", "  while\n", "whereas", " ", "\t", "x", "and and", "é"]
    rng = random.Random(23)
    for text in _random_texts(fragments, ["", " ", "\n"], seed=23) + _gold_texts()[:20]:
        for _ in range(10):
            before = rng.randint(0, len(text))
            plain = max((m.end() for m in events._CLAUSE_CUT.finditer(text, 0, before)), default=0)
            assert last_cut_end(events._CLAUSE_CUT, text, before) == plain, (text, before)


def test_a_merged_claim_is_the_copy_pydantic_makes() -> None:
    from csto.ingest.dedupe import _updated
    from csto.ingest.models import EventClaim

    built = EventClaim(
        type="meeting", date="2024-05", actors=["A"], actor_ids=["a"], span=(0, 5), quote="x", confidence=0.6
    )
    for claim in (built, construct(EventClaim, dict(built.__dict__))):
        update = {"actor_ids": ["a", "b"], "actors": ["A", "B"], "confidence": 0.7, "date": None}
        fast, plain = _updated(claim, update), claim.model_copy(update=update)
        assert fast == plain and fast.model_dump_json() == plain.model_dump_json()
        assert fast.model_fields_set == plain.model_fields_set and fast.__dict__ == plain.__dict__
        assert list(fast.__dict__) == list(plain.__dict__)


def test_headings_and_titles_count_words_as_a_full_split() -> None:
    from csto.ingest import extract, listing

    def plain_heading(line: str) -> bool:
        stripped = line.strip()
        return bool(stripped) and len(stripped.split()) <= 15 and not stripped.endswith((".", "!", "?", "”", '"', "…"))

    for line in _random_texts(["Word", "word", " ", "\t", "\u00a0", ".", "of", "A"], [" ", ""], seed=24, count=3000):
        assert extract._heading(line) == plain_heading(line), line
        words = line.strip().split()
        content = [w for w in words if w.lower() not in listing._SMALL and re.match(r"[A-Za-z]", w)]
        plain_title = (
            4 <= len(words) <= 18
            and not line.strip().endswith(listing._TERMINAL)
            and bool(content)
            and sum(1 for w in content if w[0].isupper()) / len(content) >= 0.7
        )
        assert listing.is_title(line) == plain_title, line


def test_name_runs_are_found_as_by_the_token_by_token_loop() -> None:
    from csto.ingest.linker import Linker, _Tokens, build_nlp

    def plain(table: _Tokens) -> list[tuple[int, int]]:
        runs, words, caps, count, index = [], table.words, table.capital, len(table.words), 0
        while index < count:
            if caps[index]:
                end = index + 1
                while end < count and (
                    caps[end] or (table.like_num[end] and words[end - 1] in "-–—") or table.bridge(end)
                ):
                    end += 1
                runs.append((index, end))
                index = end
            else:
                index += 1
        return runs

    nlp = build_nlp()
    fragments = ["Collective", "Security", "Council", "of", "the", "CSTO", "and", "-", "2024", "Rubezh", "x", "é", "É"]
    fragments += ["Interaction-2019", "in", "de", "Minsk", "—", "USA", "a", "12", ".", ","]
    runs = 0
    for text in _random_texts(fragments, [" ", "", "  ", "\n"], seed=25, count=1000) + _gold_texts()[:20]:
        table = _Tokens(nlp.make_doc(text), text)
        found = Linker._runs(table)
        assert found == plain(table), text
        runs += len(found)
    assert runs > 1000


def test_ranges_are_blanked_as_character_by_character() -> None:
    from csto.ingest import clean

    def plain(text: str, ranges: list[tuple[int, int]]) -> str:
        chars = list(text)
        for start, end in ranges:
            clean._blank(chars, start, end)
        return "".join(chars)

    rng = random.Random(26)
    fragments = ["Subscribe", "\n", "\r\n", "\u2028", "\x0b", " ", "é", "[caption]", "\t", "text"]
    texts = _gold_texts() + ["".join(rng.choice(fragments) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    for text in texts:
        ranges = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(0, len(text))
            ranges.append((start, rng.randint(start, len(text))))
        assert clean._blanked(text, ranges) == plain(text, ranges), (text, ranges)


def test_patterns_screened_by_their_opening_words_find_what_they_find() -> None:
    from csto.ingest import events
    from csto.ingest.triggers import may_match, openings

    patterns = [events._VAGUE, events._SAID_BEFORE, events._GOVERNED_FUTURE, events._GENERIC_SPEAKER]
    assert all(openings(pattern) for pattern in patterns)
    fragments = ["a few", "A Few", "several", "SOME", "many", "days", "weeks ago", "ago", "had", "HAD said", "said"]
    fragments += ["earlier", "Previously", "will", "Would", "shall", "is going to", "leave", "analysts", "Media"]
    fragments += ["reported", "K", "ſ", "İ", "ı", "x", ",", "-", "é"]
    rng = random.Random(27)
    found = 0
    for text in _random_texts(fragments, [" ", "", "  ", "\n"], seed=27) + _gold_texts():
        low = text.lower() if text.isascii() else None
        for pattern in patterns:
            end = rng.randint(0, len(text))
            plain = pattern.search(text, 0, end)
            fast = pattern.search(text, 0, end) if may_match(pattern, low) else None
            assert (fast and fast.span()) == (plain and plain.span()), (pattern.pattern, text)
            found += plain is not None
    assert found > 500
