"""Kendall's tau-b between two rankings and its two-sided p-value, in plain numpy and the
standard library, so that comparing two assessments does not import scipy (≈0.7 s of start).

The p-value follows the textbook rules scipy's `kendalltau` applies by default, so the
numbers are those it gives: without ties and for at most 33 items (or at most one discordant
pair), the exact null distribution of the number of discordant pairs (Kendall 1970: the counts
of permutations by their number of inversions, built by cumulative sums); otherwise the
normal approximation to concordant − discordant with the tie-corrected variance
(Kendall 1970, eq. 4.3).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


def _tie_stats(r: np.ndarray) -> tuple[int, int, int]:
    """Tied pairs, Σ t(t−1)(t−2) and Σ t(t−1)(2t+5) over the tie groups of sizes t."""
    _, counts = np.unique(r, return_counts=True)
    t = [int(c) for c in counts if c > 1]
    return (
        sum(c * (c - 1) // 2 for c in t),
        sum(c * (c - 1) * (c - 2) for c in t),
        sum(c * (c - 1) * (2 * c + 5) for c in t),
    )


def _exact_p(n: int, discordant: int) -> float:
    """Two-sided exact p-value with no ties: P(a count at least as far out as `discordant`)."""
    total = n * (n - 1) // 2
    c = min(discordant, total - discordant)
    if n <= 2:
        return 1.0
    if c == 0:
        return 2.0 / math.factorial(n) if n < 171 else 0.0
    if c == 1:
        return 2.0 / math.factorial(n - 1) if n < 172 else 0.0
    if 4 * c == total * 2:
        return 1.0
    counts = np.zeros(c + 1)
    counts[0:2] = 1.0
    for j in range(3, n + 1):
        counts = np.cumsum(counts) if n < 171 else np.cumsum(counts) / j
        if j <= c:
            counts[j:] -= counts[: c + 1 - j]
    prob = 2.0 * float(np.sum(counts)) / math.factorial(n) if n < 171 else float(np.sum(counts))
    return min(max(prob, 0.0), 1.0)


def tau_p(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    """Kendall's tau-b of two rankings (or any scores: only their order counts) and its
    two-sided p-value; (nan, nan) when either is constant."""
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    n = a.size
    upper = np.triu_indices(n, k=1)
    sx = np.sign(a[:, None] - a[None, :])[upper]
    sy = np.sign(b[:, None] - b[None, :])[upper]
    total = n * (n - 1) // 2
    xtie, x0, x1 = _tie_stats(a)
    ytie, y0, y1 = _tie_stats(b)
    if n < 2 or xtie == total or ytie == total:
        return math.nan, math.nan
    score = int(np.sum(sx * sy))  # concordant − discordant
    discordant = int(np.count_nonzero(sx * sy < 0))
    tau = score / math.sqrt(total - xtie) / math.sqrt(total - ytie)
    tau = min(1.0, max(-1.0, tau))
    if xtie == 0 and ytie == 0 and (n <= 33 or min(discordant, total - discordant) <= 1):
        return tau, _exact_p(n, total - discordant)
    m = n * (n - 1.0)
    var = (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xtie * ytie) / m + x0 * y0 / (9 * m * (n - 2))
    z = score / math.sqrt(var)
    return tau, min(1.0, math.erfc(abs(z) / math.sqrt(2.0)))
