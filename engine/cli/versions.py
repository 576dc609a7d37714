"""`taqdir history`, `taqdir diff` and `taqdir restore`: the recorded versions of a file.

Versions are recorded by every save taqdir makes (`taqdir new`, `taqdir evidence add`,
`taqdir restore`, the dashboard's editor) in the project's store (engine.versions).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli.common import LangOpt, check_choice, check_lang, dump_json
from engine.cli.root import app
from indicators.bidi import isolate
from indicators.errors import InputError

if TYPE_CHECKING:
    from engine.versions import AssessmentDiff, Version

FORMATS = ("table", "json")

WORDS = {
    "version": {"en": "Version", "ar": "النسخة"},
    "saved": {"en": "Saved (UTC)", "ar": "وقت الحفظ (UTC)"},
    "who": {"en": "Who", "ar": "مَن"},
    "note": {"en": "Note", "ar": "ملاحظة"},
    "hash": {"en": "Content hash", "ar": "بصمة المحتوى"},
    "history": {"en": "Versions of", "ar": "نسخ"},
    "none": {
        "en": "No version of {file} is recorded yet (versions are recorded when taqdir saves it).",
        "ar": "لا نسخ مسجَّلة بعد للملف {file} (تُسجَّل النسخ عندما يحفظه taqdir).",
    },
    "diff": {
        "en": "What changed in {file} from {a} to {b}",
        "ar": "ما تغيَّر في {file} من {a} إلى {b}",
    },
    "same": {
        "en": "No change: the two versions are the same assessment.",
        "ar": "لا تغيير: النسختان تقدير واحد.",
    },
    "added": {"en": "added", "ar": "أُضيف"},
    "removed": {"en": "removed", "ar": "حُذف"},
    "changed": {"en": "changed", "ar": "تغيَّر"},
    "reordered": {"en": "order changed", "ar": "تغيَّر الترتيب"},
    "restored": {
        "en": "{file}: {v} written back, recorded as {new}.",
        "ar": "{file}: أُعيدت النسخة {v} وسُجِّلت نسخةً جديدة {new}.",
    },
}


def word(key: str, lang: str, **values: str) -> str:
    """A message in the chosen language; in Arabic, inserted values (paths, versions, dates,
    numbers) are isolated left to right (`indicators.bidi.isolate`)."""
    values = {k: isolate(v, lang) for k, v in values.items()}
    return WORDS[key][lang].format(**values)


def parse_version(text: str, option: str) -> int:
    """`3` or `v3` as a version number."""
    raw = text.strip().lower().removeprefix("v")
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(
            f"{option} {text!r}: name a version as v3 (or 3); `taqdir history FILE` lists them.",
            kind="bad_form",
            parts={"option": option, "value": text, "form": "version"},
        )
    return int(raw)


FileArg = Annotated[Path, typer.Argument(help="The assessment file.", show_default=False)]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


@app.command()
def history(file: FileArg, lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """List the recorded versions of a file: number, time, who, note and content hash."""
    from rich.table import Table

    from engine.cli.tables import render
    from engine.versions import VersionStore, file_key

    check_lang(lang)
    check_choice(fmt, FORMATS, "--format")
    with VersionStore() as store:
        found = store.history(file)
    if fmt == "json":
        from engine import engine_version

        versions = [v.as_json() for v in found]
        print(
            dump_json(
                {"file": file_key(file), "versions": versions, "engine_version": engine_version()}
            )
        )
        return
    if not found:
        print(word("none", lang, file=str(file)))
        return
    table = Table(title=f"{WORDS['history'][lang]} {file}", title_justify="left")
    for key in ("version", "saved", "who", "note", "hash"):
        table.add_column(WORDS[key][lang], justify="right" if key == "version" else "left")
    for v in found:
        table.add_row(v.label, v.saved, v.who, v.note, v.hash[:12])
    print(render(table), end="")


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def _item(section: str, item: dict[str, Any], lang: str) -> str:
    """An added or removed item in a few words: evidence by indicator, value, date and grade;
    other items by id and name."""
    if section == "evidence":
        grade = f"{item.get('reliability', '')}{item.get('credibility', '')}"
        value = _value(item.get("value"))
        if "low" in item or "high" in item:
            value += f" [{_value(item.get('low'))}–{_value(item.get('high'))}]"
        return f"{item['id']}: {item['indicator']} = {value}, {item['event_date']}, {grade}"
    name = item.get("name")
    if isinstance(name, dict) and lang in name:
        return f"{item['id']} ({name[lang]})"
    return str(item.get("id", ""))


def diff_lines(d: AssessmentDiff, lang: str) -> list[str]:
    """The diff in the analyst's words, one line per added, removed or changed item/field."""
    from engine.versions import SECTION_NAMES

    lines: list[str] = []
    for s in d.sections:
        if s.empty:
            continue
        lines.append(f"{SECTION_NAMES[s.section][lang]}:")
        for item in s.added:
            lines.append(f"  + {WORDS['added'][lang]}: {_item(s.section, item, lang)}")
        for item in s.removed:
            lines.append(f"  - {WORDS['removed'][lang]}: {_item(s.section, item, lang)}")
        for change in s.changed:
            lines.append(f"  ~ {WORDS['changed'][lang]}: {change.id}")
            for f in change.fields:
                arrow = f"{_value(f.before)} → {_value(f.after)}"
                arrow = isolate(arrow, lang)
                lines.append(f"      {f.field}: {arrow}")
        if s.reordered:
            lines.append(f"  ↕ {WORDS['reordered'][lang]}")
    return lines


def diff_json(file: Path, a: Version, b: Version, d: AssessmentDiff) -> dict[str, Any]:
    """`taqdir diff --format json` (docs/contracts.md)."""
    from engine.versions import file_key

    return {"file": file_key(file), "from": a.as_json(), "to": b.as_json(), **d.as_json()}


@app.command()
def diff(
    file: FileArg,
    before: Annotated[
        str | None, typer.Option("--from", help="The older version (default: the previous).")
    ] = None,
    after: Annotated[
        str | None, typer.Option("--to", help="The newer version (default: the latest).")
    ] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """What changed between two versions of a file: evidence, indicators, weights, tiers,
    scenarios, title and date."""
    from engine.versions import diff_versions

    check_lang(lang)
    check_choice(fmt, FORMATS, "--format")
    a_num = parse_version(before, "--from") if before is not None else None
    b_num = parse_version(after, "--to") if after is not None else None
    va, vb, d = diff_versions(file, a_num, b_num)
    if fmt == "json":
        from engine import engine_version

        print(dump_json({**diff_json(file, va, vb, d), "engine_version": engine_version()}))
        return
    print(word("diff", lang, file=str(file), a=va.label, b=vb.label))
    lines = diff_lines(d, lang)
    print("\n".join(lines) if lines else word("same", lang))


@app.command()
def restore(
    file: FileArg,
    version: Annotated[str, typer.Argument(help="The version to write back, e.g. v3.")],
    lang: LangOpt = "en",
) -> None:
    """Write a recorded version back to the file (atomically); the restore is a new version."""
    from engine.versions import restore as restore_version

    check_lang(lang)
    number = parse_version(version, "VERSION")
    new = restore_version(file, number)
    print(word("restored", lang, file=str(file), v=f"v{number}", new=new.label))
