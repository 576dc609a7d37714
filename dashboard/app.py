"""taqdir's dashboard: weights as sliders over live scores, in Arabic and English.

Start it with `taqdir dashboard [FILE] [--port N]`, or `streamlit run dashboard/app.py [-- FILE]`
(Streamlit reads `dashboard/.streamlit/config.toml`, next to this file, in both cases: it
serves the Arabic font from `dashboard/static/` and sets the theme).

Each run: read the link once per session (`state.init_from_link`), draw the shared sidebar
(language, assessment, profile, method, date, sampling), score with the engine under the
weights as set and under the profile's own weights, draw the weights with their effective
shares, then run the chosen page with a `state.Context`. Every number comes from `engine`;
this package only presents.

Adding a page (one line): write `dashboard/views/<module>.py` with a `render(ctx)` function
that takes a `dashboard.state.Context` (language, assessment, profile, method, date, the
scoring `request` of the weights as set, `result` and `reference` scores, `ctx.t(key)` for
labels from `dashboard/i18n.py`), then
add an entry to `PAGES` below:

    ("<module>", "English title", "العنوان بالعربية", ":material/<icon>:"),

The first entry is the default page; the module name is the page's address (`/<module>`).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import streamlit as st

# The tab's icon, served by the app itself (an icon name would be fetched from a font server).
# A comment, not a docstring: Streamlit's "magic" would print a bare string on the page.
FAVICON = str(Path(__file__).resolve().parent / "static" / "favicon.png")

# The pages: (module under dashboard.views, English title, Arabic title, icon). A comment, not
# a docstring: Streamlit's "magic" would print a bare string in the app script on the page.
PAGES: list[tuple[str, str, str, str]] = [
    ("scores", "Scores", "الدرجات", ":material/leaderboard:"),
    ("evidence", "Evidence", "الأدلة", ":material/fact_check:"),
    ("scenarios", "Scenarios", "السيناريوهات", ":material/account_tree:"),
    ("profiles", "Profiles", "الملفات الترجيحية", ":material/view_column:"),
    ("compare", "Compare", "المقارنة", ":material/compare_arrows:"),
    ("timeline", "Timeline", "المسار الزمني", ":material/timeline:"),
    ("robustness", "Robustness", "المتانة", ":material/shield:"),
    ("runs", "Runs", "التشغيلات", ":material/dataset:"),
    ("brief", "Brief", "الوثيقة", ":material/article:"),
    ("editor", "Editor", "المحرّر", ":material/edit_note:"),
]


def _start_file() -> None:
    """`streamlit run app.py -- FILE` (as `taqdir dashboard FILE` does) opens FILE first."""
    launched = len(sys.argv) > 1 and Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    if launched and "src" not in st.session_state:
        st.session_state["src"] = "path"
        st.session_state["path"] = str(Path(sys.argv[1]).expanduser().resolve())


def _plain(text: str) -> str:
    """Text shown as is inside Markdown (file names and keys hold `_`, `*`, `[`...)."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~" else c for c in text)


def guarded(render, ctx) -> None:
    """The error edge around a view: an exception becomes a message in the page's language
    (never a traceback) and the sidebar, the tabs and the other pages keep working.
    Streamlit's own rerun and stop signals are not exceptions and pass through."""
    from dashboard.i18n import t

    try:
        render(ctx)
    except Exception as exc:  # the edge: any failure of a view is shown
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        st.error(t("view_failed", ctx.lang, error=_plain(error)), icon=":material/error:")


def _pages(base: dict) -> list:  # -> list[st.Page]
    """The pages of the navigation. Each page's body is `_live`: the fragment that draws the
    weights and the page and reruns alone when a weight or a control of the page moves.

    Every page has its own address (`/scores`, `/evidence`...). Streamlit serves the default
    page only at the root and gives it no other path, so the default is a hidden copy of the
    first page (at `/`, reserving the unused `/start`) and the visible first page lives at its
    own address like the others."""
    lang = base["lang"]
    pages = []
    for n, (module, title_en, title_ar, icon) in enumerate(PAGES):

        def page(module=module) -> None:
            _live(module=module, **base)

        title = title_ar if lang == "ar" else title_en
        if n == 0:
            pages.append(
                st.Page(
                    page,
                    title=title,
                    icon=icon,
                    url_path="start",
                    default=True,
                    visibility="hidden",
                )
            )
        pages.append(st.Page(page, title=title, icon=icon, url_path=module))
    return pages


