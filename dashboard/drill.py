"""The drill-down under the Scores page's charts: click a scenario's bar or one of its
contributions, and see the indicators behind it, each with its transform and goalposts, the
value the score used, its intensity, weight and points, where the value came from, and the
evidence known on the date with its citations.

The rows are `engine.report.behind` (the scored result's own numbers); this module words them
in the page's language and draws them as a table with its CSV. `picked` reads the charts'
selection events (Streamlit's `on_select`) into a scenario and a focus.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.download import csv_button
from dashboard.labels import evidence_value, ltr, raw_value
from engine import ScoreResult
from engine.report import Behind, behind
from indicators.model import Indicator, Linear, Log, Ordinal

L = {
    "title": {"en": "Behind the score: {name}", "ar": "ما وراء الدرجة: {name}"},
    "hint": {
        "en": "Click a scenario's bar or one of its contributions in the charts above to see "
        "what stands behind it.",
        "ar": "انقر شريط سيناريو أو إحدى مساهماته في المخططين أعلاه لترى ما وراءه.",
    },
    "focus": {"en": "Showing {what} only.", "ar": "يُعرض {what} فقط."},
    "show_all": {"en": "Show every indicator", "ar": "اعرض كل المؤشرات"},
    "indicator": {"en": "Indicator", "ar": "المؤشر"},
    "transform": {"en": "Transform and goalposts", "ar": "التحويل وحدّاه"},
    "value": {
        "en": "Value used (low – likely – high)",
        "ar": "القيمة المستخدمة (أدنى – أرجح – أعلى)",
    },
    "intensity": {"en": "Intensity", "ar": "الشدة"},
    "weight": {"en": "Weight", "ar": "الوزن"},
    "points": {"en": "Points", "ar": "النقاط"},
    "source": {"en": "From", "ar": "المصدر"},
    "evidence": {"en": "Evidence known on the date", "ar": "الأدلة المعروفة في التاريخ"},
    "citations": {"en": "Citations", "ar": "الاستشهادات"},
    "src_evidence": {"en": "evidence", "ar": "أدلة"},
    "src_default": {
        "en": "no evidence: when_no_evidence",
        "ar": "لا أدلة: \u2066when_no_evidence\u2069",
    },
    "src_assumption": {"en": "the scenario's assumption", "ar": "افتراض السيناريو"},
    "linear": {"en": "linear: 0 at {low}, 1 at {high}", "ar": "خطي: 0 عند {low}، و1 عند {high}"},
    "log": {
        "en": "logarithmic, log(1+v): 0 at {low}, 1 at {high}",
        "ar": "لوغاريتمي، log(1+v): 0 عند {low}، و1 عند {high}",
    },
    "saturating": {"en": "saturating: half at {half}", "ar": "مُشبَع: النصف عند {half}"},
    "levels": {"en": "levels: {levels}", "ar": "المستويات: {levels}"},
    "reversed": {
        "en": " (negative: enters as 1 − intensity)",
        "ar": " (سلبي: يدخل بقيمة 1 − الشدة)",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    text = L[key][lang]
    return text.format(**values) if values else text


def _n(x: float, lang: str) -> str:
    return f"\u2066{x:g}\u2069" if lang == "ar" else f"{x:g}"


def transform_words(ind: Indicator, lang: str) -> str:
    """The indicator's transform and its goalposts, in words."""
    tr = ind.transform
    if isinstance(tr, Ordinal):
        sep = " > " if lang == "ar" else " < "
        steps = [f"{lv.name.get(lang)} ({_n(lv.intensity, lang)})" for lv in tr.levels]
        text = t("levels", lang, levels=sep.join(reversed(steps) if lang == "ar" else steps))
    elif isinstance(tr, Linear):
        text = t("linear", lang, low=_n(tr.low, lang), high=_n(tr.high, lang))
    elif isinstance(tr, Log):
        text = t("log", lang, low=_n(tr.low, lang), high=_n(tr.high, lang))
    else:
        text = t("saturating", lang, half=_n(tr.half, lang))
    return text + (t("reversed", lang) if ind.direction == "-" else "")


def value_words(b: Behind, lang: str) -> str:
    lo, likely, hi = (raw_value(b.indicator, x, lang) for x in b.raw)
    return likely if lo == likely == hi else f"{lo} – {likely} – {hi}"


def _footnote(notes: Mapping[str, object], key: str, lang: str) -> str:
    note = notes.get(key, "")
    get = getattr(note, "get", None)
    return str(get(lang)) if callable(get) and not isinstance(note, dict) else str(note)


