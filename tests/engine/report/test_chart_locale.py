"""Month and day names of temporal charts follow the page's language: the Arabic timeline
carries an Arabic d3 time-format locale in its Vega config (Vega applies `config.locale` to the
view; the browser test in tests/dashboard/test_dashboard_pages_browser.py reads the drawn axis),
the English one keeps Vega's default."""

from __future__ import annotations

import pytest

from engine import ScoringRequest
from engine.compare import timeline
from engine.report import charts
from scenarios.loader import load_assessment
from tests.paths import ROOT


@pytest.mark.parametrize("path", [None, ROOT / "tests" / "data" / "other_pair.yaml"])
def test_arabic_timeline_names_months_in_arabic(path):
    a = load_assessment(path)
    tl = timeline(a, ScoringRequest.build(a))
    ar = charts.timeline_chart(tl, "ar")["config"]["locale"]["time"]
    assert len(ar["months"]) == len(ar["shortMonths"]) == 12
    assert ar["months"][1] == "فبراير" and ar["months"][4] == "مايو"  # the report's names
    assert len(ar["days"]) == 7
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in m) for m in ar["months"] + ar["days"])
    assert "locale" not in charts.timeline_chart(tl, "en")["config"]


def test_localized_leaves_english_and_keeps_other_config():
    spec = {"config": {"font": "x"}}
    assert charts.localized(dict(spec), "en") == spec
    out = charts.localized({"config": {"font": "x"}}, "ar")
    assert out["config"]["font"] == "x" and "time" in out["config"]["locale"]


def test_the_bilingual_report_axis_takes_the_same_arabic_months():
    """The HTML timeline report (both languages on one page) labels its months in English and
    Arabic, the Arabic names from the same `TIME_LOCALES` the Arabic charts use."""
    a = load_assessment(None)
    spec = charts.bilingual_months(charts.timeline_chart(timeline(a, ScoringRequest.build(a))))
    axes = [
        layer["encoding"]["x"]["axis"]["labelExpr"]
        for layer in spec["layer"]
        if layer.get("encoding", {}).get("x", {}).get("type") == "temporal"
    ]
    assert axes and all(ax == axes[0] for ax in axes)
    for month in charts.TIME_LOCALES["ar"]["months"]:
        assert month in axes[0]
    assert "datum.label" in axes[0] and "month(datum.value)" in axes[0]
