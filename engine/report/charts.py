"""Vega-Lite chart specifications of comparisons and timelines (plain dicts).

The HTML report embeds them and the dashboard draws them (`st.vega_lite_chart`), so both show
the same charts from the same engine numbers. Labels are bilingual: `lang` picks the language
of axis and legend titles; scenario names follow it too.
"""

from __future__ import annotations

import json
from typing import Any

from engine.compare.comparison import Comparison, Spread, side_letter
from engine.compare.timeline import Timeline
from indicators.model import in_language

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched

WORDS = {
    "score": {"en": "Score (0–100)", "ar": "الدرجة (0–100)"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "side": {"en": "Side", "ar": "الطرف"},
    "change": {"en": "Change of score (points)", "ar": "تغير الدرجة (نقاط)"},
    "part": {"en": "Reason", "ar": "السبب"},
    "family": {"en": "Family", "ar": "العائلة"},
    "date": {"en": "Date", "ar": "التاريخ"},
    "tier": {"en": "Depth tier", "ar": "مستوى العمق"},
    "evidence": {"en": "Evidence", "ar": "الأدلة"},
    "weights": {"en": "Weights", "ar": "الأوزان"},
    "method": {"en": "Method", "ar": "الطريقة"},
    "start": {"en": "Score A", "ar": "درجة A"},
    "end": {"en": "Score B", "ar": "درجة B"},
    "scores_title": {"en": "Scores of A and B", "ar": "درجات A وB"},
    "parts_title": {
        "en": "Why the scores moved: evidence, weights, method",
        "ar": "لماذا تغيرت الدرجات: الأدلة والأوزان والطريقة",
    },
    "family_title": {
        "en": "Change of contribution by family (points)",
        "ar": "تغير الإسهام حسب العائلة (نقاط)",
    },
    "matrix_title": {"en": "Scores on every side", "ar": "الدرجات لدى كل طرف"},
    "timeline_title": {"en": "Score over time", "ar": "الدرجة عبر الزمن"},
}
PART_COLORS = {"evidence": "#1b9e77", "weights": "#7570b3", "method": "#d95f02"}


_AR_MONTHS = [
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
]  # fmt: skip
_AR_DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]

TIME_LOCALES: dict[str, dict[str, Any]] = {
    "ar": {
        "dateTime": "%A %e %B %Y، %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["ص", "م"],
        "days": _AR_DAYS,
        "shortDays": _AR_DAYS,
        "months": _AR_MONTHS,
        "shortMonths": _AR_MONTHS,
    }
}
"""d3 time-format locales by language, for Vega's `config.locale.time`: month and day names in
axis labels and tooltips of temporal fields (the month names those of the report: فبراير, مارس,
مايو). English uses Vega's default."""


