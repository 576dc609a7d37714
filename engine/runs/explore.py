"""Exploring a stored batch run: what the dashboard's Runs page shows, computed here.

- `stored_runs()` / `open_run(run_id)`: the complete runs and one run's record, columns,
  chunk files and scan (ranks);
- `rows(view, where, limit)`: the first rows that pass a filter (profile, method, tier),
  rank included;
- `histograms(view, where)`: score distributions per profile and method, counted chunk by
  chunk (never all rows in memory);
- `grid_sweeps(view)` and `tipping_map(view, …)`: for a grid sweep, the tier and score of every
  cell of two of its indicators, the others fixed at chosen values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from engine.runs.chunks import Table, pyarrow, read_chunk
from engine.runs.export import ranked_tables
from engine.runs.ranking import Scan, scan
from engine.runs.record import RunRecord
from engine.runs.store import Run, Store
from indicators.errors import StoreError

BINS = np.linspace(0.0, 100.0, 41)
"""Score histogram bins: 2.5 points wide over 0–100."""


@dataclass(frozen=True)
class Filter:
    """Which rows to keep; an empty tuple keeps every value."""

    profiles: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()

    def mask(self, table: Table) -> np.ndarray:
        keep = np.ones(table.num_rows, dtype=bool)
        for name, wanted in (("profile", self.profiles), ("method", self.methods)):
            if wanted:
                keep &= np.isin(_names(table, name), wanted)
        if self.tiers:
            keep &= np.isin(_names(table, "tier"), self.tiers)
        return keep


def _names(table: Table, column: str) -> np.ndarray:
    """A dictionary column's values as a numpy array of strings (decoded once per chunk)."""
    col = table.column(column).combine_chunks()
    if hasattr(col, "dictionary"):
        names = np.array(col.dictionary.to_pylist(), dtype=object)
        decoded: np.ndarray = names[col.indices.to_numpy(zero_copy_only=False)]
        return decoded
    return np.array(col.to_pylist(), dtype=object)


@dataclass(frozen=True)
class RunView:
    """A complete stored run, ready to explore."""

    run: Run
    files: tuple[Path, ...]
    record: RunRecord = field(repr=False)

    @cached_property
    def scan(self) -> Scan:
        return scan(list(self.files), self.record)

    @property
    def levels(self) -> Mapping[str, tuple[str, ...]]:
        return self.record.levels


def stored_runs(store: Store | None = None) -> list[Run]:
    """Complete runs, newest first."""
    runs = (store or Store()).runs()
    return [r for r in reversed(runs) if r.state == "done"]


def open_run(run_id: str, store: Store | None = None) -> RunView:
    store = store or Store()
    run = store.get(run_id)
    if run.state != "done":
        raise StoreError(
            f"run {run_id} is {run.state}; only complete runs can be explored.",
            kind="run_state",
            parts={"run": run_id, "state": run.state, "fix": "complete_only"},
        )
    return RunView(run, tuple(store.chunk_files(run_id)), run.info)


def rows(view: RunView, where: Filter, limit: int = 500) -> tuple[Table | None, int]:
    """The first `limit` rows (in run order) that pass the filter, as an Arrow table, and how
    many rows pass in all."""
    pa = pyarrow()
    kept: list[Any] = []
    total = 0
    for table in ranked_tables(list(view.files), view.record, view.scan):
        part = table.filter(where.mask(table))
        total += part.num_rows
        have = sum(t.num_rows for t in kept)
        if have < limit and part.num_rows:
            kept.append(part.slice(0, limit - have))
    table = pa.concat_tables(kept) if kept else None
    return table, total


def histograms(view: RunView, where: Filter) -> dict[str, Any]:
    """Counts of scores in `BINS` per (profile, method) among the rows that pass the filter."""
    groups = view.record.group_keys
    counts = {g: np.zeros(len(BINS) - 1, dtype=np.int64) for g in groups}
    for path in view.files:
        table = read_chunk(path, ["profile", "method", "tier", "score"])
        keep = where.mask(table)
        scores = table.column("score").to_numpy()
        profiles, methods = _names(table, "profile"), _names(table, "method")
        for p, m in groups:
            sel = keep & (profiles == p) & (methods == m)
            if sel.any():
                counts[(p, m)] += np.histogram(scores[sel], bins=BINS)[0]
    return {
        "edges": BINS.tolist(),
        "series": [
            {"profile": p, "method": m, "counts": counts[(p, m)].tolist()}
            for p, m in groups
            if counts[(p, m)].any()
        ],
    }


