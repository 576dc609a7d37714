"""Sensitivity: stability intervals against brute-force sweeps (closed form and root finder),
slider-unit intervals against the real scoring path, tornado swings recomputed one by one,
Sobol indices against a hand computation, diagnostics by hand, and `taqdir sensitivity`."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import kernel
from engine import robust as robustness
from engine.robust import crossings as stab
from engine.robust import diagnostics, sensitivity
from engine.score import score
from indicators.errors import InputError
from scenarios.loader import load_assessment
from scenarios.model import Assessment
from tests.engine.cli.test_arabic_messages import assert_arabic

GRID = 20_001
STEP = 1.0 / (GRID - 1)


def _items(st):
    b = st.base
    e = np.vstack([st.composition, np.eye(len(b.indicator_ids))])
    t0, r, ok = stab.directions(b.weights, e)
    return e, r, t0, ok


def _sweep(st, e, r, t0, focus=None):
    """Brute force: score a fine grid of t, find where tiers and the top first change."""
    ts = np.linspace(0.0, 1.0, GRID)
    x = st.base.intensities
    scores = st.scorer(x, ts[:, None] * e + (1 - ts[:, None]) * r)  # (G, S)
    now = st.scorer(x, (t0 * e + (1 - t0) * r)[None, :])[0]
    mask = np.zeros(x.shape[0], bool)
    mask[list(range(x.shape[0])) if focus is None else focus] = True
    tier_same = (st.tier_of(scores) == st.tier_of(now))[:, mask].all(axis=1)
    best = int(np.argmax(now))
    top_same = kernel.ranks(scores)[:, best] == 1

    def edges(same):
        i0 = round(t0 / STEP)
        lo = hi = None
        below = np.flatnonzero(~same[: i0 + 1])
        above = np.flatnonzero(~same[i0:])
        lo = 0.0 if not len(below) else ts[below[-1]] + STEP / 2
        hi = 1.0 if not len(above) else ts[i0 + above[0]] - STEP / 2
        return lo, hi

    return edges(tier_same), edges(top_same)


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "topsis"])
def test_stability_matches_brute_force(method):
    st = robustness.prepare(load_assessment(None), method=method)
    e, r, t0, ok = _items(st)
    rows = robustness.stability(st).rows
    for j, row in enumerate(rows):
        assert ok[j] and row is not None
        (tlo, thi), (plo, phi) = _sweep(st, e[j], r[j], t0[j])
        assert row.weight == pytest.approx(t0[j])
        assert row.tier_lo == pytest.approx(tlo, abs=STEP) and row.tier_hi == pytest.approx(
            thi, abs=STEP
        )
        assert row.top_lo == pytest.approx(plo, abs=STEP) and row.top_hi == pytest.approx(
            phi, abs=STEP
        )
        for change, t_end in ((row.tier_below, tlo), (row.tier_above, thi)):
            assert (change is None) == (t_end in (0.0, 1.0))


def test_stability_for_one_scenario_and_a_relative_method():
    st = robustness.prepare(load_assessment(None), method="arithmetic")
    e, r, t0, _ = _items(st)
    s = st.baseline()
    rows = robustness.stability(st, [st.ids[s]]).rows
    anyone = robustness.stability(st).rows
    for j, row in enumerate(rows):
        (tlo, thi), _ = _sweep(st, e[j], r[j], t0[j], focus=[s])
        assert row.tier_lo == pytest.approx(tlo, abs=STEP) and row.tier_hi == pytest.approx(
            thi, abs=STEP
        )
        assert row.tier_lo <= anyone[j].tier_lo and row.tier_hi >= anyone[j].tier_hi
    rel = robustness.prepare(load_assessment(None), method="vikor")
    for j, row in enumerate(robustness.stability(rel).rows):
        assert row.tier_lo is None
        _, (plo, phi) = _sweep(rel, e[j], r[j], t0[j])
        assert row.top_lo == pytest.approx(plo, abs=STEP) and row.top_hi == pytest.approx(
            phi, abs=STEP
        )


def test_closed_form_equals_root_finder():
    st = robustness.prepare(load_assessment(None))
    e, _, _, _ = _items(st)
    b = st.base
    exact = stab.stability(b.intensities, b.weights, e, "arithmetic", st.thresholds)
    found = stab.stability(
        b.intensities, b.weights, e, "arithmetic", st.thresholds,
        score_fn=lambda x, w: kernel.aggregate(x, w),
    )  # fmt: skip
    for a, c in zip(exact, found, strict=True):
        for name in ("tier_lo", "tier_hi", "top_lo", "top_hi"):
            assert getattr(a, name) == pytest.approx(getattr(c, name), abs=1e-9)
        assert a.tier_above == c.tier_above or a.tier_above.at == pytest.approx(c.tier_above.at)


def test_geometric_crossings_in_closed_form():
    # log(score/100) = t·Σe·log x + (1 − t)·Σr·log x is linear in t: the crossing of a tier
    # threshold θ is t = (log(θ/100) − B) / (A − B) (by hand), which brentq must find.
    st = robustness.prepare(load_assessment(None), method="geometric")
    e, r, _, _ = _items(st)
    logs = np.log(np.maximum(st.base.intensities, kernel.GEOMETRIC_FLOOR))
    for j, row in enumerate(robustness.stability(st).rows):
        for change in (row.tier_below, row.tier_above):
            if change is None:
                continue
            s = change.scenario
            a_, b_ = logs[s] @ e[j], logs[s] @ r[j]
            theta = st.thresholds[max(change.before, change.after) - 1]
            assert change.at == pytest.approx((math.log(theta / 100) - b_) / (a_ - b_), abs=1e-9)


def test_slider_intervals_against_the_scoring_path():
    a = load_assessment(None)
    st = robustness.prepare(a)
    base = st.tier_of(st.scores)

    def moved(wid, value):
        return bool((score(a, set_weights={wid[2:]: value}).tier_index != base).any())

    sliders = robustness.slider_stability(st)
    assert set(sliders) == {f"f:{f}" for f in st.base.family_ids} | {
        f"i:{k}" for k in st.base.indicator_ids
    }
    for wid, s in sliders.items():
        assert s.value == 1.0
        if s.below is not None:
            assert not moved(wid, s.lo * 1.001) and moved(wid, s.lo * 0.999)
        else:
            assert not moved(wid, 0.0)
        if s.above is not None:
            assert not moved(wid, s.hi * 0.999) and moved(wid, s.hi * 1.001)


def test_tornado_recomputed_one_by_one():
    a = load_assessment(None)
    st = robustness.prepare(a)
    tor = sensitivity.tornado(st, step=0.05)
    b = st.base
    low, likely, high = b.raw
    for s in range(len(st.ids)):
        for k in range(len(b.indicator_ids)):
            for end, got in ((low, tor.value_low), (high, tor.value_high)):
                raw = likely.copy()
                raw[s, k] = end[s, k]
                want = kernel.aggregate(b.compiled.intensities(raw), b.weights)[s]
                assert got[s, k] == pytest.approx(want, abs=1e-9)
    # A family weight moved to t: the raw weight v with v / (v + others) = t, through score().
    fam = list(b.family_ids)
    for j, f in enumerate(fam):
        for side in (0, 1):
            t = tor.weight_at[j, side]
            v = t * (len(fam) - 1) / (1 - t)  # the others' raw weights sum to 3
            want = score(a, set_weights={f: v}).scores
            np.testing.assert_allclose(tor.weight_scores[j, side], want, atol=1e-9)
    bars = tor.bars(st.baseline())
    swings = [bar["swing"] for bar in bars]
    assert swings == sorted(swings, reverse=True)
    assert {bar["kind"] for bar in bars} == {"value", "family weight", "indicator weight"}


def _sobol_case(tiny) -> Assessment:
    tiny["indicators"][0]["transform"] = {"kind": "linear", "low": 0, "high": 10, "max": 100}
    tiny["scenarios"][1]["values"] = {
        "meetings": {"low": 2, "likely": 4, "high": 6},
        "level": {"low": "none", "likely": "low", "high": "high"},
        "troops": 99,
    }
    return Assessment.model_validate(tiny)


def test_sobol_against_a_hand_computation(tiny):
    # Scenario `deeper`, weights (0.25, 0.25, 0.5) held (step 1e-6). score = 100·(0.25·m/10 +
    # 0.25·pos/2 + 0.5·x_troops), additive, so first = total order. Triangular variances
    # (a² + b² + c² − ab − ac − bc)/18: meetings (2, 4, 6) 2/3 → Var(m/10) = 1/150;
    # level positions (0, 1, 2) 1/6 → Var(pos/2) = 1/24. Contributions 100²·0.0625·Var:
    # 4.1667 and 26.0417, total 30.208: S_meetings = 0.1379, S_level = 0.8621.
    st = robustness.prepare(_sobol_case(tiny))
    res = sensitivity.sobol(st, [1], step=1e-6, n=8192, seed=3).results[0]
    idx = {iid: (f, t) for (_, iid), f, t in zip(res.inputs, res.first, res.total, strict=True)}
    assert idx["meetings"][0] == pytest.approx(0.1379, abs=0.03)
    assert idx["level"][0] == pytest.approx(0.8621, abs=0.03)
    assert idx["level"][1] == pytest.approx(0.8621, abs=0.03)
    assert abs(idx["talks"][1]) < 0.01 and abs(idx["arms"][1]) < 0.01
    assert res.variance == pytest.approx(30.208, rel=0.06)


def test_sobol_json_lists_inputs_by_total():
    st = robustness.prepare(load_assessment(None))
    data = sensitivity.sobol(st, [0], n=512, seed=1).to_json()
    totals = [row["total"] for row in data["results"][0]["indices"]]
    assert totals == sorted(totals, reverse=True)
    assert data["base_samples"] == 512 and data["seed"] == 1


# --- diagnostics ----------------------------------------------------------------------------


def test_diagnosticity_by_hand(tiny):
    # tiny: meetings 0.5 vs 1 (w 0.25 → 12.5 points), level 0 vs 1 (25 points), troops the
    # same in both scenarios (deeper extends the baseline): non-diagnostic.
    st = robustness.prepare(Assessment.model_validate(tiny))
    rows = {r["indicator"]: r for r in diagnostics.diagnosticity(st)}
    assert rows["level"]["spread_points"] == pytest.approx(25.0)
    assert rows["meetings"]["spread_points"] == pytest.approx(12.5)
    assert not rows["troops"]["diagnostic"] and rows["level"]["diagnostic"]
    assert [r["indicator"] for r in diagnostics.diagnosticity(st)] == [
        "level",
        "meetings",
        "troops",
    ]


def test_collection_priorities_by_hand(tiny):
    # Baseline: meetings 2 (A1, certain), level none, troops triangular(9, 99, 999), weights
    # fixed. Score 12.5 + 50·log(1 + v)/log(1000) ≥ 50 iff v ≥ 1000^0.75 − 1 = 176.83, so
    # P(high) = (999 − 176.83)² / (990 · 900) = 0.7587. Troops at its low end (9) gives 29.2:
    # P(high) = 0, a move of 0.7587; at its high end (999) 62.5: a move of 0.2413.
    st = robustness.prepare(Assessment.model_validate(tiny))
    model = robustness.weight_model(st, "profile", math.inf)
    p0, prio, _ = diagnostics.collection_priorities(st, model, 0, samples=20_000, seed=4)
    assert p0[1] == pytest.approx(0.7587, abs=0.012)
    assert [p.indicator for p in prio] == ["troops"]  # the only uncertain value
    assert prio[0].move_low == pytest.approx(0.7587, abs=0.012)
    assert prio[0].move_high == pytest.approx(0.2413, abs=0.012)
    np.testing.assert_allclose(prio[0].p_low, [1.0, 0.0])


def test_leave_one_out_by_hand(tiny):
    # Tiers split at 40: the baseline (45.83) is high. Without ev1 meetings fall to 0
    # (−12.5 → 33.3, low); without ev2 troops fall to 0 (−33.3 → 12.5, low). deeper sets its
    # own meetings, so only ev2 moves it (83.3 → 50.0, still high).
    tiny["tiers"][0]["max"] = 40
    tiny["tiers"][1]["min"] = 40
    st = robustness.prepare(Assessment.model_validate(tiny))
    rows = {r["evidence"]: r for r in diagnostics.leave_one_out(st)}
    assert rows["ev1"]["score_change"]["baseline"] == pytest.approx(-12.5)
    assert rows["ev1"]["score_change"]["deeper"] == pytest.approx(0.0)
    assert rows["ev2"]["score_change"]["baseline"] == pytest.approx(-100 / 3)
    assert rows["ev2"]["score_change"]["deeper"] == pytest.approx(-100 / 3)
    for ev in ("ev1", "ev2"):
        assert rows[ev]["tier_changes"] == [{"scenario": "baseline", "from": "high", "to": "low"}]
    report = diagnostics.report(st, robustness.weight_model(st), 0, samples=2_000, seed=1)
    assert sorted(report["leave_one_out"]["changes_focus_tier"]) == ["ev1", "ev2"]


def test_diagnostics_need_tiers():
    st = robustness.prepare(load_assessment(None), method="wsm_minmax")
    with pytest.raises(InputError, match="needs tiers"):
        diagnostics.leave_one_out(st)


# --- the command --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["stability", "tornado", "sobol", "smaa", "diagnostics"])
def test_cli_every_kind_as_json(cli, kind):
    samples = kind in ("sobol", "smaa", "diagnostics")
    sampled = ["--samples", "1024", "--seed", "1"] if samples else []
    run = cli("sensitivity", "--kind", kind, *sampled, "--format", "json")
    assert run.code == 0, run.err
    data = run.json()
    assert data["kind"] == kind and data["method"] == "arithmetic"
    assert data["assessment"]["id"] == "belarus-east-libya-2025"


def test_cli_stability_json_equals_the_engine(cli):
    data = cli("sensitivity", "--format", "json").json()
    st = robustness.prepare(load_assessment(None))
    assert data == robustness.stability(st).to_json()  # same numbers, same shape
    visits = data["items"][0]
    assert visits["id"] == "visits" and visits["weight"] == 0.25
    assert visits["tier_change_above"]["scenario"] == "rollback_under_pressure"


def test_cli_focus_and_tables(cli):
    run = cli("sensitivity", "-k", "tornado", "-s", "military_alliance", "--format", "json")
    assert [r["scenario"] for r in run.json()["results"]] == ["military_alliance"]
    table = cli("sensitivity", "--lang", "ar")
    assert table.code == 0 and "زيارات رفيعة المستوى" in table.out
    for kind in ("tornado", "sobol", "diagnostics"):
        sampled = ["--samples", "512", "--seed", "2"] if kind != "tornado" else []
        run = cli("sensitivity", "-k", kind, *sampled)
        assert run.code == 0 and "Baseline" in run.out, run.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "shap"], "stability, tornado, sobol, smaa, diagnostics"),
        (["--scenario", "nope"], "no scenario 'nope'"),
        (["-k", "tornado", "--step", "1.5"], "--step 1.5"),
        (["-k", "diagnostics", "-m", "vikor"], "needs tiers"),
        (["-m", "electre"], "unknown method 'electre'"),
        (["-k", "smaa", "--weight-model", "nowhere.yaml"], "choose profile or uniform"),
    ],
)
def test_cli_bad_input_exits_2(cli, args, message):
    run = cli("sensitivity", *args)
    assert run.code == 2
    assert message in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "topsis", "vikor"])
def test_an_item_holding_all_the_weight_has_no_interval(tiny, method):
    # Profile talks 1, arms 0: the talks family holds all the weight, so there is nothing to
    # rescale when it moves (reported, not an error); arms, at 0, can rise to the first change.
    tiny["profiles"][0]["families"] = {"talks": 1, "arms": 0}
    st = robustness.prepare(Assessment.model_validate(tiny), method=method)
    items = robustness.stability(st).to_json()["items"]
    assert items[0] == {"level": "family", "id": "talks", "weight": 1.0, "note": "holds all weight"}
    assert items[1]["weight"] == 0.0 and items[1]["top_interval"][0] == 0.0
    if method == "arithmetic":
        # Baseline 100·(0.5·(1 − t)·0.5 + t·2/3) crosses 50 at t = 0.25/(2/3 − 0.25) = 0.6.
        assert items[1]["tier_interval"] == pytest.approx([0.0, 0.6])
    assert "f:talks" not in robustness.slider_stability(st)


@pytest.mark.parametrize(
    ("args", "option", "kinds"),
    [
        (["-k", "tornado", "--weight-model", "uniform"], "--weight-model", "smaa, diagnostics"),
        (["--seed", "3"], "--seed", "sobol, smaa, diagnostics"),  # stability samples nothing
        (["-k", "smaa", "-s", "baseline"], "--scenario", "stability, tornado, sobol, diagnostics"),
        (["-k", "smaa", "--step", "0.2"], "--step", "tornado, sobol"),
        (["-k", "sobol", "--yardstick", "phia"], "--yardstick", "smaa"),
    ],
)
def test_an_option_the_kind_does_not_read_is_refused_not_ignored(cli, args, option, kinds):
    run = cli("sensitivity", *args)
    assert run.code == 2, run.out
    assert f"{option} does not apply to --kind" in run.err and kinds in run.err
    arabic = cli("sensitivity", *args, "--lang", "ar")
    assert arabic.code == 2 and "لا ينطبق على" in arabic.err
    assert_arabic(arabic.err.split("خطأ:", 1)[1])


def test_an_option_left_at_its_default_by_omission_is_not_refused(cli):
    assert cli("sensitivity", "-k", "tornado", "--format", "json").code == 0
