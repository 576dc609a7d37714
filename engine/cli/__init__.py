"""The `taqdir` command line.

Each subcommand lives in its own module and registers itself on `app`; `main()` is the
console script and the one place where errors become exit codes and messages:
0 success, 2 bad input (a one-paragraph message, never a traceback), 3 the environment
refused (full or read-only disk, no permission: the path and the cause), 1 internal error.
Heavy modules (scipy, streamlit, dask) are imported inside the commands that need them.
"""

from __future__ import annotations

import copy
import gc
import importlib
import os
import sys

import typer

from engine import CONSOLE_START
from engine.cli import root
from engine.cli.lazy_params import use_deferred_checks
from indicators.errors import EnvError, FileError, InputError, TaqdirError

COMMAND_MODULES = [
    "score",
    "files",
    "batch",
    "runs",
    "compare",
    "timeline",
    "sensitivity",
    "mcda",
    "weights",
    "dashboard",
    "brief",
    "new",
    "evidence",
    "versions",
]
"""Modules under engine.cli that define subcommands (each adds itself to `app`)."""


COMMANDS = {
    "score": "score",
    "validate": "files",
    "schema": "files",
    "indicators": "files",
    "batch": "batch",
    "runs": "runs",
    "compare": "compare",
    "timeline": "timeline",
    "sensitivity": "sensitivity",
    "mcda": "mcda",
    "weights": "weights",
    "dashboard": "dashboard",
    "brief": "brief",
    "new": "new",
    "evidence": "evidence",
    "history": "versions",
    "diff": "versions",
    "restore": "versions",
}
"""Each command's or group's name, and the module of COMMAND_MODULES that defines it (a test
checks this against what the modules register)."""

EXAMPLES: dict[str, tuple[str, ...]] = {
    "score": ("taqdir score case.yaml --samples 2000 --seed 7 -s baseline --format json",),
    "validate": ("taqdir validate case.yaml",),
    "indicators": ("taqdir indicators case.yaml --as-of 2025-03-01 --lang ar",),
    "batch": ("taqdir batch sweeps.yaml -o rows.parquet --workers 4",),
    "compare": ("taqdir compare case.yaml@as-of=2025-01-01 case.yaml --format markdown",),
    "timeline": ("taqdir timeline case.yaml --from 2025-01-01 --step 1w -s baseline",),
    "sensitivity": ("taqdir sensitivity case.yaml -k smaa --samples 5000 --seed 1",),
    "weights": ("taqdir weights ahp judgements.yaml -a case.yaml -o my_profile.yaml",),
    "dashboard": ("taqdir dashboard case.yaml --port 8600",),
    "runs list": ("taqdir runs list --format json",),
    "runs show": ("taqdir runs show 20250604-153012-a1b2c3",),
    "runs export": ("taqdir runs export 20250604-153012-a1b2c3 rows.parquet",),
    "runs delete": ("taqdir runs delete 20250604-153012-a1b2c3",),
    "new": ("taqdir new case.yaml",),
    "history": ("taqdir history case.yaml",),
    "diff": ("taqdir diff case.yaml --from v2 --to v3",),
    "restore": ("taqdir restore case.yaml v2",),
    "evidence add": (
        "taqdir evidence add case.yaml --indicator senior_visits_12m --value 1 "
        "--date 2025-05-02 --grade B2 --cite 3",
    ),
    "brief": ("taqdir brief case.yaml -o brief.html",),
    "mcda": ("taqdir mcda case.yaml -m vikor --format json",),
}
"""One example per command for its --help (a command may instead pass
`epilog=engine.cli.common.example(...)` to `@app.command`)."""


def _add_examples(group: typer.Typer, prefix: str = "") -> None:
    from engine.cli.common import example

    for info in group.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        lines = EXAMPLES.get(f"{prefix}{name}")
        if lines and not info.epilog:
            info.epilog = example(*lines)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            sub_name = sub.name or sub.typer_instance.info.name
            _add_examples(sub.typer_instance, f"{prefix}{sub_name} ")


def _load(modules: list[str]) -> typer.Typer:
    """`app` with the commands of `modules` (names in COMMAND_MODULES) registered, listed in
    the order of COMMAND_MODULES whatever order they were loaded in, each with its example and
    typer's deferred value checks."""
    for name in modules:
        importlib.import_module(f"engine.cli.{name}")
    order = {f"engine.cli.{name}": i for i, name in enumerate(COMMAND_MODULES)}
    root.app.registered_commands.sort(key=lambda info: order.get(_module_of(info), len(order)))
    root.app.registered_groups.sort(key=lambda info: order.get(_module_of(info), len(order)))
    _add_examples(root.app)
    use_deferred_checks(root.app)
    return root.app


def _module_of(info: typer.models.CommandInfo | typer.models.TyperInfo) -> str:
    if isinstance(info, typer.models.TyperInfo):
        sub = info.typer_instance
        info = sub.registered_commands[0] if sub is not None else info
    callback = getattr(info, "callback", None)
    return str(getattr(callback, "__module__", "")) if callback is not None else ""


