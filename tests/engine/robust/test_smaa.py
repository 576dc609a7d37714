"""SMAA-2: the weight samplers' distributions (not only the scores), acceptabilities against
hand computations and against `score --samples`, memory bounded by the chunk, probabilities in
words, weight models from partial information, and `taqdir sensitivity --kind smaa`."""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as hs
from hypothesis.extra import numpy as hnp
from scipy import stats

from engine import kernel
from engine import robust as robustness
from engine.robust import simplex, smaa, words
from engine.score import score
from indicators.errors import InputError, UnknownNameError, WeightError
from scenarios.elicitation import WeightInfo
from scenarios.loader import load_assessment
from scenarios.model import Assessment


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- samplers -----------------------------------------------------------------------------


def test_uniform_simplex_tail_probability():
    # On the simplex of 3 weights P(w_i > t) = (1 − t)², and the events w_i > 0.6 exclude each
    # other, so P(some weight > 0.6) = 3 · 0.4² = 0.48 (by hand).
    w = simplex.uniform(rng(1), 400_000, 3)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert (w > 0.6).any(axis=1).mean() == pytest.approx(0.48, abs=0.004)
    # The biased way (uniform per weight, then normalise) gives about 0.22: the check above
    # would catch it.
    u = rng(1).random((400_000, 3))
    biased = u / u.sum(axis=1, keepdims=True)
    assert (biased > 0.6).any(axis=1).mean() == pytest.approx(0.22, abs=0.01)


@pytest.mark.parametrize("k", [2, 3, 5, 12])
def test_uniform_simplex_marginal_is_beta(k):
    # A coordinate of Dirichlet(1, …, 1) in k dimensions is Beta(1, k − 1).
    w = simplex.uniform(rng(k), 50_000, k)
    assert stats.kstest(w[:, 0], stats.beta(1, k - 1).cdf).pvalue > 1e-3
    assert stats.kstest(w[:, -1], stats.beta(1, k - 1).cdf).pvalue > 1e-3
    u = rng(k).random((50_000, k))
    if k > 2:  # the biased sampler fails the same test
        assert (
            stats.kstest((u / u.sum(1, keepdims=True))[:, 0], stats.beta(1, k - 1).cdf).pvalue
            < 1e-6
        )


def _reject(n: int, k: int, keep) -> np.ndarray:  # exact reference: uniform, then keep
    w = simplex.uniform(rng(99), n, k)
    return w[keep(w)]


def test_ranked_is_uniform_on_the_ordered_region():
    w = simplex.ranked(rng(2), 60_000, [[2], [0], [1]])  # w2 ≥ w0 ≥ w1
    assert (w[:, 2] >= w[:, 0]).all() and (w[:, 0] >= w[:, 1]).all()
    ref = _reject(360_000, 3, lambda v: (v[:, 2] >= v[:, 0]) & (v[:, 0] >= v[:, 1]))
    for i in range(3):
        assert stats.ks_2samp(w[:, i], ref[:, i]).pvalue > 1e-3


def test_ranked_ties_are_unordered_among_themselves():
    w = simplex.ranked(rng(3), 60_000, [[0], [1, 2], [3]])
    assert (w[:, 0] >= w[:, [1, 2]].max(axis=1)).all()
    assert (w[:, [1, 2]].min(axis=1) >= w[:, 3]).all()
    assert (w[:, 1] > w[:, 2]).mean() == pytest.approx(0.5, abs=0.01)
    ref = _reject(
        800_000,
        4,
        lambda v: (
            (v[:, 0] >= np.maximum(v[:, 1], v[:, 2])) & (np.minimum(v[:, 1], v[:, 2]) >= v[:, 3])
        ),
    )
    for i in range(4):
        assert stats.ks_2samp(w[:, i], ref[:, i]).pvalue > 1e-3
    with pytest.raises(WeightError):
        simplex.ranked(rng(), 10, [[0], [0, 1]])


def test_lower_bounds_give_a_shifted_simplex_exactly():
    lower = np.array([0.1, 0.2, 0.0, 0.1])
    w = simplex.bounded(rng(4), 50_000, lower, np.ones(4))
    assert (w >= lower - 1e-12).all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    # w = lower + 0.6 v with v uniform on the simplex: (w_i − l_i)/0.6 ~ Beta(1, 3).
    for i in range(4):
        assert stats.kstest((w[:, i] - lower[i]) / 0.6, stats.beta(1, 3).cdf).pvalue > 1e-3


