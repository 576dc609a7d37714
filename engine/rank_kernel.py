"""Tiers and ranks of scores: plain functions on numpy arrays (numpy only), split from
`engine.kernel`, which re-exports them (callers use `kernel.ranks`, `kernel.tier_index`).

`ranks` is the one rank function of taqdir (score, SMAA, batches, stability); `tier_index`
places scores in the tiers of an assessment. `kernel.score_ranks` scores and ranks many
weight vectors block by block with them. The functions read their constants (`RANK_BLOCK`,
`SORTED_RANKS_ABOVE`) from this module: a test that changes one patches it here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def tier_index(scores: ArrayLike, thresholds: ArrayLike) -> NDArray[np.intp]:
    """Index of the tier containing each score; `thresholds` are the tiers' lower bounds
    after the first (increasing). A score on a boundary belongs to the upper tier."""
    return np.searchsorted(np.asarray(thresholds), np.asarray(scores), side="right")


RANK_TOL = 1e-9
"""Scores within this of each other tie, and ties share the better rank."""

SORTED_RANKS_ABOVE = 64
"""A 1-D row longer than this is ranked by sorting (n log n) rather than by comparing every
pair (n²): batches rank up to millions of variants at once."""

RANK_BLOCK = 1 << 16
"""Sorted scores resolved at a time in the sorting path (bounds its temporaries)."""


def rank_dtype(n: int) -> np.dtype[np.signedinteger[Any]]:
    """The smallest signed integer type that holds the ranks 1…n."""
    for t in (np.int8, np.int16, np.int32):
        if n <= np.iinfo(t).max:
            return np.dtype(t)
    return np.dtype(np.int64)


def ranks(
    scores: ArrayLike,
    tol: float = RANK_TOL,
    *,
    order: NDArray[np.intp] | None = None,
    out: NDArray[np.signedinteger[Any]] | None = None,
) -> NDArray[np.signedinteger[Any]]:
    """Rank along the last axis (1 = highest); ties (within `tol`) share the better rank.

    The one rank function of taqdir (score, SMAA, batches, stability): rank = 1 + the number
    of scores above s + tol. Returned in the smallest integer type holding the count (int8
    up to 127 scenarios) unless `out` is given. Over a few scenarios it makes one comparison
    per scenario over the whole array, adding into the ranks in place (no (…, S, S) cube); a
    long 1-D row (more than `SORTED_RANKS_ABOVE`) is sorted instead, or uses `order`, the
    caller's stable argsort of it. With `order` given the scores are read only to gather the
    sorted row, so `out` may then share their memory (the ranks written over the scores).
    """
    s = np.asarray(scores, dtype=np.float64)
    n = s.shape[-1] if s.ndim else 1
    if out is None:
        out = np.empty(s.shape, dtype=rank_dtype(n))
    if s.ndim == 1 and (order is not None or n > SORTED_RANKS_ABOVE):
        if order is None:
            order = np.argsort(s, kind="stable")
        ordered = s[order]
        for lo in range(0, n, RANK_BLOCK):
            hi = min(lo + RANK_BLOCK, n)
            out[order[lo:hi]] = 1 + n - not_above(ordered, lo, hi, tol)
        return out
    out[...] = 1
    raised = s + tol
    for j in range(n):
        np.add(out, s[..., j : j + 1] > raised, out=out)
    return out


def not_above(ordered: Array, lo: int, hi: int, tol: float) -> NDArray[np.int64]:
    """For sorted scores lo…hi−1, how many scores are ≤ s + tol, exactly as
    `np.searchsorted(ordered, ordered[lo:hi] + tol, side="right")` counts them.

    Where the next score is above s + tol, the count is the position + 1; where it is the
    same score, the count is the next one's; only the rest are searched. Measured on 10^6
    scores of a grid (92% repeated values): 0.007 s rather than 0.017 s."""
    m = hi - lo
    q = ordered[lo:hi] + tol
    following = ordered[lo + 1 : hi + 1]
    inner = min(m - 1, len(following))  # the block's last score is never resolved by the next
    same = np.zeros(m, dtype=bool)
    same[:inner] = following[:inner] == ordered[lo : lo + inner]
    search = np.ones(m, dtype=bool)
    search[: len(following)] = following <= q[: len(following)]
    search &= ~same
    count = np.arange(lo + 1, hi + 1, dtype=np.int64)
    if search.any():
        count[search] = np.searchsorted(ordered, q[search], side="right")
    if same.any():
        # The next position holding a different score (or the block's last), for each one.
        ahead = np.minimum.accumulate(np.where(same, m, np.arange(m))[::-1])[::-1]
        count = count[ahead]
    return count
