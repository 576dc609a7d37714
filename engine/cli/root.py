"""The `taqdir` typer app itself: its settings and global options, without the commands.

Each command module under engine.cli registers its commands on this `app`; `engine.cli`
imports those modules (all of them, or only the one a command line names) and runs it.
"""

from __future__ import annotations

import os

import typer

from engine.cli.lazy_params import TaqdirGroup

app = typer.Typer(
    name="taqdir",
    cls=TaqdirGroup,  # typer's value checks built only for values that need them
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