def test_acceptance_rate_in_closed_form():
    lower = np.array([0.1, 0.0, 0.0, 0.0])
    upper = np.array([0.5, 0.3, 0.6, 1.0])
    v = simplex.uniform(rng(5), 400_000, 4)
    caps = (upper - lower) / 0.9
    assert simplex.acceptance(lower, upper) == pytest.approx((v <= caps).all(1).mean(), abs=0.003)
    assert simplex.acceptance(np.zeros(3), np.ones(3)) == 1.0


def test_interval_samplers_agree_and_satisfy_the_bounds():
    lower = np.array([0.1, 0.0, 0.0, 0.05])
    upper = np.array([0.5, 0.3, 0.6, 1.0])
    exact = simplex.bounded(rng(6), 30_000, lower, upper, "rejection")
    chain = simplex.bounded(rng(7), 30_000, lower, upper, "hit-and-run")
    for w in (exact, chain):
        assert (w >= lower - 1e-12).all() and (w <= upper + 1e-12).all()
        np.testing.assert_allclose(w.sum(axis=1), 1.0)
    for i in range(4):
        assert stats.ks_2samp(exact[:, i], chain[:, i]).pvalue > 1e-3


def test_tight_bounds_switch_to_hit_and_run():
    lower = np.zeros(6)
    upper = np.array([0.2, 0.2, 0.2, 0.2, 0.15, 0.1])  # sums to 1.05: a thin region
    assert simplex.acceptance(lower, upper) < simplex.MIN_ACCEPTANCE
    w = simplex.bounded(rng(8), 5_000, lower, upper)
    assert (w <= upper + 1e-12).all() and (w >= -1e-12).all()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert w[:, 0].std() > 0.005  # it moves, it is not stuck at the start


@pytest.mark.parametrize(
    ("lower", "upper", "message"),
    [([0.6, 0.5], [1, 1], "lower bounds add up"), ([0, 0], [0.3, 0.3], "upper bounds add up")],
)
def test_infeasible_bounds(lower, upper, message):
    with pytest.raises(WeightError, match=message):
        simplex.bounded(rng(), 10, np.array(lower, float), np.array(upper, float))


# --- acceptabilities ----------------------------------------------------------------------


def test_two_scenarios_by_hand():
    # A = (1, 0), B = (0, 1), no value uncertainty, weights uniform on the 2-simplex, i.e.
    # w1 ~ U(0, 1): A is first iff w1 > 1/2, so b = 1/2 each; A's central weights are
    # E[w | w1 > 1/2] = (3/4, 1/4), B's (1/4, 3/4); under its central weights each always
    # wins: confidence factors 1.
    ranges = np.broadcast_to(np.array([[1.0, 0.0], [0.0, 1.0]]), (3, 2, 2))
    acc = smaa.acceptability(
        ranges,
        lambda raw: raw,
        lambda g, n: simplex.uniform(g, n, 2),
        lambda x, w: kernel.aggregate(x, w),
        thresholds=np.array([50.0]),
        samples=200_000,
        seed=5,
    )
    np.testing.assert_allclose(acc.rank, [[0.5, 0.5], [0.5, 0.5]], atol=0.004)
    np.testing.assert_allclose(acc.central_weights, [[0.75, 0.25], [0.25, 0.75]], atol=0.003)
    np.testing.assert_allclose(acc.confidence, [1.0, 1.0])
    np.testing.assert_allclose(
        acc.tier, [[0.5, 0.5], [0.5, 0.5]], atol=0.004
    )  # score ≥ 50 iff w1 ≥ ½


def test_profile_model_reproduces_score_samples():
    a = load_assessment(None)
    st = robustness.prepare(a)
    model = robustness.weight_model(st, "profile", 100.0)
    res = robustness.acceptability(st, model, samples=9_000, seed=11)
    scored = score(a, samples=9_000, seed=11)
    np.testing.assert_array_equal(res.acc.tier, scored.uncertainty.tier_probabilities)
    np.testing.assert_array_equal(res.acc.rank, scored.uncertainty.rank_acceptability)


