"""The dashboard flags indicators scored without evidence: the Scores page's detail table marks
them `*` (and says a negative indicator at the bottom of its scale as its absence) with the
scenario's coverage under it; the Evidence page names them. Built-in case: the baseline has no
evidence on `sectors_implemented` and `agreements_suspended`."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard.pages import TIMEOUT, only


def test_scores_detail_flags_defaults_and_shows_coverage():
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("scores",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    at.selectbox(key="detail").set_value("baseline").run()
    captions = "\n".join(c.value for c in at.caption)
    assert "Weight resting on evidence" in captions and "88%" in captions
    frame = next(d.value for d in at.dataframe)
    names = list(frame["Indicator"])
    assert "No agreement suspended or cancelled*" in names
    assert "Sectors with implementation under way*" in names
    assert "Sectors with a signed memorandum" in names


def test_evidence_page_names_the_indicators_without_evidence():
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("evidence",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    silent = next(c.value for c in at.caption if "without evidence" in c.value)
    assert "Agreements suspended or cancelled" in silent
    assert "Sectors with a signed memorandum" not in silent
