"""The passes of Monte Carlo sampling that turn uniforms into raw values and intensities, by
exactly the floating-point operations of the plain path (`kernel.triangular`, then
`Compiled.intensities`), for `montecarlo.ValueSampler`'s plans: the compiled pass (`fill`,
one cell after another over a tile of samples) with the helper that compiles it with numba
on first use, and numpy's steps over planned groups of cells (`Segment`). Arrays only, like
the kernel; numba is imported only when a job is large enough to gain from it
(`use_compiled`), never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

TILE = 128
"""Samples the compiled kernel turns into intensities at a time: the tile of uniforms, laid
cell-major in a buffer of about 75 KB, stays in the processor's fast caches."""

CONST, TRIANGLE, UNIFORM = range(3)
LINEAR, LOG, SATURATING, ORDINAL = range(4)
LEFT, RIGHT, BOTH, FLAT = range(4)  # numpy's passes: the sides a cell's draws can take


def fill(
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
            if code[c] == CONST:
                for i in range(nt):
                    b[i] = const[c]
                continue
            lo, sp = low[c], span[c]
            if code[c] == UNIFORM:
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

COMPILE_FROM = 200 * 4096
"""Samples (200 blocks of 4,096) from which a process that has not compiled yet uses the
compiled passes. Their first use costs about 0.4 s (importing numba, loading the machine code
from its on-disk cache); measured in fresh processes on the built-in case, SMAA took 0.67 s
(numpy's passes) against 0.90 s (compiled) at 400,000 samples and 1.47 s against 1.32 s at
800,000. Below this numpy runs the passes, with the same results bit for bit."""


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


# --- numpy's passes: a planned group of cells at a time, in place -----------------------


@dataclass(frozen=True)
class Segment:
    """Uncertain cells (rows `start:stop` of the cell-major block) that share a transform kind,
    a direction and which side of the triangle their draws can fall on (`FLAT`: uniform over
    [low, high]); parameters are columns `(m, 1)` so they broadcast along the samples."""

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
    p0: Array  # transform parameters: linear low, log log1p(low), saturating half
    p1: Array  # linear high − low; log log1p(high) − log1p(low)
    levels: Array | None  # ordinal levels (one indicator per segment)


@dataclass(frozen=True)
class Finish:
    """Log or saturating cells (columns `idx` of the flat block) that numpy finishes after the
    compiled pass, from their raw values (rows `cols` of its `raw (D, n)`), parameters
    `(m, 1)`."""

    kind: int
    idx: np.ndarray
    cols: slice
    p0: Array
    p1: Array
    negative: np.ndarray


def left(u: Array, g: Segment, out: Array) -> Array:
    """low + √(u·span·(mode − low)), as kernel.triangular's left side."""
    np.multiply(u, g.span, out=out)
    np.multiply(out, g.below, out=out)
    np.sqrt(out, out=out)
    np.add(g.low, out, out=out)
    return out


def right(u: Array, g: Segment, out: Array) -> Array:
    """high − √((1 − u)·span·(high − mode)), as kernel.triangular's right side."""
    np.subtract(1.0, u, out=out)
    np.multiply(out, g.span, out=out)
    np.multiply(out, g.above, out=out)
    np.sqrt(out, out=out)
    np.subtract(g.high, out, out=out)
    return out


def transform(t: Array, g: Segment) -> None:
    """Raw values → intensities in place, as the kernel's transforms and `orient`."""
    if g.kind == LINEAR:
        np.subtract(t, g.p0, out=t)
        np.divide(t, g.p1, out=t)
        np.clip(t, 0.0, 1.0, out=t)
    elif g.kind == LOG:
        np.maximum(t, 0.0, out=t)
        np.log1p(t, out=t)
        np.subtract(t, g.p0, out=t)
        np.divide(t, g.p1, out=t)
        np.clip(t, 0.0, 1.0, out=t)
    elif g.kind == SATURATING:
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
