"""The variant space of a batch, generated lazily: any range of variant ids → raw arrays.

A batch's variants are numbered 0…V−1 across *segments*: first the included scenarios (one
variant each), then each sweep in file order. A chunk asks for ids [start, stop) and gets
their raw values `(3, n, K)` (low, likely, high) without any other variant being built:

- a grid variant's axis values come from its id by mixed-radix digits (`np.unravel_index`);
- a Sobol' variant is point `id` of the sweep's scrambled sequence (`fast_forward`);
- a Latin hypercube is built whole once per process (cached; n ≤ 2·10^6 by validation) and
  sliced.

Swept values are exact (low = likely = high); every other indicator keeps its base
scenario's range, so Monte Carlo still samples what the sweep does not fix.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from engine.arrays import raw_ranges

SEGMENT_KINDS = ("scenario", "grid", "lhs", "sobol")


@dataclass(frozen=True)
class Segment:
    """A contiguous run of variant ids with one base scenario and one way of varying it."""

    name: str  # the sweep id, or the included scenario's id
    kind: str  # one of SEGMENT_KINDS
    start: int  # first variant id
    count: int
    base: int  # index into the plan's base scenarios
    columns: np.ndarray  # (d,) indicator indices set by the sweep
    axes: tuple[np.ndarray, ...] = ()  # grid: raw values per axis
    low: np.ndarray | None = None  # random: (d,) bounds
    high: np.ndarray | None = None
    whole: np.ndarray | None = None  # random: (d,) take whole numbers
    entropy: tuple[int, ...] = ()  # random: the design's seed (SeedSequence entropy/spawn key)

    @property
    def stop(self) -> int:
        return self.start + self.count


def _seed_sequence(entropy: tuple[int, ...]) -> np.random.SeedSequence:
    # (seed,) is a sweep's own seed; (seed, 2, i) the i-th sweep's stream under the batch seed.
    if len(entropy) == 1:
        return np.random.SeedSequence(entropy[0])
    return np.random.SeedSequence(entropy[0], spawn_key=entropy[1:])


def _qmc(kind: str, d: int, entropy: tuple[int, ...]) -> Any:
    """A scrambled Sobol' or Latin hypercube engine (`scipy.stats.qmc`) seeded by `entropy`."""
    from scipy.stats import qmc

    rng = np.random.default_rng(_seed_sequence(entropy))
    engine = qmc.Sobol if kind == "sobol" else qmc.LatinHypercube
    try:
        return engine(d, rng=rng)
    except TypeError:  # SciPy before 1.15 names it `seed`
        return engine(d, seed=rng)


@lru_cache(maxsize=4)
def _lhs_design(n: int, d: int, entropy: tuple[int, ...]) -> np.ndarray:
    """The whole Latin hypercube of a sweep (built once per process, then sliced)."""
    design: np.ndarray = _qmc("lhs", d, entropy).random(n)
    design.flags.writeable = False
    return design


def unit_points(seg: Segment, first: int, n: int) -> np.ndarray:
    """Points `first … first+n−1` of a random sweep's design in [0, 1)^d."""
    d = len(seg.columns)
    if seg.kind == "lhs":
        return _lhs_design(seg.count, d, seg.entropy)[first : first + n]
    sobol = _qmc("sobol", d, seg.entropy)
    if first:
        sobol.fast_forward(first)
    with warnings.catch_warnings():
        # A chunk's slice is rarely a power of two; the sequence as a whole keeps its balance.
        warnings.simplefilter("ignore", UserWarning)
        points: np.ndarray = sobol.random(n)
    return points


def scale_points(u: np.ndarray, low: np.ndarray, high: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """Unit points to raw values: uniform on [low, high], or on the whole numbers in it."""
    cont = low + u * (high - low)
    lo, hi = np.ceil(low), np.floor(high)
    disc = np.minimum(lo + np.floor(u * (hi - lo + 1)), hi)
    values: np.ndarray = np.where(whole, disc, cont)
    return values


def segment_values(seg: Segment, first: int, n: int) -> np.ndarray:
    """Raw values `(n, d)` of the sweep's columns for its local variants first…first+n−1."""
    if seg.kind == "grid":
        shape = tuple(len(a) for a in seg.axes)
        digits = np.unravel_index(np.arange(first, first + n, dtype=np.int64), shape)
        return np.stack([axis[i] for axis, i in zip(seg.axes, digits, strict=True)], axis=-1)
    assert seg.low is not None and seg.high is not None and seg.whole is not None
    return scale_points(unit_points(seg, first, n), seg.low, seg.high, seg.whole)


@dataclass(frozen=True)
class VariantBlock:
    """Variants start…stop−1: raw values and where each comes from."""

    start: int
    raw: np.ndarray  # (3, n, K) low, likely, high; or (1, n, K) likely only
    base: np.ndarray  # (n,) int16 index of the base scenario
    segment: np.ndarray  # (n,) int16 index of the segment

    @property
    def likely(self) -> np.ndarray:
        """Likely raw values `(n, K)`."""
        likely: np.ndarray = self.raw[1] if len(self.raw) == 3 else self.raw[0]
        return likely


def generate(
    segments: tuple[Segment, ...],
    bases: np.ndarray,
    start: int,
    stop: int,
    likely_only: bool = False,
) -> VariantBlock:
    """Build variants [start, stop): one slice per segment they overlap, never per variant.

    `likely_only` skips the low and high layers (without sampling nothing reads them).
    """
    n = stop - start
    layers = bases[1:2] if likely_only else bases
    raw = np.empty((len(layers), n, bases.shape[2]))
    base = np.empty(n, dtype=np.int16)
    seg_code = np.empty(n, dtype=np.int16)
    for code, seg in enumerate(segments):
        lo, hi = max(start, seg.start), min(stop, seg.stop)
        if lo >= hi:
            continue
        rows = slice(lo - start, hi - start)
        raw[:, rows] = layers[:, seg.base, None, :]
        base[rows] = seg.base
        seg_code[rows] = code
        if seg.kind != "scenario":
            values = segment_values(seg, lo - seg.start, hi - lo)
            raw[:, rows, seg.columns] = values[None]
    return VariantBlock(start, raw, base, seg_code)


def base_ranges(assessment, base_ids: list[str], as_of) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Raw ranges `(3, B, K)` of the base scenarios."""
    return raw_ranges(assessment, base_ids, as_of)
