"""Monte Carlo over uncertain raw values and weights, in bounded chunks.

Samples are drawn in fixed blocks of `BLOCK` samples, each block with its own random stream
spawned from the seed (`numpy.random.SeedSequence`). So the numbers depend only on the seed
and the sample count, never on the chunk size, the number of processes or the machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import kernel
from engine.kernel import Array

BLOCK = 4096
"""Samples per random stream: the unit of reproducibility."""

DEFAULT_CHUNK = 65_536
"""Samples evaluated per array operation (bounds memory: chunk × S × K floats)."""


def block_seeds(seed: int, samples: int) -> list[np.random.SeedSequence]:
    """One child seed per block of `BLOCK` samples."""
    return np.random.SeedSequence(seed).spawn(-(-samples // BLOCK))


def block_sizes(samples: int) -> list[int]:
    """The sizes of the blocks of `samples` samples (all `BLOCK` but the last)."""
    return [min(BLOCK, samples - first) for first in range(0, samples, BLOCK)]


VALUE_BYTES = 1 << 20
"""About this many bytes of uniforms (uncertain cells × samples) are turned into intensities
at a time: with the work array and the temporaries they stay in the 2 MiB L2 cache (on the
built-in case, 2,048 samples at a time took 2.7 ms per 4,096 against 6.0 ms all at once)."""

_LINEAR, _LOG, _SATURATING, _ORDINAL = range(4)
_LEFT, _RIGHT, _BOTH, _UNIFORM = range(4)


@dataclass(frozen=True)
class _Segment:
    """Uncertain cells (rows `start:stop` of the cell-major block) that share a transform kind,
    a direction and which side of the triangle their draws can fall on; parameters are
    columns `(m, 1)` so they broadcast along the samples."""

    start: int
    stop: int
    kind: int
    negative: bool
    branch: int
    low: Array
    high: Array
    span: Array
    below: Array  # mode − low
    above: Array  # high − mode
    cut: Array
    p0: Array  # transform parameters: linear/log low, saturating half
    p1: Array  # linear high − low; log log1p(high) − log1p(low)
    levels: Array | None  # ordinal levels (one indicator per segment)


class ValueSampler:
    """Raw values drawn from the triangular distributions `ranges (3, S, K)` (uniform over
    [low, high] in the cells `uniform (S, K)` marks) and turned into intensities, one block of
    uniforms at a time.

    With the assessment's own transform (`Compiled.intensities`) the work is planned per
    cell (scenario × indicator) once: a cell whose low equals its high is a constant, computed
    once; a cell whose mode is its low (or high) only ever uses one side of the inverse CDF;
    the others use both sides, blended by arithmetic instead of a masked select. The uncertain
    cells are laid out cell-major (each cell's samples contiguous) and grouped by transform
    kind, direction and side, so every array operation runs in place over long contiguous rows
    of a block that fits in cache. Every value is computed by the same floating-point
    operations, in the same order, as `kernel.triangular` then `Compiled.intensities`: the
    intensities are bit for bit those of the plain path (tests/engine/test_montecarlo.py).
    Any other `to_intensity` takes the plain path.
    """

    def __init__(
        self,
        ranges: np.ndarray,
        to_intensity: Callable[[np.ndarray], np.ndarray],
        uniform: np.ndarray | None = None,
    ):
        from engine.arrays import Compiled

        self.ranges = np.asarray(ranges, dtype=np.float64)
        # Cells drawn uniformly over [low, high] (see kernel.triangular), or none.
        self.uniform = None if uniform is None or not np.any(uniform) else np.asarray(uniform)
        self.to_intensity = to_intensity
        self.shape: tuple[int, ...] = self.ranges.shape[1:]
        compiled = getattr(to_intensity, "__self__", None)
        low, mode, high = self.ranges
        self.fused = (
            isinstance(compiled, Compiled)
            and getattr(to_intensity, "__func__", None) is Compiled.intensities
            and bool(np.isfinite(self.ranges).all())
            and bool((low <= mode).all() and (mode <= high).all())
        )
        if self.fused:
            assert isinstance(compiled, Compiled)
            self._plan(compiled)

    def _plan(self, c: Any) -> None:
        low, mode, high = (r.ravel() for r in self.ranges)
        s_count, k_count = self.shape
        k_of = np.tile(np.arange(k_count), s_count)
        span = high - low
        safe = np.where(span > 0, span, 1.0)
        cut = np.where(span > 0, (mode - low) / safe, 0.5)
        # A constant cell draws exactly its low (low + √0 or high − √0): its intensity once.
        self.const_x = np.asarray(self.to_intensity(low.reshape(self.shape)), np.float64).ravel()
        kind = np.full(k_count, -1)
        p0, p1 = np.zeros(k_count), np.zeros(k_count)
        idx, lo, hi = c._linear
        kind[idx], p0[idx], p1[idx] = _LINEAR, lo, np.asarray(hi) - lo
        idx, lo, hi = c._log
        log_lo = np.log1p(lo)
        kind[idx], p0[idx], p1[idx] = _LOG, lo, np.log1p(hi) - log_lo
        idx, half = c._saturating
        kind[idx], p0[idx] = _SATURATING, half
        levels = {}
        for k, lv in c._ordinal:
            kind[k] = _ORDINAL
            levels[k] = np.asarray(lv, dtype=np.float64)
        if (kind < 0).any():
            self.fused = False
            return
        branch = np.where(cut >= 1.0, _LEFT, np.where(cut <= 0.0, _RIGHT, _BOTH))
        if self.uniform is not None:
            branch = np.where(np.broadcast_to(self.uniform, self.shape).ravel(), _UNIFORM, branch)
        neg = np.asarray(c.negative, dtype=bool)[k_of]
        cells = np.flatnonzero(span != 0)
        ck = kind[k_of[cells]]
        group_k = np.where(ck == _ORDINAL, k_of[cells], -1)
        order = np.lexsort((cells, branch[cells], neg[cells], group_k, ck))
        self.cells = cells[order]
        self.segments: list[_Segment] = []
        keys = [
            (int(kind[k_of[i]]), int(k_of[i]) if kind[k_of[i]] == _ORDINAL else -1,
             bool(neg[i]), int(branch[i]))
            for i in self.cells
        ]  # fmt: skip
        start = 0
        for end in range(1, len(keys) + 1):
            if end < len(keys) and keys[end] == keys[start]:
                continue
            rows = self.cells[start:end]
            k_rows = k_of[rows]
            kd, ko, ng, br = keys[start]
            # log's p0 is log1p(low) of the goalposts, as kernel.log_goalposts computes it
            first = np.log1p(p0[k_rows]) if kd == _LOG else p0[k_rows]
            self.segments.append(
                _Segment(
                    start, end, kd, ng, br,
                    low[rows, None], high[rows, None], span[rows, None],
                    (mode - low)[rows, None], (high - mode)[rows, None], cut[rows, None],
                    first[:, None], p1[k_rows, None], levels.get(ko),
                )
            )  # fmt: skip
            start = end

    def intensities(self, u: np.ndarray) -> Array:
        """Intensities `(n, S, K)` of the raw values drawn by the uniforms `u (n, S, K)`."""
        low, mode, high = self.ranges
        if not self.fused:
            x: Array = self.to_intensity(kernel.triangular(u, low, mode, high, self.uniform))
            return x
        n = u.shape[0]
        flat = u.reshape(n, -1)
        out = np.empty((n, flat.shape[1]))
        out[...] = self.const_x
        if not len(self.cells):
            return out.reshape(n, *self.shape)
        # A few samples at a time, so that the cell-major copy and its work array stay in
        # the processor's L2 cache: every value depends on its own uniform only.
        step = 1 << max(8, min(12, (VALUE_BYTES // (8 * len(self.cells))).bit_length() - 1))
        for lo in range(0, n, step):
            self._uncertain(flat[lo : lo + step], out[lo : lo + step])
        return out.reshape(n, *self.shape)

    def _uncertain(self, flat: np.ndarray, out: np.ndarray) -> None:
        """The uncertain cells' intensities of uniforms `flat (n, S·K)` into `out (n, S·K)`."""
        cm = flat.T[self.cells]  # (U, n): each uncertain cell's samples contiguous
        work = np.empty_like(cm)
        for g in self.segments:
            v, t = cm[g.start : g.stop], work[g.start : g.stop]
            if g.branch == _UNIFORM:
                np.multiply(v, g.span, out=t)  # low + u·span, as kernel.triangular's uniform
                np.add(g.low, t, out=t)
            elif g.branch == _LEFT:
                _left(v, g, t)
            elif g.branch == _RIGHT:
                _right(v, g, t)
            else:
                # Both sides, blended exactly: side·1 + other·0 (all finite) is the side.
                _left(v, g, t)
                r = _right(v, g, np.empty_like(v))
                m = v < g.cut
                np.multiply(t, m, out=t)
                np.logical_not(m, out=m)
                np.multiply(r, m, out=r)
                np.add(t, r, out=t)
            _transform(t, g)
        out[:, self.cells] = work.T


def _left(u: Array, g: _Segment, out: Array) -> Array:
    """low + √(u·span·(mode − low)), as kernel.triangular's left side."""
    np.multiply(u, g.span, out=out)
    np.multiply(out, g.below, out=out)
    np.sqrt(out, out=out)
    np.add(g.low, out, out=out)
    return out


def _right(u: Array, g: _Segment, out: Array) -> Array:
    """high − √((1 − u)·span·(high − mode)), as kernel.triangular's right side."""
    np.subtract(1.0, u, out=out)
    np.multiply(out, g.span, out=out)
    np.multiply(out, g.above, out=out)
    np.sqrt(out, out=out)
    np.subtract(g.high, out, out=out)
    return out


def _transform(t: Array, g: _Segment) -> None:
    """Raw values → intensities in place, as the kernel's transforms and `orient`."""
    if g.kind == _LINEAR:
        np.subtract(t, g.p0, out=t)
        np.divide(t, g.p1, out=t)
        np.clip(t, 0.0, 1.0, out=t)
    elif g.kind == _LOG:
        np.maximum(t, 0.0, out=t)
        np.log1p(t, out=t)
        np.subtract(t, g.p0, out=t)
        np.divide(t, g.p1, out=t)
        np.clip(t, 0.0, 1.0, out=t)
    elif g.kind == _SATURATING:
        np.maximum(t, 0.0, out=t)
        np.negative(t, out=t)
        np.divide(t, g.p0, out=t)
        np.exp2(t, out=t)
        np.subtract(1.0, t, out=t)
    else:
        assert g.levels is not None
        t[...] = np.interp(t, np.arange(g.levels.size), g.levels)
    if g.negative:
        np.subtract(1.0, t, out=t)


def draw_block(
    seed: np.random.SeedSequence,
    n: int,
    ranges: np.ndarray,
    weights: np.ndarray,
    concentration: float,
    uniform: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`n` samples of raw values `(n, S, K)` and weights `(n, K)` from one block's stream
    (`uniform`: the cells drawn uniformly, as `kernel.triangular` takes it)."""
    rng = np.random.default_rng(seed)
    low, likely, high = ranges
    u = rng.random((n, *likely.shape))
    raw = kernel.triangular(u, low, likely, high, uniform)
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
    uniform: np.ndarray | None = None,
) -> np.ndarray:
    """Scores `(samples, S)` of the scenarios whose raw values are `ranges` `(3, S, K)`
    (`uniform (S, K)`: the cells drawn uniformly over [low, high], see `kernel.triangular`).

    Block by block (values first in each block's stream, then the weights), so the numbers
    do not depend on `chunk`, which is kept for the callers' sake."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    values = ValueSampler(ranges, to_intensity, uniform)
    shape = ranges.shape[1:]
    out = np.empty((samples, ranges.shape[1]))
    start = 0
    for bs, n in zip(block_seeds(seed, samples), block_sizes(samples), strict=True):
        rng = np.random.default_rng(bs)
        x = values.intensities(rng.random((n, *shape)))
        w = kernel.dirichlet_around(rng, weights, concentration, n)
        out[start : start + n] = kernel.aggregate(x, w, method)
        start += n
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
