"""The Robustness page: how sure the call is, and how far the weights may move.

- Acceptability (SMAA-2): tier- and rank-acceptability heatmaps over Monte Carlo samples of the
  uncertain values and of the weights, with each scenario's likeliest tier said in words.
- Acceptability also gives SMAA's central weights (`dashboard.robust_more`).
- Tornado: each scenario's score swing as one value or one weight moves.
- Sobol indices and the evidence diagnostics (what to watch next, leave-one-out), each run by
  its button (too slow for every slider move) and cached (`dashboard.robust_more`).
- Stability: how far each weight slider of the sidebar can move before a tier changes
  ("can move from 0.58 to 1.57"), in the slider's own units and as a share of the total.
- AHP: a pairwise-comparison editor with its live consistency ratio, whose weights can be
  sent to the sidebar's sliders.

It uses the sidebar's assessment, profile, weights as set, method and date. Every number comes
from `engine.robust` (analyses, sensitivity, elicitation); this page only draws.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import streamlit as st

from dashboard import ahp_editor, i18n, limits
from dashboard import robust_charts as charts
from dashboard import robust_more as more
from dashboard.download import csv_button
from dashboard.i18n import step
from dashboard.labels import ltr
from dashboard.state import Context
from engine import robust

L = {
    "title": {"en": "How robust is the call?", "ar": "ما مدى متانة التقدير؟"},
    "intro": {
        "en": "Uncertain values and the weights are sampled together (SMAA-2): how often each "
        "scenario lands in each tier and at each rank. The other tabs show how far one input "
        "can move before the call changes.",
        "ar": "تُسحب القيم غير المؤكدة والأوزان معًا (SMAA-2): كم مرة يقع كل سيناريو في كل "
        "مستوى وفي كل مرتبة. وتبيِّن بقية الألسنة إلى أي حدّ يمكن أن يتحرك مُدخل واحد قبل أن "
        "يتغيَّر التقدير.",
    },
    "tab_acc": {"en": "Acceptability", "ar": "القبول"},
    "tab_tornado": {"en": "Tornado", "ar": "مخطط الإعصار"},
    "tab_stab": {"en": "Weight stability", "ar": "ثبات الأوزان"},
    "tab_ahp": {"en": "AHP weights", "ar": "أوزان AHP"},
    "model": {"en": "Weights sampled", "ar": "سحب الأوزان"},
    "profile": {"en": "around the weights as set", "ar": "حول الأوزان المضبوطة"},
    "uniform": {"en": "uniformly (nothing known)", "ar": "بانتظام (دون معرفة مسبقة)"},
    "samples": {"en": "Samples", "ar": "العيّنات"},
    "seed": {"en": "Seed", "ar": "البذرة"},
    "yardstick": {"en": "Words for probabilities", "ar": "عبارات الاحتمال"},
    "tier_heat": {"en": "Tier acceptability", "ar": "قبول المستويات"},
    "rank_heat": {"en": "Rank acceptability", "ar": "قبول الرتب"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "tier": {"en": "Tier", "ar": "المستوى"},
    "rank": {"en": "Rank", "ar": "المرتبة"},
    "share": {"en": "Share of samples", "ar": "نسبة العيّنات"},
    "first": {"en": "P(rank 1)", "ar": "احتمال المرتبة 1"},
    "confidence": {"en": "Confidence factor", "ar": "معامل الثقة"},
    "arabic_note": {
        "en": "The Arabic estimative terms are taqdir's own convention.",
        "ar": "المصطلحات التقديرية العربية اصطلاح خاص بتقدير.",
    },
    "no_tiers": {
        "en": "This method ranks scenarios against one another: there are no tiers, only ranks.",
        "ar": "هذه الطريقة ترتِّب السيناريوهات بعضها إلى بعض: لا مستويات، بل رتب فقط.",
    },
    "step": {"en": "Weight step (±)", "ar": "خطوة الوزن (±)"},
    "input": {"en": "Input", "ar": "المُدخل"},
    "range": {"en": "Range", "ar": "المدى"},
    "low_high": {"en": "Score at low → high", "ar": "الدرجة عند الأدنى → الأعلى"},
    "swing": {"en": "Swing", "ar": "التأرجح"},
    "value": {"en": "value", "ar": "قيمة"},
    "family weight": {"en": "family weight", "ar": "وزن عائلة"},
    "indicator weight": {"en": "indicator weight", "ar": "وزن مؤشر"},
    "stab_intro": {
        "en": "Each slider of the sidebar can move within this range, the others held, before "
        "any scenario changes tier. The bars show the same on a 0–1 scale: a family's share of "
        "all weight, an indicator's share of its family.",
        "ar": "يمكن لكل منزلق في الشريط الجانبي أن يتحرك ضمن هذا المدى، مع تثبيت البقية، قبل أن "
        "يتغيَّر مستوى أي سيناريو. وتُظهر الأشرطة المدى نفسه على سلّم من 0 إلى 1: حصة العائلة من "
        "مجموع الأوزان، وحصة المؤشر داخل عائلته.",
    },
    "stab_intro_top": {
        "en": "For this method: how far each slider can move before the top scenario changes.",
        "ar": "لهذه الطريقة: إلى أي حدّ يتحرك كل منزلق قبل أن يتغيَّر السيناريو الأول.",
    },
    "can_move": {
        "en": "can move from {lo} to {hi} before a tier changes",
        "ar": "يمكن أن يتحرك من {lo} إلى {hi} قبل أن يتغيَّر مستوى",
    },
    "can_move_top": {
        "en": "can move from {lo} to {hi} before the top scenario changes",
        "ar": "يمكن أن يتحرك من {lo} إلى {hi} قبل أن يتغيَّر السيناريو الأول",
    },
    "weight": {"en": "Weight", "ar": "الوزن"},
    "now": {"en": "Now", "ar": "الآن"},
    "first_change": {"en": "First change", "ar": "أول تغيُّر"},
    "none": {"en": "none", "ar": "لا شيء"},
    "ahp_of": {"en": "Compare", "ar": "قارِن"},
    "families": {"en": "the families", "ar": "العائلات"},
    "within": {"en": "indicators of {name}", "ar": "مؤشرات {name}"},
    "ahp_intro": {
        "en": "For each pair, how much more important is one than the other (Saaty's 1–9 "
        "scale: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely)?",
        "ar": "لكل زوج: كم يفوق أحدهما الآخر أهمية (سلّم ساعاتي 1–9: 1 متساويان، 3 بقدر معتدل، "
        "5 بقوة، 7 بقوة كبيرة، 9 بشكل مطلق)؟",
    },
    "equal": {"en": "equal", "ar": "متساويان"},
    "ri_table": {"en": "Random-index table", "ar": "جدول المؤشر العشوائي"},
    "cr": {"en": "Consistency ratio", "ar": "نسبة الاتساق"},
    "consistent": {"en": "consistent enough (≤ 0.1)", "ar": "متسقة بما يكفي (≤ 0.1)"},
    "use": {"en": "Use these weights in the sliders", "ar": "استخدم هذه الأوزان في المنزلقات"},
    "used": {"en": "The sliders now hold the AHP weights.", "ar": "صارت المنزلقات تحمل أوزان AHP."},
}


def t(key: str, lang: str, **values: object) -> str:
    text = L[key][lang]
    return text.format(**values) if values else text


def _names(a, lang: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {f.id: f.name.get(lang) for f in a.families}
    out.update({i.id: i.name.get(lang) for i in a.indicators})
    out.update({s.id: s.name.get(lang) for s in a.scenarios})
    out.update({tier.id: tier.name.get(lang) for tier in a.tiers})
    return out


def _acceptability(ctx: Context, st_: robust.Setting, names: dict[str, str]) -> None:
    lang = ctx.lang
    c1, c2, c3, c4 = st.columns(4)
    kind = c1.selectbox(
        t("model", lang),
        ["profile", "uniform"],
        format_func=lambda k: t(k, lang),
        key="rob_model",
        bind="query-params",
    )
    n = c2.selectbox(
        t("samples", lang),
        [5_000, 20_000, 100_000],
        index=1,
        key="rob_samples",
        bind="query-params",
    )
    seed = c3.number_input(
        t("seed", lang), min_value=0, value=1, step=1, key="rob_seed", bind="query-params"
    )
    yard = c4.selectbox(
        t("yardstick", lang),
        ["icd203", "phia"],
        format_func=str.upper,
        key="rob_yardstick",
        bind="query-params",
    )
    a = ctx.assessment
    too_many = limits.sampling_problem(len(a.scenarios), len(a.indicators), int(n))
    if too_many:  # beyond what one session may sample (dashboard/limits.py)
        st.warning(
            i18n.t("acceptability_too_large", lang, detail=too_many), icon=":material/speed:"
        )
        return
    limits.stop_if_closed()
    res = robust.acceptability(
        st_, robust.weight_model(st_, kind), samples=int(n), seed=int(seed), yardstick=yard
    )
    acc = res.acc
    order = [names[st_.ids[s]] for s in np.argsort(st_.ranks, kind="stable")]
    if acc.tier is not None:
        lines = "\n".join(f"- {html.escape(res.sentence(s, lang))}" for s in range(len(st_.ids)))
        st.markdown(lines)
        st.caption(t("arabic_note", lang))
        st.subheader(t("tier_heat", lang))
        tiers = [names[tid] for tid in st_.tier_ids]
        rows = [
            {"scenario": names[sid], "tier": tiers[k], "p": float(acc.tier[s, k])}
            for s, sid in enumerate(st_.ids)
            for k in range(len(tiers))
        ]
        charts.draw(charts.heatmap(rows, "tier", tiers, order, t("share", lang)))
    else:
        st.info(t("no_tiers", lang), icon=":material/info:")
    st.subheader(t("rank_heat", lang))
    ranks = [str(r + 1) for r in range(len(st_.ids))]
    rows = [
        {"scenario": names[sid], "rank": ranks[r], "p": float(acc.rank[s, r])}
        for s, sid in enumerate(st_.ids)
        for r in range(len(ranks))
    ]
    charts.draw(charts.heatmap(rows, "rank", ranks, order, t("share", lang)))
    body = "".join(
        f"<tr><td>{html.escape(names[sid])}</td><td>{ltr(f'{acc.first[s]:.1%}')}</td>"
        f"<td>{ltr('—' if math.isnan(acc.confidence[s]) else f'{acc.confidence[s]:.1%}')}</td></tr>"
        for s, sid in enumerate(st_.ids)
    )
    st.markdown(
        f'<table class="taqdir" id="robust-acceptability"><thead><tr>'
        f"<th>{t('scenario', lang)}</th><th>{t('first', lang)}</th>"
        f"<th>{t('confidence', lang)}</th></tr></thead><tbody>{body}</tbody></table>",
        unsafe_allow_html=True,
    )
    csv_button(
        [
            {
                t("scenario", lang): names[sid],
                t("first", lang): float(acc.first[s]),
                t("confidence", lang): None
                if math.isnan(acc.confidence[s])
                else float(acc.confidence[s]),
            }
            for s, sid in enumerate(st_.ids)
        ],
        "acceptability",
        lang,
    )
    more.central_weights(ctx, res, names)


def _tornado(ctx: Context, st_: robust.Setting, names: dict[str, str]) -> None:
    lang = ctx.lang
    c1, c2 = st.columns([2, 1])
    sid = c1.selectbox(
        t("scenario", lang),
        list(st_.ids),
        index=st_.baseline(),
        format_func=lambda s: names[s],
        key="rob_tornado_scenario",
        bind="query-params",
    )
    step = c2.slider(t("step", lang), 0.01, 0.3, 0.1, 0.01, key="rob_step", bind="query-params")
    s = st_.index(sid)
    bars = robust.tornado(st_, step).bars(s)[:12]
    base = float(st_.scores[s])
    rows = [
        {
            "input": f"{names[b['id']]} ({t(b['kind'], lang)})",
            "lo": min(b["score"]),
            "hi": max(b["score"]),
            "kind": t(b["kind"], lang),
            "swing": b["swing"],
        }
        for b in bars
    ]
    order = [r["input"] for r in rows]
    charts.draw(charts.tornado(rows, order, base, t("low_high", lang)))
    cells = []
    for r, b in zip(rows, bars, strict=True):
        (i0, i1), (s0, s1), sw = b["input"], b["score"], b["swing"]
        cells.append(
            f"<tr><td>{html.escape(r['input'])}</td><td>{ltr(f'{i0:.3g} – {i1:.3g}')}</td>"
            f"<td>{ltr(f'{s0:.1f} → {s1:.1f}')}</td><td>{ltr(f'{sw:.1f}')}</td></tr>"
        )
    body = "".join(cells)
    head = "".join(f"<th>{t(k, lang)}</th>" for k in ("input", "range", "low_high", "swing"))
    st.markdown(
        f'<table class="taqdir" id="robust-tornado"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>",
        unsafe_allow_html=True,
    )
    heads = [t(k, lang) for k in ("input", "range", "low_high", "swing")]
    csv_button(
        [
            dict(
                zip(
                    heads,
                    [
                        r["input"],
                        f"{b['input'][0]:.6g}–{b['input'][1]:.6g}",
                        f"{b['score'][0]:.6g}→{b['score'][1]:.6g}",
                        b["swing"],
                    ],
                    strict=True,
                )
            )
            for r, b in zip(rows, bars, strict=True)
        ],
        "tornado",
        lang,
    )


def _fmt(v: float) -> str:
    return "∞" if math.isinf(v) else f"{v:.2f}"


def _stability(ctx: Context, st_: robust.Setting, names: dict[str, str]) -> None:
    lang = ctx.lang
    st.caption(t("stab_intro" if st_.absolute else "stab_intro_top", lang))
    key = "can_move" if st_.absolute else "can_move_top"
    sliders = robust.slider_stability(st_)
    rows, chart_rows, csv_rows = [], [], []

    def what(ch, at: float) -> str:  # type: ignore[no-untyped-def]
        if ch is None:
            return ""
        moved = (
            f"{names[st_.ids[ch.scenario]]}: "
            + step(names[st_.tier_ids[ch.before]], names[st_.tier_ids[ch.after]], lang)
            if st_.absolute
            else step(names[st_.ids[ch.before]], names[st_.ids[ch.after]], lang)
        )
        return f"{ltr(_fmt(at))} {html.escape(moved)}"

    for wid, s in sliders.items():
        label = names[wid[2:]]
        first = "<br>".join(x for x in (what(s.below, s.lo), what(s.above, s.hi)) if x)
        first = first or html.escape(t("none", lang))
        sentence = t(key, lang, lo=_fmt(s.lo), hi=_fmt(s.hi))
        rows.append(
            f"<tr><td>{html.escape(label)}</td><td>{ltr(f'{s.value:.2f}')}</td>"
            f"<td>{html.escape(sentence)}</td><td>{first}</td></tr>"
        )
        now, lo, hi = s.normalised
        chart_rows.append({"item": label, "now": now, "lo": lo, "hi": hi, "family": wid[0] == "f"})
        csv_rows.append(
            {
                t("input", lang): label,
                t("now", lang): s.value,
                t("range", lang): sentence,
                t("first_change", lang): html.unescape(
                    re.sub("<[^>]+>", "", first.replace("<br>", "; "))
                ),
            }
        )
    head = "".join(f"<th>{t(k, lang)}</th>" for k in ("input", "now", "range", "first_change"))
    st.markdown(
        f'<table class="taqdir" id="robust-stability"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>",
        unsafe_allow_html=True,
    )
    csv_button(csv_rows, "stability", lang)
    order = [r["item"] for r in chart_rows]
    charts.draw(charts.intervals(chart_rows, order, t("weight", lang)))


def render(ctx: Context) -> None:
    lang = ctx.lang
    st.header(t("title", lang))
    st.caption(t("intro", lang))
    if ctx.result is None or ctx.request is None:
        return  # the app already says why the weights cannot be used
    names = _names(ctx.assessment, lang)
    st_ = robust.prepare(ctx.assessment, ctx.request)
    labels = {
        code: [
            t("tab_acc", code),
            t("tab_tornado", code),
            more.t("tab_sobol", code),
            more.t("tab_diag", code),
            t("tab_stab", code),
            t("tab_ahp", code),
        ]
        for code in i18n.LANGS
    }
    for code, names_ in labels.items():  # the open tab stays open across a language switch
        if code != lang and st.session_state.get("rob_tab") in names_:
            st.session_state["rob_tab"] = labels[lang][names_.index(st.session_state["rob_tab"])]
    tabs = st.tabs(
        labels[lang],
        key="rob_tab",
        bind="query-params",  # the link carries the tab
        on_change="rerun",  # only the open tab is computed and drawn (speed after a slider)
    )
    draw = [
        lambda: _acceptability(ctx, st_, names),
        lambda: _tornado(ctx, st_, names),
        lambda: more.sobol_tab(ctx, st_, names),
        lambda: more.diagnostics_tab(ctx, st_, names),
        lambda: _stability(ctx, st_, names),
        lambda: ahp_editor.render(ctx, names, t),
    ]
    for tab, body in zip(tabs, draw, strict=True):
        if tab.open is False:  # None (state not tracked, as in some tests): draw it
            continue
        with tab:
            limits.stop_if_closed()
            body()
