"""Samplers of weight vectors that are uniform over what the analyst left open (numpy only).

- Nothing known: uniform on the simplex {w ≥ 0, Σ w = 1}, i.e. Dirichlet(1, …, 1), drawn as
  normalised standard exponentials. Never "uniform per weight, then normalise": that piles
  mass in the middle (for three weights P(some weight > 0.6) is 0.48 on the simplex but about
  0.22 the biased way).
- A ranking (most important first, ties allowed): sort each uniform simplex draw in decreasing
  order and hand the sorted values to the items in ranking order, shuffling within a tie. The
  uniform distribution is symmetric in the coordinates, so sorting maps it onto the uniform
  distribution of the ordered region exactly.
- Intervals `lower ≤ w ≤ upper`: with the lower bounds the region is a smaller simplex,
  `w = lower + (1 − Σ lower) · v` with v uniform on the simplex (an affine map keeps
  uniformity), so lower bounds cost nothing. Upper bounds are met by rejection, which stays
  exact; its acceptance rate is computed in closed form beforehand (inclusion–exclusion). When
  it is below `MIN_ACCEPTANCE` (tight upper bounds), rejection would waste too many draws and
  the sampler switches to hit-and-run: many short independent chains, each started at the
  same interior point, run for a burn-in and then thinned. Hit-and-run is uniform only in the
  limit; the burn-in (`HAR_BURN_PER_DIM` steps per dimension) is chosen so that the tests'
  two-sample KS checks against rejection cannot tell the two apart.

Every sampler takes an explicit `numpy.random.Generator` and returns an array `(n, K)`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from indicators.errors import WeightError

MIN_ACCEPTANCE = 0.02
"""Below this acceptance rate, interval constraints use hit-and-run instead of rejection."""

HAR_CHAINS = 256
HAR_BURN_PER_DIM = 40
HAR_THIN_PER_DIM = 2
EXACT_ACCEPTANCE_MAX_DIM = 16
"""Inclusion–exclusion over 2^K subsets is used up to this many weights."""


def uniform(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """`n` weight vectors uniform on the (k−1)-simplex (Dirichlet(1)), shape `(n, k)`."""
    if k < 1:
        raise WeightError("at least one weight is needed.", kind="no_weights", parts={})
    e = rng.standard_exponential((n, k))
    v: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return v


def ranked(rng: np.random.Generator, n: int, groups: Sequence[Sequence[int]]) -> np.ndarray:
    """Uniform weights consistent with a ranking.

    `groups` lists positions (indices into the weight vector), most important group first;
    items in one group tie (any order among them). Every index 0..K−1 must appear once.
    """
    order = [i for g in groups for i in g]
    k = len(order)
    if sorted(order) != list(range(k)):
        raise WeightError(
            "a ranking must name every item exactly once.", kind="ranking_incomplete", parts={}
        )
    s = -np.sort(-uniform(rng, n, k), axis=1)  # decreasing
    start = 0
    for g in groups:
        if len(g) > 1:
            # A tie: any order among the tied items, each equally likely.
            s[:, start : start + len(g)] = rng.permuted(s[:, start : start + len(g)], axis=1)
        start += len(g)
    out = np.empty_like(s)
    out[:, order] = s
    return out


def check_bounds(lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounds as arrays, or WeightError when no weight vector satisfies them."""
    lower = np.asarray(lower, dtype=np.float64)
    upper = np.asarray(upper, dtype=np.float64)
    if lower.shape != upper.shape or lower.ndim != 1:
        raise WeightError(
            "lower and upper bounds must be vectors of the same length.",
            kind="bounds_length",
            parts={},
        )
    if (lower < 0).any() or (upper > 1).any() or (lower > upper).any():
        raise WeightError(
            "weight bounds must satisfy 0 ≤ lower ≤ upper ≤ 1.", kind="bounds_order", parts={}
        )
    if lower.sum() > 1 + 1e-12:
        raise WeightError(
            f"the lower bounds add up to {lower.sum():.3g} > 1: no weights can meet them all.",
            kind="bounds_sum",
            parts={"which": "lower", "sum": f"{lower.sum():.3g}"},
        )
    if upper.sum() < 1 - 1e-12:
        raise WeightError(
            f"the upper bounds add up to {upper.sum():.3g} < 1: no weights can meet them all.",
            kind="bounds_sum",
            parts={"which": "upper", "sum": f"{upper.sum():.3g}"},
        )
    return lower, upper


def _caps(lower: np.ndarray, upper: np.ndarray) -> tuple[float, np.ndarray]:
    """Free mass 1 − Σ lower, and each weight's cap on the shrunken simplex (as a share)."""
    free = 1.0 - lower.sum()
    caps = np.minimum((upper - lower) / free, 1.0) if free > 0 else np.zeros_like(lower)
    return free, caps