def rows(r: ScoreResult, s: int, lang: str, only: Sequence[str] | None = None) -> list[Behind]:
    """The indicators of scenario `s`, or only those named in `only`."""
    out = behind(r, s)
    return [b for b in out if b.indicator.id in only] if only else out


def csv_rows(items: list[Behind], lang: str) -> list[dict[str, object]]:
    return [
        {
            t("indicator", lang): b.indicator.name.get(lang),
            t("transform", lang): transform_words(b.indicator, lang),
            t("value", lang): value_words(b, lang),
            t("intensity", lang): b.intensity,
            t("weight", lang): b.weight,
            t("points", lang): b.points,
            t("source", lang): t(f"src_{b.source}", lang),
            t("evidence", lang): " | ".join(ev.id for ev in b.evidence),
            t("citations", lang): " ".join(b.citations),
        }
        for b in items
    ]


def table(r: ScoreResult, items: list[Behind], lang: str) -> str:
    """The drill-down as HTML, one row per indicator (`data-indicator` keyed for tests)."""
    notes = r.assessment.source.footnotes if r.assessment.source is not None else {}
    heads = ["indicator", "transform", "value", "intensity", "weight", "points", "source"]
    head = "".join(f"<th>{html.escape(t(h, lang))}</th>" for h in [*heads, "evidence"])
    body = []
    for b in items:
        ind = b.indicator
        evidence = []
        for ev in b.evidence:
            cites = " ".join(
                f'<span title="{html.escape(_footnote(notes, c, lang))}">{ltr(c)}</span>'
                for c in ev.sources
            )
            value = evidence_value(ind, ev.value, ev.low, ev.high, lang)
            evidence.append(
                f"{ltr(ev.event_date.isoformat())} · {html.escape(value)} · "
                f"{ev.reliability}{ev.credibility} · {html.escape(ev.summary.get(lang))} {cites}"
            )
        cells = [
            html.escape(ind.name.get(lang)),
            html.escape(transform_words(ind, lang)),
            html.escape(value_words(b, lang))
            if isinstance(ind.transform, Ordinal)  # level names read in the page's direction
            else ltr(value_words(b, lang)),  # a numeric range reads left to right
            ltr(f"{b.intensity:.3f}"),
            ltr(f"{100 * b.weight:.1f}%"),
            ltr(f"{b.points:.2f}"),
            html.escape(t(f"src_{b.source}", lang)),
            "<br>".join(evidence),
        ]
        body.append(
            f'<tr data-indicator="{html.escape(ind.id)}" data-points="{b.points!r}">'
            + "".join(f"<td>{c}</td>" for c in cells[:-1])
            + f'<td style="min-width:24em">{cells[-1]}</td>'  # the evidence: room to read
            + "</tr>"
        )
    return (
        f'<table class="taqdir" id="drill"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def footnotes(r: ScoreResult, items: list[Behind], lang: str) -> str:
    notes = r.assessment.source.footnotes if r.assessment.source is not None else {}
    keys: list[str] = []
    for b in items:
        keys += [c for c in b.citations if c not in keys]
    return "\n".join(f"- {ltr(k)} {html.escape(_footnote(notes, k, lang))}" for k in keys)


def picked(
    event: object, field: str = "scenario", name: str = "pick"
) -> list[Mapping[str, object]]:
    """The points a chart's selection event holds (empty when nothing is selected)."""
    try:
        chosen = event["selection"][name]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    return [p for p in chosen or [] if isinstance(p, Mapping) and field in p]


def draw(r: ScoreResult, s: int, lang: str, only: Sequence[str] | None, what: str) -> None:
    """The drill-down of scenario `s` (only the indicators in `only`, named `what`, if set)."""
    name = r.assessment.scenario(r.scenario_ids[s]).name.get(lang)
    st.subheader(t("title", lang, name=name))
    if only:
        st.caption(t("focus", lang, what=what))
        if st.button(t("show_all", lang), key="drill_all", type="tertiary"):
            st.session_state["drill_focus"] = None
            st.rerun()
    else:
        st.caption(t("hint", lang))
    items = rows(r, s, lang, only)
    st.markdown(table(r, items, lang), unsafe_allow_html=True)
    notes = footnotes(r, items, lang)
    if notes:
        st.markdown(notes, unsafe_allow_html=True)
    csv_button(csv_rows(items, lang), f"behind-{r.scenario_ids[s]}", lang)
