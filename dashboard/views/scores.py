"""The Scores page: every scenario's score, tier and rank under the weights as set, what moved
against the profile's own weights, why (contributions), and the uncertainty when sampled."""

from __future__ import annotations

import html

import numpy as np
import streamlit as st

from dashboard import charts, drill
from dashboard.download import csv_button, csv_table
from dashboard.i18n import isolate, num, pct, signed
from dashboard.state import Context
from dashboard.style import text_on, tier_colors
from engine import ScoreResult


def _chip(name: str, color: str, cls: str = "") -> str:
    return (
        f'<span class="chip {cls}" style="background:{color};color:{text_on(color)}">'
        f"{html.escape(name)}</span>"
    )


def _n(text: str) -> str:
    return f'<span class="num">{html.escape(text)}</span>'


def headline_index(r: ScoreResult) -> int:
    """The scenario to headline: the baseline (`Assessment.baseline_id`)."""
    return r.scenario_ids.index(r.assessment.baseline_id(r.scenario_ids))


def moved_rows(r: ScoreResult, ref: ScoreResult) -> list[int]:
    """Scenarios whose tier or rank differs from the profile's own weights."""
    return [
        s
        for s in range(len(r.scenario_ids))
        if r.tier_index[s] != ref.tier_index[s] or r.ranks[s] != ref.ranks[s]
    ]


def _headline(ctx: Context, r: ScoreResult, ref: ScoreResult) -> None:
    a, lang = ctx.assessment, ctx.lang
    s = headline_index(r)
    top = int(np.argmin(r.ranks))
    moved = moved_rows(r, ref)
    c1, c2, c3 = st.columns(3)
    delta = round(float(r.scores[s] - ref.scores[s]), 1) if ctx.moved else None
    c1.metric(
        f"{ctx.t('baseline')}: {a.scenario(r.scenario_ids[s]).name.get(lang)}",
        f"{r.scores[s]:.1f}",
        delta=delta,
        delta_color="off",  # a lower score is not "bad": colour would read as a judgement
        delta_description=ctx.t("vs_profile") if delta is not None else None,
        border=True,
    )
    colors = _colors(r)
    c1.markdown(_chip(r.tier_name(s, lang), colors[int(r.tier_index[s])]), unsafe_allow_html=True)
    c2.metric(ctx.t("top"), a.scenario(r.scenario_ids[top]).name.get(lang), border=True)
    c2.markdown(
        _chip(r.tier_name(top, lang), colors[int(r.tier_index[top])]), unsafe_allow_html=True
    )
    count = isolate(f"{len(moved)} / {len(r.scenario_ids)}", lang)  # not "6 / 0" in Arabic
    c3.metric(ctx.t("moved_count"), count, border=True)
    c3.caption(ctx.t("vs_profile"))


def _colors(r: ScoreResult) -> list[str]:
    return tier_colors([tier.color for tier in r.assessment.tiers])


def _what_moved(ctx: Context, r: ScoreResult, ref: ScoreResult) -> None:
    a, lang = ctx.assessment, ctx.lang
    st.subheader(ctx.t("what_moved"))
    if not ctx.moved:
        st.info(ctx.t("nothing_moved_same"), icon=":material/tune:")
        return
    lines = []
    for s in moved_rows(r, ref):
        name = a.scenario(r.scenario_ids[s]).name.get(lang)
        if r.tier_index[s] != ref.tier_index[s]:
            lines.append(
                ctx.t(
                    "moved_tier",
                    name=name,
                    old=ref.tier_name(s, lang),
                    new=r.tier_name(s, lang),
                    a=num(ref.scores[s], lang),
                    b=num(r.scores[s], lang),
                )
            )
        if r.ranks[s] != ref.ranks[s]:
            lines.append(ctx.t("moved_rank", name=name, old=int(ref.ranks[s]), new=int(r.ranks[s])))
    if lines:
        st.warning("\n".join(f"- {line}" for line in lines), icon=":material/swap_vert:")
    else:
        most = float(np.max(np.abs(r.scores - ref.scores)))
        st.info(ctx.t("nothing_moved", d=num(most, lang)), icon=":material/check:")


