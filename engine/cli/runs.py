"""`taqdir runs list | show RUN_ID | export RUN_ID OUT | delete RUN_ID`: the run store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from engine.cli.common import LangOpt, check_choice, check_lang, dump_json
from engine.cli.lazy_params import TaqdirGroup
from engine.cli.root import app

if TYPE_CHECKING:
    from engine.runs import Store

runs = typer.Typer(
    help="Stored batch runs: list them, show one with its summary, export its rows, delete it. "
    "The store is in TAQDIR_HOME (default: the user data folder).",
    no_args_is_help=True,
    cls=TaqdirGroup,
)
app.add_typer(runs, name="runs")

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
RunArg = Annotated[str, typer.Argument(metavar="RUN_ID", help="A run id from `taqdir runs list`.")]


def _store() -> Store:
    from engine.runs import Store

    return Store()


@runs.command("list")
def list_runs(fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:
    """List the stored runs, oldest first."""
    from engine.cli.batch_view import runs_table

    check_choice(fmt, ("table", "json"), "--format")
    check_lang(lang)
    items = [r.summary() for r in _store().runs()]
    if fmt == "json":
        from engine import engine_version

        print(dump_json({"runs": items, "engine_version": engine_version()}), end="")
    else:
        print(runs_table(items, lang), end="")


@runs.command()
def show(run_id: RunArg, fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:
    """Show a run's record and, when it is complete, its summary."""
    import json

    from engine.cli.batch_view import summary_tables

    check_choice(fmt, ("table", "json"), "--format")
    check_lang(lang)
    store = _store()
    run = store.get(run_id)
    summary = json.loads(run.summary_json) if run.summary_json else None
    record = run.summary()
    record["chunks_done"] = len(store.chunk_files(run_id))
    if fmt == "json":
        from engine import engine_version

        data = {"run": record, "summary": summary, "engine_version": engine_version()}
        print(dump_json(data), end="")
        return
    width = max(len(k) for k in record)
    for key, value in record.items():
        print(f"{key:<{width}}  {value if value is not None else '—'}")
    if summary is not None:
        print()
        print(summary_tables(summary, run.info, lang), end="")
    elif run.state != "done":
        print(f"\nnot complete: `taqdir batch --resume {run_id}` finishes it.")


@runs.command()
def export(
    run_id: RunArg,
    out: Annotated[Path, typer.Argument(help="File to write: .parquet, .csv or .jsonl.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="parquet, csv or jsonl (default: by suffix).")
    ] = None,
) -> None:
    """Write every row of a complete run (rank included) to a file, atomically."""
    import sys

    from engine.runs import export as write_rows
    from engine.runs import output_format, scan
    from indicators.errors import StoreError

    chosen = output_format(out, fmt)
    store = _store()
    run = store.get(run_id)
    if run.state != "done":
        raise StoreError(
            f"run {run_id} is {run.state}, not complete; `taqdir batch --resume {run_id}` "
            "finishes it first.",
            kind="run_state",
            parts={"run": run_id, "state": run.state, "fix": "resume"},
        )
    files = store.chunk_files(run_id)
    record = run.info
    rows = write_rows(files, record, scan(files, record), out, chosen)
    print(f"wrote {rows:,} rows to {out}", file=sys.stderr)


@runs.command()
def delete(run_id: RunArg) -> None:
    """Delete a run's record and stored rows (a file written with -o is left alone)."""
    import sys

    run = _store().delete(run_id)
    print(f"deleted run {run.id} ({run.row_count:,} rows)", file=sys.stderr)
