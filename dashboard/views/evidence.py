"""The Evidence page: the dated evidence log with its citations and Admiralty grades, filterable
by family; items not yet known on the chosen date are shown greyed, since they do not count."""

from __future__ import annotations

import html

import streamlit as st

from dashboard.download import csv_table
from dashboard.labels import evidence_value, ltr
from dashboard.prose import prose_html, prose_plain
from dashboard.state import Context
from dashboard.style import family_colors
from scenarios.values import known_evidence

NO_EVIDENCE = {
    "en": "Scored without evidence on this date (their when_no_evidence, flagged * on the "
    "Scores page): ",
    "ar": "مؤشرات بلا أدلة في هذا التاريخ (تُستخدم قيمة \u2066when_no_evidence\u2069، "
    "ومعلَّمة بـ * في صفحة الدرجات): ",
}
"""The indicators scored on their default, named under the evidence log."""


def render(ctx: Context) -> None:
    a, lang = ctx.assessment, ctx.lang
    st.subheader(ctx.t("evidence_log"))
    fam_names = {f.id: f.name.get(lang) for f in a.families}
    fam_colors = dict(zip(fam_names, family_colors(len(fam_names)), strict=True))
    chosen = st.pills(
        ctx.t("filter_family"),
        list(fam_names),
        selection_mode="multi",
        format_func=fam_names.get,
        default=list(fam_names),
        key="ev_families",
    )
    family_of = {i.id: i.family for i in a.indicators}
    items = sorted(
        (ev for ev in a.evidence if family_of[ev.indicator] in set(chosen or ())),
        key=lambda ev: (ev.event_date, ev.id),
    )
    st.caption(ctx.t("count_shown", n=len(items), total=len(a.evidence)))
    silent = [i for i in a.indicators if not known_evidence(a, i.id, ctx.as_of)]
    if silent:
        names = "، ".join if lang == "ar" else ", ".join
        st.caption(NO_EVIDENCE[lang] + names(i.name.get(lang) for i in silent))
    if not items:
        st.info(ctx.t("no_evidence"))
        return
    footnotes = a.source.footnotes if a.source is not None else {}
    head = [
        ctx.t("event_date"),
        ctx.t("known"),
        ctx.t("indicator"),
        ctx.t("value"),
        ctx.t("grade"),
        ctx.t("summary"),
        ctx.t("citations"),
    ]
    out = ['<table class="taqdir" id="evidence"><thead><tr>']
    out += [f"<th>{html.escape(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    cited: list[str] = []
    for ev in items:
        ind = a.indicator(ev.indicator)
        fam = ind.family
        late = ev.known_on > ctx.as_of or ev.event_date > ctx.as_of
        value = evidence_value(ind, ev.value, ev.low, ev.high, lang)
        grade = f"{ev.reliability}{ev.credibility}"
        cites = []
        for src in ev.sources:
            tip = html.escape(prose_plain(footnotes.get(src), lang))
            cites.append(f'<span title="{tip}">{ltr(src)}</span>')
            if src not in cited:
                cited.append(src)
        summary = html.escape(ev.summary.get(lang))
        if ev.location is not None:
            summary = f"{prose_html(ev.location, lang)} — {summary}"
        if ev.note is not None:
            summary += f'<br><small class="note">{prose_html(ev.note, lang)}</small>'
        if late:
            summary += f"<br><i>{html.escape(ctx.t('not_yet_known', d=ctx.as_of.isoformat()))}</i>"
        dot = f'<span style="color:{fam_colors[fam]}">●</span> '
        cells = [
            f'<span class="nw">{ltr(ev.event_date.isoformat())}</span>',
            f'<span class="nw">{ltr(ev.known_on.isoformat())}</span>',
            f"{dot}{html.escape(ind.name.get(lang))}<br><small>{html.escape(fam_names[fam])}</small>",
            html.escape(value),
            f'<span class="grade" title="{html.escape(ctx.t("grade_help"))}">{grade}</span>',
            summary,
            " ".join(cites),
        ]
        style = ' style="opacity:0.5"' if late else ""
        out.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    st.markdown("".join(out), unsafe_allow_html=True)
    csv_table("".join(out), "evidence", lang)
    st.caption(ctx.t("grade_help"))
    if cited and footnotes:
        st.markdown(f"**{ctx.t('footnotes')}**")
        st.markdown(
            "\n".join(f"- {ltr(src)} {prose_html(footnotes.get(src), lang)}" for src in cited),
            unsafe_allow_html=True,
        )
