"""`taqdir evidence add FILE …`: append one evidence item, validated, atomically, recorded.

The new item is checked with the whole file by the same validator as `taqdir validate`; a
problem names the option that gave the field (`--value`, `--grade`, …) and nothing is
written. The file is saved in the canonical layout only if it did not change since it was
read, and the save is recorded as a version (`taqdir history FILE`).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli.common import LangOpt, check_lang, parse_date
from engine.cli.lazy_params import TaqdirGroup
from engine.cli.root import app
from indicators.bidi import isolate
from indicators.errors import FileError, InputError, Problem

if TYPE_CHECKING:
    from indicators.model import Prose, RawValue
    from scenarios.model import Assessment

evidence_app = typer.Typer(
    name="evidence",
    help="Add dated evidence to an assessment file from the command line.",
    no_args_is_help=True,
    cls=TaqdirGroup,
)
app.add_typer(evidence_app)

OPTION_OF_FIELD = {
    "id": "--id",
    "indicator": "--indicator",
    "event_date": "--date",
    "story_date": "--known",
    "value": "--value",
    "low": "--low",
    "high": "--high",
    "reliability": "--grade",
    "credibility": "--grade",
    "sources": "--cite",
    "url": "--url",
    "summary": "--summary",
    "note": "--note",
}
"""Which option set each evidence field, to name it in a problem."""

GRADE = re.compile(r"^([A-Fa-f])([1-6])$")

WORDS = {
    "added": {
        "en": "{file}: evidence {id} added ({indicator} = {value}, {date}, {grade}), "
        "recorded as {v}.",
        "ar": "{file}: أُضيف الدليل {id} ({indicator} = {value}، {date}، {grade}) وسُجِّل نسخةً {v}.",
    },
}


def raw_value(text: str | None) -> RawValue | None:
    """An option's raw value: a number when it reads as one, else a level id."""
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    return number if math.isfinite(number) else text


def parse_grade(text: str) -> tuple[str, int]:
    found = GRADE.match(text.strip())
    if found is None:
        raise InputError(
            f"--grade {text!r}: write the source reliability A–F then the information "
            "credibility 1–6, e.g. B2 (F and 6: cannot be judged).",
            kind="bad_form",
            parts={"option": "--grade", "value": text, "form": "grade"},
        )
    return found[1].upper(), int(found[2])


def _citation(a: Assessment, cite: str) -> tuple[list[str], dict[str, Prose]]:
    """The item's `sources` and the file's footnotes after adding this citation.

    A file that lists footnotes cites them by key: `--cite [2]` uses an existing one, any other
    text becomes a new footnote `[n]`. A file without footnotes cites freely. The link
    (`--url`) is the item's own `url` field, not part of the citation."""
    footnotes = dict(a.source.footnotes) if a.source is not None else {}
    text = cite.strip()
    if not footnotes:
        return [text], footnotes
    if text in footnotes:
        return [text], footnotes
    n = len(footnotes) + 1
    while f"[{n}]" in footnotes:
        n += 1
    footnotes[f"[{n}]"] = text
    return [f"[{n}]"], footnotes


def _fresh_id(a: Assessment, indicator: str, when: str) -> str:
    taken = {e.id for e in a.evidence}
    base = f"ev-{indicator}-{when}"
    n, out = 1, base
    while out in taken:
        n += 1
        out = f"{base}-{n}"
    return out


def _named(problem: Problem, n: int) -> Problem:
    """The problem with the option that gave the field named first."""
    loc = problem.loc
    option = None
    if len(loc) >= 3 and loc[:2] == ("evidence", n):
        option = OPTION_OF_FIELD.get(str(loc[2]))
    elif loc[:2] == ("evidence", n) and "story_date" in problem.message:
        option = "--known/--date"
    elif loc[:2] == ("evidence", n) and "range" in problem.message:
        option = "--low/--value/--high"
    elif loc[:2] == ("source", "footnotes"):
        option = "--cite"
    if option is None:
        return problem
    return Problem(
        loc,
        f"{option}: {problem.message}",
        problem.hint,
        problem.line,
        problem.kind,
        {**problem.args, "option": option},
    )


