"""The Brief page, run headless by Streamlit's AppTest: its preview is the engine's brief for
the sidebar's settings (weights as set included), with HTML and PDF downloads."""

from __future__ import annotations

import re

import streamlit as st
from streamlit.testing.v1 import AppTest

from engine import ScoringRequest, score
from scenarios.loader import load_assessment
from tests.dashboard.pages import only

TIMEOUT = 180


def _doc(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def _baseline_score(doc: str) -> float:
    found = re.search(r'data-k="score:baseline" data-v="([^"]+)"', doc)
    assert found, "the preview has no baseline score"
    return float(found.group(1))


def test_the_page_is_registered():
    from dashboard.app import PAGES

    assert ("brief", "Brief", "الوثيقة", ":material/article:") in PAGES


def test_preview_follows_the_weights_as_set_and_offers_downloads():
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("brief",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    a = load_assessment(None)
    b = a.scenario_ids.index(a.baseline_id())
    doc = _doc(at)
    assert 'lang="en" dir="ltr"' in doc and "Bottom line" in doc
    assert _baseline_score(doc) == float(score(a, ScoringRequest.build(a)).scores[b])
    labels = {d.proto.label for d in at.get("download_button")}
    assert "Download HTML" in labels
    assert "Download PDF" in labels or any(b.label == "PDF not available here" for b in at.button)

    at.number_input(key="wn:f:troops").set_value(3.0).run()
    assert not at.exception, at.exception
    moved = ScoringRequest.build(a, set_weights={"troops": 3.0})
    assert _baseline_score(_doc(at)) == float(score(a, moved).scores[b])

    at.radio(key="brief_lang").set_value("ar").run()
    doc = _doc(at)
    assert 'lang="ar" dir="rtl"' in doc and "الخلاصة" in doc
