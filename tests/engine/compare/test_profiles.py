"""Every profile at once (`engine.compare.every_profile`): each row is what `score` gives under
that profile alone, on the built-in case and on an unrelated assessment, for every method."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine import METHODS, ScoringRequest, score
from engine.compare import AS_SET, every_profile
from scenarios.loader import load_assessment

OTHER = Path(__file__).resolve().parents[2] / "data" / "other_pair.yaml"


@pytest.fixture(scope="module", params=[None, OTHER], ids=["builtin", "other_pair"])
def assessment(request):
    return load_assessment(request.param)


@pytest.mark.parametrize("method", METHODS)
def test_each_row_is_the_profile_scored_alone(assessment, method):
    a = assessment
    first = a.profiles[-1]
    r = score(a, ScoringRequest.build(a, profile=first.id, method=method, set_weights={}))
    grid = every_profile(r)
    assert grid.profile_ids == (AS_SET, *(p.id for p in a.profiles))
    np.testing.assert_allclose(grid.scores[0], r.scores, rtol=0, atol=1e-9)
    for p, prof in enumerate(a.profiles, start=1):
        alone = score(a, ScoringRequest.build(a, profile=prof.id, method=method))
        np.testing.assert_allclose(grid.scores[p], alone.scores, rtol=0, atol=1e-9)
        assert grid.ranks[p].tolist() == alone.ranks.tolist()
        assert grid.tier_index[p].tolist() == alone.tier_index.tolist()
        assert [grid.scenario_ids[s] for s in grid.top(p)] == [
            alone.scenario_ids[s] for s in np.flatnonzero(alone.ranks == 1)
        ]


def test_weights_as_set_are_read_against_the_profiles(assessment):
    a = assessment
    fam = a.families[0].id
    r = score(a, ScoringRequest.build(a, set_weights={fam: 50.0}))
    grid = every_profile(r)
    moved = score(a, ScoringRequest.build(a, set_weights={fam: 50.0}))
    np.testing.assert_allclose(grid.scores[0], moved.scores, atol=1e-9)
    for p in range(len(grid.profile_ids)):
        expect = [
            s
            for s in range(len(r.scenario_ids))
            if grid.tier_index[p, s] != grid.tier_index[0, s]
            or grid.ranks[p, s] != grid.ranks[0, s]
        ]
        assert grid.differs(p) == expect
    assert grid.differs(0) == []


def test_split_names_the_scenarios_the_lens_decides():
    a = load_assessment(None)
    grid = every_profile(score(a))
    # Built-in case (scores checked above against score()): the security lens puts the
    # baseline's neighbours in other tiers than the economic-diplomatic lens.
    split = grid.split()
    for s in range(len(grid.scenario_ids)):
        same = len(set(grid.tier_index[1:, s])) == 1 and len(set(grid.ranks[1:, s])) == 1
        assert (s in split) == (not same)
    assert split  # the profiles of the built-in case do disagree


def test_json_names_every_profile_and_scenario(assessment):
    r = score(assessment)
    out = every_profile(r).to_json()
    assert [row["profile"] for row in out["profiles"]] == [None, *assessment.profile_ids]
    assert out["profiles"][0]["as_set"] is True
    for row in out["profiles"]:
        assert set(row["scenarios"]) == set(r.scenario_ids)
        assert {v["tier"] for v in row["scenarios"].values()} <= {t.id for t in assessment.tiers}
