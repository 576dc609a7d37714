"""Habits of a well-behaved command line, checked on every command and subcommand (those added
later included, as they register on the app): one example in `--help` whose options the
command has, `taqdir --version`, errors on stderr with nothing on stdout, results on stdout.
In-process (CliRunner through engine.cli.main), as the streams are the point, not the process."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from engine.cli import app
from engine.score import engine_version
from tests.cli_support import run_in_process


def commands() -> Iterator[tuple[str, Any]]:
    def walk(cmd: Any, path: list[str]) -> Iterator[tuple[str, Any]]:
        if hasattr(cmd, "commands"):
            for name, sub in sorted(cmd.commands.items()):
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path), cmd

    yield from walk(typer.main.get_command(app), [])


COMMANDS = dict(commands())


def test_version() -> None:
    run = run_in_process("--version")
    assert run.code == 0 and run.out == f"taqdir {engine_version()}\n" and run.err == ""


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_one_valid_example(name: str) -> None:
    run = run_in_process(*name.split(), "--help", env={"COLUMNS": "200"})
    assert run.code == 0, run.err
    assert "Example" in run.out, f"`taqdir {name} --help` has no example"
    cmd = COMMANDS[name]
    known = {o for p in cmd.params for o in p.opts}
    epilog = cmd.epilog or ""
    examples = [line.strip() for line in epilog.splitlines() if line.strip().startswith("taqdir")]
    assert examples, name
    for line in examples:
        words = shlex.split(line.split("  #")[0])
        assert words[: 1 + len(name.split())] == ["taqdir", *name.split()], line
        options = {w.split("=")[0] for w in words if w.startswith("-") and w not in (">",)}
        assert options <= known, f"{line}: {options - known} is not an option of {name}"


def _bad_input(name: str, tmp_path: Path) -> list[str]:
    """An invocation of command `name` that must fail on its input."""
    missing = str(tmp_path / "no-such-file.yaml")
    cmd = COMMANDS[name]
    params = [p.name for p in cmd.params if not any(o.startswith("-") for o in p.opts)]
    if name in ("runs show", "runs delete", "runs export"):
        return [*name.split(), "20000101-000000-000000", *([missing] if "export" in name else [])]
    if name == "schema":
        return ["schema", "--kind", "no-such-kind"]
    if name in ("runs list", "history"):
        return [*name.split(), "--format", "no-such-format"]
    if name == "weights":
        return ["weights", "ahp", missing]
    if name == "new":
        existing = tmp_path / "exists.yaml"
        existing.write_text("x: 1\n", encoding="utf-8")
        return ["new", str(existing)]
    if name == "restore":
        return ["restore", missing, "v1"]
    if params:
        return [*name.split(), missing]
    return [*name.split(), "--lang", "xx"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_errors_go_to_stderr_and_nothing_to_stdout(name: str, tmp_path: Path) -> None:
    args = _bad_input(name, tmp_path)
    run = run_in_process(*args, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert run.code in (1, 2), (args, run.code, run.out, run.err)
    assert run.out == "", f"{args}: stdout should be empty on error, got {run.out[:200]!r}"
    assert run.err.strip(), f"{args}: no message on stderr"


@pytest.mark.parametrize(
    "args",
    [
        ("score",),
        ("score", "--format", "json"),
        ("indicators",),
        ("validate", "scenarios/data/belarus_libya_2025.yaml"),
        ("schema", "--kind", "timeline"),
        ("timeline", "--format", "csv"),
        ("sensitivity", "-k", "stability"),
        ("compare", "builtin", "builtin@method=geometric"),
    ],
)
def test_results_go_to_stdout_and_stderr_stays_quiet(args: tuple[str, ...]) -> None:
    root = Path(__file__).resolve().parents[3]
    run = run_in_process(*args, cwd=root)
    assert run.code == 0, run.err
    assert run.out.strip()
    assert "warning" in run.err or run.err == "", run.err
