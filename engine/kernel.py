"""The arithmetic: plain functions on numpy arrays (numpy only; no pydantic, no files).

Shapes: intensities `x` are `(..., S, K)` (scenarios × indicators, with any leading batch
dimensions: weight vectors, Monte Carlo samples); weights `w` broadcast to `(..., K)`. Every
function is vectorised over the leading dimensions: no Python loop per evaluation.

Tiers and ranks (`tier_index`, `ranks`) are in `engine.rank_kernel`, re-exported here;
`score_ranks` (scores and ranks of many weight vectors, block by block) stays here because it
scores with `aggregate`. The reference definitions are in docs/contracts.md, "Arithmetic".
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from engine import rank_kernel
from indicators.errors import UnknownNameError, WeightError

METHODS = ("arithmetic", "geometric", "topsis")
"""Aggregation methods, in the order the CLI lists them."""

GEOMETRIC_FLOOR = 1e-3
"""Zero intensities are raised to this before the geometric mean, so a missing dimension
pulls the score down hard (a factor of 0.001**w) instead of forcing it to exactly 0."""

Array = NDArray[np.float64]


# --- weights ---------------------------------------------------------------------------


def _check_totals(w: Array, total: Array) -> None:
    """WeightError unless every weight vector is finite, non-negative and sums above zero.

    A NaN or infinity anywhere in a vector makes its sum non-finite, so with the sums at hand
    the checks cost one more pass over the weights (the minimum).
    """
    if not np.isfinite(total).all():
        bad = w[~np.isfinite(w)].ravel()
        raise WeightError(
            f"weights must be finite numbers, got {bad[0] if bad.size else 'an overflow'}.",
            kind="weights_not_finite",
            parts={"value": str(bad[0]) if bad.size else None},
        )
    if w.size and w.min() < 0:
        value = float(w[w < 0].ravel()[0])
        raise WeightError(
            f"weights must not be negative, got {value:g}.",
            kind="weight_negative",
            parts={"value": f"{value:g}"},
        )
    if (total <= 0).any():
        raise WeightError(
            "weights sum to zero; at least one weight must be positive.", kind="all_weights_zero"
        )


def as_weights(w: ArrayLike) -> Array:
    """Weights as a float64 array (not yet checked); WeightError for a scalar."""
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 0:
        raise WeightError(
            f"weights must be a vector, got the scalar {w!r}.",
            kind="weights_not_vector",
            parts={"value": repr(w)},
        )
    return w


def _weight_totals(w: ArrayLike) -> tuple[Array, Array]:
    """Weights as floats and their sums over the last axis, checked."""
    w = as_weights(w)
    total = w @ np.ones(w.shape[-1])
    _check_totals(w, total)
    return w, total


def check_weights(w: ArrayLike) -> Array:
    """Weights as a float array, or WeightError naming what is wrong (never a silent fix)."""
    return _weight_totals(w)[0]


def normalise(w: ArrayLike) -> Array:
    """Weights scaled to sum to 1 along the last axis (after checking them)."""
    w, total = _weight_totals(w)
    return w / total[..., None]


def _extreme(lo: float, hi: float) -> bool:
    # Weight sums this small or large would underflow or overflow in the products.
    return lo < 1e-100 or hi > 1e100


WEIGHT_BLOCK_BYTES = 1 << 20
"""Bytes of weight vectors scored at a time by one set of scenarios (about 1 MiB, well inside
the 2 MiB L2 cache of the development machine): the GEMM reads each block from memory once
and the weight checks (sums, minimum) and any rescaling read it again from the cache."""


def block_rows(k: int, share: float = 1.0) -> int:
    """Rows of `k` float64 weights in a block of about `share` × `WEIGHT_BLOCK_BYTES`, a
    power of two (so that blocks of one size tile those of a larger one)."""
    rows = int(share * WEIGHT_BLOCK_BYTES) // (8 * max(k, 1))
    return 1 << max(0, rows.bit_length() - 1)


def checked_block(w: Array, lo: int, hi: int, total: Array) -> None:
    """Weight sums of rows lo…hi−1 of `w (m, K)` into `total[lo:hi]`, checked: WeightError
    (naming the first bad weight of the whole `w`) unless they are finite, non-negative and
    sum above zero. The minimum first reads the block from memory, the sums then from cache."""
    wb = w[lo:hi]
    lowest = wb.min() if wb.size else 0.0
    tb = np.matmul(wb, np.ones(w.shape[1]), out=total[lo:hi])
    t_lo, t_hi = (tb.min(), tb.max()) if tb.size else (1.0, 1.0)
    # NaN sums fail both comparisons; an infinite weight makes an infinite or NaN sum.
    if not (t_lo > 0.0 and t_hi < np.inf) or lowest < 0:
        _check_totals(w, w @ np.ones(w.shape[1]))


def _blocked_sums(w: Array, stacked: Array) -> Array:
    """`w (m, K) @ stacked (K, P)`, each row divided by its weight sum, weights checked.

    Block by block (a power of two rows, about `WEIGHT_BLOCK_BYTES`): the block's minimum
    first (the one pass that reads it from memory), then its sums and one GEMM straight into
    the C-contiguous output, both reading the block from cache; a GEMM over the whole `w`
    followed by passes for the checks was 1.8× the bare GEMM (measured on 10^6 × 16 weights).
    A row whose sum is within 1e-12 of 1 is left as it is, any other divided by its sum (one
    more pass, only for weights that are not normalised), so the division does not depend on
    the other rows. BLAS may round a row's last bit differently at the edge of a block, so a
    caller that splits `w` into pieces whose sizes are multiples of the block (8,192 rows for
    16 indicators) gets the numbers of one call over the whole.

    Why not two Python threads over the blocks with one-thread BLAS calls (measured, issue 15
    notes s19): after any multi-threaded BLAS call OpenBLAS's worker busy-waits on the second
    core for tens of milliseconds, so a second Python thread finds that core taken: 1.7-2.0x
    the bare two-thread matmul, where the same split in a process started with one OpenBLAS
    thread took 11.2 ms against that matmul's 11.1 ms.
    """
    m, k = w.shape
    out = np.empty((m, stacked.shape[1]))
    total = np.empty(m)
    ones = np.ones(k)
    step = block_rows(k)
    lowest = 0.0
    for lo in range(0, m, step):
        wb = w[lo : lo + step]
        if k:  # the one pass that reads the block from memory: the cheapest, a minimum
            lowest = min(lowest, wb.min())
        np.matmul(wb, ones, out=total[lo : lo + step])
        np.matmul(wb, stacked, out=out[lo : lo + step])
    t_lo, t_hi = (float(total.min()), float(total.max())) if m else (1.0, 1.0)
    # NaN sums fail both comparisons; an infinite weight makes an infinite or NaN sum.
    if not (t_lo > 0.0 and t_hi < np.inf) or lowest < 0:
        _check_totals(w, total)
    if t_lo >= 1.0 - 1e-12 and t_hi <= 1.0 + 1e-12:
        return out
    if _extreme(t_lo, t_hi):
        far = (total < 1e-100) | (total > 1e100)  # rescaled first, or the products overflow
        out[far] = (w[far] / total[far, None]) @ stacked
        total[far] = 1.0
    total[np.abs(total - 1.0) <= 1e-12] = 1.0
    np.divide(out, total[:, None], out=out)
    return out


def _weighted_sums(w: ArrayLike, parts: list[Array]) -> list[Array]:
    """Σ_k w[..., k] v[..., s, k] / Σ_k w[..., k] for each `v` in `parts` → `(..., S)` each.

    When the parts are plain `(S, K)` matrices (one set of scenarios against any number of
    weight vectors) the weight vectors are scored in cache-sized blocks against the stacked
    parts (`_blocked_sums`), the output C-contiguous. Batched parts (Monte Carlo samples) use
    a batched matmul. Weights that already sum to 1 (profiles, Dirichlet samples) skip the
    rescaling pass.
    """
    w = as_weights(w)
    if all(v.ndim == 2 for v in parts):
        sizes = [v.shape[0] for v in parts]
        stacked = np.concatenate(parts).T
        flat = np.ascontiguousarray(w.reshape(-1, w.shape[-1]))
        out = _blocked_sums(flat, stacked).reshape(*w.shape[:-1], stacked.shape[1])
        cuts = np.cumsum(sizes)[:-1]
        return np.split(out, cuts, axis=-1) if len(parts) > 1 else [out]
    w, total = _weight_totals(w)
    lo, hi = float(total.min()), float(total.max())
    if _extreme(lo, hi):
        return _weighted_sums(w / total[..., None], parts)
    outs = [np.matmul(v, w[..., :, None])[..., 0] for v in parts]
    if lo < 1.0 - 1e-12 or hi > 1.0 + 1e-12:
        outs = [o / total[..., None] for o in outs]
    return outs


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
    if method == "arithmetic":
        (mean,) = _weighted_sums(w, [x * 100.0 if x.ndim == 2 else x])
        return mean if x.ndim == 2 else mean * 100.0
    if method == "geometric":
        (log_mean,) = _weighted_sums(w, [np.log(np.maximum(x, GEOMETRIC_FLOOR))])
        return 100.0 * np.exp(log_mean)
    if method == "topsis":
        gap = 1.0 - x
        near, far = _weighted_sums(w, [x * x, gap * gap])
        d_minus: Array = np.sqrt(near)  # numpy types ufunc results as dtype[Any]
        d_plus: Array = np.sqrt(far)
        return 100.0 * d_minus / (d_plus + d_minus)
    raise UnknownNameError(
        f"unknown method {method!r}; choose one of {', '.join(METHODS)}.",
        kind="unknown",
        parts={"what": "method", "value": method, "known": list(METHODS)},
    )


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
        raise UnknownNameError(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}.",
            kind="unknown",
            parts={"what": "method", "value": method, "known": list(METHODS)},
        )
    score = aggregate(x, wn, method)[..., None]
    total = parts.sum(axis=-1, keepdims=True)
    by_weight = np.broadcast_to(wn[..., None, :], parts.shape)
    share = np.where(total > 0, parts / np.where(total > 0, total, 1.0), by_weight)
    return score * share


# --- transforms from raw values to intensities in [0, 1] -------------------------------


def linear(v: ArrayLike, low: ArrayLike, high: ArrayLike) -> Array:
    """0 at `low`, 1 at `high`, straight in between, clipped."""
    v = np.asarray(v, dtype=np.float64)
    out: Array = np.clip((v - low) / (np.asarray(high) - low), 0.0, 1.0)
    return out


def log_goalposts(v: ArrayLike, low: ArrayLike, high: ArrayLike) -> Array:
    """Linear on log(1 + v) between goalposts: each tenfold rise counts the same."""
    v = np.asarray(v, dtype=np.float64)
    lo = np.log1p(low)
    out: Array = np.clip((np.log1p(np.maximum(v, 0.0)) - lo) / (np.log1p(high) - lo), 0.0, 1.0)
    return out


def saturating(v: ArrayLike, half: ArrayLike) -> Array:
    """1 − 2^(−v/half): 0.5 at `half`, 0.75 at twice that, approaching 1."""
    v = np.asarray(v, dtype=np.float64)
    out: Array = 1.0 - np.exp2(-np.maximum(v, 0.0) / np.asarray(half))
    return out


def ordinal(position: ArrayLike, level_intensities: ArrayLike) -> Array:
    """Intensity at a (possibly fractional) level position, interpolated between levels."""
    levels = np.asarray(level_intensities, dtype=np.float64)
    return np.interp(np.asarray(position, dtype=np.float64), np.arange(levels.size), levels)


def orient(x: ArrayLike, negative: ArrayLike) -> Array:
    """Indicators with negative direction enter as 1 − x (`negative` is a boolean mask (K,))."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(negative, 1.0 - x, x)


