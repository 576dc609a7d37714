"""Addresses and links in a real browser (Debian's Chromium): every page's own path opens that
page (`/scores` too, though Streamlit serves its default page at the root), a date typed with
the keyboard applies on Enter, and a link copied from the address bar brings back the whole
view: the page, the sidebar's weights in percent with a locked family, and the page's own
controls (the Robustness page's tab and scenario)."""

from __future__ import annotations

import pytest

from dashboard.app import PAGES
from tests.browser_support import open_app, wait_idle

pytestmark = pytest.mark.browser

ACTIVE = '[data-testid="stTopNavLink"][aria-current="page"]'


def _dialog(page) -> str:
    return page.evaluate(
        "() => [...document.querySelectorAll('[role=dialog]')].map(d => d.innerText).join(' ')"
    )


def test_every_page_path_opens_its_page(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    for module, title_en, _, _ in PAGES:
        page.goto(f"{server}/{module}")
        page.wait_for_selector(ACTIVE, timeout=90_000)
        wait_idle(page)
        active = page.locator(ACTIVE)
        assert active.get_attribute("href").endswith(f"/{module}"), module
        assert title_en in active.inner_text()
        assert "not found" not in _dialog(page).lower(), module
        assert page.url.split("?")[0].endswith(f"/{module}")
    page.goto(server)  # the root still opens the first page, with no tab claimed twice
    page.wait_for_selector("#ranking", timeout=90_000)
    assert page.locator(ACTIVE).count() <= 1
    page.close()


def test_a_typed_date_applies_on_enter(server, browser):
    page = open_app(browser, f"{server}/scores")
    sub = page.text_content(".taqdir-sub")
    assert "2025-06-04" in sub
    page.click(".st-key-as_of [data-type=month]")
    page.keyboard.type("03")
    page.keyboard.type("01")
    page.wait_for_timeout(800)
    assert "2025-06-04" in page.text_content(".taqdir-sub")  # typed, not applied yet
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.taqdir-sub')?.textContent.includes('2025-03-01')",
        timeout=60_000,
    )
    wait_idle(page)
    assert "as_of=2025-03-01" in page.url
    page.close()


def test_a_link_brings_back_the_whole_view(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1400})
    page.goto(f"{server}/robustness")
    page.wait_for_selector(".st-key-ws-f-troops input[type=range]", timeout=90_000)
    page.wait_for_selector("#taqdir-ltr-sliders", state="attached", timeout=60_000)
    wait_idle(page)
    page.locator(".st-key-w_pct label").click()  # sliders in percent of the score
    wait_idle(page)
    page.locator(".st-key-lock-visits label").click()
    wait_idle(page)
    page.focus(".st-key-ws-f-troops input[type=range]")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        wait_idle(page)
    page.get_by_role("tab", name="Tornado").click()
    wait_idle(page)
    page.locator(".st-key-rob_tornado_scenario").click()
    page.get_by_role("option", name="Military alliance").click()
    wait_idle(page)
    link = page.url
    want = {
        wid: page.eval_on_selector(f".st-key-ws-f-{wid} input[type=range]", "e => e.value")
        for wid in ("visits", "agreements", "consulate", "troops")
    }
    assert want["visits"] == "25" and want["troops"] == "25.3"
    page.close()

    again = browser.new_page(viewport={"width": 1500, "height": 1400})
    again.goto(link)
    again.wait_for_selector(".st-key-rob_tornado_scenario", timeout=90_000)
    wait_idle(again)
    assert again.locator(ACTIVE).get_attribute("href").endswith("/robustness")
    tab = again.get_by_role("tab", name="Tornado")
    assert tab.get_attribute("aria-selected") == "true"
    # the scenario chosen in the tornado's box (the box's input holds the chosen option)
    again.wait_for_function(
        "() => document.querySelector('.st-key-rob_tornado_scenario input')?.value"
        " === 'Military alliance'",
        timeout=30_000,
    )
    assert again.locator(".st-key-w_pct input").is_checked()
    assert again.locator(".st-key-lock-visits input").is_checked()
    got = {
        wid: again.eval_on_selector(f".st-key-ws-f-{wid} input[type=range]", "e => e.value")
        for wid in want
    }
    assert got == want
    again.close()
