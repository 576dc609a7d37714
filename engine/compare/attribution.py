"""Splitting a score change between the factors that changed: evidence, weights, method.

Plain numpy functions on arrays. A comparison of side A with side B changes up to three
factors: the intensities the evidence gives (`x`), the effective weights (`w`) and the
aggregation method. Each factor is an array axis of length 2 (0 = taken from A, 1 = from B),
so every combination of factors is scored in one call per method, and the Shapley value of
each factor is one matrix product over the corners of that cube.

With two factors this is the symmetric decomposition of docs/contracts.md: the evidence part is
½[(x_B, w_A) − (x_A, w_A) + (x_B, w_B) − (x_A, w_B)], the weights part likewise, and the
parts sum exactly to the change. With a third factor (the method) the same averaging runs
over all orders in which the factors can be switched from A to B.
"""

from __future__ import annotations

import math

import numpy as np

from engine import kernel

Array = kernel.Array

FACTORS = ("evidence", "weights", "method")
"""The factors in axis order: corners have shape (2, 2[, 2], ...)."""


def shapley_matrix(n: int) -> Array:
    """Coefficients `(n, 2**n)`: row i gives factor i's Shapley value from the corner values.

    Corner c is a bit pattern (factor j at B where its bit is 1; factor 0 is the most
    significant bit). With t the number of *other* factors at B in c, the corner enters
    factor i's value with +t!(n−1−t)!/n! if i is at B in c and with −t!(n−1−t)!/n! if not.
    Each row sums to zero, and the rows add up to (last corner − first corner).
    """
    if n < 1:
        raise ValueError("at least one factor")
    corners = np.array(np.unravel_index(np.arange(2**n), (2,) * n)).T  # (2**n, n) bits
    size = corners.sum(axis=1)
    out = np.zeros((n, 2**n))
    for i in range(n):  # n ≤ 3: a loop over factors, not over evaluations
        others = size - corners[:, i]
        coef = np.array([math.factorial(t) * math.factorial(n - 1 - t) for t in others])
        out[i] = np.where(corners[:, i] == 1, coef, -coef) / math.factorial(n)
    return out


def shapley(corners: Array, n: int) -> Array:
    """Shapley values `(n, ...)` of the factors from values at the corners `(2,)*n + (...)`.

    `corners[i0, i1, ...]` is the outcome with factor j taken from B where i_j = 1. The values
    sum (up to rounding) to corners[1, ..., 1] − corners[0, ..., 0]; swapping A and B negates
    them; a factor whose two settings give identical outcomes gets exactly zero.
    """
    corners = np.asarray(corners, dtype=np.float64)
    if corners.shape[:n] != (2,) * n:
        raise ValueError(f"corners must start with {n} axes of length 2, got {corners.shape}")
    rest = corners.shape[n:]
    flat = corners.reshape(2**n, -1)
    # Zero-difference factors must come out as exactly 0.0, so pair each corner with its
    # partner before weighting instead of relying on + and − cancelling in a long sum.
    values = np.zeros((n, flat.shape[1]))
    m = shapley_matrix(n)
    for i in range(n):
        step = 2 ** (n - 1 - i)
        at_b = (np.arange(2**n) // step) % 2 == 1
        diff = flat[at_b] - flat[np.flatnonzero(at_b) - step]  # (2**(n-1), rest)
        values[i] = m[i, at_b] @ diff
    return values.reshape((n, *rest))


def factor_count(method_a: str, method_b: str) -> int:
    """Two factors (evidence, weights) when the methods agree, three when they differ."""
    return 2 if method_a == method_b else 3


def corner_scores(x: Array, w: Array, methods: tuple[str, str]) -> tuple[Array, Array]:
    """Scores and contributions at every combination of factors.

    `x` `(2, S, K)`: intensities of sides A and B; `w` `(2, K)`: their weights; `methods`:
    their methods. Returns scores `(2, 2[, 2], S)` and contributions `(2, 2[, 2], S, K)`,
    axes (evidence, weights[, method]); the method axis is left out when both methods agree.
    Each method is one vectorised kernel call over all evidence × weights combinations.
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if x.ndim != 3 or x.shape[0] != 2 or w.shape != (2, x.shape[-1]):
        raise ValueError(f"expected x (2, S, K) and w (2, K), got {x.shape} and {w.shape}")
    grid_x = np.broadcast_to(x[:, None], (2, 2, *x.shape[1:]))  # [evidence, weights, S, K]
    grid_w = np.broadcast_to(w[None, :], (2, 2, w.shape[-1]))
    used = list(dict.fromkeys(methods))
    scores = {m: kernel.aggregate(grid_x, grid_w, m) for m in used}
    contribs = {m: kernel.contributions(grid_x, grid_w, m) for m in used}
    if len(used) == 1:
        return scores[used[0]], contribs[used[0]]
    return (
        np.stack([scores[m] for m in methods], axis=2),
        np.stack([contribs[m] for m in methods], axis=2),
    )


def decompose(x: Array, w: Array, methods: tuple[str, str]) -> tuple[Array, Array, Array]:
    """Split each scenario's score change A → B between the factors.

    Returns (parts `(n, S)`, parts per indicator `(n, S, K)`, corner scores). The parts of a
    scenario sum to score_B − score_A; the per-indicator parts split each part over the
    indicators through their contributions (which sum to the score for every method), so
    they sum over indicators to the part.
    """
    n = factor_count(*methods)
    scores, contribs = corner_scores(x, w, methods)
    return shapley(scores, n), shapley(contribs, n), scores
