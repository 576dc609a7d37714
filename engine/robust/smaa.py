"""SMAA-2 over Monte Carlo samples of uncertain values and weights, in bounded chunks.

Stochastic multicriteria acceptability analysis (Lahdelma and Salminen 2001) asks, over the
joint distribution of the uncertain values and of the weights:

- rank acceptability b[s, r]: the share of samples in which scenario s holds rank r + 1;
- tier acceptability p[s, t]: the share in which its score falls in tier t (absolute methods);
- central weight vector wc[s]: the mean weight vector among samples where s ranks first;
- confidence factor pc[s]: the share of value samples in which s ranks first when the weights
  are its central weight vector (how much the values alone can unseat it).

Samples come in blocks of `montecarlo.BLOCK`, each with its own stream spawned from the seed,
drawing the raw values first and the weights second, exactly as `montecarlo.draw_block` does,
so with the Dirichlet-around-the-profile sampler the tier acceptabilities are the tier
probabilities of `taqdir score --samples N --seed S`. Counts accumulate chunk by chunk: memory
is bounded by the chunk, never by the number of samples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from engine import kernel
from engine.montecarlo import BLOCK, ValueSampler, block_seeds
from engine.value_kernel import compiled, use_compiled

WeightSampler = Callable[[np.random.Generator, int], np.ndarray]
ScoreFn = Callable[[np.ndarray, np.ndarray], np.ndarray]

DEFAULT_CHUNK = 32_768
"""Samples per array operation: about 20 MB per (chunk, S, K) array for 6 × 12."""

CONFIDENCE_SAMPLES = 100_000
"""Value samples for the confidence factors (a second pass): their standard error is at most
0.5 / sqrt(100,000) ≈ 0.0016."""


@dataclass(frozen=True)
class Acceptability:
    """What the samples say about the scenarios' ranks and tiers (SMAA-2)."""

    samples: int
    seed: int
    rank: np.ndarray  # (S, S): share of samples with scenario s at rank r + 1
    tier: np.ndarray | None  # (S, T): share with scenario s in tier t (None: relative method)
    central_weights: np.ndarray  # (S, K): mean weights where s ranks first (nan if never)
    confidence: np.ndarray  # (S,): share of value samples where s is first under its wc
    confidence_samples: int
    mean: np.ndarray  # (S,) mean score

    @property
    def first(self) -> np.ndarray:
        """(S,) share of samples in which each scenario ranks first."""
        return self.rank[:, 0]


def _values(
    rng: np.random.Generator, n: int, ranges: np.ndarray, uniform: np.ndarray | None = None
) -> np.ndarray:
    low, likely, high = ranges
    return kernel.triangular(rng.random((n, *likely.shape)), low, likely, high, uniform)


Blocks = list[tuple[np.random.SeedSequence, int]]
"""A chunk of whole blocks: (block seed, block size) each."""


