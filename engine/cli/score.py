"""`taqdir score`: score the scenarios of an assessment."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

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
    typed,
)
from engine.cli.root import app
from indicators.errors import InputError

if TYPE_CHECKING:  # engine.score is imported when the command runs, not at start-up
    from engine.compare import ProfileGrid
    from engine.score import ScoreResult

FORMATS = ("table", "json", "csv")


def check_sampling_options(ctx: typer.Context, samples: int) -> None:
    """InputError for --seed or --concentration given without --samples: the scores are then
    exact, and the option would be ignored in silence."""
    if samples:
        return
    for name in ("seed", "concentration"):
        if typed(ctx, name):
            raise InputError(
                f"--{name} applies only with --samples N (Monte Carlo); without it the scores "
                f"are exact. Add --samples or leave --{name} out.",
                kind="conflict",
                parts={"case": "needs_samples", "option": f"--{name}"},
            )


@app.command()
def score(
    ctx: typer.Context,
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
    every_profile: Annotated[
        bool,
        typer.Option(
            "--every-profile",
            help="Each scenario's rank, score and tier under every profile of the file (the "
            "weights as set first): which lens changes the call. Table or csv.",
        ),
    ] = False,
    lang: LangOpt = "en",
    output: OutputOpt = None,
) -> None:
    """Score every scenario: score, depth tier, rank and the largest contributions."""
    from engine import score as run_score

    check_choice(fmt, FORMATS, "--format")
    check_lang(lang)
    check_sampling_options(ctx, samples)
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
    if every_profile and fmt == "json":
        raise InputError(
            "--every-profile: a table or csv (--format csv); the JSON form is not there yet.",
            kind="conflict",
            parts={"case": "every_profile_json"},
        )
    result = run_score(a, request)
    if every_profile:
        from engine.compare import every_profile as grid_of

        grid = grid_of(result)
        emit(profiles_csv(grid) if fmt == "csv" else profiles_table(grid, lang), output)
    elif fmt == "json":
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
    import csv

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


AS_SET = {"en": "Weights as set", "ar": "الأوزان المضبوطة"}
SPLIT = {
    "en": "The lens decides the rank or tier of: {names}.",
    "ar": "تحسم زاوية النظر مرتبة أو مستوى: {names}.",
}
SAME = {
    "en": "Every profile gives each scenario the same rank and tier.",
    "ar": "تعطي كل الملفات الترجيحية كل سيناريو المرتبة والمستوى نفسيهما.",
}


def _profile_names(grid: ProfileGrid, lang: str) -> list[str]:
    a = grid.result.assessment
    return [AS_SET[lang]] + [a.profile(p).name.get(lang) for p in grid.profile_ids[1:]]


def profiles_table(grid: ProfileGrid, lang: str) -> str:
    """Scenarios down, the weights as set and every profile across: rank, score and tier."""
    from rich.table import Table

    from engine.cli.tables import label, render
    from indicators.bidi import isolate

    a = grid.result.assessment
    names = [a.scenario(sid).name.get(lang) for sid in grid.scenario_ids]
    split = grid.split()
    sep = "، " if lang == "ar" else ", "
    caption = SPLIT[lang].format(names=sep.join(names[s] for s in split)) if split else SAME[lang]
    title = (
        f"{a.title.get(lang)} — {label('method', lang)}: {grid.result.method}, "
        f"{label('as_of', lang)}: {isolate(grid.result.as_of.isoformat(), lang)}"
    )
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    table.add_column(label("scenario", lang))
    for name in _profile_names(grid, lang):
        table.add_column(name)
    for s in sorted(range(len(names)), key=lambda s: (grid.ranks[0, s], s)):
        cells = [
            isolate(f"#{int(grid.ranks[p, s])} {grid.scores[p, s]:.1f}", lang)
            + " "
            + a.tiers[int(grid.tier_index[p, s])].name.get(lang)
            for p in range(len(grid.profile_ids))
        ]
        table.add_row(names[s], *cells)
    return render(table)


def profiles_csv(grid: ProfileGrid) -> str:
    """One row per profile and scenario (the weights as set have an empty profile id)."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["profile", "as_set", "scenario", "score", "rank", "tier"])
    tiers = [t.id for t in grid.result.assessment.tiers]
    for p, pid in enumerate(grid.profile_ids):
        for s, sid in enumerate(grid.scenario_ids):
            writer.writerow(
                [
                    pid,
                    "true" if p == 0 else "false",
                    sid,
                    f"{grid.scores[p, s]:.6f}",
                    int(grid.ranks[p, s]),
                    tiers[int(grid.tier_index[p, s])],
                ]
            )
    return buf.getvalue()
