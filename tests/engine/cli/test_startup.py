"""What a plain `taqdir` run loads (a fresh process each time, as the start-up is the point):
only the command asked for is built by typer, no heavy or unneeded module is imported, and on
a warm assessment cache no pydantic validator is built. These keep the start-up figures of
`tests/benchmarks/bench_startup.py` from creeping back; the outputs are compared with a run
through the whole app and without the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("scipy", "streamlit", "dask", "pyarrow", "pandas", "jsonschema")

PROBE = """
import io, json, sys, contextlib
import typer.main
built = []
original = typer.main.get_command_from_info
def counting(*args, **kw):
    built.append(1)
    return original(*args, **kw)
typer.main.get_command_from_info = counting
from engine.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        assert not exc.code, exc.code
from pydantic import BaseModel
import indicators.model, scenarios.model
from scenarios.model import Assessment
models = [
    m for mod in (indicators.model, scenarios.model) for m in vars(mod).values()
    if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == mod.__name__
]
print(json.dumps({
    "complete": sorted(m.__name__ for m in models if m.__pydantic_complete__),
    "built": built,
    "modules": sorted(m for m in sys.modules if "." not in m),
    "engine": sorted(m for m in sys.modules if m.startswith("engine.")),
    "validator_built": Assessment.__pydantic_complete__,
    "typer_adapters": "typer._adapters" in sys.modules,
    "out": out.getvalue(),
}))
"""


def _probe(tmp_path, *args: str, cache: bool = True) -> dict:
    env = {**os.environ, "TAQDIR_CACHE_DIR": str(tmp_path / "cache")}
    if not cache:
        env["TAQDIR_NO_CACHE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--format", "json"],
        ["compare", "builtin", "builtin", "--a-as-of", "2025-03-01"],
    ],
)
def test_a_plain_run_builds_one_command_and_imports_no_more_than_it_needs(tmp_path, args):
    cold = _probe(tmp_path, *args)  # fills the cache
    warm = _probe(tmp_path, *args)
    uncached = _probe(tmp_path, *args, cache=False)
    assert warm["out"] == cold["out"] == uncached["out"]
    assert len(warm["built"]) == 1  # typer built the click command of `args[0]` only
    assert not set(HEAVY) & set(warm["modules"])
    assert not {"engine.runs", "engine.versions", "engine.robust"} & set(warm["engine"])
    assert warm["validator_built"] is False  # read from the cache, not validated
    assert warm["complete"] == []  # and no model's serialiser built either
    assert uncached["validator_built"] is True
    assert warm["typer_adapters"] is False  # no option value needed typer's pydantic check
    assert "yaml" not in warm["modules"]  # the assessment came from the cache: no YAML read
    assert "yaml" in uncached["modules"]
    if args[0] == "score":  # JSON out: no table renderer; no samples: no sampling code
        assert "rich" not in warm["modules"]
        assert not {"engine.montecarlo", "engine.value_kernel"} & set(warm["engine"])


def test_help_and_mistakes_are_those_of_the_whole_app(cli):
    whole = cli("--help")
    assert whole.code == 0 and "compare" in whole.out and "score" in whole.out
    typo = cli("scor")
    assert typo.code == 2 and "scor" in typo.err
    one = cli("score", "--help")
    assert one.code == 0 and "Usage: taqdir score" in one.out
    bad = cli("score", "--no-such-option")
    assert bad.code == 2 and "Usage: taqdir score" in bad.err and "--no-such-option" in bad.err
    group = cli("runs", "--help")
    assert group.code == 0 and "list" in group.out


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--help"],
        ["runs", "list", "--help"],
        ["score", "--no-such-option"],
        ["score", "--format", "xml"],
    ],
)
def test_the_one_command_view_says_what_the_whole_app_says(args):
    from typer.testing import CliRunner

    from engine.cli import _app_for, app

    view = _app_for(args)
    assert view is not app and len(view.registered_commands + view.registered_groups) == 1
    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="taqdir", env={"COLUMNS": "100"})
    one = runner.invoke(view, args, prog_name="taqdir", env={"COLUMNS": "100"})
    assert (one.exit_code, one.output) == (whole.exit_code, whole.output)
    assert repr(one.exception) == repr(whole.exception)
    assert whole.output.strip() or whole.exception


def test_the_version_is_the_one_importlib_metadata_gives(monkeypatch, tmp_path):
    from importlib import metadata

    from indicators import version

    try:
        expected = metadata.version("taqdir")
    except metadata.PackageNotFoundError:
        expected = version.SOURCE_TREE
    assert version.installed_version() == expected
    # an egg-info first on sys.path: importlib.metadata decides, not the plain reader
    (tmp_path / "taqdir.egg-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert version.plain_dist_info_version() is None
    # a plain dist-info first: its Version header
    other = tmp_path / "first"
    (other / "taqdir-9.8.7.dist-info").mkdir(parents=True)
    (other / "taqdir-9.8.7.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.4\nName: taqdir\nVersion: 9.8.7\n\nbody Version: 1\n"
    )
    monkeypatch.syspath_prepend(str(other))
    assert version.plain_dist_info_version() == "9.8.7"
    assert metadata.version("taqdir") == "9.8.7"


def _every_parameter():
    """(command path, click parameter) for every parameter of every command, `--help` too."""
    import click
    import typer.main

    from engine.cli import app

    def walk(command, path, ctx):
        for param in command.get_params(ctx):
            yield path, param
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}", click.Context(sub, parent=ctx, info_name=name))

    top = typer.main.get_command(app)
    yield from walk(top, "taqdir", click.Context(top, info_name="taqdir"))


SAMPLES = [None, 0, 3, -1, 2.5, "", "7", "-2", "0.5", "x", " en ", "json", (), ("a", "b"), ["7"]]
"""Values a parameter's check may see: the defaults' types, what a user types, wrong types."""


def test_deferred_checks_answer_as_typer_checks_every_parameter():
    """Each parameter's deferred check (engine.cli.lazy_params) gives what typer's own check
    gives, value or error message, for defaults and typed values alike."""
    import click
    from typer._coercion import build_runtime_param

    from engine.cli.lazy_params import Deferred

    seen = 0
    for path, param in _every_parameter():
        assert isinstance(param._runtime_param, Deferred), (path, param.name)
        ctx = click.Context(click.Command(path), info_name=path)
        desc = param.type_descriptor
        values = [*SAMPLES, param.default]
        for value in values:
            outcomes = []
            for check in (Deferred(desc.parameter_info, desc.annotation), None):
                real = build_runtime_param(desc)
                param._runtime_param = check or real
                try:
                    outcomes.append(("ok", param._runtime_param.coerce(value, param, ctx)))
                except click.ClickException as exc:
                    outcomes.append(("error", type(exc).__name__, exc.format_message()))
                except Exception as exc:  # the same crash (a wrong default) either way
                    outcomes.append(("crash", type(exc).__name__, str(exc)))
            deferred, typer_own = outcomes
            assert deferred == typer_own, (path, param.name, value)
            assert type(deferred[1]) is type(typer_own[1]), (path, param.name, value)
            seen += 1
    assert seen > 300


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["score", "--samples", "-3"], "greater than or equal to 0"),
        (["score", "--samples", "many"], "valid integer"),
        (["score", "--seed", "1.5"], "valid integer"),
        (["sensitivity", "--samples", "2.5"], "valid integer"),
    ],
)
def test_a_bad_value_is_still_refused_by_typer(cli, args, fragment):
    run = cli(*args)
    assert run.code == 2 and "Usage: taqdir" in run.err
    assert fragment in " ".join(run.err.split())


def test_the_command_table_names_the_module_of_every_command():
    """engine.cli.COMMANDS (which module `main` imports for a command line) against what the
    modules really register."""
    import engine.cli
    from engine.cli import COMMAND_MODULES, COMMANDS, _command_name, app

    registered = {_command_name(c): c.callback.__module__ for c in app.registered_commands}
    for group in app.registered_groups:
        name = group.name or group.typer_instance.info.name
        registered[name] = group.typer_instance.registered_commands[0].callback.__module__
    assert {k: f"engine.cli.{v}" for k, v in COMMANDS.items()} == registered
    assert set(COMMANDS.values()) == set(COMMAND_MODULES)
    assert engine.cli.app is app


def test_commands_keep_their_order_whatever_was_loaded_first():
    """A process that ran one command first (tests, notebooks) lists the commands in the
    same order as a fresh one."""
    code = """
