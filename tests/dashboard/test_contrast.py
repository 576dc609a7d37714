"""Readable contrast (WCAG 2.1 AA: at least 4.5:1 for text) wherever the dashboard prints text on
a colour: tier chips and the Profiles grid (black or white by `style.text_on`), tier names over
the score chart's bands, and the numbers in the acceptability heatmaps' cells, on the built-in
case and on an unrelated assessment's tiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import charts
from dashboard import robust_charts as rc
from dashboard.style import text_on, tier_colors
from scenarios.loader import load_assessment

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_pair.yaml"
AA = 4.5


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance (sRGB, https://www.w3.org/TR/WCAG21/#dfn-relative-luminance)."""

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over_white(color: str, opacity: float) -> str:
    return "#" + "".join(f"{round(255 * (1 - opacity + opacity * c)):02x}" for c in _rgb(color))


def test_the_formula_against_wcags_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # famous near-miss
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def _tier_colors():
    out = []
    for path in (None, OTHER):
        a = load_assessment(path)
        out += tier_colors([t.color for t in a.tiers])
    out += tier_colors([None] * 9)  # the viridis fallback, any count
    return out


@pytest.mark.parametrize("color", _tier_colors())
def test_text_on_a_tier_colour_reads(color):
    assert contrast(text_on(color), color) >= AA, color


@pytest.mark.parametrize("color", _tier_colors())
def test_tier_names_over_the_bands_read(color):
    band = over_white(color, charts.BAND_OPACITY)
    assert contrast(charts.BAND_INK, band) >= AA, (color, band)
    assert contrast(charts.BAND_INK, "#ffffff") >= AA  # where the name sits above the band


def test_heatmap_numbers_read_on_every_share():
    for k in range(1001):
        p = k / 1000
        ink = "#ffffff" if p >= rc.INK_SWITCH else "#000000"
        assert contrast(ink, rc.ramp_color(p)) >= AA, (p, rc.ramp_color(p), ink)


def test_the_heatmap_spec_uses_that_ramp_and_switch():
    spec = rc.heatmap([{"scenario": "s", "tier": "t", "p": 0.5}], "tier", ["t"], ["s"], "x")
    rect, text = spec["layer"]
    scale = rect["encoding"]["color"]["scale"]
    assert scale["range"] == list(rc.RAMP) and scale["interpolate"] == "rgb"
    assert text["encoding"]["color"]["condition"]["test"] == f"datum.p >= {rc.INK_SWITCH}"
    # every label shown, none cut
    for axis in ("x", "y"):
        assert spec["encoding"][axis]["axis"]["labelLimit"] == 0
        assert spec["encoding"][axis]["axis"]["labelOverlap"] is False
