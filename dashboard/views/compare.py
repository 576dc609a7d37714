"""The Compare page: two configurations side by side (file, profile, date, method), the score
changes with their tier and rank moves, and why each score moved: a waterfall from A to B
through the evidence part, the weights part and (when the methods differ) the method part.

Side B starts as the sidebar's configuration, weights as set included; side A as the same a
quarter earlier ("this quarter against last"). All numbers come from `engine.compare.comparison`.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from dashboard import i18n
from dashboard.data import outside_root
from dashboard.download import csv_table
from dashboard.i18n import PDI, isolate, num, signed, step
from dashboard.labels import ltr
from dashboard.state import Context
from engine import METHODS, ScoringRequest
from engine.compare import (
    Comparison,
    RunSource,
    Side,
    compare,
    open_source,
    side_from_assessment,
    side_from_run,
    side_from_saved,
)
from engine.report import charts
from indicators.errors import InputError
from scenarios.model import Assessment
from scenarios.saved import SavedScore

if TYPE_CHECKING:
    from engine.versions import Version

L = {
    "title": {"en": "Compare two configurations", "ar": "مقارنة إعدادين"},
    "intro": {
        "en": "Each score change is split into an evidence part, a weights part and, when the "
        "methods differ, a method part; the parts add up exactly to the change.",
        "ar": "يُقسَم كل تغير في الدرجة إلى جزء للأدلة وجزء للأوزان وجزء للطريقة عند اختلافها؛ "
        "ومجموع الأجزاء يساوي التغير تمامًا.",
    },
    "side": {"en": "Side {x}", "ar": "الطرف {x}"},
    "file": {
        "en": "File (empty: the assessment in the sidebar)",
        "ar": "الملف (فارغ: تقدير الشريط الجانبي)",
    },
    "file_help": {
        "en": "An assessment (YAML/JSON), a saved `taqdir score --format json`, or run:ID.",
        "ar": "ملف تقدير (YAML/JSON)، أو نتيجة محفوظة من taqdir score، أو run:ID.",
    },
    "version": {"en": "Version of the file", "ar": "نسخة الملف"},
    "on_disk": {"en": "as on disk", "ar": "كما هو على القرص"},
    "by": {"en": "by {who}", "ar": "بواسطة {who}"},
    "no_note": {"en": "no note", "ar": "بلا ملاحظة"},
    "nobody": {"en": "unknown", "ar": "غير معروف"},
    "outside": {"en": "(outside taqdir)", "ar": "(خارج تقدير)"},
    "found": {
        "en": "as found on disk (changed outside taqdir)",
        "ar": "كما وُجد على القرص (عُدِّل خارج تقدير)",
    },
    "restored": {"en": "restored {v}", "ar": "استعادة {v}"},
    "profile": {"en": "Weighting profile", "ar": "ملف الأوزان"},
    "as_set": {"en": "Weights as set in the sidebar", "ar": "الأوزان كما ضُبطت في الشريط الجانبي"},
    "as_of": {"en": "Evidence known on", "ar": "الأدلة المعروفة حتى"},
    "method": {"en": "Method", "ar": "الطريقة"},
    "saved": {
        "en": "A saved result: its weights, date and method are fixed.",
        "ar": "نتيجة محفوظة: أوزانها وتاريخها وطريقتها ثابتة.",
    },
    "tau": {"en": "Kendall's tau (rankings)", "ar": "كندال تاو (الترتيب)"},
    "tier_changes": {"en": "Tier changes", "ar": "تغيرات المستوى"},
    "unmatched": {"en": "Unmatched scenarios", "ar": "سيناريوهات بلا مقابل"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "change": {"en": "Change", "ar": "التغير"},
    "evidence": {"en": "Evidence", "ar": "الأدلة"},
    "weights": {"en": "Weights", "ar": "الأوزان"},
    "tier": {"en": "Tier A → B", "ar": "المستوى A → B"},
    "rank": {"en": "Rank A → B", "ar": "الترتيب A → B"},
    "on_evidence": {"en": "On evidence A → B", "ar": "على الأدلة A → B"},
    "coverage_note": {
        "en": "On evidence: the share of the weight resting on evidence in each side; the rest "
        "rests on defaults (no evidence known) and what-if values; — where a side does not say "
        "(a stored run, an older saved score).",
        "ar": "على الأدلة: نصيب الوزن القائم على الأدلة في كل طرف؛ والباقي قائم على القيم "
        "الافتراضية (لا أدلة معروفة) وقيم السيناريو؛ — حيث لا يذكره الطرف (تشغيل محفوظ، أو درجة "
        "محفوظة أقدم).",
    },
    "waterfall": {"en": "Waterfall of one scenario", "ar": "شلال سيناريو واحد"},
    "why": {"en": "Why every score moved", "ar": "لماذا تغيرت كل درجة"},
    "report": {"en": "Download the HTML report", "ar": "تنزيل التقرير بصيغة HTML"},
    "error": {"en": "Side {x} cannot be used", "ar": "لا يمكن استخدام الطرف {x}"},
    "none": {"en": "none", "ar": "لا شيء"},
}


def t(key: str, lang: str, **values: object) -> str:
    return L[key][lang].format(**values)


def _side(ctx: Context, x: str, col) -> Side:  # type: ignore[no-untyped-def]
    """One side's widgets (in column `col`) and the side they configure."""
    lang, key = ctx.lang, f"cmp_{x}"
    col.markdown(f"**{t('side', lang, x=x)}**")
    path = col.text_input(
        t("file", lang), key=f"{key}_file", bind="query-params", help=t("file_help", lang)
    ).strip()
    a: Assessment = ctx.assessment
    if path:
        root = outside_root(path)
        if root is not None:  # a typed path stays inside the folder the dashboard serves
            raise InputError(i18n.t("path_outside", lang, path=path, root=str(root)))
        path = _version(path, lang, col, key)
        src = open_source(path)
        if isinstance(src, RunSource):
            col.caption(t("saved", lang))
            return side_from_run(src.run_id, label=f"{x}: {path}")
        if isinstance(src, SavedScore):
            col.caption(t("saved", lang))
            return side_from_saved(src, label=f"{x}: {path}", source=path)
        a = src
    as_set = (
        x == "B"
        and not path
        and col.toggle(t("as_set", lang), value=True, key=f"{key}_set", bind="query-params")
    )
    pids = a.profile_ids
    default = ctx.profile.id if ctx.profile.id in pids else a.default_profile_id
    profile = col.selectbox(
        t("profile", lang),
        pids,
        index=pids.index(default),
        format_func=lambda p: a.profile(p).name.get(lang),
        key=f"{key}_profile",
        bind="query-params",
        disabled=as_set,
    )
    when = ctx.as_of - timedelta(days=92) if x == "A" else ctx.as_of
    as_of = col.date_input(t("as_of", lang), value=when, key=f"{key}_as_of", bind="query-params")
    method = col.selectbox(
        t("method", lang),
        METHODS,
        index=METHODS.index(ctx.method),
        format_func=lambda m: ctx.t(f"method_{m}"),
        key=f"{key}_method",
        bind="query-params",
    )
    if as_set and ctx.request is None:  # the weights as set cannot be used
        raise InputError(ctx.error or "")
    # The side's own request: the sidebar's profile with the weights as set (side B by
    # default), or the profile chosen here, under the side's method and date.
    weights = ctx.request.profile if as_set and ctx.request is not None else profile
    request = ScoringRequest.build(a, profile=weights, method=method, as_of=as_of)
    return side_from_assessment(a, request, label=f"{x}: {path or a.id}", source=path or "sidebar")


