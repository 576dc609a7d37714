"""Classic MCDA rankings: scenarios ranked relative to one another (numpy only).

Unlike taqdir's own methods (fixed poles: an intensity of 1 is the deepest partnership), these
normalise each criterion over the scenarios being compared, so a score means "better than the
others", not a depth: there are no tiers, only ranks. Each function takes a decision matrix
`x (..., S, K)` (S alternatives, K criteria), weights `w (..., K)` and an optional `benefit`
mask `(K,)` (False = a cost criterion, smaller is better; taqdir's intensities are all
benefits), and is vectorised over leading batch dimensions, so SMAA can run over 10^6 weight
vectors at once.

- `topsis`: vector normalisation r = x / ‖x‖ per criterion, weighted; ideal and anti-ideal
  from the best and worst alternative; closeness C = d⁻ / (d⁺ + d⁻) (Hwang and Yoon 1981).
- `vikor`: group utility S, individual regret R and the compromise index Q with strategy
  weight v (Opricovic 1998; Opricovic and Tzeng 2004); lower Q is better.
- `wsm`: weighted sum of min-max normalised values.
- `wpm`: weighted product of normalised values: min-max (floored, since a 0 would wipe out
  the product) or max ("ratio") normalisation, whose ranking equals Bridgman's product of
  ratios.

`relative_scores` turns each into a score on 0–100, higher is better, for ranking and SMAA.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from engine import kernel
from indicators.errors import UnknownNameError

METHODS = ("topsis_vector", "vikor", "wsm_minmax", "wpm_minmax")
"""Relative methods, as `--method` names them."""

WPM_FLOOR = kernel.GEOMETRIC_FLOOR
"""Min-max normalisation maps the worst alternative to 0; the product floors it here."""

Array = kernel.Array

VIKOR_TIE = 1e-12
"""VIKOR's S or R varying by less than this over the alternatives does not vary."""


def _prepare(x: ArrayLike, w: ArrayLike) -> tuple[Array, Array]:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2:
        raise ValueError(f"decision matrix must have shape (..., S, K), got {x.shape}")
    return x, kernel.normalise(w)


def _benefit(benefit: ArrayLike | None, k: int) -> np.ndarray:
    return np.ones(k, dtype=bool) if benefit is None else np.asarray(benefit, dtype=bool)


def _wsum(v: Array, w: Array) -> Array:
    """Σ_k w[..., k] v[..., s, k] → (..., S); one GEMM when v is a single matrix."""
    out: Array = w @ v.T if v.ndim == 2 else np.matmul(v, w[..., :, None])[..., 0]
    return out


TIE = 1e-12
"""Differences at or below this (relative to the values for min-max, absolute for TOPSIS's
distances on the normalised matrix) are rounding, not a difference between alternatives."""


def minmax(x: ArrayLike, benefit: ArrayLike | None = None) -> Array:
    """Per criterion over the alternatives: 1 for the best, 0 for the worst, linear between.
    A criterion on which all alternatives are equal does not discriminate: all get 1. Equal
    means within rounding of the values (a span of at most TIE times their magnitude), so a
    last-bit difference does not become the whole 0-to-1 range."""
    x = np.asarray(x, dtype=np.float64)
    lo = x.min(axis=-2, keepdims=True)
    hi = x.max(axis=-2, keepdims=True)
    span = hi - lo
    varies = span > TIE * np.maximum(np.abs(hi), np.abs(lo))
    safe = np.where(varies, span, 1.0)
    up = (x - lo) / safe
    r = np.where(_benefit(benefit, x.shape[-1]), up, 1.0 - up)
    return np.where(varies, r, 1.0)


