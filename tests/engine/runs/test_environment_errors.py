"""Environment failures (issue 14): a full disk, a read-only store, `TAQDIR_HOME` that is a
file, an `-o` that cannot be written. Exit code 3, the path and the cause, what to do; for a
batch, the run is kept and `taqdir batch --resume RUN -o OTHER` finishes it."""

from __future__ import annotations

import os

import pytest

from tests.batch_helpers import read_parquet, write_case
from tests.cli_support import run_process, unprivileged_prefix

GRID = {
    "id": "g",
    "scenarios": ["baseline"],
    "sweeps": [{"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 8, "num": 9}}}],
    "chunk": 4,
}


def test_taqdir_home_that_is_a_file_is_exit_3(taqdir, tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    run = taqdir("runs", "list", env={"TAQDIR_HOME": str(home)})
    assert run.code == 3, (run.code, run.err)
    assert str(home) in run.err and "is a file, not a folder" in run.err
    assert "Traceback" not in run.err and "internal error" not in run.err


def test_unwritable_output_is_refused_before_the_batch_computes(cli, tmp_path, tiny):
    case = write_case(tmp_path / "case", GRID, tiny)
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    run = cli("batch", case, "-q", "-o", blocker / "rows.parquet", env=env)
    assert run.code == 3, (run.code, run.err)
    assert "afile/rows.parquet" in run.err
    listed = cli("runs", "list", "--format", "json", env=env)
    assert listed.json()["runs"] == []  # nothing was started


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_at_export_keeps_the_run_and_says_how_to_finish(cli, tmp_path, tiny):
    case = write_case(tmp_path / "case", GRID, tiny)
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    run = cli("batch", case, "-q", "-o", "/dev/full", "--format", "parquet", env=env)
    assert run.code == 3, (run.code, run.err)
    assert "/dev/full" in run.err and "disk is full" in run.err
    assert "Traceback" not in run.err
    (listed,) = cli("runs", "list", "--format", "json", env=env).json()["runs"]
    assert f"taqdir batch --resume {listed['id']} -o OTHER" in run.err
    out = tmp_path / "rows.parquet"
    finished = cli("batch", "--resume", listed["id"], "-q", "-o", out, env=env)
    assert finished.code == 0, finished.err
    assert read_parquet(out).num_rows == 10  # the base scenario and 9 grid points


def test_a_read_only_store_is_listed_shown_and_exported(cli, tmp_path, tiny):
    # A store the process may not write, as a read-only mount or another user's folder is:
    # the permission bits say no, and the real console script meets them (as root, without
    # the capabilities that override them; tests/cli_support.py).
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without util-linux's setpriv to drop DAC override")
    case = write_case(tmp_path / "case", GRID, tiny)
    home = tmp_path / "home"
    env = {"TAQDIR_HOME": str(home)}
    first = cli("batch", case, "-q", "--summary", "json", env=env)
    assert first.code == 0, first.err
    run_id = first.json()["run"]["id"]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    made = sorted(home.rglob("*"))
    for path in [home, *made]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        before = {p: p.read_bytes() for p in made if p.is_file()}
        listed = run_process("runs", "list", "--format", "json", env=env, prefix=prefix)
        assert listed.code == 0, listed.err
        assert [r["id"] for r in listed.json()["runs"]] == [run_id]
        shown = run_process("runs", "show", run_id, env=env, prefix=prefix)
        assert shown.code == 0, shown.err
        out = out_dir / "rows.csv"
        exported = run_process("runs", "export", run_id, out, env=env, prefix=prefix)
        assert exported.code == 0, exported.err
        assert out.read_text(encoding="utf-8").count("\n") == 11  # header and 10 rows
        again = run_process("batch", case, "-q", env=env, prefix=prefix)
        assert again.code == 3, (again.code, again.err)
        assert "read-only" in again.err and "TAQDIR_HOME" in again.err
        assert "move it away" not in again.err
        assert "Traceback" not in again.err and "internal error" not in again.err
        assert sorted(home.rglob("*")) == made  # nothing added to the store
        assert {p: p.read_bytes() for p in made if p.is_file()} == before
    finally:
        for path in [home, *made]:
            path.chmod(0o755 if path.is_dir() else 0o644)
