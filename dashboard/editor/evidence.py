"""The editor's evidence section: every item as a row of a table (`st.data_editor`: add, edit,
remove rows), a form to add or edit one item, and a control to duplicate one.

Rows carry the fields an analyst edits (id, indicator, event and story dates, value or low/high,
reliability, credibility, citation, source link, summary, note); the item's other fields
(event type, actor, location...) are kept from the item the row came from. The citation is the
item's `sources` list, the link its `url` field. Files written before `url` existed kept the
link as a source starting with http: it is read as the link and written back as `url`."""

from __future__ import annotations

import copy
import math
from datetime import date
from typing import Any

import streamlit as st

from dashboard.editor import draft
from dashboard.editor.forms import _fmt
from dashboard.editor.texts import t
from dashboard.editor.widgets import get, key, parse_raw, rerun_after, show
from indicators.errors import Problem

ss = st.session_state
GRADES_R = ["A", "B", "C", "D", "E", "F"]
GRADES_C = [1, 2, 3, 4, 5, 6]
COLUMNS = (
    "id",
    "indicator",
    "event_date",
    "story_date",
    "value",
    "low",
    "high",
    "reliability",
    "credibility",
    "cite",
    "url",
    "summary_en",
    "summary_ar",
    "note",
    "note_ar",
)


def _cell(v: Any) -> str:
    return "" if v is None else _fmt(v)


def row_of(item: dict[str, Any], k: int | None) -> dict[str, Any]:
    sources = [str(s) for s in item.get("sources", [])]
    return {
        "_k": k,
        "id": item.get("id", ""),
        "indicator": item.get("indicator", ""),
        "event_date": _date(item.get("event_date")),
        "story_date": _date(item.get("story_date")),
        "value": _cell(item.get("value")),
        "low": _cell(item.get("low")),
        "high": _cell(item.get("high")),
        "reliability": item.get("reliability"),
        "credibility": item.get("credibility"),
        "cite": " ; ".join(s for s in sources if not s.startswith("http")),
        "url": _link(item),
        "summary_en": get(item, ("summary", "en"), ""),
        "summary_ar": get(item, ("summary", "ar"), ""),
        "note": _note(item, "en"),
        "note_ar": _note(item, "ar"),
    }


def _note(item: dict[str, Any], lang: str) -> str:
    """The item's note in `lang`: a plain string is the English note (no Arabic)."""
    note = item.get("note")
    if isinstance(note, dict):
        return str(note.get(lang) or "")
    return str(note or "") if lang == "en" else ""


def _link(item: dict[str, Any]) -> str:
    """The item's link: its `url`, else (older files) its first source starting with http."""
    legacy = [str(s) for s in item.get("sources", []) if str(s).startswith("http")]
    return str(item.get("url") or (legacy[0] if legacy else ""))


def _date(v: Any) -> date | None:
    try:
        return date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() in ("", "NaT")


