"""The built-in Belarus–eastern Libya assessment: known answers from the report's facts,
computed by hand here, and a golden copy of `taqdir score --format json`."""

from __future__ import annotations

import itertools
import json
import math
from datetime import date

import pytest

from engine.score import score
from scenarios.loader import load_builtin
from tests.paths import GOLDEN as GOLDEN_DIR

GOLDEN = GOLDEN_DIR / "builtin_score_equal.json"


def _fade(event: date, as_of: date = date(2025, 6, 4), half_life: float = 180) -> float:
    return 0.5 ** ((as_of - event).days / half_life)


def test_baseline_by_hand_from_the_report():
    """Equal weights: each family 1/4, shared equally by its indicators.

    From FACTS.md: Minsk visit 2025-02-17 (Haftar and three generals, head of state level,
    two joint programmes, training agreed) [1][4]; Benghazi visit and six memoranda 2025-03-10
    [2]; consulate general opened 2025-05-26, files in preparation [3]; about 30 officers at
    one base (Tamanhint) [5]. Visits fade with a 180-day half-life (the file's choice).
    """
    minsk, benghazi = _fade(date(2025, 2, 17)), _fade(date(2025, 3, 10))
    visits = (
        (minsk + benghazi) / 4  # senior visits, goalposts 0→4
        + max(4 * minsk, 3 * benghazi) * 0.25  # seniority position × 0.25 per level
        + 4 * minsk / 6  # general officers, goalposts 0→6
    ) / 12
    agreements = (6 / 6 + 0 / 6 + 2 / 4 + (1 - 0)) / 16  # signed, implemented, joint, suspended(−)
    consulate = (0.6 + 0.5) / 8  # consulate_general 0.6, files_in_preparation 0.5
    troops = (0.4 + math.log(31) / math.log(1001) + 1 / 3) / 12  # agreed, 30 personnel, 1 site
    expected = 100 * (visits + agreements + consulate + troops)
    assert expected == pytest.approx(51.70, abs=0.01)

    result = score(load_builtin(), scenarios=["baseline"])
    assert result.scores[0] == pytest.approx(expected, rel=1e-9)
    assert result.tier_ids == ["institutional_partnership"]  # the report's reading


def test_ordering_of_the_what_ifs():
    r = score(load_builtin())
    by_id = dict(zip(r.scenario_ids, r.scores, strict=True))
    assert by_id["military_alliance"] > by_id["institutional_partnership"] > by_id["baseline"]
    assert by_id["baseline"] > by_id["pragmatic_cooperation"] > by_id["rollback_under_pressure"]
    assert r.tier_ids[r.scenario_ids.index("military_alliance")] == "alliance"


def test_sequence_of_the_report_raises_the_baseline():
    a = load_builtin()
    dates = [
        date(2025, 2, 1),
        date(2025, 2, 17),
        date(2025, 3, 10),
        date(2025, 5, 26),
        date(2025, 6, 4),
    ]
    scores = [score(a, as_of=d, scenarios=["baseline"]).scores[0] for d in dates]
    assert scores[0] == pytest.approx(100 * (1 / 16), abs=1e-9)  # only "nothing suspended"
    assert all(b > a_ for a_, b in itertools.pairwise(scores))


def _stable(out: dict) -> dict:
    out = json.loads(json.dumps(out))
    out["assessment"].pop("engine_version")
    return out


def test_golden_json():
    """Regression pin of the full JSON (regenerate deliberately with
    `taqdir score --format json > tests/golden/builtin_score_equal.json` after a data change,
    and say why in the commit)."""
    got = _stable(score(load_builtin()).to_json())
    want = _stable(json.loads(GOLDEN.read_text(encoding="utf-8")))
    assert got["assessment"]["input_hash"] == want["assessment"]["input_hash"], (
        "the built-in data changed: review and regenerate the golden file"
    )
    assert got.keys() == want.keys()
    for key in ("method", "profile", "tiers"):
        assert got[key] == want[key]
    assert got["weights"] == pytest.approx(want["weights"], rel=1e-12)
    for g, w in zip(got["results"], want["results"], strict=True):
        assert g["scenario"] == w["scenario"] and g["tier"] == w["tier"]
        assert g["rank"] == w["rank"]
        assert g["score"] == pytest.approx(w["score"], rel=1e-12)
        assert g["contributions"] == pytest.approx(w["contributions"], rel=1e-12, abs=1e-12)
