"""Estimative words at every band edge and in every gap of both yardsticks.

Sources: ICD 203 (ODNI, Analytic Standards, 2 January 2015, D.6.e(2)(a), table of terms of
likelihood); PHIA: UK Government, "Explaining Uncertainty in UK Intelligence Assessment"
(guidance, 24 March 2025, section "PHIA Probability Yardstick"). Tolerance: exact floats; ties
between two gap ends are judged within `words.TIE`.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.robust import words

PHIA = [
    (0.0, 0.05, "remote chance"),
    (0.10, 0.20, "highly unlikely"),
    (0.25, 0.35, "unlikely"),
    (0.40, 0.50, "realistic possibility"),  # to below 50%
    (0.55, 0.75, "likely or probable"),
    (0.80, 0.90, "highly likely"),
    (0.95, 1.0, "almost certain"),
]
ICD = [
    (0.0, 0.05, "almost no chance"),
    (0.05, 0.20, "very unlikely"),
    (0.20, 0.45, "unlikely"),
    (0.45, 0.55, "roughly even chance"),
    (0.55, 0.80, "likely"),
    (0.80, 0.95, "very likely"),
    (0.95, 1.0, "almost certain"),
]


def test_the_data_are_the_published_bands():
    for yid, table in (("phia", PHIA), ("icd203", ICD)):
        y = words.yardstick(yid)
        assert [(b.min, b.max, b.words.en) for b in y.bands] == table
    assert "Explaining Uncertainty in UK Intelligence Assessment" in words.yardstick("phia").source
    assert "2025" in words.yardstick("phia").source


@pytest.mark.parametrize(("lo", "hi", "en"), PHIA)
def test_phia_band_edges(lo, hi, en):
    assert (words.say(lo, "phia").en, words.say(lo, "phia").in_gap) == (en, False)
    inside = hi - 1e-9 if en == "realistic possibility" else hi
    assert (words.say(inside, "phia").en, words.say(inside, "phia").in_gap) == (en, False)


def test_exactly_half_is_in_the_phia_gap():
    e = words.say(0.5, "phia")
    assert e.in_gap and e.en == "realistic possibility"  # nearer band (0 away), flagged
    assert words.say(0.5 - 1e-12, "phia").in_gap is False


@pytest.mark.parametrize(
    ("p", "en"),
    [
        (0.075, "remote chance"),  # exactly between 0.05 and 0.10: the lower band
        (0.225, "highly unlikely"),
        (0.375, "unlikely"),
        (0.525, "realistic possibility"),
        (0.775, "likely or probable"),
        (0.925, "highly likely"),  # not "almost certain": the distances tie within TIE
    ],
)
def test_a_value_midway_in_a_gap_takes_the_lower_band(p, en):
    e = words.say(p, "phia")
    assert (e.en, e.in_gap) == (en, True)


@pytest.mark.parametrize(
    ("p", "en"),
    [
        (0.06, "remote chance"),
        (0.09, "highly unlikely"),
        (0.52, "realistic possibility"),
        (0.53, "likely or probable"),
        (0.94, "almost certain"),
    ],
)
def test_a_value_in_a_gap_takes_the_nearer_band(p, en):
    e = words.say(p, "phia")
    assert (e.en, e.in_gap) == (en, True)


@pytest.mark.parametrize(("lo", "hi", "en"), ICD)
def test_icd203_band_edges_shared_borders_take_the_upper_band(lo, hi, en):
    assert words.say(lo, "icd203").en == en
    above = next((b[2] for b in ICD if b[0] == hi), en)  # the band starting at hi, if any
    assert words.say(hi, "icd203").en == above
    assert not words.say(hi, "icd203").in_gap


@given(st.floats(0.0, 1.0))
def test_every_probability_has_words_and_a_gap_flag_only_between_bands(p):
    e = words.say(p, "phia")
    inside = any(lo <= p <= hi for lo, hi, _ in PHIA if hi != 0.50) or 0.40 <= p < 0.50
    assert e.in_gap is (not inside)
    assert not words.say(p, "icd203").in_gap


def test_bands_are_ordered():
    for a, b in itertools.pairwise(words.yardstick("phia").bands):
        assert a.max < b.min
