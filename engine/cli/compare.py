"""`taqdir compare A B [C ...]`: what changed between assessments, and why.

A side is an assessment file (or `builtin`) scored under its own options, a saved
`taqdir score --format json`, a recorded version of a file (`FILE@v3`, see `taqdir history`)
or a stored run id (`run:ID`). Options of sides A and B come
from `--a-*` / `--b-*`; any side may also carry them inline, `SOURCE@key=value@...` with keys
weights, as-of, method and set-weight (e.g. `builtin@as-of=2025-03-01`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli.common import (
    LangOpt,
    OutputOpt,
    ReportOpt,
    check_choice,
    check_lang,
    dump_json,
    emit,
)
from engine.cli.root import app
from indicators.errors import InputError

if TYPE_CHECKING:  # engine.compare is imported when the command runs, not at start-up
    from engine.compare import Side

FORMATS = ("table", "json", "markdown", "html")
KEYS = {
    "weights": "weights",
    "profile": "weights",
    "as-of": "as_of",
    "as_of": "as_of",
    "method": "method",
    "set-weight": "set_weight",
    "set_weight": "set_weight",
}


@dataclass
class SideArgs:
    """A side as the user gave it: the source and its options (still text)."""

    source: str
    weights: str | None = None
    as_of: str | None = None
    method: str | None = None
    set_weight: list[str] = field(default_factory=list)

    def options(self) -> dict[str, str]:
        out = {
            k: v
            for k, v in (("weights", self.weights), ("as-of", self.as_of), ("method", self.method))
            if v is not None
        }
        if self.set_weight:
            out["set-weight"] = ",".join(self.set_weight)
        return out

    @property
    def label(self) -> str:
        return "@".join([self.source, *(f"{k}={v}" for k, v in self.options().items())])


def parse_side(text: str) -> SideArgs:
    """`SOURCE[@key=value...]`; an existing path is taken whole, `@` and all."""
    if not text.strip():
        raise InputError(
            "a side is empty (''); give an assessment file, 'builtin' or run:ID for each side.",
            kind="bad_form",
            parts={"form": "side_empty"},
        )
    if Path(text).exists() or "@" not in text:
        return SideArgs(text)
    source, *mods = text.split("@")
    if not source:
        raise InputError(
            f"side {text!r}: name a file, 'builtin' or a run before the first '@'.",
            kind="bad_form",
            parts={"option": "side", "value": text, "form": "side_source"},
        )
    if mods and re.fullmatch(r"v[0-9]+", mods[0]):  # FILE@v3: a recorded version of FILE
        source += "@" + mods.pop(0)
    side = SideArgs(source)
    for mod in mods:
        key, sep, value = mod.partition("=")
        attr = KEYS.get(key.strip().lower())
        if not sep or attr is None or not value:
            raise InputError(
                f"side {text!r}: {mod!r} is not an option; write key=value with key one of "
                "weights, as-of, method, set-weight (e.g. builtin@as-of=2025-03-01).",
                kind="bad_form",
                parts={"option": "side", "value": text, "form": "side_option", "modifier": mod},
            )
        if attr == "set_weight":
            side.set_weight.append(value)
        else:
            setattr(side, attr, value)
    return side


def merge(side: SideArgs, letter: str, **given: Any) -> None:
    """Apply `--a-*` / `--b-*` options; the same option inline and as a flag is an error."""
    for attr, value in given.items():
        if not value:
            continue
        flag = f"--{letter.lower()}-{attr.replace('_', '-')}"
        if attr == "set_weight":
            side.set_weight += list(value)
        elif getattr(side, attr) is not None:
            raise InputError(
                f"side {letter} gives {attr.replace('_', '-')} twice: inline and {flag}.",
                kind="conflict",
                parts={
                    "case": "side_twice",
                    "side": letter,
                    "option": attr.replace("_", "-"),
                    "flag": flag,
                },
            )
        else:
            setattr(side, attr, value)


def build_side(args: SideArgs, letter: str) -> Side:
    """Open the source and score it under its options (or read the saved result or run)."""
    from engine.cli.common import scoring_request
    from engine.compare import (
        RunSource,
        open_source,
        side_from_assessment,
        side_from_run,
        side_from_saved,
    )
    from scenarios.saved import SavedScore

    src = open_source(args.source)
    fixed = [k for k in args.options() if k in ("as-of", "set-weight")]
    if isinstance(src, RunSource):
        if fixed:
            raise InputError(
                f"side {letter} ({args.source}) is a stored run: its date and weights are fixed, "
                f"so {', '.join(fixed)} cannot apply (weights=PROFILE and method=M pick one of "
                "the run's profiles and methods).",
                kind="conflict",
                parts={
                    "case": "run_side_fixed",
                    "side": letter,
                    "source": str(args.source),
                    "options": list(fixed),
                },
            )
        return side_from_run(src.run_id, label=args.label, profile=args.weights, method=args.method)
    if isinstance(src, SavedScore):
        if args.options():
            raise InputError(
                f"side {letter} ({args.source}) is a saved result: its weights, date and method "
                f"are fixed, so {', '.join(args.options())} cannot apply. Give the assessment "
                "file instead to rescore it.",
                kind="conflict",
                parts={
                    "case": "saved_side_fixed",
                    "side": letter,
                    "source": str(args.source),
                    "options": list(args.options()),
                },
            )
        return side_from_saved(src, label=args.label, source=args.source)
    request = scoring_request(
        src,
        weights=args.weights,
        set_weight=args.set_weight,
        method=args.method,
        as_of=args.as_of,
        as_of_option=f"--{letter.lower()}-as-of",
    )
    return side_from_assessment(
        src, request, label=args.label, source=args.source, options=args.options()
    )


def _opt(side: str, name: str, meta: str, what: str) -> Any:
    return typer.Option(f"--{side}-{name}", metavar=meta, help=f"Side {side.upper()}: {what}")


@app.command()
def compare(
    sides: Annotated[
        list[str],
        typer.Argument(
            help="Two or more sides: an assessment file or 'builtin' (options inline as "
            "SOURCE@as-of=DATE@weights=PROFILE@method=M@set-weight=ID=V), a saved "
            "`taqdir score --format json`, or a stored run (run:ID).",
            show_default=False,
        ),
    ],
    a_weights: Annotated[
        str | None, _opt("a", "weights", "FILE_OR_PROFILE", "weighting profile.")
    ] = None,
    b_weights: Annotated[
        str | None, _opt("b", "weights", "FILE_OR_PROFILE", "weighting profile.")
    ] = None,
    a_as_of: Annotated[
        str | None, _opt("a", "as-of", "YYYY-MM-DD", "evidence known on this date.")
    ] = None,
    b_as_of: Annotated[
        str | None, _opt("b", "as-of", "YYYY-MM-DD", "evidence known on this date.")
    ] = None,
    a_method: Annotated[str | None, _opt("a", "method", "METHOD", "aggregation method.")] = None,
    b_method: Annotated[str | None, _opt("b", "method", "METHOD", "aggregation method.")] = None,
    a_set_weight: Annotated[
        list[str] | None, _opt("a", "set-weight", "ID=VALUE", "weight override.")
    ] = None,
    b_set_weight: Annotated[
        list[str] | None, _opt("b", "set-weight", "ID=VALUE", "weight override.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, markdown or html.")
    ] = "table",
    lang: LangOpt = "en",
    report: ReportOpt = None,
    output: OutputOpt = None,
) -> None:
    """Compare assessments: score changes split into evidence, weights (and method) parts."""
    from engine.compare import compare as run_compare
    from engine.compare import compare_many, side_letter

    check_choice(fmt, FORMATS, "--format")
    check_lang(lang)
    if len(sides) < 2:
        raise InputError(
            "compare needs at least two sides, e.g. `taqdir compare builtin "
            "builtin --a-as-of 2025-03-01`.",
            kind="two_sides",
            parts={"example": True},
        )
    parsed = [parse_side(s) for s in sides]
    merge(
        parsed[0], "A", weights=a_weights, as_of=a_as_of, method=a_method, set_weight=a_set_weight
    )
    merge(
        parsed[1], "B", weights=b_weights, as_of=b_as_of, method=b_method, set_weight=b_set_weight
    )
    built = [build_side(p, side_letter(i)) for i, p in enumerate(parsed)]
    result = run_compare(*built) if len(built) == 2 else compare_many(built)
    if report is not None:
        from indicators.files import write_text_atomic

        write_text_atomic(report, _html(result))
        print(f"wrote {report}", file=sys.stderr)
    if fmt == "json":
        from engine import engine_version

        emit(dump_json({**result.to_json(), "engine_version": engine_version()}), output)
    elif fmt == "html":
        emit(_html(result), output)
    else:
        from engine.cli.compare_text import as_markdown, as_table

        emit((as_markdown if fmt == "markdown" else as_table)(result, lang), output)


def _html(result: Any) -> str:
    from engine.compare import Comparison
    from engine.report import bundle, compare_report, spread_report

    if bundle() is None:
        print(
            "taqdir: warning: the Vega bundle (installed with Streamlit: "
            "pip install 'taqdir[dashboard]') was not found; the report has tables, no charts.",
            file=sys.stderr,
        )
    return compare_report(result) if isinstance(result, Comparison) else spread_report(result)
