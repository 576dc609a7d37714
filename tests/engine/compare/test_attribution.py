"""The split of a score change into evidence, weights and method parts (engine.compare.attribution).

Laws (hypothesis): the parts always add up to the change; swapping A and B negates every
part; a factor that did not change gets exactly zero. Known answers: the Shapley
coefficients for two and three factors, and for the arithmetic method the closed form of
the symmetric split (evidence = 100·Σ w̄·Δx, weights = 100·Σ Δw·x̄, by expanding the
contract's ½[(B,A) − (A,A) + (B,B) − (A,B)] with score = 100·Σ w·x).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine.compare.attribution import corner_scores, decompose, shapley, shapley_matrix
from engine.kernel import METHODS, aggregate

TOL = 1e-9


@st.composite
def two_sides(draw, same_x: bool = False, same_w: bool = False):
    """Intensities (2, S, K) in [0, 1], weights (2, K) ≥ 0 with a positive sum, two methods."""
    s = draw(st.integers(1, 6))
    k = draw(st.integers(1, 8))
    unit = st.floats(0.0, 1.0, allow_nan=False)
    x = draw(arrays(np.float64, (2, s, k), elements=unit))
    w = draw(arrays(np.float64, (2, k), elements=st.floats(0.0, 10.0, allow_nan=False)))
    w[:, 0] += 0.01  # a positive sum
    if same_x:
        x[1] = x[0]
    if same_w:
        w[1] = w[0]
    methods = (draw(st.sampled_from(METHODS)), draw(st.sampled_from(METHODS)))
    return x, w, methods


def test_shapley_coefficients_by_hand():
    # Two factors: each part is the average of its two effects, ½ and ½.
    np.testing.assert_array_equal(
        shapley_matrix(2), [[-0.5, -0.5, 0.5, 0.5], [-0.5, 0.5, -0.5, 0.5]]
    )
    # Three factors: an effect with no other factor switched weighs 1/3, with one 1/6, with
    # both 1/3 (the orders of 3 factors: 2 start with it, 1+1 put it second, 2 put it last).
    m = shapley_matrix(3)
    np.testing.assert_allclose(m[0], np.array([-2, -1, -1, -2, 2, 1, 1, 2]) / 6)
    np.testing.assert_allclose(m.sum(axis=0), [-1, 0, 0, 0, 0, 0, 0, 1], atol=1e-15)


def test_two_factor_formula_of_design_md():
    # v[e, w]: (A,A) = 10, (B,A) = 14, (A,B) = 11, (B,B) = 19.
    v = np.array([[10.0, 11.0], [14.0, 19.0]])
    evidence, weights = shapley(v, 2)
    assert evidence == pytest.approx(0.5 * ((14 - 10) + (19 - 11)))  # 6
    assert weights == pytest.approx(0.5 * ((11 - 10) + (19 - 14)))  # 3
    assert evidence + weights == pytest.approx(19 - 10)


@given(two_sides())
def test_parts_sum_to_the_change(case):
    x, w, methods = case
    parts, by_indicator, corners = decompose(x, w, methods)
    n = parts.shape[0]
    change = aggregate(x[1], w[1], methods[1]) - aggregate(x[0], w[0], methods[0])
    np.testing.assert_allclose(parts.sum(axis=0), change, atol=TOL, rtol=0)
    # Per-indicator parts add up to each part (contributions sum to the score, all methods).
    np.testing.assert_allclose(by_indicator.sum(axis=-1), parts, atol=TOL, rtol=0)
    assert n == (2 if methods[0] == methods[1] else 3)
    np.testing.assert_allclose(corners[(0,) * n], aggregate(x[0], w[0], methods[0]), atol=TOL)


@given(two_sides())
def test_swapping_a_and_b_negates_the_parts(case):
    x, w, methods = case
    forward = decompose(x, w, methods)[0]
    backward = decompose(x[::-1], w[::-1], methods[::-1])[0]
    np.testing.assert_allclose(backward, -forward, atol=TOL, rtol=0)


@given(two_sides(same_x=True))
def test_pure_weights_change_has_no_evidence_part(case):
    x, w, methods = case
    parts = decompose(x, w, methods)[0]
    assert np.all(parts[0] == 0.0)  # exactly, not approximately


@given(two_sides(same_w=True))
def test_pure_evidence_change_has_no_weights_part(case):
    x, w, methods = case
    parts = decompose(x, w, methods)[0]
    assert np.all(parts[1] == 0.0)


@given(two_sides())
def test_arithmetic_split_has_a_closed_form(case):
    x, w, _ = case
    parts = decompose(x, w, ("arithmetic", "arithmetic"))[0]
    wn = w / w.sum(axis=1, keepdims=True)
    evidence = 100 * ((x[1] - x[0]) * (wn[0] + wn[1]) / 2).sum(axis=-1)
    weights = 100 * ((x[0] + x[1]) / 2 * (wn[1] - wn[0])).sum(axis=-1)
    np.testing.assert_allclose(parts[0], evidence, atol=TOL)
    np.testing.assert_allclose(parts[1], weights, atol=TOL)


def test_corners_are_independent_scorings():
    # Each corner is the score with each factor taken from its side, nothing else mixed in.
    rng = np.random.default_rng(5)
    x, w = rng.random((2, 3, 4)), rng.random((2, 4)) + 0.1
    scores, _ = corner_scores(x, w, ("geometric", "topsis"))
    for e in (0, 1):
        for f in (0, 1):
            for m, method in enumerate(("geometric", "topsis")):
                np.testing.assert_allclose(scores[e, f, m], aggregate(x[e], w[f], method))


def test_shape_errors_are_reported():
    with pytest.raises(ValueError):
        corner_scores(np.zeros((3, 2, 2)), np.ones((2, 2)), ("arithmetic", "arithmetic"))
    with pytest.raises(ValueError):
        shapley(np.zeros((2, 3)), 2)