def with_item(
    a: Assessment, item: dict[str, Any], footnotes: dict[str, Prose], path: str
) -> Assessment:
    """The assessment with `item` appended, validated as a whole like a file; problems name
    the option behind each field."""
    from indicators.validate import validate_data
    from scenarios.model import Assessment
    from scenarios.writer import plain

    data = plain(a)
    data["evidence"] = [*data.get("evidence", []), item]
    if footnotes:
        kept = {k: v if isinstance(v, str) else v.model_dump() for k, v in footnotes.items()}
        data["source"] = {**data.get("source", {}), "footnotes": kept}
    n = len(data["evidence"]) - 1
    try:
        return validate_data(data, Assessment, path)
    except FileError as exc:
        raise FileError(path, [_named(p, n) for p in exc.problems]) from None


@evidence_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="The assessment file.", show_default=False)],
    indicator: Annotated[str, typer.Option("--indicator", help="The indicator it observes.")],
    value: Annotated[str, typer.Option("--value", help="The raw value: a number or a level id.")],
    when: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="When it happened.")],
    grade: Annotated[
        str, typer.Option("--grade", help="Source reliability A–F and credibility 1–6, e.g. B2.")
    ],
    cite: Annotated[
        str, typer.Option("--cite", help="Citation: a footnote key of the file, or its text.")
    ],
    low: Annotated[str | None, typer.Option("--low", help="Low end of the value's range.")] = None,
    high: Annotated[str | None, typer.Option("--high", help="High end of the range.")] = None,
    known: Annotated[
        str | None,
        typer.Option(
            "--known", metavar="YYYY-MM-DD", help="When it became known (default: --date)."
        ),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Link to the source.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="The analyst's note.")] = None,
    summary: Annotated[
        str | None,
        typer.Option("--summary", help="What happened (English). Default: indicator = value."),
    ] = None,
    summary_ar: Annotated[
        str | None,
        typer.Option("--summary-ar", help="What happened (Arabic). Default: indicator = value."),
    ] = None,
    item_id: Annotated[
        str | None, typer.Option("--id", help="The item's id (default: made up).")
    ] = None,
    lang: LangOpt = "en",
) -> None:
    """Append one evidence item to FILE (validated with the whole file, atomic, recorded)."""
    from engine.versions import save_assessment
    from scenarios.writer import read_with_hash

    check_lang(lang)
    reliability, credibility = parse_grade(grade)
    event = parse_date(when, "--date")
    story = parse_date(known, "--known")
    assert event is not None
    a, digest = read_with_hash(file)
    raw = raw_value(value)
    ind = next((i for i in a.indicators if i.id == indicator), None)
    shown = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    sources, footnotes = _citation(a, cite)
    item: dict[str, Any] = {
        "id": item_id or _fresh_id(a, indicator, event.isoformat()),
        "indicator": indicator,
        "event_date": event,
        "value": raw,
        "reliability": reliability,
        "credibility": credibility,
        "sources": sources,
        "summary": {
            "en": summary or f"{ind.name.en if ind else indicator}: {shown}",
            "ar": summary_ar or f"{ind.name.ar if ind else indicator}: {shown}",
        },
    }
    for key, given in (("story_date", story), ("low", raw_value(low)), ("high", raw_value(high))):
        if given is not None:
            item[key] = given
    if url is not None:
        item["url"] = url.strip()
    if note:
        item["note"] = note
    updated = with_item(a, item, footnotes, str(file))
    version = save_assessment(
        file, updated, note=f"evidence {item['id']} added", expected_hash=digest
    )

    def iso(text: str) -> str:
        return isolate(text, lang)

    print(
        WORDS["added"][lang].format(
            file=iso(str(file)),
            id=iso(item["id"]),
            indicator=iso(indicator),
            value=iso(shown),
            date=iso(event.isoformat()),
            grade=iso(f"{reliability}{credibility}"),
            v=iso(version.label),
        )
    )
