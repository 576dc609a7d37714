"""The `taqdir` command line.

Each subcommand lives in its own module and registers itself on `app`; `main()` is the
console script and the one place where errors become exit codes and messages:
0 success, 2 bad input (a one-paragraph message, never a traceback), 1 internal error.
Heavy modules (scipy, streamlit, dask) are imported inside the commands that need them.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from indicators.errors import InputError, TaqdirError

app = typer.Typer(
    name="taqdir",
    help="Turn a situation assessment into a defensible, quantified judgement.\n\n"
    "With no input file, commands work on the built-in Belarus–eastern Libya assessment.",
    no_args_is_help=True,
    add_completion=False,
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
]
"""Modules under engine.cli that define subcommands (each adds itself to `app`)."""

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
