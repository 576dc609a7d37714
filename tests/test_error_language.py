"""Errors outside a file's content said in the language asked for (issue 12: "engine
validation messages: translate them"): the weights as set on the command line or with the
dashboard's sliders. The Arabic comes from the error's kind and parts
(`indicators.errors.TaqdirError.said`), never from the English sentence."""

from __future__ import annotations

import re

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from engine import ScoringRequest, aggregate
from indicators.bidi import LRI, PDI
from indicators.errors import WeightError
from scenarios.loader import load_assessment
from tests.paths import ROOT

ZERO = {"visits": 0, "agreements": 0, "consulate": 0, "troops": 0}


def _latin_outside_isolates(text: str) -> list[str]:
    """Latin words left in Arabic prose once every isolate is taken out."""
    bare = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", text).replace("taqdir", "")
    return re.findall(r"[A-Za-z]{2,}", bare)


def _raised(fn) -> WeightError:  # type: ignore[no-untyped-def]
    with pytest.raises(WeightError) as caught:
        fn()
    return caught.value


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda a: ScoringRequest.build(a, set_weights=ZERO), "all_weights_zero"),
        (
            lambda a: ScoringRequest.build(
                a, set_weights={i.id: 0 for i in a.indicators if i.family == "troops"}
            ),
            "family_shares_zero",
        ),
        (
            lambda a: ScoringRequest.build(a, set_weights={"troops": float("nan")}),
            "weight_not_finite",
        ),
        (lambda a: ScoringRequest.build(a, set_weights={"troops": 1e300}), "weight_too_large"),
        (lambda a: aggregate(np.ones((2, 2)) / 2, np.array([1.0, -1.0])), "weight_negative"),
        (lambda a: aggregate(np.ones((2, 2)) / 2, np.zeros(2)), "all_weights_zero"),
    ],
)
def test_weight_errors_are_said_in_arabic_from_their_parts(make, kind):
    a = load_assessment(None)
    err = _raised(lambda: make(a))
    assert err.kind == kind
    english, arabic = err.said("en"), err.said("ar")
    assert english == str(err)
    assert arabic != english and re.search("[\u0600-\u06ff]", arabic)
    assert not _latin_outside_isolates(arabic), arabic
    if kind == "family_shares_zero":
        assert f"{LRI}troops{PDI}" in arabic  # the family's id, isolated left to right


def test_an_error_without_a_kind_keeps_its_english():
    err = WeightError("weights must be a vector.")
    assert err.said("ar") == "weights must be a vector."


def test_the_command_line_says_it_in_arabic_when_asked(cli):
    args = [f"--set-weight={k}=0" for k in ZERO]
    english = cli("score", *args)
    assert english.code == 2 and "every weight is zero" in english.err
    arabic = cli("score", *args, "--lang", "ar")
    assert arabic.code == 2
    assert "كل الأوزان صفر" in arabic.err and "every weight" not in arabic.err
    assert arabic.out == ""


@pytest.mark.parametrize("lang, said", [("en", "every weight is zero"), ("ar", "كل الأوزان صفر")])
def test_the_dashboard_says_it_in_the_pages_language(lang, said):
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params.update({"lang": lang, "fw": ",".join(f"{k}:0" for k in ZERO)})
    at.run()
    assert not at.exception, at.exception
    shown = "\n".join(e.value for e in at.error)
    assert said in shown, shown
    if lang == "ar":
        assert "every weight" not in shown
