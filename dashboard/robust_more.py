"""More of the Robustness page, as the command line has it (`taqdir sensitivity -k sobol`,
`-k diagnostics`, `-k smaa`): Sobol indices, the evidence diagnostics (what to watch next and
leave-one-out), and SMAA's central weights.

Sobol (about a second and a half for 4,096 base samples) and the diagnostics (a third of a
second for 20,000 samples) are too slow for every slider move, so each runs when its button is
pressed; the result is cached by plain values (the assessment's hash, the weights as set, the
method, the date and the tab's own settings) and stays on the page until a setting changes;
then the page says so and offers the button again (settings changed back show the cached
figures at once).
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from dashboard import limits
from dashboard import robust_charts as charts
from dashboard.download import csv_button
from dashboard.i18n import step
from dashboard.labels import ltr
from dashboard.state import Context
from engine import input_hash, robust

L = {
    "tab_sobol": {"en": "Sobol indices", "ar": "مؤشرات سوبول"},
    "tab_diag": {"en": "Diagnostics", "ar": "التشخيص"},
    "sobol_intro": {
        "en": "How much of the score's variance each uncertain value and each family weight "
        "(moved uniformly by ± the step) explains: first order alone, total with its "
        "interactions (Saltelli 2010 estimator, as `taqdir sensitivity -k sobol`).",
        "ar": "كم يفسِّر كل قيمة غير مؤكدة وكل وزن عائلة (يتحرك بانتظام بمقدار ± الخطوة) من "
        "تباين الدرجة: الرتبة الأولى وحدها، والكلي مع تفاعلاته (مقدِّر سالتيلي 2010، كما في "
        "`taqdir sensitivity -k sobol`).",
    },
    "diag_intro": {
        "en": "Which indicators tell the scenarios apart, which to watch next (how far learning "
        "each one's value could move the focus scenario's tier probabilities), and which "
        "evidence items the call rests on (each left out in turn), as `taqdir sensitivity -k "
        "diagnostics`.",
        "ar": "أيّ المؤشرات تميِّز بين السيناريوهات، وأيّها يُراقَب بعدُ (إلى أي حدّ قد تحرِّك "
        "معرفةُ قيمته احتمالاتِ مستويات السيناريو المدروس)، وعلى أيّ الأدلة يقوم التقدير "
        "(بحذف كلٍّ منها بدوره)، كما في `taqdir sensitivity -k diagnostics`.",
    },
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "step": {"en": "Weight step (±)", "ar": "خطوة الوزن (±)"},
    "base": {"en": "Base samples", "ar": "العيّنات الأساسية"},
    "samples": {"en": "Samples", "ar": "العيّنات"},
    "seed": {"en": "Seed", "ar": "البذرة"},
    "compute": {"en": "Compute", "ar": "احسب"},
    "press": {
        "en": "Press Compute: this takes about a second, so it does not run on every slider move.",
        "ar": "اضغط «احسب»: يستغرق ذلك نحو ثانية، لذا لا يُحسب مع كل تحريك لمنزلق.",
    },
    "stale": {
        "en": "The settings changed since these figures were computed: press Compute again.",
        "ar": "تغيَّرت الإعدادات منذ حُسبت هذه الأرقام: اضغط «احسب» مجددًا.",
    },
    "input": {"en": "Input", "ar": "المُدخل"},
    "first": {"en": "First order", "ar": "الرتبة الأولى"},
    "total": {"en": "Total", "ar": "الكلي"},
    "index": {"en": "Sobol index", "ar": "مؤشر سوبول"},
    "order": {"en": "Order", "ar": "الرتبة"},
    "weight_of": {"en": "{name} (weight)", "ar": "{name} (الوزن)"},
    "variance": {"en": "Variance of the score: {v}", "ar": "تباين الدرجة: {v}"},
    "no_absolute": {
        "en": "Diagnostics need a method with tiers (arithmetic, geometric or TOPSIS).",
        "ar": "يتطلب التشخيص طريقة ذات مستويات (حسابي أو هندسي أو TOPSIS).",
    },
    "diagnosticity": {"en": "Diagnosticity", "ar": "القدرة التمييزية"},
    "weight": {"en": "Weight", "ar": "الوزن"},
    "spread": {"en": "Spread (points)", "ar": "التباعد (نقاط)"},
    "diagnostic": {"en": "Diagnostic", "ar": "مميِّز"},
    "yes": {"en": "yes", "ar": "نعم"},
    "no": {"en": "no", "ar": "لا"},
    "watch": {"en": "What to watch next", "ar": "ما يُراقَب بعدُ"},
    "range": {"en": "Range", "ar": "المدى"},
    "move": {
        "en": "Tier probabilities moved at low | high",
        "ar": "تحرُّك احتمالات المستويات عند الأدنى | الأعلى",
    },
    "no_evidence": {
        "en": "* no evidence known on the date: the value ranges as its when_no_evidence says.",
        "ar": "* لا أدلة معروفة في التاريخ: تتراوح القيمة كما تقول \u2066when_no_evidence\u2069.",
    },
    "loo": {"en": "Leave one out", "ar": "حذف دليل واحد"},
    "evidence": {"en": "Evidence", "ar": "الدليل"},
    "delta": {"en": "Score change", "ar": "تغيُّر الدرجة"},
    "tier_changes": {"en": "Tier changes", "ar": "تغيُّرات المستوى"},
    "none": {"en": "none", "ar": "لا شيء"},
    "no_items": {"en": "No evidence is known on the date.", "ar": "لا أدلة معروفة في التاريخ."},
    "central": {"en": "Central weights", "ar": "الأوزان المركزية"},
    "central_intro": {
        "en": "For each scenario, the mean family weights among the samples in which it ranks "
        "first: the typical weighting that makes it the call.",
        "ar": "لكل سيناريو: متوسط أوزان العائلات في العيّنات التي يحتل فيها المرتبة الأولى، أي "
        "الترجيح النموذجي الذي يجعله هو التقدير.",
    },
    "never": {"en": "never first", "ar": "لم يحتل الأولى قط"},
}


def t(key: str, lang: str, **values: object) -> str:
    text = L[key][lang]
    return text.format(**values) if values else text


def _key(ctx: Context) -> tuple[str, str, str, str]:
    """What the page's analyses depend on besides their own settings, as plain values."""
    req = ctx.request
    assert req is not None
    return (
        input_hash(ctx.assessment),
        req.profile.model_dump_json(),
        req.method,
        req.as_of.isoformat(),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _sobol(
    key: tuple[str, ...], s: int, step_: float, n: int, seed: int, _st: robust.Setting
) -> dict[str, Any]:
    return robust.sobol(_st, [s], step=step_, n=n, seed=seed).to_json()


@st.cache_data(show_spinner=False, max_entries=16)
def _diagnose(
    key: tuple[str, ...], s: int, samples: int, seed: int, _st: robust.Setting
) -> dict[str, Any]:
    return robust.diagnose(_st, robust.weight_model(_st), s, samples=samples, seed=seed)


def _on_press(name: str, params: tuple, lang: str) -> bool:
    """A Compute button: True when the figures for `params` are to be shown."""
    if st.button(t("compute", lang), key=f"{name}_go", icon=":material/calculate:"):
        st.session_state[f"{name}_for"] = params
    done = st.session_state.get(f"{name}_for")
    if done == params:
        return True
    st.info(t("stale" if done is not None else "press", lang), icon=":material/schedule:")
    return False


def _scenario(ctx: Context, st_: robust.Setting, names: dict[str, str], key: str, col) -> int:
    sid = col.selectbox(
        t("scenario", ctx.lang),
        list(st_.ids),
        index=st_.baseline(),
        format_func=lambda s: names[s],
        key=key,
    )
    return st_.index(sid)


def _table(table_id: str, heads: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<table class="taqdir" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def sobol_tab(ctx: Context, st_: robust.Setting, names: dict[str, str]) -> None:
    lang = ctx.lang
    st.caption(t("sobol_intro", lang))
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    s = _scenario(ctx, st_, names, "rob_sobol_scenario", c1)
    step_ = c2.slider(t("step", lang), 0.01, 0.3, 0.1, 0.01, key="rob_sobol_step")
    n = c3.selectbox(t("base", lang), [512, 1024, 4096], index=1, key="rob_sobol_n")
    seed = c4.number_input(t("seed", lang), min_value=0, value=1, step=1, key="rob_sobol_seed")
    params = (_key(ctx), s, float(step_), int(n), int(seed))
    if not _on_press("rob_sobol", params, lang):
        return
    limits.stop_if_closed()
    data = _sobol(*params, _st=st_)
    res = data["results"][0]
    st.caption(t("variance", lang, v=ltr(f"{res['variance']:.2f}")), unsafe_allow_html=True)

    def label(row: dict[str, Any]) -> str:
        name = names[row["id"]]
        return name if row["kind"] == "value" else t("weight_of", lang, name=name)

    labels = [label(row) for row in res["indices"]]
    chart_rows = [
        {"input": lab, "order": t(o, lang), "value": float(row[o])}
        for lab, row in zip(labels, res["indices"], strict=True)
        for o in ("first", "total")
    ]
    charts.draw(
        charts.sobol(chart_rows, labels, [t("first", lang), t("total", lang)], t("index", lang))
    )
    rows = [
        [html.escape(lab), ltr(f"{row['first']:.3f}"), ltr(f"{row['total']:.3f}")]
        for lab, row in zip(labels, res["indices"], strict=True)
    ]
    heads = [t("input", lang), t("first", lang), t("total", lang)]
    st.markdown(_table("robust-sobol", heads, rows), unsafe_allow_html=True)
    csv_button(
        [
            dict(zip(heads, [lab, row["first"], row["total"]], strict=True))
            for lab, row in zip(labels, res["indices"], strict=True)
        ],
        "sobol",
        lang,
    )


def diagnostics_tab(ctx: Context, st_: robust.Setting, names: dict[str, str]) -> None:
    lang = ctx.lang
    st.caption(t("diag_intro", lang))
    if not st_.absolute:
        st.info(t("no_absolute", lang), icon=":material/info:")
        return
    c1, c2, c3 = st.columns([2, 1, 1])
    s = _scenario(ctx, st_, names, "rob_diag_scenario", c1)
    n = c2.selectbox(t("samples", lang), [5_000, 20_000], index=1, key="rob_diag_samples")
    seed = c3.number_input(t("seed", lang), min_value=0, value=1, step=1, key="rob_diag_seed")
    params = (_key(ctx), s, int(n), int(seed))
    if not _on_press("rob_diag", params, lang):
        return
    limits.stop_if_closed()
    data = _diagnose(*params, _st=st_)
    tiers = dict(zip(st_.tier_ids, (names[x] for x in st_.tier_ids), strict=True))
    # what to watch next
    st.subheader(t("watch", lang))
    heads = [t("input", lang), t("range", lang), t("move", lang)]
    watch, watch_csv = [], []
    for row in data["collection_priorities"]["indicators"]:
        name = names[row["indicator"]] + ("*" if row["source"] == "default" else "")
        lo, hi = row["range"]
        watch.append(
            [
                html.escape(name),
                ltr(f"{lo:.3g} – {hi:.3g}"),
                # each number isolated, the pair in the page's direction: "at low | high"
                # reads the same way as its header in Arabic too
                f"{ltr(format(row['move_low'], '.1%'))} | {ltr(format(row['move_high'], '.1%'))}",
            ]
        )
        watch_csv.append(
            dict(zip(heads, [name, f"{lo:.6g}–{hi:.6g}", row["priority"]], strict=True))
        )
    st.markdown(_table("robust-watch", heads, watch), unsafe_allow_html=True)
    if any(row["source"] == "default" for row in data["collection_priorities"]["indicators"]):
        st.caption(t("no_evidence", lang))
    csv_button(watch_csv, "watch-next", lang)
    # leave one out
    st.subheader(t("loo", lang))
    focus = data["focus"]
    items = data["leave_one_out"]["items"]
    if not items:
        st.info(t("no_items", lang))
    heads = [t("evidence", lang), t("delta", lang), t("tier_changes", lang)]
    loo, loo_csv = [], []
    for row in items:
        changes = "; ".join(
            f"{names[c['scenario']]}: {step(tiers[c['from']], tiers[c['to']], lang)}"
            for c in row["tier_changes"]
        ) or t("none", lang)
        delta = row["score_change"][focus]
        loo.append(
            [
                ltr(f"{row['evidence']} ({row['grade']})"),
                ltr(f"{delta:+.1f}"),
                html.escape(changes),
            ]
        )
        loo_csv.append(dict(zip(heads, [row["evidence"], delta, changes], strict=True)))
    if items:
        st.markdown(_table("robust-loo", heads, loo), unsafe_allow_html=True)
        csv_button(loo_csv, "leave-one-out", lang)
    # diagnosticity
    st.subheader(t("diagnosticity", lang))
    heads = [t("input", lang), t("weight", lang), t("spread", lang), t("diagnostic", lang)]
    diag, diag_csv = [], []
    for row in data["diagnosticity"]["indicators"]:
        yes = t("yes" if row["diagnostic"] else "no", lang)
        diag.append(
            [
                html.escape(names[row["indicator"]]),
                ltr(f"{row['weight']:.3f}"),
                ltr(f"{row['spread_points']:.1f}"),
                html.escape(yes),
            ]
        )
        values = [names[row["indicator"]], row["weight"], row["spread_points"], yes]
        diag_csv.append(dict(zip(heads, values, strict=True)))
    st.markdown(_table("robust-diagnosticity", heads, diag), unsafe_allow_html=True)
    csv_button(diag_csv, "diagnosticity", lang)


def central_weights(ctx: Context, res: robust.AcceptabilityResult, names: dict[str, str]) -> None:
    """SMAA's central family weights per scenario (under the acceptability heatmaps)."""
    lang = ctx.lang
    st.subheader(t("central", lang))
    st.caption(t("central_intro", lang))
    data = res.to_json()
    families = [f.id for f in ctx.assessment.families]
    heads = [t("scenario", lang), *(names[f] for f in families)]
    rows, csv_rows = [], []
    for row in data["results"]:
        central = row["central_family_weights"]
        name = names[row["scenario"]]
        if central is None:
            cells = [html.escape(t("never", lang))] * len(families)
            values: list[object] = [t("never", lang)] * len(families)
        else:
            cells = [ltr(f"{central[f]:.1%}") for f in families]
            values = [central[f] for f in families]
        rows.append([html.escape(name), *cells])
        csv_rows.append(dict(zip(heads, [name, *values], strict=True)))
    st.markdown(_table("robust-central", heads, rows), unsafe_allow_html=True)
    csv_button(csv_rows, "central-weights", lang)
