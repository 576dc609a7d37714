"""The arithmetic: plain functions on numpy arrays (numpy only; no pydantic, no files).

Shapes: intensities `x` are `(..., S, K)` (scenarios × indicators, with any leading batch
dimensions: weight vectors, Monte Carlo samples); weights `w` broadcast to `(..., K)`. Every
function is vectorised over the leading dimensions: no Python loop per evaluation.

The reference definitions are DESIGN.md's "Arithmetic" section.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from indicators.errors import UnknownNameError, WeightError

METHODS = ("arithmetic", "geometric", "topsis")
"""Aggregation methods, in the order the CLI lists them."""

GEOMETRIC_FLOOR = 1e-3
"""Zero intensities are raised to this before the geometric mean, so a missing dimension
pulls the score down hard (a factor of 0.001**w) instead of forcing it to exactly 0."""

Array = NDArray[np.float64]


# --- weights ---------------------------------------------------------------------------


def _weight_totals(w: ArrayLike) -> tuple[Array, Array]:
    """Weights as floats and their sums over the last axis; WeightError if unusable.

    One matrix-vector product gives the sums, and a NaN or infinity anywhere in a vector
    makes its sum non-finite, so the checks cost two passes over the weights.
    """
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 0:
        raise WeightError(f"weights must be a vector, got the scalar {w!r}.")
    total = w @ np.ones(w.shape[-1])
    if not np.isfinite(total).all():
        bad = w[~np.isfinite(w)].ravel()
        raise WeightError(
            f"weights must be finite numbers, got {bad[0] if bad.size else 'an overflow'}."
        )
    if w.size and w.min() < 0:
        raise WeightError(f"weights must not be negative, got {w[w < 0].ravel()[0]:g}.")
    if (total <= 0).any():
        raise WeightError("weights sum to zero; at least one weight must be positive.")
    if total.min() < 1e-100 or total.max() > 1e100:
        # Extreme magnitudes would underflow or overflow in the products: normalise first.
        w = w / total[..., None]
        total = np.ones_like(total)
    return w, total


def check_weights(w: ArrayLike) -> Array:
    """Weights as a float array, or WeightError naming what is wrong (never a silent fix)."""
    return _weight_totals(w)[0]


def normalise(w: ArrayLike) -> Array:
    """Weights scaled to sum to 1 along the last axis (after checking them)."""
    w, total = _weight_totals(w)
    return w / total[..., None]


def _weighted_sum(v: Array, w: Array, total: Array, factor: float = 1.0) -> Array:
    """factor · Σ_k w[..., k] v[..., s, k] / Σ_k w[..., k] for every s → `(..., S)`.

    One scenario matrix (v is 2-D) against any number of weight vectors is a single GEMM;
    batched intensities (Monte Carlo) use a batched matmul. Weights that already sum to 1
    (profiles, Dirichlet samples) skip the rescaling pass.
    """
    if v.ndim == 2:
        out = w @ (v.T * factor)
    else:
        out = np.matmul(v, w[..., :, None])[..., 0]
        if factor != 1.0:
            out *= factor
    if not np.all(np.abs(total - 1.0) <= 1e-12):
        out = out / total[..., None]
    return out


def _check_x(x: ArrayLike) -> Array:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2:
        raise ValueError(f"intensities must have shape (..., S, K), got {x.shape}")
    return x


# --- aggregation -----------------------------------------------------------------------


def aggregate(x: ArrayLike, w: ArrayLike, method: str = "arithmetic") -> Array:
    """Scores in 0–100 of shape `(..., S)` for intensities `(..., S, K)` and weights `(..., K)`.

    Weights need not sum to 1: only their proportions matter (the result is invariant to
    scaling them). Negative, NaN, infinite or all-zero weights raise WeightError.
    """
    x = _check_x(x)
    w, total = _weight_totals(w)
    if method == "arithmetic":
        return _weighted_sum(x, w, total, 100.0)
    if method == "geometric":
        logs = np.log(np.maximum(x, GEOMETRIC_FLOOR))
        return 100.0 * np.exp(_weighted_sum(logs, w, total))
    if method == "topsis":
        d_minus = np.sqrt(_weighted_sum(x * x, w, total))
        gap = 1.0 - x
        d_plus = np.sqrt(_weighted_sum(gap * gap, w, total))
        return 100.0 * d_minus / (d_plus + d_minus)
    raise UnknownNameError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}.")


def contributions(x: ArrayLike, w: ArrayLike, method: str = "arithmetic") -> Array:
    """Points each indicator adds to the score, shape `(..., S, K)`; they sum to the score.

    arithmetic: 100·w·x (w normalised). geometric: the score split in proportion to each
    indicator's share of log(score / floor) = Σ w·log(x / floor), all non-negative. topsis: the
    score split in proportion to each indicator's share of d−² = Σ w·x². Where a share's total
    is zero, the score (then 0, or the floor) is split by weight.
    """
    x = _check_x(x)
    wn = normalise(w)
    if method == "arithmetic":
        return 100.0 * wn[..., None, :] * x
    if method == "geometric":
        parts = wn[..., None, :] * np.log(np.maximum(x, GEOMETRIC_FLOOR) / GEOMETRIC_FLOOR)
    elif method == "topsis":
        parts = wn[..., None, :] * x * x
    else:
        raise UnknownNameError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    score = aggregate(x, wn, method)[..., None]
    total = parts.sum(axis=-1, keepdims=True)
    by_weight = np.broadcast_to(wn[..., None, :], parts.shape)
    share = np.where(total > 0, parts / np.where(total > 0, total, 1.0), by_weight)
    return score * share


# --- transforms from raw values to intensities in [0, 1] -------------------------------


def linear(v: ArrayLike, low: ArrayLike, high: ArrayLike) -> Array:
    """0 at `low`, 1 at `high`, straight in between, clipped."""
    v = np.asarray(v, dtype=np.float64)
    return np.clip((v - low) / (np.asarray(high) - low), 0.0, 1.0)


def log_goalposts(v: ArrayLike, low: ArrayLike, high: ArrayLike) -> Array:
    """Linear on log(1 + v) between goalposts: each tenfold rise counts the same."""
    v = np.asarray(v, dtype=np.float64)
    lo = np.log1p(low)
    return np.clip((np.log1p(np.maximum(v, 0.0)) - lo) / (np.log1p(high) - lo), 0.0, 1.0)


def saturating(v: ArrayLike, half: ArrayLike) -> Array:
    """1 − 2^(−v/half): 0.5 at `half`, 0.75 at twice that, approaching 1."""
    v = np.asarray(v, dtype=np.float64)
    return 1.0 - np.exp2(-np.maximum(v, 0.0) / np.asarray(half))


def ordinal(position: ArrayLike, level_intensities: ArrayLike) -> Array:
    """Intensity at a (possibly fractional) level position, interpolated between levels."""
    return np.interp(position, np.arange(len(level_intensities)), level_intensities)


def orient(x: ArrayLike, negative: ArrayLike) -> Array:
    """Indicators with negative direction enter as 1 − x (`negative` is a boolean mask (K,))."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(negative, 1.0 - x, x)


