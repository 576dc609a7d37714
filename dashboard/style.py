"""How the dashboard looks: colours shared by every chart and table, the right-to-left layout
for Arabic, and the fix that keeps sliders left to right in an Arabic browser.

Colours: a tier's colour is its `color` field; a tier without one gets the viridis colour of
its position (colour-blind safe, dark = shallow, light = deep). Families use the Okabe–Ito
palette (distinguishable with the common colour-vision deficiencies); an indicator takes its
family's hue, lighter for each further indicator of the family.

Right to left: Streamlit has no RTL switch, so the Arabic view sets `direction: rtl` on the
page and turns it back to `ltr` on what must stay left to right: sliders, number and date
inputs, charts, tables of numbers and every `.num` span.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
VIRIDIS_FULL = (  # 10 stops, for assessments with more tiers than five
    "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
    "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
)  # fmt: skip
OKABE_ITO = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)  # fmt: skip

FONT_STACK = '"Source Sans", "taqdir-arabic", sans-serif'
"""Latin text in Streamlit's own font; Arabic in the shipped Noto Sans Arabic (the font face
`taqdir-arabic` declared in dashboard/.streamlit/config.toml, served from dashboard/static)."""


def _sample(palette: Sequence[str], n: int) -> list[str]:
    if n <= 1:
        return [palette[len(palette) // 2]]
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]


def tier_colors(colors: Sequence[str | None]) -> list[str]:
    """Each tier's colour: its own, else viridis by position."""
    fallback = _sample(VIRIDIS if len(colors) <= len(VIRIDIS) else VIRIDIS_FULL, len(colors))
    return [c or fallback[i] for i, c in enumerate(colors)]


def family_colors(n: int) -> list[str]:
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


def shade(color: str, step: int, steps: int) -> str:
    """`color` lightened for the `step`-th of `steps` items (step 0 is the colour itself)."""
    if steps <= 1 or step == 0:
        return color
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum + (0.85 - lum) * 0.75 * step / (steps - 1)
    r, g, b = colorsys.hls_to_rgb(h, lum, s)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))


def text_on(color: str) -> str:
    """Black or white, whichever reads better on `color` (WCAG relative luminance)."""

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(color[i : i + 2], 16) / 255) for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if lum > 0.179 else "#ffffff"


BASE_CSS = """
[data-testid="stElementContainer"]:has(#taqdir-ltr-sliders),
[data-testid="stElementContainer"]:has(.taqdir-css) { display: none; }
section[data-testid="stSidebar"] { min-width: 22rem; }
.num { direction: ltr; unicode-bidi: isolate; font-variant-numeric: tabular-nums; }
.taqdir-sub { color: #5f5d5a; margin-top: -0.6rem; }
table.taqdir { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
table.taqdir th { text-align: start; font-weight: 600; color: #5f5d5a;
  border-bottom: 2px solid #dedcd8; padding: 0.35rem 0.5rem; }
table.taqdir td { border-bottom: 1px solid #eeedea; padding: 0.35rem 0.5rem;
  vertical-align: middle; }
table.taqdir td.n, table.taqdir th.n { text-align: end; white-space: nowrap; }
table.taqdir tr.moved td { background: #fff6d6; }
table.taqdir tr.moved td:first-child { box-shadow: inset 4px 0 0 #e69f00; }
.chip { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 0.8rem;
  font-size: 0.85rem; white-space: nowrap; }
.chip.was { opacity: 0.75; text-decoration: line-through; margin-inline-end: 0.3rem; }
.up { color: #007a55; font-weight: 600; }
.down { color: #b34700; font-weight: 600; }
.eff { color: #5f5d5a; font-size: 0.8rem; margin-top: -0.45rem; margin-bottom: 0.4rem; }
.nw { white-space: nowrap; }
.grade { font-family: "Source Code Pro", monospace; font-weight: 600; }
"""