def acceptance(lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of the uniform simplex (after the lower-bound shift) within the upper bounds.

    P(v_i ≤ c_i for all i) for v uniform on the (K−1)-simplex, by inclusion–exclusion:
    Σ_J (−1)^|J| (1 − Σ_{j∈J} c_j)_+^(K−1). Caps of 1 never bind and are left out.
    """
    lower, upper = check_bounds(lower, upper)
    free, caps = _caps(lower, upper)
    k = len(caps)
    if free <= 0 or k == 1:
        return 1.0
    binding = [c for c in caps if c < 1.0]
    if len(binding) > EXACT_ACCEPTANCE_MAX_DIM:
        return math.nan
    total = 0.0
    for size in range(len(binding) + 1):
        for subset in itertools.combinations(binding, size):
            rest = 1.0 - sum(subset)
            if rest > 0:
                total += (-1) ** size * rest ** (k - 1)
    return max(total, 0.0)


def bounded(
    rng: np.random.Generator,
    n: int,
    lower: np.ndarray,
    upper: np.ndarray,
    method: str = "auto",
) -> np.ndarray:
    """`n` weight vectors uniform on {lower ≤ w ≤ upper, Σ w = 1}.

    `method` is "rejection" (exact), "hit-and-run" (approximate, for tight bounds) or "auto":
    rejection when its acceptance rate is at least `MIN_ACCEPTANCE`.
    """
    lower, upper = check_bounds(lower, upper)
    free, caps = _caps(lower, upper)
    k = len(lower)
    if free <= 1e-15:
        return np.broadcast_to(lower, (n, k)).copy()
    rate = acceptance(lower, upper)
    if math.isnan(rate):
        # Too many binding caps for inclusion–exclusion: estimate with a fixed pilot stream,
        # so that the choice of method never depends on the caller's seed.
        pilot = uniform(np.random.default_rng(0), 20_000, k)
        rate = float((pilot <= caps).all(axis=1).mean())
    if method == "auto":
        method = "rejection" if rate >= MIN_ACCEPTANCE else "hit-and-run"
    if method == "rejection":
        v = _rejection(rng, n, caps, rate)
    elif method == "hit-and-run":
        v = _hit_and_run(rng, n, caps)
    else:
        raise ValueError(f"unknown method {method!r}")
    return lower + free * v


def _rejection(rng: np.random.Generator, n: int, caps: np.ndarray, rate: float) -> np.ndarray:
    k = len(caps)
    kept: list[np.ndarray] = []
    have = 0
    while have < n:
        # Draw enough for the rest in one go (10% spare); the loop only repeats on bad luck.
        batch = max(64, int((n - have) / max(rate, 1e-4) * 1.1))
        v = uniform(rng, batch, k)
        ok = v[(v <= caps).all(axis=1)]
        kept.append(ok)
        have += len(ok)
    return np.concatenate(kept)[:n]


def _interior(caps: np.ndarray) -> np.ndarray:
    """A point inside {0 ≤ v ≤ caps, Σ v = 1}: the caps scaled to sum to 1 (Σ caps ≥ 1)."""
    point: np.ndarray = caps / caps.sum()
    return point


def _hit_and_run(rng: np.random.Generator, n: int, caps: np.ndarray) -> np.ndarray:
    """Parallel hit-and-run chains on {0 ≤ v ≤ caps, Σ v = 1}, vectorised over chains.

    Each step picks a random direction within the hyperplane Σ v = 1 and a uniform point on
    the chord of the region along it.
    """
    k = len(caps)
    chains = min(HAR_CHAINS, n)
    per_chain = -(-n // chains)
    burn = HAR_BURN_PER_DIM * k
    thin = HAR_THIN_PER_DIM * k
    v = np.broadcast_to(_interior(caps), (chains, k)).copy()
    out = np.empty((per_chain, chains, k))
    for step in range(burn + per_chain * thin):
        d = rng.standard_normal((chains, k))
        d -= d.mean(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            a = -v / d  # where coordinate i reaches 0
            b = (caps - v) / d  # where it reaches its cap
        a = np.where(d == 0, -np.inf, a)
        b = np.where(d == 0, np.inf, b)
        t_min = np.minimum(a, b).max(axis=1)
        t_max = np.maximum(a, b).min(axis=1)
        t = t_min + rng.random(chains) * (t_max - t_min)
        v = np.clip(v + t[:, None] * d, 0.0, caps)
        v /= v.sum(axis=1, keepdims=True)  # undo rounding drift off the hyperplane
        kept = step - burn
        if kept >= 0 and (kept + 1) % thin == 0:
            out[kept // thin] = v
    return out.reshape(-1, k)[:n]
