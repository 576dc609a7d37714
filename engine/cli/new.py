"""`taqdir new FILE [--from builtin|OTHER]`: write a valid starting assessment file.

Blank, it is the smallest assessment that validates (one family, one indicator, a baseline
scenario, one profile, three tiers), dated today, for the analyst to fill in; `--from` copies
the built-in case or another file in the canonical layout. The file is written atomically and
its first version recorded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from engine.cli.common import LangOpt, check_lang
from engine.cli.root import app
from indicators.bidi import isolate
from indicators.errors import InputError

if TYPE_CHECKING:
    from scenarios.model import Assessment

WORDS = {
    "exists": {
        "en": "{file} already exists; nothing was written. Use --force to replace it (its "
        "current content is kept as a version).",
        "ar": "الملف {file} موجود؛ لم يُكتب شيء. استعمل " + isolate("--force", "ar") + " لاستبداله "
        "(يُحفظ محتواه الحالي نسخةً).",
    },
    "written": {
        "en": "{file}: new assessment written ({what}), recorded as {v}. Check it with "
        "`taqdir validate {file}`.",
        "ar": "{file}: كُتب تقدير جديد ({what}) وسُجِّل نسخةً {v}. افحصه بالأمر "
        + isolate("taqdir validate", "ar")
        + " {file}.",
    },
    "blank": {"en": "blank", "ar": "فارغ"},
    "from": {"en": "from {source}", "ar": "من {source}"},
}


def _isolate(text: str, lang: str) -> str:
    return isolate(text, lang)


def blank(today: date) -> Assessment:
    """The smallest assessment that validates, as a starting point to fill in."""
    from scenarios.model import Assessment

    text: dict[str, Any] = {"en": "New assessment", "ar": "تقدير جديد"}
    data: dict[str, Any] = {
        "id": "new-assessment",
        "title": text,
        "as_of": today.isoformat(),
        "families": [
            {"id": "ties", "name": {"en": "Official ties", "ar": "الروابط الرسمية"}},
        ],
        "indicators": [
            {
                "id": "official_visits",
                "family": "ties",
                "name": {
                    "en": "Official visits in 12 months",
                    "ar": "الزيارات الرسمية خلال 12 شهرًا",
                },
                "transform": {"kind": "linear", "low": 0, "high": 4},
                "from_evidence": {"rule": "count", "window_days": 365},
                "when_no_evidence": 0,
            }
        ],
        "scenarios": [
            {
                "id": "baseline",
                "name": {"en": "Baseline (the evidence)", "ar": "خط الأساس (الأدلة)"},
                "from_evidence": True,
            }
        ],
        "profiles": [
            {
                "id": "equal",
                "name": {"en": "Equal weights", "ar": "أوزان متساوية"},
                "families": {"ties": 1},
            }
        ],
        "tiers": [
            {"id": "low", "name": {"en": "Low", "ar": "منخفض"}, "min": 0, "max": 30},
            {"id": "medium", "name": {"en": "Medium", "ar": "متوسط"}, "min": 30, "max": 70},
            {"id": "high", "name": {"en": "High", "ar": "مرتفع"}, "min": 70, "max": 100},
        ],
    }
    return Assessment.model_validate(data)


@app.command()
def new(
    file: Annotated[Path, typer.Argument(help="The file to write (YAML).", show_default=False)],
    source: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="builtin|FILE", help="Start from the built-in case or another file."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Write a valid starting assessment file (blank, or a copy of the built-in case or a file)."""
    from engine.versions import save_assessment
    from scenarios.loader import load_assessment

    check_lang(lang)
    if file.exists() and not force:
        raise InputError(
            WORDS["exists"][lang].format(file=_isolate(str(file), lang)),
            kind="file_exists",
            parts={"file": str(file)},
        )
    if file.is_dir():
        raise InputError(
            f"{file} is a folder; name the file to write.",
            kind="is_folder",
            parts={"file": str(file)},
        )
    if source is None:
        a, what = blank(date.today()), WORDS["blank"][lang]
    else:
        builtin = source in ("builtin", "built-in")
        a = load_assessment(None if builtin else Path(source))
        what = WORDS["from"][lang].format(source=_isolate(source, lang))
    note = "new (blank)" if source is None else f"new, from {source}"
    version = save_assessment(file, a, note=note, create=not force)
    print(
        WORDS["written"][lang].format(
            file=_isolate(str(file), lang), what=what, v=_isolate(version.label, lang)
        )
    )
