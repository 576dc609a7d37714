"""`taqdir mcda`: the classic MCDA methods on raw criterion values, as the literature states
them (benefit and cost criteria, the method's own normalisation over the alternatives).

The input is a decision matrix file (`scenarios.matrix.DecisionMatrix`), or an assessment:
then the alternatives are its scenarios, the criteria its indicators at their likely raw
values (an ordinal level as its position), a `-` indicator a cost, and the weights those of
the chosen profile. Unlike `sensitivity --method topsis_vector|vikor|...`, which ranks the
indicators' intensities (after the goalposts, a `-` indicator as 1 − x), this is the method
on the raw values, and it says so in its output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from engine.cli.common import (
    AsOfOpt,
    FileArg,
    LangOpt,
    OutputOpt,
    SetWeightOpt,
    WeightsOpt,
    check_choice,
    check_lang,
    dump_json,
    emit,
)
from engine.cli.root import app
from indicators.bidi import isolate
from indicators.errors import InputError

FORMATS = ("table", "json")
TITLES = {
    "topsis_vector": "TOPSIS (Hwang and Yoon 1981): vector normalisation, weights on the "
    "normalised matrix, closeness C to the ideal (higher is better)",
    "vikor": "VIKOR (Opricovic 1998; Opricovic and Tzeng 2004): group utility S, individual "
    "regret R, compromise index Q (lower is better)",
    "wsm_minmax": "WSM on min-max normalised values (higher is better)",
    "wsm_sum": "WSM on sum-normalised values (benefit x/Σx, cost (1/x)/Σ(1/x); higher is better)",
    "wpm_minmax": "WPM on min-max normalised values, worst floored at 0.001 (higher is better)",
    "wpm_ratio": "WPM, ratio form (Bridgman 1922; Triantaphyllou 2000): product of ratios "
    "(higher is better)",
    "waspas": "WASPAS (Zavadskas et al. 2012): Q = λ·WSM + (1 − λ)·WPM on ratio-normalised "
    "values (higher is better)",
}
TITLES_AR = {
    "topsis_vector": f"طريقة {isolate('TOPSIS', 'ar')} على القيم الخام (الأعلى أفضل)",
    "vikor": f"طريقة {isolate('VIKOR', 'ar')}: المنفعة {isolate('S', 'ar')} والندم "
    f"{isolate('R', 'ar')} ومؤشر التسوية {isolate('Q', 'ar')} (الأدنى أفضل)",
    "wsm_minmax": "المجموع الموزون على قيم مُطبَّعة بين الأدنى والأعلى (الأعلى أفضل)",
    "wsm_sum": "المجموع الموزون على قيم مُطبَّعة بالمجموع (الأعلى أفضل)",
    "wpm_minmax": "الجداء الموزون على قيم مُطبَّعة بين الأدنى والأعلى (الأعلى أفضل)",
    "wpm_ratio": "الجداء الموزون بصيغة النسب (الأعلى أفضل)",
    "waspas": f"طريقة {isolate('WASPAS', 'ar')} (الأعلى أفضل)",
}


def _from_file(file: Path | None) -> tuple[Any, str]:
    """The parsed document and its kind: `matrix` when it has `alternatives`, else
    `assessment` (None: the built-in assessment)."""
    if file is None:
        return None, "assessment"
    from indicators.files import read_document

    data, _ = read_document(file)
    kind = "matrix" if isinstance(data, dict) and "alternatives" in data else "assessment"
    return data, kind


def matrix_problem(
    file: Path | None,
    weights: str | None,
    set_weight: list[str] | None,
    as_of: str | None,
    scenario: list[str] | None,
) -> dict[str, Any]:
    """The decision problem: names, matrix `(S, K)`, weights `(K,)`, benefit mask, source."""
    import numpy as np

    _, kind = _from_file(file)
    if kind == "matrix":
        from engine.cli.common import content_hash
        from indicators.validate import load_model
        from scenarios.matrix import DecisionMatrix

        if weights or set_weight or as_of or scenario:
            raise InputError(
                "--weights, --set-weight, --as-of and --scenario apply to an assessment; "
                "a decision matrix file carries its own weights.",
                kind="conflict",
                parts={"case": "matrix_options"},
            )
        m = load_model(file, DecisionMatrix)  # type: ignore[arg-type]  # file is a Path here
        crit = [c.id for c in m.criteria]
        return {
            "input": "matrix",
            "input_hash": content_hash(m),
            "id": m.id,
            "source": m.source,
            "alternatives": [(alt.id, alt.name) for alt in m.alternatives],
            "criteria": crit,
            "x": np.array([[alt.values[c] for c in crit] for alt in m.alternatives]),
            "w": np.array([c.weight for c in m.criteria], dtype=np.float64),
            "benefit": np.array([c.type == "benefit" for c in m.criteria]),
        }
    from engine.cli.common import load_assessment_arg, scoring_request
    from engine.score import score

    a = load_assessment_arg(file)
    req = scoring_request(
        a, weights=weights, set_weight=set_weight, as_of=as_of, scenarios=scenario
    )
    r = score(a, req)
    return {
        "input": "assessment",
        "input_hash": r.input_hash,
        "id": a.id,
        "source": None,
        "alternatives": [(sid, a.scenario(sid).name) for sid in r.scenario_ids],
        "criteria": list(r.indicator_ids),
        "x": r.raw[1],
        "w": r.weights,
        "benefit": ~r.compiled.negative,
    }


@app.command()
def mcda(
    file: FileArg = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            help="topsis_vector, vikor, wsm_minmax, wsm_sum, wpm_minmax, wpm_ratio or waspas.",
        ),
    ] = "topsis_vector",
    v: Annotated[float, typer.Option("--v", help="VIKOR's strategy weight v in [0, 1].")] = 0.5,
    lam: Annotated[float, typer.Option("--lambda", help="WASPAS's λ in [0, 1].")] = 0.5,
    weights: WeightsOpt = None,
    set_weight: SetWeightOpt = None,
    as_of: AsOfOpt = None,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", "-s", help="Scenarios (assessment).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    lang: LangOpt = "en",
    output: OutputOpt = None,
) -> None:
    """Classic MCDA on raw criterion values with benefit/cost types, as published: a
    decision matrix file, or an assessment's scenarios on its indicators' raw values."""
    from engine.robust.classic import RAW_METHODS, evaluate, rank_of, vikor_compromise
    from engine.score import engine_version

    check_lang(lang)
    check_choice(fmt, FORMATS, "--format")
    check_choice(method, RAW_METHODS, "--method")
    for name, value in (("--v", v), ("--lambda", lam)):
        if not 0.0 <= value <= 1.0:
            raise InputError(
                f"{name} {value:g} must be in [0, 1].",
                kind="bad_form",
                parts={"option": name, "value": f"{value:g}", "form": "unit_interval"},
            )
    p = matrix_problem(file, weights, set_weight, as_of, scenario)
    w = p["w"] / p["w"].sum()
    try:
        cols, key, higher = evaluate(method, p["x"], w, p["benefit"], v=v, lam=lam)
    except ValueError as exc:  # e.g. ratio or sum normalisation of a value ≤ 0
        raise InputError(
            f"--method {method}: {exc}; every raw value must be > 0 for this method "
            "(use wsm_minmax, wpm_minmax, topsis_vector or vikor otherwise).",
            kind="raw_not_positive",
            parts={"method": method, "detail": str(exc)},
        ) from None
    ranks = rank_of(cols[key], higher)
    ids = [alt for alt, _ in p["alternatives"]]
    order = sorted(range(len(ids)), key=lambda i: (ranks[i], i))
    data: dict[str, Any] = {
        "kind": "mcda",
        "method": method,
        "description": TITLES[method],
        "input": p["input"],
        "input_hash": p["input_hash"],
        "engine_version": engine_version(),
        "id": p["id"],
        "source": p["source"],
        "values": "raw",
        "criteria": [
            {"id": c, "type": "benefit" if b else "cost", "weight": float(wk)}
            for c, b, wk in zip(p["criteria"], p["benefit"].tolist(), w, strict=True)
        ],
        "ranked_by": key,
        "higher_is_better": higher,
        "results": [
            {
                "alternative": ids[i],
                "rank": int(ranks[i]),
                **{name: float(col[i]) for name, col in cols.items()},
            }
            for i in order
        ],
    }
    if method == "vikor":
        data["v"] = v
        data["compromise"] = [ids[i] for i in vikor_compromise(cols["S"], cols["R"], cols["Q"])]
    if method == "waspas":
        data["lambda"] = lam
    if method == "wpm_ratio":
        wpm = cols["WPM"]
        data["ratios"] = {
            f"{ids[i]}/{ids[j]}": float(wpm[i] / wpm[j])
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
        }
    if fmt == "json":
        emit(dump_json(data), output)
        return
    emit(_table(data, p, lang), output)


def _table(data: dict[str, Any], p: dict[str, Any], lang: str) -> str:
    from rich.table import Table

    from engine.cli.tables import render

    names = {alt: (name.get(lang) if name is not None else alt) for alt, name in p["alternatives"]}
    title = (TITLES_AR if lang == "ar" else TITLES)[data["method"]]
    table = Table()
    head = {"rank": {"en": "Rank", "ar": "الترتيب"}, "alt": {"en": "Alternative", "ar": "البديل"}}
    table.add_column(head["rank"][lang], justify="right")
    table.add_column(head["alt"][lang])
    cols = [k for k in data["results"][0] if k not in ("alternative", "rank")]
    for c in cols:
        table.add_column(c, justify="right")
    for row in data["results"]:
        table.add_row(str(row["rank"]), names[row["alternative"]], *(f"{row[c]:.4f}" for c in cols))
    types = ", ".join(f"{c['id']} ({c['type']}, {c['weight']:.3g})" for c in data["criteria"])
    lines = [title + "\n", render(table)]
    raw = {
        "en": "On raw criterion values. Criteria (type, weight): ",
        "ar": "على القيم الخام للمعايير. المعايير (النوع، الوزن): ",
    }
    shown = isolate(types, lang)  # ids stay left to right
    lines.append(f"{raw[lang]}{shown}\n")
    if "compromise" in data:
        label = {"en": "Compromise set", "ar": "مجموعة التسوية"}[lang]
        lines.append(f"{label}: {', '.join(names[i] for i in data['compromise'])}\n")
    if "ratios" in data:
        label = {"en": "Ratios R(A/B)", "ar": "النسب"}[lang]
        shown = ", ".join(f"{k} = {r:.3f}" for k, r in data["ratios"].items())
        lines.append(f"{label}: {shown}\n")
    if data["source"]:
        lines.append(f"{data['source']}\n")
    return "".join(lines)