# --- sampling --------------------------------------------------------------------------


def triangular(
    u: ArrayLike,
    low: ArrayLike,
    mode: ArrayLike,
    high: ArrayLike,
    uniform: ArrayLike | None = None,
) -> Array:
    """Triangular(low, mode, high) by inverse CDF of uniforms `u`; exact where low == high.

    `uniform` (a boolean mask broadcasting like `low`) marks cells drawn uniformly over
    [low, high] instead, low + u·(high − low), from the same uniforms: the other cells'
    values do not change, nor does the number of random numbers used."""
    u = np.asarray(u, dtype=np.float64)
    low, mode, high = (np.asarray(a, dtype=np.float64) for a in (low, mode, high))
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    cut = np.where(span > 0, (mode - low) / safe, 0.5)
    left = low + np.sqrt(u * span * (mode - low))
    right = high - np.sqrt((1.0 - u) * span * (high - mode))
    tri = np.where(u < cut, left, right)
    if uniform is None or not np.any(uniform):
        return tri
    return np.where(uniform, low + u * span, tri)


def dirichlet_around(rng: np.random.Generator, w: ArrayLike, concentration: float, n: int) -> Array:
    """`n` weight vectors from Dirichlet(concentration · w): mean w, spread shrinking as the
    concentration grows. Zero weights stay zero. `concentration = inf` returns w itself."""
    w = normalise(w)
    if np.isinf(concentration):
        return np.broadcast_to(w, (n, w.shape[-1])).copy()
    if not concentration > 0:
        raise WeightError(
            f"concentration must be positive, got {concentration}.",
            kind="concentration_not_positive",
            parts={"value": concentration},
        )
    alpha = concentration * w
    g = rng.standard_gamma(np.broadcast_to(alpha, (n, w.shape[-1])))
    if not (alpha > 0).all():
        g = np.where(alpha > 0, g, 0.0)
    total = g.sum(axis=-1, keepdims=True)
    if (total > 0).all():  # the usual case: no masked selects over the draws
        np.divide(g, total, out=g)
        return g
    # A draw whose positive gammas all underflowed to 0 (tiny alphas) falls back to w.
    return np.where(total > 0, g / np.where(total > 0, total, 1.0), w)


