"""The editor's sections for the assessment's general fields, families, tiers, profiles and
scenarios: each row a set of fields with its problems under it, and buttons to add, duplicate
and remove rows. Every widget writes into the draft (`dashboard.editor.draft`)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import streamlit as st

from dashboard.editor import draft
from dashboard.editor.texts import t
from dashboard.editor.widgets import (
    bilingual,
    get,
    init,
    key,
    number,
    parse_raw,
    prune_text,
    put,
    rerun_after,
    show,
    text,
)
from dashboard.i18n import isolate
from indicators.errors import Problem

Problems = tuple[Problem, ...]


def general(problems: Problems, lang: str) -> None:
    """Id, title, parties, date, context (the summary) and the source's link."""
    d = draft.data()
    c1, c2 = st.columns([2, 1])
    with c1:
        text(t("id", lang), ("id",), problems, lang)
    with c2:
        try:
            current = date.fromisoformat(str(d.get("as_of")))
        except ValueError:
            current = date.today()
        value = st.date_input(t("as_of", lang), key=init(current, "as_of"), format="YYYY-MM-DD")
        d["as_of"] = value.isoformat()
        show(draft.under(problems, "as_of"), lang)
    bilingual("a_title", ("title",), problems, lang)
    parties(problems, lang)
    bilingual("context", ("summary",), problems, lang, area=True)
    prune_text(d, "summary")
    text(t("source_url", lang), ("source", "url"), problems, lang)
    if isinstance(d.get("source"), dict) and not d["source"]:
        d.pop("source")


def parties(problems: Problems, lang: str) -> None:
    """The parties as two line lists (English, Arabic) paired by position; a line missing on
    one side is left out of that party, so the validator names it."""
    d = draft.data()
    now = [p for p in d.get("parties") or [] if isinstance(p, dict)]
    sides = {}
    for col, code, name in zip(st.columns(2), ("en", "ar"), ("English", "العربية"), strict=True):
        start = "\n".join(str(p.get(code, "")) for p in now)
        value = col.text_area(
            f"{t('parties', lang)} · {name}",
            key=init(start, "parties", code),
            help=t("parties_help", lang),
        )
        sides[code] = [line.strip() for line in value.splitlines()]
    pairs = [
        {c: sides[c][i] for c in ("en", "ar") if i < len(sides[c]) and sides[c][i]}
        for i in range(max(len(sides["en"]), len(sides["ar"])))
    ]
    if any(pairs):
        d["parties"] = [pair for pair in pairs if pair]  # a line empty on both sides is no party
    else:
        d.pop("parties", None)
    show(draft.under(problems, "parties"), lang)


def _row_buttons(section: str, i: int, lang: str, new_id: str = "id") -> None:
    items: list[dict[str, Any]] = draft.data()[section]

    def duplicate() -> None:
        copied = copy.deepcopy(items[i])
        ids = {str(x.get(new_id)) for x in items}
        base, n = str(copied.get(new_id, section)), 2
        while f"{base}_{n}" in ids:
            n += 1
        copied[new_id] = f"{base}_{n}"
        items.insert(i + 1, copied)

    def remove() -> None:
        del items[i]

    b1, b2 = st.columns(2)
    b1.button(t("duplicate", lang), key=key(section, i, "dup"), on_click=rerun_after(duplicate))
    b2.button(t("remove", lang), key=key(section, i, "del"), on_click=rerun_after(remove))


def _add_button(section: str, item: dict[str, Any], lang: str) -> None:
    def add() -> None:
        items = draft.data().setdefault(section, [])
        new = copy.deepcopy(item)
        ids = {x.get("id") for x in items}
        n = len(items) + 1
        while f"{item['id']}{n}" in ids:
            n += 1
        new["id"] = f"{item['id']}{n}"
        items.append(new)

    st.button(
        f"{t('add', lang)} · {t(section, lang)}",
        key=key(section, "add"),
        on_click=rerun_after(add),
        icon=":material/add:",
    )


def families(problems: Problems, lang: str) -> None:
    """Families: id, bilingual name, half-life. Profiles follow (a new family weighs 1)."""
    d = draft.data()
    show([p for p in draft.under(problems, "families") if len(p.loc) == 1], lang)
    for i, _fam in enumerate(d.get("families", [])):
        with st.container(border=True):
            c1, c2 = st.columns([3, 1])
            with c1:
                text(t("id", lang), ("families", i, "id"), problems, lang)
            with c2:
                number(t("half_life", lang), ("families", i, "half_life_days"), problems, lang)
            bilingual("name", ("families", i, "name"), problems, lang)
            _row_buttons("families", i, lang)
    _add_button("families", {"id": "family", "name": {"en": "", "ar": ""}}, lang)
    sync_profiles()


