"""The Scenarios page: each scenario's narrative and the raw values it assumes (low, likely,
high, as the engine scores them on the chosen date), with the values it overrides marked."""

from __future__ import annotations

import html

import streamlit as st

from dashboard.download import csv_table
from dashboard.labels import raw_value
from dashboard.state import Context


def render(ctx: Context) -> None:
    r = ctx.result or ctx.reference
    if r is None:
        return
    a, lang = ctx.assessment, ctx.lang
    fams = {f.id: f.name.get(lang) for f in a.families}
    for s, sid in enumerate(r.scenario_ids):
        sc = a.scenario(sid)
        with st.expander(sc.name.get(lang), expanded=s == 0):
            if sc.narrative is not None:
                st.markdown(sc.narrative.get(lang))
            if sc.extends is not None:
                st.caption(ctx.t("extends", name=a.scenario(sc.extends).name.get(lang)))
            if sc.from_evidence:
                st.caption(ctx.t("from_evidence", d=r.as_of.isoformat()))
            head = [
                ctx.t("indicator"),
                ctx.t("family"),
                ctx.t("low"),
                ctx.t("likely"),
                ctx.t("high"),
                ctx.t("overrides"),
            ]
            out = [f'<table class="taqdir" data-scenario="{html.escape(sid)}"><thead><tr>']
            out += [f"<th>{html.escape(h)}</th>" for h in head]
            out.append("</tr></thead><tbody>")
            for k, ind in enumerate(a.indicators):
                lo, li, hi = (raw_value(ind, float(r.raw[j, s, k]), lang) for j in range(3))
                mark = "✎" if ind.id in sc.values else ""
                cells = [ind.name.get(lang), fams[ind.family], lo, li, hi, mark]
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            out.append("</tbody></table>")
            st.markdown("".join(out), unsafe_allow_html=True)
            csv_table("".join(out), f"scenario-{sid}", lang)
