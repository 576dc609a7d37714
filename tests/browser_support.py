"""Helpers for driving the dashboard in a real browser: start `streamlit run` on a free loopback
port, launch Debian's Chromium through Playwright, and wait for Streamlit's reruns.

Used by tests/dashboard/test_dashboard_browser.py and tests/engine/report/test_report_browser.py
(and by hand to refresh docs/dashboard-*.png). Playwright never downloads a browser here: it
drives Debian's /usr/bin/chromium (TAQDIR_CHROMIUM=PATH points elsewhere).

Without Chromium the browser tests are skipped with the packages to install, unless
TAQDIR_REQUIRE_BROWSER=1 (set by .ci/run): then they fail (tests/conftest.py applies this).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
CHROMIUM = os.environ.get("TAQDIR_CHROMIUM") or "/usr/bin/chromium"
REQUIRE = "TAQDIR_REQUIRE_BROWSER"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--no-first-run",
]
IDLE = '[data-test-script-state="notRunning"]'


def missing_browser(path: str = CHROMIUM) -> str | None:
    """Why the browser tests cannot run on this machine, or None when they can."""
    if Path(path).is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"no Chromium at {path}: install Debian's chromium and fonts-noto-core "
        "(apt-get install chromium fonts-noto-core) to run the browser tests"
    )


def browser_required() -> bool:
    """Whether a missing browser is a failure (CI) rather than a skip (a fresh machine)."""
    return os.environ.get(REQUIRE, "") not in ("", "0")


PORTS_PER_WORKER = 400
FIRST_PORT = 20_000  # below Linux's ephemeral range (32768+), which the OS hands out itself
_next_port: dict[str, int] = {}


def free_port() -> int:
    """A loopback port that is free now and that no other pytest-xdist worker will pick.

    Asking the OS for port 0 and closing the socket leaves a window in which another worker
    can be given the same port before the server binds it (then one Streamlit exits "port in
    use" while its health check may reach the other's server). Each worker instead walks its
    own range (gw0: 20000–20399, gw1: 20400–20799, …), below the ephemeral ports, taking the
    next one that binds.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    start = FIRST_PORT + (index % 30) * PORTS_PER_WORKER
    offset = _next_port.get(worker, os.getpid() % PORTS_PER_WORKER)
    for step in range(PORTS_PER_WORKER):
        port = start + (offset + step) % PORTS_PER_WORKER
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _next_port[worker] = (offset + step + 1) % PORTS_PER_WORKER
        return port
    raise RuntimeError(f"no free loopback port in {start}–{start + PORTS_PER_WORKER - 1}")


@contextlib.contextmanager
def serve(*args: str, timeout: float = 90.0) -> Iterator[str]:
    """Run `streamlit run dashboard/app.py` on a free loopback port; yield its address.

    The server is always stopped (its whole process group) when the block exits.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        *(["--", *args] if args else []),
    ]
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {proc.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} in {timeout:.0f} s")
            time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait(timeout=10)
        log.close()


def launch(playwright, lang: str = "en-US"):  # -> playwright Browser
    """Headless Debian Chromium with the browser's own language set to `lang`."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--lang={lang}"]
    )


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the current run (and any rerun it queued)."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)  # a widget change schedules its rerun after a short debounce
    page.wait_for_selector(IDLE, timeout=timeout)


def open_app(browser, url: str, locale: str = "en-US", width: int = 1500, height: int = 1100):
    page = browser.new_page(locale=locale, viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector("#ranking", timeout=90_000)
    # the slider fix is loaded lazily, after the first elements: wait until it has run
    page.wait_for_selector("#taqdir-ltr-sliders", state="attached", timeout=60_000)
    wait_idle(page)
    return page