def run() -> None:
    """One run of the dashboard script."""
    from dashboard import data, limits, sidebar, state, style
    from dashboard.i18n import t

    _start_file()
    state.init_from_link()
    lang = state.lang()
    st.set_page_config(page_title=t("tab_title", lang), page_icon=FAVICON, layout="wide")
    style.apply(lang)
    from dashboard.editor import draft

    draft.before_sidebar()  # a file the editor just saved as becomes the sidebar's source
    with st.sidebar:
        lang = sidebar.language()
        src, loaded, path = sidebar.source(lang)
    loaded = draft.apply(src, loaded, path)  # the editor's valid draft: scored on every page
    if loaded is None or loaded.assessment is None:
        st.title(t("app_title", lang))
        if loaded is not None:
            message = t("path_kind", lang, path=loaded.label) if loaded.wrong_kind else loaded.error
            if loaded.refusal:
                root = data.allowed_root()
                message = t(
                    loaded.refusal,
                    lang,
                    path=loaded.label,
                    root=str(root or ""),
                    detail=loaded.detail,
                )
            lines = "\n".join(f"- {_plain(line)}" for line in (message or "").splitlines())
            st.error(f"**{t('invalid', lang)}**\n\n{lines}", icon=":material/error:")
        st.navigation(
            [st.Page(lambda: None, title=t("app_title", lang), url_path="scores")],
            position="hidden",
        )
        return
    a = loaded.assessment
    with st.sidebar:
        profile_key, profile, method, as_of, sampling = sidebar.settings(a, loaded, path, lang)
        st.divider()  # the weights below it are drawn by the fragment `_live`
    too_many = sampling and limits.sampling_problem(
        len(a.scenarios), len(a.indicators), sampling[0]
    )
    if too_many:  # beyond what one session may sample (dashboard/limits.py): plain scores
        sampling = None
    limits.stop_if_closed()
    base = {
        "a": a,
        "src": src,
        "path": path,
        "owner": (loaded.digest, profile_key),
        "profile": profile,
        "method": method,
        "as_of": as_of,
        "sampling": sampling,
        "lang": lang,
        "too_many": too_many or "",
    }
    st.navigation(_pages(base), position="top").run()


def _live_body(
    module: str,
    a,  # Assessment
    src: str,
    path: str | None,
    owner: tuple[str, str],
    profile,  # Profile
    method: str,
    as_of,  # date
    sampling: tuple[int, int] | None,
    lang: str,
    too_many: str,
) -> None:
    """What changes with a weight: the scores, the weights in the sidebar, the page and the
    link. A fragment: moving a weight (or a control of the page) reruns this part alone; the
    settings above it (language, assessment, profile, method, date, sampling) are not redrawn.
    Its arguments are plain values and the settings' objects from the last full run."""
    from dashboard import sidebar, state
    from dashboard.i18n import t

    notes = state.ensure_weights(a, profile, owner)
    ctx = _score(a, src, path, profile, method, as_of, sampling, lang, notes)
    with st.sidebar:
        sidebar.weights(a, profile, ctx.result, lang)
        if ctx.result is not None:
            sidebar.save_profile(ctx)
        st.caption(t("link_note", lang))
    _heading(ctx)
    ignored = st.session_state.pop("link_ignored", []) + ctx.notes
    if ignored:
        st.warning(t("param_ignored", lang, what=", ".join(ignored)), icon=":material/link_off:")
    if too_many:
        st.warning(t("sampling_too_large", lang, detail=too_many), icon=":material/speed:")
    if ctx.error is not None:
        st.error(f"**{t('weights_error', lang)}**: {_plain(ctx.error)}", icon=":material/error:")
    view = importlib.import_module(f"dashboard.views.{module}")
    guarded(view.render, ctx)
    state.write_link(ctx, sampling)


_fragment = st.fragment(_live_body)
# Pages drawn outside the fragment: the editor's draft is applied to the sidebar's assessment
# by the full run (`draft.apply`), so its changes need the whole script. (A comment, not a
# docstring: Streamlit's "magic" would print a bare string on the page.)
FULL_RERUN = {"editor"}


def _live(module: str, **base) -> None:
    (_live_body if module in FULL_RERUN else _fragment)(module=module, **base)


def _heading(ctx) -> None:
    """The assessment's title and the settings in one line under it."""
    from dashboard import limits
    from dashboard.i18n import t

    a, lang, profile = ctx.assessment, ctx.lang, ctx.profile
    title, clipped = limits.clip(a.title.get(lang))
    st.title(title)
    if clipped:
        st.caption(t("heading_clipped", lang, n=len(a.title.get(lang)), limit=limits.MAX_HEADING))
    subtitle = t(
        "subtitle",
        lang,
        profile=t("modified", lang, name=profile.name.get(lang))
        if ctx.moved
        else limits.clip(profile.name.get(lang))[0],
        method=t(f"method_{ctx.method}", lang),
        as_of=ctx.as_of,
    )
    st.markdown(f'<p class="taqdir-sub">{subtitle}</p>', unsafe_allow_html=True)


def _score(a, src, path, profile, method, as_of, sampling, lang, notes):  # -> state.Context
    """Build the sidebar's scoring request, and score under it and under the profile's own
    weights (the engine does both)."""
    from dashboard import state
    from engine import ScoringRequest, score
    from indicators.errors import InputError

    request = result = reference = None
    error = None
    try:
        reference = score(a, ScoringRequest.build(a, profile=profile, method=method, as_of=as_of))
        request = state.request_as_set(a, profile, method, as_of, sampling)
        result = score(a, request)
    except InputError as exc:
        error = exc.said(lang)  # in the page's language where the error's kind has it
    fw, iw = state.changed_weights(a, profile, *state.current_weights(a))
    return state.Context(
        lang=lang,
        assessment=a,
        source=src,
        path=path,
        profile=profile,
        method=method,
        as_of=as_of,
        request=request,
        result=result,
        reference=reference,
        error=error,
        notes=notes,
        moved=bool(fw or iw),
    )


if __name__ == "__main__":
    run()
