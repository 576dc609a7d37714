"""`taqdir dashboard`: start the Streamlit dashboard headless and print its address.

The engine does not import the dashboard (layers point the other way): the app script is
located as a file of the installed `dashboard` package and handed to `streamlit run`, whose
settings (static font serving, theme) come from `dashboard/.streamlit/config.toml` next to it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from engine.cli.common import FileArg, LangOpt, check_lang
from engine.cli.root import app

PortOpt = Annotated[
    int, typer.Option("--port", "-p", min=1, max=65535, help="Port to serve the dashboard on.")
]
AddressOpt = Annotated[
    str,
    typer.Option(
        "--address",
        help="Address to listen on. The default serves this machine only; 0.0.0.0 lets "
        "colleagues on the network open it (and the assessment files under --root).",
    ),
]


RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The folder whose assessment files (subfolders included) the dashboard may open "
        "by path or link. Default: FILE's folder, else the current folder.",
        file_okay=False,
    ),
]


def app_script() -> Path:
    """The dashboard's Streamlit script, found without importing the dashboard."""
    import importlib.util

    from indicators.errors import TaqdirError

    if importlib.util.find_spec("streamlit") is None:
        raise TaqdirError(
            "the dashboard needs Streamlit; install it with: pip install 'taqdir[dashboard]'.",
            kind="missing_package",
            parts={
                "for": "dashboard",
                "package": "streamlit",
                "install": "pip install 'taqdir[dashboard]'",
            },
        )
    spec = importlib.util.find_spec("dashboard")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in locations:
        script = Path(folder) / "app.py"
        if script.is_file():
            return script
    raise TaqdirError(
        "the dashboard package is not installed with taqdir (no dashboard/app.py).",
        kind="dashboard_missing",
        parts={},
    )


def _check_port(address: str, port: int) -> None:
    from indicators.errors import InputError

    try:
        with socket.socket() as s:
            s.bind((address, port))
    except OSError as exc:
        import errno

        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(
                f"--address {address}: not an address of this machine "
                f"({exc.strerror or exc}); use 127.0.0.1 (this machine only) or 0.0.0.0 "
                "(every network interface).",
                kind="not_local_address",
                parts={"address": address, "detail": str(exc.strerror or exc)},
            ) from None
        raise InputError(
            f"--port {port}: cannot listen on {address}:{port} ({exc.strerror or exc}); "
            "choose another port with --port N.",
            kind="port_busy",
            parts={"port": port, "address": address, "detail": str(exc.strerror or exc)},
        ) from None


def command(script: Path, file: Path | None, address: str, port: int) -> list[str]:
    """The `streamlit run` command line."""
    import sys

    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless=true",
        f"--server.address={address}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    if file is not None:
        cmd += ["--", str(file)]
    return cmd


@app.command()
def dashboard(
    file: FileArg = None,
    port: PortOpt = 8501,
    address: AddressOpt = "127.0.0.1",
    lang: LangOpt = "en",
    root: RootOpt = None,
) -> None:
    """Open the dashboard: weights as sliders over live scores, in Arabic and English.

    Serves FILE (or the built-in assessment) headless and prints the address; Ctrl+C, SIGTERM
    or SIGHUP stops it (and Streamlit with it).
    """
    from indicators.errors import TaqdirError

    check_lang(lang)
    script = app_script()
    if file is not None:
        from engine.cli.common import load_assessment_arg

        load_assessment_arg(file)  # a bad file is refused here, with the command line's message
        file = file.resolve()
    served = (root or (file.parent if file is not None else Path.cwd())).resolve()
    if not served.is_dir():
        from indicators.errors import InputError

        raise InputError(
            f"--root {served}: no such folder.",
            kind="no_folder",
            parts={"option": "--root", "value": str(served)},
        )
    # Read by dashboard.data in the child; given to the child only, so that an in-process
    # caller (tests, notebooks) keeps its own environment.
    child_env = {**os.environ, "TAQDIR_DASHBOARD_ROOT": str(served)}
    _check_port(address, port)
    host = socket.gethostname() if address in ("0.0.0.0", "::") else address
    query = "?lang=ar" if lang == "ar" else ""
    print(f"taqdir dashboard: http://{host}:{port}/{query}  (Ctrl+C stops it)", flush=True)
    with _Supervisor() as supervisor:
        code = supervisor.run(command(script, file, address, port), env=child_env)
    if supervisor.signum is not None:
        name = signal.Signals(supervisor.signum).name
        print(f"taqdir dashboard: stopped by {name}.", file=sys.stderr, flush=True)
        raise typer.Exit(128 + supervisor.signum)
    if code != 0:
        raise TaqdirError(
            f"streamlit stopped with exit code {code}.", kind="streamlit_exit", parts={"code": code}
        )


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals that stop the dashboard as Ctrl+C does (SIGHUP does not exist on Windows)."""

STOP_TIMEOUT = 10.0
"""Seconds Streamlit is given to stop after SIGTERM before it is killed."""


class _Stopped(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Supervisor:
    """Runs the Streamlit child; Ctrl+C, SIGTERM or SIGHUP stop it before taqdir exits.

    The handlers only raise once the child exists (a signal during start-up is kept and
    acted on right after), and only once: stopping is not interrupted by a second signal.
    The child is terminated, given `STOP_TIMEOUT` seconds, then killed, and always reaped.
    """

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.signum: int | None = None
        self.stopping = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Supervisor:
        for signum in STOP_SIGNALS:
            try:
                self._previous[signum] = signal.signal(signum, self._on_signal)
            except ValueError:  # not the main thread (an embedding caller): none to install
                break
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.stop()
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: object) -> None:
        if self.stopping:
            return
        self.signum = signum
        if self.proc is not None:
            self.stopping = True
            raise _Stopped(signum)

    def run(self, cmd: list[str], env: dict[str, str] | None = None) -> int:
        """The child's exit code; after a stop signal, whatever it exited with."""
        try:
            self.proc = subprocess.Popen(cmd, env=env)
            if self.signum is not None:  # arrived while the child was starting
                self.stopping = True
                raise _Stopped(self.signum)
            return self.proc.wait()
        except _Stopped:
            return self.stop()
        except KeyboardInterrupt:  # Ctrl+C: the terminal sent SIGINT to Streamlit too
            if self.proc is not None:
                self.stop()
            raise

    def stop(self) -> int:
        assert self.proc is not None
        self.stopping = True
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