def __getattr__(name: str) -> typer.Typer:
    """`engine.cli.app`: the whole app, every command registered (PEP 562; `main` registers
    only the command it runs)."""
    if name == "app":
        return _load(COMMAND_MODULES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _command_name(info: typer.models.CommandInfo) -> str:
    callback = info.callback.__name__ if info.callback else ""
    return info.name or callback.lower().replace("_", "-")  # typer's own naming


def _app_for(args: list[str]) -> typer.Typer:
    """The app that runs `args`: when they start with a command's name, a view of `app` holding
    only that command (or group), so that only its module is imported and typer builds one
    click command, not all of them (importing every command module and building every
    command's options from its signature took a third of `taqdir score`'s start-up). The view
    keeps `app`'s callback, settings and the command's own objects, so the parsing, help,
    messages and exit codes are the same; anything else (no command, a global option first, an
    unknown or misspelt name that typer answers with suggestions, shell completion) runs the
    whole `app`."""
    whole = not args or any(key.startswith("_TAQDIR_COMPLETE") for key in os.environ)
    if whole or args[0] not in COMMANDS:
        return _load(COMMAND_MODULES)
    _load([COMMANDS[args[0]]])
    commands = [c for c in root.app.registered_commands if _command_name(c) == args[0]]
    groups = [
        g
        for g in root.app.registered_groups
        if g.typer_instance is not None and (g.name or g.typer_instance.info.name) == args[0]
    ]
    if len(commands) + len(groups) != 1:  # pragma: no cover - COMMANDS is checked by a test
        return _load(COMMAND_MODULES)
    view = copy.copy(root.app)
    view.registered_commands = commands
    view.registered_groups = groups
    return view


def _fail(message: str, code: int) -> None:
    print(f"taqdir: {message}", file=sys.stderr)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console script entry point: run the app and translate errors at the edge."""
    args = list(sys.argv[1:] if argv is None else argv)
    colour_before = os.environ.get("NO_COLOR")
    if "--no-color" in args[1:] and "--" not in args:  # also after the command's name
        args.remove("--no-color")
        os.environ["NO_COLOR"] = "1"
    try:
        _run(args, thaw=argv is None and CONSOLE_START and not gc.isenabled())
    finally:  # an in-process caller (tests, notebooks) keeps its environment
        if colour_before is None:
            os.environ.pop("NO_COLOR", None)
        else:
            os.environ["NO_COLOR"] = colour_before
        if argv is None:
            _before_exit()


def _before_exit() -> None:
    """The console script's process ends after `main`: freeze the objects the garbage
    collector tracks, so that the interpreter's shutdown does not walk all of them (every
    module's objects: pydantic, numpy, typer) looking for reference cycles in memory the
    operating system takes back anyway (about 50 M instructions, a twelfth of the start-up
    of `import numpy, pydantic, yaml`). Output is written and flushed as before; an in-process
    caller (`main(args)`: tests, notebooks) is left alone."""
    gc.freeze()


def _asked_arabic(args: list[str]) -> bool:
    """Whether the command line asks for Arabic (`--lang ar` or `--lang=ar`)."""
    words = args[: args.index("--")] if "--" in args else args
    pairs = zip(words, [*words[1:], ""], strict=True)
    return "--lang=ar" in words or any(a == "--lang" and b == "ar" for a, b in pairs)


def _said(exc: TaqdirError, args: list[str]) -> str:
    """An error's message in the language the command was asked in (the English where its
    kind has no Arabic sentence)."""
    if _asked_arabic(args) and (said := exc.said("ar")) != str(exc):
        return f"خطأ: {said}"
    return f"error: {exc}"


def _run(args: list[str], thaw: bool = False) -> None:
    """Run the app on `args`; errors become exit codes and one-paragraph messages. `thaw`: the
    console script started with the garbage collector off (see `engine.CONSOLE_START`)."""
    try:
        # Standalone mode: typer itself turns usage errors into exit code 2 with a message.
        app = _app_for(args)
        if thaw:  # the modules are imported: keep them out of every collection, then collect
            gc.freeze()
            gc.enable()
        app(args=args, prog_name="taqdir")
    except FileError as exc:  # validation problems: in the language the command was asked in
        if _asked_arabic(args):
            _fail(f"خطأ:\n{exc.render('ar')}", 2)
        _fail(f"error: {exc}", 2)
    except InputError as exc:
        _fail(_said(exc, args), 2)
    except EnvError as exc:
        _fail(_said(exc, args), 3)
    except TaqdirError as exc:
        _fail(_said(exc, args), 1)
    except KeyboardInterrupt:
        _fail("interrupted.", 130)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:
        if os.environ.get("TAQDIR_DEBUG"):
            raise
        _fail(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in taqdir, not in your input. Run again with TAQDIR_DEBUG=1 "
            "for the traceback and report it.",
            1,
        )
