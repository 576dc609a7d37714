"""The Editor page: make or change an assessment without writing YAML.

Start from nothing, from the built-in case or from the loaded assessment; edit the general
fields, families, indicators (with a live value → intensity preview), evidence (a table),
scenarios, tiers and profiles. Every change is validated with the command line's validator and
each problem is shown beside its field; while the draft is valid the other pages score it
(`dashboard.editor.draft.apply`, called by `dashboard.app.run`). Saving and versions are in the
last tab (`dashboard.editor.saving`)."""

from __future__ import annotations

import streamlit as st

from dashboard.editor import draft, forms, renames, saving
from dashboard.editor.evidence import evidence
from dashboard.editor.indicators import indicators
from dashboard.editor.texts import t
from dashboard.state import Context

ss = st.session_state
SECTIONS = (
    "general",
    "families",
    "indicators",
    "evidence",
    "scenarios",
    "tiers",
    "profiles",
    "save",
)


def _start(ctx: Context) -> None:
    """The buttons that begin (or restart) a draft."""
    from scenarios.loader import load_builtin

    origin = ss.get("ed:sidebar_origin") or (ctx.source, ctx.path or "")
    c = st.columns(4 if draft.active() else 3)
    if c[0].button(t("start_loaded", ctx.lang), key="ed:start_loaded"):
        saved = None
        if ctx.source == "path" and ctx.path:
            from scenarios.writer import file_hash

            saved = (ctx.path, file_hash(ctx.path))
        # The sidebar's assessment as loaded (not a previous draft standing in for it).
        a = ss.get("ed:sidebar_assessment", ctx.assessment)
        draft.start(draft.as_data(a), origin, saved)
        st.rerun()
    if c[1].button(t("start_builtin", ctx.lang), key="ed:start_builtin"):
        draft.start(draft.as_data(load_builtin()), origin, None)
        st.rerun()
    if c[2].button(t("start_blank", ctx.lang), key="ed:start_blank"):
        draft.start(draft.blank(ctx.lang), origin, None)
        st.rerun()
    if draft.active() and c[3].button(t("discard", ctx.lang), key="ed:discard"):
        draft.stop()
        st.rerun()


def render(ctx: Context) -> None:
    lang = ctx.lang
    st.subheader(t("title", lang))
    st.caption(t("intro", lang))
    _start(ctx)
    if not draft.active():
        return
    d = draft.data()
    origin = ss.get("ed:sidebar_origin")
    if ss.get(draft.ORIGIN) != origin and not ss.get("ed:pending_path"):
        st.info(t("other_origin", lang), icon=":material/info:")
    checked = draft.check()
    problems = checked.problems
    # The tabs' labels and place never change (a new label makes a new tab set, which opens on
    # the first tab: a problem appearing in the evidence table sent the page back to General);
    # the sections holding a problem are named in the line above them (always drawn).
    flagged = [t(s, lang) for s in SECTIONS if s != "save" and draft.under(problems, s)]
    names = t("list_sep", lang).join(flagged)
    st.caption("⚠ " + t("problems_in", lang).format(names=names) if flagged else " ")
    tabs = st.tabs([t(s, lang) for s in SECTIONS])
    unparsed = False
    with tabs[0]:
        forms.general(problems, lang)
        show_top = [p for p in problems if not p.loc or p.loc[0] not in SECTIONS]
        for p in show_top:
            st.error(draft.message(p, lang), icon=":material/error:")
    with tabs[1]:
        forms.families(problems, lang)
    with tabs[2]:
        unparsed |= indicators(problems, lang)
    with tabs[3]:
        evidence(problems, lang)
    with tabs[4]:
        unparsed |= forms.scenarios(problems, lang)
    with tabs[5]:
        forms.tiers(problems, lang)
    with tabs[6]:
        forms.profiles(problems, lang)
    renames.follow()  # an id changed in place: its references follow (restarts the widgets)
    # The widgets above wrote their values into the draft: check it again for what follows.
    after = draft.check()
    if after.problems != problems and not ss.get("ed:reran"):
        ss["ed:reran"] = True  # once: a field that keeps changing must not loop
        st.rerun()  # show each new problem beside its field
    ss["ed:reran"] = False
    with tabs[7]:
        saving.section(after.assessment, unparsed or bool(after.problems), lang)
    with st.sidebar:
        title = d.get("title", {}).get(lang) or d.get("id", "")
        st.caption(t("editing", lang, name=title))
        if after.problems:
            st.error(t("invalid", lang, n=len(after.problems)), icon=":material/error:")
        else:
            st.success(t("valid", lang), icon=":material/check:")
