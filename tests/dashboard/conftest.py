"""Fixtures of the dashboard's tests: for the real-browser tests one Streamlit server and one
Chromium per test file (a file that needs another language or a server of its own defines its
own); for AppTest, the folder the dashboard serves, and the editor's folder holding a copy of
the second assessment (tests/data/other_pair.yaml) as pair.yaml."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st

from dashboard.data import ROOT_ENV
from tests.browser_support import launch, serve
from tests.paths import ROOT


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


@pytest.fixture
def folder(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The editor tests' folder: served by the dashboard, its own run store, pair.yaml in it."""
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TAQDIR_DASHBOARD_ROOT", str(tmp_path))
    shutil.copy(ROOT / "tests" / "data" / "other_pair.yaml", tmp_path / "pair.yaml")
    return tmp_path
