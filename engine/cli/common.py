"""Options and helpers shared by the scoring commands."""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from indicators.errors import InputError
from indicators.model import FIRST_DATE, LAST_DATE, date_problem

if TYPE_CHECKING:
    from engine.request import ScoringRequest
    from scenarios.model import Assessment

FileArg = Annotated[
    Path | None,
    typer.Argument(
        help="Assessment file (YAML or JSON). Omit for the built-in assessment.", show_default=False
    ),
]
MethodOpt = Annotated[
    str | None,
    typer.Option(
        "--method", "-m", help="Aggregation: arithmetic, geometric or topsis. Default: the file's."
    ),
]
WeightsOpt = Annotated[
    str | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="FILE_OR_PROFILE",
        help="A weighting profile id of the assessment, or a profile file.",
    ),
]
SetWeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-weight",
        metavar="ID=VALUE",
        help="Override a family's weight or an indicator's share. Repeatable.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Use only the evidence known on this date. Default: the file's as_of.",
    ),
]
SamplesOpt = Annotated[
    int, typer.Option("--samples", min=0, help="Monte Carlo samples (0: no sampling).")
]
SeedOpt = Annotated[
    int | None,
    typer.Option("--seed", min=0, help="Random seed (same seed, same numbers). Default: fresh."),
]
ConcentrationOpt = Annotated[
    str,
    typer.Option(
        "--concentration",
        metavar="C",
        help="Dirichlet concentration of sampled weights around the chosen ones; "
        "larger is tighter, 'inf' keeps weights fixed.",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of labels: en or ar.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")
]
ReportOpt = Annotated[
    Path | None,
    typer.Option("--report", metavar="FILE.html", help="Also write the bilingual HTML report."),
]


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        when = date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a date; write YYYY-MM-DD, e.g. 2025-06-04.",
            kind="bad_form",
            parts={"option": option, "value": text, "form": "date"},
        ) from None
    problem = date_problem(when)
    if problem:
        raise InputError(
            f"{option} {text}: {problem}; give a date in that range.",
            kind="date_out_of_range",
            parts={
                "option": option,
                "value": text,
                "date": when.isoformat(),
                "first": FIRST_DATE.isoformat(),
                "last": LAST_DATE.isoformat(),
            },
        )
    return when


