"""A page's error said in the page's language and with the page's own words: the timeline
page asked for a range that runs backwards ("From" after "To", not the command line's
`--from`/`--to`)."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard.pages import TIMEOUT, only
from tests.engine.cli.test_arabic_messages import assert_arabic


@pytest.mark.parametrize(
    "lang, said",
    [("en", "“From” (2025-06-01) is after “To” (2025-01-01)"), ("ar", "بعد تاريخ «إلى»")],
)
def test_the_timeline_page_says_a_backwards_range_in_its_language(lang, said):
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("timeline",), default_timeout=TIMEOUT)
    at.query_params.update({"lang": lang, "tl_from": "2025-06-01", "tl_to": "2025-01-01"})
    at.run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and said in shown[0], shown
    if lang == "ar":
        assert_arabic(shown[0])
        assert "is after" not in shown[0]
        assert "\u20662025-06-01\u2069" in shown[0]  # the dates isolated left to right
    assert "--from" not in shown[0]
