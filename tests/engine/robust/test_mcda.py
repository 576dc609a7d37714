"""Classic MCDA rankings: TOPSIS, VIKOR, WSM and WPM against worked examples and hand
computations, their invariances, and vectorisation over batches of weight vectors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from hypothesis.extra import numpy as hnp

from engine.robust import classic as mcda
from indicators.errors import UnknownNameError, WeightError

# Hwang, C.-L. and Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
# Applications. Springer (Lecture Notes in Economics and Mathematical Systems 186), the
# fighter-aircraft example: maximum speed, ferry range, maximum payload, purchasing cost
# (a cost), reliability and manoeuvrability (both on the 1–9 interval scale, average = 5).
FIGHTERS = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
FIGHTER_WEIGHTS = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
FIGHTER_BENEFIT = np.array([True, True, True, False, True, True])


def test_topsis_fighter_aircraft():
    # Published: relative closeness C1* = 0.643 and C2* = 0.268, order A1 > A3 > A4 > A2.
    # C3* = 0.614 and C4* = 0.312 we computed by hand from the same steps (vector
    # normalisation, weighting, ideal = best per column, Euclidean distances), to 3 decimals.
    c = mcda.topsis(FIGHTERS, FIGHTER_WEIGHTS, FIGHTER_BENEFIT)
    np.testing.assert_allclose(c, [0.643, 0.268, 0.614, 0.312], atol=6e-4)
    assert np.argsort(-c).tolist() == [0, 2, 3, 1]


def test_wpm_triantaphyllou_ratios():
    # Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.
    # Kluwer, ch. 2 (the WPM example): weights 0.20, 0.15, 0.40, 0.25, all benefit criteria;
    # R(A1/A2) = 1.007, R(A1/A3) = 1.067, R(A2/A3) = 1.059, so A1 > A2 > A3.
    x = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    p = mcda.wpm(x, [0.20, 0.15, 0.40, 0.25], normalise="max")
    assert p[0] / p[1] == pytest.approx(1.007, abs=6e-4)
    assert p[0] / p[2] == pytest.approx(1.067, abs=6e-4)
    assert p[1] / p[2] == pytest.approx(1.059, abs=6e-4)


def test_vikor_by_hand():
    # By hand. x = [[1, 3], [2, 2], [3, 1]] (benefits), w = (0.6, 0.4), v = 0.5.
    # Normalised distance from the best d: criterion 1: 1, 0.5, 0; criterion 2: 0, 0.5, 1.
    # S = 0.6 d1 + 0.4 d2 = (0.6, 0.5, 0.4); R = max(0.6 d1, 0.4 d2) = (0.6, 0.3, 0.4).
    # Q = 0.5 (S − 0.4)/0.2 + 0.5 (R − 0.3)/0.3 = (1.0, 0.25, 1/6).
    s, r, q = mcda.vikor([[1, 3], [2, 2], [3, 1]], [0.6, 0.4])
    np.testing.assert_allclose(s, [0.6, 0.5, 0.4])
    np.testing.assert_allclose(r, [0.6, 0.3, 0.4])
    np.testing.assert_allclose(q, [1.0, 0.25, 1 / 6])
    # DQ = 1/(3 − 1) = 0.5: A3's lead over A2 (1/12) is no acceptable advantage, so the
    # compromise set is every alternative within 0.5 of the best Q: A3 and A2.
    assert mcda.vikor_compromise(s, r, q) == [2, 1]


def test_vikor_compromise_conditions():
    # A dominant alternative: acceptable advantage and stability, proposed alone.
    s, r, q = mcda.vikor([[3, 3], [1, 2], [2, 1]], [0.5, 0.5])
    assert q[0] == 0 and mcda.vikor_compromise(s, r, q) == [0]
    # Advantage without stability (best by Q but not by S nor R) proposes the best two.
    assert mcda.vikor_compromise([0.3, 0.2, 0.9], [0.3, 0.2, 0.9], [0.0, 0.6, 1.0]) == [0, 1]


def test_wsm_and_wpm_minmax_by_hand():
    # min-max per column: c1 (1, 2, 3) → (0, 0.5, 1); c2 (3, 2, 1) → (1, 0.5, 0).
    x = [[1, 3], [2, 2], [3, 1]]
    np.testing.assert_allclose(mcda.wsm(x, [0.6, 0.4]), [0.4, 0.5, 0.6])
    # WPM: 0 is floored at 0.001: A1 = 0.001^0.6 · 1, A2 = 0.5, A3 = 0.001^0.4.
    np.testing.assert_allclose(mcda.wpm(x, [0.6, 0.4]), [1e-3**0.6, 0.5, 1e-3**0.4])
    # A cost criterion reverses its column.
    np.testing.assert_allclose(mcda.wsm(x, [0.6, 0.4], [True, False]), [0.0, 0.5, 1.0])


def test_constant_column_and_identical_alternatives():
    x = np.array([[0.5, 1.0], [0.5, 0.0]])
    np.testing.assert_allclose(mcda.minmax(x)[:, 0], [1.0, 1.0])
    same = np.ones((3, 2))
    np.testing.assert_allclose(mcda.topsis(same, [0.5, 0.5]), [0.5, 0.5, 0.5])
    np.testing.assert_allclose(mcda.vikor(same, [0.5, 0.5])[2], [0.0, 0.0, 0.0])


def _topsis_whole(x, w, benefit):
    """The plain steps over the whole array at once (the code before blocking)."""
    w = w / w.sum(axis=-1, keepdims=True)
    r = x / np.sqrt((x * x).sum(axis=0))
    best = np.where(benefit, r.max(axis=0), r.min(axis=0))
    worst = np.where(benefit, r.min(axis=0), r.max(axis=0))
    d = np.sqrt((w * w) @ np.concatenate([(r - best) ** 2, (r - worst) ** 2]).T)
    s = x.shape[0]
    return d[..., s:] / (d[..., :s] + d[..., s:])


def test_topsis_in_blocks_of_weight_vectors(monkeypatch):
    """Many weight vectors are taken block by block in cache: the numbers of the plain
    steps over the whole array, pieces of whole blocks giving the bits of one call, leading
    dimensions kept, a bad weight in a later block found, identical alternatives 0.5."""
    rng = np.random.default_rng(5)
    w = rng.random((2, 50, 6))
    w[0, ::4] /= w[0, ::4].sum(axis=1, keepdims=True)
    monkeypatch.setattr(mcda.kernel, "WEIGHT_BLOCK_BYTES", 6 * 8 * 16)  # blocks of 8 rows
    got = mcda.topsis(FIGHTERS, w, FIGHTER_BENEFIT)
    assert got.shape == (2, 50, 4)
    np.testing.assert_allclose(got, _topsis_whole(FIGHTERS, w, FIGHTER_BENEFIT), rtol=1e-13)
    flat = w.reshape(100, 6)
    pieces = [mcda.topsis(FIGHTERS, flat[i : i + 16], FIGHTER_BENEFIT) for i in range(0, 100, 16)]
    np.testing.assert_array_equal(np.concatenate(pieces), got.reshape(100, 4))
    np.testing.assert_array_equal(
        mcda.topsis(FIGHTERS, FIGHTER_WEIGHTS, FIGHTER_BENEFIT),
        mcda.topsis(FIGHTERS, FIGHTER_WEIGHTS[None], FIGHTER_BENEFIT)[0],
    )
    flat[77, 2] = -0.1
    with pytest.raises(WeightError, match="negative"):
        mcda.topsis(FIGHTERS, flat)
    same = np.ones((3, 2))
    np.testing.assert_array_equal(mcda.topsis(same, rng.random((20, 2))), np.full((20, 3), 0.5))


matrices = hnp.arrays(
    np.float64, hs.tuples(hs.integers(2, 6), hs.integers(2, 5)), elements=hs.floats(0.05, 10)
)


@given(matrices, hs.data())
@settings(max_examples=50, deadline=None)
def test_batched_weights_equal_one_at_a_time(x, data):
    k = x.shape[1]
    w = data.draw(hnp.arrays(np.float64, (4, k), elements=hs.floats(0.01, 1)))
    for method in mcda.METHODS:
        batched = mcda.relative_scores(x, w, method)  # (4, S): one call
        one = np.stack([mcda.relative_scores(x, wi, method) for wi in w])
        np.testing.assert_allclose(batched, one, rtol=1e-10, atol=1e-10)
        # Batched matrices too (Monte Carlo samples of the values).
        xs = np.stack([x, x[::-1]])
        np.testing.assert_allclose(
            mcda.relative_scores(xs, w[:2], method)[1],
            mcda.relative_scores(x[::-1], w[1], method),
            rtol=1e-10,
            atol=1e-10,
        )


@given(matrices, hs.data())
@settings(max_examples=50, deadline=None)
def test_invariances(x, data):
    k = x.shape[1]
    w = data.draw(hnp.arrays(np.float64, (k,), elements=hs.floats(0.01, 1)))
    scale = data.draw(hnp.arrays(np.float64, (k,), elements=hs.floats(0.1, 10)))
    shift = data.draw(hnp.arrays(np.float64, (k,), elements=hs.floats(0, 5)))
    # Vector normalisation removes a positive rescaling of any criterion.
    np.testing.assert_allclose(mcda.topsis(x * scale, w), mcda.topsis(x, w), atol=1e-9)
    # Min-max normalisation removes any positive affine change.
    y = x * scale + shift
    for fn in (mcda.wsm, mcda.wpm, lambda a, b: mcda.vikor(a, b)[2]):
        np.testing.assert_allclose(fn(y, w), fn(x, w), atol=1e-9)
    # Only the weights' proportions matter.
    for method in mcda.METHODS:
        np.testing.assert_allclose(
            mcda.relative_scores(x, 3 * w, method), mcda.relative_scores(x, w, method), atol=1e-9
        )


@given(matrices, hs.data())
@settings(max_examples=40, deadline=None)
def test_a_dominating_alternative_ranks_first(x, data):
    k = x.shape[1]
    w = data.draw(hnp.arrays(np.float64, (k,), elements=hs.floats(0.01, 1)))
    best = np.vstack([x, x.max(axis=0) + 1.0])
    for method in mcda.METHODS:
        scores = mcda.relative_scores(best, w, method)
        assert scores[-1] >= scores[:-1].max() - 1e-9, method


def test_scorer_names_every_method():
    for method in ("arithmetic", "geometric", "topsis", *mcda.METHODS):
        fn = mcda.scorer(method)
        assert fn(np.array([[0.2, 0.4], [0.9, 0.8]]), np.array([0.5, 0.5])).shape == (2,)
    with pytest.raises(UnknownNameError, match="vikor"):
        mcda.scorer("electre")
    with pytest.raises(ValueError):
        mcda.vikor([[1, 2], [2, 1]], [0.5, 0.5], v=1.5)
    with pytest.raises(ValueError):
        mcda.max_normalise([[0.0, 1.0], [1.0, 1.0]])
