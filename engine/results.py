"""A batch run's rows: their columns, the chunk files that hold them, ranks and export.

Columns of every output row (Parquet types; CSV and JSON Lines carry the same names):

- `variant` (int64): the variant's id, 0…V−1: included scenarios first, then each sweep.
- `base` (string, dictionary-encoded): the scenario the variant starts from.
- `sweep` (string, dictionary-encoded, null for a scenario included as is): its sweep.
- `raw.<indicator>` (float64): the variant's likely raw value, one column per indicator that
  varies in the batch; an ordinal level as its position (0 = first level). Indicators no
  variant changes are listed with their value in the run's record (`constants`).
- `profile`, `method` (string, dictionary-encoded): weighting profile, aggregation method.
- `score` (float64): the score 0–100 at the likely values.
- `tier` (string, dictionary-encoded): the depth tier of `score`.
- `rank` (int64): rank of `score` among all variants under the same profile and method
  (1 = deepest; scores within 1e-9 share the better rank, as in `taqdir score`).
- with sampling: `mean`, `p05`, `p50`, `p95` (float64), the mean and percentiles of the
  sampled scores, and `p_tier.<tier>` (float64) the share of samples in each tier.

Rows come variant by variant (ids ascending), each under every profile, then every method.
The chunk files in the store hold the same columns except `rank`, which needs every chunk:
it is added when rows are exported (`taqdir batch -o`, `taqdir runs export`, the dashboard).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.batch import Plan
from indicators.errors import InputError, StoreError
from indicators.files import write_atomic
from indicators.model import Ordinal
from scenarios.batch import LoadedBatch

FORMATS = ("parquet", "csv", "jsonl")
STAT_COLUMNS = ("mean", "p05", "p50", "p95")
RANK_TOL = 1e-9  # as engine.kernel.ranks


def pyarrow():  # type: ignore[no-untyped-def]
    """pyarrow, imported on first use (it is the optional extra `taqdir[parquet]`)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet  # registers pa.parquet
    except ImportError:
        raise StoreError(
            "batch results are stored as Parquet, which needs pyarrow: "
            "pip install 'taqdir[parquet]'."
        ) from None
    return pa


def output_format(path: Path | str, fmt: str | None = None) -> str:
    """The format named by `fmt`, else by the file's suffix."""
    chosen = fmt or Path(path).suffix.lower().lstrip(".")
    if chosen == "pq":
        chosen = "parquet"
    if chosen not in FORMATS:
        raise InputError(
            f"output {str(path)!r}: cannot tell the format from {Path(path).suffix or 'no suffix'}"
            f"; use a .parquet, .csv or .jsonl file (or --format {'/'.join(FORMATS)})."
        )
    return chosen


def run_meta(plan: Plan, loaded: LoadedBatch) -> dict[str, Any]:
    """What a run records about its rows: names behind the codes, columns, sweeps."""
    a = loaded.assessment
    levels = {
        i.id: [lv.id for lv in i.transform.levels]
        for i in a.indicators
        if isinstance(i.transform, Ordinal)
    }
    stats = [*STAT_COLUMNS, *(f"p_tier.{t}" for t in plan.tier_ids)] if plan.samples else []
    raw = [f"raw.{k}" for k in plan.varied_ids]
    return {
        "columns": [
            "variant",
            "base",
            "sweep",
            *raw,
            "profile",
            "method",
            "score",
            "tier",
            "rank",
            *stats,
        ],
        "profiles": list(plan.profile_ids),
        "methods": list(plan.methods),
        "tiers": list(plan.tier_ids),
        "thresholds": plan.thresholds.tolist(),
        "tier_names": {t.id: t.name.model_dump() for t in a.tiers},
        "tier_colors": {t.id: t.color for t in a.tiers if t.color},
        "bases": list(plan.base_ids),
        "segments": [
            {
                "name": s.name,
                "kind": s.kind,
                "start": s.start,
                "count": s.count,
                "base": plan.base_ids[s.base],
            }
            for s in plan.segments
        ],
        "sweeps": [
            {
                "id": s.name,
                "kind": s.kind,
                "base": plan.base_ids[s.base],
                "indicators": [plan.indicator_ids[k] for k in s.columns],
                "axes": [len(x) for x in s.axes],
            }
            for s in plan.segments
            if s.kind != "scenario"
        ],
        "varied": list(plan.varied_ids),
        "constants": plan.constants(),
        "levels": levels,
        "indicator_names": {i.id: i.name.model_dump() for i in a.indicators},
        "samples": plan.samples,
        "concentration": None if math.isinf(plan.concentration) else plan.concentration,
        "chunk": plan.chunk,
        "groups": plan.groups,
        "as_of": (loaded.batch.as_of or a.as_of).isoformat(),
    }


# --- chunk files ---------------------------------------------------------------------------


