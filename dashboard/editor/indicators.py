"""The editor's indicators section: family, bilingual names, direction, the transform and its
parameters with a live preview of value → intensity, and how the baseline derives the value
from evidence (rule, window, value without evidence)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.editor import draft
from dashboard.editor.forms import _add_button, _fmt, _row_buttons
from dashboard.editor.texts import t
from dashboard.editor.widgets import bilingual, get, init, number, parse_raw, show, text
from indicators.errors import Problem

Problems = tuple[Problem, ...]
KINDS = ("linear", "log", "saturating", "ordinal")
RULES = ("sum", "max", "latest", "count")
DEFAULTS: dict[str, dict[str, Any]] = {
    "linear": {"kind": "linear", "low": 0.0, "high": 1.0},
    "log": {"kind": "log", "high": 1000.0},
    "saturating": {"kind": "saturating", "half": 1.0},
    "ordinal": {
        "kind": "ordinal",
        "levels": [
            {"id": "none", "name": {"en": "none", "ar": "لا شيء"}, "intensity": 0.0},
            {"id": "full", "name": {"en": "full", "ar": "كامل"}, "intensity": 1.0},
        ],
    },
}
NEW = {
    "id": "indicator",
    "family": "",
    "name": {"en": "", "ar": ""},
    "transform": DEFAULTS["linear"],
    "from_evidence": {"rule": "latest"},
    "when_no_evidence": 0.0,
}


def levels_text(levels: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{lv.get('id', '')}; {_fmt(lv.get('intensity', ''))}; {get(lv, ('name', 'en'), '')}; "
        f"{get(lv, ('name', 'ar'), '')}"
        for lv in levels
    )


def parse_levels(raw: str) -> tuple[list[dict[str, Any]], list[str]]:
    """`id; intensity; English; Arabic` lines → levels, and the lines not understood."""
    out: list[dict[str, Any]] = []
    bad: list[str] = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        value = parse_raw(parts[1]) if len(parts) > 1 else None
        if len(parts) != 4 or not isinstance(value, float):
            bad.append(line.strip())
            continue
        out.append({"id": parts[0], "name": {"en": parts[2], "ar": parts[3]}, "intensity": value})
    return out, bad


def _transform(
    ind: dict[str, Any], path: tuple[str | int, ...], problems: Problems, lang: str
) -> bool:
    """The transform's kind and parameters; returns whether a line was not understood."""
    tr = ind.setdefault("transform", dict(DEFAULTS["linear"]))
    kind = tr.get("kind") if tr.get("kind") in KINDS else "linear"
    chosen = st.selectbox(
        t("kind", lang),
        KINDS,
        format_func=lambda k: t(f"kind_{k}", lang),
        key=init(kind, *path, "kind"),
    )
    if chosen != tr.get("kind"):
        ind["transform"] = tr = dict(DEFAULTS[chosen])
    tpath = (*path, "transform")
    if chosen == "ordinal":
        raw = st.text_area(t("levels", lang), key=init(levels_text(tr.get("levels", [])), *tpath))
        levels, bad = parse_levels(raw)
        tr["levels"] = levels
        for line in bad:
            st.error(t("bad_line", lang, line=line), icon=":material/error:")
        show(draft.under(problems, *tpath), lang)
        return bool(bad)
    fields = {"linear": ("low", "high"), "log": ("low", "high"), "saturating": ("half",)}[chosen]
    cols = st.columns(len(fields) + 2)
    for c, name in zip(cols, (*fields, "min", "max"), strict=True):
        with c:
            number(t(name, lang), (*tpath, name), problems, lang)
    show([p for p in draft.under(problems, *tpath) if len(p.loc) == len(tpath)], lang)
    return False


def _preview(ind: dict[str, Any], lang: str) -> None:
    from pydantic import ValidationError

    from indicators.model import Indicator

    try:
        model = Indicator.model_validate(ind)
    except (ValidationError, ValueError):
        st.caption(t("no_preview", lang))
        return
    from dashboard.editor.preview import chart

    st.caption(t("preview", lang))
    st.vega_lite_chart(
        spec=chart(model, t("value", lang), t("intensity", lang)), width="stretch", height=160
    )


def indicators(problems: Problems, lang: str) -> bool:
    """Every indicator in an expander; returns whether some text was not understood."""
    d = draft.data()
    show([p for p in draft.under(problems, "indicators") if len(p.loc) == 1], lang)
    families = [f.get("id") for f in d.get("families", []) if f.get("id")]
    unparsed = False
    for i, ind in enumerate(d.get("indicators", [])):
        path = ("indicators", i)
        here = draft.under(problems, *path)
        label = get(ind, ("name", lang)) or ind.get("id") or "?"
        with st.expander(label + (" ⚠" if here else ""), expanded=bool(here)):
            c1, c2, c3 = st.columns([2, 2, 1])
            with c1:
                text(t("id", lang), (*path, "id"), problems, lang)
            with c2:
                options = [*families]
                if ind.get("family") not in options:
                    options.append(ind.get("family") or "")
                fam = st.selectbox(
                    t("family", lang), options, key=init(ind.get("family") or "", *path, "family")
                )
                ind["family"] = fam
                show(draft.under(problems, *path, "family"), lang)
            with c3:
                direction = st.radio(
                    t("direction", lang),
                    ("+", "-"),
                    format_func=lambda x: t(f"dir_{x}", lang),
                    key=init(ind.get("direction", "+"), *path, "direction"),
                )
                ind["direction"] = direction
            bilingual("name", (*path, "name"), problems, lang)
            left, right = st.columns(2)
            with left:
                unparsed |= _transform(ind, path, problems, lang)
                rule = ind.setdefault("from_evidence", {"rule": "latest"})
                r1, r2, r3 = st.columns(3)
                with r1:
                    rule["rule"] = st.selectbox(
                        t("rule", lang),
                        RULES,
                        format_func=lambda r: t(f"rule_{r}", lang),
                        key=init(rule.get("rule", "latest"), *path, "rule"),
                    )
                with r2:
                    number(
                        t("window", lang), (*path, "from_evidence", "window_days"), problems, lang
                    )
                    w = rule.get("window_days")
                    if isinstance(w, float) and w.is_integer():
                        rule["window_days"] = int(w)
                with r3:
                    number(t("default", lang), (*path, "when_no_evidence"), problems, lang)
                show([p for p in here if len(p.loc) == 2], lang)
            with right:
                _preview(ind, lang)
            _row_buttons("indicators", i, lang)
    new = dict(NEW, family=families[0] if families else "")
    _add_button("indicators", new, lang)
    return unparsed
