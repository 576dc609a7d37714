"""The Runs page: pick a stored batch run, filter its rows by profile, method and tier, see the
score distributions per profile, and for a grid sweep of two indicators (or more, the others
fixed) the "tipping map": the tier of every cell over the two raw values.

Runs come from the run store (`TAQDIR_HOME`), not from the sidebar's assessment: each run
carries its own. Every number comes from `engine.runs.explore`.
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from dashboard.download import csv_button
from dashboard.i18n import isolate, num
from dashboard.i18n import t as app_t
from dashboard.state import Context
from dashboard.style import tier_colors
from engine import runs

L = {
    "title": {"en": "Stored batch runs", "ar": "تشغيلات الدفعات المحفوظة"},
    "intro": {
        "en": "Runs of `taqdir batch`, from the run store. Each run keeps its own assessment.",
        "ar": "تشغيلات الأمر `taqdir batch` من مخزن التشغيلات. يحتفظ كل تشغيل بتقديره الخاص.",
    },
    "none": {
        "en": "No complete run in the store ({path}). Run `taqdir batch FILE` first.",
        "ar": "لا يوجد تشغيل مكتمل في المخزن ({path}). شغّل `taqdir batch FILE` أولًا.",
    },
    "run": {"en": "Run", "ar": "التشغيل"},
    "variants": {"en": "Variants", "ar": "المتغيرات"},
    "rows": {"en": "Rows", "ar": "الصفوف"},
    "seed": {"en": "Seed", "ar": "البذرة"},
    "samples": {"en": "Samples", "ar": "العينات"},
    "profiles": {"en": "Profiles", "ar": "ملفات الأوزان"},
    "methods": {"en": "Methods", "ar": "الطرق"},
    "tiers": {"en": "Tiers", "ar": "المستويات"},
    "profile": {"en": "Profile", "ar": "ملف الأوزان"},
    "method": {"en": "Method", "ar": "الطريقة"},
    "dist": {"en": "Score distribution per profile", "ar": "توزيع الدرجات لكل ملف أوزان"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "count": {"en": "Rows", "ar": "عدد الصفوف"},
    "table": {"en": "Rows", "ar": "الصفوف"},
    "shown": {
        "en": "{total} rows match; the first {shown} are shown.",
        "ar": "{total} صفًّا مطابقًا؛ تُعرض أول {shown} منها.",
    },
    "map": {"en": "Tipping map", "ar": "خريطة التحوّل"},
    "map_intro": {
        "en": "The tier of every cell of a grid sweep over two of its indicators; the other "
        "indicators of the sweep at the values chosen below.",
        "ar": "مستوى كل خلية من مسح شبكي على اثنين من مؤشراته، مع بقية مؤشرات المسح عند "
        "القيم المختارة أدناه.",
    },
    "no_map": {
        "en": "This run has no grid sweep of two or more indicators.",
        "ar": "لا يتضمن هذا التشغيل مسحًا شبكيًّا لمؤشرين أو أكثر.",
    },
    "sweep": {"en": "Sweep", "ar": "المسح"},
    "x": {"en": "Across", "ar": "أفقيًّا"},
    "y": {"en": "Up", "ar": "رأسيًّا"},
    "fixed": {"en": "{name} fixed at", "ar": "{name} مثبَّت عند"},
    "tier": {"en": "Tier", "ar": "المستوى"},
    "all": {"en": "All", "ar": "الكل"},
    "choose": {"en": "Choose…", "ar": "اختر…"},
    "rows_of": {"en": "rows", "ar": "صفًّا"},
    "variant": {"en": "Variant", "ar": "المتغير"},
    "base": {"en": "Scenario", "ar": "السيناريو"},
    "rank": {"en": "Rank", "ar": "الترتيب"},
    "run_id": {"en": "run", "ar": "التشغيل"},
}


def t(key: str, lang: str, **values: Any) -> str:
    text = L[key][lang]
    return text.format(**values) if values else text


@st.cache_resource(max_entries=4, show_spinner=False)
def _view(run_id: str, home: str) -> runs.RunView:
    from engine.runs import Store

    return runs.open_run(run_id, Store(home))


@st.cache_data(max_entries=32, show_spinner=False)
def _histograms(run_id: str, home: str, where: runs.Filter) -> dict:
    return runs.histograms(_view(run_id, home), where)


@st.cache_data(max_entries=32, show_spinner=False)
def _rows(run_id: str, home: str, where: runs.Filter):  # type: ignore[no-untyped-def]
    return runs.rows(_view(run_id, home), where, limit=500)


@st.cache_data(max_entries=8, show_spinner=False)
def _sweeps(run_id: str, home: str) -> list[dict]:
    return runs.grid_sweeps(_view(run_id, home))


@st.cache_data(max_entries=8, show_spinner=False)
def _names(run_id: str, home: str) -> dict[str, dict[str, dict[str, str]]]:
    """Names in both languages of what a run's rows hold by id (its batch's title, profiles,
    scenarios, ordinal levels), from the batch and assessment the run kept."""
    from scenarios.batch import restore_batch

    run = _view(run_id, home).run
    loaded = restore_batch(run.batch_snapshot, run.assessment_snapshot, run_id)
    a, batch = loaded.assessment, loaded.batch
    both = lambda text: {"en": text.en, "ar": text.ar}  # noqa: E731
    out: dict[str, dict[str, dict[str, str]]] = {
        "title": {
            "": both(batch.title) if batch.title else {"en": run.batch_id, "ar": run.batch_id}
        },
        "profile": {p.id: both(p.name) for p in a.profiles},
        "base": {x.id: both(x.name) for x in a.scenarios},
    }
    for i in a.indicators:
        for n, level in enumerate(getattr(i.transform, "levels", None) or ()):
            out.setdefault("level", {})[f"{i.id}:{n}"] = both(level.name)
    return out


def _named(names: dict, kind: str, key: str, lang: str) -> str:
    """The name of an id in the language; the id itself if the run does not name it."""
    return names.get(kind, {}).get(key, {}).get(lang, key)


def _method(m: str, lang: str) -> str:
    return app_t(f"method_{m}", lang)


def _value(view: runs.RunView, names: dict, indicator: str, x: float, lang: str) -> str:
    """A raw value in words: an ordinal level by its name, a number as is."""
    levels = view.levels.get(indicator)
    if levels and float(x).is_integer() and 0 <= int(x) < len(levels):
        return names.get("level", {}).get(f"{indicator}:{int(x)}", {}).get(lang) or levels[int(x)]
    return f"{x:g}"


def _name(view: runs.RunView, indicator: str, lang: str) -> str:
    names = view.record.indicator_names.get(indicator)
    return names[lang] if names else indicator


def _tier_name(view: runs.RunView, tier: str, lang: str) -> str:
    names = view.record.tier_names.get(tier)
    return names[lang] if names else tier


def _histogram_chart(h: dict, names: dict, method: str, lang: str) -> dict:
    edges = h["edges"]
    data = [
        {
            "score": edges[i],
            "end": edges[i + 1],
            "count": c,
            "profile": _named(names, "profile", s["profile"], lang),
            "method": _method(s["method"], lang),
        }
        for s in h["series"]
        for i, c in enumerate(s["counts"])
    ]
    return {
        "data": {"values": data},
        "mark": {"type": "bar", "opacity": 0.55, "binSpacing": 0},
        "encoding": {
            "x": {"field": "score", "type": "quantitative", "bin": {"binned": True, "step": 2.5},
                  "title": t("score", lang), "scale": {"domain": [0, 100]}},
            "x2": {"field": "end"},
            "y": {"field": "count", "type": "quantitative", "stack": None,
                  "title": t("count", lang)},
            "color": {"field": "profile", "type": "nominal", "title": t("profile", lang)},
            "tooltip": [
                {"field": "profile", "title": t("profile", lang)},
                {"field": "method", "title": t("method", lang)},
                {"field": "score", "title": t("score", lang)},
                {"field": "end", "title": "≤"},
                {"field": "count", "title": t("count", lang)},
            ],
        },
        "title": f"{t('method', lang)}: {_method(method, lang)}",
        "height": 180,
    }  # fmt: skip


def _map_height(m: runs.TippingMap) -> int:
    """Plot height in pixels: a band per row (Streamlit sizes the chart from it)."""
    return (22 if len(m.ys) <= 20 else 12) * len(m.ys)


def _map_chart(view: runs.RunView, names: dict, m: runs.TippingMap, lang: str) -> dict:
    tiers = view.record.tiers
    colors = tier_colors([view.record.tier_colors.get(x) for x in tiers])
    data = [
        {
            **cell,
            "xl": _value(view, names, m.x, cell["x"], lang),
            "yl": _value(view, names, m.y, cell["y"], lang),
            "tier_name": _tier_name(view, cell["tier"], lang),
        }
        for cell in m.cells()
    ]
    order_x = [_value(view, names, m.x, v, lang) for v in m.xs]
    order_y = [_value(view, names, m.y, v, lang) for v in reversed(m.ys)]
    return {
        "data": {"values": data},
        "mark": {"type": "rect"},
        "encoding": {
            "x": {"field": "xl", "type": "ordinal", "sort": order_x,
                  "title": _name(view, m.x, lang)},
            "y": {"field": "yl", "type": "ordinal", "sort": order_y,
                  "title": _name(view, m.y, lang)},
            "color": {
                "field": "tier_name", "type": "nominal", "title": t("tier", lang),
                "scale": {"domain": [_tier_name(view, x, lang) for x in tiers], "range": colors},
                "sort": [_tier_name(view, x, lang) for x in tiers],
            },
            "tooltip": [
                {"field": "xl", "title": _name(view, m.x, lang)},
                {"field": "yl", "title": _name(view, m.y, lang)},
                {"field": "score", "format": ".1f", "title": t("score", lang)},
                {"field": "tier_name", "title": t("tier", lang)},
            ],
        },
        "height": _map_height(m),
    }  # fmt: skip


def _tipping_map(view: runs.RunView, names: dict, run_id: str, home: str, lang: str) -> None:
    st.markdown(f"#### {t('map', lang)}")
    sweeps = _sweeps(run_id, home)
    if not sweeps:
        st.caption(t("no_map", lang))
        return
    st.caption(t("map_intro", lang))
    ids = [s["id"] for s in sweeps]
    choose = t("choose", lang)
    sweep = sweeps[
        ids.index(
            st.selectbox(
                t("sweep", lang), ids, key="runs_sweep", bind="query-params", placeholder=choose
            )
        )
    ]
    inds = sweep["indicators"]
    c1, c2, c3, c4 = st.columns(4)
    fmt = lambda k: _name(view, k, lang)  # noqa: E731
    x = c1.selectbox(
        t("x", lang),
        inds,
        index=0,
        format_func=fmt,
        key="runs_x",
        bind="query-params",
        placeholder=choose,
    )
    y_options = [k for k in inds if k != x]
    y = c2.selectbox(
        t("y", lang),
        y_options,
        index=0,
        format_func=fmt,
        key="runs_y",
        bind="query-params",
        placeholder=choose,
    )
    profile = c3.selectbox(
        t("profile", lang),
        view.record.profiles,
        format_func=lambda p: _named(names, "profile", p, lang),
        key="runs_map_profile",
        bind="query-params",
        placeholder=choose,
    )
    method = c4.selectbox(
        t("method", lang),
        view.record.methods,
        format_func=lambda m: _method(m, lang),
        key="runs_map_method",
        bind="query-params",
        placeholder=choose,
    )
    fixed = {}
    for k in inds:
        if k in (x, y):
            continue
        values = sorted(sweep["values"][k])
        fixed[k] = st.select_slider(
            t("fixed", lang, name=_name(view, k, lang)),
            options=values,
            value=runs.default_fixed(sweep, k),
            format_func=lambda v, k=k: _value(view, names, k, v, lang),
            key=f"runs_fixed_{k}",
            bind="query-params",
        )
    m = runs.tipping_map(view, sweep, x, y, profile, method, fixed)
    # Room for the axis labels below the plot; without an explicit height Streamlit squeezes
    # a chart with discrete axes to a sliver.
    st.vega_lite_chart(
        spec=_map_chart(view, names, m, lang), width="stretch", height=_map_height(m) + 110
    )


def render(ctx: Context) -> None:
    from dashboard.editor import batch_form
    from engine.runs import Store

    lang = ctx.lang
    batch_form.section(ctx)  # start a batch in its own process; its progress
    st.subheader(t("title", lang))
    st.caption(t("intro", lang))
    store = Store()
    home = str(store.home)
    stored = runs.stored_runs(store)
    if not stored:
        st.info(t("none", lang, path=html.escape(home)), icon=":material/info:")
        return
    labels = {r.id: _run_label(r, home, lang) for r in stored}
    run_id = st.selectbox(
        t("run", lang),
        list(labels),
        format_func=labels.get,
        key="runs_run",
        bind="query-params",
        placeholder=t("choose", lang),
    )
    view = _view(run_id, home)
    names = _names(run_id, home)
    record = view.record
    c = st.columns(5)
    c[0].metric(t("variants", lang), num(view.run.variants, lang, 0))
    c[1].metric(t("rows", lang), num(view.run.row_count, lang, 0))
    c[2].metric(t("profiles", lang), num(len(record.profiles), lang, 0))
    c[3].metric(t("samples", lang), num(record.samples, lang, 0))
    c[4].metric(t("seed", lang), str(view.run.seed))

    f1, f2, f3 = st.columns(3)
    every = t("all", lang)  # an empty filter keeps every row
    profiles = f1.multiselect(
        t("profiles", lang),
        record.profiles,
        format_func=lambda p: _named(names, "profile", p, lang),
        key="runs_profiles",
        bind="query-params",
        placeholder=every,
    )
    methods = f2.multiselect(
        t("methods", lang),
        record.methods,
        format_func=lambda m: _method(m, lang),
        key="runs_methods",
        bind="query-params",
        placeholder=every,
    )
    tiers = f3.multiselect(
        t("tiers", lang),
        record.tiers,
        format_func=lambda x: _tier_name(view, x, lang),
        key="runs_tiers",
        bind="query-params",
        placeholder=every,
    )
    where = runs.Filter(tuple(profiles), tuple(methods), tuple(tiers))

    st.markdown(f"#### {t('dist', lang)}")
    h = _histograms(run_id, home, where)
    for method in record.methods:  # one chart per method, profiles overlaid
        series = [x for x in h["series"] if x["method"] == method]
        if series:
            spec = _histogram_chart({"edges": h["edges"], "series": series}, names, method, lang)
            st.vega_lite_chart(spec=spec, width="stretch", height=260)

    st.markdown(f"#### {t('table', lang)}")
    table, total = _rows(run_id, home, where)
    shown = 0 if table is None else table.num_rows
    st.caption(t("shown", lang, total=num(total, lang, 0), shown=num(shown, lang, 0)))
    if table is not None:
        rows = _shown(table, view, names, lang)
        st.dataframe(rows, hide_index=True, key="runs_table")
        csv_button(rows.to_dict("records"), f"run-{run_id}", lang)
    _tipping_map(view, names, run_id, home, lang)


def _run_label(r: runs.Run, home: str, lang: str) -> str:
    """A run by its batch's title, with its id (to find it on the command line), its row count
    and start time; ids, numbers and times isolated so Arabic keeps their order."""
    title = _named(_names(r.id, home), "title", "", lang)
    rows = f"{num(r.row_count, lang, 0)} {t('rows_of', lang)}"
    when = isolate(r.started.replace("T", " ")[:16], lang)
    ident = isolate(r.id, lang)
    return f"{title} · {t('run_id', lang)} {ident} · {rows} · {when}"


def _shown(table: Any, view: runs.RunView, names: dict, lang: str) -> Any:
    """The rows as an analyst reads them: columns named in the language, names for the ids of
    scenarios, profiles, methods, tiers and ordinal levels (the variant number stays: it is
    what `taqdir` commands take)."""
    df = table.to_pandas()
    heads: dict[str, str] = {
        "variant": t("variant", lang),
        "base": t("base", lang),
        "sweep": t("sweep", lang),
        "profile": t("profile", lang),
        "method": t("method", lang),
        "score": t("score", lang),
        "tier": t("tier", lang),
        "rank": t("rank", lang),
    }
    for col in df.columns:
        if col.startswith("raw."):
            ind = col[4:]
            heads[col] = _name(view, ind, lang)
            if ind in view.levels:
                df[col] = [_value(view, names, ind, float(x), lang) for x in df[col]]
    df["base"] = [_named(names, "base", str(x), lang) for x in df["base"]]
    df["profile"] = [_named(names, "profile", str(x), lang) for x in df["profile"]]
    df["method"] = [_method(str(x), lang) for x in df["method"]]
    df["tier"] = [_tier_name(view, str(x), lang) for x in df["tier"]]
    return df.rename(columns=heads)
