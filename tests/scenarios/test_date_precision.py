"""`date_precision` acts: a month- or year-precise event may have happened on any day of its
month or year (never after its story date), so where the as-of date or a look-back window's
start cuts through that span it counts as uncertain. On tests/data/other_pair.yaml, whose
defence dialogue is dated only "February 2025" (month precision, no story date)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.model import Evidence
from scenarios.loader import load_assessment
from scenarios.values import date_span, from_evidence, inside_share, known_evidence
from tests.paths import DATA


@pytest.fixture(scope="module")
def a():
    return load_assessment(DATA / "other_pair.yaml")


def _ev(d: str, precision: str = "day", story: str | None = None) -> Evidence:
    return Evidence.model_validate(
        {
            "id": "e",
            "indicator": "x",
            "event_date": d,
            "date_precision": precision,
            "story_date": story,
            "value": 1,
            "reliability": "A",
            "credibility": 1,
            "summary": {"en": "e", "ar": "د"},
        }
    )


def test_spans():
    assert date_span(_ev("2025-02-14", "month")) == (date(2025, 2, 1), date(2025, 2, 28))
    assert date_span(_ev("2024-12-05", "month")) == (date(2024, 12, 1), date(2024, 12, 31))
    assert date_span(_ev("2024-06-01", "year")) == (date(2024, 1, 1), date(2024, 12, 31))
    # reported on 10 March: it had happened by then
    assert date_span(_ev("2025-03-01", "month", "2025-03-10")) == (
        date(2025, 3, 1),
        date(2025, 3, 10),
    )


def test_as_of_cut_off_within_the_month(a):
    k = "defence_cooperation"  # ordinal none < dialogue < …, rule max, default none
    assert known_evidence(a, k, date(2025, 1, 31)) == []
    early = from_evidence(a, k, date(2025, 2, 10))  # 10 of 28 days: likelier not yet
    assert early.low == 0 and early.likely == 0 and early.high > 1
    late = from_evidence(a, k, date(2025, 2, 20))  # 20 of 28 days: likelier already
    assert late.low == 0 and late.likely == 1
    after = from_evidence(a, k, date(2025, 3, 1))  # the whole month is past: as a day would
    assert (after.low, after.likely) == (0, 1)  # low: the grade C3 widens it to the bottom


def test_a_window_start_cutting_through_the_span():
    ev = _ev("2024-01-15", "month")
    # a 30-day window ending 2024-02-14 starts 2024-01-16: 16 of January's 31 days are in it
    assert inside_share(ev, date(2024, 2, 14), 30) == pytest.approx(16 / 31)
    assert inside_share(ev, date(2024, 3, 31), 30) == 0
    assert inside_share(_ev("2024-01-15"), date(2024, 2, 14), 30) == 0  # a day: all or nothing
    assert inside_share(_ev("2024-01-16"), date(2024, 2, 14), 30) == 1


@given(
    st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    st.sampled_from(["day", "month", "year"]),
    st.integers(-400, 800),
    st.one_of(st.none(), st.integers(1, 400)),
)
def test_the_share_is_a_fraction_and_day_precision_is_the_old_rule(d, precision, lag, window):
    ev = _ev(d.isoformat(), precision)
    as_of = date.fromordinal(d.toordinal() + lag)
    share = inside_share(ev, as_of, window)
    assert 0.0 <= share <= 1.0
    if precision == "day":
        inside = d <= as_of and (window is None or (as_of - d).days < window)
        assert share == (1.0 if inside else 0.0)
