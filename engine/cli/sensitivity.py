"""`taqdir sensitivity`: how robust the call is (stability, tornado, Sobol, SMAA, diagnostics)."""

from __future__ import annotations

from typing import Annotated

import typer

from engine.cli.common import (
    AsOfOpt,
    ConcentrationOpt,
    FileArg,
    LangOpt,
    OutputOpt,
    SeedOpt,
    SetWeightOpt,
    WeightsOpt,
    check_choice,
    check_lang,
    dump_json,
    emit,
    load_assessment_arg,
    parse_concentration,
    scoring_request,
    typed,
)
from engine.cli.root import app
from engine.request import check_samples
from indicators.errors import InputError

KINDS = ("stability", "tornado", "sobol", "smaa", "diagnostics")
# The options that only some kinds read: given to another kind, they would be ignored in
# silence, so they are refused with the kinds that take them.
APPLIES = {
    "scenario": ("stability", "tornado", "sobol", "diagnostics"),
    "samples": ("sobol", "smaa", "diagnostics"),
    "seed": ("sobol", "smaa", "diagnostics"),
    "weight_model": ("smaa", "diagnostics"),
    "concentration": ("smaa", "diagnostics"),
    "step": ("tornado", "sobol"),
    "yardstick": ("smaa",),
}
FORMATS = ("table", "json")
DEFAULT_SAMPLES = {"smaa": 100_000, "sobol": 4096, "diagnostics": 20_000}


def check_applies(ctx: typer.Context, kind: str) -> None:
    """InputError for an option given on the command line that `kind` does not read."""
    for name, kinds in APPLIES.items():
        if kind not in kinds and typed(ctx, name):
            option = "--" + name.replace("_", "-")
            raise InputError(
                f"{option} does not apply to --kind {kind}; it is read by "
                f"{', '.join(kinds)}. Leave it out or choose one of those kinds.",
                kind="conflict",
                parts={
                    "case": "option_not_for_kind",
                    "option": option,
                    "kind": kind,
                    "kinds": list(kinds),
                },
            )


@app.command()
def sensitivity(
    ctx: typer.Context,
    file: FileArg = None,
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="stability, tornado, sobol, smaa or diagnostics.")
    ] = "stability",
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Focus scenario: tier changes of it (stability), the one shown (tornado, "
            "sobol) or examined (diagnostics; default the baseline).",
        ),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            "-m",
            help="arithmetic, geometric, topsis, or a relative ranking: topsis_vector, "
            "vikor, wsm_minmax, wpm_minmax (no tiers; on the indicators' intensities, not raw "
            "values: see taqdir mcda). Default: the file's.",
        ),
    ] = None,
    weights: WeightsOpt = None,
    set_weight: SetWeightOpt = None,
    as_of: AsOfOpt = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            min=0,
            help="Monte Carlo samples (smaa 100000, diagnostics 20000) or Sobol base samples "
            "(a power of two, 4096). 0: the kind's default.",
        ),
    ] = 0,
    seed: SeedOpt = None,
    weight_model: Annotated[
        str,
        typer.Option(
            "--weight-model",
            metavar="MODEL",
            help="How weights are sampled (smaa, diagnostics): 'profile' (Dirichlet around "
            "the profile, see --concentration), 'uniform' (nothing known: uniform over the "
            "family-weight simplex) or a file with a ranking or intervals.",
        ),
    ] = "profile",
    concentration: ConcentrationOpt = "100",
    step: Annotated[
        float,
        typer.Option(
            "--step", help="How far each weight moves (tornado: ±step; sobol: uniform ±step)."
        ),
    ] = 0.1,
    yardstick: Annotated[
        str, typer.Option("--yardstick", help="Words for probabilities: icd203 or phia.")
    ] = "icd203",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    lang: LangOpt = "en",
    output: OutputOpt = None,
) -> None:
    """How robust the call is: weight-stability intervals, tornado swings, Sobol indices,
    SMAA-2 acceptabilities (tier probabilities in words) and evidence diagnostics."""
    from engine import robust
    from engine.cli import robust_tables as tables
    from engine.robust import yardstick_ids

    check_choice(kind, KINDS, "--kind")
    check_applies(ctx, kind)
    check_choice(fmt, FORMATS, "--format")
    check_choice(yardstick, tuple(yardstick_ids()), "--yardstick")
    check_lang(lang)
    if not 0 < step < 1:
        raise InputError(
            f"--step {step:g}: expected a weight change between 0 and 1, e.g. 0.1.",
            kind="bad_form",
            parts={"option": "--step", "value": f"{step:g}", "form": "weight_step"},
        )
    a = load_assessment_arg(file)
    request = scoring_request(
        a,
        weights=weights,
        set_weight=set_weight,
        method=method,
        as_of=as_of,
        methods=robust.ALL_METHODS,
    )
    st = robust.prepare(a, request)
    focus = st.index(scenario) if scenario is not None else None
    n = samples or DEFAULT_SAMPLES.get(kind, 0)
    check_samples(n, len(st.ids))
    if kind == "sobol" and n & (n - 1):
        up = 1 << (n - 1).bit_length()
        raise InputError(
            f"--samples {n:,}: Sobol' base samples must be a power of two (the sequence's "
            f"balance needs it); use {up >> 1:,} or {up:,}.",
            kind="bad_form",
            parts={
                "option": "--samples",
                "value": f"{n:,}",
                "form": "power_of_two",
                "down": f"{up >> 1:,}",
                "up": f"{up:,}",
            },
        )
    if kind == "stability":
        data = robust.stability(st, [scenario] if scenario else None).to_json()
        table = tables.stability_table
    elif kind == "smaa":
        model = robust.weight_model(st, weight_model, parse_concentration(concentration))
        result = robust.acceptability(st, model, samples=n, seed=seed, yardstick=yardstick)
        data = result.to_json()
        table = tables.smaa_table
    elif kind == "tornado":
        from engine.robust import tornado

        shown = [focus] if focus is not None else None
        if fmt == "table" and shown is None:
            shown = [st.baseline()]
        data = tornado(st, step).to_json(shown)
        table = tables.tornado_table
    elif kind == "sobol":
        import secrets

        from engine.robust import sobol

        shown = [focus] if focus is not None else None
        if fmt == "table" and shown is None:
            shown = [st.baseline()]
        used = seed if seed is not None else secrets.randbits(63)
        data = sobol(st, shown, step=step, n=n, seed=used).to_json()
        table = tables.sobol_table
    else:
        from engine.robust import diagnose as report

        model = robust.weight_model(st, weight_model, parse_concentration(concentration))
        target = focus if focus is not None else st.baseline()
        data = report(st, model, target, samples=n, seed=seed)
        table = tables.diagnostics_table
    if fmt == "json":
        emit(dump_json(data), output)
    else:
        emit(table(data, a, lang), output)
