"""An export that fails after writing started (a chunk file deleted under it, as when `runs
delete` runs at the same time): a clean error, no segfault, no Arrow warning, no temp file
left (issue 14). In a child process, since a segfault would take pytest down with it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.batch_helpers import write_case
from tests.paths import ROOT

GRID = {
    "id": "g",
    "scenarios": ["baseline"],
    "sweeps": [{"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 8, "num": 40}}}],
    "chunk": 4,
}

CHILD = """
import importlib
import sys
from pathlib import Path
export_module = importlib.import_module("engine.runs.export")
from engine.runs.runner import start
from engine.runs.store import Store
from scenarios.batch import load_batch

store = Store(sys.argv[2])
run = start(load_batch(sys.argv[1]), store=store).run
original = export_module.ranked_tables

def failing(files, record, s):
    for n, table in enumerate(original(files, record, s)):
        if n == 2:
            raise OSError(2, "No such file or directory", str(files[n]))  # deleted under it
        yield table

export_module.ranked_tables = failing
from engine.runs.explore import open_run  # noqa: E402
files = store.chunk_files(run.id)
view = open_run(run.id, store)
try:
    export_module.export(files, view.record, view.scan, Path(sys.argv[3]), sys.argv[4])
except Exception as exc:
    print("failed:", type(exc).__name__)
import gc
gc.collect()
print("alive")
"""


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_failed_export_is_clean(tmp_path, tiny, fmt):
    case = write_case(tmp_path / "case", GRID, tiny)
    out = tmp_path / "out" / f"rows.{fmt}"
    out.parent.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(case), str(tmp_path / "home"), str(out), fmt],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert "failed: FileNotFoundError" in proc.stdout and "alive" in proc.stdout
    assert "Error ignored" not in proc.stderr, proc.stderr
    assert list(out.parent.iterdir()) == []  # no output, no temp file
