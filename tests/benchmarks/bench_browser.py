"""The dashboard as a person feels it, measured in a real browser (Debian's Chromium through
Playwright against `streamlit run dashboard/app.py`): key press on a slider → repainted score,
first load → interactive, page switch, and the Robustness page after a slider.

Prints the median (and min–max) of N tries in milliseconds, next to the aims of issue 12
(≤ 250 ms key press, ≤ 3 s first load, ≤ 1 s page switch, ≤ 500 ms Robustness). Times are taken
inside the page (performance.now()) from just before the input to the moment the new content is
in the DOM and Streamlit is idle again, so Playwright's own round trips are not counted.

    python tests/benchmarks/bench_browser.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser_support import IDLE, launch, open_app, serve, wait_idle

SLIDER = ".st-key-ws-f-troops input[type=range]"
BASELINE = 'td.score[data-scenario="baseline"]'
# the troops slider's effective share, recomputed from the new scores on every rerun
EFFECT = '.eff:has(.stab[data-wid="f:troops"])'

# Resolves with the ms from the call until `sel`'s text differs from `before` and the app is idle.
WATCH = """([sel, before]) => new Promise((done) => {
  const t0 = performance.now();
  const app = document.querySelector('[data-test-script-state]');
  const check = () => {
    const el = document.querySelector(sel);
    if (el && el.textContent !== before &&
        app.getAttribute('data-test-script-state') === 'notRunning') {
      obs.disconnect(); done(performance.now() - t0);
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, characterData: true,
                              attributes: true});
  setTimeout(() => { obs.disconnect(); done(-1); }, 30000);
})"""

# Resolves with ms until the app has been seen running and is idle again with `sel` present.
RERUN = """([sel]) => new Promise((done) => {
  const t0 = performance.now();
  const app = document.querySelector('[data-test-script-state]');
  let ran = false;
  const check = () => {
    const state = app.getAttribute('data-test-script-state');
    if (state !== 'notRunning') ran = true;
    if (ran && state === 'notRunning' && document.querySelector(sel)) {
      obs.disconnect(); done(performance.now() - t0);
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, attributes: true});
  setTimeout(() => { obs.disconnect(); done(-1); }, 30000);
})"""


def _key_press(page, sel: str) -> float:
    """ms from the key press to `sel`'s new text (the score repainted)."""
    before = page.text_content(sel)
    page.focus(SLIDER)
    # `void`: start watching without waiting for the promise (evaluate would await it)
    page.evaluate(f"void (window.__w = ({WATCH})({[sel, before]!r}))")
    page.keyboard.press("ArrowRight")
    return float(page.evaluate("window.__w"))


def _rerun(page, action, sel: str) -> float:
    page.evaluate(f"void (window.__w = ({RERUN})({[sel]!r}))")
    action()
    return float(page.evaluate("window.__w"))


def _first_load(browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(BASELINE, timeout=90_000)
    page.wait_for_selector(f"{SLIDER}", timeout=90_000)
    page.wait_for_selector(IDLE, timeout=90_000)
    ms = 1000 * (time.perf_counter() - t0)
    page.close()
    return ms


def _report(name: str, values: list[float], aim: float) -> None:
    med = statistics.median(values)
    mark = "ok" if med <= aim else "over"
    print(
        f"{name:<34} median {med:7.0f} ms  (min {min(values):.0f}, max {max(values):.0f}; "
        f"aim ≤ {aim:.0f} ms: {mark})"
    )


def main(n: int = 7) -> None:
    from playwright.sync_api import sync_playwright

    start = os.getloadavg()
    with serve() as url, sync_playwright() as pw:
        browser = launch(pw)
        _first_load(browser, url)  # warm the server's imports and caches once
        loads = [_first_load(browser, url) for _ in range(n)]
        page = open_app(browser, url, height=1700)
        presses = []
        for _ in range(n):
            presses.append(_key_press(page, EFFECT))
            wait_idle(page)
        switches = []
        for module, sel in [("evidence", "table"), ("scores", BASELINE)] * ((n + 1) // 2):
            link = page.locator(f'[data-testid="stTopNavLink"][href$="/{module}"]')
            if module == "scores":
                link = page.locator('[data-testid="stTopNavLink"]').first
            switches.append(_rerun(page, link.click, sel))
            wait_idle(page)
        page.locator('[data-testid="stTopNavLink"][href$="/robustness"]').click()
        wait_idle(page)
        robust = []
        for _ in range(n):
            page.focus(SLIDER)
            robust.append(_rerun(page, lambda: page.keyboard.press("ArrowRight"), "h1"))
            wait_idle(page)
        browser.close()
    load = os.getloadavg()
    print(
        f"dashboard in Chromium, {n} tries each; load average {start[0]:.1f} at the start, ", end=""
    )
    print(f"{load[0]:.1f} at the end (figures under load are not the quiet machine's)")
    _report("key press → repainted score", presses, 250)
    _report("first load → interactive", loads, 3000)
    _report("page switch", switches, 1000)
    _report("Robustness after a slider", robust, 500)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
