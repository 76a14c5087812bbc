"""The kernel's lookup tables of rulings give the decider's own answers, filled once per pattern."""

from __future__ import annotations

import gc

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.sim import kernel
from csto.sim.kernel import Rulings, _decide_sparse, rulings_of
from csto.sim.prepare import Prepared
from csto.sim.procedure import PatternDecider

from .conftest import ToyConsensus


def _decider(prep: Prepared) -> tuple[PatternDecider, ToyConsensus]:
    rung = prep.rungs[0]
    procedure = ToyConsensus()
    return PatternDecider(procedure, rung.decider.request, rung.view, prep.members), procedure


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=6, max_size=6), min_size=1, max_size=60))
def test_tables_answer_as_the_decider_does(kz_prepared: Prepared, rows: list[list[int]]) -> None:
    decider, procedure = _decider(kz_prepared)
    stances = np.array(rows, dtype=np.int8)
    expected = decider.decide(stances)
    calls = procedure.calls
    rulings = Rulings(decider)
    codes = stances.astype(np.int64) @ rulings.weights
    assert np.array_equal(codes, decider.encode(stances))
    for _ in range(2):  # the second time from the tables alone
        verdicts, blockers = rulings.decide(decider, codes)
        assert np.array_equal(verdicts, expected[0]) and np.array_equal(blockers, expected[1])
        assert verdicts.dtype == np.int8 and blockers.dtype == np.int64
    assert procedure.calls == calls  # every ruling came from the decider's cache
    sparse = _decide_sparse(decider, codes)
    assert np.array_equal(sparse[0], expected[0]) and np.array_equal(sparse[1], expected[1])


def test_tables_are_kept_per_decider_while_it_lives(kz_prepared: Prepared) -> None:
    decider, _ = _decider(kz_prepared)
    first = rulings_of(decider)
    assert rulings_of(decider) is first
    other, _ = _decider(kz_prepared)
    assert rulings_of(other) is not first
    key = id(decider)
    del decider, first
    gc.collect()
    assert key not in kernel._RULINGS or kernel._RULINGS[key].owner() is not None
