"""One scoring request (`engine.request.ScoringRequest`): built and validated once, immutable and
usable as a cache key, one encoding of the weights (a `--set-weight` change and the dashboard's
profile copy give the same request), scored exactly as the keyword form and the older flat-dict
reading scored, and one definition of the baseline shared by the CLI, the dashboard and the
robustness setting."""

from __future__ import annotations

import dataclasses
import functools
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import kernel
from engine.arrays import Compiled, profile_weights, raw_ranges
from engine.compare import side_from_assessment, timeline
from engine.request import ScoringRequest
from engine.robust import ALL_METHODS, prepare
from engine.score import score
from indicators.errors import InputError, UnknownNameError, WeightError
from scenarios.loader import load_assessment
from scenarios.model import Assessment

BUILTIN = load_assessment(None)
FAMILIES = [f.id for f in BUILTIN.families]
INDICATORS = [i.id for i in BUILTIN.indicators]


@pytest.fixture
def a(tiny) -> Assessment:
    return Assessment.model_validate(tiny)


@pytest.fixture
def first_is_not_baseline(tiny) -> Assessment:
    """The tiny case with its scenarios listed the other way round: the first scenario
    ("deeper") extends the one from the evidence ("baseline")."""
    tiny["scenarios"].reverse()
    return Assessment.model_validate(tiny)


# --- built and validated once ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"profile": "nosuch"},
            UnknownNameError,
            "no weighting profile 'nosuch' in assessment 'tiny'; profiles: equal "
            "(or give a profile file).",
        ),
        (
            {"method": "median"},
            UnknownNameError,
            "unknown method 'median'; choose one of arithmetic, geometric, topsis.",
        ),
        (
            {"scenarios": ["baseline", "nosuch"]},
            UnknownNameError,
            "no scenario 'nosuch' in assessment 'tiny'; scenarios: baseline, deeper.",
        ),
        (
            {"set_weights": {"armz": 1.0}},
            UnknownNameError,
            "--set-weight armz: no family or indicator is called 'armz'. Did you mean 'arms'? "
            "Families: talks, arms.",
        ),
        (
            {"set_weights": {"arms": -1.0}},
            WeightError,
            "weight arms=-1.0 must be a finite number ≥ 0 (0 leaves it out).",
        ),
        (
            {"set_weights": {"arms": float("nan")}},
            WeightError,
            "weight arms=nan must be a finite number ≥ 0 (0 leaves it out).",
        ),
        (
            {"set_weights": {"talks": 0, "arms": 0}},
            WeightError,
            "every weight is zero; at least one family needs a positive weight.",
        ),
        (
            {"set_weights": {"troops": 0}},
            WeightError,
            "family 'arms' has weight 1 but all its indicators have share 0; give one a "
            "positive share or the family 0.",
        ),
    ],
)
def test_build_raises_the_typed_errors_with_the_messages_scoring_gave(a, kwargs, error, message):
    with pytest.raises(error) as built:
        ScoringRequest.build(a, **kwargs)
    assert str(built.value) == message
    with pytest.raises(error) as scored:  # the keyword form builds the same request
        score(a, **kwargs)
    assert str(scored.value) == message


def test_relative_methods_only_where_they_are_allowed(a):
    with pytest.raises(UnknownNameError, match="choose one of arithmetic, geometric, topsis"):
        ScoringRequest.build(a, method="vikor")
    req = ScoringRequest.build(a, method="vikor", methods=ALL_METHODS)
    assert prepare(a, req).method == "vikor"
    with pytest.raises(UnknownNameError, match="unknown method 'vikor'"):
        score(a, req)  # taqdir's own scoring has no relative methods


def test_sampling_settings_are_checked(a):
    with pytest.raises(InputError, match="samples"):
        ScoringRequest.build(a, samples=-1)
    with pytest.raises(InputError, match="concentration"):
        ScoringRequest.build(a, concentration=0.0)
    with pytest.raises(InputError, match="concentration"):
        ScoringRequest.build(a, concentration=float("nan"))


