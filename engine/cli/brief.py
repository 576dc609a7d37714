"""`taqdir brief`: publish the situation assessment itself, as HTML or PDF, in Arabic or English.

The document (`engine.report.brief`) is generated from the assessment and its scoring under the
options: bottom line in estimative words, context, indicators with their graded evidence and
numbered notes, scenarios, what changed since `--since` (an earlier date, or `FILE@vN`, a
version in the version store), what to watch, and the method annex. The output's suffix picks
the format: `.html` (self-contained, opens offline) or `.pdf` (printed by headless Chromium;
the `pdf` extra).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from engine.cli.common import (
    AsOfOpt,
    ConcentrationOpt,
    FileArg,
    LangOpt,
    MethodOpt,
    SamplesOpt,
    SeedOpt,
    SetWeightOpt,
    WeightsOpt,
    check_lang,
    example,
    load_assessment_arg,
    parse_date,
    scoring_request,
)
from engine.cli.root import app
from indicators.errors import InputError

if TYPE_CHECKING:
    from engine.report.brief_data import Earlier
    from scenarios.model import Assessment

FORMATS = (".html", ".htm", ".pdf")


def earlier_of(a: Assessment, since: str) -> Earlier:
    """`--since`: a date (the same file as of then) or `FILE@vN` (a saved version, scored as
    of its own date)."""
    from engine.report import Earlier

    if since[:1].isdigit() and "@" not in since:
        when = parse_date(since, "--since")
        assert when is not None
        return Earlier(a, when, when.isoformat())
    from engine import versions

    ref = versions.parse_ref(since)
    if ref is None:
        raise InputError(
            f"--since {since!r}: give a date (YYYY-MM-DD, e.g. 2025-03-01) or a saved version "
            "FILE@vN (e.g. case.yaml@v2; `taqdir versions FILE` lists them).",
            kind="bad_form",
            parts={"option": "--since", "value": since, "form": "since"},
        )
    old = versions.load_version(ref.path, ref.number)
    return Earlier(old, old.as_of, f"{ref.path.name}@v{ref.number} ({old.as_of.isoformat()})")


@app.command(
    epilog=example(
        "taqdir brief --as-of 2025-06-04 --since 2025-03-01 -o brief.html",
        "taqdir brief case.yaml --lang ar --weights security_lens -o brief-ar.pdf",
    )
)
def brief(
    file: FileArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="brief.html or brief.pdf: the suffix picks the format."
        ),
    ] = Path("brief.html"),
    lang: LangOpt = "en",
    method: MethodOpt = None,
    weights: WeightsOpt = None,
    set_weight: SetWeightOpt = None,
    as_of: AsOfOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE|FILE@vN",
            help="Say what changed since this date (the same file) or this saved version.",
        ),
    ] = None,
    samples: SamplesOpt = 10_000,
    seed: SeedOpt = 1,
    concentration: ConcentrationOpt = "100",
    yardstick: Annotated[
        str, typer.Option("--yardstick", help="Words for probabilities: icd203 or phia.")
    ] = "icd203",
) -> None:
    """Write the situation assessment as one self-contained document (HTML or PDF)."""
    from engine.report import brief_html, gather, html_to_pdf

    check_lang(lang)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"--output {str(output)!r}: end the name with .html or .pdf "
            "(the suffix picks the format).",
            kind="bad_form",
            parts={"option": "--output", "value": str(output), "form": "brief_output"},
        )
    if suffix == ".pdf":  # before any work: say at once when PDF cannot be made here
        from engine.report import pdf_missing, pdf_unavailable

        why = pdf_missing()
        if why is not None:
            raise pdf_unavailable(why, str(output))
    if samples < 1:
        raise InputError(
            "--samples: a brief needs at least 1 sample (tier probabilities).",
            kind="bad_form",
            parts={"option": "--samples", "form": "brief_samples"},
        )
    a = load_assessment_arg(file)
    request = scoring_request(
        a,
        weights=weights,
        set_weight=set_weight,
        method=method,
        as_of=as_of,
        samples=samples,
        seed=seed,
        concentration=concentration,
    )
    earlier = earlier_of(a, since) if since else None
    if earlier is not None and earlier.assessment is a and earlier.as_of >= request.as_of:
        raise InputError(
            f"--since {since}: give a date before the brief's date ({request.as_of.isoformat()}).",
            kind="since_after_brief",
            parts={"since": str(since), "date": request.as_of.isoformat()},
        )
    data = gather(a, request, yardstick=yardstick, earlier=earlier)
    command = ["taqdir", "brief", *([str(file)] if file else []), "--lang", lang]
    command += ["--method", request.method, "--as-of", request.as_of.isoformat()]
    command += ["--weights", weights] if weights else []
    for item in set_weight or []:
        command += ["--set-weight", item]
    command += ["--since", since] if since else []
    command += ["--samples", str(samples), "--seed", str(request.seed), "--yardstick", yardstick]
    command += ["--concentration", concentration, "-o", output.name]
    html = brief_html(data, lang, command=shlex.join(command))
    from indicators.files import write_atomic, write_text_atomic

    if suffix == ".pdf":
        pdf = html_to_pdf(html)
        write_atomic(output, lambda handle: handle.write(pdf), binary=True)
    else:
        write_text_atomic(output, html)
    print(f"wrote {output}", file=sys.stderr)
