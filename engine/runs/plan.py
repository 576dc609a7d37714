"""Scoring a batch: its plan (everything as arrays) and the evaluation of one chunk.

`build_plan(loaded)` turns a validated batch into a `Plan`: base scenarios' raw ranges, the
variant segments (see `engine.runs.variants`), the profiles' weight vectors `(P, K)`, the methods,
tier thresholds, and with sampling the weight draws `(samples, P, K)` shared by every variant.
A plan is plain arrays, small and picklable, so a worker process or a Dask worker gets it once.

`evaluate_chunk(plan, i)` scores chunk `i` (variants `i·chunk … (i+1)·chunk − 1`) under every
profile and method at once: the intensities `(n, K)` meet the weights `(P, K)` in one
aggregation per method; with sampling, raw draws `(samples, n, K)` meet weight draws
`(samples, P, K)` the same way. No Python loop runs per variant, profile or sample.

Random streams (`numpy.random.SeedSequence(seed, spawn_key=…)`), all derived from the batch
seed: `(0,)` the weight draws, `(1, i)` chunk i's raw-value draws, `(2, j)` sweep j's design.
So a chunk's numbers depend only on the batch (seed and chunk size included), never on which
process or machine evaluates it or in which order: in-process, `--workers`, Dask and a resumed
run give the same rows, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import kernel
from engine.arrays import Compiled, raw_ranges_shaped
from engine.request import ScoringRequest
from engine.runs.variants import Segment, generate
from indicators.errors import InputError
from scenarios.batch import GridSweep, LoadedBatch, axis_positions, bounds_positions

CHUNK_BUDGET = 96 * 2**20
"""Bytes a default-sized chunk may use while it is evaluated."""

MAX_CHUNK_BYTES = 512 * 2**20
"""Bytes a chunk given in the batch file may use (larger: an input error naming the fix)."""

MAX_DEFAULT_CHUNK = 50_000
"""Largest default chunk: beyond this, bigger arrays stop paying back in speed."""

MIN_DEFAULT_CHUNK = 1_024
"""Smallest default chunk (unless memory needs smaller): below it, per-chunk costs dominate."""


@dataclass(frozen=True)
class Plan:
    """A batch as arrays: what every executor needs to evaluate any chunk."""

    compiled: Compiled
    base_ids: tuple[str, ...]
    bases: np.ndarray  # (3, B, K) raw ranges of the base scenarios
    segments: tuple[Segment, ...]
    profile_ids: tuple[str, ...]
    weights: np.ndarray  # (P, K), each row sums to 1
    methods: tuple[str, ...]
    tier_ids: tuple[str, ...]
    thresholds: np.ndarray  # (T − 1,) lower bounds of the tiers after the first
    samples: int
    concentration: float
    seed: int
    weight_draws: np.ndarray | None  # (samples, P, K)
    chunk: int  # variants per chunk
    total: int  # variants
    varied: np.ndarray  # (c,) indicators whose raw values are output columns
    base_uniform: np.ndarray | None = None  # (B, K) cells drawn uniformly over [low, high]

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return self.compiled.indicator_ids

    @property
    def groups(self) -> int:
        """Rows per variant: one per profile × method."""
        return len(self.profile_ids) * len(self.methods)

    @property
    def chunks(self) -> int:
        return -(-self.total // self.chunk)

    @property
    def rows(self) -> int:
        return self.total * self.groups

    def chunk_bounds(self, i: int) -> tuple[int, int]:
        start = i * self.chunk
        return start, min(start + self.chunk, self.total)

    @property
    def sweep_names(self) -> tuple[str | None, ...]:
        """The `sweep` column's value per segment (None for a scenario included as is)."""
        return tuple(None if s.kind == "scenario" else s.name for s in self.segments)

    @property
    def varied_ids(self) -> tuple[str, ...]:
        return tuple(self.indicator_ids[k] for k in self.varied)

    def constants(self) -> dict[str, float]:
        """Likely raw values of the indicators that no variant changes (not output columns)."""
        fixed = [k for k in range(len(self.indicator_ids)) if k not in set(self.varied.tolist())]
        return {self.indicator_ids[k]: float(self.bases[1, 0, k]) for k in fixed}


