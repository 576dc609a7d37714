"""Renaming an id in the editor renames what refers to it.

A file refers to its ids in several places: evidence and scenario values name indicators,
indicators and profiles name families, scenarios name the scenario they extend, the file names
its default profile. When the analyst changes one id in place (the id field of one row), every
reference to the old id follows, so a rename is one edit, not one edit plus a hunt through the
evidence table for the validator's "unknown indicator" problems.

`renamed` decides whether a change of ids is a rename (exactly one id changed, in place, to a
new non-empty id no other row has; anything else, such as two at once, is not guessed);
`rename_references` rewrites the draft's data; `follow` runs both once per editor run and
restarts the widgets when a reference changed, as their own state still holds the old id.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.editor import draft
from dashboard.editor.widgets import key

SECTIONS = ("families", "indicators", "scenarios", "profiles")


def ids_of(data: dict[str, Any], section: str) -> list[str]:
    """The ids of a section's rows, in order ("" for a row without one)."""
    return [str(row.get("id") or "") for row in data.get(section) or [] if isinstance(row, dict)]


def renamed(before: list[str], now: list[str]) -> tuple[str, str] | None:
    """(old, new) when exactly one row's id changed in place to an id no other row has; None
    for anything else (rows added or removed, several ids changed, an id emptied or taken)."""
    if len(before) != len(now):
        return None
    moved = [(b, n) for b, n in zip(before, now, strict=True) if b != n]
    if len(moved) != 1:
        return None
    old, new = moved[0]
    if not old or not new or old in now or now.count(new) != 1:
        return None
    return old, new


def _rekey(mapping: Any, old: str, new: str) -> bool:
    """Move `mapping[old]` to `mapping[new]`, keeping the order; not when `new` is taken."""
    if not isinstance(mapping, dict) or old not in mapping or new in mapping:
        return False
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)
    return True


# Where each section's ids are referred to: (list of rows or None for the file itself, field,
# how): "value" the field holds the id, "key" the field is a mapping keyed by ids.
REFERENCES: dict[str, tuple[tuple[str | None, str, str], ...]] = {
    "indicators": (
        ("evidence", "indicator", "value"),
        ("scenarios", "values", "key"),
        ("profiles", "indicators", "key"),
    ),
    "families": (("indicators", "family", "value"), ("profiles", "families", "key")),
    "scenarios": (("scenarios", "extends", "value"),),
    "profiles": ((None, "default_profile", "value"),),
}


def rename_references(data: dict[str, Any], section: str, old: str, new: str) -> list[str]:
    """Rewrite every reference to the `section` id `old` as `new`, in place; the places
    changed, as locations (`evidence[3].indicator`), for the tests."""
    if section not in REFERENCES:
        raise ValueError(f"no references to follow for section {section!r}")
    changed: list[str] = []
    for where, name, how in REFERENCES[section]:
        rows = (
            [(name, data)]
            if where is None
            else [
                (f"{where}[{i}].{name}", row)
                for i, row in enumerate(data.get(where) or [])
                if isinstance(row, dict)
            ]
        )
        for loc, row in rows:
            if how == "key" and _rekey(row.get(name), old, new):
                changed.append(f"{loc}.{new}")
            elif how == "value" and row.get(name) == old:
                row[name] = new
                changed.append(loc)
    return changed


def follow() -> None:
    """Once per editor run, after the forms wrote into the draft: follow a rename made in
    this run. The ids seen are kept per draft generation, so a new file or a restart of the
    widgets never looks like a rename."""
    data = draft.data()
    changed: list[str] = []
    for section in SECTIONS:
        now = ids_of(data, section)
        seen = key("ids", section)
        before = st.session_state.get(seen, now)
        st.session_state[seen] = now
        pair = renamed(before, now)
        if pair is not None:
            changed += rename_references(data, section, *pair)
    if changed:
        # The evidence table, the values boxes and the selectors hold the old id in their own
        # state: restart them from the draft, which now holds the new one.
        draft.bump()
        st.rerun()
