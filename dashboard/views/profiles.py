"""The Profiles page: every scenario's rank and tier under every weighting profile of the file
at once (and under the weights as set), so a meeting sees which lens changes the call.

The numbers are `engine.compare.every_profile` on the sidebar's scored result (same values,
method and date); this page draws them as a grid (a cell per scenario and profile, coloured by
tier, its rank and score printed), says in words where the profiles disagree, and gives the
same as a table with its CSV.
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard.download import csv_button
from dashboard.i18n import isolate
from dashboard.labels import ltr
from dashboard.state import Context
from dashboard.style import FONT_STACK, text_on, tier_colors
from engine.compare import ProfileGrid, every_profile

L = {
    "title": {"en": "Every profile at once", "ar": "كل الملفات الترجيحية معًا"},
    "intro": {
        "en": "Each column scores the same values, method and date under one profile's own "
        "weights (the first under the weights as set in the sidebar). A cell shows the "
        "scenario's rank and score; its colour is the tier.",
        "ar": "يحسب كل عمود القيم نفسها بالطريقة والتاريخ نفسيهما تحت أوزان ملف ترجيحي واحد "
        "(والأول تحت الأوزان المضبوطة في الشريط الجانبي). تُظهر الخانة مرتبة السيناريو "
        "ودرجته، ولونها المستوى.",
    },
    "as_set": {"en": "Weights as set", "ar": "الأوزان المضبوطة"},
    "chosen": {"en": "{name} (chosen)", "ar": "{name} (المختار)"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "profile": {"en": "Profile", "ar": "الملف الترجيحي"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "rank": {"en": "Rank", "ar": "المرتبة"},
    "tier": {"en": "Tier", "ar": "المستوى"},
    "same": {
        "en": "Every profile gives each scenario the same rank and tier: the lens does not "
        "change the call.",
        "ar": "تعطي كل الملفات الترجيحية كل سيناريو المرتبة والمستوى نفسيهما: لا تغيِّر "
        "زاوية النظر التقدير.",
    },
    "split": {
        "en": "The lens decides the rank or tier of: {names}.",
        "ar": "تحسم زاوية النظر مرتبة أو مستوى: {names}.",
    },
    "top": {"en": "{profile}: first {names}", "ar": "{profile}: الأول {names}"},
    "differs": {
        "en": "; differs from the weights as set for {names}",
        "ar": "؛ ويختلف عن الأوزان المضبوطة في {names}",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    text = L[key][lang]
    return text.format(**values) if values else text


def column_names(ctx: Context, grid: ProfileGrid) -> list[str]:
    """The grid's columns: the weights as set, then each profile by name (the chosen marked)."""
    a, lang = ctx.assessment, ctx.lang
    out = [t("as_set", lang)]
    for pid in grid.profile_ids[1:]:
        name = a.profile(pid).name.get(lang)
        out.append(t("chosen", lang, name=name) if pid == ctx.profile.id else name)
    return out


def chart(ctx: Context, grid: ProfileGrid, columns: list[str]) -> dict:
    """The grid as a Vega-Lite spec: scenario rows (ranked as set), profile columns, cells in
    the tier's colour with the rank and score printed in black or white, whichever reads."""
    a, lang = ctx.assessment, ctx.lang
    colors = tier_colors([tier.color for tier in a.tiers])
    tiers = [tier.name.get(lang) for tier in a.tiers]
    names = [a.scenario(sid).name.get(lang) for sid in grid.scenario_ids]
    order = [names[s] for s in sorted(range(len(names)), key=lambda s: (grid.ranks[0, s], s))]
    rows = []
    for p, column in enumerate(columns):
        for s, name in enumerate(names):
            k = int(grid.tier_index[p, s])
            rows.append(
                {
                    "scenario": name,
                    "profile": column,
                    "tier": tiers[k],
                    "score": float(grid.scores[p, s]),
                    "text": f"#{int(grid.ranks[p, s])} · {grid.scores[p, s]:.1f}",
                    "ink": text_on(colors[k]),
                }
            )
    nominal = {"type": "nominal", "title": None}
    return {
        "data": {"values": rows},
        "height": {"step": 38},
        "config": {"font": FONT_STACK, "view": {"stroke": None}},
        "encoding": {
            "x": {
                "field": "profile",
                **nominal,
                "sort": columns,
                "axis": {
                    "orient": "top",
                    "labelAngle": 0,
                    "labelLimit": 0,
                    "labelOverlap": False,
                    "labelFontSize": 12,
                },
            },
            "y": {
                "field": "scenario",
                **nominal,
                "sort": order,
                "axis": {"labelLimit": 0, "labelOverlap": False, "labelFontSize": 12},
            },
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
                "encoding": {
                    "color": {
                        "field": "tier",
                        "type": "nominal",
                        "scale": {"domain": tiers, "range": colors},
                        "title": t("tier", lang),
                        "legend": {"orient": "bottom", "labelLimit": 0, "columns": 3},
                    },
                    "tooltip": [
                        {"field": "scenario", "title": t("scenario", lang)},
                        {"field": "profile", "title": t("profile", lang)},
                        {"field": "tier", "title": t("tier", lang)},
                        {
                            "field": "score",
                            "type": "quantitative",
                            "format": ".1f",
                            "title": t("score", lang),
                        },
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 13},
                "encoding": {
                    "text": {"field": "text"},
                    "color": {"field": "ink", "type": "nominal", "scale": None, "legend": None},
                },
            },
        ],
    }


