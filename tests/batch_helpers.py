"""Helpers shared by the batch tests: a batch over the tiny assessment in memory, writing a
tiny assessment with a batch file next to it, and reading a run's rows back."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from scenarios.batch import BatchFile, LoadedBatch, check_against
from scenarios.model import Assessment

# Three sweeps, one of each kind (grid, sobol, lhs), over the tiny assessment (conftest's `tiny`).
MIXED = [
    {"kind": "grid", "id": "g", "axes": {"meetings": [0, 1, 2, 3], "level": ["none", "high"]}},
    {"kind": "sobol", "id": "s", "n": 37, "ranges": {"troops": {"low": 0, "high": 999}}},
    {
        "kind": "lhs",
        "id": "l",
        "n": 29,
        "ranges": {"meetings": {"low": 0, "high": 8}, "level": {"low": "none", "high": "high"}},
    },
]


def loaded(tiny: dict, **batch) -> LoadedBatch:
    """The tiny assessment with a batch made of `batch`'s fields, checked against it."""
    a = Assessment.model_validate(tiny)
    b = BatchFile.model_validate({"id": "t", **batch})
    check_against(b, a, None)
    return LoadedBatch(b, a, None, None)


def write_case(folder: Path, batch: dict, assessment: dict) -> Path:
    """Write `assessment.yaml` (e.g. the `tiny` fixture) and `batch.yaml` referring to it."""
    folder.mkdir(parents=True, exist_ok=True)
    data = copy.deepcopy(assessment)
    (folder / "assessment.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    body = {"assessment": "assessment.yaml", **batch}
    path = folder / "batch.yaml"
    path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def read_parquet(path: Path):  # type: ignore[no-untyped-def]
    import pyarrow.parquet as pq

    return pq.read_table(path)


def assert_same_rows(a, b) -> None:  # type: ignore[no-untyped-def]
    """Row-for-row, bit-for-bit equality of two Arrow tables (names, types, values)."""
    assert a.schema.names == b.schema.names
    assert a.num_rows == b.num_rows
    for name in a.schema.names:
        left, right = a.column(name).to_pylist(), b.column(name).to_pylist()
        assert left == right, f"column {name} differs"
