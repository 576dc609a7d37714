"""Kendall's tau-b is computed from integer pair counts: exact where the arithmetic is exact
(identical rankings 1, reversed −1), and equal to scipy's value elsewhere (scipy.stats.kendalltau
is the reference, within 1e-12)."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import kendalltau

from engine.compare.comparison import _tau
from tests.cli_support import run_in_process

scores = st.lists(st.integers(0, 6).map(float), min_size=2, max_size=12)


@given(scores)
def test_identical_rankings_give_exactly_one_and_reversed_minus_one(x: list[float]) -> None:
    a = np.array(x)
    tau, _ = _tau(a, a)
    if len(set(x)) == 1:
        assert tau is None  # a constant ranking: undefined
    else:
        assert tau == 1.0
        assert _tau(a, -a)[0] == -1.0


@given(scores, st.randoms())
def test_agrees_with_scipy(x: list[float], rnd) -> None:  # type: ignore[no-untyped-def]
    a = np.array(x)
    b = np.array(rnd.sample(x, len(x)))
    tau, _ = _tau(a, b)
    reference = kendalltau(-a, -b).statistic  # ranks: 1 is the highest score
    if tau is None:
        assert np.isnan(reference)
    else:
        assert abs(tau - reference) < 1e-12


def test_comparing_a_file_with_itself_prints_exactly_one() -> None:
    run = run_in_process("compare", "builtin", "builtin", "--format", "json")
    assert run.code == 0, run.err
    assert '"kendall_tau": 1.0,' in run.out
    assert json.loads(run.out)["kendall_tau"] == 1