def item_of(row: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """A table row back into an evidence item, over the item it came from (fields the table
    does not show are kept)."""
    item = copy.deepcopy(old) if old else {}
    for name in ("id", "indicator", "reliability"):
        v = row.get(name)
        if _empty(v):
            item.pop(name, None)
        else:
            item[name] = str(v).strip()
    note_en, note_ar = (
        "" if _empty(row.get(n)) else str(row.get(n)).strip() for n in ("note", "note_ar")
    )
    if note_ar:  # both languages as a mapping (an Arabic note without English is a problem)
        item["note"] = {"en": note_en, "ar": note_ar} if note_en else {"ar": note_ar}
    elif note_en:
        item["note"] = note_en
    else:
        item.pop("note", None)
    cred = row.get("credibility")
    if _empty(cred):
        item.pop("credibility", None)
    else:
        item["credibility"] = int(cred)
    for name in ("event_date", "story_date"):
        v = row.get(name)
        if _empty(v):
            item.pop(name, None)
        else:
            item[name] = v.isoformat() if hasattr(v, "isoformat") else str(v)[:10]
    for name in ("value", "low", "high"):
        v = None if _empty(row.get(name)) else parse_raw(str(row.get(name)))
        if v is None:
            item.pop(name, None)
        else:
            item[name] = v
    sources = [s.strip() for s in str(row.get("cite") or "").split(";") if s.strip()]
    shown = _link(old) if old else ""  # an older file's link source is now the `url`
    sources += [
        str(s) for s in (old or {}).get("sources", []) if str(s).startswith("http") and s != shown
    ]
    if sources or "sources" in item:
        item["sources"] = sources
    url = "" if _empty(row.get("url")) else str(row.get("url")).strip()
    if url:
        item["url"] = url
    else:
        item.pop("url", None)
    item["summary"] = {
        "en": str(row.get("summary_en") or ""),
        "ar": str(row.get("summary_ar") or ""),
    }
    return item


def _table(lang: str, indicators: list[str]) -> None:
    import pandas as pd

    d = draft.data()
    items: list[dict[str, Any]] = d.setdefault("evidence", [])
    base_key, table_key = key("evidence", "base"), key("evidence", "table")
    if base_key not in ss:  # the table's starting rows (and items), fixed for this generation
        ss[base_key] = pd.DataFrame(
            [row_of(x, k) for k, x in enumerate(items)], columns=["_k", *COLUMNS]
        )
        ss[key("evidence", "base_items")] = copy.deepcopy(items)
    col = st.column_config
    edited = st.data_editor(
        ss[base_key],
        key=table_key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=COLUMNS,
        column_config={
            "id": col.TextColumn(t("id", lang), required=True),
            "indicator": col.SelectboxColumn(t("indicator", lang), options=indicators),
            "event_date": col.DateColumn(t("event_date", lang), format="YYYY-MM-DD"),
            "story_date": col.DateColumn(t("story_date", lang), format="YYYY-MM-DD"),
            "value": col.TextColumn(t("value", lang)),
            "low": col.TextColumn(t("low", lang)),
            "high": col.TextColumn(t("high", lang)),
            "reliability": col.SelectboxColumn(t("reliability", lang), options=GRADES_R),
            "credibility": col.SelectboxColumn(t("credibility", lang), options=GRADES_C),
            "cite": col.TextColumn(t("cite", lang)),
            "url": col.LinkColumn(t("url", lang)),
            "summary_en": col.TextColumn(t("summary_en", lang)),
            "summary_ar": col.TextColumn(t("summary_ar", lang)),
            "note": col.TextColumn(t("note", lang)),
            "note_ar": col.TextColumn(t("note_ar", lang)),
        },
    )
    del edited  # the draft follows the widget's edit state (below), over the starting rows
    base_rows = ss[base_key].to_dict("records")
    d["evidence"] = apply_table_edits(
        base_rows, ss[key("evidence", "base_items")], ss.get(table_key) or {}
    )


def apply_table_edits(
    base_rows: list[dict[str, Any]], base_items: list[dict[str, Any]], state: Any
) -> list[dict[str, Any]]:
    """The evidence items after the table's edits: `state` is `st.data_editor`'s own record of
    them (`edited_rows` {position: {column: value}}, `added_rows` [{column: value}],
    `deleted_rows` [position], positions in `base_rows`), applied as Streamlit applies them
    (cell edits, then deletions, then additions). A row that came from an item (its `_k`) is
    merged back over that item as it was when the table was built, so fields the table does
    not show are kept; an added row is a new item."""
    rows = [dict(r) for r in base_rows]
    for pos, change in (state.get("edited_rows") or {}).items():
        rows[int(pos)].update(change)
    gone = {int(pos) for pos in state.get("deleted_rows") or []}
    rows = [r for pos, r in enumerate(rows) if pos not in gone]
    rows += [{"_k": None, **dict(r)} for r in state.get("added_rows") or []]
    out = []
    for row in rows:
        k = row.get("_k")
        old = base_items[int(k)] if not _empty(k) and int(k) < len(base_items) else None
        out.append(item_of(row, old))
    return out


def evidence(problems: tuple[Problem, ...], lang: str) -> None:
    """The table, its problems by row and column, the item form and the duplicate control."""
    d = draft.data()
    indicators = [i.get("id") for i in d.get("indicators", []) if i.get("id")]
    _table(lang, indicators)
    for p in draft.under(problems, "evidence"):
        row = p.loc[1] if len(p.loc) > 1 and isinstance(p.loc[1], int) else None
        prefix = t("row", lang, n=row + 1) + " · " if row is not None else ""
        st.error(prefix + draft.message(p, lang), icon=":material/error:")
    _duplicate(lang)
    _item_form(lang, indicators)


def _duplicate(lang: str) -> None:
    items = draft.data().get("evidence", [])
    ids = [str(x.get("id", "")) for x in items]
    if not ids:
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    which = c1.selectbox(
        t("dup_which", lang),
        range(len(ids)),
        format_func=lambda i: ids[i],
        key=key("evidence", "dup_which"),
    )

    def duplicate() -> None:
        copied = copy.deepcopy(items[which])
        n = 2
        while f"{ids[which]}_{n}" in ids:
            n += 1
        copied["id"] = f"{ids[which]}_{n}"
        items.insert(which + 1, copied)

    c2.button(t("duplicate", lang), key=key("evidence", "dup"), on_click=rerun_after(duplicate))


def _item_form(lang: str, indicators: list[str]) -> None:
    """One item's fields in a form: a new item, or an existing one replaced (by its id)."""
    items: list[dict[str, Any]] = draft.data().setdefault("evidence", [])
    ids = [str(x.get("id", "")) for x in items]
    with st.expander(t("item_form", lang)):
        choice = st.selectbox(
            t("item", lang),
            ["", *ids],
            format_func=lambda x: x or t("new_item", lang),
            key=key("evidence", "form_item"),
        )
        old = items[ids.index(choice)] if choice else {}
        r = row_of(old, None)
        fk = key("evidence", "form", choice)
        with st.form(fk, enter_to_submit=False):
            c = st.columns(3)
            new_id = c[0].text_input(t("id", lang), r["id"], key=fk + ":id")
            ind = c[1].selectbox(
                t("indicator", lang),
                indicators,
                index=indicators.index(r["indicator"]) if r["indicator"] in indicators else 0,
                key=fk + ":indicator",
            )
            ev = c[2].date_input(
                t("event_date", lang), r["event_date"], format="YYYY-MM-DD", key=fk + ":event_date"
            )
            c = st.columns(4)
            value = c[0].text_input(t("value", lang), r["value"], key=fk + ":value")
            low = c[1].text_input(t("low", lang), r["low"], key=fk + ":low")
            high = c[2].text_input(t("high", lang), r["high"], key=fk + ":high")
            story = c[3].date_input(
                t("story_date", lang), r["story_date"], format="YYYY-MM-DD", key=fk + ":story_date"
            )
            c = st.columns(4)
            rel = c[0].selectbox(
                t("reliability", lang),
                GRADES_R,
                index=GRADES_R.index(r["reliability"] or "F"),
                key=fk + ":rel",
            )
            cred = c[1].selectbox(
                t("credibility", lang),
                GRADES_C,
                index=GRADES_C.index(r["credibility"] or 6),
                key=fk + ":cred",
            )
            cite = c[2].text_input(t("cite", lang), r["cite"], key=fk + ":cite")
            url = c[3].text_input(t("url", lang), r["url"], key=fk + ":url")
            s_en = st.text_input(t("summary_en", lang), r["summary_en"], key=fk + ":s_en")
            s_ar = st.text_input(t("summary_ar", lang), r["summary_ar"], key=fk + ":s_ar")
            note = st.text_input(t("note", lang), r["note"], key=fk + ":note")
            note_ar = st.text_input(t("note_ar", lang), r["note_ar"], key=fk + ":note_ar")
            done = st.form_submit_button(t("apply", lang))
        if done:
            row = dict(
                id=new_id,
                indicator=ind,
                event_date=ev,
                story_date=story,
                value=value,
                low=low,
                high=high,
                reliability=rel,
                credibility=cred,
                cite=cite,
                url=url,
                summary_en=s_en,
                summary_ar=s_ar,
                note=note,
                note_ar=note_ar,
            )
            item = item_of(row, old or None)
            if choice:
                items[ids.index(choice)] = item
            else:
                items.append(item)
            draft.bump()
            draft.check()
            st.rerun()
        show([], lang)