def ranking_table(ctx: Context, r: ScoreResult, ref: ScoreResult) -> str:
    """The ranking as HTML: moved rows highlighted, numbers isolated left to right.

    Each score cell carries `data-scenario` and the engine's exact `data-score`, so tests
    can check the page against the engine without parsing rounded text.
    """
    a, lang = ctx.assessment, ctx.lang
    colors = _colors(r)
    u = r.uncertainty
    head = [ctx.t("rank"), ctx.t("scenario"), ctx.t("score"), ctx.t("delta"), ctx.t("tier")]
    if u is not None:
        head += [ctx.t("interval"), ctx.t("p_tier")]
    numeric = {0, 2, 3, 5, 6}
    out = ['<table class="taqdir" id="ranking"><thead><tr>']
    out += [
        f'<th class="{"n" if i in numeric else ""}">{html.escape(h)}</th>'
        for i, h in enumerate(head)
    ]
    out.append("</tr></thead><tbody>")
    moved = set(moved_rows(r, ref))
    for s in sorted(range(len(r.scenario_ids)), key=lambda i: (r.ranks[i], i)):
        sid = r.scenario_ids[s]
        rank, was = int(r.ranks[s]), int(ref.ranks[s])
        arrow = ""
        if rank < was:
            arrow = f' <span class="up">▲{was - rank}</span>'
        elif rank > was:
            arrow = f' <span class="down">▼{rank - was}</span>'
        tier = _chip(r.tier_name(s, lang), colors[int(r.tier_index[s])])
        if r.tier_index[s] != ref.tier_index[s]:
            tier = _chip(ref.tier_name(s, lang), colors[int(ref.tier_index[s])], "was") + tier
        delta = float(r.scores[s] - ref.scores[s])
        cells = [
            f'<td class="n">{_n(str(rank))}{arrow}</td>',
            f"<td>{html.escape(a.scenario(sid).name.get(lang))}</td>",
            f'<td class="n score" data-scenario="{html.escape(sid)}" '
            f'data-score="{float(r.scores[s])!r}"><b>{_n(f"{r.scores[s]:.1f}")}</b></td>',
            f'<td class="n">{_n(signed(delta, "en"))}</td>',
            f"<td>{tier}</td>",
        ]
        if u is not None:
            cells.append(f'<td class="n">{_n(f"{u.p05[s]:.1f} – {u.p95[s]:.1f}")}</td>')
            cells.append(
                f'<td class="n">{_n(pct(u.tier_probabilities[s, r.tier_index[s]], "en", 0))}</td>'
            )
        out.append(f'<tr class="{"moved" if s in moved else ""}">{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _detail(ctx: Context, r: ScoreResult) -> None:
    a, lang = ctx.assessment, ctx.lang
    names = {sid: a.scenario(sid).name.get(lang) for sid in r.scenario_ids}
    sid = st.selectbox(ctx.t("detail_for"), r.scenario_ids, format_func=names.get, key="detail")
    s = r.scenario_ids.index(sid)
    fams = {f.id: f.name.get(lang) for f in a.families}
    rows = [
        {
            ctx.t("indicator"): r.contribution_label(s, ind.id, lang),
            ctx.t("family"): fams[ind.family],
            ctx.t("intensity"): float(r.intensities[s, k]),
            ctx.t("eff_weight"): float(100 * r.weights[k]),
            ctx.t("points"): float(r.contributions[s, k]),
        }
        for k, ind in enumerate(a.indicators)
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=35 * (len(rows) + 1) + 3,
        column_config={
            ctx.t("intensity"): st.column_config.ProgressColumn(
                ctx.t("intensity"), min_value=0.0, max_value=1.0, format="%.2f"
            ),
            ctx.t("eff_weight"): st.column_config.NumberColumn(format="%.1f%%"),
            ctx.t("points"): st.column_config.NumberColumn(format="%.2f"),
        },
    )
    csv_button(rows, f"contributions-{sid}", lang)
    cov = r.coverage(s)
    st.caption(COVERAGE[lang].format(**{k: f"\u2066{100 * v:.0f}%\u2069" for k, v in cov.items()}))


def _pick(ctx: Context, r: ScoreResult, bars: object, parts: object, by: str) -> None:
    """A click on a scenario's bar or on a contribution chooses the scenario of the detail
    and of the drill-down (and, for a contribution, the family or indicator to focus on).
    Each click is applied once, so choosing in the selectbox afterwards still works."""
    lang = ctx.lang
    labels = dict(zip(charts.scenario_labels(r, lang), r.scenario_ids, strict=True))
    clicks = [("bar", p) for p in drill.picked(bars)] + [("part", p) for p in drill.picked(parts)]
    seen = repr(clicks)
    if not clicks or seen == st.session_state.get("pick_seen"):
        st.session_state["pick_seen"] = seen
        return
    st.session_state["pick_seen"] = seen
    kind, point = clicks[-1]
    sid = labels.get(str(point.get("scenario")))
    if sid is None:
        return
    st.session_state["detail"] = sid
    focus = None
    if kind == "part":
        a = ctx.assessment
        if by == "family":
            names = {f.name.get(lang): f.id for f in a.families}
        else:
            names = {i.name.get(lang): i.id for i in a.indicators}
        part = names.get(str(point.get("part")))
        if part is not None:
            focus = (by, part, str(point.get("part")))
    st.session_state["drill_focus"] = focus


def _behind(ctx: Context, r: ScoreResult) -> None:
    """The drill-down of the scenario chosen (by a click or in the detail's selectbox)."""
    sid = st.session_state.get("detail")
    if sid not in r.scenario_ids:
        return
    focus = st.session_state.get("drill_focus")
    only, what = None, ""
    if focus is not None:
        kind, fid, what = focus
        a = ctx.assessment
        only = [i.id for i in a.indicators if (i.family if kind == "family" else i.id) == fid]
    drill.draw(r, r.scenario_ids.index(sid), ctx.lang, only, what)


COVERAGE = {
    "en": "Weight resting on evidence {evidence}, on defaults {default} (indicators marked *: "
    "no evidence known, their when_no_evidence is used), on what-if values {assumption}.",
    "ar": "الوزن القائم على الأدلة {evidence}، وعلى القيم الافتراضية {default} (المؤشرات "
    "المعلَّمة بـ *: لا أدلة معروفة، وتُستخدم قيمة \u2066when_no_evidence\u2069)، وعلى قيم "
    "السيناريو {assumption}.",
}
"""The scenario's coverage under its contributions table, in both languages."""


def _weights(ctx: Context, r: ScoreResult) -> None:
    """Each indicator's weight as set and its effective, normalised share (total 100%)."""
    a, lang = ctx.assessment, ctx.lang
    fams = {f.id: f.name.get(lang) for f in a.families}
    rows = [
        {
            ctx.t("indicator"): ind.name.get(lang),
            ctx.t("family"): fams[ind.family],
            ctx.t("weight_set"): f"{ctx.families[ind.family]:g} × {ctx.shares[ind.id]:g}",
            ctx.t("weight_pct"): float(100 * r.weights[k]),
        }
        for k, ind in enumerate(a.indicators)
    ]
    rows.append(
        {
            ctx.t("indicator"): ctx.t("total"),
            ctx.t("family"): "",
            ctx.t("weight_set"): "",
            ctx.t("weight_pct"): float(100 * r.weights.sum()),
        }
    )
    with st.expander(ctx.t("eff_weights"), icon=":material/percent:"):
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            height=35 * (len(rows) + 1) + 3,
            column_config={ctx.t("weight_pct"): st.column_config.NumberColumn(format="%.1f%%")},
        )
        csv_button(rows, "weights", lang)