# --- tiers and ranks -------------------------------------------------------------------

# The rank functions and their constants live in `engine.rank_kernel`; callers find them here.
RANK_TOL = rank_kernel.RANK_TOL
SORTED_RANKS_ABOVE = rank_kernel.SORTED_RANKS_ABOVE
not_above = rank_kernel.not_above
rank_dtype = rank_kernel.rank_dtype
ranks = rank_kernel.ranks
tier_index = rank_kernel.tier_index


SCORE_BLOCK = 4096
"""Weight vectors scored and ranked at a time by `score_ranks`: the block's scores, ranks and
comparisons stay in the processor's cache."""


GEMM_BLOCKS = 16
"""Blocks of `SCORE_BLOCK` weight vectors scored by one GEMM in `score_ranks`."""


def score_ranks(
    x: ArrayLike,
    w: ArrayLike,
    method: str = "arithmetic",
    tol: float = RANK_TOL,
    block: int = SCORE_BLOCK,
) -> tuple[Array, NDArray[np.signedinteger[Any]]]:
    """Scores `(n, S)` and their ranks `(n, S)` of one set of scenarios `x (S, K)` under many
    weight vectors `w (n, K)` (row i is weight vector i, as callers read them, C-contiguous):
    the scores are those of `aggregate(x, w, method)`; the ranks are computed in blocks of
    `block` weight vectors, written into their output in place."""
    x = _check_x(x)
    w = as_weights(w)  # checked by `aggregate`
    if x.ndim != 2 or w.ndim != 2:
        raise ValueError(f"score_ranks takes x (S, K) and w (n, K), got {x.shape}, {w.shape}")
    n, s_count = w.shape[0], x.shape[0]
    # Scores by GEMMs over `GEMM_BLOCKS` cache blocks at a time: a GEMM call per cache block
    # was measured up to 4× slower on the shared 2-core machine under heavy load (OpenBLAS
    # synchronises its threads on every call), one GEMM for all 2× slower under light load
    # (its output leaves the cache). The ranks, one comparison per scenario each, run block
    # by block so their temporaries stay in cache.
    scores = np.empty((n, s_count))
    out = np.empty((n, s_count), dtype=rank_dtype(s_count))
    step = max(1, block)
    for first in range(0, n, step * GEMM_BLOCKS):
        last = min(first + step * GEMM_BLOCKS, n)
        scores[first:last] = aggregate(x, w[first:last], method)
        for lo in range(first, last, step):
            hi = min(lo + step, last)
            ranks(scores[lo:hi], tol, out=out[lo:hi])
    return scores, out