def topsis(x: ArrayLike, w: ArrayLike, benefit: ArrayLike | None = None) -> Array:
    """TOPSIS closeness C in [0, 1] (higher is better), shape `(..., S)`.

    With r the vector-normalised matrix, the weighted distance to the ideal is
    d⁺² = Σ_k w_k² (r_sk − r*_k)²: the ideal r* does not depend on the (non-negative) weights,
    so with one matrix and many weight vectors the distances are two GEMMs.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 2:
        return _topsis_matrix(x, w, benefit)
    x, w = _prepare(x, w)
    r, best, worst = _topsis_poles(x, benefit)
    w2 = w * w
    d_plus = np.sqrt(_wsum((r - best) ** 2, w2))
    d_minus = np.sqrt(_wsum((r - worst) ** 2, w2))
    return _closeness(d_plus, d_minus)


def _topsis_poles(x: Array, benefit: ArrayLike | None) -> tuple[Array, Array, Array]:
    """The vector-normalised matrix r and its ideal and anti-ideal rows (benefit or cost)."""
    norm = np.sqrt((x * x).sum(axis=-2, keepdims=True))
    r = x / np.where(norm > 0, norm, 1.0)
    ben = _benefit(benefit, x.shape[-1])
    best = np.where(ben, r.max(axis=-2, keepdims=True), r.min(axis=-2, keepdims=True))
    worst = np.where(ben, r.min(axis=-2, keepdims=True), r.max(axis=-2, keepdims=True))
    return r, best, worst


def _topsis_matrix(x: Array, w: ArrayLike, benefit: ArrayLike | None) -> Array:
    """TOPSIS of one matrix `x (S, K)` under any number of weight vectors `(..., K)`.

    Both distances come from one GEMM of the squared normalised weights against the stacked
    squared gaps (the Gram form), block by block of weight vectors (`kernel.block_rows`):
    the weights are checked, normalised and squared, the distances taken and the closeness
    written, all in place in scratch arrays that stay in cache; only the output is the size
    of the whole. The numbers are those of the same steps over the whole array at once.
    """
    w = kernel.as_weights(w)
    k, s_count = x.shape[-1], x.shape[-2]
    if w.shape[-1] != k:
        raise ValueError(f"weights have {w.shape[-1]} entries for {k} criteria")
    flat = np.ascontiguousarray(w.reshape(-1, k))
    r, best, worst = _topsis_poles(x, benefit)
    gaps = np.concatenate([(r - best) ** 2, (r - worst) ** 2]).T  # (K, 2S)
    m = flat.shape[0]
    out = np.empty((m, s_count))
    total = np.empty(m)
    step = kernel.block_rows(k, 0.5)
    wn = np.empty((min(step, m), k))
    d = np.empty((min(step, m), 2 * s_count))
    for lo in range(0, m, step):
        hi = min(lo + step, m)
        kernel.checked_block(flat, lo, hi, total)
        wb, db, ob = wn[: hi - lo], d[: hi - lo], out[lo:hi]
        np.divide(flat[lo:hi], total[lo:hi, None], out=wb)
        np.multiply(wb, wb, out=wb)
        np.matmul(wb, gaps, out=db)
        np.sqrt(db, out=db)
        np.add(db[:, :s_count], db[:, s_count:], out=ob)
        ob[...] = _closeness(db[:, :s_count], db[:, s_count:], ob)
    return out.reshape(*w.shape[:-1], s_count)


def _closeness(d_plus: Array, d_minus: Array, total: Array | None = None) -> Array:
    """d⁻ / (d⁺ + d⁻), 0.5 where the total is within rounding of 0 (`total`: d⁺ + d⁻, if
    the caller has it; then it is divided in place when every total is above TIE)."""
    if total is None:
        total = d_plus + d_minus
    # Distances on the normalised matrix lie in [0, 1]: a total within rounding (TIE) means the
    # alternatives are identical on every weighted criterion up to the last bits, so none is
    # closer (0.5); otherwise a last-bit difference would decide 0 against 1.
    if (total > TIE).all():
        out: Array = np.divide(d_minus, total, out=total)
        return out
    return np.where(total > TIE, d_minus / np.where(total > TIE, total, 1.0), 0.5)


def vikor(
    x: ArrayLike, w: ArrayLike, benefit: ArrayLike | None = None, v: float = 0.5
) -> tuple[Array, Array, Array]:
    """VIKOR's S (group utility), R (individual regret) and Q (compromise), each `(..., S)`;
    lower is better for all three.

    S_s = Σ_k w_k d_sk and R_s = max_k w_k d_sk with d_sk = (f*_k − f_sk) / (f*_k − f⁻_k) the
    normalised distance from the best value; Q_s = v (S_s − S*) / (S⁻ − S*) +
    (1 − v) (R_s − R*) / (R⁻ − R*). Where S or R does not vary, its term is 0.
    """
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"the VIKOR strategy weight v must be in [0, 1], got {v}")
    x, w = _prepare(x, w)
    d = 1.0 - minmax(x, benefit)  # 0 at the best value, 1 at the worst
    s = _wsum(d, w)
    r = (w[..., None, :] * d).max(axis=-1)

    def scaled(a: Array) -> Array:
        # S and R lie in [0, 1]; a span within rounding (1e-12) is a tie, not a difference:
        # otherwise tied alternatives get Q = 0 and 1 by the last bit of the weights' sum.
        lo = a.min(axis=-1, keepdims=True)
        span = a.max(axis=-1, keepdims=True) - lo
        varies = span > VIKOR_TIE
        return np.where(varies, (a - lo) / np.where(varies, span, 1.0), 0.0)

    q = v * scaled(s) + (1.0 - v) * scaled(r)
    return s, r, q


def vikor_compromise(s: ArrayLike, r: ArrayLike, q: ArrayLike) -> list[int]:
    """VIKOR's compromise set for one problem (1-D arrays): the alternatives to propose.

    The best by Q is proposed alone if it has an acceptable advantage (Q gap to the second at
    least 1/(m − 1)) and acceptable stability (it is also best by S or by R). Without
    stability, the best two are proposed; without advantage, every alternative whose Q is
    within 1/(m − 1) of the best.
    """
    s, r, q = (np.asarray(a, dtype=np.float64) for a in (s, r, q))
    m = len(q)
    order = np.argsort(q, kind="stable")
    if m < 2:
        alone: list[int] = order.tolist()
        return alone
    dq = 1.0 / (m - 1)
    first, second = order[0], order[1]
    advantage = q[second] - q[first] >= dq - 1e-12
    stable = s[first] <= s.min() + 1e-12 or r[first] <= r.min() + 1e-12
    if advantage and stable:
        return [int(first)]
    if advantage:
        return [int(first), int(second)]
    return [int(i) for i in order if q[i] - q[first] < dq - 1e-12]


def wsm(x: ArrayLike, w: ArrayLike, benefit: ArrayLike | None = None) -> Array:
    """Weighted sum of min-max normalised values, in [0, 1] (higher is better)."""
    x, w = _prepare(x, w)
    return _wsum(minmax(x, benefit), w)


def max_normalise(x: ArrayLike, benefit: ArrayLike | None = None) -> Array:
    """Ratio normalisation: x / max for a benefit, min / x for a cost (values must be > 0)."""
    x = np.asarray(x, dtype=np.float64)
    if (x <= 0).any():
        raise ValueError("ratio normalisation needs positive values")
    ben = _benefit(benefit, x.shape[-1])
    out: Array = np.where(ben, x / x.max(axis=-2, keepdims=True), x.min(axis=-2, keepdims=True) / x)
    return out


def wpm(
    x: ArrayLike, w: ArrayLike, benefit: ArrayLike | None = None, normalise: str = "minmax"
) -> Array:
    """Weighted product Π_k r_sk^w_k of normalised values, in (0, 1] (higher is better).

    `normalise="minmax"` floors the worst value at `WPM_FLOOR`; `"max"` uses ratios, whose
    ranking is that of the classic product of ratios Π (x_a / x_b)^w.
    """
    x, w = _prepare(x, w)
    if normalise == "minmax":
        r = np.maximum(minmax(x, benefit), WPM_FLOOR)
    elif normalise == "max":
        r = max_normalise(x, benefit)
    else:
        raise ValueError(f"normalise must be 'minmax' or 'max', got {normalise!r}")
    return np.exp(_wsum(np.log(r), w))


def sum_normalise(x: ArrayLike, benefit: ArrayLike | None = None) -> Array:
    """Sum normalisation: x / Σ x for a benefit, (1 / x) / Σ (1 / x) for a cost (values > 0)."""
    x = np.asarray(x, dtype=np.float64)
    if (x <= 0).any():
        raise ValueError("sum normalisation needs positive values")
    y = np.where(_benefit(benefit, x.shape[-1]), x, 1.0 / x)
    out: Array = y / y.sum(axis=-2, keepdims=True)
    return out


def wsm_sum(x: ArrayLike, w: ArrayLike, benefit: ArrayLike | None = None) -> Array:
    """Weighted sum of sum-normalised values (the alternatives' scores sum to 1)."""
    x, w = _prepare(x, w)
    return _wsum(sum_normalise(x, benefit), w)


def waspas(
    x: ArrayLike, w: ArrayLike, benefit: ArrayLike | None = None, lam: float = 0.5
) -> tuple[Array, Array, Array]:
    """WASPAS (Zavadskas et al. 2012): Q = λ·WSM + (1 − λ)·WPM on the ratio (max)
    normalised matrix; returns (Q, WSM, WPM), each `(..., S)`, higher is better."""
    if not 0.0 <= lam <= 1.0:
        raise ValueError(f"the WASPAS λ must be in [0, 1], got {lam}")
    x, w = _prepare(x, w)
    r = max_normalise(x, benefit)
    q1 = _wsum(r, w)
    q2 = np.exp(_wsum(np.log(r), w))
    return lam * q1 + (1.0 - lam) * q2, q1, q2


def relative_scores(x: ArrayLike, w: ArrayLike, method: str) -> Array:
    """Scores on 0–100, higher is better, of shape `(..., S)`: for ranking and SMAA.

    topsis_vector: 100·C; vikor: 100·(1 − Q); wsm_minmax: 100·WSM; wpm_minmax: 100·WPM.
    """
    if method == "topsis_vector":
        return 100.0 * topsis(x, w)
    if method == "vikor":
        return 100.0 * (1.0 - vikor(x, w)[2])
    if method == "wsm_minmax":
        return 100.0 * wsm(x, w)
    if method == "wpm_minmax":
        return 100.0 * wpm(x, w)
    raise UnknownNameError(
        f"unknown method {method!r}; choose one of {', '.join(METHODS)}.",
        kind="unknown",
        parts={"what": "method", "value": method, "known": list(METHODS)},
    )


def scorer(method: str) -> Callable[[ArrayLike, ArrayLike], Array]:
    """A function `(x (..., S, K), w (..., K)) → scores (..., S)` for any method taqdir knows:
    its own (absolute, with tiers) or a relative one from this module."""
    if method in kernel.METHODS:
        return lambda x, w: kernel.aggregate(x, w, method)
    if method in METHODS:
        return lambda x, w: relative_scores(x, w, method)
    raise UnknownNameError(
        f"unknown method {method!r}; choose one of {', '.join(kernel.METHODS + METHODS)}.",
        kind="unknown",
        parts={"what": "method", "value": method, "known": [*kernel.METHODS, *METHODS]},
    )


RAW_METHODS = (
    "topsis_vector",
    "vikor",
    "wsm_minmax",
    "wsm_sum",
    "wpm_minmax",
    "wpm_ratio",
    "waspas",
)
"""Methods `taqdir mcda` applies to raw criterion values with benefit/cost types."""


def evaluate(
    method: str,
    x: ArrayLike,
    w: ArrayLike,
    benefit: ArrayLike | None = None,
    *,
    v: float = 0.5,
    lam: float = 0.5,
) -> tuple[dict[str, Array], str, bool]:
    """One classic method on one decision matrix `(S, K)`, as published.

    Returns the method's columns (e.g. VIKOR's S, R and Q; WASPAS's Q, WSM and WPM), the name
    of the column that ranks, and whether higher is better in it.
    """
    if method == "topsis_vector":
        return {"C": topsis(x, w, benefit)}, "C", True
    if method == "vikor":
        s, r, q = vikor(x, w, benefit, v)
        return {"S": s, "R": r, "Q": q}, "Q", False
    if method == "wsm_minmax":
        return {"WSM": wsm(x, w, benefit)}, "WSM", True
    if method == "wsm_sum":
        return {"WSM": wsm_sum(x, w, benefit)}, "WSM", True
    if method == "wpm_minmax":
        return {"WPM": wpm(x, w, benefit)}, "WPM", True
    if method == "wpm_ratio":
        return {"WPM": wpm(x, w, benefit, normalise="max")}, "WPM", True
    if method == "waspas":
        q, q1, q2 = waspas(x, w, benefit, lam)
        return {"Q": q, "WSM": q1, "WPM": q2}, "Q", True
    raise UnknownNameError(
        f"unknown method {method!r}; choose one of {', '.join(RAW_METHODS)}.",
        kind="unknown",
        parts={"what": "method", "value": method, "known": list(RAW_METHODS)},
    )


def rank_of(values: ArrayLike, higher_is_better: bool) -> Array:
    """Ranks 1..S (ties share the better rank) of one column."""
    col = np.asarray(values, dtype=np.float64)
    return kernel.ranks(col if higher_is_better else -col).astype(np.float64)
