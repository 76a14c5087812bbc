"""The index's method on synthetic members whose behaviour is known."""

from __future__ import annotations

import random
from datetime import date
from itertools import pairwise

from csto.alignment.method import Evidence, MethodParams, index_at, index_path


def _member(truth: dict[int, float], per_year: int = 3, noise: float = 0.6, seed: int = 7) -> list[Evidence]:
    rng = random.Random(seed)
    return [
        Evidence(
            f"e-{year}-{k}",
            "synthetic",
            date(year, 1 + 4 * k, 1),
            max(-2.0, min(2.0, value + rng.gauss(0, noise))),
            1.0,
        )
        for year, value in truth.items()
        for k in range(per_year)
    ]


def test_a_member_drifting_from_plus_two_to_minus_two_falls_and_crosses_zero_near_the_right_year() -> None:
    truth = {y: 2.0 - 4.0 * (y - 2000) / 20 for y in range(2000, 2021)}  # crosses 0 in 2010
    path = index_path(_member(truth), 2000, 2020)
    means = [p.mean for p in path]
    assert means[0] > 1.0 and means[-1] < -1.0
    assert sum(b < a for a, b in pairwise(means)) >= 16  # falling almost every year
    crossing = next(p.year for p in path if p.mean < 0)
    assert 2008 <= crossing <= 2012


def test_a_member_with_no_evidence_gets_a_wide_interval_not_a_confident_zero() -> None:
    path = index_path([], 2000, 2010)
    assert all(p.mean == 0.0 for p in path)
    assert all(p.high - p.low > 3.0 for p in path)
    informed = index_path(_member({y: 1.0 for y in range(2000, 2011)}), 2000, 2010)
    assert all(p.high - p.low < 1.5 for p in informed)


def test_a_gap_in_the_record_widens_the_interval() -> None:
    evidence = _member({y: 1.5 for y in (2000, 2001, 2002, 2012, 2013)})
    path = {p.year: p for p in index_path(evidence, 2000, 2013)}
    assert path[2007].sd > 2 * path[2001].sd  # (the interval itself is clipped to the scale)


def test_a_single_outlier_moves_the_index_little() -> None:
    steady = _member({y: 1.5 for y in range(2000, 2021)}, noise=0.0)
    outlier = Evidence("outlier", "synthetic", date(2010, 6, 1), -2.0, 1.0)
    before = {p.year: p.mean for p in index_path(steady, 2000, 2020)}
    after = {p.year: p.mean for p in index_path([*steady, outlier], 2000, 2020)}
    naive_shift = 1.5 - (3 * 1.5 - 2.0) / 4  # what a plain mean of that year's four items would do
    assert abs(before[2010] - after[2010]) < 0.3 < naive_shift
    assert all(abs(before[y] - after[y]) < 0.1 for y in before if abs(y - 2010) >= 3)


def test_without_robust_weights_the_same_outlier_moves_it_more() -> None:
    steady = _member({y: 1.5 for y in range(2000, 2021)}, noise=0.0)
    outlier = Evidence("outlier", "synthetic", date(2010, 6, 1), -2.0, 1.0)
    plain = MethodParams(passes=0)
    moved = index_path(steady, 2000, 2020, plain)[10].mean - index_path([*steady, outlier], 2000, 2020, plain)[10].mean
    robust = index_path(steady, 2000, 2020)[10].mean - index_path([*steady, outlier], 2000, 2020)[10].mean
    assert robust < moved


def test_heavier_evidence_counts_more() -> None:
    light = [Evidence("a", "s", date(2005, 1, 1), 2.0, 0.2), Evidence("b", "s", date(2005, 2, 1), -2.0, 1.0)]
    assert index_path(light, 2005, 2005)[0].mean < 0


def test_the_index_on_a_day_uses_only_evidence_dated_before_it() -> None:
    evidence = _member({y: 1.5 for y in range(2000, 2010)})
    late = [Evidence(f"late-{k}", "s", date(2010, 3, 1 + k), -2.0, 1.0) for k in range(10)]
    on_day = index_at([*evidence, *late], date(2010, 3, 1), 1992)
    assert on_day.mean > 1.0
    assert not any(e.startswith("late") for e in on_day.evidence)
    after = index_at([*evidence, *late], date(2010, 4, 1), 1992)
    assert after.mean < on_day.mean - 1.0


def test_every_point_lists_the_evidence_of_its_year() -> None:
    evidence = _member({2004: 1.0, 2005: -1.0})
    path = {p.year: p for p in index_path(evidence, 2003, 2006)}
    assert path[2003].evidence == ()
    assert set(path[2004].evidence) == {"e-2004-0", "e-2004-1", "e-2004-2"}