def test_compiled_passes_or_numpys_give_the_same_numbers(monkeypatch):
    """A short job in a process that has not compiled yet runs numpy's passes; every number
    equals the compiled passes' (profile and uniform weight models, tiers and confidence)."""
    from engine import value_kernel

    st = _setting()
    for name in ("profile", "uniform"):
        model = robustness.weight_model(st, name)
        monkeypatch.setattr(value_kernel, "_COMPILED", {})
        assert not value_kernel.use_compiled(9000)
        plain = robustness.acceptability(st, model, samples=9000, seed=4).acc
        assert not value_kernel._COMPILED  # numba was not needed
        monkeypatch.setattr(value_kernel, "COMPILE_FROM", 1)
        fast = robustness.acceptability(st, model, samples=9000, seed=4).acc
        assert value_kernel._COMPILED
        for key in ("rank", "tier", "central_weights", "confidence", "mean"):
            np.testing.assert_array_equal(getattr(plain, key), getattr(fast, key), err_msg=key)
        monkeypatch.undo()


def test_chunking_does_not_change_the_numbers():
    a = load_assessment(None)
    st = robustness.prepare(a)
    model = robustness.weight_model(st, "uniform")
    one = robustness.acceptability(st, model, samples=20_000, seed=3, chunk=4096)
    two = robustness.acceptability(st, model, samples=20_000, seed=3, chunk=65_536)
    for name in ("rank", "tier", "central_weights", "confidence", "mean"):
        np.testing.assert_allclose(getattr(one.acc, name), getattr(two.acc, name), rtol=1e-12)


def test_acceptabilities_are_distributions():
    a = load_assessment(None)
    st = robustness.prepare(a)
    acc = robustness.acceptability(
        st, robustness.weight_model(st, "uniform"), samples=20_000, seed=4
    ).acc
    np.testing.assert_allclose(acc.tier.sum(axis=1), 1.0)
    np.testing.assert_allclose(acc.rank.sum(axis=1), 1.0)  # no exact ties in continuous samples
    np.testing.assert_allclose(acc.rank.sum(axis=0), 1.0)
    first = ~np.isnan(acc.central_weights).any(axis=1)
    np.testing.assert_allclose(acc.central_weights[first].sum(axis=1), 1.0)
    assert (acc.first[~first] == 0).all() and np.isnan(acc.confidence[~first]).all()
    assert ((acc.confidence[first] >= 0) & (acc.confidence[first] <= 1)).all()


def test_memory_is_bounded_by_the_chunk():
    a = load_assessment(None)
    st = robustness.prepare(a)
    model = robustness.weight_model(st, "profile")

    def peak(samples: int) -> int:
        tracemalloc.start()
        robustness.acceptability(st, model, samples=samples, seed=1, chunk=8192)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(16_384), peak(131_072)
    assert large < 1.3 * small  # eight times the samples, about the same memory
    assert large < 80 * 2**20


def test_relative_method_has_ranks_but_no_tiers():
    a = load_assessment(None)
    st = robustness.prepare(a, method="topsis_vector")
    res = robustness.acceptability(
        st, robustness.weight_model(st, "uniform"), samples=5_000, seed=2
    )
    assert res.acc.tier is None
    data = res.to_json()
    assert data["tiers"] is None and "tier_acceptability" not in data["results"][0]
    np.testing.assert_allclose(res.acc.rank.sum(axis=1), 1.0)


@given(
    hnp.arrays(
        np.float64,
        hs.tuples(hs.integers(1, 50), hs.integers(1, 7)),
        elements=hs.sampled_from([0.0, 19.999, 20.0, 40.0, 55.5, 60.0, 100.0, 33.3]),
    )
)
@settings(max_examples=80, deadline=None)
def test_fast_ranks_and_tiers_equal_the_kernels(scores):
    # Scores drawn from a few values, so ties and scores on tier boundaries are common.
    np.testing.assert_array_equal(smaa.ranks(scores), kernel.ranks(scores))
    th = np.array([20.0, 40.0, 60.0, 80.0])
    np.testing.assert_array_equal(smaa.tiers(scores, th), kernel.tier_index(scores, th))


