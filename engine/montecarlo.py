"""Monte Carlo over uncertain raw values and weights, in bounded chunks.

Samples are drawn in fixed blocks of `BLOCK` samples, each block with its own random stream
spawned from the seed (`numpy.random.SeedSequence`). So the numbers depend only on the seed
and the sample count, never on the chunk size, the number of processes or the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine import kernel

BLOCK = 4096
"""Samples per random stream: the unit of reproducibility."""

DEFAULT_CHUNK = 65_536
"""Samples evaluated per array operation (bounds memory: chunk × S × K floats)."""


def block_seeds(seed: int, samples: int) -> list[np.random.SeedSequence]:
    """One child seed per block of `BLOCK` samples."""
    return np.random.SeedSequence(seed).spawn(-(-samples // BLOCK))


def draw_block(
    seed: np.random.SeedSequence,
    n: int,
    ranges: np.ndarray,
    weights: np.ndarray,
    concentration: float,
) -> tuple[np.ndarray, np.ndarray]:
    """`n` samples of raw values `(n, S, K)` and weights `(n, K)` from one block's stream."""
    rng = np.random.default_rng(seed)
    low, likely, high = ranges
    u = rng.random((n, *likely.shape))
    raw = kernel.triangular(u, low, likely, high)
    w = kernel.dirichlet_around(rng, weights, concentration, n)
    return raw, w


def sample_scores(
    ranges: np.ndarray,
    weights: np.ndarray,
    to_intensity: Callable[[np.ndarray], np.ndarray],
    *,
    method: str,
    samples: int,
    seed: int,
    concentration: float,
    chunk: int = DEFAULT_CHUNK,
) -> np.ndarray:
    """Scores `(samples, S)` of the scenarios whose raw values are `ranges` `(3, S, K)`."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    seeds = block_seeds(seed, samples)
    per_chunk = max(1, chunk // BLOCK)
    out = np.empty((samples, ranges.shape[1]))
    for first in range(0, len(seeds), per_chunk):
        blocks = range(first, min(first + per_chunk, len(seeds)))
        draws = [
            draw_block(seeds[b], min(BLOCK, samples - b * BLOCK), ranges, weights, concentration)
            for b in blocks
        ]
        raw = np.concatenate([d[0] for d in draws])
        w = np.concatenate([d[1] for d in draws])
        start = first * BLOCK
        out[start : start + len(raw)] = kernel.aggregate(to_intensity(raw), w, method)
    return out


@dataclass(frozen=True)
class Uncertainty:
    """What the samples say about each scenario's score."""

    samples: int
    seed: int
    concentration: float
    mean: np.ndarray  # (S,)
    p05: np.ndarray
    p50: np.ndarray
    p95: np.ndarray
    tier_probabilities: np.ndarray  # (S, T)
    rank_acceptability: np.ndarray  # (S, S): share of samples with scenario s at rank r+1


def summarise(
    scores: np.ndarray, thresholds: np.ndarray, n_tiers: int, *, seed: int, concentration: float
) -> Uncertainty:
    """Mean, 5/50/95th percentiles, tier probabilities and rank acceptability."""
    n, s = scores.shape
    p05, p50, p95 = np.percentile(scores, [5, 50, 95], axis=0)
    tiers = kernel.tier_index(scores, thresholds)  # (N, S)
    tier_p = np.stack([(tiers == t).mean(axis=0) for t in range(n_tiers)], axis=-1)
    ranks = kernel.ranks(scores)  # (N, S), 1-based
    rank_p = np.stack([(ranks == r + 1).mean(axis=0) for r in range(s)], axis=-1)
    return Uncertainty(
        samples=n,
        seed=seed,
        concentration=concentration,
        mean=scores.mean(axis=0),
        p05=p05,
        p50=p50,
        p95=p95,
        tier_probabilities=tier_p,
        rank_acceptability=rank_p,
    )
