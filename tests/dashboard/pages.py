"""The dashboard run headless by Streamlit's AppTest: the script that keeps only one page in
the app's registry, that page opened in a language, optionally on a file, and the whole app
opened from a link's query parameters."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.paths import ROOT

TIMEOUT = 120  # a whole page's run on a loaded 2-core machine
APP = str(ROOT / "dashboard" / "app.py")


def only(module: str) -> None:
    """Run the dashboard with one page, the view `module` (AppTest runs this function's source
    as its script, so everything it needs is imported inside)."""
    from dashboard import app as dash

    saved = list(dash.PAGES)
    dash.PAGES[:] = [p for p in saved if p[0] == module]
    try:
        dash.run()
    finally:
        dash.PAGES[:] = saved


def one_page(module: str, lang: str | None = None, path: Path | None = None) -> AppTest:
    """The page `module` run once (caches emptied first) in `lang`, on the file at `path` when
    given (else the built-in case); it must run without an exception."""
    st.cache_data.clear()
    at = AppTest.from_function(only, args=(module,), default_timeout=TIMEOUT)
    if lang is not None:
        at.query_params["lang"] = lang
    if path is not None:
        at.session_state["src"] = "path"
        at.session_state["path"] = str(path)
    at.run()
    assert not at.exception, at.exception
    return at


def from_link(params: dict[str, str]) -> AppTest:
    """The whole app opened from a link carrying `params` (caches emptied first); it must run
    without an exception."""
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at
