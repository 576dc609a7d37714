"""Weight-stability intervals: how far one weight can move before a tier or the top changes.

An *item* is a family or an indicator. Moving its weight to t while the other weights keep
their proportions gives the weight vector

    w(t) = t · e + (1 − t) · r,      t in [0, 1],

where e is the item's composition (for a family, its indicators' shares; for an indicator,
itself) and r the other weights rescaled to sum 1. The current weight is t0 = w_item.

- arithmetic: scores are linear in t, score(t) = B + t (A − B) with A the scores at t = 1 and
  B at t = 0, so every crossing (a scenario's score meeting a tier threshold, two scenarios'
  scores meeting) is a closed-form root.
- other methods: scores are evaluated on a grid of t (vectorised over the grid), each change
  is bracketed between two grid points, and `scipy.optimize.brentq` finds the crossing. Two
  crossings inside one grid cell (1/`GRID` wide) could hide each other; the tests compare
  with brute-force sweeps.

`along` takes any such lines directly (the dashboard's share sliders move an indicator within
its family only). The interval [lo, hi] around t0 is where nothing changes; at lo and hi the
first change happens (which scenario, from which tier or top scenario to which).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from engine import kernel

GRID = 1001
"""Grid points on [0, 1] used to bracket crossings for methods without a closed form."""


@dataclass(frozen=True)
class Change:
    """What happens when the weight reaches `at`: `scenario` moves `before` → `after`
    (tier indices for a tier change; scenario indices of the top for a top change)."""

    at: float
    scenario: int
    before: int
    after: int


@dataclass(frozen=True)
class Stability:
    """The stability interval of one item's weight."""

    weight: float
    tier_lo: float | None  # None: no tiers (relative method) or no defined direction
    tier_hi: float | None
    tier_below: Change | None  # first tier change going down (None: none down to 0)
    tier_above: Change | None
    top_lo: float
    top_hi: float
    top_below: Change | None
    top_above: Change | None


class _Interval(NamedTuple):
    """Where nothing changes around t0, and the first change at each end (None: none)."""

    lo: float
    hi: float
    below: Change | None
    above: Change | None


_Row = tuple[_Interval | None, _Interval]
"""Per item: the tier interval (None without tiers) and the top interval."""

RootFinder = Callable[..., float]
"""`scipy.optimize.brentq` (imported lazily; scipy ships no type information for it)."""