def localized(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """`spec` with the time-format locale of `lang` in its config (unchanged for English)."""
    if lang in TIME_LOCALES:
        spec.setdefault("config", {})["locale"] = {"time": TIME_LOCALES[lang]}
    return spec


def bilingual_months(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` (an English chart) for a page in both languages: each temporal x axis label
    that names a month (Vega's default English label) gets the Arabic month name after it,
    taken from `TIME_LOCALES["ar"]` (the same names as the Arabic charts)."""
    months = json.dumps(TIME_LOCALES["ar"]["months"], ensure_ascii=False)
    expr = (
        "indexof('0123456789', slice(datum.label, 0, 1)) >= 0 ? datum.label : "
        f"datum.label + ' · ' + {months}[month(datum.value)]"
    )
    for layer in [spec, *spec.get("layer", [])]:
        x = layer.get("encoding", {}).get("x")
        if isinstance(x, dict) and x.get("type") == "temporal":
            layer["encoding"]["x"] = {**x, "axis": {**x.get("axis", {}), "labelExpr": expr}}
    return spec


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def _base(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "config": {"font": "Noto Sans, Noto Naskh Arabic, DejaVu Sans, sans-serif"},
        **extra,
    }


def _tier_bands(tiers: Any, lang: str, axis: str = "x") -> dict[str, Any]:
    """A background layer: one translucent band per depth tier along `axis`."""
    values = [
        {"tier": t.name.get(lang) or t.id, "lo": t.min, "hi": t.max, "color": t.color or "#cccccc"}
        for t in tiers
    ]
    return {
        "data": {"values": values},
        "mark": {"type": "rect", "opacity": 0.15},
        "encoding": {
            axis: {"field": "lo", "type": "quantitative", "scale": {"domain": [0, 100]}},
            f"{axis}2": {"field": "hi"},
            "color": {"field": "color", "type": "nominal", "scale": None, "legend": None},
            "tooltip": [{"field": "tier", "title": word("tier", lang)}],
        },
    }


def compare_scores(c: Comparison, lang: str = "en") -> dict[str, Any]:
    """Dumbbells: each scenario's score on A and on B over A's tier bands."""
    rows = []
    for s in range(len(c.scenario_ids)):
        name = c.scenario_name(s, lang)
        for side in (0, 1):
            rows.append(
                {
                    "scenario": name,
                    "side": "AB"[side],
                    "score": round(float(c.scores[side, s]), 3),
                    "tier": c.tier_name(side, s, lang),
                }
            )
    order = [c.scenario_name(s, lang) for s in range(len(c.scenario_ids))]
    y = {"field": "scenario", "type": "nominal", "sort": order, "title": None}
    return _base(
        word("scores_title", lang),
        height={"step": 28},
        layer=[
            _tier_bands(c.a.tiers, lang),
            {
                "data": {"values": rows},
                "mark": {"type": "line", "color": "#888888"},
                "encoding": {
                    "y": y,
                    "x": {"field": "score", "type": "quantitative", "title": word("score", lang)},
                    "detail": {"field": "scenario"},
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "point", "filled": True, "size": 90},
                "encoding": {
                    "y": y,
                    "x": {"field": "score", "type": "quantitative"},
                    "color": {
                        "field": "side",
                        "type": "nominal",
                        "title": word("side", lang),
                        "scale": {"domain": ["A", "B"], "range": ["#999999", "#21918c"]},
                    },
                    "tooltip": [
                        {"field": "scenario"},
                        {"field": "side"},
                        {"field": "score", "format": ".1f"},
                        {"field": "tier"},
                    ],
                },
            },
        ],
    )


def compare_parts(c: Comparison, lang: str = "en") -> dict[str, Any]:
    """Diverging stacked bars: each scenario's change split into its parts."""
    rows = [
        {
            "scenario": c.scenario_name(s, lang),
            "part": word(f, lang),
            "points": round(float(c.parts[i, s]), 4),
        }
        for s in range(len(c.scenario_ids))
        for i, f in enumerate(c.factors)
    ]
    order = [c.scenario_name(s, lang) for s in range(len(c.scenario_ids))]
    names = [word(f, lang) for f in c.factors]
    return _base(
        word("parts_title", lang),
        height={"step": 28},
        data={"values": rows},
        mark="bar",
        encoding={
            "y": {"field": "scenario", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "points", "type": "quantitative", "title": word("change", lang)},
            "color": {
                "field": "part",
                "type": "nominal",
                "title": word("part", lang),
                "scale": {"domain": names, "range": [PART_COLORS[f] for f in c.factors]},
            },
            "tooltip": [
                {"field": "scenario"},
                {"field": "part"},
                {"field": "points", "format": "+.2f"},
            ],
        },
    )


def waterfall_rows(c: Comparison, s: int, lang: str = "en") -> list[dict[str, Any]]:
    """A → each part → B as bars from `start` to `end` (the numbers of a waterfall)."""
    a, b = float(c.scores[0, s]), float(c.scores[1, s])
    rows: list[dict[str, Any]] = [
        {"step": word("start", lang), "start": 0.0, "end": a, "kind": "total"}
    ]
    level = a
    for i, f in enumerate(c.factors):
        part = float(c.parts[i, s])
        rows.append({"step": word(f, lang), "start": level, "end": level + part, "kind": f})
        level += part
    rows.append({"step": word("end", lang), "start": 0.0, "end": b, "kind": "total"})
    for r in rows:
        r["points"] = r["end"] - r["start"]
    return rows


def waterfall(c: Comparison, s: int, lang: str = "en") -> dict[str, Any]:
    """One scenario's waterfall: score A, the evidence, weights (and method) parts, score B."""
    rows = waterfall_rows(c, s, lang)
    kinds = ["total", *c.factors]
    return _base(
        c.scenario_name(s, lang),
        height=260,
        data={"values": rows},
        mark={"type": "bar", "width": {"band": 0.7}},
        encoding={
            "x": {
                "field": "step",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "start", "type": "quantitative", "title": word("score", lang)},
            "y2": {"field": "end"},
            "color": {
                "field": "kind",
                "type": "nominal",
                "legend": None,
                "scale": {
                    "domain": kinds,
                    "range": ["#666666", *[PART_COLORS[f] for f in c.factors]],
                },
            },
            "tooltip": [
                {"field": "step"},
                {"field": "points", "format": "+.2f"},
                {"field": "end", "format": ".1f"},
            ],
        },
    )


def family_deltas(c: Comparison, lang: str = "en") -> dict[str, Any]:
    """Heat map scenario × family of the change in contribution (red down, blue up)."""
    delta = c.family_contributions[1] - c.family_contributions[0]
    rows: list[dict[str, Any]] = [
        {
            "scenario": c.scenario_name(s, lang),
            "family": c.family_name(f, lang),
            "points": round(float(delta[s, j]), 3),
        }
        for s in range(len(c.scenario_ids))
        for j, f in enumerate(c.family_ids)
    ]
    order = [c.scenario_name(s, lang) for s in range(len(c.scenario_ids))]
    top = max([abs(r["points"]) for r in rows] + [1.0])
    return _base(
        word("family_title", lang),
        height={"step": 28},
        data={"values": rows},
        layer=[
            {
                "mark": "rect",
                "encoding": {
                    "y": {"field": "scenario", "type": "nominal", "sort": order, "title": None},
                    "x": {
                        "field": "family",
                        "type": "nominal",
                        "title": None,
                        "axis": {"labelAngle": 0},
                    },
                    "color": {
                        "field": "points",
                        "type": "quantitative",
                        "title": word("change", lang),
                        "scale": {"scheme": "redblue", "domain": [-top, top]},
                    },
                    "tooltip": [
                        {"field": "scenario"},
                        {"field": "family"},
                        {"field": "points", "format": "+.2f"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {
                    "y": {"field": "scenario", "type": "nominal", "sort": order},
                    "x": {"field": "family", "type": "nominal"},
                    "text": {"field": "points", "format": "+.1f"},
                },
            },
        ],
    )


def spread_matrix(m: Spread, lang: str = "en") -> dict[str, Any]:
    """Heat map scenario × side of the scores, with the score written in each cell."""
    rows = [
        {
            "scenario": m.scenario_name(s, lang),
            "side": side_letter(i),
            "score": round(float(m.scores[i, s]), 2),
            "tier": m.tier_name(i, s, lang),
        }
        for s in range(len(m.scenario_ids))
        for i in range(len(m.sides))
    ]
    order = [m.scenario_name(s, lang) for s in range(len(m.scenario_ids))]
    enc = {
        "y": {"field": "scenario", "type": "nominal", "sort": order, "title": None},
        "x": {
            "field": "side",
            "type": "nominal",
            "title": word("side", lang),
            "axis": {"labelAngle": 0},
        },
    }
    return _base(
        word("matrix_title", lang),
        height={"step": 28},
        data={"values": rows},
        layer=[
            {
                "mark": "rect",
                "encoding": {
                    **enc,
                    "color": {
                        "field": "score",
                        "type": "quantitative",
                        "title": word("score", lang),
                        "scale": {"scheme": "viridis", "domain": [0, 100]},
                    },
                    "tooltip": [
                        {"field": "scenario"},
                        {"field": "side"},
                        {"field": "score"},
                        {"field": "tier"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11, "color": "white"},
                "encoding": {**enc, "text": {"field": "score", "format": ".1f"}},
            },
        ],
    )


def timeline_chart(t: Timeline, lang: str = "en") -> dict[str, Any]:
    """The daily score over the tier bands, a marker for every evidence step."""
    a = t.assessment
    line = [
        {"date": d.isoformat(), "score": round(float(v), 3)}
        for d, v in zip(t.days[1:], t.scores[1:].tolist(), strict=True)
    ]
    notes = a.source.footnotes if a.source else {}
    marks = []
    for s in t.steps:
        for ev in s.evidence:
            marks.append(
                {
                    "date": s.date.isoformat(),
                    "score": round(s.score_after, 3),
                    "step": t.step_label(s, lang),
                    "evidence": ev.summary.get(lang),
                    "grade": f"{ev.reliability}{ev.credibility}",
                    "citation": " ".join(
                        f"{r} {in_language(notes.get(r), lang)[0]}".strip() for r in ev.sources
                    ),
                    "change": round(s.delta, 2),
                }
            )
    x = {"field": "date", "type": "temporal", "title": word("date", lang)}
    layers: list[dict[str, Any]] = [
        _tier_bands(a.tiers, lang, axis="y"),
        {
            "data": {"values": line},
            "mark": {"type": "line", "interpolate": "step-after", "color": "#333333"},
            "encoding": {
                "x": x,
                "y": {"field": "score", "type": "quantitative", "title": word("score", lang)},
                "tooltip": [
                    {"field": "date", "type": "temporal"},
                    {"field": "score", "format": ".1f"},
                ],
            },
        },
    ]
    if marks:
        layers.append(
            {
                "data": {"values": marks},
                "mark": {"type": "point", "filled": True, "size": 80, "color": "#d95f02"},
                "encoding": {
                    "x": x,
                    "y": {"field": "score", "type": "quantitative"},
                    "tooltip": [
                        {"field": "date", "type": "temporal", "title": word("date", lang)},
                        {"field": "step"},
                        {"field": "evidence", "title": word("evidence", lang)},
                        {"field": "grade"},
                        {"field": "citation"},
                        {"field": "change", "format": "+.2f"},
                    ],
                },
            }
        )
    spec = _base(
        f"{word('timeline_title', lang)}: {a.scenario(t.scenario_id).name.get(lang)}",
        height=300,
        layer=layers,
    )
    return localized(spec, lang)
