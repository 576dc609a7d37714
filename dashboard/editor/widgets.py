"""Small helpers the editor's forms share: widget keys that restart with the draft, reading
and writing nested fields of the draft, problems shown beside their field, bilingual labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.editor import draft
from dashboard.editor.texts import t
from indicators.errors import Problem

ss = st.session_state
Path = tuple[str | int, ...]


def key(*parts: object) -> str:
    """A widget key tied to the draft's generation (new generation: widgets restart)."""
    return f"ed{draft.gen()}:" + ":".join(map(str, parts))


def init(default: Any, *parts: object) -> str:
    """The key of a widget, its state set from the draft the first time it is drawn."""
    k = key(*parts)
    if k not in ss:
        ss[k] = default
    return k


def get(d: Any, path: Path, default: Any = None) -> Any:
    cur = d
    for part in path:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return default
    return cur


def put(d: Any, path: Path, value: Any) -> None:
    """Set a nested field; None removes it (an optional field left empty)."""
    cur = d
    for part in path[:-1]:
        if isinstance(cur, dict) and part not in cur:
            cur[part] = {}
        cur = cur[part]
    last = path[-1]
    if value is None:
        if isinstance(cur, dict):
            cur.pop(last, None)
    else:
        cur[last] = value


def prune_text(d: dict[str, Any], field: str) -> None:
    """Drop an optional bilingual text whose two languages are both empty."""
    value = d.get(field)
    if isinstance(value, dict) and not any(value.values()):
        d.pop(field, None)


def show(problems: list[Problem], lang: str) -> None:
    """Problems beside the field they concern, in the page's language."""
    for p in problems:
        st.error(draft.message(p, lang), icon=":material/error:")


def text(
    label: str, path: Path, problems: tuple[Problem, ...], lang: str, area: bool = False
) -> None:
    """A text field of the draft, with its problems under it (empty: the field is removed)."""
    d = draft.data()
    k = init(str(get(d, path, "") or ""), "t", *path)
    widget: Callable[..., str] = st.text_area if area else st.text_input
    value = widget(label, key=k)
    put(d, path, value.strip() if value.strip() else None)
    show(draft.under(problems, *path), lang)


def bilingual(
    label_key: str, path: Path, problems: tuple[Problem, ...], lang: str, area: bool = False
) -> None:
    """The English and Arabic texts of one field side by side."""
    c1, c2 = st.columns(2)
    with c1:
        text(t(label_key, lang) + " · English", (*path, "en"), problems, lang, area)
    with c2:
        text(t(label_key, lang) + " · العربية", (*path, "ar"), problems, lang, area)
    show([p for p in draft.under(problems, *path) if len(p.loc) == len(path)], lang)


def number(
    label: str, path: Path, problems: tuple[Problem, ...], lang: str, placeholder: str | None = None
) -> None:
    """A number field (empty: left out, `placeholder` says what that means); text so that
    "empty" and a typo can be told apart."""
    d = draft.data()
    current = get(d, path)
    k = init(
        ""
        if current is None
        else f"{current:g}"
        if isinstance(current, float | int)
        else str(current),
        "n",
        *path,
    )
    raw = st.text_input(label, key=k, placeholder=placeholder).strip()
    put(d, path, parse_raw(raw))
    show(draft.under(problems, *path), lang)


def parse_raw(raw: str) -> float | str | None:
    """A cell as typed: a number, else the text (a level id), empty → None."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return raw


def rerun_after(change: Callable[[], None]) -> Callable[[], None]:
    """A button callback: change the draft, restart the widgets from it, check it."""

    def run() -> None:
        change()
        draft.bump()
        draft.check()

    return run
