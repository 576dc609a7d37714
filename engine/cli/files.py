"""`taqdir validate`, `taqdir schema` and `taqdir indicators`: working with input files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

import typer

from engine.cli.common import (
    AsOfOpt,
    FileArg,
    LangOpt,
    check_choice,
    check_lang,
    example,
    parse_date,
)
from engine.cli.root import app
from indicators.bidi import isolate
from indicators.errors import InputError

if TYPE_CHECKING:  # imported lazily below, to keep the CLI's start-up light
    from pydantic import BaseModel

    from indicators.model import Indicator, RawValue

KINDS = ("assessment", "profile", "batch", "matrix")


def _model(kind: str) -> type[BaseModel]:
    """The model of an input kind (`kind` is checked first)."""
    from scenarios.batch import BatchFile
    from scenarios.matrix import DecisionMatrix
    from scenarios.model import Assessment, Profile

    models: dict[str, type[BaseModel]] = {
        "assessment": Assessment,
        "profile": Profile,
        "batch": BatchFile,
        "matrix": DecisionMatrix,
    }
    return models[kind]


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="The file to check (YAML or JSON).")],
    kind: Annotated[
        str, typer.Option("--kind", help="assessment, profile, batch or matrix (taqdir mcda).")
    ] = "assessment",
    lang: LangOpt = "en",
) -> None:
    """Check a file and say precisely what is wrong, or that it is valid (`--lang ar`: the
    problems in Arabic)."""
    from indicators.plurals import counted
    from indicators.validate import load_model
    from scenarios.model import Assessment, Profile

    check_lang(lang)
    check_choice(kind, KINDS, "--kind")
    if kind == "assessment":
        from indicators.files import read_document

        data, _ = read_document(file)
        looks = {"sweeps": "batch", "base": "batch", "alternatives": "matrix"}
        other = next((looks[k] for k in looks if isinstance(data, dict) and k in data), None)
        if other is not None:
            raise InputError(
                f"{file} looks like a {other} file, not an assessment: "
                f"run `taqdir validate --kind {other} {file}`.",
                kind="looks_like",
                parts={"file": str(file), "other": other},
            )
        model = load_model(file, Assessment)
        if lang == "ar":
            print(
                f"{isolate(str(file), lang)}: تقدير صالح {isolate(model.id, lang)}: "
                + "، ".join(
                    counted(len(items), noun, lang)
                    for noun, items in (
                        ("family", model.families),
                        ("indicator", model.indicators),
                        ("evidence item", model.evidence),
                        ("scenario", model.scenarios),
                        ("profile", model.profiles),
                        ("tier", model.tiers),
                    )
                )
                + "."
            )
            return
        print(
            f"{file}: valid assessment {model.id!r}: "
            + ", ".join(
                counted(len(items), noun)
                for noun, items in (
                    ("family", model.families),
                    ("indicator", model.indicators),
                    ("evidence item", model.evidence),
                    ("scenario", model.scenarios),
                    ("profile", model.profiles),
                    ("tier", model.tiers),
                )
            )
            + "."
        )
    elif kind == "batch":
        from scenarios.batch import load_batch

        loaded = load_batch(file)  # the batch, its assessment, and one against the other
        if lang == "ar":
            where = isolate(loaded.assessment_path, lang) if loaded.assessment_path else "المدمج"
            print(
                f"{isolate(str(file), lang)}: دفعة صالحة للتقدير "
                f"{isolate(loaded.assessment.id, lang)} ({where})."
            )
            return
        print(
            f"{file}: valid batch for assessment {loaded.assessment.id!r} "
            f"({loaded.assessment_path or 'built-in'})."
        )
    elif kind == "matrix":
        from scenarios.matrix import DecisionMatrix

        m = load_model(file, DecisionMatrix)
        if lang == "ar":
            print(
                f"{isolate(str(file), lang)}: مصفوفة قرار صالحة {isolate(m.id, lang)}: "
                f"المعايير {isolate(str(len(m.criteria)), lang)}، "
                f"البدائل {isolate(str(len(m.alternatives)), lang)}."
            )
            return
        print(
            f"{file}: valid decision matrix {m.id!r}: {len(m.criteria)} criteria, "
            f"{len(m.alternatives)} alternatives."
        )
    else:
        profile = load_model(file, Profile)
        if lang == "ar":
            check = isolate(f"taqdir score FILE --weights {file}", lang)
            print(
                f"{isolate(str(file), lang)}: ملف أوزان صالح {isolate(profile.id, lang)} "
                f"(افحصه مقابل تقدير بالأمر {check})."
            )
            return
        print(
            f"{file}: valid profile {profile.id!r} (check it against an assessment with "
            f"`taqdir score FILE --weights {file}`)."
        )


def _output_kinds() -> tuple[str, ...]:
    from engine.cli.schemas import output_kinds

    return output_kinds()


@app.command(
    epilog=example(
        "taqdir schema --kind assessment > assessment.schema.json",
        "taqdir schema --kind score   # what `taqdir score --format json` prints",
    )
)
def schema(
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help=f"An input ({', '.join(KINDS)}) or a command's JSON output: "
            f"{', '.join(_output_kinds())}.",
        ),
    ] = "assessment",
) -> None:
    """Print the JSON Schema of an input file (for editors that validate YAML/JSON) or of a
    command's `--format json` output (made from docs/contracts.md)."""
    from engine.cli.schemas import output_kinds, schema_for

    inputs = tuple(KINDS)
    check_choice(kind, inputs + output_kinds(), "--kind")
    data = _model(kind).model_json_schema() if kind in inputs else schema_for(kind)
    print(json.dumps(data, ensure_ascii=False, indent=2))