def parse_set_weights(items: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(
                f"--set-weight {item!r}: write ID=VALUE, e.g. troops=2.",
                kind="bad_form",
                parts={"option": "--set-weight", "value": item, "form": "id_value"},
            )
        try:
            number = float(value)
        except ValueError:
            raise InputError(
                f"--set-weight {item!r}: {value!r} is not a number.",
                kind="bad_form",
                parts={"option": "--set-weight", "value": item, "form": "number", "number": value},
            ) from None
        if not math.isfinite(number) or number < 0:
            raise InputError(
                f"--set-weight {item!r}: the weight must be a finite number ≥ 0.",
                kind="bad_form",
                parts={"option": "--set-weight", "value": item, "form": "weight"},
            )
        out[key.strip()] = number
    return out


def parse_concentration(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0:
        raise InputError(
            f"--concentration {text!r}: expected a positive number or 'inf'.",
            kind="bad_form",
            parts={"option": "--concentration", "value": text, "form": "positive_or_inf"},
        )
    return value


def check_lang(lang: str) -> str:
    if lang not in ("en", "ar"):
        raise InputError(
            f"--lang {lang!r}: choose en or ar.",
            kind="not_a_choice",
            parts={"option": "--lang", "value": lang, "choices": ["en", "ar"]},
        )
    return lang


def typed(ctx: typer.Context, name: str) -> bool:
    """Whether the parameter `name` was given on the command line (not left at its default),
    for options a command refuses where they would be ignored in silence."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def check_choice(value: str, choices: tuple[str, ...] | list[str], option: str) -> str:
    if value not in choices:
        raise InputError(
            f"{option} {value!r}: choose one of {', '.join(choices)}.",
            kind="not_a_choice",
            parts={"option": option, "value": value, "choices": list(choices)},
        )
    return value


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def emit_json(data: Any, output: Path | None = None) -> None:
    """Print one JSON document on stdout (or write it atomically to `output`)."""
    emit(dump_json(data), output)


def stamp(a: Assessment) -> dict[str, Any]:
    """What a JSON output says about its input: `{"id", "title", "input_hash",
    "engine_version"}`, so a program can tell which file and which taqdir made it."""
    from engine import engine_version, input_hash

    return {
        "id": a.id,
        "title": a.title.plain(),
        "input_hash": input_hash(a),
        "engine_version": engine_version(),
    }


def content_hash(model: Any) -> str:
    """`sha256:` + hex digest of a validated input's content (its canonical JSON), not of its
    formatting: the `input_hash` of outputs whose input is not an assessment."""
    import hashlib

    canonical = json.dumps(model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


DEFAULT_WIDTH = 140
"""Width of tables when the output is not a terminal and no width is known."""


def terminal_width(stream: Any = None) -> int:
    """The width text may take: `COLUMNS` when set, else the terminal's width when `stream`
    (default stdout) is a terminal, else DEFAULT_WIDTH (a file or a pipe)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout if stream is None else stream
    try:
        if stream.isatty():
            return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    except (AttributeError, ValueError, OSError):
        pass
    return DEFAULT_WIDTH


def color_enabled() -> bool:
    """Colour only when neither `NO_COLOR` (any non-empty value, see no-color.org) nor
    `taqdir --no-color` (which sets NO_COLOR for the process) says otherwise."""
    return not os.environ.get("NO_COLOR")


def console(file: Any = None) -> Any:
    """A rich Console for `file` (default stdout) at terminal_width(), coloured only when
    color_enabled(): the one way commands should make a Console."""
    from rich.console import Console

    stream = sys.stdout if file is None else file
    return Console(
        file=stream,
        width=terminal_width(stream),
        no_color=not color_enabled(),
        color_system="auto" if color_enabled() else None,
    )


def wrap(text: str, indent: str = "") -> str:
    """Free text (a footnote, a list line) wrapped to terminal_width(), each paragraph kept;
    continuation lines indented by `indent` plus two spaces."""
    import textwrap

    width = terminal_width() - 1
    return "\n".join(
        textwrap.fill(
            line,
            width,
            subsequent_indent=" " * (len(line) - len(line.lstrip())) + indent + "  ",
            break_on_hyphens=False,
        )
        if line.strip()
        else line
        for line in text.split("\n")
    )


def example(*lines: str) -> str:
    """The epilog of a command's --help: one or more example invocations."""
    body = "\n\n".join(f"  {line}" for line in lines)
    return f"Example:\n\n{body}"


def emit(text: str, output: Path | None) -> None:
    """Print to stdout, or write the file atomically."""
    if output is None:
        sys.stdout.write(text)
        return
    from indicators.files import write_text_atomic

    write_text_atomic(output, text)
    print(f"wrote {output}", file=sys.stderr)


def load_assessment_arg(file: Path | None) -> Assessment:  # (import kept lazy)
    from scenarios.loader import load_assessment

    return load_assessment(file)


def resolve_weights(assessment: Any, weights: str | None) -> Any:
    """`--weights`: a profile id of the assessment, or a profile file (YAML/JSON)."""
    if weights is None or weights in assessment.profile_ids:
        return weights
    path = Path(weights)
    if not path.exists():
        raise InputError(
            f"--weights {weights!r} is neither a profile of assessment {assessment.id!r} "
            f"({', '.join(assessment.profile_ids)}) nor an existing file.",
            kind="unknown",
            parts={
                "what": "profile",
                "option": "--weights",
                "value": weights,
                "assessment": assessment.id,
                "known": list(assessment.profile_ids),
                "fix": "not_a_file",
            },
        )
    from scenarios.loader import load_profile

    return load_profile(path, assessment)


def scoring_request(
    a: Assessment,
    *,
    weights: str | None = None,
    set_weight: list[str] | None = None,
    method: str | None = None,
    as_of: str | None = None,
    as_of_option: str = "--as-of",
    scenarios: list[str] | None = None,
    samples: int = 0,
    seed: int | None = None,
    concentration: str | None = None,
    methods: tuple[str, ...] | None = None,
) -> ScoringRequest:
    """The scoring request of a command's options, validated once, here: `--weights`,
    `--set-weight`, `--method`, `--as-of` (named `as_of_option` in messages, e.g. `--a-as-of`),
    `--scenario`, and the sampling options. `methods`: those allowed (default: taqdir's own)."""
    from engine.kernel import METHODS
    from engine.request import DEFAULT_CONCENTRATION, ScoringRequest

    profile = resolve_weights(a, weights)
    when = parse_date(as_of, as_of_option)
    changes = parse_set_weights(set_weight)
    conc = DEFAULT_CONCENTRATION if concentration is None else parse_concentration(concentration)
    return ScoringRequest.build(
        a,
        profile=profile,
        method=method,
        as_of=when,
        set_weights=changes,
        scenarios=scenarios,
        samples=samples,
        seed=seed,
        concentration=conc,
        methods=METHODS if methods is None else methods,
    )
