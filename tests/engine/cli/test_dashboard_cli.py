"""`taqdir dashboard`: bad input is refused before anything starts (in-process), and a started
dashboard (the real console script, in its own process) answers on the printed address, with
its settings (the shipped Arabic font served as a static file) applied although it runs from
another folder."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request

from tests.browser_support import free_port
from tests.cli_support import taqdir_executable


def test_help_names_the_options(cli):
    run = cli("dashboard", "--help")
    assert run.code == 0
    for option in ("--port", "--address", "--lang"):
        assert option in run.out


def test_a_bad_file_is_refused_before_starting(cli, tiny, write_yaml):
    tiny["tiers"][0]["max"] = 60  # overlaps the next tier
    path = write_yaml(tiny, "bad.yaml")
    run = cli("dashboard", path, "--port", str(free_port()))
    assert run.code == 2
    assert str(path) in run.err and "tiers[1].min" in run.err
    assert "Traceback" not in run.err and "taqdir dashboard:" not in run.out


def test_a_busy_port_is_refused(cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = cli("dashboard", "--port", str(port))
    assert run.code == 2
    assert f"--port {port}" in run.err


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.headers.get("content-type", ""), r.read()


def test_starts_headless_and_prints_its_address(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [*taqdir_executable(), "dashboard", "--port", str(port), "--lang", "ar"],
        cwd=tmp_path,  # not the repository: the app's own config must still apply
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith(f"taqdir dashboard: http://127.0.0.1:{port}/?lang=ar"), first
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _, body = _get(f"http://127.0.0.1:{port}/_stcore/health")
                break
            except OSError:
                assert proc.poll() is None, "the dashboard stopped"
                assert time.monotonic() < deadline, "no answer within 90 s"
                time.sleep(0.5)
        assert (status, body) == (200, b"ok")
        status, kind, font = _get(f"http://127.0.0.1:{port}/app/static/NotoSansArabic-Regular.ttf")
        assert status == 200 and kind == "font/ttf" and font[:4] == b"\x00\x01\x00\x00"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
        if proc.stdout is not None:
            proc.stdout.close()