def render(ctx: Context) -> None:
    r, ref = ctx.result, ctx.reference
    if r is None or ref is None:
        return
    lang = ctx.lang
    _headline(ctx, r, ref)
    _what_moved(ctx, r, ref)
    st.subheader(ctx.t("ranking"))
    ranking = ranking_table(ctx, r, ref)
    st.markdown(ranking, unsafe_allow_html=True)
    csv_table(ranking, "ranking", lang)
    st.subheader(ctx.t("score_chart"))
    bars = st.vega_lite_chart(
        spec=charts.scores(r, ref if ctx.moved else None, lang),
        width="stretch",
        on_select="rerun",
        selection_mode="pick",
        key="pick_scores",
    )
    if r.uncertainty is not None:
        u = r.uncertainty
        st.subheader(ctx.t("tier_probs"))
        conc = "∞" if np.isinf(u.concentration) else f"{u.concentration:g}"
        st.caption(ctx.t("sampling_note", n=f"{u.samples:,}", seed=u.seed, c=conc))
        st.vega_lite_chart(spec=charts.tier_probabilities(r, lang), width="stretch")
    st.subheader(ctx.t("contributions"))
    by = st.segmented_control(
        ctx.t("contributions"),
        ("family", "indicator"),
        format_func=lambda b: ctx.t(f"by_{b}"),
        key="by",
        default="family",
        required=True,
        label_visibility="collapsed",
    )
    parts = st.vega_lite_chart(
        spec=charts.contributions(r, lang, by or "family"),
        width="stretch",
        on_select="rerun",
        selection_mode="pick",
        key=f"pick_parts_{by or 'family'}",
    )
    _pick(ctx, r, bars, parts, by or "family")
    _detail(ctx, r)
    _behind(ctx, r)
    _weights(ctx, r)