def _version(path: str, lang: str, col, key: str) -> str:  # type: ignore[no-untyped-def]
    """A file with recorded versions gets a version picker, each version named by its number,
    time, who saved it and its note; the choice `vN` becomes the source `FILE@vN` (resolved by
    `engine.compare.open_source`); "as on disk" keeps `path`."""
    from engine.versions import history

    if "@" in path or not Path(path).is_file():
        return path
    versions = {v.number: v for v in history(path)}
    if not versions:
        return path
    label = t("on_disk", lang)
    choice = col.selectbox(
        t("version", lang),
        [0, *sorted(versions, reverse=True)],
        format_func=lambda n: label if n == 0 else version_line(versions[n], lang),
        key=f"{key}_version",
        bind="query-params",
    )
    if not choice:
        return path
    col.caption(version_line(versions[choice], lang))  # in full: the box may cut it short
    return f"{path}@v{choice}"


FSI = "\u2068"  # first-strong isolate: a name or note takes its own direction in either page


def version_line(v: Version, lang: str) -> str:
    """One version for a list: `v3 · 2026-12-01 03:20 UTC · by NAME · NOTE`; the number and
    time isolated left to right in Arabic, the name and note isolated in their own direction."""
    try:
        when = datetime.fromisoformat(v.saved).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:  # a time recorded otherwise: shown as stored
        when = v.saved
    from engine.versions import FOUND_NOTE, OUTSIDE

    who = f"{FSI}{v.who}{PDI}" if v.who else t("nobody", lang)
    note = f"{FSI}{v.note}{PDI}" if v.note.strip() else t("no_note", lang)
    if v.who == OUTSIDE:  # the store's own words, in the page's language
        who = t("outside", lang)
    if v.note == FOUND_NOTE:
        note = t("found", lang)
    elif (restored := re.fullmatch(r"restored (v\d+)", v.note)) is not None:
        note = t("restored", lang, v=isolate(restored[1], lang))
    parts = [isolate(v.label, lang), isolate(when, lang), t("by", lang, who=who), note]
    return " · ".join(parts)


