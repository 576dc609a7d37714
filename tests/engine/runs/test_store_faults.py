"""The run store under faults (issue 14): a killed deletion leaves nothing behind once the
store is next listed, and a run whose process died is dead even when its process id is now
another program's."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from engine.runs.runner import start
from engine.runs.store import LOCK_NAME, Store
from tests.batch_helpers import loaded

GRID = [{"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 4, "num": 5}}}]


def _finished_run(tiny, home):  # type: ignore[no-untyped-def]
    store = Store(home)
    run = start(loaded(tiny, sweeps=GRID, chunk=2), store=store).run
    store.close()
    return run


def test_a_killed_deletion_is_finished_by_the_next_listing(tiny, tmp_path, monkeypatch):
    home = tmp_path / "home"
    run = _finished_run(tiny, home)
    folder = Store(home).folder(run.id)
    assert any(folder.iterdir())

    def killed(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the process dies while removing the files

    monkeypatch.setattr(shutil, "rmtree", killed)
    with pytest.raises(KeyboardInterrupt):
        Store(home).delete(run.id)
    monkeypatch.undo()

    store = Store(home)
    assert [r.id for r in store.runs()] == []  # not listed, and its files are gone
    assert not folder.exists()
    with sqlite3.connect(home / "runs.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 0


def test_a_dead_run_whose_pid_is_reused_is_not_running(tiny, tmp_path, cli):
    home = tmp_path / "home"
    run = _finished_run(tiny, home)
    assert (Store(home).folder(run.id) / LOCK_NAME).exists()
    # The run's process died while running, and its id now belongs to an unrelated program.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with sqlite3.connect(home / "runs.sqlite") as conn:
            conn.execute(
                "UPDATE runs SET status = 'running', finished = NULL, pid = ? WHERE id = ?",
                (other.pid, run.id),
            )
        env = {"TAQDIR_HOME": str(home)}
        shown = cli("runs", "show", run.id, "--format", "json", env=env)
        assert shown.code == 0, shown.err
        assert shown.json()["run"]["status"] == "interrupted"
        resumed = cli("batch", "--resume", run.id, "-q", env=env)
        assert resumed.code == 0, resumed.err
        assert Store(home).get(run.id).status == "done"
    finally:
        other.kill()
        other.wait()


def test_a_live_run_is_running(tiny, tmp_path):
    """The lock is what says alive: held by this process while the run is open."""
    home = tmp_path / "home"
    run = _finished_run(tiny, home)
    store = Store(home)
    with sqlite3.connect(home / "runs.sqlite") as conn:
        conn.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (run.id,))
    store.claim(run.id, None, "in-process")
    try:
        assert Store(home).get(run.id).alive
    finally:
        store.finish(run.id, "interrupted")
    assert not Store(home).get(run.id).alive
