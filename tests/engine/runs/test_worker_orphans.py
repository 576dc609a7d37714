"""`kill -9` of a `taqdir batch --workers N` process: its worker processes exit too (real
console script: the process boundary is the point)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.batch_helpers import write_case
from tests.cli_support import taqdir_executable

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its reaper counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.add(int(entry.name))
    return out


def test_workers_exit_when_the_batch_is_killed(tmp_path, tiny):
    big = {
        "id": "big",
        "sweeps": [
            {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 8, "num": 20000}}}
        ],
        "samples": 400,
        "chunk": 50,
    }
    case = write_case(tmp_path / "case", big, tiny)
    proc = subprocess.Popen(
        [*taqdir_executable(), "batch", str(case), "-q", "--workers", "2"],
        env={**os.environ, "TAQDIR_HOME": str(tmp_path / "home")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2:  # the two workers (and the resource tracker) have started
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline, "no worker processes started"
            workers = _children(proc.pid)
            time.sleep(0.2)
        time.sleep(2)  # the workers are importing or computing
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [w for w in workers if _alive(w)]
        assert not left, f"worker processes left running after kill -9: {left}"
    finally:
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
