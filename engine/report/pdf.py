"""HTML documents printed to PDF by headless Chromium (through Playwright).

Why Chromium and not an HTML-to-PDF library such as WeasyPrint: the brief's charts are drawn
by Vega's JavaScript, which only a browser runs (WeasyPrint runs no scripts, so the PDF would
lose its charts); Chromium shapes Arabic with HarfBuzz, embeds the brief's own font subset,
so the Arabic text is selectable and extracts back in logical order; and the browser tests
already require it, so no second rendering engine is installed. Page numbers come from
Chromium's print footer; the notes are the document's numbered notes section.

It is an extra: `pip install 'taqdir[pdf]'` (Playwright) and Debian's `chromium` (never
`playwright install`); `TAQDIR_CHROMIUM=PATH` points at another Chromium. When either is
missing, `PdfUnavailable` (an environment error: exit 3) says so in English and Arabic, with
the fix.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from indicators.errors import EnvError

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
PRINT_WIDTH_PX = 680
"""A4's 210 mm less 2 × 14 mm of margin is 182 mm, 688 px at 96 px per inch; a little less."""
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555;'
    'font-family:sans-serif"><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)


class PdfUnavailable(EnvError):
    """PDF output was asked for but Playwright or Chromium is missing: the environment, not
    the input (CLI exit code 3)."""


def chromium_path() -> str:
    return os.environ.get("TAQDIR_CHROMIUM") or CHROMIUM


def missing() -> str | None:
    """Why PDF output cannot work on this machine (English and Arabic), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "PDF output needs Playwright: pip install 'taqdir[pdf]' (and Debian's chromium). "
            "Or write HTML (-o brief.html). / يتطلب إخراج PDF حزمة Playwright: "
            "pip install 'taqdir[pdf]' مع متصفح chromium، أو اكتب HTML."
        )
    path = chromium_path()
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        return (
            f"PDF output needs Chromium at {path}: apt-get install chromium fonts-noto-core, "
            "or set TAQDIR_CHROMIUM=PATH. / يتطلب إخراج PDF متصفح Chromium: "
            "apt-get install chromium fonts-noto-core أو حدِّد TAQDIR_CHROMIUM."
        )
    return None


def unavailable(why: str, path: str) -> PdfUnavailable:
    """The error for PDF output that cannot be made here (`why` from `missing()`, about
    `path`), with its kind and parts so that it can be said in Arabic too."""
    import importlib.util

    need = "playwright" if importlib.util.find_spec("playwright") is None else "chromium"
    return PdfUnavailable(
        why,
        path=path,
        cause="missing",
        kind="pdf_unavailable",
        parts={"need": need, "path": chromium_path()},
    )


def html_to_pdf(html: str, *, timeout_ms: int = 60_000) -> bytes:
    """Print the HTML document to PDF (A4, page numbers in the footer), after its charts
    are drawn. Raises `PdfUnavailable` when Playwright or Chromium is missing."""
    why = missing()
    if why is not None:
        raise unavailable(why, chromium_path())
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="taqdir-pdf-") as tmp:
        page_file = Path(tmp) / "brief.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
            try:
                # Lay the page out at the printed width (A4 less the margins, at 96 px per
                # inch) and with the print styles, so charts sized to their container fit.
                page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1000})
                page.emulate_media(media="print")
                page.goto(page_file.as_uri(), wait_until="load", timeout=timeout_ms)
                if 'figure class="chart"' in html and "importmap" in html:
                    page.wait_for_selector("html[data-charts=done]", timeout=timeout_ms)
                page.evaluate("document.fonts.ready.then(() => true)")
                pdf: bytes = page.pdf(
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<div></div>",
                    footer_template=FOOTER,
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                    prefer_css_page_size=False,
                )
            finally:
                browser.close()
    return pdf
