"""The command line in a real terminal and in a pipe: the installed console script runs under a
pseudo-terminal of 80 and of 200 columns (COLUMNS/LINES set and the window size given to the
pty with TIOCSWINSZ) and with its output piped; tables fit, and the batch progress follows the
rules (fits 80 columns without cutting the row count; in a pipe, no progress at all).

These tests run the real process on purpose: whether stdout is a terminal, and how wide it is,
is a property of the process's file descriptors, which an in-process runner cannot give."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.cli_support import run_process, taqdir_executable
from tests.paths import ROOT
from tests.test_contracts import BATCH

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
OTHER = ROOT / "tests" / "data" / "other_pair.yaml"


def run_pty(
    *args: object,
    cols: int,
    rows: int = 50,
    env: dict[str, str] | None = None,
    exe: list[str] | None = None,
) -> tuple[int, str]:
    """Run taqdir (or `exe` + args) with stdin, stdout and stderr on a pseudo-terminal `cols`
    wide; the text it wrote (ANSI escapes kept) and its exit code."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    inherited = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env = {**inherited, "TERM": "xterm-256color", **(env or {})}
    proc = subprocess.Popen(
        [*(taqdir_executable() if exe is None else exe), *map(str, args)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    code = proc.wait(timeout=300)
    return code, b"".join(chunks).decode("utf-8", "replace")


def screen_lines(text: str) -> list[str]:
    """What the terminal shows, line by line: escapes removed, each carriage return starting
    the line again (a redrawn progress bar is several segments)."""
    out = []
    for line in ANSI.sub("", text).split("\n"):
        out.extend(seg for seg in line.split("\r") if seg)
    return out


def widest(text: str) -> int:
    return max((cell_len(s) for s in screen_lines(text)), default=0)


def sized(cols: int) -> dict[str, str]:
    return {"COLUMNS": str(cols), "LINES": "50"}


TABLES = {
    "score": ("score",),
    "score-sampled": ("score", "--samples", "200", "--seed", "1"),
    "score-ar": ("score", "--lang", "ar"),
    "score-other": ("score", OTHER),
    "indicators": ("indicators",),
    "indicators-ar": ("indicators", OTHER, "--lang", "ar"),
    "timeline": ("timeline",),
    "compare": ("compare", "builtin", "builtin@as-of=2025-03-01"),
    "smaa": ("sensitivity", "-k", "smaa", "--samples", "300", "--seed", "1"),
}

DRIVER = """
import json, sys
from engine.cli import main
for args in json.loads(sys.argv[1]):
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.stdout.write(f"\\x1e{code}\\x1e\\n")
    sys.stdout.flush()
"""
"""Runs several commands one after the other through the console script's `main` in a single
process, each ending with RS, its exit code, RS: one process start for many tables, on the
same pseudo-terminal file descriptors the console script would have."""


@pytest.fixture(scope="module")
def tables_on_a_terminal() -> dict[int, dict[str, tuple[int, str]]]:
    """For 80 and 200 columns: what each of TABLES wrote on the terminal, and its exit code."""
    import json

    names = list(TABLES)
    argv = json.dumps([[str(a) for a in TABLES[name]] for name in names])
    found: dict[int, dict[str, tuple[int, str]]] = {}
    for cols in (80, 200):
        code, out = run_pty(sys.executable, "-c", DRIVER, argv, cols=cols, env=sized(cols), exe=[])
        assert code == 0, out
        parts = re.split(r"\x1e(\d+)\x1e", out)
        assert len(parts) == 2 * len(names) + 1, out
        found[cols] = {name: (int(parts[2 * i + 1]), parts[2 * i]) for i, name in enumerate(names)}
    return found


@pytest.mark.parametrize("cols", [80, 200])
@pytest.mark.parametrize("name", list(TABLES))
def test_tables_fit_the_terminal(
    tables_on_a_terminal: dict[int, dict[str, tuple[int, str]]], cols: int, name: str
) -> None:
    code, out = tables_on_a_terminal[cols][name]
    assert code == 0, out
    assert widest(out) <= cols, "\n".join(s for s in screen_lines(out) if cell_len(s) > cols)
    if cols == 200 and name == "score":
        assert widest(out) > 80  # a wide terminal is used: the table is not squeezed


def test_the_driver_sees_the_terminal_as_the_console_script_does() -> None:
    """The tables above run through `main` in one process; the installed script, started alone
    on the same terminal, writes the same table (so nothing is lost by sharing the process)."""
    import json

    args = ["score", "--lang", "ar"]
    code, alone = run_pty(*args, cols=80, env=sized(80))
    assert code == 0, alone
    code, shared = run_pty(
        sys.executable, "-c", DRIVER, json.dumps([args]), cols=80, env=sized(80), exe=[]
    )
    assert code == 0, shared
    assert re.split(r"\x1e\d+\x1e", shared)[0].replace("\r\n", "\n").strip() == (
        alone.replace("\r\n", "\n").strip()
    )


def test_the_window_size_alone_sets_the_width() -> None:
    """No COLUMNS: the width comes from the terminal itself (TIOCSWINSZ)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 72, 0, 0))
    proc = subprocess.Popen(
        [*taqdir_executable(), "score"], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    assert widest(data.decode()) <= 72


def test_in_a_pipe_the_table_is_140_wide() -> None:
    env = {"COLUMNS": ""}
    run = run_process("score", env=env)
    assert run.code == 0, run.err
    assert 80 < max(cell_len(line) for line in run.out.splitlines()) <= 140


def test_the_80_column_table_shortens_names_and_wraps_contributions() -> None:
    code, out = run_pty("score", cols=80, env=sized(80))
    lines = screen_lines(out)
    assert code == 0
    assert any("…" in line for line in lines)  # a long scenario name shortened
    assert not any("Official acts only (Tamanhint unconfirmed)" in line for line in lines)


def test_score_with_a_scenario_shows_its_rank_among_all(tmp_path: Path) -> None:
    code, out = run_pty("score", "-s", "rollback_under_pressure", cols=120, env=sized(120))
    text = "\n".join(screen_lines(out))
    assert code == 0, text
    assert "Ranks are among all 6 scenarios" in text
    row = next(line for line in screen_lines(out) if "Rollback" in line)
    assert row.split("│")[1].strip() == "6"  # last of six, not "1 of 1"


@pytest.fixture
def batch_file(tmp_path: Path) -> Path:
    path = tmp_path / "b.yaml"
    path.write_text(BATCH, encoding="utf-8")
    return path


@pytest.mark.parametrize("cols", [80, 200])
def test_batch_progress_fits_the_terminal_and_keeps_the_row_count(
    batch_file: Path, tmp_path: Path, cols: int
) -> None:
    env = {**sized(cols), "TAQDIR_HOME": str(tmp_path / "home")}
    code, out = run_pty("batch", batch_file, "--summary", "json", cols=cols, env=env)
    assert code == 0, out
    lines = screen_lines(out)
    bar = [s for s in lines if re.search(r"[\d,]+/[\d,]+ rows", s)]
    assert bar, "no progress line"
    assert all(cell_len(s) <= cols for s in lines if not s.lstrip().startswith(("{", '"')))
    total = re.search(r"([\d,]+)/([\d,]+) rows", bar[-1])
    assert total and total.group(1) == total.group(2)  # finished, the whole count shown


def test_batch_in_a_pipe_prints_no_progress(batch_file: Path, tmp_path: Path) -> None:
    run = run_process(
        "batch", batch_file, "--summary", "json", env={"TAQDIR_HOME": str(tmp_path / "home")}
    )
    assert run.code == 0, run.err
    assert "\r" not in run.err and "\x1b" not in run.err
    assert "rows/s" not in run.err and "━" not in run.err  # no bar, no snapshot
    assert len(run.err.strip().splitlines()) <= 1  # at most the run's start notice


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
"""An SGR sequence that sets a colour (bold or dim alone are not colour: see no-color.org)."""


def test_colour_is_used_in_a_terminal_by_default(batch_file: Path, tmp_path: Path) -> None:
    env = {**sized(100), "TAQDIR_HOME": str(tmp_path / "home")}
    code, out = run_pty("score", "--help", cols=100, env=env)
    assert code == 0 and COLOUR.search(out)  # so that the test below can fail


def test_no_color_is_respected(batch_file: Path, tmp_path: Path) -> None:
    for env, flag, after in (
        ({"NO_COLOR": "1"}, (), ()),
        ({}, ("--no-color",), ()),
        ({}, (), ("--no-color",)),  # after the command's name too
    ):
        code, out = run_pty(
            *flag,
            "batch",
            batch_file,
            *after,
            cols=100,
            env={**sized(100), **env, "TAQDIR_HOME": str(tmp_path / "home")},
        )
        assert code == 0, out
        assert not COLOUR.search(out), "colour escapes despite no-colour"
    for env, flag in (({"NO_COLOR": "1"}, ()), ({}, ("--no-color",))):
        code, out = run_pty(*flag, "score", "--help", cols=100, env={**sized(100), **env})
        assert code == 0 and not COLOUR.search(out), out[:300]


@pytest.mark.parametrize("total", [40, 123_456, 9_876_543_210])
@pytest.mark.parametrize("cols", [40, 60, 80, 200])
def test_progress_line_fits_and_shows_the_whole_count(total: int, cols: int) -> None:
    """The columns chosen for a width: the line fits and `done/total rows` is never cut, up to
    ten-digit row counts (the rest of the line gives way: time, speed, run id, bar)."""
    import io

    from rich.console import Console
    from rich.progress import Progress

    from engine.cli.batch_view import progress_columns

    buf = io.StringIO()
    console = Console(file=buf, width=cols, force_terminal=True, color_system=None)
    progress = Progress(*progress_columns("20250604-153012-a1b2c3", total, cols), console=console)
    task = progress.add_task("rows", total=total, completed=total - 1)
    console.print(progress.make_tasks_table([progress.tasks[task]]))
    line = ANSI.sub("", buf.getvalue()).rstrip("\n")
    assert "\n" not in line and cell_len(line) <= cols, line
    assert f"{total - 1:,}/{total:,} rows" in line