def _on_evidence(c: Comparison, s: int) -> str:
    """Scenario `s`'s share of the weight on evidence in A and in B (— where a side does not
    say), one figure when they agree."""
    sid = c.scenario_ids[s]
    shares = []
    for side in (c.a, c.b):
        cov = side.coverage.get(sid)
        shares.append("—" if cov is None else f"{100 * cov['evidence']:.0f}%")
    return shares[0] if shares[0] == shares[1] else f"{shares[0]} → {shares[1]}"


def _table(c: Comparison, lang: str) -> str:
    head = [t("scenario", lang), "A", "B", t("change", lang)]
    head += [t(f, lang) if f in L else f for f in c.factors]
    head += [t("tier", lang), t("rank", lang), t("on_evidence", lang)]
    out = ['<table class="taqdir" id="compare-table"><thead><tr>']
    out += [
        f'<th class="{"n" if 0 < i < len(head) - 3 else ""}">{html.escape(h)}</th>'
        for i, h in enumerate(head)
    ]
    out.append("</tr></thead><tbody>")
    for s in range(len(c.scenario_ids)):
        moved = c.tier_changed[s] or c.ranks[0, s] != c.ranks[1, s]
        cells = [html.escape(c.scenario_name(s, lang))]
        cells += [ltr(num(float(c.scores[i, s]), lang)) for i in (0, 1)]
        cells.append(ltr(signed(float(c.delta[s]), lang, 2)))
        cells += [ltr(signed(float(c.parts[i, s]), lang, 2)) for i in range(len(c.factors))]
        tier = html.escape(c.tier_name(0, s, lang))
        if c.tier_changed[s]:
            tier = step(tier, html.escape(c.tier_name(1, s, lang)), lang)
        cells += [tier, ltr(f"{int(c.ranks[0, s])} → {int(c.ranks[1, s])}")]
        cells.append(ltr(_on_evidence(c, s)))
        tds = "".join(
            f'<td class="{"n" if 0 < i < len(cells) - 3 else ""}">{v}</td>'
            for i, v in enumerate(cells)
        )
        out.append(f'<tr class="{"moved" if moved else ""}">{tds}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _chart(spec: dict) -> None:
    st.vega_lite_chart(spec={k: v for k, v in spec.items() if k != "width"}, width="stretch")


def render(ctx: Context) -> None:
    lang = ctx.lang
    st.subheader(t("title", lang))
    st.caption(t("intro", lang))
    cols = st.columns(2, border=True)
    sides = []
    for x, col in zip("AB", cols, strict=True):
        try:
            sides.append(_side(ctx, x, col))
        except InputError as exc:
            # As prose, not a code block: a code block is left to right and one line, which
            # broke an Arabic message and cut a long one.
            col.error(f"**{t('error', lang, x=x)}**\n\n{exc.said(lang)}", icon=":material/error:")
    if len(sides) < 2:
        return
    try:
        c = compare(*sides)
    except InputError as exc:
        st.error(exc.said(lang), icon=":material/error:")
        return
    m1, m2, m3 = st.columns(3)
    m1.metric(t("tau", lang), "—" if c.kendall_tau is None else f"{c.kendall_tau:.3f}", border=True)
    m2.metric(t("tier_changes", lang), f"{c.tier_changes} / {len(c.scenario_ids)}", border=True)
    m3.metric(t("unmatched", lang), str(len(c.unmatched)), border=True)
    if c.unmatched:
        st.caption(", ".join(f"{u['scenario']} ({', '.join(u['sides'])})" for u in c.unmatched))
    table = _table(c, lang)
    st.markdown(table, unsafe_allow_html=True)
    st.caption(t("coverage_note", lang))
    csv_table(table, "compare", lang)
    st.markdown(f"#### {t('waterfall', lang)}")
    s = st.selectbox(
        t("scenario", lang),
        range(len(c.scenario_ids)),
        format_func=lambda i: c.scenario_name(i, lang),
        key="cmp_scenario",
        bind="query-params",
    )
    _chart(charts.waterfall(c, s, lang))
    st.markdown(f"#### {t('why', lang)}")
    _chart(charts.compare_parts(c, lang))
    _chart(charts.family_deltas(c, lang))
    from engine.report import compare_report

    st.download_button(
        t("report", lang),
        lambda: compare_report(c),  # built only when clicked (a megabyte with its charts)
        file_name="taqdir-comparison.html",
        mime="text/html",
        icon=":material/download:",
    )
