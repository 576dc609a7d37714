"""Scoring an assessment: known answers on the tiny case (hand computation), evidence as of a
date, weights, sampling reproducibility and the JSON contract."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from engine.score import score
from indicators.errors import UnknownNameError, WeightError
from scenarios.model import Assessment
from scenarios.values import scenario_values

LN = math.log


@pytest.fixture
def a(tiny) -> Assessment:
    return Assessment.model_validate(tiny)


def test_baseline_from_evidence(a):
    v = scenario_values(a, "baseline")
    assert (v["meetings"].low, v["meetings"].likely, v["meetings"].high) == (2, 2, 2)  # A1
    assert v["level"].likely == 0  # no evidence: when_no_evidence "none"
    assert (v["troops"].low, v["troops"].likely, v["troops"].high) == (9, 99, 999)


def test_known_scores_by_hand(a):
    # Equal profile: talks 1, arms 1; shares within talks 1:1 → w = (0.25, 0.25, 0.5).
    # baseline: meetings 2/4 = 0.5, level none = 0, troops ln(100)/ln(1000) = 2/3
    #   → 100 · (0.25·0.5 + 0 + 0.5·2/3) = 45.8333 → tier "low" (< 50)
    # deeper: meetings 4 → 1, level high → 1, troops 2/3 → 100 · (0.25 + 0.25 + 1/3) = 83.333
    r = score(a)
    np.testing.assert_allclose(r.weights, [0.25, 0.25, 0.5])
    np.testing.assert_allclose(r.scores, [45.8333333, 83.3333333], rtol=1e-7)
    assert r.tier_ids == ["low", "high"]
    assert r.ranks.tolist() == [2, 1]
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.scores)
    np.testing.assert_allclose(r.family_contributions[0], [12.5, 100 * 0.5 * 2 / 3])


def test_as_of_is_strict(a):
    # On 2025-03-01 the troops report (2025-05-01) is not known: troops 0 → 100·0.125 = 12.5
    r = score(a, as_of=date(2025, 3, 1), scenarios=["baseline"])
    assert r.scores[0] == pytest.approx(12.5)
    # Before any evidence: nothing at all.
    assert score(a, as_of=date(2025, 1, 1), scenarios=["baseline"]).scores[0] == 0


def test_story_date_decides_when_evidence_is_known(tiny):
    tiny["evidence"][1]["story_date"] = "2025-06-01"
    a = Assessment.model_validate(tiny)
    before = score(a, as_of=date(2025, 5, 31), scenarios=["baseline"]).scores[0]
    after = score(a, as_of=date(2025, 6, 1), scenarios=["baseline"]).scores[0]
    assert before == pytest.approx(12.5)
    assert after == pytest.approx(45.8333333)


def test_window_drops_old_evidence(a):
    # Meetings look back 365 days: on 2026-02-02 the 2025-02-01 meetings are out of the window.
    v = scenario_values(a, "baseline", date(2026, 2, 2))
    assert v["meetings"].likely == 0


def test_set_weight_family_and_indicator(a):
    r = score(a, set_weights={"arms": 0}, scenarios=["baseline"])
    assert r.scores[0] == pytest.approx(25.0)  # 100 · (0.5·0.5 + 0.5·0)
    r = score(a, set_weights={"level": 0}, scenarios=["baseline"])
    np.testing.assert_allclose(r.weights, [0.5, 0.0, 0.5])


def test_weight_errors(a):
    with pytest.raises(WeightError):
        score(a, set_weights={"talks": 0, "arms": 0})
    with pytest.raises(UnknownNameError):
        score(a, set_weights={"armz": 1})
    with pytest.raises(UnknownNameError):
        score(a, profile="nosuch")


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "topsis"])
def test_sampling_same_seed_same_numbers(a, method):
    one = score(a, method=method, samples=5000, seed=42)
    two = score(a, method=method, samples=5000, seed=42, chunk=4096)
    other = score(a, method=method, samples=5000, seed=43)
    u1, u2 = one.uncertainty, two.uncertainty
    assert u1 is not None and u2 is not None
    np.testing.assert_array_equal(u1.mean, u2.mean)
    np.testing.assert_array_equal(u1.tier_probabilities, u2.tier_probabilities)
    assert not np.array_equal(u1.mean, other.uncertainty.mean)
    assert np.all(u1.p05 <= u1.p50) and np.all(u1.p50 <= u1.p95)
    np.testing.assert_allclose(u1.tier_probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(u1.rank_acceptability.sum(axis=1), 1.0)


def test_sampling_is_centred_on_the_triangle(a):
    # Fixed weights, troops triangular(9, 99, 999) in raw units; the score's spread comes
    # from troops alone, so p05 < point score < p95 for the baseline.
    r = score(a, samples=20_000, seed=1, concentration=math.inf, scenarios=["baseline"])
    u = r.uncertainty
    assert u.p05[0] < r.scores[0] < u.p95[0]
    assert u.p05[0] >= 100 * (0.125 + 0.5 * LN(10) / LN(1000)) - 1e-9


def test_json_contract(a):
    out = score(a, samples=200, seed=3).to_json()
    assert set(out) >= {"assessment", "method", "weights", "tiers", "results"}
    assert set(out["assessment"]) >= {"id", "title", "as_of"}
    assert out["assessment"]["title"] == {"en": "Tiny test assessment", "ar": "تقدير اختباري صغير"}
    assert sum(out["weights"].values()) == pytest.approx(1.0)
    assert [t["id"] for t in out["tiers"]] == ["low", "high"]
    for row in out["results"]:
        assert set(row) >= {
            "scenario",
            "score",
            "tier",
            "rank",
            "intensities",
            "contributions",
            "families",
            "uncertainty",
            "tier_probabilities",
        }
        assert sum(row["contributions"].values()) == pytest.approx(row["score"])
        assert set(row["uncertainty"]) == {"mean", "p05", "p50", "p95"}


def test_result_is_frozen(a):
    r = score(a)
    with pytest.raises(AttributeError):
        r.method = "geometric"  # type: ignore[misc]


def test_count_rule_and_fading(tiny):
    # Meetings counted (not summed) and fading with a 30-day half-life: on 2025-06-01 the
    # 2025-02-01 item is 120 days old → 0.5**4 = 0.0625 of a meeting.
    tiny["indicators"][0]["from_evidence"] = {"rule": "count"}
    tiny["families"][0]["half_life_days"] = 30
    a = Assessment.model_validate(tiny)
    v = scenario_values(a, "baseline")
    assert v["meetings"].likely == pytest.approx(0.0625)


def test_latest_rule_takes_the_most_recent_event(tiny):
    later = dict(tiny["evidence"][1], id="ev3", event_date="2025-05-20", value=5)
    later.pop("low"), later.pop("high")
    tiny["evidence"].append(later)
    tiny["evidence"][1]["event_date"] = "2025-05-01"
    a = Assessment.model_validate(tiny)
    assert scenario_values(a, "baseline")["troops"].likely == 5


def test_grades_widen_the_range(tiny):
    # C3: widths 0.25 and 0.25 → 1 − 0.75² = 0.4375 around the value 2.
    tiny["evidence"][0].update(reliability="C", credibility=3)
    a = Assessment.model_validate(tiny)
    v = scenario_values(a, "baseline")["meetings"]
    assert (v.low, v.likely, v.high) == pytest.approx((2 * 0.5625, 2, 2 * 1.4375))


def test_order_of_scenarios_does_not_matter(a):
    forward = score(a, scenarios=["baseline", "deeper"])
    backward = score(a, scenarios=["deeper", "baseline"])
    assert forward.scores.tolist() == backward.scores[::-1].tolist()
    assert forward.ranks.tolist() == backward.ranks[::-1].tolist()


def test_grading_survives_a_json_round_trip(a):
    # JSON keys are strings; the credibility grades 1–6 must still validate.
    again = Assessment.model_validate_json(a.model_dump_json())
    assert again.grading == a.grading
    assert again == a
