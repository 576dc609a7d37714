"""The Brief page: the situation assessment as a document, for the sidebar's settings (the
weights as set, the method, the date, the sampling), previewed in the page and downloadable as
HTML and PDF.

The document is `engine.report.brief_html` of `engine.report.gather` for the sidebar's scoring
request (what `taqdir brief` writes with the same options); the PDF is printed by
`engine.report.html_to_pdf` (headless Chromium), offered only where Chromium is installed.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard import limits
from dashboard.i18n import t as app_t
from dashboard.state import Context
from engine import ScoringRequest
from engine.report import Earlier, brief_html, gather, html_to_pdf, pdf_missing, samples_drawn
from engine.robust import yardstick_ids
from indicators.errors import InputError
from scenarios.model import Assessment

L = {
    "title": {"en": "The brief", "ar": "الوثيقة"},
    "intro": {
        "en": "The situation assessment as a document, for the settings in the sidebar: "
        "bottom line, context, indicators and evidence, scenarios, what changed, what to "
        "watch, and the method annex. `taqdir brief` writes the same document.",
        "ar": "تقدير الموقف وثيقةً وفق إعدادات الشريط الجانبي: الخلاصة والسياق والمؤشرات "
        "والأدلة والسيناريوهات وما تغيَّر وما ينبغي رصده وملحق المنهجية. يكتب الأمر "
        "taqdir brief الوثيقة نفسها.",
    },
    "lang": {"en": "Language of the document", "ar": "لغة الوثيقة"},
    "since_on": {"en": "Say what changed since a date", "ar": "بيان ما تغيَّر منذ تاريخ"},
    "since": {"en": "Since", "ar": "منذ"},
    "yardstick": {"en": "Words for probabilities", "ar": "كلمات الاحتمال"},
    "html": {"en": "Download HTML", "ar": "تنزيل HTML"},
    "pdf": {"en": "Download PDF", "ar": "تنزيل PDF"},
    "no_pdf": {"en": "PDF not available here", "ar": "ملف PDF غير متاح هنا"},
    "no_request": {
        "en": "The weights as set cannot be scored (see above): no brief.",
        "ar": "لا يمكن حساب الدرجات بالأوزان الحالية (انظر أعلاه): لا وثيقة.",
    },
}
LANGS = {"en": "English", "ar": "العربية"}


def t(key: str, lang: str) -> str:
    return L[key][lang]


@st.cache_data(show_spinner=False, max_entries=8)
def _document(
    key: tuple[object, ...],
    lang: str,
    since: date | None,
    yardstick: str,
    _a: Assessment,
    _request: ScoringRequest,
) -> str:
    # `key` (the input hash and the request's value) identifies `_a` and `_request`.
    earlier = Earlier(_a, since, since.isoformat()) if since is not None else None
    data = gather(_a, _request, yardstick=yardstick, earlier=earlier)
    return brief_html(data, lang)


def render(ctx: Context) -> None:
    lang = ctx.lang
    st.subheader(t("title", lang))
    st.caption(t("intro", lang))
    if ctx.request is None or ctx.result is None:
        st.info(t("no_request", lang))
        return
    a, request = ctx.assessment, ctx.request
    c1, c2, c3 = st.columns([1, 1, 1])
    doc_lang = c1.radio(
        t("lang", lang),
        list(LANGS),
        index=list(LANGS).index(lang),
        format_func=LANGS.__getitem__,
        horizontal=True,
        key="brief_lang",
    )
    since: date | None = None
    if c2.checkbox(t("since_on", lang), value=True, key="brief_since_on"):
        since = c2.date_input(
            t("since", lang),
            value=request.as_of - timedelta(days=90),
            max_value=request.as_of,
            key="brief_since",
        )
    ids = yardstick_ids()
    yardstick = c3.selectbox(t("yardstick", lang), ids, key="brief_yardstick")
    drawn = samples_drawn(request)
    too_many = limits.sampling_problem(len(a.scenarios), len(a.indicators), drawn)
    if too_many:  # beyond what one session may sample (dashboard/limits.py)
        st.warning(app_t("brief_too_large", lang, detail=too_many), icon=":material/block:")
        return
    limits.stop_if_closed()
    try:
        with st.spinner("…"):
            key = (ctx.result.input_hash, request.key)
            doc = _document(key, doc_lang, since, yardstick, a, request)
    except InputError as exc:
        st.error(exc.said(lang), icon=":material/error:")
        return
    d1, d2 = st.columns(2)
    name = f"taqdir-brief-{a.id}-{request.as_of.isoformat()}-{doc_lang}"
    d1.download_button(
        t("html", lang),
        doc,
        file_name=f"{name}.html",
        mime="text/html",
        icon=":material/download:",
        key="brief_html",
    )
    why = pdf_missing()
    if why is None:
        d2.download_button(
            t("pdf", lang),
            lambda: html_to_pdf(doc),
            file_name=f"{name}.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            key="brief_pdf",
        )
    else:
        d2.button(t("no_pdf", lang), disabled=True, help=why, key="brief_pdf_off")
    st.iframe(doc, height=1100)