RTL_CSS = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stMain"],
[data-baseweb="popover"], [data-testid="stToast"] { direction: rtl; }
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stWidgetLabel"], h1, h2, h3, h4, p, li, label { text-align: right; }
[data-testid="stSlider"], [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"],
[data-testid="stNumberInput"] input, [data-testid="stDateInput"] input,
[data-testid="stMetricValue"], [data-testid="stMetricDelta"], code, .num { direction: ltr; }
[data-testid="stSlider"] [data-testid="stWidgetLabel"] { direction: rtl; }
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { justify-content: flex-end; }
[data-testid="stNumberInput"] input { text-align: left; }
table.taqdir tr.moved td:first-child { box-shadow: inset -4px 0 0 #e69f00; }
/* messages from the engine are English: each line takes the direction of its own text */
[data-testid="stAlert"] li { unicode-bidi: plaintext; }
"""

SLIDER_SCRIPT = """
<script id="taqdir-ltr-sliders">
/* Streamlit's sliders take their direction from the *browser's* language (react-aria's
   locale), not from the page: in a browser set to Arabic the thumb is drawn mirrored while the
   filled track and the keys are not, so the thumb disagrees with the value. The dashboard keeps
   sliders left to right in every language, so pin react-aria's locale to a left-to-right one
   and tell mounted sliders (react-aria re-reads it on `languagechange`). New sliders are
   caught by the observer; each is poked after it has subscribed (next tick). */
(() => {
  /* the document's language follows the view's (screen readers, fonts, hyphenation); the
     page's `lang` is held there, even if something else sets it later */
  window.__taqdirLang = "__LANG__";
  const root = document.documentElement;
  root.lang = window.__taqdirLang;
  if (!window.__taqdirLangHold) {
    window.__taqdirLangHold = new MutationObserver(() => {
      if (root.lang !== window.__taqdirLang) root.lang = window.__taqdirLang;
    });
    window.__taqdirLangHold.observe(root, {attributes: true, attributeFilter: ["lang"]});
  }
  window[Symbol.for("react-aria.i18n.locale")] = "en-US";
  /* A date typed with the keyboard applies on Enter: Streamlit's date field commits a typed
     date only on a press outside it (a blur alone or Enter does not), so Enter in one of its
     segments does what that press does: a press on the page's body, then the focus away. */
  if (!window.__taqdirEnter) {
    window.__taqdirEnter = true;
    document.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.isComposing || !(e.target instanceof Element)) return;
      if (!e.target.closest('[data-testid="stDateInputField"]')) return;
      for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
        const Kind = type.startsWith("pointer") ? PointerEvent : MouseEvent;
        const init = {bubbles: true, cancelable: true, view: window};
        document.body.dispatchEvent(new Kind(type, init));
      }
      e.target.blur();
    }, true);
  }
  if (window.__taqdirLtr) { window.__taqdirLtr.scan(); return; }
  const seen = new WeakSet();
  const poke = () => window.dispatchEvent(new Event("languagechange"));
  const scan = () => {
    let fresh = false;
    document.querySelectorAll("[data-rac][role=group]").forEach((el) => {
      if (!seen.has(el)) { seen.add(el); fresh = true; }
    });
    if (fresh) { setTimeout(poke, 0); setTimeout(poke, 250); }
  };
  const observer = new MutationObserver(scan);
  observer.observe(document.body, {childList: true, subtree: true});
  window.__taqdirLtr = {scan};
  if (document.fonts) { document.fonts.load('16px "taqdir-arabic"', "عربي"); }
  scan();
})();
</script>
"""


def page_css(lang: str) -> str:
    """The `<style>` block for the language."""
    return (
        f'<div class="taqdir-css"><style>{BASE_CSS}{RTL_CSS if lang == "ar" else ""}</style></div>'
    )


def apply(lang: str) -> None:
    """Add the page's styles and the slider-direction fix (call once per run).

    The styles go through `st.markdown`, which the browser draws with the first elements;
    `st.html` (needed to run the script) is loaded lazily and would show the Arabic page left
    to right for a moment.
    """
    import streamlit as st

    st.markdown(page_css(lang), unsafe_allow_html=True)
    st.html(SLIDER_SCRIPT.replace("__LANG__", lang), unsafe_allow_javascript=True)
