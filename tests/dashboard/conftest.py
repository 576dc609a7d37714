"""Fixtures of the dashboard's real-browser tests: one Streamlit server and one Chromium per
test file (a file that needs another language or a server of its own defines its own)."""

from __future__ import annotations

import pytest

from tests.browser_support import launch, serve


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
