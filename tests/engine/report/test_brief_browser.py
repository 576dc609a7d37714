"""The brief in a real browser and as PDF (Debian's Chromium through Playwright, offline).

- The HTML brief opens from a file with no network in English and in Arabic, draws its charts
  from the embedded Vega, is right to left in Arabic, and keeps a date's digits in order
  (checked by the glyphs' positions on screen). The screenshots it takes are the README's
  docs/brief-en.png and docs/brief-ar.png.
- The PDF's text, extracted back with pypdf, holds the bottom line's words in both languages
  (Arabic shaped by Chromium into presentation forms, which NFKC folds back to letters) and
  the page numbers.

Without Chromium these tests are skipped, or fail when TAQDIR_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from engine.robust import say
from tests.browser_support import CHROMIUM
from tests.paths import ROOT

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OPTS = ["--as-of", "2025-06-04", "--since", "2025-03-01", "--samples", "4000", "--seed", "1"]


def _write(cli, tmp_path, lang: str, suffix: str):
    out = tmp_path / f"brief-{lang}.{suffix}"
    run = cli("brief", "--lang", lang, *OPTS, "-o", out)
    assert run.code == 0, run.err
    return out


def _bottom_line(cli, lang: str) -> tuple[str, str]:
    """The baseline's likeliest tier and its words, from `taqdir score --format json`."""
    data = cli("score", "--as-of", "2025-06-04", "--samples", "4000", "--seed", "1", "-f", "json")
    base = next(r for r in data.json()["results"] if r["scenario"] == "baseline")
    tiers = {t["id"]: t["name"][lang] for t in data.json()["tiers"]}
    tier, p = max(base["tier_probabilities"].items(), key=lambda kv: kv[1])
    return tiers[tier], say(p).get(lang)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_html_brief_in_chromium(cli, tmp_path, lang):
    from playwright.sync_api import sync_playwright

    path = _write(cli, tmp_path, lang, "html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1150})
            errors: list[str] = []
            requests: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-charts=done]", timeout=60_000)
            page.evaluate("document.fonts.ready.then(() => true)")
            states = page.eval_on_selector_all(
                "figure.chart", "fs => fs.map(f => f.dataset.rendered)"
            )
            assert states and set(states) == {"1"}
            direction = page.evaluate("getComputedStyle(document.body).direction")
            assert direction == ("rtl" if lang == "ar" else "ltr")
            # The first date of the bottom line: its digits stay left to right on screen...
            pos = page.evaluate(
                """() => {
                  const el = document.querySelector('#bottom-text bdi.date');
                  const text = el.firstChild, r = document.createRange();
                  const at = (i, j) => { r.setStart(text, i); r.setEnd(text, j);
                                         return r.getBoundingClientRect(); };
                  const year = at(0, 4), day = at(8, 10);
                  const before = el.previousSibling;  // the words leading to the date
                  r.selectNodeContents(before);
                  const lead = r.getBoundingClientRect();
                  return {text: text.textContent, year: year.left, day: day.left,
                          date_left: el.getBoundingClientRect().left,
                          date_right: el.getBoundingClientRect().right,
                          lead_left: lead.left, lead_right: lead.right};
                }"""
            )
            assert pos["text"] == "2025-06-04"
            assert pos["year"] < pos["day"]
            # ...and sits after the words that lead to it in reading order.
            if lang == "ar":
                assert pos["lead_left"] >= pos["date_right"] - 1
            else:
                assert pos["lead_right"] <= pos["date_left"] + 1
            tier, words = _bottom_line(cli, lang)
            bottom = page.inner_text("#bottom-text")
            assert tier in bottom and words in bottom
            page.screenshot(path=str(ROOT / "docs" / f"brief-{lang}.png"))
            assert errors == []
            assert all(u.startswith(("file:", "data:")) for u in requests), requests
        finally:
            browser.close()


def _plain(text: str) -> str:
    """Extracted text folded for search: presentation forms to letters (NFKC), Arabic
    diacritics and tatweel dropped, and no whitespace (the extractor splits a word where a
    mark such as the shadda sits over a letter)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u064b-\u065f\u0670\u0640]", "", text)
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pdf_text_holds_the_bottom_line(cli, tmp_path, lang):
    from pypdf import PdfReader

    path = _write(cli, tmp_path, lang, "pdf")
    reader = PdfReader(path)
    pages = [_plain(pg.extract_text()) for pg in reader.pages]
    assert len(pages) >= 3
    text = " ".join(pages)
    tier, words = _bottom_line(cli, lang)
    title = "Bottom line" if lang == "en" else "الخلاصة"
    first = pages[0]
    for needle in (title, tier, words):
        assert _plain(needle) in first, needle
    note = {  # a note (footnote [5]) in the brief's language; in English with its number
        "en": "Intelligence reports of about 30",
        "ar": "تقارير استخباراتية عن نقل نحو",
    }[lang]
    assert _plain(note) in text
    flag = "Unconfirmed" if lang == "en" else "غير مؤكد"
    assert _plain(flag) in text
    n = len(reader.pages)
    for i, page_text in enumerate(pages, 1):
        assert f"{i}/{n}" in page_text  # the page number in the footer ("i / n")
