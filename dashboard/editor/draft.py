"""The assessment being edited: a plain dict (the file's data) kept in the session, checked
with the command line's own validator after every change.

The draft starts blank, from the built-in case or from the loaded file (its data as read, every
field kept, so saving never drops what a form does not show). Each change goes through
`check`, which runs `indicators.validate.validate_data(draft, Assessment)` exactly as
`taqdir validate` does; its problems keep their location (`("evidence", 3, "value")`) so each
section shows them beside the field they concern. While the draft is valid it is the session's
assessment: `apply(loaded)` (called by `dashboard.app.run`) puts it in place of the sidebar's,
so every other page scores the edit at once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import streamlit as st

from indicators.errors import FileError, Loc, Problem, format_loc
from scenarios.model import Assessment

ss = st.session_state
KEY = "ed:draft"  # the draft dict
GEN = "ed:gen"  # bumped when the draft is replaced or rows are added/removed: widgets restart
ORIGIN = "ed:origin"  # (source, label) of what the sidebar had loaded when editing began
VALID = "ed:valid"  # the last valid Assessment of the draft
SAVED = "ed:saved"  # (path, sha256 of the text) the draft was last read from or written to


def as_data(a: Assessment) -> dict[str, Any]:
    """An assessment as the data of its file: the fields it sets (defaults left out), dates as
    text. Validating it gives back an equal assessment."""
    return a.model_dump(mode="json", exclude_unset=True, by_alias=True)


def blank(lang: str) -> dict[str, Any]:
    """A new assessment with nothing in it yet but an equal-weights profile (families added
    later get weight 1 in it). Invalid until families, indicators, a scenario and tiers exist."""
    return {
        "id": "new-assessment",
        "title": {"en": "New assessment", "ar": "تقدير جديد"},
        "as_of": date.today().isoformat(),
        "families": [],
        "indicators": [],
        "evidence": [],
        "scenarios": [],
        "profiles": [
            {"id": "equal", "name": {"en": "Equal weights", "ar": "أوزان متساوية"}, "families": {}}
        ],
        "tiers": [],
    }


def start(data: dict[str, Any], origin: tuple[str, str], saved: tuple[str, str] | None) -> None:
    """Begin editing `data` (a copy is kept)."""
    ss[KEY] = copy.deepcopy(data)
    ss[ORIGIN] = origin
    ss[SAVED] = saved
    ss.pop(VALID, None)
    bump()
    check()


def active() -> bool:
    return KEY in ss


def stop() -> None:
    """Leave the editor's draft; the sidebar's assessment is used again."""
    for key in (KEY, ORIGIN, VALID, SAVED):
        ss.pop(key, None)
    bump()


def data() -> dict[str, Any]:
    return ss[KEY]  # type: ignore[no-any-return]


def gen() -> int:
    return int(ss.get(GEN, 0))


def bump() -> None:
    """Restart the editor's widgets from the draft (after a change made outside them)."""
    ss[GEN] = gen() + 1


@dataclass(frozen=True)
class Checked:
    assessment: Assessment | None
    problems: tuple[Problem, ...]


def validate(d: dict[str, Any]) -> Checked:
    """The command line's validation of a file's data (`taqdir validate`), on the draft."""
    from indicators.validate import validate_data

    try:
        return Checked(validate_data(copy.deepcopy(d), Assessment, None), ())
    except FileError as exc:
        return Checked(None, tuple(exc.problems))


def check() -> Checked:
    """Validate the draft; while valid, it becomes the session's assessment."""
    result = validate(data())
    if result.assessment is not None:
        ss[VALID] = result.assessment
    return result


def valid() -> Assessment | None:
    return ss.get(VALID)


def under(problems: tuple[Problem, ...], *prefix: str | int) -> list[Problem]:
    """The problems located at or under `prefix` (e.g. `("evidence",)`, `("title", "ar")`)."""
    n = len(prefix)
    return [p for p in problems if tuple(p.loc[:n]) == prefix]


# --- the session's assessment -------------------------------------------------------------


def before_sidebar() -> None:
    """Apply a source the editor asked for (after "save as"), before the sidebar draws it."""
    pending = ss.pop("ed:pending_path", None)
    if pending:
        ss["src"] = "path"
        ss["path"] = pending


def apply(src: str, loaded: Any, path: str | None) -> Any:
    """The sidebar's loaded assessment, or the editor's last valid draft in its place while
    editing what the sidebar has loaded (a `dashboard.data.Loaded` either way)."""
    from dashboard.data import Loaded

    ss["ed:sidebar_assessment"] = getattr(loaded, "assessment", None)
    ss["ed:sidebar_origin"] = origin_of(src, loaded, path)
    a = valid()
    if not active() or a is None or loaded is None:
        return loaded
    if ss.get(ORIGIN) != origin_of(src, loaded, path):
        return loaded
    return Loaded.ok(a, loaded.label)


def origin_of(src: str, loaded: Any, path: str | None) -> tuple[str, str]:
    return (src, path or (loaded.label if loaded is not None else ""))


# --- problems in the page's language --------------------------------------------------------


def message(p: Problem, lang: str) -> str:
    """A problem in the page's language: the field, then what is wrong and the fix. Arabic is
    said from the problem's kind and parts (`indicators.messages`), ids and values isolated."""
    if lang == "ar":
        return replace(p, line=None).render(None, "ar")
    where = format_loc(p.loc) if p.loc else ""
    text = p.message + (f" {p.hint}" if p.hint else "")
    return f"{where}: {text}" if where else text


def located(loc: Loc) -> str:
    return format_loc(loc)