# --- sampling --------------------------------------------------------------------------


def triangular(u: ArrayLike, low: ArrayLike, mode: ArrayLike, high: ArrayLike) -> Array:
    """Triangular(low, mode, high) by inverse CDF of uniforms `u`; exact where low == high."""
    u = np.asarray(u, dtype=np.float64)
    low, mode, high = (np.asarray(a, dtype=np.float64) for a in (low, mode, high))
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    cut = np.where(span > 0, (mode - low) / safe, 0.5)
    left = low + np.sqrt(u * span * (mode - low))
    right = high - np.sqrt((1.0 - u) * span * (high - mode))
    return np.where(u < cut, left, right)


def dirichlet_around(rng: np.random.Generator, w: ArrayLike, concentration: float, n: int) -> Array:
    """`n` weight vectors from Dirichlet(concentration · w): mean w, spread shrinking as the
    concentration grows. Zero weights stay zero. `concentration = inf` returns w itself."""
    w = normalise(w)
    if np.isinf(concentration):
        return np.broadcast_to(w, (n, w.shape[-1])).copy()
    if not concentration > 0:
        raise WeightError(f"concentration must be positive, got {concentration}.")
    alpha = concentration * w
    g = rng.standard_gamma(np.broadcast_to(alpha, (n, w.shape[-1])))
    g = np.where(alpha > 0, g, 0.0)
    total = g.sum(axis=-1, keepdims=True)
    # A draw whose positive gammas all underflowed to 0 (tiny alphas) falls back to w.
    return np.where(total > 0, g / np.where(total > 0, total, 1.0), w)


# --- tiers and ranks -------------------------------------------------------------------


def tier_index(scores: ArrayLike, thresholds: ArrayLike) -> NDArray[np.intp]:
    """Index of the tier containing each score; `thresholds` are the tiers' lower bounds
    after the first (increasing). A score on a boundary belongs to the upper tier."""
    return np.searchsorted(np.asarray(thresholds), np.asarray(scores), side="right")


def ranks(scores: ArrayLike, tol: float = 1e-9) -> NDArray[np.intp]:
    """Rank along the last axis (1 = highest); ties (within `tol`) share the better rank."""
    s = np.asarray(scores, dtype=np.float64)
    return 1 + (s[..., None, :] > s[..., :, None] + tol).sum(axis=-1)
