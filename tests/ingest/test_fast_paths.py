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
