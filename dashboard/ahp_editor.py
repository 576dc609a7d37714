"""The AHP pairwise editor of the Robustness page: Saaty's 1–9 scale for every pair of the
families (or of one family's indicators), the live consistency ratio from
`engine.robust.elicit`, and a button that sends the weights to the sidebar's sliders."""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np
import streamlit as st

from dashboard import state
from dashboard.download import csv_table
from dashboard.labels import ltr
from dashboard.state import Context
from engine import robust
from indicators.errors import InputError

SCALE = [9, 8, 7, 6, 5, 4, 3, 2, 1, -2, -3, -4, -5, -6, -7, -8, -9]
"""Pairwise choices: k > 1 favours the first-named item k times, −k the second one."""


def scale(lang: str) -> list[int]:
    """The choices from the slider's left end to its right end. Sliders are drawn left to
    right in both languages, while the label "A / B" reads the way its language does: A is
    named at the left in English and at the right in Arabic, so the end favouring A is there
    too. Only the order changes; a choice means the same in both languages."""
    return SCALE[::-1] if lang == "ar" else SCALE


def render(ctx: Context, names: dict[str, str], t: Callable[..., str]) -> None:
    """The editor; `t` gives the page's labels."""
    a, lang = ctx.assessment, ctx.lang
    groups = {"": t("families", lang)}
    groups.update({f.id: t("within", lang, name=f.name.get(lang)) for f in a.families})
    c1, c2 = st.columns([2, 1])
    level = c1.selectbox(t("ahp_of", lang), list(groups), format_func=groups.get, key="ahp_level")
    table = c2.selectbox(t("ri_table", lang), list(robust.RANDOM_INDEX_TABLES), key="ahp_ri")
    items = (
        [f.id for f in a.families]
        if level == ""
        else [i.id for i in a.indicators if i.family == level]
    )
    if len(items) < 2:
        return
    st.caption(t("ahp_intro", lang))
    n = len(items)
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            left, right = names[items[i]], names[items[j]]

            def label(k: int, left: str = left, right: str = right) -> str:
                if k == 1:
                    return t("equal", lang)
                return f"{left} ×{k}" if k > 1 else f"{right} ×{-k}"

            k = st.select_slider(
                f"{left} / {right}",
                options=scale(lang),
                value=1,
                format_func=label,
                key=f"ahp:{level}:{items[i]}:{items[j]}",
            )
            matrix[i, j] = k if k >= 1 else 1.0 / -k
            matrix[j, i] = 1.0 / matrix[i, j]
    try:
        res = robust.ahp(matrix, items, table)
    except InputError as exc:
        st.error(exc.said(lang), icon=":material/error:")
        return
    cr = res.consistency_ratio
    st.metric(t("cr", lang), f"{cr:.3f}", help=f"λmax {res.lambda_max:.3f}, RI {res.random_index}")
    if res.warnings:
        st.warning(res.warnings[0][lang], icon=":material/warning:")
    else:
        st.success(t("consistent", lang), icon=":material/check_circle:")
    body = "".join(
        f"<tr><td>{html.escape(names[k])}</td><td>{ltr(f'{w:.3f}')}</td></tr>"
        for k, w in zip(items, res.weights, strict=True)
    )
    table = (
        f'<table class="taqdir" id="robust-ahp"><thead><tr><th>{t("input", lang)}</th>'
        f"<th>{t('weight', lang)}</th></tr></thead><tbody>{body}</tbody></table>"
    )
    st.markdown(table, unsafe_allow_html=True)
    csv_table(table, f"ahp-{level or 'families'}", lang)
    prefix = "f:" if level == "" else "i:"
    # Mean 1 on the sliders' scale; only proportions matter to the score.
    values = {prefix + k: round(float(w) * n, 2) for k, w in zip(items, res.weights, strict=True)}
    st.button(t("use", lang), key="ahp_use", icon=":material/tune:", on_click=_use, args=(values,))
    if st.session_state.pop("ahp_used", False):
        st.success(t("used", lang), icon=":material/done:")


def _use(values: dict[str, float]) -> None:
    """Button callback: runs before the next run draws the sidebar's sliders, so they can
    still be set."""
    for wid, value in values.items():
        state.set_weight(wid, value)
    st.session_state["ahp_used"] = True
