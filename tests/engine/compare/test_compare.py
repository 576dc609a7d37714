"""Comparing assessments (engine.compare.comparison): golden comparisons on the built-in case, saved
results as sides for every method, matching by scenario id, and mismatched inputs.

Hand computation of the built-in baseline (equal weights: each family 1/4, indicators equal
within their family; see the calibration comment of scenarios/data/belarus_libya_2025.yaml):
- 2025-03-01: only the Minsk visit (2025-02-17) is known, 12 days old, faded by
  0.5^(12/180) = 0.95484. visits: senior visits 0.95484/4 = 0.23871, seniority position
  4·0.95484 = 3.8194 → 0.75 + 0.8194·0.25 = 0.95484, officers 3.8194/6 = 0.63656 → mean
  0.61004; agreements: signed 0, implemented 0, programmes 2/4 = 0.5, suspended none → 1 −
  0 = 1 → mean 0.375; consulate 0; troops: training agreed 0.4, personnel 0, sites 0 →
  0.13333. Score 100·(0.61004 + 0.375 + 0 + 0.13333)/4 = 27.959.
- 2025-06-04: 51.703 (the file's calibration comment: 100·(0.483 + 0.625 + 0.550 + 0.410)/4).
The same weights on both sides, so the whole change 23.743 is evidence and the weights part
is exactly 0.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from engine.compare.comparison import compare, compare_many
from engine.compare.sides import open_source, side_from_assessment, side_from_saved
from engine.score import score
from indicators.errors import InputError
from scenarios.loader import load_builtin
from scenarios.model import Assessment

MARCH, JUNE = date(2025, 3, 1), date(2025, 6, 4)


@pytest.fixture(scope="module")
def a() -> Assessment:
    return load_builtin()


def side(a, label="x", **options):
    return side_from_assessment(a, label=label, source="builtin", **options)


def test_golden_march_against_june_equal_weights(a):
    c = compare(side(a, as_of=MARCH), side(a, as_of=JUNE))
    s = c.scenario_ids.index("baseline")
    assert c.factors == ("evidence", "weights")
    assert c.scores[:, s] == pytest.approx([27.959, 51.703], abs=1e-3)
    assert c.parts[:, s] == pytest.approx([23.743, 0.0], abs=1e-3)
    assert c.parts[1].tolist() == [0.0] * len(c.scenario_ids)  # same weights: exactly zero
    assert (c.tier_id(0, s), c.tier_id(1, s)) == (
        "pragmatic_cooperation",
        "institutional_partnership",
    )
    # Tiers move for all but the military alliance (82.3 → 88.6 stays in alliance).
    assert c.tier_changes == 5
    # In March the baseline and official_acts_only tie (Tamanhint not yet known), in June
    # they do not: 14 concordant pairs, 0 discordant, one tie in A only → tau-b =
    # 14/sqrt((15 − 1)·15) = 0.96609.
    assert c.kendall_tau == pytest.approx(14 / np.sqrt(14 * 15), abs=1e-9)
    # Contribution changes of the baseline, by hand: six sectors signed (+1 on 1/16 of the
    # weight: +6.25), consulate general 0.6 and files 0.5 on 1/8 each (+7.5, +6.25).
    row = c.to_json()["results"][s]
    assert row["contributions_delta"]["sectors_signed"] == pytest.approx(6.25)
    assert row["contributions_delta"]["representation_level"] == pytest.approx(7.5)
    assert row["families_delta"]["consulate"] == pytest.approx(13.75)
    assert sum(row["contributions_delta"].values()) == pytest.approx(row["delta"], abs=1e-9)


def test_golden_equal_against_security_lens(a):
    # Same evidence (2025-06-04), different weights: everything is the weights part.
    c = compare(side(a), side(a, profile="security_lens"))
    s = c.scenario_ids.index("baseline")
    assert c.scores[:, s] == pytest.approx([51.703, 47.911], abs=1e-3)
    assert c.parts[:, s] == pytest.approx([0.0, -3.791], abs=1e-3)
    assert c.parts[0].tolist() == [0.0] * len(c.scenario_ids)
    # Tier moves (the file's score table): institutional_partnership 64.8 → 57.2 (strategic →
    # institutional), official_acts_only 44.8 → 29.8 (institutional → pragmatic),
    # rollback 21.7 → 12.5 (pragmatic → protocol). The order of scenarios does not change.
    assert c.tier_changes == 3
    assert c.kendall_tau == pytest.approx(1.0)


def test_mixed_change_matches_independent_scorings(a):
    # March/equal against June/security lens: the cross corners are ordinary scorings.
    c = compare(side(a, as_of=MARCH), side(a, as_of=JUNE, profile="security_lens"))
    s = c.scenario_ids.index("baseline")

    def base(when, profile):
        return score(a, as_of=when, profile=profile, scenarios=["baseline"]).scores[0]

    aa, ba = base(MARCH, "equal"), base(JUNE, "equal")
    ab, bb = base(MARCH, "security_lens"), base(JUNE, "security_lens")
    assert (aa, ba, ab, bb) == pytest.approx((27.959, 51.703, 20.024, 47.911), abs=1e-3)
    assert c.parts[0, s] == pytest.approx(0.5 * ((ba - aa) + (bb - ab)), abs=1e-9)
    assert c.parts[1, s] == pytest.approx(0.5 * ((ab - aa) + (bb - ba)), abs=1e-9)
    assert c.parts[:, s].sum() == pytest.approx(bb - aa, abs=1e-9)
    cross = c.cross_scores(s)
    assert cross["EB_WA"] == pytest.approx(ba) and cross["EA_WB"] == pytest.approx(ab)


def test_method_change_adds_a_third_part(a):
    c = compare(side(a), side(a, method="geometric"))
    assert c.factors == ("evidence", "weights", "method")
    assert np.all(c.parts[:2] == 0.0)  # only the method changed
    np.testing.assert_allclose(c.parts[2], c.delta, atol=1e-9)


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "topsis"])
def test_saved_json_compares_like_the_file(a, method, tmp_path):
    # A saved `taqdir score --format json` holds intensities and weights: rescoring it gives
    # the same comparison as the assessment it came from, for every method.
    r = score(a, as_of=MARCH, profile="security_lens", method=method)
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(r.to_json(), ensure_ascii=False), encoding="utf-8")
    saved = open_source(str(path))
    from_file = side(a, as_of=MARCH, profile="security_lens", method=method)
    from_json = side_from_saved(saved, label="saved", source=str(path))
    np.testing.assert_allclose(from_json.scores, r.scores, atol=1e-9)
    b = side(a, method="arithmetic")
    one, two = compare(from_file, b), compare(from_json, b)
    np.testing.assert_allclose(one.parts, two.parts, atol=1e-9)
    assert one.tier_changes == two.tier_changes


def test_edited_saved_json_is_refused(a, tmp_path):
    data = score(a).to_json()
    data["results"][0]["score"] += 1.0
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="does not follow from its intensities"):
        side_from_saved(open_source(str(path)), label="x", source=str(path))


def test_scenarios_matched_by_id_and_unmatched_listed(tiny):
    one = Assessment.model_validate(tiny)
    tiny["scenarios"].append(
        {"id": "extra", "name": {"en": "Extra", "ar": "إضافي"}, "extends": "baseline"}
    )
    two = Assessment.model_validate(tiny)
    c = compare(side(two), side(one))
    assert c.scenario_ids == ("baseline", "deeper")
    assert c.unmatched == ({"scenario": "extra", "sides": ["A"]},)


def test_mismatched_assessments_are_an_input_error(a, tiny):
    other = Assessment.model_validate(tiny)
    with pytest.raises(InputError, match="do not score the same indicators"):
        compare(side(a), side(other))


def test_no_common_scenario_is_an_input_error(tiny):
    one = Assessment.model_validate(tiny)
    for sc in tiny["scenarios"]:
        sc["id"] = "x" + sc["id"]
    tiny["scenarios"][1]["extends"] = "xbaseline"
    two = Assessment.model_validate(tiny)
    with pytest.raises(InputError, match="share no scenario"):
        compare(side(one), side(two))


def test_many_sides_matrix_spread_and_agreement(a):
    sides = [side(a, as_of=MARCH), side(a), side(a, profile="security_lens")]
    m = compare_many(sides)
    s = m.scenario_ids.index("baseline")
    assert m.scores[:, s] == pytest.approx([27.959, 51.703, 47.911], abs=1e-3)
    assert m.spread[s] == pytest.approx(51.703 - 27.959, abs=1e-3)
    out = m.to_json()
    assert "baseline" in out["disagree"]  # pragmatic in March, institutional in June
    assert "military_alliance" in out["agree"]  # alliance everywhere
    assert out["kendall_tau"][1][2] == pytest.approx(1.0)
