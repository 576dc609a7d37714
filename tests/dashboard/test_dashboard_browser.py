"""The dashboard in a real browser: Debian's Chromium driven by Playwright against
`streamlit run dashboard/app.py` on a free loopback port.

A slider is moved with the keyboard (filling a slider does not rerun the app), the test waits
for Streamlit's rerun (`data-test-script-state` goes to running and back to not running) and
checks the new score against the engine. In a browser whose own language is Arabic the slider
must still agree with its value (thumb, keys). Screenshots in English and Arabic are saved in
the test's temporary folder; with TAQDIR_SCREENSHOTS=DIR they are also copied to DIR (how
docs/dashboard-*.png are made).

Needs Debian's chromium and fonts-noto-core (`.ci/run` installs both): without Chromium the
tests are skipped, or fail when TAQDIR_REQUIRE_BROWSER=1 (as in CI); see tests/conftest.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.score import score
from scenarios.loader import load_assessment
from tests.browser_support import IDLE, launch, open_app, serve
from tests.paths import DATA

pytestmark = pytest.mark.browser

SLIDER = ".st-key-ws-f-troops"
BASELINE = 'td.score[data-scenario="baseline"]'
NOTE = '.stab[data-wid="f:troops"]'


def _expected(troops: float) -> str:
    a = load_assessment(None)
    r = score(a, profile="equal", set_weights={"troops": troops})
    return f"{r.scores[r.scenario_ids.index('baseline')]:.1f}"


def _troops_interval(troops: float):  # -> engine.robust.analyses.SliderInterval
    from engine import robust as robustness

    a = load_assessment(None)
    st_ = robustness.prepare(a, profile="equal", set_weights={"troops": troops})
    return robustness.slider_stability(st_)["f:troops"]


def _press_and_wait_rerun(page, key: str) -> None:
    """Press `key` on the focused slider and wait for the rerun it causes to finish."""
    page.evaluate(
        """() => {
          window.__sawRun = false;
          const app = document.querySelector('[data-test-script-state]');
          const obs = new MutationObserver(() => {
            // running, rerunRequested...: anything but idle means the press started a rerun
            if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__sawRun = true;
          });
          obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )
    page.keyboard.press(key)
    page.wait_for_function("window.__sawRun === true", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=90_000)


def _slider_state(page) -> tuple[float, float, float]:
    """(value, max, thumb position in % from the left) of the troops slider."""
    return page.evaluate(
        """(sel) => {
          const box = document.querySelector(sel);
          const input = box.querySelector('input[type=range]');
          const track = input.closest('[data-rac][data-orientation]').parentElement;
          const thumb = input.closest('[data-rac]');
          const t = track.getBoundingClientRect(), h = thumb.getBoundingClientRect();
          return [Number(input.value), Number(input.max),
                  100 * (h.left + h.width / 2 - t.left) / t.width];
        }""",
        SLIDER,
    )


def _shot(page, path: Path) -> None:
    page.screenshot(path=str(path))
    target = os.environ.get("TAQDIR_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def test_keyboard_moves_a_slider_and_the_score_follows(server, playwright, tmp_path):
    browser = launch(playwright, "en-US")
    try:
        page = open_app(browser, server, height=1700)
        assert page.inner_text(BASELINE) == _expected(1.0)
        page.focus(f"{SLIDER} input[type=range]")
        _press_and_wait_rerun(page, "End")  # the slider's end: the largest weight it offers
        value, top, _ = _slider_state(page)
        assert value == top == 5.0
        assert page.inner_text(BASELINE) == _expected(5.0)
        assert page.input_value(".st-key-wn-f-troops input") == "5.00"
        page.focus(f"{SLIDER} input[type=range]")
        _press_and_wait_rerun(page, "ArrowLeft")
        assert page.inner_text(BASELINE) == _expected(4.9)
        assert page.locator("#ranking tr.moved").count() >= 1  # what moved is highlighted
        assert "fw=troops" in page.url.replace("%3A", ":")  # the link holds the weight
        # the slider's stability note follows the weight as set (the engine's interval)
        note = _troops_interval(4.9)
        assert page.inner_text(NOTE) == f"stable {note.lo:.2f}–{note.hi:.2f} · tier changes outside"
        _shot(page, tmp_path / "dashboard-en.png")
    finally:
        browser.close()


def test_arabic_page_in_an_arabic_browser(server, playwright, tmp_path):
    browser = launch(playwright, "ar")
    try:
        page = open_app(browser, f"{server}/?lang=ar&fw=troops:3", locale="ar", height=1700)
        assert page.evaluate("navigator.language").startswith("ar")
        a = load_assessment(None)
        assert page.inner_text("h1") == a.title.ar
        # right to left page, left to right slider and numbers
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('[data-testid=stMain]')).direction"
            )
            == "rtl"
        )
        assert (
            page.evaluate(
                f"getComputedStyle(document.querySelector('{SLIDER}')"
                " .querySelector('[data-testid=stSlider]')).direction"
            )
            == "ltr"
        )
        assert (
            page.evaluate("getComputedStyle(document.querySelector('#ranking .num')).direction")
            == "ltr"
        )
        # the shipped Noto Sans Arabic is what draws the Arabic text
        fonts = page.evaluate(
            "async () => { await document.fonts.ready;"
            " return [...document.fonts].filter(f => f.family.includes('taqdir-arabic'))"
            ".map(f => f.status); }"
        )
        assert "loaded" in fonts, fonts
        # the thumb sits where its value says, from the left, and ArrowRight increases it
        page.wait_for_function(
            """([sel]) => { const i = document.querySelector(sel + ' input[type=range]');
                 const th = i.closest('[data-rac]');
                 return th.style.left === `${100 * i.value / i.max}%`; }""",
            arg=[SLIDER],
            timeout=10_000,
        )
        value, top, thumb = _slider_state(page)
        assert value == 3.0
        assert thumb == pytest.approx(100 * value / top, abs=1.5)
        assert page.inner_text(BASELINE) == _expected(3.0)
        page.focus(f"{SLIDER} input[type=range]")
        _press_and_wait_rerun(page, "ArrowRight")
        value, top, thumb = _slider_state(page)
        assert value == pytest.approx(3.1)
        assert thumb == pytest.approx(100 * value / top, abs=1.5)
        assert page.inner_text(BASELINE) == _expected(3.1)
        # the stability note: Arabic words around numbers kept left to right
        note = _troops_interval(3.1)
        assert page.inner_text(NOTE).startswith(f"ثابت من {note.lo:.2f} إلى {note.hi:.2f}")
        assert (
            page.evaluate(f"getComputedStyle(document.querySelector('{NOTE} .num')).direction")
            == "ltr"
        )
        _shot(page, tmp_path / "dashboard-ar.png")
    finally:
        browser.close()


def test_opens_the_file_given_on_the_command_line(playwright):
    other = DATA / "other_pair.yaml"
    a = load_assessment(other)
    browser = launch(playwright, "en-US")
    try:
        with serve(str(other)) as url:
            page = open_app(browser, url)
            assert page.inner_text("h1") == a.title.en
            r = score(a)
            s = r.scenario_ids.index("baseline")
            assert page.inner_text(BASELINE) == f"{r.scores[s]:.1f}"
            assert "file=" in page.url
    finally:
        browser.close()
