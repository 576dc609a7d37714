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
    # The script installed beside the running interpreter first: a `taqdir` earlier on PATH
    # (a pyenv shim, another venv) would test another installation.
    candidate = Path(sys.executable).parent / "taqdir"
    exe = str(candidate) if candidate.exists() else shutil.which("taqdir")
    assert exe, "the console script `taqdir` is not installed: pip install -e '.[dev]'"
    return [exe]


UNPRIVILEGED_CAPS = "-dac_override,-dac_read_search"
"""The capabilities that let root write where the permission bits say no."""


def unprivileged_prefix() -> list[str] | None:
    """The command prefix under which a process meets permission bits as an ordinary user does.

    As an ordinary user: nothing. As root (CI runs as root): Linux's `setpriv` from util-linux
    drops the two capabilities that override file permissions, for the child and everything it
    starts, so a folder without write permission really refuses it; the user id stays 0, so the
    interpreter under /root still runs. None when root has no `setpriv`.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, f"--inh-caps={UNPRIVILEGED_CAPS}", f"--bounding-set={UNPRIVILEGED_CAPS}"]


def run_process(
    *args: object,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    prefix: list[str] | None = None,
) -> Run:
    """Run the installed console script in a subprocess (after `prefix`, e.g.
    `unprivileged_prefix()`)."""
    proc = subprocess.run(
        [*(prefix or []), *taqdir_executable(), *map(str, args)],
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