def sync_profiles() -> None:
    """Give every profile a weight for each family (1 for a new one) and none for a family
    that is gone, so adding or renaming a family never leaves the profiles behind."""
    d = draft.data()
    ids = [str(f.get("id") or "") for f in d.get("families", [])]
    before = st.session_state.get("ed:family_ids", ids)
    renamed = dict(zip(ids, before, strict=True)) if len(before) == len(ids) else {}
    for prof in d.get("profiles", []):
        old = prof.get("families", {})
        prof["families"] = {f: old.get(f, old.get(renamed.get(f, f), 1.0)) for f in ids if f}
    st.session_state["ed:family_ids"] = ids


def tiers(problems: Problems, lang: str) -> None:
    """Depth tiers: id, bilingual name, score range [min, max), colour."""
    d = draft.data()
    show([p for p in draft.under(problems, "tiers") if len(p.loc) == 1], lang)
    for i, _tier in enumerate(d.get("tiers", [])):
        with st.container(border=True):
            c = st.columns([2, 1, 1, 1])
            with c[0]:
                text(t("id", lang), ("tiers", i, "id"), problems, lang)
            with c[1]:
                number(t("low", lang), ("tiers", i, "min"), problems, lang)
            with c[2]:
                number(t("high", lang), ("tiers", i, "max"), problems, lang)
            with c[3]:
                text(t("color", lang), ("tiers", i, "color"), problems, lang)
            bilingual("name", ("tiers", i, "name"), problems, lang)
            _row_buttons("tiers", i, lang)
    last = d.get("tiers", [])[-1:] or [{"max": 0.0}]
    top = last[0].get("max", 0.0) if isinstance(last[0].get("max"), float | int) else 0.0
    _add_button(
        "tiers", {"id": "tier", "name": {"en": "", "ar": ""}, "min": top, "max": 100.0}, lang
    )


def profiles(problems: Problems, lang: str) -> None:
    """Weighting profiles: id, bilingual name, a weight per family, and each indicator's share
    within its family."""
    d = draft.data()
    show([p for p in draft.under(problems, "profiles") if len(p.loc) == 1], lang)
    names = {f.get("id"): get(f, ("name", lang)) or f.get("id") for f in d.get("families", [])}
    for i, prof in enumerate(d.get("profiles", [])):
        with st.container(border=True):
            text(t("id", lang), ("profiles", i, "id"), problems, lang)
            bilingual("name", ("profiles", i, "name"), problems, lang)
            cols = st.columns(max(1, min(4, len(prof.get("families", {})))))
            for n, fid in enumerate(list(prof.get("families", {}))):
                with cols[n % len(cols)]:
                    number(
                        t("weight", lang, name=names.get(fid, fid)),
                        ("profiles", i, "families", fid),
                        problems,
                        lang,
                    )
            show([p for p in draft.under(problems, "profiles", i) if len(p.loc) == 2], lang)
            shares(i, problems, lang)
            _row_buttons("profiles", i, lang)
    fams = {f.get("id"): 1.0 for f in d.get("families", []) if f.get("id")}
    _add_button("profiles", {"id": "profile", "name": {"en": "", "ar": ""}, "families": fams}, lang)


def shares(i: int, problems: Problems, lang: str) -> None:
    """Profile i's share of each indicator within its family (empty: 1, the file's default,
    so a profile without shares stays without them), grouped by family with the resulting
    split of the family's weight; a share of an indicator the file no longer has is shown so
    it can be cleared."""
    d = draft.data()
    prof = d["profiles"][i]
    inds = [x for x in d.get("indicators", []) if x.get("id")]
    kept = prof.get("indicators") if isinstance(prof.get("indicators"), dict) else {}
    stale = [k for k in kept if k not in {x["id"] for x in inds}]
    trouble = draft.under(problems, "profiles", i, "indicators")
    with st.expander(t("shares", lang), expanded=bool(trouble)):
        st.caption(t("shares_help", lang))
        for fam in d.get("families", []):
            members = [x for x in inds if x.get("family") == fam.get("id")]
            if not members or not fam.get("id"):
                continue
            fname = get(fam, ("name", lang)) or fam["id"]
            cols = st.columns(min(4, len(members)))
            for n, x in enumerate(members):
                with cols[n % len(cols)]:
                    number(
                        t("share", lang).format(name=_own(get(x, ("name", lang)) or x["id"])),
                        ("profiles", i, "indicators", x["id"]),
                        problems,
                        lang,
                        placeholder="1",
                    )
            split = _split(prof.get("indicators") or {}, members, lang)
            if split:
                st.caption(t("within", lang).format(name=_own(fname), parts=split))
        for k in stale:
            label = t("share_stale", lang).format(name=_own(k))
            number(label, ("profiles", i, "indicators", k), problems, lang)
        show([p for p in trouble if len(p.loc) == 3], lang)
    if not prof.get("indicators") and "indicators" in prof:
        prof.pop("indicators")  # no share left: the file's default, nothing written


