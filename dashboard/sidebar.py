"""The sidebar shared by every page: language, assessment, profile, method, date, sampling and
the weights (a slider with a number input per family and per indicator share, each noted with
its effective share and its stability interval)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import streamlit as st

from dashboard import data, stability_notes, state
from dashboard.i18n import LANG_NAMES, LANGS, isolate, pct, t
from engine import METHODS, ScoreResult
from indicators.errors import InputError
from scenarios.model import Assessment, Profile

ss = st.session_state
SAMPLE_CHOICES = (1000, 2000, 5000, 10000, 20000)


def language() -> str:
    """The language switch (its value kept apart from the widget: see state.keep)."""
    lang = state.lang()
    state.set_kept("lang", lang)
    state.restore("lang")
    st.segmented_control(
        t("language", lang),
        LANGS,
        format_func=LANG_NAMES.get,
        key="lang",
        required=True,
        on_change=state.keep,
        args=("lang",),
    )
    return state.lang()


def source(lang: str) -> tuple[str, data.Loaded | None, str | None]:
    """The assessment's source and what loading it gave (None: nothing chosen yet)."""
    st.radio(
        t("assessment", lang),
        ("builtin", "path", "upload"),
        format_func=lambda s: t(f"src_{s}", lang),
        key="src",
        horizontal=True,
    )
    src = ss["src"]
    if src == "builtin":
        return src, data.load_builtin(), None
    if src == "path":
        path = st.text_input(t("path", lang), key="path", help=t("path_help", lang)).strip()
        if not path:
            st.info(t("path_empty", lang))
            return src, None, None
        from_link = path == ss.get("link_file")  # not typed by this session's user
        loaded = data.load_path(path, from_link=from_link)
        if loaded.refusal:
            return src, loaded, None
        return src, loaded, str(Path(path).expanduser().resolve())
    upload = st.file_uploader(
        t("upload", lang),
        type=[s[1:] for s in data.SUFFIXES],
        key="upload",
        help=t("upload_help", lang),
    )
    st.caption(t("upload_not_shared", lang))
    if upload is None:
        st.info(t("upload_empty", lang))
        return src, None, None
    return src, data.load_upload(upload.name, upload.getvalue()), None


def _method_label(m: str, lang: str) -> str:
    return t(f"method_{m}", lang)


def settings(
    a: Assessment, loaded: data.Loaded, path: str | None, lang: str
) -> tuple[str, Profile, str, date, tuple[int, int] | None]:
    """Profile, method, as-of date and sampling; returns (profile key, profile, ...)."""
    files = data.profile_files(a, path, loaded.digest)
    options = a.profile_ids + [state.FILE_PROFILE + p for p in files]
    names = {p.id: p.name.get(lang) for p in a.profiles}
    names.update(
        {
            state.FILE_PROFILE + k: t("profile_file", lang, name=p.name.get(lang))
            for k, p in files.items()
        }
    )
    if state.kept("for") != loaded.digest:  # another file: its own settings
        state.set_kept("for", loaded.digest)
        state.set_kept("profile", a.default_profile_id)
        state.set_kept("method", a.method)
        state.set_kept("as_of", a.as_of)
    chosen = state.link_choice("profile", options)
    if chosen or state.kept("profile") not in options:
        state.set_kept("profile", chosen or a.default_profile_id)
    state.restore("profile")
    # Setting the widget from the kept value on every run makes Streamlit send its value with
    # the new labels, so the dropdown shows the new language right after a switch.
    key = st.selectbox(
        t("profile", lang),
        options,
        format_func=names.get,
        key="profile",
        on_change=state.keep,
        args=("profile",),
    )
    if key.startswith(state.FILE_PROFILE):
        profile = files[key[len(state.FILE_PROFILE) :]]
    else:
        profile = a.profile(key)
    if profile.description is not None:
        st.caption(profile.description.get(lang))

    chosen = state.link_choice("method", list(METHODS))
    if chosen or state.kept("method") not in METHODS:
        state.set_kept("method", chosen or a.method)
    state.restore("method")
    method = st.selectbox(
        t("method", lang),
        METHODS,
        format_func=lambda m: _method_label(m, lang),
        key="method",
        on_change=state.keep,
        args=("method",),
    )

    link_date = state.link_value("as_of")
    if link_date is not None:
        when = state.link_date(link_date)
        if when is None:  # noted as ignored; the file's date stays, not today's
            ss.setdefault("link_ignored", []).append(f"as_of={link_date}")
            state.set_kept("as_of", a.as_of)
        else:
            state.set_kept("as_of", when)
    state.restore("as_of")
    as_of = st.date_input(
        t("as_of", lang),
        key="as_of",
        format="YYYY-MM-DD",
        on_change=state.keep,
        args=("as_of",),
    )

    samples = state.link_value("mc")
    seed = state.link_value("seed")
    if samples is not None:
        if samples.isdigit() and int(samples) in SAMPLE_CHOICES:
            ss["mc"] = True
            ss["samples"] = int(samples)
        else:  # said, not replaced silently
            ss.setdefault("link_ignored", []).append(f"mc={samples}")
    if seed is not None:
        if seed.isdigit() and int(seed) < 2**63:
            ss["seed"] = int(seed)
        else:
            ss.setdefault("link_ignored", []).append(f"seed={seed}")
    sampling = None
    if st.toggle(t("sampling", lang), key="mc"):
        c1, c2 = st.columns(2)
        ss.setdefault("samples", 2000)
        ss.setdefault("seed", 1)
        n = c1.selectbox(t("samples", lang), SAMPLE_CHOICES, key="samples")
        s = c2.number_input(t("seed", lang), min_value=0, step=1, key="seed")
        sampling = (int(n), int(s))
    return key, profile, method, as_of, sampling


