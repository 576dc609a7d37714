"""`taqdir timeline`: a scenario rescored over time from the evidence known at each date."""

from __future__ import annotations

import csv
import io
import sys
from typing import Annotated, Any

import typer

from engine.cli.common import (
    FileArg,
    LangOpt,
    MethodOpt,
    OutputOpt,
    ReportOpt,
    SetWeightOpt,
    WeightsOpt,
    check_choice,
    check_lang,
    dump_json,
    emit,
    load_assessment_arg,
    parse_date,
    scoring_request,
)
from engine.cli.root import app
from indicators.bidi import isolate

FORMATS = ("table", "json", "csv")

WORDS = {
    "date": {"en": "Date", "ar": "التاريخ"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "tier": {"en": "Depth tier", "ar": "مستوى العمق"},
    "change": {"en": "Change", "ar": "التغير"},
    "new": {"en": "Newly known evidence", "ar": "أدلة عُرفت حديثًا"},
    "steps": {"en": "Dated steps", "ar": "الخطوات المؤرخة"},
    "tiers": {"en": "Tier changes", "ar": "تغيرات المستوى"},
    "none": {"en": "none in this range", "ar": "لا شيء في هذه الفترة"},
    "profile": {"en": "profile", "ar": "ملف الأوزان"},
    "step": {"en": "step", "ar": "الخطوة"},
    "coverage": {"en": "Evid.", "ar": "أدلة"},
    "coverage_note": {
        "en": "Evid.: the share of the weight resting on evidence that day (the rest on "
        "defaults, the when_no_evidence of indicators without evidence, and what-if values).",
        "ar": "أدلة: حصة الوزن القائمة على الأدلة في ذلك اليوم (والباقي على القيم الافتراضية، "
        f"أي {isolate('when_no_evidence', 'ar')} للمؤشرات بلا أدلة، وعلى قيم السيناريو).",
    },
}


def w(key: str, lang: str) -> str:
    return WORDS[key][lang]


@app.command()
def timeline(
    file: FileArg = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="YYYY-MM-DD",
            help="First date. Default: a month before the first evidence.",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM-DD", help="Last date. Default: the file's as_of."),
    ] = None,
    step: Annotated[
        str, typer.Option("--step", metavar="Nd|Nw|Nm", help="Grid of dates: 1w, 2w, 1m, 10d …")
    ] = "1w",
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Scenario to follow. Default: the baseline (the first from the evidence).",
        ),
    ] = None,
    weights: WeightsOpt = None,
    set_weight: SetWeightOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    lang: LangOpt = "en",
    report: ReportOpt = None,
    output: OutputOpt = None,
) -> None:
    """Follow a scenario over time: its score at each date from the evidence known then."""
    from engine.compare import timeline as run_timeline

    check_choice(fmt, FORMATS, "--format")
    check_lang(lang)
    a = load_assessment_arg(file)
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    request = scoring_request(
        a,
        weights=weights,
        set_weight=set_weight,
        method=method,
        scenarios=[scenario] if scenario else None,
    )
    t = run_timeline(a, request, start=first, end=last, step=step)
    if report is not None:
        from engine.report import timeline_report
        from indicators.files import write_text_atomic

        write_text_atomic(report, timeline_report(t))
        print(f"wrote {report}", file=sys.stderr)
    if fmt == "json":
        from engine.cli.common import stamp

        data = t.to_json()
        data["assessment"] = {**data["assessment"], **stamp(a)}  # + input hash, engine version
        emit(dump_json(data), output)
    elif fmt == "csv":
        emit(to_csv(t), output)
    else:
        emit(as_table(t, lang), output)


def to_csv(t: Any) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["date", "score", "tier", "on_grid", "new_evidence", "on_evidence"])
    for j, i in enumerate(t.points):
        tier = t.tier(t.tier_index[i]).id
        out.writerow(
            [
                t.days[i],
                f"{t.scores[i]:.6f}",
                tier,
                int(t.on_grid[j]),
                " ".join(t.new_on(i)),
                f"{t.coverage[i, 0]:.6f}",
            ]
        )
    return buf.getvalue()


def as_table(t: Any, lang: str = "en") -> str:
    """The points as a table, then the dated steps and the tier changes."""
    from rich.table import Table

    from engine.cli.tables import render
    from indicators.plurals import counted

    a = t.assessment
    title = (
        f"{a.title.get(lang)} — {a.scenario(t.scenario_id).name.get(lang)}; "
        f"{w('profile', lang)} {t.profile.id}, {t.method}; {t.start} → {t.end}, "
        f"{w('step', lang)} {t.step[0]}{t.step[1]}"
    )
    table = Table(title=title, title_justify="left")
    for col, right in (
        ("date", False),
        ("score", True),
        ("change", True),
        ("tier", False),
        ("coverage", True),
        ("new", False),
    ):
        table.add_column(w(col, lang), justify="right" if right else "left")
    steps = {s.date: s for s in t.steps if s.kind == "known"}
    prev = None
    for i in t.points:
        d = t.days[i]
        change = "" if prev is None else f"{t.scores[i] - t.scores[prev]:+.1f}"
        s = steps.get(d)
        new = (
            f"{t.step_label(s, lang)} ({counted(len(s.evidence), 'evidence item', lang)})"
            if s
            else ""
        )
        table.add_row(
            str(d),
            f"{t.scores[i]:.1f}",
            change,
            t.tier(t.tier_index[i]).name.get(lang),
            f"{100 * t.coverage[i, 0]:.0f}%",
            new,
        )
        prev = i
    lines = [render(table), w("coverage_note", lang), f"{w('steps', lang)}:"]
    for s in t.steps:
        grades = ", ".join(sorted({f"{e.reliability}{e.credibility}" for e in s.evidence}))
        refs = " ".join(sorted({r for e in s.evidence for r in e.sources}))
        items = counted(len(s.evidence), "evidence item", lang)
        lines.append(
            f"  {s.date}  {t.step_label(s, lang)}: {items} "
            f"[{grades}] {refs}  {s.score_before:.1f} → {s.score_after:.1f} ({s.delta:+.1f})"
        )
    if not t.steps:
        lines.append(f"  {w('none', lang)}")
    lines.append(f"{w('tiers', lang)}:")
    for d, t0, t1, s0, s1 in t.tier_changes:
        lines.append(
            f"  {d}  {t.tier(t0).name.get(lang)} → {t.tier(t1).name.get(lang)}"
            f"  ({s0:.1f} → {s1:.1f})"
        )
    if not t.tier_changes:
        lines.append(f"  {w('none', lang)}")
    from engine.cli.common import wrap

    return lines[0] + wrap("\n".join(lines[1:])) + "\n"  # the table fits already
