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


TILE = 128
"""Samples the compiled kernel turns into intensities at a time: the tile of uniforms, laid
cell-major in a buffer of about 75 KB, stays in the processor's fast caches."""

_CONST, _TRIANGLE, _UNIFORM = range(3)
_LINEAR, _LOG, _SATURATING, _ORDINAL = range(4)


def _fill(
    u: np.ndarray,
    out: np.ndarray,
    params: np.ndarray,
    flags: np.ndarray,
    ordinal: np.ndarray,
    table: np.ndarray,
    side: np.ndarray,
    raw: np.ndarray,
) -> None:
    """Uniforms `u (n, C)` → intensities `out (n, C)`, compiled by numba (`compiled`).

    Per cell c: `params[:, c]` = low, high, span, mode − low, high − mode, the CDF at the mode,
    the linear transform's low and high − low, the constant cell's intensity; `flags[:, c]` =
    its code (constant, triangular, uniform over [low, high]), linear or not, negative or not.
    `ordinal (3, J)`: the ordinal cells, where their levels start in `table` (levels, slopes)
    and their last level's index. `side (D,)`: the log and saturating cells.

    A tile of samples at a time is copied cell-major, so that each cell's loop runs over
    contiguous values with its parameters fixed (the compiler vectorises it). Per cell the
    raw value, by the floating-point operations of `kernel.triangular` in the same order (the
    side of the triangle chosen by a select, never recomputed); the linear cells' transform
    and direction by those of `kernel.linear` and `kernel.orient`; the ordinal cells by
    numpy's `interp` (its C algorithm: precomputed slopes, exact at a level, the ends clamped)
    then `orient`. The side cells' raw values go to `raw (D, n)`: numpy's own log1p and exp2
    (vectorised, not the C library's) finish them. So every result is bit for bit the plain
    path's (tests/engine/test_montecarlo.py)."""
    low, high, span, below, above = params[0], params[1], params[2], params[3], params[4]
    cut, p0, p1, const = params[5], params[6], params[7], params[8]
    code, linear, negative = flags[0], flags[1], flags[2]
    levels, slopes = table[0], table[1]
    n, m = u.shape
    buf = np.empty((m, TILE + 8))  # padded rows: no cache-set aliasing between cells
    for i0 in range(0, n, TILE):
        nt = min(TILE, n - i0)
        for i in range(nt):
            for c in range(m):
                buf[c, i] = u[i0 + i, c]
        for c in range(m):
            b = buf[c]
            if code[c] == _CONST:
                for i in range(nt):
                    b[i] = const[c]
                continue
            lo, sp = low[c], span[c]
            if code[c] == _UNIFORM:
                for i in range(nt):
                    b[i] = lo + b[i] * sp
            else:
                hi, be, ab, ct = high[c], below[c], above[c], cut[c]
                for i in range(nt):
                    v = b[i]
                    left = v < ct
                    # low + √(u·span·(mode − low)) or high − √((1 − u)·span·(high − mode))
                    s = np.sqrt((v if left else 1.0 - v) * sp * (be if left else ab))
                    lv = lo + s
                    rv = hi - s
                    b[i] = lv if left else rv
            if linear[c]:
                a0, a1 = p0[c], p1[c]
                for i in range(nt):
                    x = (b[i] - a0) / a1
                    b[i] = 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)
                if negative[c]:
                    for i in range(nt):
                        b[i] = 1.0 - b[i]
        for j in range(ordinal.shape[1]):
            c, f, top = ordinal[0, j], ordinal[1, j], ordinal[2, j]
            b = buf[c]
            for i in range(nt):
                r = b[i]
                if top == 0 or r <= 0.0:
                    x = levels[f]
                elif r >= top:
                    x = levels[f + top]
                else:
                    at = int(r)
                    x = levels[f + at] if at == r else slopes[f + at] * (r - at) + levels[f + at]
                b[i] = 1.0 - x if negative[c] else x
        for i in range(nt):
            for c in range(m):
                out[i0 + i, c] = buf[c, i]
        for j in range(side.size):
            for i in range(nt):
                raw[j, i0 + i] = buf[side[j], i]


_COMPILED: dict[Callable[..., None], Callable[..., None]] = {}

COMPILE_FROM = 64 * BLOCK
"""Samples from which a process that has not compiled yet uses the compiled passes. The first
use costs about 0.4 s (importing numba, loading the machine code from its cache), what
numpy's passes (about 6 ms per block against 0.5 ms) cost over some 70 blocks; below this
numpy runs them, with the same results bit for bit, and a short job starts no slower."""


def use_compiled(samples: int | None) -> bool:
    """Whether a job of `samples` samples (None: unknown) uses the compiled passes: always
    once the process has loaded them, otherwise from `COMPILE_FROM` samples."""
    return samples is None or samples >= COMPILE_FROM or bool(_COMPILED)


def compiled(fn: Callable[..., None]) -> Callable[..., None]:
    """`fn` compiled by numba, once per process (its machine code cached on disk beside its
    module, so a later process only loads it). numba is imported here, not at start-up."""
    if fn not in _COMPILED:
        import numba

        _COMPILED[fn] = numba.njit(cache=True, nogil=True, error_model="numpy")(fn)
    return _COMPILED[fn]