def chunks(seed: int, samples: int, chunk: int) -> Iterator[Blocks]:
    """[(block seed, block size), ...] per chunk of whole blocks, in sample order."""
    seeds = block_seeds(seed, samples)
    per_chunk = max(1, chunk // BLOCK)
    for first in range(0, len(seeds), per_chunk):
        blocks = range(first, min(first + per_chunk, len(seeds)))
        yield [(seeds[b], min(BLOCK, samples - b * BLOCK)) for b in blocks]


ranks = kernel.ranks
"""The one rank function (1 = highest, ties within the tolerance share the better rank), kept
under this name for SMAA's callers."""


def tiers(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """`kernel.tier_index`: the number of thresholds at or below each score (a score on a
    boundary belongs to the upper tier), one comparison per threshold."""
    out = np.zeros(scores.shape, dtype=np.intp)
    for theta in thresholds:
        out += scores >= theta
    return out


def _count(
    r: np.ndarray,
    scores: np.ndarray,
    thresholds: np.ndarray,
    tiers: bool,
    rank_counts: np.ndarray,
    tier_counts: np.ndarray,
) -> None:
    """Add one block's ranks `r (n, S)` to `rank_counts (S·S)` (scenario j's rank at
    j·S + rank − 1) and, if `tiers`, its tiers to `tier_counts (S·T)` (j·T + tier; a
    score's tier is the number of thresholds at or below it, as `kernel.tier_index`).
    Compiled by numba (`value_kernel.compiled`)."""
    n, s = r.shape
    t = thresholds.size
    for i in range(n):
        for j in range(s):
            rank_counts[j * s + r[i, j] - 1] += 1.0
            if tiers:
                tier = 0
                for k in range(t):
                    if scores[i, j] >= thresholds[k]:
                        tier += 1
                tier_counts[j * (t + 1) + tier] += 1.0


class Tally:
    """Running counts of one SMAA pass: fed chunk by chunk, so memory never grows with the
    number of samples."""

    def __init__(
        self, s_count: int, k_count: int, thresholds: np.ndarray | None, compiled: bool = True
    ) -> None:
        self.s = s_count
        self.compiled = compiled  # count with `_count` (else numpy: the same counts)
        self.thresholds = thresholds
        self.n_tiers = None if thresholds is None else len(thresholds) + 1
        self.samples = 0
        self.rank_counts = np.zeros(s_count * s_count)
        self.tier_counts = np.zeros(s_count * (self.n_tiers or 1))
        self.first_weights = np.zeros((s_count, k_count))
        self.score_sum = np.zeros(s_count)
        # Flat cells: scenario j's ranks 1…S at j·S + rank − 1, its tiers at j·T + tier.
        self._thresholds = np.asarray([] if thresholds is None else thresholds, np.float64)
        self._rank_cells = np.arange(s_count, dtype=np.intp) * s_count - 1
        self._tier_cells = np.arange(s_count, dtype=np.intp) * (self.n_tiers or 1)

    def add(self, scores: np.ndarray, w: np.ndarray) -> None:
        """Count one block: scores `(n, S)` under weights `(n, K)`.

        The ranks are `kernel.ranks`'; each sample's (scenario, rank) and (scenario, tier)
        cells are counted in one compiled pass over the block (`_count`), or by numpy: one
        `bincount` over the flat cells of the ranks, and over those of the tiers after one
        comparison per threshold (3 times as long)."""
        s, n = self.s, len(scores)
        r = ranks(scores)
        tiers = self.thresholds is not None
        if self.compiled:
            fn = compiled(_count)
            fn(r, scores, self._thresholds, tiers, self.rank_counts, self.tier_counts)
        else:
            cell = r.astype(np.intp)
            cell += self._rank_cells
            self.rank_counts += np.bincount(cell.ravel(), minlength=s * s)
            if tiers:
                cell[...] = self._tier_cells
                for theta in self._thresholds:
                    cell += scores >= theta
                self.tier_counts += np.bincount(cell.ravel(), minlength=self.tier_counts.size)
        self.first_weights += (r == 1).T.astype(np.float64) @ w
        self.score_sum += scores.sum(axis=0)
        self.samples += n

    def rank(self) -> np.ndarray:
        return self.rank_counts.reshape(self.s, self.s) / self.samples

    def tier(self) -> np.ndarray | None:
        if self.n_tiers is None:
            return None
        return self.tier_counts.reshape(self.s, self.n_tiers) / self.samples

    def central(self) -> np.ndarray:
        first = self.rank_counts.reshape(self.s, self.s)[:, 0]
        with np.errstate(invalid="ignore", divide="ignore"):
            out = self.first_weights / first[:, None]
        out[first == 0] = np.nan
        return out


def draw(
    blocks: Blocks,
    ranges: np.ndarray,
    weights: WeightSampler,
    uniform: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Raw values `(n, S, K)` and weights `(n, K)` of a chunk of blocks (values first in each
    block's stream, as `montecarlo.draw_block`)."""
    raws, ws = [], []
    for block_seed, size in blocks:
        rng = np.random.default_rng(block_seed)
        raws.append(_values(rng, size, ranges, uniform))
        ws.append(weights(rng, size))
    return np.concatenate(raws), np.concatenate(ws)


def acceptability(
    ranges: np.ndarray,
    to_intensity: Callable[[np.ndarray], np.ndarray],
    weights: WeightSampler,
    score_fn: ScoreFn,
    *,
    thresholds: np.ndarray | None,
    samples: int,
    seed: int,
    chunk: int = DEFAULT_CHUNK,
    confidence_samples: int | None = None,
    uniform: np.ndarray | None = None,
) -> Acceptability:
    """SMAA-2 of the scenarios whose raw values are `ranges (3, S, K)` (`uniform (S, K)`: the
    cells drawn uniformly over [low, high], see `kernel.triangular`).

    `weights(rng, n)` draws `(n, K)` weight vectors; `score_fn(x, w)` scores intensities
    `(..., S, K)`; `thresholds` are the tiers' lower bounds after the first (None for a
    relative method: no tiers).
    """
    if samples < 1:
        raise ValueError("samples must be at least 1")
    _, s_count, k_count = ranges.shape
    # Compiled passes from `value_kernel.COMPILE_FROM` samples, or once the process has them.
    tally = Tally(s_count, k_count, thresholds, use_compiled(samples))
    values = ValueSampler(ranges, to_intensity, uniform, samples)
    # Block by block (each block's stream: values first, then weights), so the counts never
    # depend on `chunk` and every array stays the size of a block (in cache).
    for blocks in chunks(seed, samples, chunk):
        for block_seed, size in blocks:
            rng = np.random.default_rng(block_seed)
            x = values.intensities(rng.random((size, s_count, k_count)))
            w = weights(rng, size)
            tally.add(score_fn(x, w), w)
    central = tally.central()
    n_conf = min(samples, CONFIDENCE_SAMPLES if confidence_samples is None else confidence_samples)
    confidence = _confidence(ranges, to_intensity, score_fn, central, seed, n_conf, chunk, uniform)
    return Acceptability(
        samples=samples,
        seed=seed,
        rank=tally.rank(),
        tier=tally.tier(),
        central_weights=central,
        confidence=confidence,
        confidence_samples=n_conf,
        mean=tally.score_sum / samples,
    )


def _confidence(
    ranges: np.ndarray,
    to_intensity: Callable[[np.ndarray], np.ndarray],
    score_fn: ScoreFn,
    central: np.ndarray,
    seed: int,
    samples: int,
    chunk: int,
    uniform: np.ndarray | None = None,
) -> np.ndarray:
    """Share of value samples in which each scenario ranks first under its central weights.

    The values are the first `samples` of the main pass (same blocks, values drawn first), so
    the two passes share their random numbers.
    """
    s_count = central.shape[0]
    has = ~np.isnan(central).any(axis=1)
    out = np.full(s_count, np.nan)
    if not has.any() or samples < 1:
        return out
    wc = central[has]  # (S', K)
    idx = np.flatnonzero(has)
    wins = np.zeros(len(idx))
    values = ValueSampler(ranges, to_intensity, uniform, samples)
    cols = np.arange(len(idx))
    for blocks in chunks(seed, samples, chunk):
        for block_seed, size in blocks:
            u = np.random.default_rng(block_seed).random((size, *ranges.shape[1:]))
            scores = score_fn(values.intensities(u)[:, None, :, :], wc)  # (n, S', S)
            r = ranks(scores)
            wins += (r[:, cols, idx] == 1).sum(axis=0)
    out[idx] = wins / samples
    return out
