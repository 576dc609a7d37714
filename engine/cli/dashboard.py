"""`taqdir dashboard`: start the Streamlit dashboard headless and print its address.

The engine does not import the dashboard (layers point the other way): the app script is
located as a file of the installed `dashboard` package and handed to `streamlit run`, whose
settings (static font serving, theme) come from `dashboard/.streamlit/config.toml` next to it.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from engine.cli import app
from engine.cli.common import FileArg, LangOpt, check_lang

PortOpt = Annotated[
    int, typer.Option("--port", "-p", min=1, max=65535, help="Port to serve the dashboard on.")
]
AddressOpt = Annotated[
    str,
    typer.Option(
        "--address",
        help="Address to listen on. The default serves this machine only; 0.0.0.0 lets "
        "colleagues on the network open it (and read any assessment file the server can).",
    ),
]


def app_script() -> Path:
    """The dashboard's Streamlit script, found without importing the dashboard."""
    import importlib.util

    from indicators.errors import TaqdirError

    if importlib.util.find_spec("streamlit") is None:
        raise TaqdirError(
            "the dashboard needs Streamlit; install it with: pip install 'taqdir[dashboard]'."
        )
    spec = importlib.util.find_spec("dashboard")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in locations:
        script = Path(folder) / "app.py"
        if script.is_file():
            return script
    raise TaqdirError("the dashboard package is not installed with taqdir (no dashboard/app.py).")


def _check_port(address: str, port: int) -> None:
    from indicators.errors import InputError

    try:
        with socket.socket() as s:
            s.bind((address, port))
    except OSError as exc:
        raise InputError(
            f"--port {port}: cannot listen on {address}:{port} ({exc.strerror or exc}); "
            "choose another port with --port N."
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
) -> None:
    """Open the dashboard: weights as sliders over live scores, in Arabic and English.

    Serves FILE (or the built-in assessment) headless and prints the address; Ctrl+C stops it.
    """
    import subprocess

    from indicators.errors import TaqdirError

    check_lang(lang)
    script = app_script()
    if file is not None:
        from engine.cli.common import load_assessment_arg

        load_assessment_arg(file)  # a bad file is refused here, with the command line's message
        file = file.resolve()
    _check_port(address, port)
    host = socket.gethostname() if address in ("0.0.0.0", "::") else address
    query = "?lang=ar" if lang == "ar" else ""
    print(f"taqdir dashboard: http://{host}:{port}/{query}  (Ctrl+C stops it)", flush=True)
    proc = subprocess.Popen(command(script, file, address, port))
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise
    if code != 0:
        raise TaqdirError(f"streamlit stopped with exit code {code}.")
