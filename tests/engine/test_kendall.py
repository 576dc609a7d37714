"""`engine.kendall.tau_p` gives scipy's `kendalltau` (tau-b, default two-sided p-value) without
importing scipy: checked against scipy itself on rankings with and without ties, small and
large (exact and asymptotic p-values)."""

from __future__ import annotations

import math

import hypothesis.strategies as hs
import numpy as np
import pytest
from hypothesis import given, settings

from engine import kendall

stats = pytest.importorskip("scipy.stats")


def check(x: np.ndarray, y: np.ndarray) -> None:
    ours = kendall.tau_p(x, y)
    ref = stats.kendalltau(x, y)
    for a, b in zip(ours, (float(ref.statistic), float(ref.pvalue)), strict=True):
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-15)


@given(hs.integers(2, 40).flatmap(lambda n: hs.tuples(
    hs.lists(hs.integers(0, n), min_size=n, max_size=n),
    hs.lists(hs.integers(0, n), min_size=n, max_size=n))))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_equals_scipy_with_ties(pair):
    check(np.array(pair[0]), np.array(pair[1]))


@pytest.mark.parametrize("n", [2, 3, 5, 8, 20, 33, 34, 60])
def test_equals_scipy_without_ties(n):
    rng = np.random.default_rng(n)
    for _ in range(20):
        check(rng.permutation(n), rng.permutation(n))
    check(np.arange(n), np.arange(n))  # identical: tau 1
    check(np.arange(n), np.arange(n)[::-1])  # reversed: tau −1


def test_constant_ranking_is_undefined():
    assert all(math.isnan(v) for v in kendall.tau_p([1, 1, 1], [1, 2, 3]))