def test_nothing_below_the_builder_resolves_names_again(a, monkeypatch):
    """Once built, the request is passed down unchanged: score, prepare, timeline and a
    comparison side work with every resolver disabled."""
    req = ScoringRequest.build(a, set_weights={"arms": 2.0}, as_of=date(2025, 5, 1))
    expected = score(a, req)

    def no(*args, **kwargs):
        raise AssertionError("resolved again below the builder")

    for name in ("resolve_profile", "resolve_method", "resolve_scenarios"):
        monkeypatch.setattr(f"engine.request.{name}", no)
    # `engine.compare.timeline` is the function on the face; its module is in sys.modules
    monkeypatch.setattr(sys.modules["engine.compare.timeline"], "resolve_scenarios", no)
    monkeypatch.setattr(ScoringRequest, "build", no)
    assert score(a, req).scores.tolist() == expected.scores.tolist()
    assert prepare(a, req).scores.tolist() == expected.scores.tolist()
    assert timeline(a, req).scenario_id == "baseline"
    assert side_from_assessment(a, req, label="x", source="x").scores.tolist() == (
        expected.scores.tolist()
    )


def test_request_and_keywords_do_not_mix(a):
    req = ScoringRequest.build(a)
    with pytest.raises(TypeError):
        score(a, req, method="geometric")
    with pytest.raises(TypeError):
        prepare(a, req, set_weights={"arms": 1.0})
    with pytest.raises(TypeError):
        timeline(a, req, profile="equal")
    with pytest.raises(TypeError):
        side_from_assessment(a, req, label="x", source="x", as_of=date(2025, 1, 1))


def test_a_request_belongs_to_its_assessment(a):
    req = ScoringRequest.build(a)
    with pytest.raises(ValueError, match="not built for assessment"):
        score(BUILTIN, req)


# --- immutable, plain-valued, a cache key ------------------------------------------------


def test_immutable(a):
    req = ScoringRequest.build(a, set_weights={"arms": 2.0})
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.method = "geometric"  # type: ignore[misc]
    with pytest.raises(Exception, match="frozen"):
        req.profile.id = "other"  # type: ignore[misc]


def test_the_request_owns_its_weights(a):
    """The dashboard's dicts (or any caller's) changing later does not change the request."""
    families = {"talks": 1.0, "arms": 3.0}
    req = ScoringRequest.build(
        a, profile=a.profile("equal").model_copy(update={"families": families})
    )
    families["arms"] = 0.0
    assert req.profile.families["arms"] == 3.0


def test_equal_requests_are_one_cache_key(a):
    one = ScoringRequest.build(a, set_weights={"arms": 2.0}, as_of=date(2025, 5, 1))
    two = ScoringRequest.build(a, profile="equal", set_weights={"arms": 2}, as_of=date(2025, 5, 1))
    other = ScoringRequest.build(a, set_weights={"arms": 2.5}, as_of=date(2025, 5, 1))
    assert one == two and hash(one) == hash(two)
    assert one != other
    assert len({one, two, other}) == 2

    calls = []

    @functools.lru_cache
    def cached(req: ScoringRequest) -> float:
        calls.append(req)
        return float(score(a, req).scores[0])

    assert cached(one) == cached(two)
    assert len(calls) == 1


def test_plain_values(a):
    req = ScoringRequest.build(a, scenarios=["deeper"], samples=100, seed=7)
    assert req.describe() == {
        "profile": "equal",
        "family_weights": {"talks": 1.0, "arms": 1.0},
        "shares": {"meetings": 1.0, "level": 1.0, "troops": 1.0},
        "method": "arithmetic",
        "as_of": "2025-06-01",
        "scenarios": ["deeper"],
        "samples": 100,
        "seed": 7,
        "concentration": 100.0,
    }