NO_EVIDENCE = {
    "en": "no evidence: when_no_evidence used",
    "ar": "لا أدلة: استُخدمت القيمة الافتراضية " + isolate("when_no_evidence", "ar"),
}
"""The flag on an indicator scored without evidence, in the `indicators` table."""


COLUMNS = {
    "id": {"en": "id", "ar": "المعرّف"},
    "family": {"en": "family", "ar": "الفئة"},
    "indicator": {"en": "indicator", "ar": "المؤشر"},
    "transform": {"en": "transform", "ar": "التحويل"},
    "dir": {"en": "dir", "ar": "الاتجاه"},
    "value": {"en": "value (low–high)", "ar": "القيمة (الأدنى–الأعلى)"},
    "evidence": {"en": "evidence", "ar": "الأدلة"},
}
"""The `indicators` table's column heads."""


def position_words(levels: list[str], x: float, lang: str) -> str:
    """An ordinal position in the analyst's words: the level's name, or, for a position
    between two levels (faded by a half-life, or an average), the lower level and how far
    towards the next: "Consulate, 19% of the way to Embassy"."""
    import math

    lo = max(0, min(len(levels) - 1, math.floor(x + 1e-9)))
    frac = x - lo
    if frac < 0.005 or lo + 1 >= len(levels):
        near = lo if frac < 0.5 else min(lo + 1, len(levels) - 1)
        return levels[near]
    if frac > 0.995:
        return levels[lo + 1]
    share = f"{frac:.0%}"
    if lang == "ar":
        return f"{levels[lo]}، و{isolate(share, lang)} من الطريق إلى {levels[lo + 1]}"
    return f"{levels[lo]}, {share} of the way to {levels[lo + 1]}"


def value_words(ind: Indicator, low: float, likely: float, high: float, lang: str) -> str:
    """The value an indicator takes, with its range, as an analyst says it: level names for
    ordinal indicators, numbers with their unit (in the right number) for the others."""
    import math

    from indicators.model import Ordinal
    from indicators.plurals import with_unit

    t = ind.transform
    if isinstance(t, Ordinal):
        names = [lv.name.get(lang) for lv in t.levels]
        words = position_words(names, likely, lang)
        if low == high == likely:
            return words
        lo = names[max(0, min(len(names) - 1, math.floor(low + 1e-9)))]
        hi = names[max(0, min(len(names) - 1, math.ceil(high - 1e-9)))]
        return words if lo == hi else f"{words} ({lo} – {hi})"
    number = f"{likely:.3g}" if low == high == likely else f"{likely:.3g} ({low:.3g}–{high:.3g})"
    if ind.unit is None:
        return number
    return with_unit(likely, ind.unit.get(lang), lang, number=number)


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
    source: str
    """`evidence`, or `default` when no evidence is known and `when_no_evidence` is used."""
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
                "source": "evidence" if items else "default",
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
        from engine.cli.common import stamp

        data = {"assessment": stamp(a), "as_of": when.isoformat(), "indicators": rows}
        print(dump_json(data), end="")
        return
    from engine.cli.common import terminal_width
    from engine.cli.tables import WIDE
    from indicators.plurals import counted

    narrow = terminal_width() < WIDE  # fewer columns: the id, transform and sources are in JSON
    shown = ("indicator", "value", "evidence") if narrow else tuple(COLUMNS)
    table = Table(title=f"{a.title.get(lang)} — {when}", title_justify="left")
    for col in shown:
        table.add_column(COLUMNS[col][lang], overflow="fold")
    for ind, row in zip(a.indicators, rows, strict=True):
        given = row["value"]
        value = value_words(ind, given["low"], given["likely"], given["high"], lang)
        if not row["evidence"]:
            ev = "— " + NO_EVIDENCE[lang]
        elif narrow:
            latest = max(e["event_date"] for e in row["evidence"])
            ev = f"{counted(len(row['evidence']), 'evidence item', lang)}, {latest}"
        else:
            ev = "; ".join(
                f"{e['event_date']} {e['grade']} {' '.join(e['sources'])}" for e in row["evidence"]
            )
        cells = {
            "id": ind.id,
            "family": ind.family,
            "indicator": ind.name.get(lang),
            "transform": row["transform"],
            "dir": ind.direction,
            "value": value,
            "evidence": ev,
        }
        table.add_row(*(cells[c] for c in shown))
    print(render(table), end="")
