"""Dates in text: absolute, relative to the publication date (never today), ranges, precision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csto.ingest.dates import Resolver, find_dates
from csto.periods import PartialDate, Precision

BASE = PartialDate(2022, 10, 10)  # a Monday


def resolve(
    text: str, base: PartialDate | None = BASE, future: bool = False, confident: bool = True
) -> tuple[str | None, str | None]:
    found = find_dates(text)
    assert found, f"no date found in {text!r}"
    result = Resolver(base, confident).resolve(found[0], future=future)
    return (str(result.value) if result.value else None, str(result.end) if result.end else None)


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("On 24 April 2024, in Moscow", "2024-04-24", None),
        ("24.04.2024", "2024-04-24", None),
        ("on May 15, 1992", "1992-05-15", None),
        ("in January 2022", "2022-01", None),
        ("joined in 1993", "1993", None),
        ("From 1 to 23 April 2024", "2024-04-01", "2024-04-23"),
        ("between 30 May and 6 June", "2022-05-30", "2022-06-06"),
        ("on September 14-17", "2022-09-14", "2022-09-17"),
        ("from Monday 10 to Friday 14 October", "2022-10-10", "2022-10-14"),
        ("On June 6", "2022-06-06", None),
        ("yesterday", "2022-10-09", None),
        ("last week", "2022-10-03", "2022-10-09"),
        ("at the end of April last year", "2021-04", None),
        ("January 10 of this year", "2022-01-10", None),
        ("last month", "2022-09", None),
        ("next year", "2023", None),
        ("two days ago", "2022-10-08", None),
        ("Thirty years ago today", "1992-10-10", None),
        ("on Monday", "2022-10-10", None),
        ("on Friday", "2022-10-07", None),
    ],
)
def test_expressions_resolve_against_the_publication_date(text: str, value: str, end: str | None) -> None:
    assert resolve(text) == (value, end)


def test_future_context_moves_bare_dates_forward() -> None:
    assert resolve("on 5 January", future=True) == ("2023-01-05", None)
    assert resolve("on 5 January", future=False) == ("2022-01-05", None)
    assert resolve("in November", future=True) == ("2022-11", None)


def test_names_with_years_are_not_dates() -> None:
    assert [d.text for d in find_dates("the exercise Interaction-2025 and Cobalt-2025")] == []
    assert [d.text for d in find_dates("a border of 1374.2 km")] == []


def test_without_a_base_relative_dates_stay_unknown() -> None:
    assert resolve("yesterday", base=None) == (None, None)
    assert resolve("On June 6", base=None) == (None, None)
    assert resolve("on 24 April 2024", base=None) == ("2024-04-24", None)


def test_an_estimated_base_takes_the_nearest_year_and_no_day_level_words() -> None:
    assert resolve("February 5", base=PartialDate(2018, 1, 15), confident=False) == ("2018-02-05", None)
    assert resolve("August 31", base=PartialDate(2024, 9, 26), confident=False) == ("2024-08-31", None)
    assert resolve("February 13", base=PartialDate(2023), confident=False) == ("2023-02-13", None)


def test_precision_follows_the_expression() -> None:
    value = Resolver(BASE).resolve(find_dates("in March 2020")[0]).value
    assert value is not None and value.precision is Precision.MONTH


def test_impossible_days_are_not_read_as_days() -> None:
    assert [d.text for d in find_dates("on 31 June 2024")] == ["June 2024"]
    assert [d.text for d in find_dates("on 30.02.2024")] == []


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)))
def test_relative_words_follow_any_base(day: date) -> None:
    base = PartialDate.parse(day)
    assert resolve("yesterday", base) == (str(day - timedelta(days=1)), None)
    start, end = resolve("last week", base)
    assert start is not None and end is not None
    monday = date.fromisoformat(start)
    assert monday.weekday() == 0 and date.fromisoformat(end) - monday == timedelta(days=6)
    assert monday < day - timedelta(days=day.weekday()) <= monday + timedelta(days=7)
    assert resolve("last year", base) == (str(day.year - 1), None)
