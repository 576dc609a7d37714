"""`taqdir score`: score the scenarios of an assessment."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from engine.cli import app
from engine.cli.common import (
    AsOfOpt,
    ConcentrationOpt,
    FileArg,
    LangOpt,
    MethodOpt,
    OutputOpt,
    SamplesOpt,
    SeedOpt,
    SetWeightOpt,
    WeightsOpt,
    check_choice,
    check_lang,
    dump_json,
    emit,
    load_assessment_arg,
    scoring_request,
)

if TYPE_CHECKING:  # engine.score is imported when the command runs, not at start-up
    from engine.score import ScoreResult

FORMATS = ("table", "json", "csv")


@app.command()
def score(
    file: FileArg = None,
    method: MethodOpt = None,
    weights: WeightsOpt = None,
    set_weight: SetWeightOpt = None,
    as_of: AsOfOpt = None,
    samples: SamplesOpt = 0,
    seed: SeedOpt = None,
    concentration: ConcentrationOpt = "100",
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Score only this scenario. Repeatable."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    lang: LangOpt = "en",
    output: OutputOpt = None,
) -> None:
    """Score every scenario: score, depth tier, rank and the largest contributions."""
    from engine import score as run_score

    check_choice(fmt, FORMATS, "--format")
    check_lang(lang)
    a = load_assessment_arg(file)
    request = scoring_request(
        a,
        weights=weights,
        set_weight=set_weight,
        method=method,
        as_of=as_of,
        scenarios=scenario,
        samples=samples,
        seed=seed,
        concentration=concentration,
    )
    result = run_score(a, request)
    if fmt == "json":
        emit(dump_json(result.to_json()), output)
    elif fmt == "csv":
        emit(to_csv(result), output)
    else:
        from engine.cli.tables import score_table

        all_ranks = None
        if scenario:  # the rank among all the file's scenarios, not only those chosen
            everyone = run_score(a, replace(request, scenarios=None, samples=0))
            all_ranks = {
                sid: int(r) for sid, r in zip(everyone.scenario_ids, everyone.ranks, strict=True)
            }
        emit(score_table(result, lang, all_ranks=all_ranks), output)


def to_csv(result: ScoreResult) -> str:
    """One row per scenario; contributions and families as columns."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = ["scenario", "score", "tier", "rank"]
    head += [f"contribution.{k}" for k in result.indicator_ids]
    head += [f"family.{f}" for f in result.family_ids]
    u = result.uncertainty
    if u is not None:
        head += ["mean", "p05", "p50", "p95"]
        head += [f"p_tier.{t.id}" for t in result.assessment.tiers]
    writer.writerow(head)
    for s, sid in enumerate(result.scenario_ids):
        row = [sid, f"{result.scores[s]:.6f}", result.tier_ids[s], int(result.ranks[s])]
        row += [f"{v:.6f}" for v in result.contributions[s]]
        row += [f"{v:.6f}" for v in result.family_contributions[s]]
        if u is not None:
            row += [f"{getattr(u, n)[s]:.6f}" for n in ("mean", "p05", "p50", "p95")]
            row += [f"{p:.6f}" for p in u.tier_probabilities[s]]
        writer.writerow(row)
    return buf.getvalue()
