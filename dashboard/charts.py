"""Vega-Lite charts of a scored assessment, drawn by Streamlit's bundled Vega-Lite.

The charts take numbers from the engine's `ScoreResult` and only draw them; colours come from
`dashboard.style`, so a tier or a family has the same colour in every chart and table. Charts
stay left to right in both languages.

Why Vega-Lite specs as plain dicts rather than Altair objects: the same grammar, but Altair
validates every object against the Vega-Lite JSON Schema when it is built and again when it is
serialised, about 60 ms per rerun for these charts, almost half of the rerun budget; a dict
costs nothing to build and Streamlit hands it to the same renderer.
"""

from __future__ import annotations

from typing import Any

from dashboard.i18n import t
from dashboard.style import FONT_STACK, family_colors, shade, tier_colors
from engine import ScoreResult

Spec = dict[str, Any]

ROW = 34  # pixels per scenario row
AXIS = 64  # pixels under the rows for the x axis and its title (Streamlit fits the whole chart)
LEGEND_ROW = 22
INK = "#2f2d2b"
BAND_OPACITY = 0.16
BAND_INK = "#4a4845"
"""The tier names printed over the top of their bands: at least 4.5:1 against a band's colour
at `BAND_OPACITY` over white (WCAG AA; tests/dashboard/test_contrast.py)."""
PICK = {"name": "pick", "select": {"type": "point", "fields": ["scenario"]}}
"""A click on a scenario's bar (or a contribution) selects it: the Scores page's drill-down
reads the selection through Streamlit's `on_select` (`dashboard.drill.picked`)."""


def _spec(layers: list[Spec], data: list[dict], height: int, **extra: Any) -> Spec:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": data},
        "height": height,
        "config": {"font": FONT_STACK, "view": {"stroke": None}},
        "layer": layers,
        **extra,
    }


def scenario_labels(r: ScoreResult, lang: str) -> list[str]:
    """ "1 · Name" per scenario, in the result's order (the y axis of every chart)."""
    a = r.assessment
    return [
        f"{int(r.ranks[s])} · {a.scenario(sid).name.get(lang)}"
        for s, sid in enumerate(r.scenario_ids)
    ]


def rank_order(r: ScoreResult, lang: str) -> list[str]:
    labels = scenario_labels(r, lang)
    return [labels[s] for s in sorted(range(len(labels)), key=lambda s: (r.ranks[s], s))]


def _y(r: ScoreResult, lang: str) -> Spec:
    return {
        "field": "scenario",
        "type": "nominal",
        "sort": rank_order(r, lang),
        "title": None,
        "axis": {"labelLimit": 0, "labelFontSize": 12, "labelOverlap": False},
    }


def _x(field: str, title: str, domain: list[float], **axis: Any) -> Spec:
    return {
        "field": field,
        "type": "quantitative",
        "scale": {"domain": domain, "nice": False},
        "title": title,
        **({"axis": axis} if axis else {}),
    }


def scores(r: ScoreResult, ref: ScoreResult | None, lang: str) -> Spec:
    """Each scenario's score as a bar over the tier bands; the profile's own score as a tick
    (when the weights differ from it) and the 5–95% interval as a whisker when sampled."""
    a = r.assessment
    colors = tier_colors([tier.color for tier in a.tiers])
    names = [tier.name.get(lang) for tier in a.tiers]
    labels = scenario_labels(r, lang)
    u = r.uncertainty
    rows = []
    for s in range(len(labels)):
        row = {
            "scenario": labels[s],
            "score": float(r.scores[s]),
            "tier": names[int(r.tier_index[s])],
            "label": f"{r.scores[s]:.1f}",
            "end": float(u.p95[s]) if u is not None else float(r.scores[s]),
        }
        if ref is not None:
            row["ref"] = float(ref.scores[s])
        if u is not None:
            row["p05"], row["p95"] = float(u.p05[s]), float(u.p95[s])
        rows.append(row)
    bands = [
        {"lo": tier.min, "hi": tier.max, "mid": (tier.min + tier.max) / 2, "tier": name}
        for tier, name in zip(a.tiers, names, strict=True)
    ]
    color = {
        "field": "tier",
        "type": "nominal",
        "scale": {"domain": names, "range": colors},
        "legend": None,
    }
    x = _x("score", t("score", lang), [0, 100])
    y = _y(r, lang)
    layers: list[Spec] = [
        {
            "data": {"values": bands},
            "mark": {"type": "rect", "opacity": BAND_OPACITY},
            "encoding": {
                "x": _x("lo", t("score", lang), [0, 100]),
                "x2": {"field": "hi"},
                "color": color,
            },
        },
        {
            "data": {"values": bands},
            "mark": {
                "type": "text",
                "baseline": "bottom",
                "dy": -4,
                "fontSize": 11,
                "color": BAND_INK,
                "fontWeight": "bold",
            },
            "encoding": {
                "x": {"field": "mid", "type": "quantitative"},
                "y": {"value": 0},
                "text": {"field": "tier"},
            },
        },
        {
            "mark": {
                "type": "bar",
                "height": ROW * 0.55,
                "stroke": INK,
                "strokeWidth": 0.4,
                "cursor": "pointer",
            },
            "params": [PICK],
            "encoding": {
                "x": x,
                "y": y,
                "color": color,
                "tooltip": [
                    {"field": "scenario", "title": t("scenario", lang)},
                    {
                        "field": "score",
                        "type": "quantitative",
                        "title": t("score", lang),
                        "format": ".1f",
                    },
                    {"field": "tier", "title": t("tier", lang)},
                ],
            },
        },
    ]
    if u is not None:
        layers.append(
            {
                "mark": {"type": "rule", "color": INK, "strokeWidth": 1.5},
                "encoding": {
                    "x": {"field": "p05", "type": "quantitative"},
                    "x2": {"field": "p95"},
                    "y": y,
                },
            }
        )
    if ref is not None:
        layers.append(
            {
                "mark": {
                    "type": "tick",
                    "color": INK,
                    "thickness": 2,
                    "size": ROW * 0.8,
                    "opacity": 0.55,
                },
                "encoding": {"x": {"field": "ref", "type": "quantitative"}, "y": y},
            }
        )
    layers.append(
        {
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 5,
                "fontSize": 12,
                "fontWeight": "bold",
                "color": INK,
            },
            "encoding": {
                "x": {"field": "end", "type": "quantitative"},
                "y": y,
                "text": {"field": "label"},
            },
        }
    )
    return _spec(layers, rows, ROW * len(labels) + AXIS + 18, padding={"top": 18})


