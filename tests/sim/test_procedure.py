"""Deciding many stance patterns at once: one procedure call per distinct pattern."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.sim.prepare import Prepared
from csto.sim.procedure import PatternDecider, Stance
from csto.vocabulary import Verdict

from .conftest import ToyConsensus


def test_encode_and_decode_are_inverse(kz_prepared: Prepared) -> None:
    decider = kz_prepared.rungs[0].decider
    stances = np.array([[0, 1, 2, 3, 0, 1]], dtype=np.int8)
    code = int(decider.encode(stances)[0])
    assert decider.decode(code) == dict(zip(kz_prepared.members, map(Stance, [0, 1, 2, 3, 0, 1]), strict=True))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=6, max_size=6), min_size=1, max_size=60))
def test_batch_decisions_equal_one_by_one_decisions(kz_prepared: Prepared, rows: list[list[int]]) -> None:
    rung = kz_prepared.rungs[0]
    procedure = ToyConsensus()
    decider = PatternDecider(procedure, rung.decider.request, rung.view, kz_prepared.members)
    stances = np.array(rows, dtype=np.int8)
    verdicts, blockers = decider.decide(stances)
    assert procedure.calls == len({tuple(r) for r in rows})
    for row, verdict, mask in zip(rows, verdicts, blockers, strict=True):
        positions = dict(zip(kz_prepared.members, map(Stance, row), strict=True))
        ruling = ToyConsensus().decide(rung.decider.request, rung.view, positions)
        assert Verdict(int(verdict)) is ruling.verdict
        assert int(mask) == decider.mask(ruling.blockers)
