"""Laws of the aggregation kernel (property tests) and known answers computed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import aggregate, contributions, kernel
from indicators.errors import UnknownNameError, WeightError
from scenarios.model import METHOD_NAMES

METHODS = kernel.METHODS
unit = st.floats(0.0, 1.0, allow_nan=False)
positive = st.floats(0.01, 10.0, allow_nan=False)


@st.composite
def problems(draw, max_s=6, max_k=8):
    s = draw(st.integers(1, max_s))
    k = draw(st.integers(1, max_k))
    x = draw(arrays(np.float64, (s, k), elements=unit))
    # Zero or a normal positive number: subnormal weights scaled by 0.5 legitimately become 0.
    weight = st.one_of(st.just(0.0), st.floats(1e-6, 10.0))
    w = draw(arrays(np.float64, (k,), elements=weight))
    if w.sum() <= 0:
        w[draw(st.integers(0, k - 1))] = 1.0
    return x, w


def test_methods_match_the_file_format():
    assert tuple(METHOD_NAMES) == METHODS


@pytest.mark.parametrize("method", METHODS)
@given(problems())
def test_scores_are_between_0_and_100(method, p):
    x, w = p
    s = aggregate(x, w, method)
    assert s.shape == (x.shape[0],)
    assert np.all(s >= -1e-9) and np.all(s <= 100 + 1e-9)


@pytest.mark.parametrize("method", METHODS)
@given(problems(), positive)
def test_invariant_to_weight_scale(method, p, c):
    x, w = p
    np.testing.assert_allclose(aggregate(x, w * c, method), aggregate(x, w, method), atol=1e-9)


@pytest.mark.parametrize("method", METHODS)
@given(problems(), st.randoms(use_true_random=False))
def test_invariant_to_order_of_indicators_and_scenarios(method, p, rnd):
    x, w = p
    ks = list(range(x.shape[1]))
    ss = list(range(x.shape[0]))
    rnd.shuffle(ks)
    rnd.shuffle(ss)
    base = aggregate(x, w, method)
    moved = aggregate(x[np.ix_(ss, ks)], w[ks], method)
    np.testing.assert_allclose(moved, base[ss], atol=1e-9)


@pytest.mark.parametrize("method", METHODS)
@given(problems(), st.data())
def test_monotone_in_an_indicator_with_positive_weight(method, p, data):
    x, w = p
    k = data.draw(st.sampled_from(np.flatnonzero(w > 0).tolist()))
    up = x.copy()
    up[:, k] = np.minimum(1.0, x[:, k] + data.draw(st.floats(0.0, 1.0)))
    assert np.all(aggregate(up, w, method) >= aggregate(x, w, method) - 1e-9)


@pytest.mark.parametrize("method", METHODS)
@given(problems())
def test_contributions_sum_to_the_score(method, p):
    x, w = p
    c = contributions(x, w, method)
    assert c.shape == x.shape
    np.testing.assert_allclose(c.sum(axis=-1), aggregate(x, w, method), atol=1e-8)
    assert np.all(c >= -1e-12)


@pytest.mark.parametrize("method", METHODS)
@given(problems(max_s=4, max_k=5), st.integers(1, 4))
def test_batches_of_weight_vectors_equal_one_by_one(method, p, n):
    x, w = p
    ws = np.stack([w * (i + 1) + i * 0.1 for i in range(n)])
    batch = aggregate(x, ws, method)
    assert batch.shape == (n, x.shape[0])
    for i in range(n):
        np.testing.assert_allclose(batch[i], aggregate(x, ws[i], method), atol=1e-9)


def test_leading_dimensions_broadcast():
    rng = np.random.default_rng(7)
    x = rng.random((3, 1, 5, 4))  # samples × 1 × scenarios × indicators
    w = rng.random((2, 4))  # two weight vectors
    out = aggregate(x, w, "arithmetic")
    assert out.shape == (3, 2, 5)
    np.testing.assert_allclose(out[1, 0], aggregate(x[1, 0], w[0]))


def test_known_answers_by_hand():
    # Hand computation: x = (1, 0.5, 0), w = (2, 1, 1) → normalised (0.5, 0.25, 0.25).
    x = np.array([[1.0, 0.5, 0.0]])
    w = np.array([2.0, 1.0, 1.0])
    # arithmetic: 100·(0.5 + 0.125 + 0) = 62.5
    assert aggregate(x, w)[0] == pytest.approx(62.5)
    # geometric: 100 · 1^0.5 · 0.5^0.25 · 0.001^0.25 = 100 · 0.840896 · 0.177828 = 14.953
    assert aggregate(x, w, "geometric")[0] == pytest.approx(14.95349, rel=1e-5)
    # topsis: d− = sqrt(0.5 + 0.0625) = 0.75, d+ = sqrt(0.0625 + 0.25) = 0.559017;
    # 100 · 0.75 / 1.309017 = 57.2949
    assert aggregate(x, w, "topsis")[0] == pytest.approx(57.2949, rel=1e-5)
    np.testing.assert_allclose(contributions(x, w)[0], [50.0, 12.5, 0.0])


@pytest.mark.parametrize(
    "w", [[0.0, 0.0], [-1.0, 2.0], [np.nan, 1.0], [np.inf, 1.0]], ids=["zero", "neg", "nan", "inf"]
)
def test_bad_weights_are_input_errors(w):
    with pytest.raises(WeightError):
        aggregate(np.ones((2, 2)), np.array(w))


@pytest.mark.parametrize("method", METHODS)
def test_blocks_of_weight_vectors(method, monkeypatch):
    """Many weight vectors are scored in cache-sized blocks (C-contiguous output): pieces of
    whole blocks give the bits of one call; any block size gives the plain definition, for
    normalised rows, rows to rescale, and sums so small or large they are rescaled first."""
    rng = np.random.default_rng(11)
    x = rng.random((5, 7))
    w = rng.random((103, 7))
    w[::3] /= w[::3].sum(axis=1, keepdims=True)  # a third already normalised
    w[5] *= 1e-120
    w[6] *= 1e120
    wn = w / w.sum(axis=1, keepdims=True)
    near = {
        "arithmetic": 100.0 * (wn[:, None, :] * x).sum(-1),
        "geometric": 100.0 * np.exp((wn[:, None, :] * np.log(np.maximum(x, 1e-3))).sum(-1)),
    }
    monkeypatch.setattr(kernel, "WEIGHT_BLOCK_BYTES", 7 * 8 * 19)  # blocks of 16 rows
    whole = aggregate(x, w, method)
    assert whole.flags.c_contiguous and whole.shape == (103, 5)
    pieces = np.concatenate([aggregate(x, w[i : i + 32], method) for i in range(0, 103, 32)])
    np.testing.assert_array_equal(pieces, whole)
    for rows in (1, 3, 64):
        monkeypatch.setattr(kernel, "WEIGHT_BLOCK_BYTES", 7 * 8 * rows)
        np.testing.assert_allclose(aggregate(x, w, method), whole, rtol=1e-13)
    if method in near:
        np.testing.assert_allclose(whole, near[method], rtol=1e-12)


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_a_bad_weight_in_a_later_block_is_found(bad, monkeypatch):
    monkeypatch.setattr(kernel, "WEIGHT_BLOCK_BYTES", 3 * 8 * 4)  # blocks of 4 rows
    w = np.ones((20, 3))
    w[17, 1] = bad
    with pytest.raises(WeightError, match="negative" if bad == -1.0 else "finite"):
        aggregate(np.ones((2, 3)), w)
    w[17] = 0.0
    with pytest.raises(WeightError, match="sum to zero"):
        aggregate(np.ones((2, 3)), w)


def test_unknown_method():
    with pytest.raises(UnknownNameError, match="arithmetic"):
        aggregate(np.ones((1, 2)), np.ones(2), "median")


def test_negative_direction_enters_as_one_minus():
    x = np.array([[0.2, 0.9]])
    np.testing.assert_allclose(kernel.orient(x, np.array([False, True])), [[0.2, 0.1]])


@given(st.floats(0, 1), st.floats(0, 10), st.floats(0, 10), st.floats(0, 10))
def test_triangular_stays_in_range(u, a, b, c):
    low, mode, high = sorted([a, b, c])
    v = kernel.triangular(u, low, mode, high)
    assert low - 1e-9 <= v <= high + 1e-9


def test_triangular_distribution_mean():
    u = np.random.default_rng(3).random(200_000)
    v = kernel.triangular(u, 1.0, 2.0, 6.0)
    assert v.mean() == pytest.approx(3.0, abs=0.02)  # mean of a triangle = (1 + 2 + 6) / 3


def test_dirichlet_mean_and_zero_weights():
    rng = np.random.default_rng(11)
    w = np.array([0.5, 0.3, 0.2, 0.0])
    d = kernel.dirichlet_around(rng, w, 50.0, 100_000)
    np.testing.assert_allclose(d.sum(axis=1), 1.0)
    np.testing.assert_allclose(d.mean(axis=0), w, atol=3e-3)
    assert np.all(d[:, 3] == 0)
    # variance of a Dirichlet component: w(1 − w)/(c + 1)
    assert d[:, 0].var() == pytest.approx(0.25 / 51, rel=0.05)


def test_tiers_and_ranks():
    np.testing.assert_array_equal(
        kernel.tier_index([0, 19.9, 20, 99.9, 100], [20, 40, 60, 80]), [0, 0, 1, 4, 4]
    )
    np.testing.assert_array_equal(kernel.ranks([[10, 30, 20], [5, 5, 1]]), [[3, 1, 2], [1, 1, 3]])


def test_transforms():
    np.testing.assert_allclose(kernel.linear([-1, 0, 3, 6, 9], 0, 6), [0, 0, 0.5, 1, 1])
    # log(1+30)/log(1+1000) = 3.4340/6.9088 = 0.49705
    assert kernel.log_goalposts(30, 0, 1000) == pytest.approx(0.49705, rel=1e-4)
    np.testing.assert_allclose(kernel.saturating([0, 2, 4], 2), [0, 0.5, 0.75])
    np.testing.assert_allclose(kernel.ordinal([0, 1.5, 3], [0, 0.2, 0.6, 1.0]), [0, 0.4, 1.0])
