"""Fixtures of the dashboard's tests: for the real-browser tests one Streamlit server and one
Chromium per test file (a file that needs another language or a server of its own defines its
own); for AppTest, the folder the dashboard serves."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard.data import ROOT_ENV
from tests.browser_support import launch, serve


@pytest.fixture
def served(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """An empty folder the dashboard serves (its links and path box stay inside it)."""
    folder = tmp_path / "served"
    folder.mkdir()
    monkeypatch.setenv(ROOT_ENV, str(folder))
    yield folder
    st.cache_data.clear()


@pytest.fixture(scope="module")
def server():  # type: ignore[no-untyped-def]
    """`streamlit run dashboard/app.py` on a free port, for the whole file: its URL."""
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def playwright():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright):  # type: ignore[no-untyped-def]
    """Debian's Chromium (never a downloaded one), English locale."""
    b = launch(playwright, "en-US")
    yield b
    b.close()
