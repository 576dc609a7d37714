"""The Timeline page: a scenario's score over time from the evidence known at each date, over
the depth-tier bands, with every evidence item a marker (date, citation, grade in its
tooltip), the dated steps with their citations, and the days the tier changed.

It uses the sidebar's scoring request (the weights as set and the method); the scenario (by
default the baseline) and the dates are the page's own.
All numbers come from `engine.compare.timeline`.
"""

from __future__ import annotations

import html

import streamlit as st

from dashboard import limits
from dashboard.download import csv_table
from dashboard.i18n import isolate, num, signed
from dashboard.i18n import step as tier_step
from dashboard.i18n import t as app_t
from dashboard.labels import ltr
from dashboard.prose import prose_plain
from dashboard.state import Context
from engine.compare import Timeline, default_start, timeline
from engine.report import charts
from indicators.errors import InputError

L = {
    "title": {"en": "The score over time", "ar": "الدرجة عبر الزمن"},
    "intro": {
        "en": "Each day is scored from the evidence known that day (by its story date), with "
        "fading where a family has a half-life; hover a marker for the evidence behind a step.",
        "ar": "تُحسب درجة كل يوم من الأدلة المعروفة في ذلك اليوم (بتاريخ نشرها)، مع تلاشي الأثر "
        "حيث يكون للعائلة عمر نصفي؛ مرِّر المؤشر فوق علامة لترى الأدلة وراء الخطوة.",
    },
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "from": {"en": "From", "ar": "من"},
    "to": {"en": "To", "ar": "إلى"},
    "step": {"en": "Step", "ar": "الخطوة الزمنية"},
    "steps": {"en": "Dated steps", "ar": "الخطوات المؤرخة"},
    "tiers": {"en": "Tier changes", "ar": "تغيرات المستوى"},
    "date": {"en": "Date", "ar": "التاريخ"},
    "what": {"en": "What became known", "ar": "ما الذي عُرف"},
    "grades": {"en": "Grades", "ar": "التقييم"},
    "sources": {"en": "Citations", "ar": "المصادر"},
    "before": {"en": "Before", "ar": "قبل"},
    "after": {"en": "After", "ar": "بعد"},
    "change": {"en": "Change", "ar": "التغير"},
    "on_evidence": {"en": "On evidence", "ar": "على الأدلة"},
    "backwards": {
        "en": "“From” ({start}) is after “To” ({end}): choose an earlier “From” or a later “To”.",
        "ar": "تاريخ «من» ({start}) بعد تاريخ «إلى» ({end}): اختر «من» أبكر أو «إلى» أبعد.",
    },
    "coverage": {
        "en": "Weight resting on evidence: {first} on the first day, {last} on the last; the "
        "rest rests on defaults (indicators with no evidence known) and what-if values. The "
        "steps' column: the day before → that day.",
        "ar": "الوزن القائم على الأدلة: {first} في اليوم الأول و{last} في اليوم الأخير؛ والباقي "
        "قائم على القيم الافتراضية (مؤشرات لا أدلة معروفة عنها) وقيم السيناريو. عمود الخطوات: "
        "اليوم السابق ← ذلك اليوم.",
    },
    "none": {"en": "No tier change in this range.", "ar": "لا تغير في المستوى في هذه الفترة."},
    "report": {"en": "Download the HTML report", "ar": "تنزيل التقرير بصيغة HTML"},
    "1w": {"en": "1 week", "ar": "أسبوع"},
    "2w": {"en": "2 weeks", "ar": "أسبوعان"},
    "1m": {"en": "1 month", "ar": "شهر"},
}


def t(key: str, lang: str) -> str:
    return L[key][lang]


def _share(tl: Timeline, i: int) -> str:
    """Day `i`'s share of the weight resting on evidence, as a percentage."""
    return f"{100 * tl.coverage_of(i)['evidence']:.0f}%"


def _on_evidence(tl: Timeline, before: int, after: int, lang: str) -> str:
    """The evidence share the day before a step and on it (one figure when unchanged)."""
    a, b = _share(tl, before), _share(tl, after)
    return ltr(a if a == b else f"{a} → {b}")