def _split(given: dict[str, Any], members: list[dict[str, Any]], lang: str) -> str:
    """How a family's weight divides among its indicators under these shares ("" while a
    share is not a number, or all are 0)."""
    values = [given.get(x["id"], 1.0) for x in members]
    if not all(isinstance(v, int | float) and v >= 0 for v in values) or sum(values) <= 0:
        return ""
    total = sum(values)
    return " · ".join(
        f"{_own(get(x, ('name', lang)) or x['id'])} {isolate(f'{100 * v / total:.0f}%', lang)}"
        for x, v in zip(members, values, strict=True)
    )


def _own(name: str) -> str:
    """A name in a first-strong isolate: it keeps its own direction (an English id inside
    Arabic, an Arabic name inside a list) without reordering the sentence around it."""
    return f"\u2068{name}\u2069"


# --- scenarios ----------------------------------------------------------------------------------


def _show_value(v: Any) -> str:
    if isinstance(v, dict):
        return " / ".join(_fmt(v.get(k)) for k in ("low", "likely", "high"))
    return _fmt(v)


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float | int) else str(v)


def values_text(values: dict[str, Any]) -> str:
    return "\n".join(f"{k} = {_show_value(v)}" for k, v in values.items())


def parse_values(text_: str) -> tuple[dict[str, Any], list[str]]:
    """`indicator = value` or `indicator = low / likely / high` lines → the values mapping,
    and the lines not understood."""
    out: dict[str, Any] = {}
    bad: list[str] = []
    for line in text_.splitlines():
        if not line.strip():
            continue
        name, sep, rest = line.partition("=")
        parts = [parse_raw(p) for p in rest.split("/")]
        if not sep or not name.strip() or any(p is None for p in parts) or len(parts) not in (1, 3):
            bad.append(line.strip())
            continue
        out[name.strip()] = (
            parts[0]
            if len(parts) == 1
            else dict(zip(("low", "likely", "high"), parts, strict=True))
        )
    return out, bad


def scenarios(problems: Problems, lang: str) -> bool:
    """Scenarios: id, name, baseline or extends, narrative, overridden values and ranges;
    returns whether a values line was not understood (nothing is saved then)."""
    d = draft.data()
    unparsed = False
    show([p for p in draft.under(problems, "scenarios") if len(p.loc) == 1], lang)
    ids = [s.get("id") for s in d.get("scenarios", [])]
    for i, sc in enumerate(d.get("scenarios", [])):
        label = get(sc, ("name", lang)) or sc.get("id") or "?"
        bad_here = draft.under(problems, "scenarios", i)
        with st.expander(f"{label}" + (" ⚠" if bad_here else ""), expanded=bool(bad_here)):
            text(t("id", lang), ("scenarios", i, "id"), problems, lang)
            bilingual("name", ("scenarios", i, "name"), problems, lang)
            base = st.checkbox(
                t("from_evidence", lang),
                key=init(bool(sc.get("from_evidence")), "scenarios", i, "from_evidence"),
            )
            put(sc, ("from_evidence",), True if base else None)
            options = ["", *[x for x in ids if x and x != sc.get("id")]]
            current = sc.get("extends") or ""
            if current not in options:
                options.append(current)
            ext = st.selectbox(
                t("extends", lang),
                options,
                format_func=lambda x: x or t("none", lang),
                key=init(current, "scenarios", i, "extends"),
            )
            put(sc, ("extends",), ext or None)
            show(draft.under(problems, "scenarios", i, "extends"), lang)
            bilingual("narrative", ("scenarios", i, "narrative"), problems, lang, area=True)
            prune_text(sc, "narrative")
            raw = st.text_area(
                t("overrides", lang),
                key=init(values_text(sc.get("values", {})), "scenarios", i, "values"),
            )
            values, bad = parse_values(raw)
            if values or "values" in sc:
                sc["values"] = values
            for line in bad:
                st.error(t("bad_line", lang, line=line), icon=":material/error:")
            unparsed |= bool(bad)
            show(draft.under(problems, "scenarios", i, "values"), lang)
            show([p for p in bad_here if len(p.loc) == 2], lang)
            _row_buttons("scenarios", i, lang)
    _add_button("scenarios", {"id": "scenario", "name": {"en": "", "ar": ""}}, lang)
    return unparsed