def test_a_sampling_request_reproduces_its_numbers(a):
    """Without a seed, `build` draws one once: the same request gives the same numbers."""
    req = ScoringRequest.build(a, samples=500)
    assert req.seed is not None
    one, two = score(a, req).uncertainty, score(a, req).uncertainty
    assert one is not None and two is not None
    assert one.p05.tolist() == two.p05.tolist()
    assert ScoringRequest.build(a, seed=5).seed is None  # no sampling, no seed


# --- one encoding of the weights ---------------------------------------------------------

weight = st.floats(min_value=0.0, max_value=8.0, allow_nan=False).map(lambda v: round(v, 2))
changes = st.dictionaries(st.sampled_from(FAMILIES + INDICATORS), weight, max_size=8)


def _usable(profile_id: str, set_weights: dict[str, float]) -> bool:
    try:
        profile_weights(BUILTIN, BUILTIN.profile(profile_id), set_weights)
    except WeightError:
        return False
    return True


@given(profile_id=st.sampled_from(BUILTIN.profile_ids), set_weights=changes)
def test_set_weight_path_equals_the_profile_copy_path(profile_id, set_weights):
    """`--set-weight` changes and the dashboard's sliders (a profile copy holding every family
    weight and share) are one encoding: the same request, the same weights, bit for bit."""
    if not _usable(profile_id, set_weights):
        return
    prof = BUILTIN.profile(profile_id)
    families = {f: set_weights.get(f, prof.families.get(f, 0.0)) for f in FAMILIES}
    shares = {k: set_weights.get(k, prof.indicators.get(k, 1.0)) for k in INDICATORS}
    copy = prof.model_copy(update={"families": families, "indicators": shares})
    by_changes = ScoringRequest.build(BUILTIN, profile=profile_id, set_weights=set_weights)
    by_copy = ScoringRequest.build(BUILTIN, profile=copy)
    assert by_changes == by_copy
    # ... and the flat dict the dashboard's views used to pass, read as before
    flat = {**shares, **families}
    by_flat = ScoringRequest.build(BUILTIN, profile=profile_id, set_weights=flat)
    assert by_flat == by_copy
    w_changes = by_changes.weights(BUILTIN)[0]
    assert w_changes.tolist() == by_copy.weights(BUILTIN)[0].tolist()
    assert w_changes.tolist() == profile_weights(BUILTIN, prof, set_weights)[0].tolist()


@given(
    profile_id=st.sampled_from(BUILTIN.profile_ids),
    method=st.sampled_from(kernel.METHODS),
    set_weights=changes,
    as_of=st.dates(date(2024, 1, 1), date(2026, 1, 1)),
    scenarios=st.lists(st.sampled_from(BUILTIN.scenario_ids), unique=True, max_size=3),
)
def test_scoring_a_request_equals_the_keyword_form_and_the_old_reading(
    profile_id, method, set_weights, as_of, scenarios
):
    if not _usable(profile_id, set_weights):
        return
    kwargs = {
        "profile": profile_id,
        "method": method,
        "set_weights": set_weights,
        "as_of": as_of,
        "scenarios": scenarios,
    }
    by_request = score(BUILTIN, ScoringRequest.build(BUILTIN, **kwargs))
    by_keywords = score(BUILTIN, **kwargs)
    assert by_request.to_json() == by_keywords.to_json()
    # The reading before the request existed: the flat dict applied inside profile_weights.
    w = profile_weights(BUILTIN, BUILTIN.profile(profile_id), set_weights)[0]
    ids = scenarios or BUILTIN.scenario_ids
    x = Compiled.of(BUILTIN).intensities(raw_ranges(BUILTIN, ids, as_of)[1])
    assert by_request.weights.tolist() == w.tolist()
    assert by_request.scores.tolist() == kernel.aggregate(x, w, method).tolist()
    assert list(by_request.scenario_ids) == ids


