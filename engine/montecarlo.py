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
from engine import value_kernel as vk
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
"""numpy's passes turn about this many bytes of uniforms (uncertain cells × samples) into
intensities at a time: with the work array and the temporaries they stay in the 2 MiB L2
cache (on the built-in case, 2,048 samples at a time took 2.7 ms per 4,096 against 6.0 ms
all at once)."""


class ValueSampler:
    """Raw values drawn from the triangular distributions `ranges (3, S, K)` (uniform over
    [low, high] in the cells `uniform (S, K)` marks) and turned into intensities, one block of
    uniforms at a time.

    With the assessment's own transform (`Compiled.intensities`) the work is planned per
    cell (scenario × indicator) once; a cell whose low equals its high is a constant, computed
    once. For a job of `samples` samples that gains from it (`value_kernel.use_compiled`) the
    other cells go through one compiled pass (`value_kernel.fill`: raw value, linear and
    ordinal transforms, direction) and numpy finishes the few log and saturating cells.
    Otherwise numpy runs the plan: cells whose mode is their low (or high) use one side of
    the inverse CDF, the others both, blended by arithmetic instead of a masked select; the
    cells are laid out cell-major and grouped by transform kind, direction and side, so every
    array operation runs in place over long contiguous rows of a block that fits in cache.
    Either way every value is computed by the same floating-point operations, in the same
    order, as `kernel.triangular` then `Compiled.intensities`: the intensities are bit for bit
    those of the plain path (tests/engine/test_montecarlo.py). Any other `to_intensity`, or
    ranges that are not finite and ordered, take the plain path.
    """

    def __init__(
        self,
        ranges: np.ndarray,
        to_intensity: Callable[[np.ndarray], np.ndarray],
        uniform: np.ndarray | None = None,
        samples: int | None = None,
    ):
        from engine.arrays import Compiled

        self.ranges = np.asarray(ranges, dtype=np.float64)
        # Cells drawn uniformly over [low, high] (see kernel.triangular), or none.
        self.uniform = None if uniform is None or not np.any(uniform) else np.asarray(uniform)
        self.to_intensity = to_intensity
        self.shape: tuple[int, ...] = self.ranges.shape[1:]
        self.compiled = vk.use_compiled(samples)
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
        kind[idx], p0[idx], p1[idx] = vk.LINEAR, lo, np.asarray(hi) - lo
        idx, lo, hi = c._log
        log_lo = np.log1p(lo)  # as kernel.log_goalposts computes it
        kind[idx], p0[idx], p1[idx] = vk.LOG, log_lo, np.log1p(hi) - log_lo
        idx, half = c._saturating
        kind[idx], p0[idx] = vk.SATURATING, half
        levels = {}
        for k, lv in c._ordinal:
            kind[k] = vk.ORDINAL
            levels[k] = np.asarray(lv, dtype=np.float64)
        if (kind < 0).any():
            self.fused = False
            return
        uniform = np.zeros(span.size, dtype=bool)
        if self.uniform is not None:
            uniform = np.broadcast_to(self.uniform, self.shape).ravel() & (span != 0)
        negative = np.asarray(c.negative, dtype=bool)[k_of]
        if self.compiled:
            self._plan_compiled(low, mode, high, span, cut, uniform, negative, kind[k_of],
                                p0[k_of], p1[k_of], levels, k_of)  # fmt: skip
            return
        branch = np.where(cut >= 1.0, vk.LEFT, np.where(cut <= 0.0, vk.RIGHT, vk.BOTH))
        branch = np.where(uniform, vk.FLAT, branch)
        cells = np.flatnonzero(span != 0)
        ck = kind[k_of[cells]]
        group_k = np.where(ck == vk.ORDINAL, k_of[cells], -1)
        order = np.lexsort((cells, branch[cells], negative[cells], group_k, ck))
        self.cells = cells[order]
        self.segments: list[vk.Segment] = []
        keys = [
            (int(kind[k_of[i]]), int(k_of[i]) if kind[k_of[i]] == vk.ORDINAL else -1,
             bool(negative[i]), int(branch[i]))
            for i in self.cells
        ]  # fmt: skip
        start = 0
        for end in range(1, len(keys) + 1):
            if end < len(keys) and keys[end] == keys[start]:
                continue
            rows = self.cells[start:end]
            k_rows = k_of[rows]
            kd, ko, ng, br = keys[start]
            self.segments.append(
                vk.Segment(
                    start, end, kd, ng, br,
                    low[rows, None], high[rows, None], span[rows, None],
                    (mode - low)[rows, None], (high - mode)[rows, None], cut[rows, None],
                    p0[k_rows, None], p1[k_rows, None], levels.get(ko),
                )
            )  # fmt: skip
            start = end

    def _plan_compiled(
        self,
        low: Array,
        mode: Array,
        high: Array,
        span: Array,
        cut: Array,
        uniform: np.ndarray,
        negative: np.ndarray,
        kind: np.ndarray,
        p0: Array,
        p1: Array,
        levels: dict[int, Array],
        k_of: np.ndarray,
    ) -> None:
        """The arrays of `value_kernel.fill` (per cell; `kind`, `p0`, `p1` already per cell)."""
        code = np.where(span != 0, vk.TRIANGLE, vk.CONST)
        code[uniform] = vk.UNIFORM
        linear = kind == vk.LINEAR
        ordinal = np.flatnonzero((kind == vk.ORDINAL) & (code != vk.CONST))
        first, table = {}, [np.zeros((2, 1))]
        start = 1
        for k, lv in levels.items():
            # numpy's interp: slope j = (fp[j+1] − fp[j]) / (xp[j+1] − xp[j]), xp = 0, 1, …
            steps = np.diff(np.arange(lv.size, dtype=np.float64))
            table.append(np.stack([lv, np.append((lv[1:] - lv[:-1]) / steps, 0.0)]))
            first[k], start = start, start + lv.size
        self.finish: list[vk.Finish] = []  # log and saturating cells, one group per kind
        sides: list[int] = []
        for kd in (vk.LOG, vk.SATURATING):
            cols = np.flatnonzero((kind == kd) & (code != vk.CONST))
            if cols.size:
                where = slice(len(sides), len(sides) + cols.size)
                self.finish.append(
                    vk.Finish(kd, cols, where, p0[cols, None], p1[cols, None], negative[cols, None])
                )
                sides.extend(cols.tolist())
        ks = k_of[ordinal]
        self._args = (
            np.stack([low, high, span, mode - low, high - mode, cut,
                      np.where(linear, p0, 0.0), np.where(linear, p1, 1.0), self.const_x]),
            np.stack([code, linear, negative]).astype(np.int8),
            np.stack([ordinal, [first[k] for k in ks], [levels[k].size - 1 for k in ks]])
            .astype(np.intp).reshape(3, -1),
            np.concatenate(table, axis=1),
            np.asarray(sides, dtype=np.intp),
        )  # fmt: skip

    def intensities(self, u: np.ndarray) -> Array:
        """Intensities `(n, S, K)` of the raw values drawn by the uniforms `u (n, S, K)`."""
        low, mode, high = self.ranges
        if not self.fused:
            x: Array = self.to_intensity(kernel.triangular(u, low, mode, high, self.uniform))
            return x
        n = u.shape[0]
        if self.compiled:
            return self._compiled(u).reshape(n, *self.shape)
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

    def _compiled(self, u: np.ndarray) -> Array:
        """The compiled pass, then numpy's log1p and exp2 for the log and saturating cells."""
        n = u.shape[0]
        flat = np.ascontiguousarray(u, dtype=np.float64).reshape(n, -1)
        out = np.empty(flat.shape)
        raw = np.empty((len(self._args[-1]), n))
        vk.compiled(vk.fill)(flat, out, *self._args, raw)
        for g in self.finish:
            t = raw[g.cols]  # the raw values: numpy's transform, as Compiled.intensities
            if g.kind == vk.LOG:
                np.maximum(t, 0.0, out=t)
                np.log1p(t, out=t)
                np.subtract(t, g.p0, out=t)
                np.divide(t, g.p1, out=t)
                np.clip(t, 0.0, 1.0, out=t)
            else:
                np.maximum(t, 0.0, out=t)
                np.negative(t, out=t)
                np.divide(t, g.p0, out=t)
                np.exp2(t, out=t)
                np.subtract(1.0, t, out=t)
            np.subtract(1.0, t, out=t, where=g.negative)
            out[:, g.idx] = t.T
        return out

    def _uncertain(self, flat: np.ndarray, out: np.ndarray) -> None:
        """The uncertain cells' intensities of uniforms `flat (n, S·K)` into `out (n, S·K)`."""
        cm = flat.T[self.cells]  # (U, n): each uncertain cell's samples contiguous
        work = np.empty_like(cm)
        for g in self.segments:
            v, t = cm[g.start : g.stop], work[g.start : g.stop]
            if g.branch == vk.FLAT:
                np.multiply(v, g.span, out=t)  # low + u·span, as kernel.triangular's uniform
                np.add(g.low, t, out=t)
            elif g.branch == vk.LEFT:
                vk.left(v, g, t)
            elif g.branch == vk.RIGHT:
                vk.right(v, g, t)
            else:
                # Both sides, blended exactly: side·1 + other·0 (all finite) is the side.
                vk.left(v, g, t)
                r = vk.right(v, g, np.empty_like(v))
                m = v < g.cut
                np.multiply(t, m, out=t)
                np.logical_not(m, out=m)
                np.multiply(r, m, out=r)
                np.add(t, r, out=t)
            vk.transform(t, g)
        out[:, self.cells] = work.T


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
    values = ValueSampler(ranges, to_intensity, uniform, samples)
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