# --- tipping map ---------------------------------------------------------------------------


def grid_sweeps(view: RunView) -> list[dict[str, Any]]:
    """Grid sweeps of two or more indicators, with each axis's values (raw numbers)."""
    from engine.runs.plan import build_plan
    from scenarios.batch import restore_batch

    sweeps = [s for s in view.record.sweeps if s.kind == "grid" and len(s.indicators) > 1]
    if not sweeps:
        return []
    loaded = restore_batch(view.run.batch_snapshot, view.run.assessment_snapshot, view.run.id)
    plan = build_plan(loaded, chunk=view.run.chunk_size)
    segments = {s.name: s for s in plan.segments}
    out = []
    for s in sweeps:
        seg = segments[s.id]
        out.append(
            {
                **s.to_json(),
                "start": seg.start,
                "count": seg.count,
                "values": {
                    ind: axis.tolist() for ind, axis in zip(s.indicators, seg.axes, strict=True)
                },
                # The base scenario's values, where the other axes start in a tipping map.
                "base_values": {
                    ind: float(plan.bases[1, seg.base, k])
                    for ind, k in zip(s.indicators, seg.columns, strict=True)
                },
            }
        )
    return out


def default_fixed(sweep: dict[str, Any], indicator: str) -> float:
    """Where an axis not drawn in a tipping map is held by default: the grid value nearest
    the base scenario's (the sweep's "other things at baseline")."""
    values: list[float] = sweep["values"][indicator]
    base: float = sweep.get("base_values", {}).get(indicator, values[0])
    return min(values, key=lambda v: (abs(v - base), v))


@dataclass(frozen=True)
class TippingMap:
    """Tier and score of every (x, y) cell of a grid sweep under one profile and method."""

    sweep: str
    x: str
    y: str
    xs: list[float]
    ys: list[float]
    scores: np.ndarray  # (len(ys), len(xs)); NaN where no row matched
    tiers: list[list[str | None]]  # tier ids, same shape
    profile: str
    method: str
    fixed: dict[str, float]

    def cells(self) -> list[dict[str, Any]]:
        """One record per cell (for a chart)."""
        return [
            {"x": xv, "y": yv, "score": float(self.scores[j, i]), "tier": self.tiers[j][i]}
            for j, yv in enumerate(self.ys)
            for i, xv in enumerate(self.xs)
            if self.tiers[j][i] is not None
        ]


def tipping_map(
    view: RunView,
    sweep: dict[str, Any],
    x: str,
    y: str,
    profile: str,
    method: str,
    fixed: dict[str, float] | None = None,
) -> TippingMap:
    """Read the sweep's rows (only its chunks and the columns needed) into an x × y grid."""
    fixed = dict(fixed or {})
    xs, ys = sorted(sweep["values"][x]), sorted(sweep["values"][y])
    others = [k for k in sweep["indicators"] if k not in (x, y)]
    for k in others:
        fixed.setdefault(k, default_fixed(sweep, k))
    chunk = view.record.chunk
    first, last = sweep["start"], sweep["start"] + sweep["count"]
    scores = np.full((len(ys), len(xs)), np.nan)
    tiers: list[list[str | None]] = [[None] * len(xs) for _ in ys]
    wanted = ["variant", "profile", "method", "score", "tier", *(f"raw.{k}" for k in (x, y))]
    wanted += [f"raw.{k}" for k in others]
    for idx in range(first // chunk, -(-last // chunk)):
        table = read_chunk(view.files[idx], wanted)
        variant = table.column("variant").to_numpy()
        keep = (variant >= first) & (variant < last)
        keep &= (_names(table, "profile") == profile) & (_names(table, "method") == method)
        for k in others:
            keep &= table.column(f"raw.{k}").to_numpy() == fixed[k]
        if not keep.any():
            continue
        xi = np.searchsorted(xs, table.column(f"raw.{x}").to_numpy()[keep])
        yi = np.searchsorted(ys, table.column(f"raw.{y}").to_numpy()[keep])
        scores[yi, xi] = table.column("score").to_numpy()[keep]
        for i, j, tier in zip(xi, yi, _names(table, "tier")[keep], strict=True):
            tiers[j][i] = tier
    return TippingMap(sweep["id"], x, y, xs, ys, scores, tiers, profile, method, fixed)
