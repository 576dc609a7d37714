"""`taqdir weights ahp|rank|swing FILE`: weights from judgements, written as a profile."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli.common import LangOpt, check_choice, check_lang, dump_json, emit
from engine.cli.root import app
from indicators.errors import InputError

if TYPE_CHECKING:  # the command imports these lazily, to keep the CLI's start-up light
    from scenarios.elicitation import AhpInput, RankInput, SwingInput

KINDS = ("ahp", "rank", "swing")
FORMATS = ("table", "json")


@app.command()
def weights(
    kind: Annotated[str, typer.Argument(help="ahp, rank or swing.", show_default=False)],
    file: Annotated[
        Path,
        typer.Argument(
            help="The judgements (YAML or JSON): ahp `items` + `matrix`; rank `ranking`; "
            "swing `points`. Optional: `within: FAMILY`, `id`, `name`.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a weighting profile here (YAML, atomically), for `taqdir score "
            "--weights FILE`.",
        ),
    ] = None,
    assessment: Annotated[
        Path | None,
        typer.Option(
            "--assessment",
            "-a",
            help="The assessment the profile is for (default: the built-in one).",
        ),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar="PROFILE",
            help="Profile that supplies the weights the judgements leave out (family weights "
            "for `within`, shares otherwise). Default: the assessment's default profile.",
        ),
    ] = None,
    random_index: Annotated[
        str,
        typer.Option(
            "--random-index",
            help="AHP random-index table: saaty1980 (n ≤ 10) or alonso_lamata2006 (n ≤ 15).",
        ),
    ] = "saaty1980",
    rank_method: Annotated[
        str, typer.Option("--rank-method", help="Rank weights: roc (centroid) or rank_sum.")
    ] = "roc",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    lang: LangOpt = "en",
) -> None:
    """Weights from pairwise comparisons (AHP), a ranking or swing points; with -o, a
    weighting profile the other commands use."""
    import sys

    from engine import robust
    from indicators.validate import load_model
    from scenarios.elicitation import AhpInput, RankInput, SwingInput

    check_choice(kind, KINDS, "KIND")
    check_choice(fmt, FORMATS, "--format")
    check_choice(random_index, tuple(robust.RANDOM_INDEX_TABLES), "--random-index")
    check_choice(rank_method, tuple(robust.RANK_METHODS), "--rank-method")
    check_lang(lang)
    spec: AhpInput | RankInput | SwingInput
    if kind == "ahp":
        spec = load_model(file, AhpInput)
    elif kind == "rank":
        spec = load_model(file, RankInput)
    else:
        spec = load_model(file, SwingInput)
    if isinstance(spec, AhpInput):
        try:
            result = robust.ahp(spec.values(), spec.items, random_index)
        except InputError as exc:  # name the file the matrix came from
            raise type(exc)(f"{file}: {exc}") from None
        data = result.to_json()
        for warning in result.warnings:
            print(f"taqdir: warning: {warning[lang]}", file=sys.stderr)
    elif isinstance(spec, RankInput):
        groups = spec.groups()
        items = [x for g in groups for x in g]
        positions = [[items.index(x) for x in g] for g in groups]
        w = robust.RANK_METHODS[rank_method](positions)
        data = {"method": rank_method, "weights": dict(zip(items, w.tolist(), strict=True))}
    else:
        items = list(spec.points)
        w = robust.swing([spec.points[x] for x in items])
        data = {"method": "swing", "weights": dict(zip(items, w.tolist(), strict=True))}
    if spec.within:
        data["within"] = spec.within
    # With an assessment given, the names are checked against it whether or not a profile
    # is written; without one (and without -o) the items are free labels.
    if output is not None or assessment is not None:
        profile = build_profile(kind, file, spec, data["weights"], assessment, base)
    if output is not None:
        data["profile"] = profile
        from indicators.files import write_text_atomic

        write_text_atomic(output, profile_yaml(profile, kind, file))
        print(f"wrote weighting profile {profile['id']!r} to {output}", file=sys.stderr)
    if fmt == "json":
        from engine import engine_version
        from engine.cli.common import content_hash

        data["input_hash"] = content_hash(spec)
        data["engine_version"] = engine_version()
        emit(dump_json(data), None)
    else:
        from engine.cli.robust_tables import weights_table

        emit(weights_table(data, lang), None)


NAMES = {
    "ahp": ("AHP weights from {}", "أوزان التحليل الهرمي (AHP) من {}"),
    "rank": ("Rank weights from {}", "أوزان الترتيب من {}"),
    "swing": ("Swing weights from {}", "أوزان التأرجح من {}"),
}


def _profile_id(spec: AhpInput | RankInput | SwingInput, file: Path) -> str:
    if spec.id:
        return spec.id
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", file.stem)
    return stem if stem[:1].isalpha() else f"w_{stem}"


def build_profile(
    kind: str,
    file: Path,
    spec: AhpInput | RankInput | SwingInput,
    weights: Mapping[str, float],
    assessment_path: Path | None,
    base: str | None,
) -> dict[str, Any]:
    """The elicited weights as a profile of the assessment (checked against it), as data."""
    from engine import resolve_profile
    from engine.cli.common import load_assessment_arg
    from indicators.errors import UnknownNameError
    from scenarios.model import Profile, profile_problems

    a = load_assessment_arg(assessment_path)
    start = resolve_profile(a, base)
    families = dict(start.families)
    shares = dict(start.indicators)
    fams = [f.id for f in a.families]
    if spec.within is None:
        unknown = [x for x in weights if x not in fams]
        missing = [f for f in fams if f not in weights]
        if unknown or missing:
            raise InputError(
                f"{file}: the items must be the families of assessment {a.id!r} "
                f"({', '.join(fams)})"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                + (f"; missing: {', '.join(missing)}" if missing else "")
                + ". For indicators of one family, add `within: FAMILY`.",
                kind="items_not_families",
                parts={
                    "file": str(file),
                    "assessment": a.id,
                    "known": list(fams),
                    "unknown": list(unknown),
                    "missing": list(missing),
                },
            )
        families = dict(weights)
    else:
        if spec.within not in fams:
            raise UnknownNameError(
                f"{file}: within: no family {spec.within!r} in assessment {a.id!r}; "
                f"families: {', '.join(fams)}.",
                kind="unknown",
                parts={
                    "what": "family",
                    "where": str(file),
                    "option": "within:",
                    "value": spec.within,
                    "assessment": a.id,
                    "known": list(fams),
                },
            )
        members = [i.id for i in a.indicators if i.family == spec.within]
        if sorted(weights) != sorted(members):
            raise InputError(
                f"{file}: the items must be the indicators of family {spec.within!r}: "
                f"{', '.join(members)} (got {', '.join(weights)}).",
                kind="items_not_indicators",
                parts={
                    "file": str(file),
                    "family": spec.within,
                    "known": list(members),
                    "got": list(weights),
                },
            )
        shares.update(weights)
    en, ar = NAMES[kind]
    data: dict[str, Any] = {
        "id": _profile_id(spec, file),
        "name": spec.name.model_dump()
        if spec.name
        else {"en": en.format(file.name), "ar": ar.format(file.name)},
        **({"description": spec.description.model_dump()} if spec.description else {}),
        "families": families,
        "indicators": shares,
    }
    profile = Profile.model_validate(data)
    problems = profile_problems(a, profile, ())
    if problems:
        raise InputError(
            f"{file}: " + "; ".join(p.message for p in problems),
            kind="profile_problems",
            parts={"file": str(file), "problems": list(problems)},
        )
    return data


def profile_yaml(profile: dict[str, Any], kind: str, file: Path) -> str:
    import yaml

    head = f"# Weighting profile written by `taqdir weights {kind} {file.name}`.\n"
    return head + yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)
