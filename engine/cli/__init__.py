"""The `taqdir` command line.

Each subcommand lives in its own module and registers itself on `app`; `main()` is the
console script and the one place where errors become exit codes and messages:
0 success, 2 bad input (a one-paragraph message, never a traceback), 3 the environment
refused (full or read-only disk, no permission: the path and the cause), 1 internal error.
Heavy modules (scipy, streamlit, dask) are imported inside the commands that need them.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from indicators.errors import EnvError, InputError, TaqdirError

app = typer.Typer(
    name="taqdir",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

COMMAND_MODULES = [
    "score",
    "files",
    "batch",
    "runs",
    "compare",
    "timeline",
    "sensitivity",
    "weights",
    "dashboard",
    "brief",
    "new",
    "evidence",
    "versions",
]
"""Modules under engine.cli that define subcommands (each adds itself to `app`)."""


def _version(value: bool) -> None:
    if value:
        from engine.score import engine_version

        print(f"taqdir {engine_version()}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print taqdir's version and exit.",
        is_eager=True,
        callback=_version,
    ),
    no_color: bool = typer.Option(
        False, "--no-color", help="No colour in any output (as does the NO_COLOR variable)."
    ),
) -> None:
    """Turn a situation assessment into a defensible, quantified judgement.

    With no input file, commands work on the built-in Belarus–eastern Libya assessment.
    Shell completion: `taqdir --install-completion` (see the README)."""
    if no_color:
        os.environ["NO_COLOR"] = "1"  # read by every Console, ours and typer's help


for _name in COMMAND_MODULES:
    importlib.import_module(f"engine.cli.{_name}")


def _fail(message: str, code: int) -> None:
    print(f"taqdir: {message}", file=sys.stderr)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console script entry point: run the app and translate errors at the edge."""
    try:
        # Standalone mode: typer itself turns usage errors into exit code 2 with a message.
        app(args=argv, prog_name="taqdir")
    except InputError as exc:
        _fail(f"error: {exc}", 2)
    except EnvError as exc:
        _fail(f"error: {exc}", 3)
    except TaqdirError as exc:
        _fail(f"error: {exc}", 1)
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