def contributions(r: ScoreResult, lang: str, by: str = "family") -> Spec:
    """Stacked points per scenario, by family or by indicator (an indicator in its family's
    hue); each stack sums to the score, for every method."""
    a = r.assessment
    labels = scenario_labels(r, lang)
    fam_colors = dict(zip(r.family_ids, family_colors(len(r.family_ids)), strict=True))
    fam_names = {f.id: f.name.get(lang) for f in a.families}
    rows = []
    domain: list[str] = []
    palette: list[str] = []
    if by == "family":
        domain = [fam_names[f] for f in r.family_ids]
        palette = [fam_colors[f] for f in r.family_ids]
        for s, label in enumerate(labels):
            for j, fid in enumerate(r.family_ids):
                points = float(r.family_contributions[s, j])
                rows.append(
                    {
                        "scenario": label,
                        "part": fam_names[fid],
                        "family": fam_names[fid],
                        "points": points,
                        "order": j,
                    }
                )
    else:
        index = {k: n for n, k in enumerate(r.indicator_ids)}
        ordered = []
        for fid in r.family_ids:
            members = [i for i in a.indicators if i.family == fid]
            for step, ind in enumerate(members):
                domain.append(ind.name.get(lang))
                palette.append(shade(fam_colors[fid], step, len(members)))
                ordered.append(ind)
        for s, label in enumerate(labels):
            for n, ind in enumerate(ordered):
                rows.append(
                    {
                        "scenario": label,
                        "part": ind.name.get(lang),
                        "family": fam_names[ind.family],
                        "points": float(r.contributions[s, index[ind.id]]),
                        "order": n,
                    }
                )
    title = t("by_family", lang) if by == "family" else t("by_indicator", lang)
    columns = 2 if by == "family" else 3
    layer = {
        "mark": {
            "type": "bar",
            "height": ROW * 0.6,
            "stroke": "#ffffff",
            "strokeWidth": 0.5,
            "cursor": "pointer",
        },
        "params": [{"name": "pick", "select": {"type": "point", "fields": ["scenario", "part"]}}],
        "encoding": {
            "x": {
                "aggregate": "sum",
                "field": "points",
                "type": "quantitative",
                "title": t("points", lang),
                "scale": {"domain": [0, 100], "nice": False},
            },
            "y": _y(r, lang),
            "color": {
                "field": "part",
                "type": "nominal",
                "scale": {"domain": domain, "range": palette},
                "legend": {
                    "title": title,
                    "orient": "bottom",
                    "columns": columns,
                    "labelLimit": 0,
                },
            },
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": [
                {"field": "scenario", "title": t("scenario", lang)},
                {"field": "family", "title": t("family", lang)},
                {"field": "part", "title": t("indicator", lang) if by != "family" else title},
                {
                    "field": "points",
                    "type": "quantitative",
                    "title": t("points", lang),
                    "format": ".2f",
                },
            ],
        },
    }
    legend_rows = 1 + -(-len(domain) // columns)
    return _spec([layer], rows, ROW * len(labels) + AXIS + LEGEND_ROW * legend_rows)


def tier_probabilities(r: ScoreResult, lang: str) -> Spec:
    """The share of samples in each tier, per scenario, as a 100% stacked bar."""
    a = r.assessment
    u = r.uncertainty
    assert u is not None
    names = [tier.name.get(lang) for tier in a.tiers]
    colors = tier_colors([tier.color for tier in a.tiers])
    labels = scenario_labels(r, lang)
    rows = [
        {"scenario": label, "tier": names[k], "p": float(u.tier_probabilities[s, k]), "order": k}
        for s, label in enumerate(labels)
        for k in range(len(names))
        if u.tier_probabilities[s, k] > 0
    ]
    layer = {
        "mark": {"type": "bar", "height": ROW * 0.6, "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "x": {
                "aggregate": "sum",
                "field": "p",
                "type": "quantitative",
                "title": t("probability", lang),
                "axis": {"format": "%"},
                "scale": {"domain": [0, 1], "nice": False},
            },
            "y": _y(r, lang),
            "color": {
                "field": "tier",
                "type": "nominal",
                "scale": {"domain": names, "range": colors},
                "legend": {"title": t("tier", lang), "orient": "bottom", "columns": 3},
            },
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": [
                {"field": "scenario", "title": t("scenario", lang)},
                {"field": "tier", "title": t("tier", lang)},
                {
                    "field": "p",
                    "type": "quantitative",
                    "title": t("probability", lang),
                    "format": ".1%",
                },
            ],
        },
    }
    legend_rows = 1 + -(-len(names) // 3)
    return _spec([layer], rows, ROW * len(labels) + AXIS + LEGEND_ROW * legend_rows)
