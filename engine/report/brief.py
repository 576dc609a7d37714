"""The brief: the situation assessment (تقدير موقف) itself, as one self-contained HTML document in
English or Arabic, from an assessment and its scoring.

Sections follow the genre: title block, bottom line, context, indicators with their evidence,
scenarios, what changed, what to watch, and the method annex; citations become numbered notes
with their links. Every number is `BriefData`'s (the engine's) and carries its key and full
value in `data-k` / `data-v`, so tests (and anyone) can check the document against
`taqdir score --format json` and `taqdir compare`. Arabic is laid out right to left with the
bundled Noto Sans Arabic embedded as a `data:` URL; numbers, dates, ranges and arrows sit in
left-to-right `<bdi>` islands. `engine.report.pdf` prints the same HTML to PDF.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from engine.report import charts, fonts, vega
from engine.report.brief_data import BriefData
from engine.report.brief_sections import Sections
from engine.report.brief_tail import annex, watch
from indicators.bidi import html_ltr

CSS = """
@page{size:A4;margin:18mm 16mm 20mm 16mm}
body{font-family:"Noto Sans","DejaVu Sans",sans-serif;margin:0 auto;max-width:46rem;
color:#1d1d1d;line-height:1.5;padding:1.5rem 1rem;font-size:11pt}
html[lang=ar] body{font-family:"Noto Sans Arabic","Noto Sans","DejaVu Sans",sans-serif;
line-height:1.75}
header{border-bottom:3px solid #1f4e79;margin-bottom:1rem}
.genre{color:#1f4e79;font-weight:700;letter-spacing:.03em;margin:0}
h1{font-size:1.55rem;margin:.2rem 0 .5rem}h2{font-size:1.2rem;color:#1f4e79;margin-top:1.6rem;
border-bottom:1px solid #c8d3de;break-after:avoid}h3{font-size:1.02rem;margin:1rem 0 .3rem;
break-after:avoid}
.meta{margin:.1rem 0;color:#444;font-size:.92rem}
.bottom{background:#eef3f8;border-inline-start:4px solid #1f4e79;padding:.6rem .9rem}
.flag{font-weight:700;color:#9b1c1c}.flag::before{content:"⚠ "}
li.shaky{background:#fff4f2}
ul.ev{margin:.2rem 0 .6rem;padding-inline-start:1.2rem}ul.ev li{margin:.25rem 0}
.grade{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.88rem;break-inside:avoid}
th,td{border:1px solid #c8c8c8;padding:.2rem .45rem;vertical-align:top;text-align:start}
th{background:#f1f3f5}td.n{text-align:end;font-variant-numeric:tabular-nums}
bdi.num,bdi.date{font-variant-numeric:tabular-nums;white-space:nowrap}
figure.chart{margin:.8rem 0;width:100%;break-inside:avoid}figure.chart .vega{width:100%}
sup.fn a{text-decoration:none}ol.notes{font-size:.88rem}
code{font-size:.85rem;word-break:break-all}
.missing{color:#a33;font-style:italic}
footer{margin-top:2rem;font-size:.8rem;color:#666}
@media print{body{max-width:none;padding:0;font-size:10.5pt}a{color:inherit}}
"""


def _bands_chart(d: BriefData, lang: str) -> dict[str, Any]:
    """Each scenario's score (with its 5–95% interval) over the tier bands."""
    r, u = d.result, d.result.uncertainty
    a = d.assessment
    bands = [
        {"tier": t.name.get(lang), "lo": t.min, "hi": t.max, "color": t.color or "#cccccc"}
        for t in a.tiers
    ]
    rows = [
        {
            "scenario": a.scenario(sid).name.get(lang),
            "score": float(r.scores[s]),
            "p05": float(u.p05[s]) if u is not None else float(r.scores[s]),
            "p95": float(u.p95[s]) if u is not None else float(r.scores[s]),
        }
        for s, sid in enumerate(r.scenario_ids)
    ]
    x = {"type": "quantitative", "scale": {"domain": [0, 100]}, "title": charts.word("score", lang)}
    y = {"field": "scenario", "type": "nominal", "sort": None, "title": None}
    return {
        "$schema": charts.SCHEMA,
        "title": Sections.word("chart_scores", lang),
        "width": "container",
        "height": {"step": 26},
        "config": {"font": "Noto Sans, Noto Sans Arabic, DejaVu Sans, sans-serif"},
        "layer": [
            {
                "data": {"values": bands},
                "mark": {"type": "rect", "opacity": 0.18},
                "encoding": {
                    "x": {"field": "lo", **x},
                    "x2": {"field": "hi"},
                    "color": {"field": "color", "type": "nominal", "scale": None, "legend": None},
                },
            },
            {
                "data": {"values": rows},
                "layer": [
                    {
                        "mark": {"type": "rule", "strokeWidth": 2, "color": "#555"},
                        "encoding": {"x": {"field": "p05", **x}, "x2": {"field": "p95"}, "y": y},
                    },
                    {
                        "mark": {"type": "point", "filled": True, "size": 80, "color": "#1f4e79"},
                        "encoding": {"x": {"field": "score", **x}, "y": y},
                    },
                ],
            },
        ],
    }


def brief_html(d: BriefData, lang: str = "en", *, command: str | None = None) -> str:
    """The brief as one self-contained HTML document in `lang` ("en" or "ar")."""
    a = d.assessment
    s = Sections(d, lang)
    bundle = vega.bundle()
    specs: list[dict[str, Any]] = []

    def chart(spec: dict[str, Any]) -> str:
        font = "Noto Sans Arabic" if lang == "ar" else "Noto Sans, DejaVu Sans, sans-serif"
        spec = {**spec, "config": {**spec.get("config", {}), "font": font}}
        n = len(specs)
        specs.append(spec)
        inner = (
            ""
            if bundle
            else '<p class="missing">' + escape(Sections.word("chart_missing", lang)) + "</p>"
        )
        return (
            f'<figure class="chart" data-spec="spec-{n}"><div class="vega" dir="ltr">{inner}'
            f'</div></figure><script type="application/json" id="spec-{n}">'
            f"{vega.script_json(spec)}</script>"
        )

    body = [
        s.title_block(),
        s.bottom_line(),
        s.context(),
        s.indicators(),
        s.scenarios(chart(_bands_chart(d, lang))),
        s.changed(chart(charts.compare_parts(d.since, lang)) if d.since is not None else ""),
        watch(s),
        annex(s, command),
        s.notes(),
    ]
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    notice = bundle.source if bundle else ""
    direction = "rtl" if lang == "ar" else "ltr"
    title = escape(a.title.get(lang))
    return (
        f'<!doctype html>\n<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{fonts.font_face_css()}{CSS}</style>"
        f"{vega.head_scripts(bundle)}</head><body>"
        + "".join(body)
        + f"<footer><p>{escape(Sections.word('made', lang))} "
        f"{html_ltr(f'{escape(d.result.engine_version)}, {made}')}. {escape(notice)} "
        f"Noto Sans Arabic: SIL Open Font License 1.1.</p></footer>"
        + vega.body_scripts(bundle)
        + "</body></html>\n"
    )


__all__ = ["CSS", "brief_html"]