def directions(w: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For items with compositions `e (m, K)` (rows sum to 1) within weights `w (K,)`:
    current weights t0 `(m,)` (the weight on each item's indicators), the rest `r (m, K)`
    (rows sum to 1) and a validity mask (an item holding all the weight has no rest)."""
    w = np.asarray(w, dtype=np.float64)
    e = np.asarray(e, dtype=np.float64)
    t0 = (e > 0).astype(float) @ w
    rest = np.clip(w[None, :] - t0[:, None] * e, 0.0, None)
    total = rest.sum(axis=1)
    ok = total > 1e-12
    r = rest / np.where(ok, total, 1.0)[:, None]
    return t0, r, ok


def _linear_roots(b: np.ndarray, slope: np.ndarray, level: np.ndarray) -> np.ndarray:
    """t in [0, 1] where b + t·slope = level (nan where there is none)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (level - b) / slope
    roots: np.ndarray = np.where((slope != 0) & (t >= 0) & (t <= 1), t, np.nan)
    return roots


def _arithmetic(
    x: np.ndarray,
    e: np.ndarray,
    r: np.ndarray,
    t0: np.ndarray,
    thresholds: np.ndarray | None,
    focus: np.ndarray,
) -> list[_Row]:
    """Closed-form crossings for the arithmetic method, per item."""
    a = 100.0 * e @ x.T  # (m, S): scores with all weight on the item
    b = 100.0 * r @ x.T  # (m, S): scores with none
    slope = a - b
    out: list[_Row] = []
    for j in range(len(t0)):
        tier: _Interval | None = None
        top: _Interval
        s_now = b[j] + t0[j] * slope[j]
        if thresholds is not None and len(thresholds):
            roots = _linear_roots(b[j][:, None], slope[j][:, None], thresholds[None, :])
            roots = np.where(focus[:, None], roots, np.nan)

            def tier_at(t: float, s: int, j: int = j, th: np.ndarray = thresholds) -> int:
                return _tier_at(b[j], slope[j], th, t, s)

            tier = _pick(roots, t0[j], tier_at)
        ranks = kernel.ranks(s_now)
        tops = np.flatnonzero(ranks == 1)
        if len(tops) == 1:
            best = tops[0]
            db = b[j][best] - b[j]
            ds = slope[j][best] - slope[j]
            roots = _linear_roots(db, ds, np.zeros_like(db))
            roots[best] = np.nan
            top = _pick_top(roots, t0[j], best)
        else:
            top = _Interval(t0[j], t0[j], None, None)
        out.append((tier, top))
    return out


def _tier_at(b: np.ndarray, slope: np.ndarray, thresholds: np.ndarray, t: float, s: int) -> int:
    return int(kernel.tier_index(b[s] + t * slope[s], thresholds))


def _pick(roots: np.ndarray, t0: float, tier_at: Callable[[float, int], int]) -> _Interval:
    """The nearest tier crossings below and above t0 among `roots (S, T−1)` (nan: none)."""
    below = np.where(np.isnan(roots) | (roots >= t0), -np.inf, roots)
    above = np.where(np.isnan(roots) | (roots <= t0), np.inf, roots)
    lo, hi, ch_lo, ch_hi = 0.0, 1.0, None, None
    if np.isfinite(below).any():
        s = int(np.unravel_index(int(np.argmax(below)), below.shape)[0])
        lo = float(below.max())
        ch_lo = Change(lo, s, tier_at(t0, s), tier_at(max(lo - 1e-9, 0.0), s))
    if np.isfinite(above).any():
        s = int(np.unravel_index(int(np.argmin(above)), above.shape)[0])
        hi = float(above.min())
        ch_hi = Change(hi, s, tier_at(t0, s), tier_at(min(hi + 1e-9, 1.0), s))
    return _Interval(lo, hi, ch_lo, ch_hi)


def _pick_top(roots: np.ndarray, t0: float, best: int) -> _Interval:
    """The nearest crossings of the top scenario's score with another's, below and above."""
    below = np.where(np.isnan(roots) | (roots >= t0), -np.inf, roots)
    above = np.where(np.isnan(roots) | (roots <= t0), np.inf, roots)
    lo, hi, ch_lo, ch_hi = 0.0, 1.0, None, None
    if np.isfinite(below).any():
        o = int(np.argmax(below))
        lo = float(below[o])
        ch_lo = Change(lo, o, best, o)
    if np.isfinite(above).any():
        o = int(np.argmin(above))
        hi = float(above[o])
        ch_hi = Change(hi, o, best, o)
    return _Interval(lo, hi, ch_lo, ch_hi)


def _generic(
    x: np.ndarray,
    e: np.ndarray,
    r: np.ndarray,
    t0: np.ndarray,
    thresholds: np.ndarray | None,
    focus: np.ndarray,
    score_fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> list[_Row]:
    """Grid-bracketed, brentq-refined crossings for any scoring function."""
    from scipy.optimize import brentq

    out: list[_Row] = []
    for j in range(len(t0)):
        ts = np.unique(np.r_[np.linspace(0.0, 1.0, GRID), t0[j]])
        i0 = int(np.searchsorted(ts, t0[j]))
        weights = ts[:, None] * e[j] + (1.0 - ts[:, None]) * r[j]
        scores = score_fn(x, weights)  # (G, S)

        def at(t: float, j: int = j) -> NDArray[np.float64]:
            scores_at: NDArray[np.float64] = score_fn(x, (t * e[j] + (1.0 - t) * r[j])[None, :])[0]
            return scores_at

        tier: _Interval | None = None
        if thresholds is not None and len(thresholds):
            tiers = kernel.tier_index(scores, thresholds)
            tier = _walk_tiers(ts, i0, tiers, focus, thresholds, at, brentq)
        ranks = kernel.ranks(scores)
        tops = np.flatnonzero(ranks[i0] == 1)
        if len(tops) == 1:
            top = _walk_top(ts, i0, ranks, int(tops[0]), at, brentq)
        else:
            top = _Interval(t0[j], t0[j], None, None)
        out.append((tier, top))
    return out


def _walk(
    ts: NDArray[np.float64],
    i0: int,
    moved: NDArray[np.bool_],
    crossings: Callable[[int, float, float], Iterable[Change]],
) -> _Interval:
    """The nearest change on each side of grid point `i0`: `moved` (G,) marks the grid points
    whose outcome differs from `i0`'s; `crossings(k, inside, outside)` yields the `Change`s
    found in the first such cell (bracketed by `inside` and `outside`)."""
    bounds = [0.0, 1.0]
    first: list[Change | None] = [None, None]
    for side, step in ((0, -1), (1, 1)):
        idx = np.flatnonzero(moved[i0 + step :: step] if step > 0 else moved[:i0][::-1])
        if not len(idx):
            continue
        k = i0 + step * (int(idx[0]) + 1)
        changes = list(crossings(k, ts[k - step], ts[k]))
        if changes:  # always: something changed in the cell
            pick = min if step > 0 else max
            best = pick(changes, key=lambda c: c.at)
            bounds[side] = best.at
            first[side] = best
    return _Interval(bounds[0], bounds[1], first[0], first[1])


def _walk_tiers(
    ts: NDArray[np.float64],
    i0: int,
    tiers: NDArray[np.intp],
    focus: NDArray[np.bool_],
    thresholds: NDArray[np.float64],
    at: Callable[[float], NDArray[np.float64]],
    brentq: RootFinder,
) -> _Interval:
    changed = (tiers != tiers[i0]) & focus[None, :]  # (G, S)

    def crossings(k: int, inside: float, outside: float) -> Iterator[Change]:
        for s in np.flatnonzero(changed[k]):
            before = int(tiers[i0, s])
            # The threshold crossed first: the one bounding the current tier on that side.
            up = tiers[k, s] > before
            level = thresholds[before] if up else thresholds[before - 1]
            root = brentq(lambda t, s=s, level=level: at(t)[s] - level, inside, outside)
            yield Change(float(root), int(s), before, before + (1 if up else -1))

    return _walk(ts, i0, changed.any(axis=1), crossings)


def _walk_top(
    ts: NDArray[np.float64],
    i0: int,
    ranks: NDArray[np.intp],
    best_s: int,
    at: Callable[[float], NDArray[np.float64]],
    brentq: RootFinder,
) -> _Interval:
    lost = ranks[:, best_s] != 1  # (G,): no longer sole top (ties count as a change)

    def crossings(k: int, inside: float, outside: float) -> Iterator[Change]:
        # Scenarios ahead of the old top at the far end overtook it inside the cell. The
        # offset matches kernel.ranks' tie tolerance, so the sign changes in the bracket.
        for o in np.flatnonzero(ranks[k] < ranks[k, best_s]):
            root = brentq(
                lambda t, o=o: at(t)[best_s] - at(t)[o] + 1e-9, inside, outside, xtol=1e-12
            )
            yield Change(float(root), int(o), best_s, int(o))

    return _walk(ts, i0, lost, crossings)


def stability(
    x: np.ndarray,
    w: np.ndarray,
    e: np.ndarray,
    method: str,
    thresholds: np.ndarray | None,
    focus: Sequence[int] | None = None,
    score_fn: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> list[Stability | None]:
    """Stability intervals of items with compositions `e (m, K)` for intensities `x (S, K)`
    under weights `w (K,)` (the other weights rescaled proportionally). `focus` restricts tier
    changes to some scenarios; `thresholds` None skips tiers (relative methods). An item with
    no rest to rescale gives None."""
    t0, r, ok = directions(w, e)
    return along(x, e, r, t0, ok, method, thresholds, focus, score_fn)


def along(
    x: np.ndarray,
    e: np.ndarray,
    r: np.ndarray,
    t0: np.ndarray,
    ok: np.ndarray,
    method: str,
    thresholds: np.ndarray | None,
    focus: Sequence[int] | None = None,
    score_fn: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> list[Stability | None]:
    """Stability intervals along any lines w(t) = t·e + (1 − t)·r, t in [0, 1], now at t0
    (rows of `e` and `r` each sum to 1; `ok` False gives None)."""
    x = np.asarray(x, dtype=np.float64)
    mask = np.zeros(x.shape[0], dtype=bool)
    mask[list(range(x.shape[0])) if focus is None else list(focus)] = True
    ok = np.asarray(ok, dtype=bool)
    # An item holding all the weight has no path (its rest is all zero): skip it.
    e, r, t0 = (np.asarray(a, dtype=np.float64)[ok] for a in (e, r, t0))
    if method == "arithmetic" and score_fn is None:
        rows = _arithmetic(x, e, r, t0, thresholds, mask)
    else:
        fn = score_fn or (lambda xx, ww: kernel.aggregate(xx, ww, method))
        rows = _generic(x, e, r, t0, thresholds, mask, fn)
    found = iter(zip(t0, rows, strict=True))
    out: list[Stability | None] = []
    for valid in ok:
        if not valid:
            out.append(None)
            continue
        t, (tier, top) = next(found)
        tier_lo, tier_hi, tier_below, tier_above = tier or (None, None, None, None)
        out.append(Stability(float(t), tier_lo, tier_hi, tier_below, tier_above, *top))
    return out