def _steps_table(tl: Timeline, lang: str) -> str:
    notes = tl.assessment.source.footnotes if tl.assessment.source else {}
    keys = ("date", "what", "grades", "sources", "before", "after", "change", "on_evidence")
    head = [t(k, lang) for k in keys]
    index = {d: i for i, d in enumerate(tl.days)}
    out = ['<table class="taqdir" id="timeline-steps"><thead><tr>']
    out += [f'<th class="{"n" if i > 3 else ""}">{html.escape(h)}</th>' for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for s in tl.steps:
        items = "<br>".join(html.escape(ev.summary.get(lang)) for ev in s.evidence)
        grades = " ".join(sorted({f"{ev.reliability}{ev.credibility}" for ev in s.evidence}))
        refs = sorted({r for ev in s.evidence for r in ev.sources})
        cites = " ".join(
            f'<span title="{html.escape(prose_plain(notes.get(r), lang))}">{ltr(r)}</span>'
            for r in refs
        )
        cells = [
            ltr(s.date.isoformat()),
            f"<b>{html.escape(tl.step_label(s, lang))}</b><br><small>{items}</small>",
            f'<span class="grade">{grades}</span>',
            cites,
            ltr(num(s.score_before, lang)),
            ltr(num(s.score_after, lang)),
            ltr(signed(s.delta, lang)),
            _on_evidence(tl, index[s.date] - 1, index[s.date], lang),
        ]
        tds = '<td style="white-space:nowrap">' + cells[0] + "</td>"
        tds += "".join(
            f'<td class="{"n" if i > 2 else ""}">{c}</td>' for i, c in enumerate(cells[1:])
        )
        out.append(f"<tr>{tds}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render(ctx: Context) -> None:
    a, lang = ctx.assessment, ctx.lang
    st.subheader(t("title", lang))
    st.caption(t("intro", lang))
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    sid = c1.selectbox(
        t("scenario", lang),
        a.scenario_ids,
        index=a.scenario_ids.index(a.baseline_id()),
        format_func=lambda s: a.scenario(s).name.get(lang),
        key="tl_scenario",
        bind="query-params",
    )
    start = c2.date_input(
        t("from", lang), value=default_start(a), key="tl_from", bind="query-params"
    )
    end = c3.date_input(t("to", lang), value=ctx.as_of, key="tl_to", bind="query-params")
    step = c4.selectbox(
        t("step", lang),
        ["1w", "2w", "1m"],
        format_func=lambda k: t(k, lang),
        key="tl_step",
        bind="query-params",
    )
    if ctx.request is None:  # the weights as set cannot be used
        st.error(ctx.error or "", icon=":material/error:")
        return
    if start > end:  # said with the page's own field names (the engine's names --from/--to)
        st.error(
            t("backwards", lang).format(
                start=isolate(start.isoformat(), lang), end=isolate(end.isoformat(), lang)
            ),
            icon=":material/error:",
        )
        return
    days = (end - start).days + 1
    too_long = limits.timeline_problem(days, len(a.indicators), len(a.evidence))
    if too_long:  # beyond what one session may compute (dashboard/limits.py)
        st.warning(app_t("timeline_too_large", lang, detail=too_long), icon=":material/block:")
        return
    limits.stop_if_closed()
    try:
        tl = timeline(a, ctx.request, scenario=sid, start=start, end=end, step=step)
    except InputError as exc:
        st.error(exc.said(lang), icon=":material/error:")
        return
    spec = charts.timeline_chart(tl, lang)
    st.vega_lite_chart(spec={k: v for k, v in spec.items() if k != "width"}, width="stretch")
    st.caption(
        t("coverage", lang).format(
            first=isolate(_share(tl, 1), lang), last=isolate(_share(tl, len(tl.days) - 1), lang)
        )
    )
    st.markdown(f"#### {t('steps', lang)}")
    steps = _steps_table(tl, lang)
    st.markdown(steps, unsafe_allow_html=True)
    csv_table(steps, "timeline-steps", lang)
    st.markdown(f"#### {t('tiers', lang)}")
    if tl.tier_changes:
        st.markdown(
            "\n".join(
                f"- {ltr(d.isoformat())}: "
                + tier_step(
                    html.escape(tl.tier(x).name.get(lang)),
                    html.escape(tl.tier(y).name.get(lang)),
                    lang,
                )
                + f" ({ltr(f'{s0:.1f} → {s1:.1f}')})"
                for d, x, y, s0, s1 in tl.tier_changes
            ),
            unsafe_allow_html=True,
        )
    else:
        st.caption(t("none", lang))
    from engine.report import timeline_report

    st.download_button(
        t("report", lang),
        lambda: timeline_report(tl),
        file_name=f"taqdir-timeline-{sid}.html",
        mime="text/html",
        icon=":material/download:",
    )
