"""The drill-down clicked for real: in Chromium, a click on a scenario's bar in the Scores
chart opens "Behind the score" for that scenario, with the engine's points for each indicator;
a click on one of its contributions (by indicator) narrows it to that indicator. In English
and in Arabic."""

from __future__ import annotations

import re

import pytest

from dashboard import drill
from engine import score
from scenarios.loader import load_assessment
from tests.browser_support import wait_idle

pytestmark = pytest.mark.browser


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector("h1", timeout=90_000)
    wait_idle(page)
    return page


def _drill_rows(page) -> list[tuple[str, float]]:
    html = page.locator("#drill").evaluate("t => t.outerHTML")
    return [
        (k, float(v))
        for k, v in re.findall(r'data-indicator="([^"]+)" data-points="([^"]+)"', html)
    ]


def _mark(page, chart: int, text: str):
    """The drawn mark (an SVG path of Vega's scene) of chart number `chart` whose accessible
    label names `text`."""
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(chart).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    marks = charts.nth(chart).locator('path[aria-roledescription="bar"]')
    marks.first.wait_for(timeout=30_000)
    for i in range(marks.count()):
        if text in (marks.nth(i).get_attribute("aria-label") or ""):
            return marks.nth(i)
    raise AssertionError(f"no bar naming {text!r} in chart {chart}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_clicking_a_bar_and_a_contribution_drills_down(server, browser, lang):
    a = load_assessment(None)
    r = score(a)
    s = int(r.ranks.argmax())  # the last-ranked scenario: not the one shown by default
    name = a.scenario(r.scenario_ids[s]).name.get(lang)
    page = _open(browser, f"{server}/?lang={lang}")
    try:
        _mark(page, 0, name).click()
        heading = drill.t("title", lang, name=name)
        page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
        wait_idle(page)
        shown = dict(_drill_rows(page))
        assert set(shown) == set(r.indicator_ids)
        for k, ind in enumerate(r.indicator_ids):
            assert shown[ind] == pytest.approx(float(r.contributions[s, k]), abs=1e-12)
        # a contribution (by family, the default) of another scenario: its family only
        t0 = 0 if s != 0 else 1
        fam = a.families[0]
        other = a.scenario(r.scenario_ids[t0]).name.get(lang)
        bar = _mark(page, 1, fam.name.get(lang))
        # the family's segment in the other scenario's stack
        charts = page.locator('[data-testid="stVegaLiteChart"]').nth(1)
        segments = charts.locator('path[aria-roledescription="bar"]')
        for i in range(segments.count()):
            label = segments.nth(i).get_attribute("aria-label") or ""
            if fam.name.get(lang) in label and other in label:
                bar = segments.nth(i)
                break
        bar.click()
        heading = drill.t("title", lang, name=other)
        page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
        wait_idle(page)
        ids = [k for k, _ in _drill_rows(page)]
        assert ids == [i.id for i in a.indicators if i.family == fam.id]
    finally:
        page.close()
