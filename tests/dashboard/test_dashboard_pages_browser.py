"""Every page in a real browser, in English and Arabic: numbers, dates, ranges and arrows read
in their order inside Arabic text (checked by where the glyphs are drawn, from the characters'
bounding boxes, not by comparing strings), no page shows a traceback, and a screenshot of each
page in each language is saved (copied to TAQDIR_SCREENSHOTS=DIR when set: docs/ is refreshed
with `TAQDIR_SCREENSHOTS=docs pytest -m browser tests/dashboard/test_dashboard_pages_browser.py`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard.app import PAGES
from scenarios.loader import load_assessment
from tests.browser_support import wait_idle

pytestmark = pytest.mark.browser

# The left edges of the first and last glyph of `target`, found in the text under `root`
# (bidi isolates ignored): in left-to-right order the first glyph is left of the last one.
GLYPHS = """([root, target]) => {
  const nodes = [], chars = [];
  const walk = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode;
    for (let i = 0; i < n.data.length; i++) {
      if (!'\\u2066\\u2067\\u2068\\u2069'.includes(n.data[i])) chars.push([n, i, n.data[i]]);
    }
  }
  const text = chars.map(c => c[2]).join('');
  const at = text.indexOf(target);
  if (at < 0) return null;
  const x = (k) => { const r = document.createRange(); const [n, i] = chars[k];
    r.setStart(n, i); r.setEnd(n, i + 1); return r.getClientRects()[0].left; };
  return [x(at), x(at + target.length - 1)];
}"""


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector("h1", timeout=90_000)
    wait_idle(page)
    page.wait_for_timeout(800)
    wait_idle(page)
    return page


def _reads_left_to_right(page, root: str, target: str) -> None:
    found = page.evaluate(GLYPHS, [root, target])
    assert found is not None, f"{target!r} not under {root}"
    first, last = found
    assert first < last, f"{target!r} drawn right to left ({first} ≥ {last})"


def test_dates_ranges_and_arrows_read_in_order_in_arabic(server, browser):
    a = load_assessment(None)
    page = _open(browser, f"{server}/?lang=ar&mc=1000&seed=1")
    try:
        # the subtitle's date: "2025-06-04", not "04-06-2025"
        _reads_left_to_right(page, ".taqdir-sub", a.as_of.isoformat())
        # a range: the sampled interval "p05 – p95" of the baseline
        cell = page.locator("#ranking td.n", has_text="–").first.inner_text()
        interval = cell.replace("\u2066", "").replace("\u2069", "").strip()
        _reads_left_to_right(page, "#ranking", interval)
    finally:
        page.close()
    page = _open(browser, f"{server}/timeline?lang=ar")
    try:
        # an arrow between numbers: "6.2 → 28.7", not "28.7 → 6.2"
        items = page.locator("[data-testid=stMain] li").all_inner_texts()
        arrows = [i.split("(")[-1].rstrip(")") for i in items if "→" in i]
        assert arrows, items
        change = arrows[0].replace("\u2066", "").replace("\u2069", "").strip()
        _reads_left_to_right(page, "[data-testid=stMain]", change)
        # between tier names the arrow points the way Arabic reads
        assert "←" in items[0]
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_draws_without_a_traceback(server, browser, lang, tmp_path):
    for module, *_ in PAGES:
        # every page at its own path, the first one too (the root serves a hidden copy of it)
        page = _open(browser, f"{server}/{module}?lang={lang}")
        try:
            assert page.locator('[data-testid="stException"]').count() == 0, module
            assert page.get_by_text("Page not found").count() == 0, module
            shot = tmp_path / f"dashboard-{module}-{lang}.png"
            page.screenshot(path=str(shot))
            target = os.environ.get("TAQDIR_SCREENSHOTS")
            if target:
                Path(target).mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, Path(target) / shot.name)
        finally:
            page.close()


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")


def test_timeline_axis_names_months_in_the_pages_language(server, browser):
    """The month names Vega draws on the timeline's date axis are Arabic in the Arabic view
    (the spec's `config.locale.time`), English in the English view."""
    from engine.report.charts import TIME_LOCALES

    months = set(TIME_LOCALES["ar"]["months"])
    for lang in ("ar", "en"):
        page = _open(browser, f"{server}/timeline?lang={lang}")
        try:
            page.wait_for_selector(".vega-embed svg text", timeout=30_000)
            texts = page.evaluate(
                "() => [...document.querySelectorAll('.vega-embed svg text')]"
                ".map(e => e.textContent)"
            )
        finally:
            page.close()
        drawn = " ".join(texts)
        arabic = [m for m in months if m in drawn]
        english = [m for m in ENGLISH_MONTHS if m[:3] in drawn]
        if lang == "ar":
            assert arabic and not english, texts
        else:
            assert english and not arabic, texts
