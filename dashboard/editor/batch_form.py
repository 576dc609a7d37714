"""The Runs page's batch form and the progress of the batch it started (see
`dashboard.editor.batches` for how the batch is built and run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.editor import batches
from dashboard.editor.texts import t
from dashboard.editor.widgets import parse_raw
from dashboard.i18n import isolate
from dashboard.i18n import t as app_t
from dashboard.state import Context
from indicators.errors import InputError
from indicators.model import Ordinal

ss = st.session_state


def _axis_defaults(ind: Any) -> tuple[str, str]:
    tr = ind.transform
    if isinstance(tr, Ordinal):
        return tr.levels[0].id, tr.levels[-1].id
    low, high = ind.scale_bounds()
    top = high if high != float("inf") else getattr(tr, "high", None) or 4 * getattr(tr, "half", 1)
    return f"{low:g}", f"{float(top):g}"


def form(ctx: Context) -> None:
    """The batch form; on submit the batch is checked, written and started."""
    a, lang = ctx.assessment, ctx.lang
    with st.expander(t("b_title", lang), expanded=False):
        st.caption(t("b_intro", lang))
        names = {i.id: i.name.get(lang) for i in a.indicators}
        c1, c2 = st.columns(2)
        sids = a.scenario_ids
        base = c1.selectbox(
            t("b_base", lang),
            sids,
            index=sids.index(a.baseline_id()),
            format_func=lambda s: a.scenario(s).name.get(lang),
            key="bf:base",
        )
        design = c2.selectbox(
            t("b_design", lang),
            batches.DESIGNS,
            format_func=lambda d: t(f"d_{d}", lang),
            key="bf:design",
        )
        chosen = st.multiselect(
            t("b_inds", lang),
            list(names),
            format_func=names.get,
            key="bf:inds",
            placeholder=app_t("choose_some", lang),
        )
        axes: dict[str, tuple[Any, Any, list[float | str]]] = {}
        for k in chosen:
            low0, high0 = _axis_defaults(a.indicator(k))
            c = st.columns(3 if design == "grid" else 2)
            low = c[0].text_input(t("b_low", lang, name=names[k]), low0, key=f"bf:low:{k}")
            high = c[1].text_input(t("b_high", lang, name=names[k]), high0, key=f"bf:high:{k}")
            values = (
                c[2].text_input(t("b_levels", lang, name=names[k]), "", key=f"bf:values:{k}")
                if design == "grid"
                else ""
            )
            axes[k] = (parse_raw(low), parse_raw(high), batches.parse_values(values))
        c = st.columns(4)
        count = c[0].number_input(
            t("b_count", lang),
            1,
            1_000_000,
            8 if design == "grid" else 64,
            key=f"bf:count:{design}",
        )
        samples = c[1].number_input(t("b_samples", lang), 0, 100_000, 0, key="bf:samples")
        seed = c[2].number_input(t("b_seed", lang), 0, 2**31, 0, key="bf:seed")
        profiles = st.multiselect(
            t("b_profiles", lang),
            a.profile_ids,
            default=a.profile_ids,
            format_func=lambda p: a.profile(p).name.get(lang),
            key="bf:profiles",
            placeholder=app_t("choose_some", lang),
        )
        from engine import METHODS

        methods = st.multiselect(
            t("b_methods", lang),
            list(METHODS),
            default=[a.method],
            format_func=lambda m: app_t(f"method_{m}", lang),
            key="bf:methods",
            placeholder=app_t("choose_some", lang),
        )
        if st.button(t("b_start", lang), type="primary", key="bf:start"):
            if not chosen:
                st.error(t("b_pick", lang), icon=":material/error:")
                return
            data = batches.batch_data(
                a,
                base=base,
                design=design,
                count=int(count),
                axes=axes,
                profiles=profiles,
                methods=methods,
                samples=int(samples),
                seed=int(seed),
                assessment=None,
            )
            builtin = ctx.source == "builtin" and not ss.get("ed:draft")
            try:
                path = batches.prepare(a, builtin, data, batches.home())
            except InputError as exc:
                st.error(exc.said(lang), icon=":material/error:")
                return
            batches.launch(path)
            ss["bf:batch"] = str(path.resolve())
            st.rerun()


def _current(root: Path) -> dict[str, Any] | None:
    """The launch this session follows: the one it started, else (after a reload) the
    newest launch whose process still runs."""
    mine = ss.get("bf:batch")
    all_ = batches.launches(root)
    for launch in all_:
        if launch["batch"] == mine:
            return launch
    for launch in all_:
        if batches.alive(int(launch["pid"])):
            ss["bf:batch"] = launch["batch"]
            return launch
    return None


def section(ctx: Context) -> None:
    """The form, then the followed batch's progress (refreshed every second while its
    process runs); a batch seen finished is selected in the page's list of runs."""
    pending = ss.pop("bf:select_run", None)
    if pending:
        ss["runs_run"] = pending
    form(ctx)
    launch = _current(batches.home())
    if launch is None:
        return
    if batches.alive(int(launch["pid"])):

        @st.fragment(run_every=1.0)
        def show() -> None:
            _status(launch, ctx.lang)

        show()
    else:
        _status(launch, ctx.lang)


def _status(launch: dict[str, Any], lang: str) -> None:
    from engine.runs import Store

    pid, batch = int(launch["pid"]), launch["batch"]
    name = isolate(Path(batch).parent.name, lang)
    running = batches.alive(pid)
    run = batches.run_of(batch)
    if run is None:
        if running:
            st.info(
                t("b_starting", lang, id=Path(batch).parent.name), icon=":material/hourglass_top:"
            )
            st.button(t("b_stop", lang), key="bf:stop0", on_click=batches.stop, args=(pid,))
        else:
            log = Path(batch).parent / "batch.log"
            why = log.read_text(errors="replace")[-400:] if log.is_file() else "?"
            st.error(t("b_failed", lang, id=name, why=why), icon=":material/error:")
        return
    if run.status == "running" and running:
        store = Store()
        try:
            done = len(store.done_chunks(run.id))
        finally:
            store.close()
        st.progress(
            done / max(1, run.chunks),
            text=t("b_running", lang, id=Path(batch).parent.name, done=done, total=run.chunks),
        )
        st.button(t("b_stop", lang), key="bf:stop", on_click=batches.stop, args=(pid,))
        return
    if ss.get("bf:shown") != run.id:  # the first time it is seen finished: show it below
        ss["bf:shown"] = run.id
        if run.status == "done":
            ss["bf:select_run"] = run.id
        st.rerun(scope="app")
    if run.status == "done":
        st.success(
            t("b_done", lang, id=Path(batch).parent.name, run=run.id, rows=run.row_count),
            icon=":material/check:",
        )
    elif run.state == "failed":
        st.error(t("b_failed", lang, id=name, why=run.message or ""), icon=":material/error:")
    else:
        st.warning(t("b_stopped", lang, id=name, status=run.state), icon=":material/stop:")
