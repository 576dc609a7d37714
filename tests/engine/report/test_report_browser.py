"""The HTML reports in a real browser: Debian's Chromium through Playwright, offline.

The report must open from a file with no network and draw its Vega-Lite charts from the
JavaScript embedded in it. Playwright only drives Debian's /usr/bin/chromium here, it never
downloads a browser; without it these tests are skipped, or fail when TAQDIR_REQUIRE_BROWSER=1
(as in CI): see tests/conftest.py.
"""

from __future__ import annotations

import pytest

from tests.browser_support import CHROMIUM

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.browser


def open_report(path, check):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-charts=done]", timeout=60_000)
            check(page)
            assert errors == []
            # Offline: nothing but the file itself (and its data: modules) was asked for.
            assert all(u.startswith(("file:", "data:")) for u in requests), requests
        finally:
            browser.close()


def test_comparison_report_opens_with_its_charts(cli, tmp_path):
    report = tmp_path / "comparison.html"
    run = cli("compare", "builtin", "builtin", "--a-as-of", "2025-03-01", "--report", report)
    assert run.code == 0, run.err

    def check(page):
        assert page.title().startswith("taqdir comparison: builtin@as-of=2025-03-01 → builtin")
        drawn = page.locator('figure.chart[data-rendered="1"] svg')
        assert drawn.count() >= 1
        # The scores chart has its marks: one point per scenario and side.
        first = page.locator('figure.chart[data-rendered="1"]').first
        assert first.locator("svg path, svg circle, svg rect").count() > 10
        assert page.locator('figure.chart[data-rendered="error"]').count() == 0
        assert page.locator('[dir="rtl"]').count() > 10  # the Arabic parts

    open_report(report, check)


def test_timeline_report_opens_with_its_chart(cli, tmp_path):
    report = tmp_path / "timeline.html"
    assert cli("timeline", "--report", report, "-f", "json").code == 0

    def check(page):
        assert page.title().startswith("taqdir timeline: Baseline")
        assert page.locator('figure.chart[data-rendered="1"] svg').count() == 1
        # the drawn axis names months in both languages (the report is bilingual)
        ticks = " ".join(page.locator("figure.chart svg text").all_text_contents())
        assert any(m in ticks for m in ("فبراير", "مارس", "أبريل", "مايو")), ticks
        assert any(m in ticks for m in ("February", "March", "April", "May")), ticks

    open_report(report, check)