def test_sampled_scores_equal_the_keyword_form(a):
    kwargs = {"set_weights": {"arms": 3.0}, "samples": 3000, "seed": 11, "concentration": 50.0}
    by_request = score(a, ScoringRequest.build(a, **kwargs))
    assert by_request.to_json() == score(a, **kwargs).to_json()


def test_robustness_setting_and_timeline_take_the_request(a):
    kwargs = {"method": "geometric", "set_weights": {"arms": 3.0}}
    req = ScoringRequest.build(a, **kwargs)
    assert prepare(a, req).scores.tolist() == prepare(a, **kwargs).scores.tolist()
    one, two = timeline(a, req, step="1m"), timeline(a, step="1m", **kwargs)
    assert one.to_json() == two.to_json()
    assert one.end == req.as_of == a.as_of
    sampled = ScoringRequest.build(a, samples=200, seed=1, **kwargs)
    assert prepare(a, sampled).base.uncertainty is None  # the analyses sample their own


def test_a_timeline_follows_one_scenario(a):
    assert timeline(a, ScoringRequest.build(a, scenarios=["deeper"])).scenario_id == "deeper"
    with pytest.raises(InputError, match="one scenario"):
        timeline(a, ScoringRequest.build(a, scenarios=["baseline", "deeper"]))


# --- the baseline, defined once -----------------------------------------------------------


def test_the_builtin_baseline_is_its_first_scenario():
    """So the goldens made with "the first scenario" and "the first from the evidence" agree."""
    assert BUILTIN.baseline_id() == BUILTIN.scenario_ids[0] == "baseline"


@given(st.permutations(["baseline", "deeper"]), st.integers(1, 2))
def test_baseline_law(order, n):
    """The first `from_evidence` scenario among those in play, else the first of them."""
    from tests.conftest import TINY

    a = Assessment.model_validate(TINY)
    among = order[:n]
    evidence = [s for s in among if a.scenario(s).from_evidence]
    assert a.baseline_id(among) == (evidence[0] if evidence else among[0])


def test_cli_dashboard_and_setting_agree_on_the_baseline(first_is_not_baseline, write_yaml, cli):
    from dashboard.views.scores import headline_index

    a = first_is_not_baseline
    assert a.scenario_ids == ["deeper", "baseline"]
    assert a.baseline_id() == "baseline"
    st_ = prepare(a, ScoringRequest.build(a))
    assert st_.ids[st_.baseline()] == "baseline"
    r = score(a, ScoringRequest.build(a))
    assert r.scenario_ids[headline_index(r)] == "baseline"
    assert timeline(a, ScoringRequest.build(a)).scenario_id == "baseline"
    path = write_yaml(a.model_dump(mode="json", exclude_none=True))
    run = cli("timeline", path, "--format", "json")
    assert run.code == 0, run.err
    assert run.json()["scenario"] == "baseline"
    run = cli("sensitivity", path, "--kind", "diagnostics", "--format", "json", "--samples", "200")
    assert run.code == 0, run.err
    assert run.json()["focus"] == "baseline"


def test_cli_builds_one_request_per_command(a, write_yaml, cli, monkeypatch):
    """`score`, `sensitivity`, `timeline` and `compare` (once per side) build their request
    through the one helper, which builds it once."""
    built: list[ScoringRequest] = []
    original = ScoringRequest.build.__func__  # type: ignore[attr-defined]

    def counting(cls, *args, **kwargs):
        req = original(cls, *args, **kwargs)
        built.append(req)
        return req

    monkeypatch.setattr(ScoringRequest, "build", classmethod(counting))
    path = write_yaml(a.model_dump(mode="json", exclude_none=True))
    for args, expected in (
        (("score", path, "--set-weight", "arms=2"), 1),
        (("sensitivity", path, "--kind", "tornado", "--format", "json"), 1),
        (("timeline", path, "--format", "json"), 1),
        (("compare", path, path, "--a-as-of", "2025-03-01"), 2),
    ):
        built.clear()
        run = cli(*args)
        assert run.code == 0, run.err
        assert len(built) == expected, args