def _pair(wid: str, label: str, caption: str | None, top: float, disabled: bool = False) -> None:
    """A slider and a number input bound to the same weight (the number input also takes
    values beyond the slider's end, which then grows to hold them). In percent mode both
    show the weight's part of the score, 0–100."""
    percent = state.percent_mode()
    value = ss[f"ws:{wid}"]
    top = 100.0 if percent else max(top, float(math.ceil(value)))
    left, right = st.columns([3, 1.3], vertical_alignment="bottom")
    with left:
        st.slider(
            label,
            min_value=0.0,
            max_value=top,
            step=0.1,
            format="%.1f%%" if percent else "%.1f",
            key=f"ws:{wid}",
            on_change=state.from_slider,
            args=(wid,),
            disabled=disabled,
        )
    with right:
        st.number_input(
            label,
            min_value=0.0,
            max_value=100.0 if percent else 1000.0,
            step=0.1,
            format="%.2f",
            key=f"wn:{wid}",
            on_change=state.from_number,
            args=(wid,),
            label_visibility="collapsed",
            disabled=disabled,
        )
    if caption:
        st.markdown(f'<div class="eff">{caption}</div>', unsafe_allow_html=True)


def _tools(wid: str, own: float, lang: str, lock: bool) -> None:
    """Under a weight: the family's lock (families only) and a reset to the profile's value
    (shown only when the weight differs from it)."""
    moved = not math.isclose(float(ss[f"wv:{wid}"]), own, abs_tol=1e-9)
    if not (lock or moved):
        return
    c1, c2 = st.columns(2)
    if lock:
        fid = wid[2:]
        state.restore(f"lock:{fid}")
        c1.checkbox(
            t("lock", lang),
            key=f"lock:{fid}",
            help=t("lock_help", lang),
            on_change=state.toggle_lock,
            args=(fid,),
        )
    if moved:
        c2.button(
            t("reset_one", lang, value=isolate(f"{own:g}", lang)),
            key=f"reset:{wid}",
            on_click=state.reset_one,
            args=(wid, own),
            icon=":material/undo:",
            type="tertiary",
            help=t("reset_one_help", lang),
        )


