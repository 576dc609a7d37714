"""The one rank function (`engine.kernel.ranks`) against the plain definition — rank = 1 +
the number of scores above s + tol, so ties within the tolerance share the better rank — on
both of its paths (pairwise comparisons for a few scenarios, sorting for a long row), and
`kernel.score_ranks` against scoring and ranking whole."""

from __future__ import annotations

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as hs
import numpy as np
import pytest
from hypothesis import given, settings

from engine import kernel, rank_kernel

FEW = [0.0, 1e-10, 5e-10, 1e-9, 2e-9, 19.999, 20.0, 55.5, 100.0]
"""Few values, some closer than the tolerance, so ties and near-ties are common."""


def plain(scores: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """The definition, one scenario at a time (the test's own reading of it)."""
    s = np.asarray(scores, dtype=np.float64)
    out = np.empty(s.shape, dtype=np.int64)
    for idx in np.ndindex(s.shape):
        row = s[idx[:-1]]
        out[idx] = 1 + sum(1 for v in row if v > s[idx] + tol)
    return out


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=9),
                  elements=hs.sampled_from(FEW)))  # fmt: skip
@settings(max_examples=150, deadline=None)
def test_ranks_are_the_definition(scores):
    r = kernel.ranks(scores)
    np.testing.assert_array_equal(r, plain(scores))
    assert r.dtype == np.int8  # the smallest integer type holding S ≤ 9


@given(hs.lists(hs.sampled_from(FEW), min_size=kernel.SORTED_RANKS_ABOVE + 1, max_size=300))
@settings(max_examples=60, deadline=None)
def test_sorted_path_is_the_definition(values):
    s = np.array(values)
    np.testing.assert_array_equal(kernel.ranks(s), plain(s))
    order = np.argsort(s, kind="stable")
    out = np.empty(len(s), dtype=np.int64)
    kernel.ranks(s, order=order, out=out)
    np.testing.assert_array_equal(out, plain(s))


def test_sorted_path_across_blocks(monkeypatch):
    monkeypatch.setattr(rank_kernel, "RANK_BLOCK", 7)
    s = np.random.default_rng(1).choice(FEW, 500)
    np.testing.assert_array_equal(kernel.ranks(s), plain(s))


def test_rank_type_is_the_smallest_that_holds_s():
    assert kernel.rank_dtype(127) == np.int8
    assert kernel.rank_dtype(128) == np.int16
    assert kernel.rank_dtype(40_000) == np.int32
    assert kernel.ranks(np.zeros((2, 200))).dtype == np.int16
    np.testing.assert_array_equal(kernel.ranks(np.zeros((2, 200))), 1)


@pytest.mark.parametrize("method", kernel.METHODS)
@pytest.mark.parametrize("block", [1, 7, 4096])
def test_score_ranks_equal_scoring_then_ranking(method, block):
    rng = np.random.default_rng(5)
    x = rng.random((5, 4))
    x[1] = x[0]  # an exact tie in every row
    w = rng.random((1000, 4))
    scores, r = kernel.score_ranks(x, w, method, block=block)
    np.testing.assert_allclose(scores, kernel.aggregate(x, w, method), rtol=1e-13)
    np.testing.assert_array_equal(r, plain(scores))
    assert (r[:, 0] == r[:, 1]).all() and r.dtype == np.int8
