"""Running `taqdir` from the tests: in-process through typer's `CliRunner` (the default), or as
the real console script in a subprocess where the process boundary is the point (exit codes of
the installed script, signals, kill and resume, start-up imports, memory of a process)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path

from typer.testing import CliRunner


class Run:
    """What one `taqdir` invocation left behind: exit code, standard output and error."""

    def __init__(self, code: int, out: str, err: str):
        self.code = code
        self.out = out
        self.err = err

    def json(self):
        return json.loads(self.out)


def taqdir_executable() -> list[str]:
    exe = shutil.which("taqdir")
    if exe is None:  # installed into the running interpreter's scripts folder
        candidate = Path(sys.executable).parent / "taqdir"
        exe = str(candidate) if candidate.exists() else None
    assert exe, "the console script `taqdir` is not installed: pip install -e '.[dev]'"
    return [exe]


def run_process(
    *args: object, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Run the installed console script in a subprocess."""
    proc = subprocess.run(
        [*taqdir_executable(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _exit_code(exc: SystemExit) -> tuple[int, str]:
    """The exit status (and any message) `sys.exit(exc.code)` gives a real process."""
    code = exc.code
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"  # sys.exit("message"): printed on stderr, status 1


def run_in_process(
    *args: object, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Run `engine.cli.main` (the console script's function) in this process.

    Output is captured by typer's `CliRunner`, and `main` is called rather than the typer app
    so that errors become exit codes and messages exactly as in the console script (2 bad
    input, 1 internal error). Python warnings go to standard error, as in a process.
    """
    from engine.cli import main

    runner = CliRunner()
    cwd_change = contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext()
    with cwd_change, runner.isolation(env=env) as (stdout, stderr, _mixed):
        code, message = 0, ""
        with warnings.catch_warnings():
            warnings.showwarning = _warning_to_stderr
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code, message = _exit_code(exc)
        sys.stdout.flush()
        if message:
            sys.stderr.write(message)
        sys.stderr.flush()
        out = stdout.getvalue().decode(runner.charset)
        err = stderr.getvalue().decode(runner.charset, "backslashreplace")
    return Run(code, out, err)


def _warning_to_stderr(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))
