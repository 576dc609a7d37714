"""Helpers shared by the batch tests: writing a tiny assessment with a batch file next to it,
and reading a run's rows back."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml


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