def weights(a: Assessment, profile: Profile, result: ScoreResult | None, lang: str) -> None:
    """Sliders over the weights, each with its effective share in the score and its
    stability interval (how far it can move before a tier changes), a lock per family and a
    reset per weight. A family's indicators are drawn only while their expander is open
    (fewer widgets to send and draw on every move)."""
    st.subheader(t("weights", lang), help=t("weights_help", lang))
    state.restore("w_pct")
    st.toggle(
        t("w_pct", lang),
        key="w_pct",
        help=t("w_pct_help", lang),
        on_change=state.toggle_percent,
    )
    eff = None if result is None else dict(zip(result.indicator_ids, result.weights, strict=True))
    stable = None if result is None else stability_notes.intervals(result)
    own = state.profile_values(a, profile)
    locked = set(state.locked())

    def caption(wid: str, share: float | None) -> str | None:
        """The effective share in the score, and how far the slider can move (engine's)."""
        if share is None or result is None:
            return None
        text = t("effective", lang, pct=pct(share, lang))
        if stable is not None:
            text += "<br>" + stability_notes.note(wid, stable.get(wid), result, lang)
        return text

    # The slider's end depends on the profile only, so it stays put while an analyst drags.
    top = max(5.0, 2.0 * math.ceil(max(own.values())))
    for fam in a.families:
        members = [i for i in a.indicators if i.family == fam.id]
        fam_eff = None if eff is None else sum(eff[i.id] for i in members)
        name = fam.name.get(lang)
        wid = f"f:{fam.id}"
        _pair(wid, name, caption(wid, fam_eff), top, disabled=fam.id in locked)
        _tools(wid, own[wid], lang, lock=len(a.families) > 1)
        state.restore(f"open:{fam.id}")
        box = st.expander(
            t("indicators_in", lang, name=name),
            key=f"open:{fam.id}",
            on_change=state.keep,
            args=(f"open:{fam.id}",),
        )
        if not box.open:
            continue
        with box:
            for ind in members:
                share = None if eff is None else eff[ind.id]
                iwid = f"i:{ind.id}"
                _pair(iwid, ind.name.get(lang), caption(iwid, share), top)
                _tools(iwid, own[iwid], lang, lock=False)
    if st.button(
        t("reset", lang),
        on_click=state.reset_view,
        args=(a, profile),
        key="reset_view",
        help=t("reset_help", lang),
        icon=":material/restart_alt:",
        width="stretch",
    ):
        st.rerun()  # the date and the method are drawn outside this fragment: the whole app


def save_profile(ctx: state.Context) -> None:
    """Save the weights as a named profile: a YAML download, and a file next to the assessment."""
    lang, a = ctx.lang, ctx.assessment
    note = ss.pop("saved_note", None)
    with st.expander(t("save_profile", lang), icon=":material/save:", expanded=note is not None):
        if note:
            st.success(note)
        pid = st.text_input(t("profile_id", lang), value=f"{ctx.profile.id}_edited", key="save_id")
        name_en = st.text_input(
            t("profile_name_en", lang), value=f"{ctx.profile.name.en} (edited)", key="save_en"
        )
        name_ar = st.text_input(
            t("profile_name_ar", lang), value=f"{ctx.profile.name.ar} (معدَّل)", key="save_ar"
        )
        families, shares = dict(ctx.families), dict(ctx.shares)
        try:
            _, text = data.profile_document(a, pid.strip(), name_en, name_ar, families, shares)
        except InputError as exc:
            st.error(t("bad_profile", lang, msg=exc.said(lang)))
            return
        file_name = f"{pid.strip()}{data.PROFILE_SUFFIX}"
        st.download_button(
            t("download_yaml", lang),
            text.encode("utf-8"),
            file_name=file_name,
            mime="application/x-yaml",
            icon=":material/download:",
            on_click="ignore",
        )
        if ctx.source != "path" or not ctx.path:
            return
        target = Path(ctx.path).parent / file_name
        replace = True
        if target.exists():
            st.warning(t("exists", lang, path=str(target)))
            replace = st.checkbox(t("overwrite", lang), key="save_overwrite")
        if st.button(t("write_next", lang), disabled=not replace, icon=":material/save:"):
            written = data.save_profile(str(target.parent), pid.strip(), text)
            # Rerun so the profile list (drawn above) offers the new file at once.
            ss["saved_note"] = t("saved", lang, path=str(written))
            st.rerun()