import io, contextlib, sys
from engine.cli import main
for args in (["restore", "-h"], ["compare", "-h"], ["runs", "list", "-h"], ["--help"]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main(args)
        except SystemExit:
            pass
print(out.getvalue())
"""
    env = {**os.environ, "COLUMNS": "100"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    fresh = subprocess.run(
        [sys.executable, "-c", "from engine.cli import main; main(['--help'])"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    assert "compare" in fresh.stdout and "restore" in fresh.stdout
    assert first.stdout.strip() == fresh.stdout.strip()


def test_only_the_console_script_freezes_the_collector_before_exit(cli):
    """`main()` as the console script freezes the garbage collector's objects before the
    process ends (engine.cli._before_exit); an in-process `main(args)` does not."""
    import gc

    before = gc.get_freeze_count()
    assert cli("score", "--format", "json").code == 0
    assert gc.get_freeze_count() == before
    code = (
        "import gc, sys, engine.cli\n"
        "sys.argv = ['taqdir', 'score', '--format', 'json']\n"
        "try:\n    engine.cli.main()\nexcept SystemExit as exc:\n    assert not exc.code\n"
        "print(gc.get_freeze_count() > 0, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr.strip() == "True", proc.stderr
    assert json.loads(proc.stdout)["results"]


COLLECTOR_PROBE = """
import gc, json, sys
{wrapper_import}
import engine, engine.cli
seen = {{"at_import": gc.isenabled(), "console": engine.CONSOLE_START}}
original = engine.cli._app_for
def spying(args):
    app = original(args)
    def run(**kw):
        seen["in_command"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        return app(**kw)
    return run
engine.cli._app_for = spying
sys.argv = [sys.argv[0], "score", "--format", "json"]
try:
    engine.cli.main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(seen), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("name", "wrapper", "console"),
    [
        ("taqdir", "from engine.cli import main", True),  # as pip, pipx and uv write it
        ("taqdir", "", False),  # a script of the user's that happens to be called taqdir
        ("analysis.py", "from engine.cli import main", False),
    ],
)
def test_the_collector_is_off_only_while_the_console_script_imports(
    tmp_path, name, wrapper, console
):
    """Started by the `taqdir` wrapper, the process imports with the garbage collector off, then
    freezes what it imported and runs the command with the collector on
    (engine.CONSOLE_START); any other program importing the engine keeps its collector."""
    script = tmp_path / name
    script.write_text(COLLECTOR_PROBE.format(wrapper_import=wrapper), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stderr.strip().splitlines()[-1])
    assert seen["console"] is console
    assert seen["at_import"] is (not console)
    assert seen["in_command"] is True
    assert (seen["frozen"] > 10_000) is console  # the imported modules' objects
