"""indicators.bidi: numbers, dates, ranges and arrows isolated inside Arabic, words untouched."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from indicators.bidi import LRI, PDI, arrow, isolate, numeric, span, step, value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_is_isolated_in_arabic_only(x):
    out = value(x, "ar")
    assert isinstance(out, str) and out.startswith(LRI) and out.endswith(PDI)
    assert float(out[1:-1]) == float(f"{x:g}")
    assert value(x, "en") == x


def test_dates_ranges_and_numeric_text_are_isolated_words_are_not():
    assert value(date(2025, 6, 4), "ar") == f"{LRI}2025-06-04{PDI}"
    for text in ("0–50", "6.2 → 28.7", "-3.2", "25.0%", "2025-06-04"):
        assert numeric(text)
        assert value(text, "ar") == f"{LRI}{text}{PDI}"
    for text in ("أوزان متساوية", "as_of=2024", "/tmp/file.yaml", ""):
        assert value(text, "ar") == text
    assert value(value("1–2", "ar"), "ar") == f"{LRI}1–2{PDI}"  # never twice


def test_arrows_between_words_follow_the_sentence():
    assert step("a", "b", "en") == "a → b"
    assert step("أ", "ب", "ar") == "أ ← ب"
    assert arrow("ar") == "←"
    assert span(0, 50, "ar", "–") == f"{LRI}0–50{PDI}"
    assert span(6.2, 28.7, "en") == "6.2 → 28.7"
    assert isolate("1", "en") == "1"