def bytes_per_variant(k: int, p: int, m: int, t: int, c: int, samples: int) -> int:
    """A generous estimate of the memory one variant takes while its chunk is evaluated."""
    per = 8 * (4 * k + p * m * (6 + c + t))
    if samples:
        # uniforms, triangular draws, intensities and temporaries (K each); per profile the
        # scores, tier indices and the percentile's partitioned copy.
        per += 8 * samples * (5 * k + 4 * p)
    return per


def _segments(loaded: LoadedBatch) -> tuple[list[str], list[Segment]]:
    a, b = loaded.assessment, loaded.batch
    index = {ind.id: k for k, ind in enumerate(a.indicators)}
    base_ids: list[str] = []

    def base_index(sid: str) -> int:
        if sid not in base_ids:
            base_ids.append(sid)
        return base_ids.index(sid)

    segments: list[Segment] = []
    start = 0
    for sid in b.scenarios:
        segments.append(Segment(sid, "scenario", start, 1, base_index(sid), np.empty(0, np.intp)))
        start += 1
    for j, sweep in enumerate(b.sweeps):
        base = base_index(loaded.base_of(sweep))
        if isinstance(sweep, GridSweep):
            keys = list(sweep.axes)
            axes = tuple(
                np.array(axis_positions(a.indicator(key), sweep.axes[key], ())[1]) for key in keys
            )
            cols = np.array([index[key] for key in keys], dtype=np.intp)
            count = int(np.prod([len(x) for x in axes], dtype=np.int64))
            segments.append(Segment(sweep.id, "grid", start, count, base, cols, axes=axes))
        else:
            keys = list(sweep.ranges)
            bounds = [bounds_positions(a.indicator(k), sweep.ranges[k], ())[1] for k in keys]
            entropy = (sweep.seed,) if sweep.seed is not None else (b.seed, 2, j)
            segments.append(
                Segment(
                    sweep.id,
                    sweep.kind,
                    start,
                    sweep.n,
                    base,
                    np.array([index[k] for k in keys], dtype=np.intp),
                    low=np.array([x[0] for x in bounds]),
                    high=np.array([x[1] for x in bounds]),
                    whole=np.array([x[2] for x in bounds]),
                    entropy=entropy,
                )
            )
            count = sweep.n
        start += count
    return base_ids, segments


