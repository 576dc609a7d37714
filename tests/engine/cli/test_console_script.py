"""The installed `taqdir` console script as a process: the exit codes other tools see (0
success, 2 bad input or usage, 1 an error that is not the input's, 130 Ctrl+C) with any
message on standard error and never a traceback. The other CLI tests run in-process through
the same `main`; here the process boundary is the point. Also in-process: an unexpected
exception becomes exit code 1 with a bug report message (or the traceback with TAQDIR_DEBUG)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from engine.runs.store import Store
from tests.batch_helpers import write_case
from tests.cli_support import taqdir_executable


def test_success_is_0_with_the_result_on_stdout(taqdir):
    run = taqdir("score", "--format", "json")
    assert run.code == 0, run.err
    assert len(run.json()["results"]) == 6


def test_bad_input_is_2_with_one_message_on_stderr(taqdir, tiny, write_yaml):
    tiny["tiers"][0]["max"] = 60  # overlaps the next tier
    path = write_yaml(tiny, "bad.yaml")
    run = taqdir("score", path)
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("taqdir: error: ") and str(path) in run.err
    assert "tiers[1].min" in run.err and "Traceback" not in run.err


def test_a_usage_error_is_2(taqdir):
    run = taqdir("score", "--no-such-option")
    assert run.code == 2
    assert "--no-such-option" in run.err and "Traceback" not in run.err


def test_an_error_that_is_not_the_inputs_is_1(taqdir, cli, tmp_path, tiny):
    case = write_case(tmp_path / "case", {"id": "small", "sweeps": [GRID_SWEEP]}, tiny)
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    first = cli("batch", case, "-q", "--summary", "json", env=env)
    assert first.code == 0, first.err
    run = taqdir("batch", "--resume", first.json()["run"]["id"], env=env)
    assert run.code == 1
    assert run.err.startswith("taqdir: error: ") and "already complete" in run.err
    assert "Traceback" not in run.err


GRID_SWEEP = {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 4, "num": 5}}}


def _stored_chunks(home) -> int:  # type: ignore[no-untyped-def]
    db = home / "runs.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


# The child gets the default SIGINT handling even when this test runs where SIGINT is ignored
# (a background job), since Python only turns SIGINT into KeyboardInterrupt when it is not.
_WITH_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def test_ctrl_c_is_130_and_the_run_is_kept_as_interrupted(tmp_path, tiny):
    big = {
        "id": "big",
        "sweeps": [
            {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 8, "num": 6000}}}
        ],
        "samples": 400,
        "chunk": 60,
    }
    case = write_case(tmp_path / "case", big, tiny)
    home = tmp_path / "home"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WITH_SIGINT, *taqdir_executable(), "batch", str(case), "-q"],
        env={**os.environ, "TAQDIR_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while _stored_chunks(home) < 2:
            assert proc.poll() is None, "the batch ended before it could be interrupted"
            assert time.monotonic() < deadline, "the batch stored no chunks in time"
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    (run,) = Store(home).runs()
    assert run.state == "interrupted"


def test_an_unexpected_exception_is_1_and_asks_for_a_bug_report(cli, monkeypatch):
    def broken(kind: str):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("engine.cli.files._model", broken)
    monkeypatch.delenv("TAQDIR_DEBUG", raising=False)
    run = cli("schema")
    assert run.code == 1 and run.out == ""
    assert "taqdir: internal error: RuntimeError: boom" in run.err
    assert "This is a bug in taqdir" in run.err and "TAQDIR_DEBUG=1" in run.err
    assert "Traceback" not in run.err

    monkeypatch.setenv("TAQDIR_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli("schema")