@dataclass(frozen=True)
class _Finish:
    """Log or saturating cells (columns `idx` of the flat block) that numpy finishes from
    their raw values (rows `cols` of the kernel's `raw (D, n)`), parameters `(m, 1)`."""

    kind: int
    idx: np.ndarray
    cols: slice
    p0: Array  # log: log1p(low goalpost); saturating: half
    p1: Array  # log: log1p(high) − log1p(low)
    negative: np.ndarray


class ValueSampler:
    """Raw values drawn from the triangular distributions `ranges (3, S, K)` (uniform over
    [low, high] in the cells `uniform (S, K)` marks) and turned into intensities, one block of
    uniforms at a time.

    With the assessment's own transform (`Compiled.intensities`) the work is planned per
    cell (scenario × indicator) once: a cell whose low equals its high is a constant, computed
    once; the others go through one compiled pass (`_fill`) that draws the raw value and
    applies the linear and ordinal transforms and the direction, and numpy finishes the few
    log and saturating cells. Every value is computed by the same floating-point operations,
    in the same order, as `kernel.triangular` then `Compiled.intensities`: the intensities are
    bit for bit those of the plain path (tests/engine/test_montecarlo.py). Any other
    `to_intensity`, ranges that are not finite and ordered, or a job of fewer `samples` than
    `COMPILE_FROM` in a process that has not compiled yet, take the plain path.
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
        compiled = getattr(to_intensity, "__self__", None)
        low, mode, high = self.ranges
        self.fused = (
            isinstance(compiled, Compiled)
            and getattr(to_intensity, "__func__", None) is Compiled.intensities
            and bool(np.isfinite(self.ranges).all())
            and bool((low <= mode).all() and (mode <= high).all())
            and use_compiled(samples)
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
        const = np.asarray(self.to_intensity(low.reshape(self.shape)), np.float64).ravel()
        kind = np.full(k_count, -1, dtype=np.int8)
        p0, p1 = np.zeros(k_count), np.zeros(k_count)
        idx, lo, hi = c._linear
        kind[idx], p0[idx], p1[idx] = _LINEAR, lo, np.asarray(hi) - lo
        idx, lo, hi = c._log
        log_lo = np.log1p(lo)
        # log's p0 is log1p(low) of the goalposts, as kernel.log_goalposts computes it
        kind[idx], p0[idx], p1[idx] = _LOG, log_lo, np.log1p(hi) - log_lo
        idx, half = c._saturating
        kind[idx], p0[idx] = _SATURATING, half
        first, count = np.zeros(k_count, np.intp), np.ones(k_count, np.intp)
        levels, slopes = [np.zeros(1)], [np.zeros(1)]
        start = 1
        for k, lv in c._ordinal:
            lv = np.asarray(lv, dtype=np.float64)
            kind[k], first[k], count[k] = _ORDINAL, start, lv.size
            levels.append(lv)
            # numpy's interp: slope j = (fp[j+1] − fp[j]) / (xp[j+1] − xp[j]), xp = 0, 1, …
            steps = np.diff(np.arange(lv.size, dtype=np.float64))
            slopes.append(np.append((lv[1:] - lv[:-1]) / steps, 0.0))
            start += lv.size
        if (kind < 0).any():
            self.fused = False
            return
        code = np.where(span != 0, _TRIANGLE, _CONST).astype(np.int8)
        if self.uniform is not None:
            flat_uniform = np.broadcast_to(self.uniform, self.shape).ravel()
            code[flat_uniform & (span != 0)] = _UNIFORM
        negative = np.asarray(c.negative, dtype=bool)[k_of]
        kind = kind[k_of]
        linear = kind == _LINEAR
        ordinal = np.flatnonzero((kind == _ORDINAL) & (code != _CONST))
        self.finish: list[_Finish] = []  # log and saturating cells, one group per kind
        sides: list[int] = []
        for kd in (_LOG, _SATURATING):
            cols = np.flatnonzero((kind == kd) & (code != _CONST))
            if cols.size:
                where = slice(len(sides), len(sides) + cols.size)
                ks = k_of[cols]
                self.finish.append(
                    _Finish(kd, cols, where, p0[ks, None], p1[ks, None], negative[cols, None])
                )
                sides.extend(cols.tolist())
        self._args = (
            np.stack([low, high, span, mode - low, high - mode, cut,
                      np.where(linear, p0[k_of], 0.0), np.where(linear, p1[k_of], 1.0), const]),
            np.stack([code, linear, negative]).astype(np.int8),
            np.stack([ordinal, first[k_of][ordinal], count[k_of][ordinal] - 1]),
            np.stack([np.concatenate(levels), np.concatenate(slopes)]),
            np.asarray(sides, dtype=np.intp),
        )  # fmt: skip

    def intensities(self, u: np.ndarray) -> Array:
        """Intensities `(n, S, K)` of the raw values drawn by the uniforms `u (n, S, K)`."""
        low, mode, high = self.ranges
        if not self.fused:
            x: Array = self.to_intensity(kernel.triangular(u, low, mode, high, self.uniform))
            return x
        n = u.shape[0]
        flat = np.ascontiguousarray(u, dtype=np.float64).reshape(n, -1)
        out = np.empty(flat.shape)
        raw = np.empty((len(self._args[-1]), n))
        compiled(_fill)(flat, out, *self._args, raw)
        for g in self.finish:
            t = raw[g.cols]  # the raw values: numpy's transform, as Compiled.intensities
            if g.kind == _LOG:
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
        return out.reshape(n, *self.shape)


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
