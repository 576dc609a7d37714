"""`taqdir dashboard` stops its Streamlit child on SIGTERM and SIGHUP, not only on Ctrl+C.

The process boundary is the point, so this runs the real console script: it starts the
dashboard in a session of its own, waits until Streamlit answers on its port, finds the
Streamlit child among the processes whose parent is taqdir (Linux `/proc`), sends the signal
to taqdir alone and checks that taqdir exits with 128 + the signal's number and that the child
is gone and its port closed. Whatever happens, the whole process group is killed at the end.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.browser_support import free_port
from tests.cli_support import taqdir_executable

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
    pytest.mark.skipif(
        importlib.util.find_spec("streamlit") is None, reason="needs taqdir[dashboard]"
    ),
]

START_TIMEOUT = 90.0  # Streamlit's first start on a loaded 2-core machine
STOP_TIMEOUT = 30.0  # taqdir gives Streamlit 10 s before killing it


def _taqdir() -> str:
    return taqdir_executable()[0]  # the script beside this interpreter, not a PATH shim


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state, ppid, …), or None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, start time) of the live processes whose parent is `pid`."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid and fields[0] != "Z":
                out.append((int(entry.name), fields[19]))
    return out


def _alive(pid: int, started: str) -> bool:
    """The same process (pid and start time) still exists and is not a zombie."""
    fields = _stat(pid)
    return fields is not None and fields[19] == started and fields[0] != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_stops_streamlit_too(tmp_path: Path, signum: signal.Signals) -> None:
    port = free_port()
    err = tmp_path / "stderr.txt"
    with err.open("w") as stderr:
        proc = subprocess.Popen(
            [_taqdir(), "dashboard", "--port", str(port)],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own process group, killed whole in `finally`
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(port):
            assert proc.poll() is None, f"the dashboard stopped: {err.read_text()}"
            assert time.monotonic() < deadline, f"no answer on port {port} in {START_TIMEOUT} s"
            time.sleep(0.25)
        children = _children(proc.pid)
        assert len(children) == 1, children
        child, started = children[0]
        assert "streamlit" in Path(f"/proc/{child}/cmdline").read_bytes().decode()

        os.kill(proc.pid, signum)  # taqdir only, not its process group

        assert proc.wait(timeout=STOP_TIMEOUT) == 128 + signum
        deadline = time.monotonic() + 5.0
        while _alive(child, started) or _answers(port):
            assert time.monotonic() < deadline, "Streamlit outlived taqdir"
            time.sleep(0.1)
        assert f"stopped by {signal.Signals(signum).name}" in err.read_text()
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
