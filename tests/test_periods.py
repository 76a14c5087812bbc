"""Property tests for partial dates and periods: precision, containment, overlap, open ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csto.periods import DateError, PartialDate, Period, Precision, parse_day

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 30))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(days)
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.YEAR:
        return PartialDate(day.year)
    if precision is Precision.MONTH:
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    a, b = draw(partial_dates()), draw(partial_dates())
    if b.latest < a.earliest:
        a, b = b, a
    if b.latest < a.earliest:  # overlapping spans of different precision may still be unordered
        b = a
    start = draw(st.one_of(st.none(), st.just(a)))
    end = draw(st.one_of(st.none(), st.just(b)))
    return Period(start, end)


@given(partial_dates())
def test_text_round_trip_keeps_precision(p: PartialDate) -> None:
    again = PartialDate.parse(str(p))
    assert again == p
    assert again.precision == p.precision


@given(partial_dates())
def test_span_is_ordered_and_exact_for_days(p: PartialDate) -> None:
    assert p.earliest <= p.latest
    assert (p.earliest == p.latest) == (p.precision is Precision.DAY)


@given(periods(), days)
def test_certainly_implies_possibly(period: Period, day: date) -> None:
    if period.certainly_contains(day):
        assert period.possibly_contains(day)


@given(partial_dates(), days)
def test_open_end_contains_everything_after_start(start: PartialDate, day: date) -> None:
    period = Period(start, None)
    assert period.is_open()
    assert period.possibly_contains(day) == (day >= start.earliest)
    if day >= start.latest:
        assert period.certainly_contains(day)


@given(days)
def test_fully_open_period_contains_every_day(day: date) -> None:
    assert Period().certainly_contains(day)


@given(periods(), periods())
def test_overlap_is_symmetric_and_certain_overlap_implies_overlap(a: Period, b: Period) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    assert a.certainly_overlaps(b) == b.certainly_overlaps(a)
    if a.certainly_overlaps(b):
        assert a.overlaps(b)


@given(periods(), days)
def test_containing_a_day_means_overlapping_that_day(period: Period, day: date) -> None:
    point = Period(PartialDate.parse(day), PartialDate.parse(day))
    assert period.possibly_contains(day) == period.overlaps(point)


@given(partial_dates())
def test_a_year_bound_covers_its_whole_year(p: PartialDate) -> None:
    year = Period(PartialDate(p.year), PartialDate(p.year))
    assert year.possibly_contains(p.earliest) and year.possibly_contains(p.latest)
    assert not year.possibly_contains(date(p.year, 1, 1) - timedelta(days=1))
    assert not year.possibly_contains(date(p.year, 12, 31) + timedelta(days=1))


def test_month_precision_is_possible_then_certain() -> None:
    period = Period.parse("2024-02", None)
    assert period.possibly_contains(date(2024, 2, 1))
    assert not period.certainly_contains(date(2024, 2, 1))
    assert period.certainly_contains(date(2024, 2, 29))


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2023-02-29", "2024-13", "24-01-01", "2024/01/01", "", "0000", "2024-1-5", "soon"]
)
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_leap_day_is_accepted() -> None:
    assert PartialDate.parse("2024-02-29").latest == date(2024, 2, 29)


def test_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(DateError, match="ends"):
        Period.parse("2020", "2019-12")


def test_point_queries_need_a_full_date() -> None:
    assert parse_day("2012-06-28") == date(2012, 6, 28)
    with pytest.raises(DateError, match="full date"):
        parse_day("2012-06")
