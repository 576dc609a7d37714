"""Self-contained bilingual HTML reports of comparisons and timelines, to attach to a writing.

One file, no network: styles inline, charts as Vega-Lite specs drawn by the embedded Vega
bundle (`engine.report.vega`). Every section has English and Arabic text; Arabic blocks and cells
are `dir="rtl"`. Without the bundle the tables and text are all there and each chart says why
it is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

from engine.compare.comparison import Comparison, Spread, side_letter
from engine.compare.sides import Side
from engine.compare.timeline import Timeline
from engine.report import charts, vega
from engine.score import engine_version
from indicators.bidi import html_ltr

CSS = """
body{font-family:"Noto Sans","DejaVu Sans",sans-serif;margin:2rem auto;max-width:70rem;
color:#222;line-height:1.45;padding:0 1rem}
[dir=rtl],.ar{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",serif;
direction:rtl;text-align:right}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:2rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure.chart{margin:1rem 0;width:100%}figure.chart .vega{width:100%}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
.missing{color:#a33;font-style:italic}footer{margin-top:3rem;font-size:.8rem;color:#666}
"""


def h(text: Any) -> str:
    return escape(str(text), quote=True)


def num(v: float, fmt: str = ".1f") -> str:
    return f'<td class="n">{format(v, fmt)}</td>'


def both(tag: str, en: str, ar: str) -> str:
    """The same heading or paragraph in English and Arabic, side by side."""
    return (
        f'<div class="pair"><{tag} lang="en">{en}</{tag}>'
        f'<{tag} lang="ar" dir="rtl">{ar}</{tag}></div>'
    )


def th(en: str, ar: str) -> str:
    return f'<th>{h(en)}<br><span dir="rtl" lang="ar">{h(ar)}</span></th>'


def table(head: list[str], rows: list[str]) -> str:
    return f"<table><thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class Page:
    """Collects sections and charts, then renders the document."""

    def __init__(self, title_en: str, title_ar: str) -> None:
        self.title_en, self.title_ar = title_en, title_ar
        self.parts: list[str] = []
        self.specs: list[dict[str, Any]] = []
        self.bundle = vega.bundle()

    def add(self, html: str) -> None:
        self.parts.append(html)

    def chart(self, spec: dict[str, Any], title_ar: str | None = None) -> str:
        """A figure for one chart (its spec embedded as JSON next to it)."""
        if title_ar:
            spec = {**spec, "title": {"text": [spec["title"], title_ar]}}
        n = len(self.specs)
        self.specs.append(spec)
        inner = (
            ""
            if self.bundle
            else '<p class="missing">Chart not drawn: the Vega bundle (installed with '
            "Streamlit, <code>pip install 'taqdir[dashboard]'</code>) was not found. "
            '<span dir="rtl" lang="ar">لم يُرسم المخطط: حزمة Vega غير مثبتة.</span></p>'
        )
        return (
            f'<figure class="chart" data-spec="spec-{n}"><div class="vega">{inner}</div></figure>'
            f'<script type="application/json" id="spec-{n}">{vega.script_json(spec)}</script>'
        )

    def render(self) -> str:
        notice = self.bundle.source if self.bundle else "Charts not embedded (no Vega bundle)."
        made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{h(self.title_en)} · {h(self.title_ar)}</title><style>{CSS}</style>"
            f"{vega.head_scripts(self.bundle)}</head><body>"
            f"<header>{both('h1', h(self.title_en), h(self.title_ar))}</header>"
            + "".join(self.parts)
            + f"<footer><p>taqdir {h(engine_version())}, {made}. {h(notice)}</p></footer>"
            + vega.body_scripts(self.bundle)
            + "</body></html>\n"
        )


def _sides_table(sides: Sequence[Side]) -> str:
    rows: list[tuple[str, str, Callable[[Side], str]]] = [
        ("Source", "المصدر", lambda d: d.source),
        ("Assessment", "التقدير", lambda d: d.assessment_id),
        ("As of", "بتاريخ", lambda d: d.as_of.isoformat()),
        ("Weighting profile", "ملف الأوزان", lambda d: d.profile or "—"),
        ("Method", "الطريقة", lambda d: d.method),
        (
            "Options",
            "الخيارات",
            lambda d: ", ".join(f"{k}={v}" for k, v in d.options.items()) or "—",
        ),
        ("Input hash", "بصمة المدخلات", lambda d: (d.input_hash or "—")[:19]),
    ]
    head = [th("", ""), *[f"<th>{side_letter(i)}</th>" for i in range(len(sides))]]
    body = [
        f"<tr>{th(en, ar)}" + "".join(f"<td>{h(get(d))}</td>" for d in sides) + "</tr>"
        for en, ar, get in rows
    ]
    return table(head, body)


def _names(en: str, ar: str) -> str:
    return f'<td>{h(en)}</td><td dir="rtl" lang="ar">{h(ar)}</td>'


def compare_report(c: Comparison) -> str:
    """The report of a comparison of two sides."""
    page = Page(
        f"taqdir comparison: {c.a.label} → {c.b.label}",
        f"مقارنة تقديرين: {c.a.label} ← {c.b.label}",
    )
    n = len(c.scenario_ids)
    tau = "undefined" if c.kendall_tau is None else f"{c.kendall_tau:.3f}"
    mean = {f: float(abs(c.parts[i]).mean()) for i, f in enumerate(c.factors)}
    en = (
        f"{n} scenarios matched by id. {c.tier_changes} of them change depth tier; Kendall's tau "
        f"between the two rankings is {tau}. On average the evidence moved a score by "
        f"{mean['evidence']:.1f} points and the weights by {mean['weights']:.1f}"
        + (f", the method by {mean['method']:.1f}" if "method" in mean else "")
        + ". Each change is split so that its parts add up exactly to it."
    )
    ar = (
        f"طوبق {n} سيناريو بالمعرِّف. يتغير مستوى العمق في {c.tier_changes} منها، ومعامل كندال تاو "
        f"بين الترتيبين {tau}. في المتوسط حرَّكت الأدلةُ الدرجةَ {mean['evidence']:.1f} نقطة والأوزانُ "
        f"{mean['weights']:.1f}"
        + (f" والطريقةُ {mean['method']:.1f}" if "method" in mean else "")
        + ". يُقسَم كل تغير بحيث يساوي مجموع أجزائه التغيرَ تمامًا."
    )
    page.add(both("p", h(en), h(ar)))
    page.add(both("h2", "What is compared", "ما الذي يُقارَن") + _sides_table([c.a, c.b]))
    page.add(both("h2", "Scores and reasons", "الدرجات وأسباب تغيرها"))
    page.add(page.chart(charts.compare_scores(c), charts.word("scores_title", "ar")))
    page.add(page.chart(charts.compare_parts(c), charts.word("parts_title", "ar")))
    words = {
        "evidence": ("Evidence", "الأدلة"),
        "weights": ("Weights", "الأوزان"),
        "method": ("Method", "الطريقة"),
    }
    head = [
        th("Scenario", "السيناريو"),
        th("", ""),
        th("A", "A"),
        th("B", "B"),
        th("Change", "التغير"),
        *[th(*words[f]) for f in c.factors],
        th("Tier A → B", "المستوى"),
        th("Rank A → B", "الترتيب"),
        th("On evidence A → B", "على الأدلة"),
    ]
    rows = []
    for s in range(n):
        rows.append(
            "<tr>"
            + _names(c.scenario_name(s, "en"), c.scenario_name(s, "ar"))
            + num(c.scores[0, s])
            + num(c.scores[1, s])
            + num(c.delta[s], "+.2f")
            + "".join(num(c.parts[i, s], "+.2f") for i in range(len(c.factors)))
            + f"<td>{h(c.tier_name(0, s))} → {h(c.tier_name(1, s))}"
            f'<br><span dir="rtl" lang="ar">{h(c.tier_name(0, s, "ar"))} ← '
            f"{h(c.tier_name(1, s, 'ar'))}</span></td>"
            f"<td>{int(c.ranks[0, s])} → {int(c.ranks[1, s])}</td>"
            f"<td>{_on_evidence(c, s)}</td></tr>"
        )
    page.add(table(head, rows))
    page.add(both("p", *_ON_EVIDENCE))
    page.add(both("h2", "Where the contributions changed", "أين تغيرت الإسهامات"))
    page.add(page.chart(charts.family_deltas(c), charts.word("family_title", "ar")))
    page.add(_movers(c))
    page.add(both("h2", "Waterfalls: from A to B", "الشلالات: من A إلى B"))
    page.add(
        '<div class="grid">'
        + "".join(
            page.chart(charts.waterfall(c, s), c.scenario_name(s, "ar")) for s in range(min(n, 24))
        )
        + "</div>"
    )
    page.add(_unmatched(c.unmatched))
    return page.render()


_ON_EVIDENCE = (
    "On evidence: the share of the weight resting on evidence; the rest rests on "
    "defaults (indicators without evidence, their when_no_evidence) and on what-if values. "
    "— where a side does not say.",
    "على الأدلة: حصة الوزن القائمة على الأدلة؛ والباقي على القيم الافتراضية (مؤشرات بلا "
    f"أدلة، قيمة {html_ltr('when_no_evidence')}) وعلى قيم السيناريو. — حيث لا يذكر الطرف ذلك.",
)
"""The note under every table with an "On evidence" column (English, Arabic)."""


def _share(x: float) -> str:
    return f"{100 * x:.0f}%"


def _timeline_coverage(t: Timeline) -> str:
    """Where the weight rests on the last day, and on the first: evidence, defaults, what-if."""
    first, last = t.coverage_of(1), t.coverage_of(len(t.days) - 1)

    def say(c: dict[str, float], lang: str) -> str:
        parts = [_share(c[k]) for k in ("evidence", "default", "assumption")]
        if lang == "ar":
            parts = [html_ltr(p) for p in parts]
            return (
                f"على الأدلة {parts[0]}، على القيم الافتراضية {parts[1]}، "
                f"على قيم السيناريو {parts[2]}"
            )
        return f"on evidence {parts[0]}, on defaults {parts[1]}, on what-if values {parts[2]}"

    return both(
        "p",
        f"Weight on {t.end}: {say(last, 'en')} (on {t.start}: {say(first, 'en')}). "
        "On evidence in the steps below: the share the day before → that day.",
        f"الوزن في {html_ltr(str(t.end))}: {say(last, 'ar')} (في {html_ltr(str(t.start))}: "
        f"{say(first, 'ar')}). «على الأدلة» في الخطوات أدناه: الحصة في اليوم السابق "
        f"{html_ltr('←')} ذلك اليوم.",
    )


def _on_evidence(c: Comparison, s: int) -> str:
    """A's and B's weight share on evidence for scenario `s` ('—' where a side does not say)."""
    sid = c.scenario_ids[s]
    cells = [
        _share(side.coverage[sid]["evidence"]) if sid in side.coverage else "—"
        for side in (c.a, c.b)
    ]
    return f'<span class="num">{cells[0]} → {cells[1]}</span>'


def _movers(c: Comparison, top: int = 3) -> str:
    """Per scenario, the indicators whose contribution changed most, with their reasons."""
    delta = c.contributions[1] - c.contributions[0]
    head = [
        th("Scenario", "السيناريو"),
        th("Indicator", "المؤشر"),
        th("", ""),
        th("Change", "التغير"),
        *[th(f, f) for f in c.factors],
    ]
    rows = []
    for s in range(len(c.scenario_ids)):
        order = [int(k) for k in abs(delta[s]).argsort()[::-1][:top] if abs(delta[s, k]) > 5e-3]
        for k in order:
            ind = c.indicator_ids[k]
            rows.append(
                f"<tr><td>{h(c.scenario_name(s))}</td>"
                + _names(c.indicator_name(ind, "en"), c.indicator_name(ind, "ar"))
                + num(delta[s, k], "+.2f")
                + "".join(num(c.parts_by_indicator[i, s, k], "+.2f") for i in range(len(c.factors)))
                + "</tr>"
            )
    return table(head, rows) if rows else ""


def _unmatched(items: tuple[dict[str, Any], ...]) -> str:
    if not items:
        return both("p", "Every scenario was matched.", "طوبقت السيناريوهات كلها.")
    rows = [
        f"<tr><td>{h(u['scenario'])}</td><td>{h(', '.join(u['sides']))}</td></tr>" for u in items
    ]
    return both("h2", "Unmatched scenarios", "سيناريوهات بلا مقابل") + table(
        [th("Scenario", "السيناريو"), th("Only on side", "موجود لدى الطرف")], rows
    )


def spread_report(m: Spread) -> str:
    """The report of three or more sides: the matrix, the spread, where tiers agree."""
    labels = " · ".join(d.label for d in m.sides)
    page = Page(
        f"taqdir comparison of {len(m.sides)} sides: {labels}", f"مقارنة {len(m.sides)} أطراف"
    )
    agree = m.agree
    page.add(
        both(
            "p",
            h(
                f"{len(m.scenario_ids)} scenarios on every side; the sides put "
                f"{int(agree.sum())} of them in the same depth tier."
            ),
            h(
                f"{len(m.scenario_ids)} سيناريو لدى كل الأطراف؛ تضع الأطراف "
                f"{int(agree.sum())} منها في مستوى العمق نفسه."
            ),
        )
    )
    page.add(both("h2", "What is compared", "ما الذي يُقارَن") + _sides_table(list(m.sides)))
    page.add(page.chart(charts.spread_matrix(m), charts.word("matrix_title", "ar")))
    letters = [side_letter(i) for i in range(len(m.sides))]
    head = [
        th("Scenario", "السيناريو"),
        th("", ""),
        *[f"<th>{c}</th>" for c in letters],
        th("Spread", "المدى"),
        th("Tiers", "المستويات"),
        th("Agree", "اتفاق"),
        th("On evidence", "على الأدلة"),
    ]
    rows = []
    for s in range(len(m.scenario_ids)):
        tiers = " / ".join(m.tier_name(i, s) for i in range(len(m.sides)))
        sid = m.scenario_ids[s]
        shares = " / ".join(
            _share(side.coverage[sid]["evidence"]) if sid in side.coverage else "—"
            for side in m.sides
        )
        rows.append(
            "<tr>"
            + _names(m.scenario_name(s, "en"), m.scenario_name(s, "ar"))
            + "".join(num(m.scores[i, s]) for i in range(len(m.sides)))
            + num(m.spread[s])
            + f"<td>{h(tiers)}</td>"
            + f"<td>{'yes · نعم' if agree[s] else 'no · لا'}</td>"
            + f'<td><span class="num">{shares}</span></td></tr>'
        )
    page.add(table(head, rows))
    page.add(both("p", *_ON_EVIDENCE))
    page.add(_unmatched(m.unmatched))
    return page.render()


def timeline_report(t: Timeline) -> str:
    """The report of a timeline: the chart, the dated steps and the tier changes."""
    a = t.assessment
    sc = a.scenario(t.scenario_id)
    page = Page(f"taqdir timeline: {sc.name.en}", f"المسار الزمني: {sc.name.ar}")
    page.add(
        both(
            "p",
            h(f"{a.title.en}; {t.start} to {t.end}, profile {t.profile.id}, method {t.method}."),
            h(
                f"{a.title.ar}؛ من {t.start} إلى {t.end}، ملف الأوزان {t.profile.id}، "
                f"الطريقة {t.method}."
            ),
        )
    )
    page.add(_timeline_coverage(t))
    chart = charts.bilingual_months(charts.timeline_chart(t))  # month names in both languages
    page.add(page.chart(chart, charts.word("timeline_title", "ar")))
    day = {d: i for i, d in enumerate(t.days)}
    rows = [
        f"<tr><td>{s.date}</td><td>{h(t.step_label(s))}</td>"
        f'<td dir="rtl" lang="ar">{h(" · ".join(ev.summary.ar for ev in s.evidence))}</td>'
        f"<td>{h(' '.join(sorted({r for ev in s.evidence for r in ev.sources})))}</td>"
        + num(s.score_before)
        + num(s.score_after)
        + num(s.delta, "+.2f")
        + f'<td><span class="num">{_share(t.coverage[day[s.date] - 1, 0])} → '
        f"{_share(t.coverage[day[s.date], 0])}</span></td>" + "</tr>"
        for s in t.steps
    ]
    page.add(
        both("h2", "Dated steps", "الخطوات المؤرخة")
        + table(
            [
                th("Date", "التاريخ"),
                th("Step", "الخطوة"),
                th("Evidence", "الأدلة"),
                th("Sources", "المصادر"),
                th("Before", "قبل"),
                th("After", "بعد"),
                th("Change", "التغير"),
                th("On evidence", "على الأدلة"),
            ],
            rows,
        )
    )
    changes = [
        f"<tr><td>{d}</td><td>{h(t.tier(t0).name.en)} → {h(t.tier(t1).name.en)}</td>"
        f'<td dir="rtl" lang="ar">{h(t.tier(t0).name.ar)} ← {h(t.tier(t1).name.ar)}</td></tr>'
        for d, t0, t1, _, _ in t.tier_changes
    ]
    page.add(
        both("h2", "Tier changes", "تغيرات المستوى")
        + (
            table([th("Date", "التاريخ"), th("Tier", "المستوى"), th("", "")], changes)
            if changes
            else ""
        )
    )
    return page.render()