def _weight_draws(w: np.ndarray, samples: int, concentration: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    draws = [kernel.dirichlet_around(rng, row, concentration, samples) for row in w]
    return np.stack(draws, axis=1)  # (samples, P, K)


def build_plan(loaded: LoadedBatch, chunk: int | None = None) -> Plan:
    """The batch as arrays, with its chunk size checked against the memory budget.

    `chunk` overrides the batch's (a resumed run keeps the chunk size it started with).
    """
    a, b = loaded.assessment, loaded.batch
    compiled = Compiled.of(a)
    base_ids, segments = _segments(loaded)
    # One scoring request per profile: the same builder as the command line's (the methods
    # are the batch's list, already checked by its model; the first stands in).
    requests = [
        ScoringRequest.build(a, profile=pid, method=loaded.methods[0], as_of=b.as_of)
        for pid in loaded.profiles
    ]
    bases, base_uniform = raw_ranges_shaped(a, base_ids, requests[0].as_of)
    swept = {int(k) for seg in segments for k in seg.columns}
    differ = {k for k in range(bases.shape[2]) if np.ptp(bases[1, :, k]) > 0}
    varied = np.array(sorted(swept | differ), dtype=np.intp)
    profile_ids = tuple(loaded.profiles)
    w = np.stack([r.weights(a)[0] for r in requests])
    methods = tuple(loaded.methods)
    total = sum(s.count for s in segments)
    per = bytes_per_variant(
        len(a.indicators), len(profile_ids), len(methods), len(a.tiers), len(varied), b.samples
    )
    chunk = chunk or b.chunk
    if chunk is None:
        fits = max(1, min(MAX_DEFAULT_CHUNK, CHUNK_BUDGET // per))
        # Some twenty chunks at least (progress, parallel workers), but not tiny ones.
        chunk = min(fits, max(-(-total // 20), MIN_DEFAULT_CHUNK))
    if chunk * per > MAX_CHUNK_BYTES:
        fits = max(1, MAX_CHUNK_BYTES // per)
        raise InputError(
            f"{loaded.path or 'batch'}: chunk: {chunk:,} variants per chunk would take about "
            f"{chunk * per / 2**20:,.0f} MiB with {b.samples} samples; the limit is "
            f"{MAX_CHUNK_BYTES / 2**20:.0f} MiB. Use chunk ≤ {fits:,} or leave it out.",
            kind="chunk_too_big",
            parts={
                "where": str(loaded.path or "batch"),
                "chunk": f"{chunk:,}",
                "mib": f"{chunk * per / 2**20:,.0f}",
                "samples": b.samples,
                "limit": f"{MAX_CHUNK_BYTES / 2**20:.0f}",
                "fits": f"{fits:,}",
            },
        )
    draws = _weight_draws(w, b.samples, b.concentration, b.seed) if b.samples else None
    return Plan(
        compiled=compiled,
        base_ids=tuple(base_ids),
        bases=bases,
        base_uniform=base_uniform if base_uniform.any() else None,
        segments=tuple(segments),
        profile_ids=profile_ids,
        weights=w,
        methods=methods,
        tier_ids=tuple(t.id for t in a.tiers),
        thresholds=np.array([t.min for t in a.tiers[1:]]),
        samples=b.samples,
        concentration=b.concentration,
        seed=b.seed,
        weight_draws=draws,
        chunk=min(chunk, max(total, 1)),
        total=total,
        varied=varied,
    )


# --- one chunk ---------------------------------------------------------------------------

BLOCK_BYTES = 512 * 2**10
"""Bytes of one `(block, K)` array: variants are scored a block at a time within a chunk so
that their temporaries stay in the CPU cache. Measured on 10^6 variants × 12 indicators × 3
profiles: 0.13–0.15 s in blocks of 5,461 variants (this size) to 10,922, then a cliff: 0.47 s
in blocks of 16,384 and 0.44 s in whole chunks of 50,000. Scores do not depend on it."""

_allocator_settled = False


def _settle_allocator() -> None:
    """Free one 16 MiB buffer, once per process, before scoring blocks.

    glibc's malloc serves requests above 128 KiB with fresh pages from the OS and hands them
    back on free, until a freed block shows it that larger ones are common (it then raises that
    threshold to the block's size, and keeps up to twice as much free at the top of its heap).
    Scoring a batch allocates and frees block-sized temporaries tens of thousands of times:
    measured on 10^6 variants in a new process, 26,000 page faults and 0.18 s without this,
    none and 0.14 s with it (in blocks of 8,192 variants: 97,000 and 0.34 s against 0.13 s).
    Other allocators ignore it (an unused buffer, never touched)."""
    global _allocator_settled
    if not _allocator_settled:
        np.empty(16 * 2**20, dtype=np.uint8)  # allocated and freed at once
        _allocator_settled = True


def point_scores(plan: Plan, raw_likely: np.ndarray) -> np.ndarray:
    """Scores `(M, P, n)` of raw values `(n, K)` under every method and profile."""
    x = plan.compiled.intensities(raw_likely)
    return np.stack([kernel.aggregate(x, plan.weights, m) for m in plan.methods])


def _by_variant(a: np.ndarray) -> np.ndarray:
    """(M, P, n, …) → (n, G, …): a variant's groups in row order (profile, then method)."""
    moved = np.moveaxis(a, 2, 0)  # (n, M, P, …)
    moved = np.swapaxes(moved, 1, 2)  # (n, P, M, …)
    return moved.reshape(a.shape[2], -1, *a.shape[3:])


VARIANT_BLOCK = 64
"""Variants per unit of a batch's Monte Carlo: block b (variants 64b to 64b + 63) draws from
its own stream `SeedSequence(seed, spawn_key=(1, b))` and is evaluated as one array of 64
variants (the batch's last block padded), whatever chunk it falls in. So a variant's sampled
numbers depend only on the seed, its index and the sample count, bit for bit: not on the
chunk size, nor on variants appended after it (array shapes, hence the order of
floating-point sums, are the same)."""


def _block_raw(plan: Plan, b: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Raw ranges `(3, VARIANT_BLOCK, K)` of block `b`'s variants, the last one repeated where
    the batch ends inside the block (its results are dropped), and the cells drawn uniformly
    `(VARIANT_BLOCK, K)` (their base scenario's; a swept value is a point), or None."""
    lo, hi = b * VARIANT_BLOCK, min((b + 1) * VARIANT_BLOCK, plan.total)
    block = generate(plan.segments, plan.bases, lo, hi, likely_only=False)
    raw, base = block.raw, block.base
    if hi - lo < VARIANT_BLOCK:
        pad = np.repeat(raw[:, -1:], VARIANT_BLOCK - (hi - lo), axis=1)
        raw = np.concatenate([raw, pad], axis=1)
        base = np.concatenate([base, np.repeat(base[-1:], VARIANT_BLOCK - (hi - lo))])
    uniform = None if plan.base_uniform is None else plan.base_uniform[base]
    return np.ascontiguousarray(raw), uniform


def _block_stats(plan: Plan, b: int) -> dict[str, np.ndarray]:
    """Mean, percentiles and tier probabilities `(VARIANT_BLOCK, G, …)` of block `b`."""
    assert plan.weight_draws is not None
    raw, uniform = _block_raw(plan, b)
    s = plan.samples
    rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(1, b)))
    u = rng.random((s, VARIANT_BLOCK, raw.shape[2]))
    x = plan.compiled.intensities(kernel.triangular(u, raw[0], raw[1], raw[2], uniform))
    del u
    out: dict[str, list[np.ndarray]] = {"mean": [], "p05": [], "p50": [], "p95": [], "p_tier": []}
    t = len(plan.tier_ids)
    for method in plan.methods:
        sc = kernel.aggregate(x[:, None], plan.weight_draws, method)  # (s, P, n)
        out["mean"].append(sc.mean(axis=0))
        p05, p50, p95 = np.percentile(sc, [5, 50, 95], axis=0)
        out["p05"].append(p05)
        out["p50"].append(p50)
        out["p95"].append(p95)
        tiers = kernel.tier_index(sc, plan.thresholds)
        flat = tiers.reshape(s, -1) + t * np.arange(tiers[0].size)
        counts = np.bincount(flat.ravel(), minlength=t * tiers[0].size)
        out["p_tier"].append(counts.reshape(*tiers.shape[1:], t) / s)  # (P, n, T)
    return {k: _by_variant(np.stack(v)) for k, v in out.items()}


def _sampled(plan: Plan, start: int, stop: int) -> dict[str, np.ndarray]:
    """The sampled columns `(n, G, …)` of variants `start..stop−1`, block by block (a block
    the chunk cuts is evaluated whole, then cut)."""
    first, last = start // VARIANT_BLOCK, (stop - 1) // VARIANT_BLOCK
    parts = [_block_stats(plan, b) for b in range(first, last + 1)]
    offset = first * VARIANT_BLOCK
    return {
        key: np.concatenate([p[key] for p in parts])[start - offset : stop - offset]
        for key in parts[0]
    }


def evaluate_chunk(plan: Plan, i: int) -> dict[str, np.ndarray]:
    """Chunk `i` as arrays with one entry per *variant* (each of its groups in a second axis).

    `variant`, `base` and `segment` (codes) and `raw.<id>` (likely raw values of the varied
    indicators) are `(n,)`; `score` is `(n, G)`, a variant's scores under each profile and
    then each method (row order); with sampling `mean`, `p05`, `p50`, `p95` are `(n, G)` and
    `p_tier` `(n, G, T)`. `engine.runs.chunks` stores them and turns them into output rows.
    """
    _settle_allocator()
    start, stop = plan.chunk_bounds(i)
    n, g = stop - start, plan.groups
    block_size = max(256, BLOCK_BYTES // (8 * len(plan.indicator_ids)))
    raw = np.empty((len(plan.varied), n))  # a row per varied indicator: contiguous columns
    base = np.empty(n, dtype=np.int16)
    segment = np.empty(n, dtype=np.int16)
    score = np.empty((n, g))
    for lo in range(start, stop, block_size):
        hi = min(lo + block_size, stop)
        block = generate(plan.segments, plan.bases, lo, hi, likely_only=True)
        rows = slice(lo - start, hi - start)
        raw[:, rows] = block.likely[:, plan.varied].T
        base[rows], segment[rows] = block.base, block.segment
        score[rows] = _by_variant(point_scores(plan, block.likely))
    cols: dict[str, np.ndarray] = {
        "variant": np.arange(start, stop, dtype=np.int64),
        "base": base,
        "segment": segment,
    }
    for j, k in enumerate(plan.varied):
        cols[f"raw.{plan.indicator_ids[k]}"] = raw[j]
    cols["score"] = score
    if plan.samples:
        cols.update(_sampled(plan, start, stop))
    return cols
