"""Summaries: path keys packed into one integer, distributions, and the named stages of a path."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.sim.prepare import Prepared
from csto.sim.results import Distribution, _count_rows, path_steps
from csto.sim.run import Simulator


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 15), st.integers(0, 63)), min_size=1, max_size=50))
def test_packed_and_unpacked_counts_agree(rows: list[tuple[int, int, int]]) -> None:
    keys = np.array(rows, dtype=np.int64)
    packed = dict(_count_rows(keys, [2, 4, 6]))
    plain = dict(_count_rows(keys, [30, 30, 30]))  # too wide to pack: sorted rows instead
    assert packed == plain
    assert sum(packed.values()) == len(rows)
    assert packed == {r: rows.count(r) for r in set(rows)}


def test_distribution_summary() -> None:
    values = np.array([np.nan, 1.0, 2.0, 3.0, np.nan], dtype=np.float32)
    d = Distribution.of(values, 5, "hours")
    assert (d.n, d.share, d.p50, d.mean) == (3, 0.6, 2.0, 2.0)
    assert Distribution.of(np.array([np.nan]), 1, "hours").n == 0


def test_paths_are_named_stage_by_stage(kz_prepared: Prepared) -> None:
    result = Simulator(kz_prepared, seed=3).run(5_000)
    for outcome, views in result.paths.items():
        assert sum(v.probability for v in views) <= result.outcomes[outcome] + 1e-12
        assert [v.count for v in views] == sorted((v.count for v in views), reverse=True)
    top = result.paths["assistance"][0]
    assert top.steps[0].startswith("collective assistance")
    assert any(s.startswith("forces sent by:") for s in top.steps)
    assert top.steps[-1] == "outcome: collective assistance"
    blocked = next(v for v in result.paths["consultations_or_mission"] if "blocked by" in v.steps[0])
    assert blocked.steps[1].startswith("mission or other non-military measures")
    assert path_steps(kz_prepared, (0, 1, 1, 0, 0, 0, 0))[0].startswith("collective assistance: not admissible")