@given(
    hnp.arrays(
        np.float64,
        hs.tuples(hs.integers(1, 50), hs.integers(1, 7)),
        elements=hs.sampled_from([0.0, 19.999, 20.0, 40.0, 55.5, 60.0, 100.0, 33.3]),
    ),
    hs.sampled_from([None, [], [50.0], [20.0, 40.0, 60.0, 80.0]]),
    hs.booleans(),
)
@settings(max_examples=80, deadline=None)
def test_tally_counts_are_the_plain_counts(scores, thresholds, compiled):
    """The counting pass, compiled or numpy's: per scenario, how many samples hold each rank
    (`kernel.ranks`) and fall in each tier (`kernel.tier_index`), over two blocks."""
    n, s = scores.shape
    th = None if thresholds is None else np.asarray(thresholds, dtype=np.float64)
    tally = smaa.Tally(s, 2, th, compiled)
    w = np.full((n, 2), 0.5)
    tally.add(scores, w)
    tally.add(scores[::-1].copy(), w)
    r = kernel.ranks(scores)
    want = np.stack([(r == k + 1).sum(axis=0) for k in range(s)], axis=-1) * 2
    np.testing.assert_array_equal(tally.rank(), want / (2 * n))
    if th is None:
        assert tally.tier() is None
        return
    t = kernel.tier_index(scores, th)
    want = np.stack([(t == k).sum(axis=0) for k in range(len(th) + 1)], axis=-1) * 2
    np.testing.assert_array_equal(tally.tier(), want / (2 * n))


# --- weight models ------------------------------------------------------------------------


def _setting():
    return robustness.prepare(load_assessment(None))


def test_ranking_model_orders_family_weights():
    st = _setting()
    info = WeightInfo(ranking=["troops", ["visits", "consulate"], "agreements"])
    model = robustness.weight_model(st, info)
    w = model.sampler(st)(rng(1), 5_000)
    fam = st.base.compiled.family_totals(w)  # (n, F) in order visits, agreements, consulate, troops
    assert (fam[:, 3] >= fam[:, [0, 2]].max(axis=1) - 1e-12).all()
    assert (fam[:, [0, 2]].min(axis=1) >= fam[:, 1] - 1e-12).all()
    # Within a family the indicators keep the profile's shares.
    np.testing.assert_allclose(w[:, 0] / fam[:, 0], 1 / 3)
    assert model.to_json()["ranking"] == [["troops"], ["visits", "consulate"], ["agreements"]]


def test_interval_model_from_a_file(tmp_path):
    st = _setting()
    path = tmp_path / "info.yaml"
    path.write_text(yaml.safe_dump({"intervals": {"troops": [0.3, 0.5], "visits": [None, 0.2]}}))
    model = robustness.weight_model(st, str(path))
    fam = st.base.compiled.family_totals(model.sampler(st)(rng(2), 5_000))
    assert (fam[:, 3] >= 0.3 - 1e-12).all() and (fam[:, 3] <= 0.5 + 1e-12).all()
    assert (fam[:, 0] <= 0.2 + 1e-12).all()


def test_weight_model_errors(tmp_path):
    st = _setting()
    with pytest.raises(UnknownNameError, match="Did you mean 'troops'"):
        robustness.weight_model(st, WeightInfo(ranking=["tropps", "visits"]))
    with pytest.raises(InputError, match="leaves out"):
        robustness.weight_model(st, WeightInfo(ranking=["troops", "visits"]))
    with pytest.raises(WeightError, match="lower bounds add up"):
        robustness.weight_model(st, WeightInfo(intervals={"troops": [0.7, 1], "visits": [0.5, 1]}))
    with pytest.raises(InputError, match="choose profile or uniform"):
        robustness.weight_model(st, str(tmp_path / "missing.yaml"))


# --- words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "yardstick", "en", "gap"),
    [
        (0.02, "icd203", "almost no chance", False),
        (0.549, "icd203", "roughly even chance", False),
        (0.55, "icd203", "likely", False),  # a shared border takes the upper band
        (0.97, "icd203", "almost certain", False),
        (0.07, "phia", "remote chance", True),  # a gap: the nearer band, flagged
        (0.09, "phia", "highly unlikely", True),
        (0.6, "phia", "likely or probable", False),
        (1.0, "phia", "almost certain", False),
    ],
)
def test_probabilities_in_words(p, yardstick, en, gap):
    e = words.say(p, yardstick)
    assert (e.en, e.in_gap) == (en, gap)
    assert e.ar and e.ar != e.en


def test_yardsticks_cover_the_unit_interval_and_say_arabic_is_ours():
    data = words.yardsticks()
    assert [y.id for y in data.yardsticks] == ["icd203", "phia"]
    assert "own convention" in data.arabic_terms.en
    for p in np.linspace(0, 1, 201):
        for y in ("icd203", "phia"):
            assert words.say(float(p), y).en
    with pytest.raises(UnknownNameError):
        words.say(0.5, "nato")