def _dictionary(codes: np.ndarray, names: list, mask: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    pa = pyarrow()
    return pa.DictionaryArray.from_arrays(
        pa.array(codes, mask=mask), pa.array([n or "" for n in names], type=pa.string())
    )


def chunk_table(cols: dict[str, np.ndarray], meta: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A chunk's columns (from `engine.batch.evaluate_chunk`) as an Arrow table."""
    pa = pyarrow()
    segments = meta["segments"]
    is_scenario = np.array([s["kind"] == "scenario" for s in segments])
    out = {
        "variant": pa.array(cols["variant"]),
        "base": _dictionary(cols["base"], meta["bases"]),
        "sweep": _dictionary(
            cols["segment"], [s["name"] for s in segments], is_scenario[cols["segment"]]
        ),
    }
    for k in meta["varied"]:
        out[f"raw.{k}"] = pa.array(cols[f"raw.{k}"])
    out["profile"] = _dictionary(cols["profile"], meta["profiles"])
    out["method"] = _dictionary(cols["method"], meta["methods"])
    out["score"] = pa.array(cols["score"])
    out["tier"] = _dictionary(cols["tier"], meta["tiers"])
    if "mean" in cols:
        for name in STAT_COLUMNS:
            out[name] = pa.array(cols[name])
        for t, tier in enumerate(meta["tiers"]):
            out[f"p_tier.{tier}"] = pa.array(np.ascontiguousarray(cols["p_tier"][:, t]))
    return pa.table(out)


def parquet_options(table, statistics: bool) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Writer options: Parquet's dictionary encoding only for the name columns (already
    dictionaries). Trying it on float columns costs more than half the write time for no
    smaller file (measured: 28 ms → 11 ms per 150,000-row chunk, 2.35 → 2.30 MB)."""
    pa = pyarrow()
    names = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    return {"compression": "snappy", "use_dictionary": names, "write_statistics": statistics}


def write_chunk(path: Path, table) -> int:  # type: ignore[no-untyped-def]
    """Write a chunk file atomically; returns its size in bytes."""
    pa = pyarrow()
    options = parquet_options(table, statistics=False)  # chunks are only ever read whole
    write_atomic(path, lambda h: pa.parquet.write_table(table, h, **options), binary=True)
    return path.stat().st_size


def read_chunk(path: Path, columns: list[str] | None = None):  # type: ignore[no-untyped-def]
    pa = pyarrow()
    try:
        return pa.parquet.read_table(path, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"chunk file {path} cannot be read ({exc}).") from None


# --- ranks and the scan of a run -------------------------------------------------------------


def _extreme_ids(
    scores: np.ndarray, ordered: np.ndarray, k: int, highest: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The k highest (or lowest) scores and their variant ids (ties: the lower id first).

    `scores[v]` is variant v's score and `ordered` the same scores sorted, so the k-th
    extreme value is known and one comparison over `scores` finds the candidates."""
    if not len(scores):
        return np.empty(0), np.empty(0, dtype=np.int64)
    k = min(k, len(scores))
    if highest:
        ids = np.flatnonzero(scores >= ordered[-k])
        order = np.lexsort((ids, -scores[ids]))[:k]
    else:
        ids = np.flatnonzero(scores <= ordered[k - 1])
        order = np.lexsort((ids, scores[ids]))[:k]
    return scores[ids[order]], ids[order].astype(np.int64)


@dataclass(frozen=True)
class Scan:
    """One pass over a run's stored scores: ranks, tier counts and the extreme variants."""

    sorted_scores: tuple[np.ndarray, ...]  # per group (profile × method), ascending
    tier_counts: np.ndarray  # (G, T) variants per tier
    highest: tuple[tuple[np.ndarray, np.ndarray], ...]  # per group: (scores, variant ids)
    lowest: tuple[tuple[np.ndarray, np.ndarray], ...]

    def ranks(self, scores: np.ndarray) -> np.ndarray:
        """Ranks (int64) of a chunk's rows, in row order (G rows per variant)."""
        g = len(self.sorted_scores)
        by_group = scores.reshape(-1, g)
        out = np.empty(by_group.shape, dtype=np.int64)
        for j, ref in enumerate(self.sorted_scores):
            not_above = np.searchsorted(ref, by_group[:, j] + RANK_TOL, side="right")
            out[:, j] = 1 + len(ref) - not_above
        return out.ravel()


def scan(files: list[Path], meta: dict[str, Any], extremes: int = 5) -> Scan:
    """Read the score column of every chunk once; memory at most 16 bytes per row (the
    scores by variant, and sorted). Chunk files hold consecutive variants in order, G rows
    each, so the position of a score in its group's column is its variant id."""
    g = meta["groups"]
    thresholds = np.array(meta["thresholds"])
    pieces = [read_chunk(path, ["score"]).column("score").to_numpy() for path in files]
    by_group = (
        np.concatenate(pieces).reshape(-1, g).T if pieces else np.empty((g, 0))
    )  # (G, V), a view
    del pieces
    sorted_scores, counts, highest, lowest = [], [], [], []
    for j in range(g):
        column = np.ascontiguousarray(by_group[j])
        ordered = np.sort(column)
        # Tier t holds thresholds[t−1] ≤ score < thresholds[t] (a boundary belongs above).
        cuts = np.searchsorted(ordered, thresholds, side="left")
        counts.append(np.diff(np.concatenate([[0], cuts, [len(ordered)]])))
        highest.append(_extreme_ids(column, ordered, extremes, highest=True))
        lowest.append(_extreme_ids(column, ordered, extremes, highest=False))
        sorted_scores.append(ordered)
    return Scan(
        tuple(sorted_scores),
        np.array(counts, dtype=np.int64).reshape(g, len(thresholds) + 1),
        tuple(highest),
        tuple(lowest),
    )


def variant_rows(files: list[Path], meta: dict[str, Any], variants: list[int]) -> dict[int, dict]:
    """The first row of each listed variant (its base, sweep and raw values), by id."""
    chunk = meta["chunk"]
    out: dict[int, dict] = {}
    for idx in sorted({v // chunk for v in variants}):
        if idx >= len(files):
            continue
        table = read_chunk(files[idx])
        first = table.column("variant").to_numpy()
        for v in variants:
            where = np.flatnonzero(first == v)
            if where.size:
                row = table.slice(int(where[0]), 1).to_pylist()[0]
                out[v] = {k: row[k] for k in row if k in ("base", "sweep") or k.startswith("raw.")}
    return out


# --- export --------------------------------------------------------------------------------


def _ranked(path: Path, s: Scan):  # type: ignore[no-untyped-def]
    pa = pyarrow()
    table = read_chunk(path)
    ranks = s.ranks(table.column("score").to_numpy())
    where = table.schema.get_field_index("tier") + 1
    return table.add_column(where, "rank", pa.array(ranks))


def ranked_tables(files: list[Path], meta: dict[str, Any], s: Scan) -> Iterator[Any]:
    """Every chunk as an Arrow table with its `rank` column, in chunk order.

    The next chunk is read and ranked on a helper thread while the caller writes this one
    (Parquet reading and writing release the GIL): at most two chunks are in memory."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="taqdir-reader") as reader:
        ahead = reader.submit(_ranked, files[0], s) if files else None
        for i in range(len(files)):
            assert ahead is not None
            table = ahead.result()
            ahead = reader.submit(_ranked, files[i + 1], s) if i + 1 < len(files) else None
            yield table


def export(files: list[Path], meta: dict[str, Any], s: Scan, out: Path, fmt: str) -> int:
    """Write every row (rank included) to `out` atomically; returns the row count."""
    pa = pyarrow()
    rows = 0

    def parquet(handle) -> None:  # type: ignore[no-untyped-def]
        nonlocal rows
        writer = None
        for table in ranked_tables(files, meta, s):
            if writer is None:
                options = parquet_options(table, statistics=True)  # readers filter on them
                writer = pa.parquet.ParquetWriter(handle, table.schema, **options)
            writer.write_table(table)
            rows += table.num_rows
        if writer is not None:
            writer.close()

    def csv(handle) -> None:  # type: ignore[no-untyped-def]
        import pyarrow.csv as pcsv

        nonlocal rows
        writer = None
        for table in ranked_tables(files, meta, s):
            if writer is None:
                writer = pcsv.CSVWriter(handle, table.schema)
            writer.write_table(table)
            rows += table.num_rows
        if writer is not None:
            writer.close()

    def jsonl(handle) -> None:  # type: ignore[no-untyped-def]
        nonlocal rows
        for table in ranked_tables(files, meta, s):
            # JSON Lines is for small runs and other tools' convenience: a loop per row.
            lines = [json.dumps(r, ensure_ascii=False) for r in table.to_pylist()]
            handle.write(("\n".join(lines) + "\n").encode("utf-8") if lines else b"")
            rows += table.num_rows

    writer = {"parquet": parquet, "csv": csv, "jsonl": jsonl}[fmt]
    write_atomic(out, writer, binary=True)
    return rows


def read_rows(files: list[Path], meta: dict[str, Any], s: Scan, where=None):  # type: ignore[no-untyped-def]
    """All rows as one Arrow table (rank included), optionally filtered chunk by chunk by
    `where(table) -> boolean mask`. For the dashboard and tests: the result is in memory."""
    pa = pyarrow()
    tables = []
    for table in ranked_tables(files, meta, s):
        tables.append(table.filter(where(table)) if where is not None else table)
    if not tables:
        return None
    return pa.concat_tables(tables)
