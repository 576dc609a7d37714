"""`taqdir validate`, `taqdir schema` and `taqdir indicators`: working with input files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

import typer

from engine.cli import app
from engine.cli.common import AsOfOpt, FileArg, LangOpt, check_choice, check_lang, parse_date

if TYPE_CHECKING:  # imported lazily below, to keep the CLI's start-up light
    from indicators.model import RawValue
    from scenarios.model import Assessment, Profile

KINDS = ("assessment", "profile")


def _model(kind: str) -> type[Assessment] | type[Profile]:
    from scenarios.model import Assessment, Profile

    return Assessment if kind == "assessment" else Profile  # `kind` is checked first


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The file to check (YAML or JSON).")],
    kind: Annotated[str, typer.Option("--kind", help="assessment or profile.")] = "assessment",
) -> None:
    """Check a file and say precisely what is wrong, or that it is valid."""
    from indicators.validate import load_model
    from scenarios.model import Assessment, Profile

    check_choice(kind, KINDS, "--kind")
    if kind == "assessment":
        model = load_model(file, Assessment)
        print(
            f"{file}: valid assessment {model.id!r}: {len(model.families)} families, "
            f"{len(model.indicators)} indicators, {len(model.evidence)} evidence items, "
            f"{len(model.scenarios)} scenarios, {len(model.profiles)} profiles, "
            f"{len(model.tiers)} tiers."
        )
    else:
        profile = load_model(file, Profile)
        print(
            f"{file}: valid profile {profile.id!r} (check it against an assessment with "
            f"`taqdir score FILE --weights {file}`)."
        )


@app.command()
def schema(
    kind: Annotated[str, typer.Option("--kind", help="assessment or profile.")] = "assessment",
) -> None:
    """Print the JSON Schema of an input file (for editors that validate YAML/JSON)."""
    check_choice(kind, KINDS, "--kind")
    print(json.dumps(_model(kind).model_json_schema(), ensure_ascii=False, indent=2))


class _ValueJson(TypedDict):
    low: float
    likely: float
    high: float


class _EvidenceJson(TypedDict):
    id: str
    event_date: str
    value: RawValue
    grade: str
    sources: list[str]


class _IndicatorJson(TypedDict):
    """One row of `taqdir indicators --format json`."""

    id: str
    family: str
    name: dict[str, Any]
    direction: str
    transform: str
    value: _ValueJson
    evidence: list[_EvidenceJson]


@app.command()
def indicators(
    file: FileArg = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List indicators: family, transform, the value the evidence gives, and its citations."""
    from rich.table import Table

    from engine.cli.common import dump_json, load_assessment_arg
    from engine.cli.tables import render
    from scenarios.values import from_evidence, known_evidence

    check_lang(lang)
    check_choice(fmt, ("table", "json"), "--format")
    a = load_assessment_arg(file)
    when = parse_date(as_of, "--as-of") or a.as_of
    rows: list[_IndicatorJson] = []
    for ind in a.indicators:
        items = known_evidence(a, ind.id, when)
        v = from_evidence(a, ind.id, when)
        rows.append(
            {
                "id": ind.id,
                "family": ind.family,
                "name": ind.name.model_dump(),
                "direction": ind.direction,
                "transform": ind.transform.describe(),
                "value": {"low": v.low, "likely": v.likely, "high": v.high},
                "evidence": [
                    {
                        "id": e.id,
                        "event_date": e.event_date.isoformat(),
                        "value": e.value,
                        "grade": f"{e.reliability}{e.credibility}",
                        "sources": e.sources,
                    }
                    for e in items
                ],
            }
        )
    if fmt == "json":
        print(dump_json({"as_of": when.isoformat(), "indicators": rows}), end="")
        return
    table = Table(title=f"{a.title.get(lang)} — {when}", title_justify="left")
    for col in ("id", "family", "indicator", "transform", "dir", "value (low–high)", "evidence"):
        table.add_column(col)
    for ind, row in zip(a.indicators, rows, strict=True):
        given = row["value"]
        value = f"{given['likely']:g} ({given['low']:g}–{given['high']:g})"
        ev = (
            "; ".join(
                f"{e['event_date']} {e['grade']} {' '.join(e['sources'])}" for e in row["evidence"]
            )
            or "—"
        )
        table.add_row(
            ind.id, ind.family, ind.name.get(lang), row["transform"], ind.direction, value, ev
        )
    print(render(table, width=180), end="")