def test_sentences_in_both_languages():
    a = load_assessment(None)
    st = robustness.prepare(a)
    res = robustness.acceptability(st, robustness.weight_model(st), samples=4_096, seed=1)
    s = st.baseline()
    assert res.sentence(s, "en").startswith("Baseline (the evidence): Institutional partnership is")
    assert "شراكة مؤسسية" in res.sentence(s, "ar") and "٪" in res.sentence(s, "ar")
    row = res.to_json()["results"][s]
    assert (
        row["likeliest_tier"]["words"]["en"] == words.say(row["likeliest_tier"]["probability"]).en
    )


# --- the command --------------------------------------------------------------------------


def test_cli_smaa_equals_score_samples(cli):
    run = cli(
        "sensitivity", "--kind", "smaa", "--samples", "5000", "--seed", "7", "--format", "json"
    )
    assert run.code == 0, run.err
    data = run.json()
    scored = cli("score", "--samples", "5000", "--seed", "7", "--format", "json").json()
    for row, ref in zip(data["results"], scored["results"], strict=True):
        assert row["tier_acceptability"] == ref["tier_probabilities"]
        assert row["rank_acceptability"] == ref["rank_acceptability"]
    assert data["weight_model"] == {
        "kind": "profile",
        "level": "indicators",
        "concentration": 100.0,
    }
    assert data["yardstick"]["id"] == "icd203"


def test_cli_smaa_uniform_phia_arabic_table(cli, tiny, write_yaml):
    path = write_yaml(tiny)
    run = cli(
        "sensitivity", path, "-k", "smaa", "--weight-model", "uniform", "--samples", "4096",
        "--seed", "1", "--yardstick", "phia", "--lang", "ar",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "مقياس الاحتمالات البريطاني" in run.out and "اصطلاحٌ خاص" in run.out
    bad = cli("sensitivity", path, "-k", "smaa", "--yardstick", "nato")
    assert bad.code == 2 and "icd203, phia" in bad.err


def test_cli_smaa_weight_model_file_errors(cli, tmp_path):
    info = tmp_path / "info.yaml"
    info.write_text("level: families\nranking: [troops, vists, consulate, agreements]\n")
    run = cli("sensitivity", "-k", "smaa", "--weight-model", info, "--samples", "100")
    assert run.code == 2 and "Did you mean 'visits'" in run.err
    info.write_text("level: families\nrankng: [troops]\n")
    run = cli("sensitivity", "-k", "smaa", "--weight-model", info)
    assert run.code == 2 and "line 2" in run.err and "Did you mean 'ranking'" in run.err


def test_tiny_case_smaa_has_known_bounds(tiny):
    # tiny with a certain troops report: deeper is at least as deep as the baseline on every
    # indicator and deeper on the level (high against none), so it ranks first in every
    # sample whatever the weights.
    del tiny["evidence"][1]["low"], tiny["evidence"][1]["high"]
    tiny["evidence"][1].update(reliability="A", credibility=1)
    a = Assessment.model_validate(tiny)
    st = robustness.prepare(a)
    acc = robustness.acceptability(
        st, robustness.weight_model(st, "uniform"), samples=8_192, seed=2
    ).acc
    assert acc.first.tolist() == [0.0, 1.0]
    assert list(itertools.chain(*acc.rank.tolist())) == [0.0, 1.0, 1.0, 0.0]


def test_yardstick_bands_must_increase_and_cover_0_to_1():
    from scenarios.yardstick import Yardstick

    band = {"words": {"en": "x", "ar": "س"}}
    good = {"id": "y", "name": {"en": "Y", "ar": "ي"}, "source": "s"}
    Yardstick.model_validate(
        good | {"bands": [band | {"min": 0, "max": 0.5}, band | {"min": 0.6, "max": 1}]}
    )
    with pytest.raises(ValueError, match="without overlapping"):
        Yardstick.model_validate(
            good | {"bands": [band | {"min": 0, "max": 0.6}, band | {"min": 0.5, "max": 1}]}
        )
    with pytest.raises(ValueError, match="cover 0 to 1"):
        Yardstick.model_validate(
            good | {"bands": [band | {"min": 0, "max": 0.5}, band | {"min": 0.5, "max": 0.9}]}
        )
