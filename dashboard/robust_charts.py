"""Vega-Lite specs of the Robustness page, as plain dicts (Altair's schema validation would
cost tens of milliseconds on every rerun): acceptability heatmaps, the tornado and the
stability intervals. The numbers come from the engine; these only lay them out."""

from __future__ import annotations

import streamlit as st

from dashboard.style import FONT_STACK, text_on

CONFIG = {"font": FONT_STACK, "view": {"stroke": None}}

RAMP = ("#f0f5fb", "#08306b")
"""The heatmaps' colours from a share of 0 to 1, interpolated in RGB (as Vega does with
`interpolate: rgb`), so the colour of any cell, and the ink that reads on it, is known here."""


def ramp_color(p: float) -> str:
    """The heatmap's colour at share `p` (0–1)."""
    a, b = ([int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in RAMP)
    return "#" + "".join(f"{round(x + (y - x) * p):02x}" for x, y in zip(a, b, strict=True))


def _ink_switch() -> float:
    """The smallest share (in thousandths) from which white reads better than black."""
    return next(k / 1000 for k in range(1001) if text_on(ramp_color(k / 1000)) == "#ffffff")


INK_SWITCH = _ink_switch()
"""Cells at or above this share print their number in white, below it in black: the better of
the two by WCAG contrast (at least 4.5:1 either way, tests/dashboard/test_contrast.py)."""


def draw(spec: dict) -> None:
    st.vega_lite_chart(spec={**spec, "config": CONFIG}, width="stretch")


def heatmap(rows: list[dict], x: str, x_order: list[str], y_order: list[str], title: str) -> dict:
    """Shares of samples as a scenario × tier (or rank) grid, the share printed in each cell."""
    nominal = {"type": "nominal", "title": None}
    return {
        "data": {"values": rows},
        "height": {"step": 34},
        "encoding": {
            "x": {
                "field": x,
                **nominal,
                "sort": x_order,
                "axis": {"labelAngle": -20, "labelLimit": 0, "labelOverlap": False},
            },
            "y": {
                "field": "scenario",
                **nominal,
                "sort": y_order,
                "axis": {"labelLimit": 0, "labelOverlap": False},
            },
        },
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": "p",
                        "type": "quantitative",
                        "scale": {"domain": [0, 1], "range": list(RAMP), "interpolate": "rgb"},
                        "title": title,
                    },
                    "tooltip": [
                        {"field": "scenario", "type": "nominal"},
                        {"field": x, "type": "nominal"},
                        {"field": "p", "type": "quantitative", "format": ".1%"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {
                    "text": {"field": "p", "type": "quantitative", "format": ".0%"},
                    "color": {
                        "condition": {"test": f"datum.p >= {INK_SWITCH}", "value": "#ffffff"},
                        "value": "#000000",
                    },
                },
            },
        ],
    }


def tornado(rows: list[dict], order: list[str], base: float, title: str) -> dict:
    """A bar from the lower to the higher score of each input; a rule at the score as is."""
    bars = {
        "mark": "bar",
        "encoding": {
            "y": {
                "field": "input",
                "type": "nominal",
                "sort": order,
                "title": None,
                "axis": {"labelLimit": 0, "labelOverlap": False},
            },
            "x": {"field": "lo", "type": "quantitative", "title": title, "scale": {"zero": False}},
            "x2": {"field": "hi"},
            "color": {"field": "kind", "type": "nominal", "title": None},
            "tooltip": [
                {"field": "input", "type": "nominal"},
                {"field": "lo", "type": "quantitative", "format": ".1f"},
                {"field": "hi", "type": "quantitative", "format": ".1f"},
            ],
        },
    }
    rule = {
        "data": {"values": [{"base": base}]},
        "mark": {"type": "rule", "color": "#222"},
        "encoding": {"x": {"field": "base", "type": "quantitative"}},
    }
    return {"data": {"values": rows}, "height": {"step": 30}, "layer": [bars, rule]}


def intervals(rows: list[dict], order: list[str], title: str) -> dict:
    """Each slider's stable range as a bar on a 0–1 scale (a family's share of all weight, an
    indicator's share of its family), its value now as a tick."""
    return {
        "data": {"values": rows},
        "height": {"step": 28},
        "encoding": {
            "y": {
                "field": "item",
                "type": "nominal",
                "sort": order,
                "title": None,
                "axis": {"labelLimit": 0, "labelOverlap": False},
            }
        },
        "layer": [
            {
                "mark": {"type": "bar", "opacity": 0.35, "color": "#21918c"},
                "encoding": {
                    "x": {
                        "field": "lo",
                        "type": "quantitative",
                        "scale": {"domain": [0, 1]},
                        "title": title,
                    },
                    "x2": {"field": "hi"},
                },
            },
            {
                "mark": {"type": "tick", "color": "#222", "thickness": 2},
                "encoding": {"x": {"field": "now", "type": "quantitative"}},
            },
        ],
    }


def sobol(rows: list[dict], order: list[str], orders: list[str], title: str) -> dict:
    """First-order and total Sobol indices of each input as paired bars (largest total first),
    each bar's value printed at its end."""
    y = {
        "field": "input",
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {"labelLimit": 0, "labelOverlap": False},
    }
    x = {"field": "value", "type": "quantitative", "title": title, "scale": {"domain": [0, 1]}}
    return {
        "data": {"values": rows},
        "height": {"step": 44},
        "encoding": {"y": y, "yOffset": {"field": "order", "sort": orders}},
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "x": x,
                    "color": {
                        "field": "order",
                        "type": "nominal",
                        "sort": orders,
                        "scale": {"range": ["#3b6fb6", "#9cc3e6"]},
                        "title": None,
                        "legend": {"orient": "top", "labelLimit": 0},
                    },
                    "tooltip": [
                        {"field": "input", "type": "nominal"},
                        {"field": "order", "type": "nominal"},
                        {"field": "value", "type": "quantitative", "format": ".3f"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11},
                "encoding": {
                    "x": x,
                    "text": {"field": "value", "type": "quantitative", "format": ".2f"},
                },
            },
        ],
    }