def _said(ctx: Context, grid: ProfileGrid, columns: list[str]) -> None:
    a, lang = ctx.assessment, ctx.lang
    comma = "، " if lang == "ar" else ", "

    def named(ss: list[int]) -> str:
        return comma.join(a.scenario(grid.scenario_ids[s]).name.get(lang) for s in ss)

    split = grid.split()
    if split:
        st.warning(t("split", lang, names=named(split)), icon=":material/call_split:")
    else:
        st.success(t("same", lang), icon=":material/check:")
    lines = []
    for p in range(1, len(columns)):
        line = t("top", lang, profile=columns[p], names=named(grid.top(p)))
        if grid.differs(p):
            line += t("differs", lang, names=named(grid.differs(p)))
        lines.append(f"- {line}")
    st.markdown("\n".join(lines))


def table_rows(ctx: Context, grid: ProfileGrid, columns: list[str]) -> list[dict[str, object]]:
    """One row per scenario and profile: the table's CSV."""
    a, lang = ctx.assessment, ctx.lang
    return [
        {
            t("scenario", lang): a.scenario(sid).name.get(lang),
            t("profile", lang): column,
            t("score", lang): float(grid.scores[p, s]),
            t("rank", lang): int(grid.ranks[p, s]),
            t("tier", lang): a.tiers[int(grid.tier_index[p, s])].name.get(lang),
        }
        for s, sid in enumerate(grid.scenario_ids)
        for p, column in enumerate(columns)
    ]


def table_html(ctx: Context, grid: ProfileGrid, columns: list[str]) -> str:
    """Scenarios down, profiles across: rank, score and tier chip per cell."""
    a, lang = ctx.assessment, ctx.lang
    colors = tier_colors([tier.color for tier in a.tiers])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in [t("scenario", lang), *columns])
    body = []
    for s in sorted(range(len(grid.scenario_ids)), key=lambda s: (grid.ranks[0, s], s)):
        sid = grid.scenario_ids[s]
        cells = [f"<td>{html.escape(a.scenario(sid).name.get(lang))}</td>"]
        for p in range(len(columns)):
            k = int(grid.tier_index[p, s])
            chip = (
                f'<span class="chip" style="background:{colors[k]};color:{text_on(colors[k])}">'
                f"{html.escape(a.tiers[k].name.get(lang))}</span>"
            )
            cells.append(
                f'<td data-scenario="{html.escape(sid)}" '
                f'data-profile="{html.escape(grid.profile_ids[p])}" '
                f'data-rank="{int(grid.ranks[p, s])}">'
                f"{ltr(f'#{int(grid.ranks[p, s])} · {grid.scores[p, s]:.1f}')} {chip}</td>"
            )
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="taqdir" id="profiles"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def render(ctx: Context) -> None:
    lang = ctx.lang
    st.header(t("title", lang))
    st.caption(t("intro", lang))
    if ctx.result is None:
        return  # the app already says why the weights cannot be used
    grid = every_profile(ctx.result)
    columns = column_names(ctx, grid)
    _said(ctx, grid, columns)
    st.vega_lite_chart(spec=chart(ctx, grid, columns), width="stretch")
    st.markdown(table_html(ctx, grid, columns), unsafe_allow_html=True)
    csv_button(table_rows(ctx, grid, columns), "profiles", lang)
    st.caption(f"{ctx.t(f'method_{ctx.method}')} · {isolate(ctx.as_of.isoformat(), lang)}")
