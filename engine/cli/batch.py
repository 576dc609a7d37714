"""`taqdir batch`: score many scenario variants × profiles × methods, stored and resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.cli.common import LangOpt, check_choice, check_lang, dump_json
from engine.cli.root import app
from indicators.errors import InputError
from indicators.files import check_writable

SUMMARY_FORMATS = ("table", "json")


@app.command()
def batch(
    file: Annotated[
        Path | None,
        typer.Argument(help="Batch file (YAML or JSON). Omit with --resume.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write every row here: .parquet, .csv or .jsonl (atomically)."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="Output format if the suffix does not say: parquet, csv, jsonl."
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Evaluate chunks in N local processes.")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS|local",
            help="Evaluate chunks on a Dask cluster (tcp://HOST:PORT), or `local` to start a "
            "LocalCluster (size: --workers). Needs taqdir[dask].",
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option("--resume", metavar="RUN_ID", help="Finish an interrupted run."),
    ] = None,
    summary: Annotated[
        str, typer.Option("--summary", help="How to print the summary: table or json.")
    ] = "table",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Run a batch: variants from sweeps and scenarios, under its profiles and methods.

    Prints a progress bar (stderr, in a terminal only) and then a summary: the tier
    distribution per profile and method, the highest and lowest variants, and each swept
    indicator's tipping points. The run is recorded in the run store (`taqdir runs list`);
    a run killed midway is finished by `taqdir batch --resume RUN_ID`.
    """
    from engine import runs
    from engine.cli.batch_view import Bar, summary_tables
    from engine.runs import Store, make_executor, output_format

    check_lang(lang)
    check_choice(summary, SUMMARY_FORMATS, "--summary")
    if (file is None) == (resume is None):
        raise InputError(
            "give a batch file, or --resume RUN_ID (not both).",
            kind="conflict",
            parts={"case": "batch_or_resume"},
        )
    if output is not None:
        output_format(output, fmt)  # a wrong suffix is an input error before any work
        check_writable(output)  # and an unwritable place an environment error, before it
    if fmt is not None:
        check_choice(fmt, ("parquet", "csv", "jsonl"), "--format")
    store = Store()
    bar = Bar(enabled=not quiet, lang=lang)
    if resume is not None:
        executor = make_executor(workers, dask)
        outcome = runs.resume(
            resume, store=store, executor=executor, output=output, fmt=fmt, progress=bar
        )
    else:
        from scenarios.batch import load_batch

        assert file is not None  # exactly one of FILE and --resume is given (checked above)
        loaded = load_batch(file)
        executor = make_executor(workers, dask)
        outcome = runs.start(
            loaded, store=store, executor=executor, output=output, fmt=fmt, progress=bar
        )
    run = outcome.run
    if summary == "json":
        print(
            dump_json(
                {
                    "run": run.summary(),
                    "seconds": outcome.seconds,
                    "phases": outcome.phases,
                    "resumed_chunks": outcome.resumed_chunks,
                    "summary": outcome.summary,
                }
            ),
            end="",
        )
    else:
        rate = run.row_count / outcome.seconds if outcome.seconds else 0.0
        print(
            f"run {run.id}: {run.row_count:,} rows ({run.variants:,} variants) in "
            f"{outcome.seconds:.1f} s, {rate:,.0f} rows/s"
        )
        print(summary_tables(outcome.summary, run.info, lang), end="")
    if outcome.output:
        import sys

        print(f"wrote {outcome.output}", file=sys.stderr)
