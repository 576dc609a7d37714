"""A batch run's chunk files: how the run store keeps rows, and how they become output rows.

A chunk file holds one chunk's variants, one Arrow record per *variant*, as an Arrow IPC file
(`chunk-NNNNNNNN.arrow`): `variant` (int64), `base` and `segment` (int16 codes), `raw.<id>`
(float64) for each varied indicator, and `score` (fixed-size list of G float64: the variant's
scores under each profile, then each method, in row order); with sampling also `mean`, `p05`,
`p50`, `p95` (lists of G) and `p_tier` (lists of G·T). The names behind the codes, the groups
and the tier thresholds are in the file's schema metadata, so a chunk file reads on its own.

Why this form, measured on 10^6 variants × 3 profiles (see README "Scenario batches"): the
store's copy only has to survive a crash and be read back, so it is kept as Arrow's in-memory
layout (no encoding) and per variant (a variant's raw values once, not once per profile ×
method: 57 MiB rather than 135 MiB of Arrow rows). Writing the run's chunk files took
0.08–0.09 s (fsync included) against 0.16 s as Parquet with one row per output row (18 MiB);
reading their scores back for ranks 0.006 s against 0.024 s; making every output row from them
0.054 s against 0.076 s for reading the Parquet rows. Output rows (Parquet, CSV, JSON Lines:
`engine.runs.export`) are made by repeating each variant's columns and spreading its score lists.

Chunk files written by taqdir before this form (`chunk-NNNNNNNN.parquet`, one Parquet row per
output row) are still read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from engine import kernel
from engine.runs.record import RunRecord
from indicators.errors import StoreError
from indicators.files import write_atomic

STAT_COLUMNS = ("mean", "p05", "p50", "p95")
META_KEY = b"taqdir.chunk"

Table = Any
"""A `pyarrow.Table` (pyarrow ships no type hints)."""


def pyarrow() -> Any:
    """pyarrow, imported on first use (a dependency, kept off the CLI's start-up path)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet  # registers pa.parquet
    except ImportError:
        raise StoreError(
            "batch results are stored with Apache Arrow, which needs pyarrow: pip install pyarrow.",
            kind="missing_package",
            parts={"for": "batch", "package": "pyarrow", "install": "pip install pyarrow"},
        ) from None
    return pa


def chunk_info(record: RunRecord) -> dict[str, Any]:
    """What a chunk file needs to turn its variants into rows (from the run's record)."""
    return {
        "groups": record.groups,
        "profiles": list(record.profiles),
        "methods": list(record.methods),
        "tiers": list(record.tiers),
        "thresholds": list(record.thresholds),
        "bases": list(record.bases),
        "segments": [s.name for s in record.segments],
        "scenario_segments": [s.kind == "scenario" for s in record.segments],
    }


def _lists(values: np.ndarray, size: int) -> Any:
    pa = pyarrow()
    return pa.FixedSizeListArray.from_arrays(pa.array(values.reshape(-1)), size)


def chunk_table(cols: dict[str, np.ndarray], info: dict[str, Any]) -> Table:
    """A chunk's arrays (from `engine.runs.plan.evaluate_chunk`) as the Arrow table it is
    kept as."""
    pa = pyarrow()
    g = info["groups"]
    out: dict[str, Any] = {}
    for name, values in cols.items():
        if name == "p_tier":
            out[name] = _lists(values, g * len(info["tiers"]))
        elif name == "score" or name in STAT_COLUMNS:
            out[name] = _lists(values, g)
        else:
            out[name] = pa.array(values)
    table = pa.table(out)
    return table.replace_schema_metadata({META_KEY: json.dumps(info).encode()})


def write_chunk(path: Path, table: Table) -> int:
    """Write a chunk file atomically (temp file, fsync, rename); returns its size in bytes."""
    pa = pyarrow()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue()
    # One write of the serialised chunk: no Python call per Arrow buffer.
    write_atomic(path, lambda handle: handle.write(memoryview(data)), binary=True)
    return int(data.size)


def read_variants(path: Path) -> Table:
    """A chunk file as stored: one record per variant (memory-mapped, not copied)."""
    pa = pyarrow()
    try:
        return pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(
            f"chunk file {path} cannot be read ({exc}).",
            kind="chunk_unreadable",
            parts={"path": str(path), "detail": str(exc)},
        ) from None


def _legacy(path: Path, columns: list[str] | None = None) -> Table:
    pa = pyarrow()
    try:
        return pa.parquet.read_table(path, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(
            f"chunk file {path} cannot be read ({exc}).",
            kind="chunk_unreadable",
            parts={"path": str(path), "detail": str(exc)},
        ) from None


def chunk_scores(path: Path, groups: int) -> np.ndarray:
    """A chunk's scores `(n, G)`: per variant, its score under each group (read-only)."""
    if path.suffix == ".parquet":
        scores: np.ndarray = _legacy(path, ["score"]).column("score").to_numpy()
        return scores.reshape(-1, groups)
    return _flat(read_variants(path), "score").reshape(-1, groups)


def _flat(table: Table, name: str) -> np.ndarray:
    """A list column's values, flat (row order)."""
    values: np.ndarray = table.column(name).combine_chunks().values.to_numpy()
    return values


def _dictionary(codes: np.ndarray, names: list[str], mask: np.ndarray | None = None) -> Any:
    pa = pyarrow()
    return pa.DictionaryArray.from_arrays(
        pa.array(codes, mask=mask), pa.array([n or "" for n in names], type=pa.string())
    )


def rows_table(
    variants: Table, columns: list[str] | None = None, ranks: np.ndarray | None = None
) -> Table:
    """Output rows (the columns documented in `engine.runs.export`) of a chunk's variants.

    `columns` keeps only those (in their documented order); `ranks` (one per row) adds `rank`.
    """
    pa = pyarrow()
    info = json.loads(variants.schema.metadata[META_KEY])
    g, p, m = info["groups"], len(info["profiles"]), len(info["methods"])
    n = variants.num_rows

    def want(name: str) -> bool:
        return columns is None or name in columns

    def repeat(name: str) -> np.ndarray:
        return np.repeat(variants.column(name).to_numpy(), g)

    out: dict[str, Any] = {}
    if want("variant"):
        out["variant"] = pa.array(repeat("variant"))
    if want("base"):
        out["base"] = _dictionary(repeat("base"), info["bases"])
    if want("sweep"):
        codes = repeat("segment")
        scenario = np.array(info["scenario_segments"], dtype=bool)
        out["sweep"] = _dictionary(codes, info["segments"], scenario[codes])
    for name in variants.column_names:
        if name.startswith("raw.") and want(name):
            out[name] = pa.array(repeat(name))
    if want("profile"):
        out["profile"] = _dictionary(
            np.tile(np.repeat(np.arange(p, dtype=np.int8), m), n), info["profiles"]
        )
    if want("method"):
        out["method"] = _dictionary(np.tile(np.arange(m, dtype=np.int8), n * p), info["methods"])
    score = _flat(variants, "score")  # a view of the stored values
    if want("score"):
        out["score"] = pa.array(score)
    if want("tier"):
        tiers = kernel.tier_index(score, np.array(info["thresholds"])).astype(np.int8)
        out["tier"] = _dictionary(tiers, info["tiers"])
    if ranks is not None:
        out["rank"] = pa.array(ranks)
    if "mean" in variants.column_names:
        for name in STAT_COLUMNS:
            if want(name):
                out[name] = pa.array(_flat(variants, name))
        shares = _flat(variants, "p_tier").reshape(n * g, -1)
        for t, tier in enumerate(info["tiers"]):
            if want(f"p_tier.{tier}"):
                out[f"p_tier.{tier}"] = pa.array(np.ascontiguousarray(shares[:, t]))
    return required(pa.table(out))


def required(table: Table) -> Table:
    """The table with every column but `sweep` marked as never null, as it is: Parquet then
    stores no definition levels for them (measured: a third less time writing the rows)."""
    pa = pyarrow()
    fields = [f.with_nullable(f.name == "sweep") for f in table.schema]
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields))


def read_chunk(path: Path, columns: list[str] | None = None) -> Table:
    """A chunk's output rows as an Arrow table (every documented column but `rank`)."""
    if path.suffix == ".parquet":
        return _legacy(path, columns)
    return rows_table(read_variants(path), columns)
