"""The batch engine: variants generated lazily and exactly, rows that agree with `taqdir score`,
ranks, summary, sampling, and tipping points known by hand on the tiny case."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import kernel
from engine.runs.export import read_rows
from engine.runs.plan import build_plan, evaluate_chunk, point_scores
from engine.runs.ranking import scan
from engine.runs.runner import start
from engine.runs.store import Store
from engine.runs.tipping import tipping_points
from engine.runs.variants import generate
from engine.score import score
from scenarios.batch import LoadedBatch
from tests.batch_helpers import MIXED, loaded

LEVELS = {"level": ["none", "low", "high"]}


def rows_of(lb: LoadedBatch, tmp_path):  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "home")
    outcome = start(lb, store=store)
    files = store.chunk_files(outcome.run.id)
    meta = outcome.run.info
    return read_rows(files, meta, scan(files, meta)), outcome


def test_included_scenarios_score_exactly_as_taqdir_score(tiny, tmp_path):
    lb = loaded(
        tiny, scenarios=["baseline", "deeper"], methods=["arithmetic", "geometric", "topsis"]
    )
    table, _ = rows_of(lb, tmp_path)
    for m in ("arithmetic", "geometric", "topsis"):
        expected = score(lb.assessment, method=m)
        got = table.filter(np.array(table.column("method").to_pylist()) == m)
        assert got.column("score").to_pylist() == expected.scores.tolist()
        assert got.column("tier").to_pylist() == expected.tier_ids
        assert got.column("rank").to_pylist() == expected.ranks.tolist()


def test_grid_is_the_cartesian_product_in_id_order(tiny):
    plan = build_plan(loaded(tiny, sweeps=[MIXED[0]]))
    block = generate(plan.segments, plan.bases, 0, plan.total)
    meetings, level = block.raw[1][:, 0], block.raw[1][:, 1]
    assert plan.total == 8
    assert list(zip(meetings, level, strict=True)) == [
        (m, lv)
        for m in (0, 1, 2, 3)
        for lv in (0, 2)  # last axis fastest
    ]
    # Swept values are exact; the rest keep the base scenario's range (troops 9–99–999).
    assert (block.raw[0][:, :2] == block.raw[2][:, :2]).all()
    assert (block.raw[:, :, 2] == np.array([[9], [99], [999]])).all()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(0, 74), min_size=1, max_size=6))
def test_any_slice_of_variants_equals_the_same_slice_of_all(tiny, cuts):
    """Lazy generation: variants [a, b) do not depend on how the id range is cut.
    (The `tiny` fixture is only read, so sharing it between examples is safe.)"""
    plan = build_plan(loaded(tiny, scenarios=["deeper"], sweeps=MIXED))
    assert plan.total == 1 + 8 + 37 + 29
    whole = generate(plan.segments, plan.bases, 0, plan.total).raw
    edges = sorted({0, plan.total, *cuts})
    parts = [generate(plan.segments, plan.bases, a, b).raw for a, b in itertools.pairwise(edges)]
    assert np.array_equal(np.concatenate(parts, axis=1), whole)


def test_random_designs_fill_their_ranges(tiny):
    plan = build_plan(loaded(tiny, sweeps=MIXED[1:], seed=4))
    raw = generate(plan.segments, plan.bases, 0, plan.total).raw[1]
    troops = raw[:37, 2]
    assert troops.min() >= 0 and troops.max() <= 999
    meetings, level = raw[37:, 0], raw[37:, 1]
    # Latin hypercube: each of the n equal strata of [0, 8) holds exactly one point.
    assert sorted(np.floor(meetings / 8 * 29).astype(int).tolist()) == list(range(29))
    # An ordinal range takes whole levels, each about equally often.
    assert set(level.tolist()) == {0.0, 1.0, 2.0}
    # Another seed, another design; the same seed, the same one.
    other = build_plan(loaded(tiny, sweeps=MIXED[1:], seed=5))
    again = build_plan(loaded(tiny, sweeps=MIXED[1:], seed=4))
    assert not np.array_equal(generate(other.segments, other.bases, 0, 66).raw, raw[None])
    assert np.array_equal(generate(again.segments, again.bases, 0, 66).raw[1], raw)


def test_ranks_summary_and_extremes_agree_with_the_rows(tiny, tmp_path):
    lb = loaded(
        tiny, scenarios=["baseline"], sweeps=MIXED, chunk=7, methods=["arithmetic", "topsis"]
    )
    table, outcome = rows_of(lb, tmp_path)
    assert outcome.run.chunks == math.ceil(75 / 7) and table.num_rows == 75 * 2
    s = outcome.summary
    for g, method in enumerate(("arithmetic", "topsis")):
        part = table.filter(np.array(table.column("method").to_pylist()) == method)
        scores = np.array(part.column("score").to_pylist())
        assert part.column("rank").to_pylist() == kernel.ranks(scores).tolist()
        tiers = part.column("tier").to_pylist()
        assert s["distribution"][g]["counts"] == {t: tiers.count(t) for t in ("low", "high")}
        best = s["highest"][g]["variants"][0]
        assert best["score"] == scores.max()
        assert best["variant"] == int(np.flatnonzero(scores == scores.max())[0])
        assert s["lowest"][g]["variants"][0]["score"] == scores.min()


def test_sampled_rows_are_coherent_and_seeded(tiny, tmp_path):
    body = {"scenarios": ["baseline", "deeper"], "sweeps": MIXED[:1], "samples": 500, "chunk": 3}
    table, _ = rows_of(loaded(tiny, **body, seed=1), tmp_path / "a")
    p = np.column_stack([table.column(f"p_tier.{t}").to_numpy() for t in ("low", "high")])
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    p05, p50, p95 = (table.column(c).to_numpy() for c in ("p05", "p50", "p95"))
    assert (p05 <= p50).all() and (p50 <= p95).all()
    again, _ = rows_of(loaded(tiny, **body, seed=1), tmp_path / "b")
    other, _ = rows_of(loaded(tiny, **body, seed=2), tmp_path / "c")
    assert again.column("mean").to_pylist() == table.column("mean").to_pylist()
    assert other.column("mean").to_pylist() != table.column("mean").to_pylist()


def test_certain_values_and_fixed_weights_sample_to_the_point_score(tiny, tmp_path):
    tiny["evidence"][1].update({"low": 99, "high": 99})  # troops certain
    body = {"sweeps": MIXED[:1], "samples": 50, "concentration": math.inf}
    table, _ = rows_of(loaded(tiny, **body), tmp_path)
    np.testing.assert_allclose(table.column("mean").to_numpy(), table.column("score").to_numpy())


# --- tipping points: known answers computed by hand -----------------------------------------
# Tiny case, profile `equal`: w = (meetings 0.25, level 0.25, troops 0.5); baseline meetings 2
# (intensity 2/4), level none (0), troops 99 (ln 100 / ln 1000 = 2/3); tiers low < 50 ≤ high.


def _flips(tiny, sweep, **extra):  # type: ignore[no-untyped-def]
    lb = loaded(tiny, sweeps=[{"id": "s", **sweep}], **extra)
    plan = build_plan(lb)
    (line,) = tipping_points(plan, LEVELS)
    return line


def test_tipping_meetings(tiny):
    # score(m) = 100·(0.25·m/4 + 0 + 0.5·2/3) = 6.25·m + 33.33 → 50 at m = (50/3)/6.25 = 8/3
    line = _flips(tiny, {"kind": "grid", "axes": {"meetings": {"from": 0, "to": 4, "num": 5}}})
    (flip,) = line.flips
    assert (flip.before, flip.after) == ("low", "high")
    assert flip.at == pytest.approx(8 / 3, abs=1e-12)
    assert (line.base_value, line.base_tier) == (2.0, "low")  # 45.83 at the baseline


def test_tipping_ordinal_level(tiny):
    # score = 100·(0.25·0.5 + 0.25·L + 0.5·2/3) = 45.83 + 25·L: none 45.83 (low), low 58.33 (high)
    line = _flips(tiny, {"kind": "grid", "axes": {"level": {"from": "none", "to": "high"}}})
    (flip,) = line.flips
    assert (flip.level, flip.at, flip.before, flip.after) == ("low", 1.0, "low", "high")


def test_tipping_log_indicator_from_a_random_sweep(tiny):
    # score = 12.5 + 50·x, x = ln(1+v)/ln 1000 → 50 at x = 0.75, v = 1000^0.75 − 1 = 176.83
    sweep = {"kind": "sobol", "n": 8, "ranges": {"troops": {"low": 0, "high": 999}}}
    (flip,) = _flips(tiny, sweep).flips
    assert flip.at == pytest.approx(1000**0.75 - 1, rel=1e-12)
    assert (flip.before, flip.after) == ("low", "high")


def test_tipping_negative_direction_flips_downwards(tiny):
    # troops weakening: score = 12.5 + 50·(1 − x) ≥ 50 while x ≤ 0.25, i.e. v ≤ 1000^0.25 − 1
    tiny["indicators"][2]["direction"] = "-"
    sweep = {"kind": "grid", "axes": {"troops": [0, 999]}}
    (flip,) = _flips(tiny, sweep).flips
    assert flip.at == pytest.approx(1000**0.25 - 1, rel=1e-12)
    assert (flip.before, flip.after) == ("high", "low")


def test_tipping_under_each_method_and_no_flip_when_weight_is_zero(tiny):
    tiny["profiles"].append(
        {"id": "no_arms", "name": {"en": "x", "ar": "س"}, "families": {"talks": 1, "arms": 0}}
    )
    lb = loaded(
        tiny,
        sweeps=[{"kind": "grid", "id": "s", "axes": {"troops": [0, 999]}}],
        methods=["arithmetic", "geometric", "topsis"],
    )
    lines = tipping_points(build_plan(lb), LEVELS)
    assert len(lines) == 3 * 2
    assert all(not line.flips for line in lines if line.profile == "no_arms")
    # Each reported flip is real: the score is on either side of the threshold around it.
    plan = build_plan(lb)
    for line in lines:
        for flip in line.flips:
            base = plan.bases[1, 0].copy()
            m = plan.methods.index(line.method)
            p = plan.profile_ids.index(line.profile)
            below, above = base.copy(), base.copy()
            below[2], above[2] = flip.at * (1 - 1e-9), flip.at * (1 + 1e-9)
            s = point_scores(plan, np.stack([below, above]))[m, p]
            assert s[0] < 50 <= s[1]


def test_chunk_arrays_have_one_entry_per_variant_and_groups_in_row_order(tiny):
    lb = loaded(tiny, sweeps=MIXED, samples=20, chunk=10, methods=["arithmetic", "topsis"])
    plan = build_plan(lb)
    cols = evaluate_chunk(plan, 3)
    assert cols["variant"].tolist() == list(range(30, 40))
    assert all(len(v) == 10 for v in cols.values())
    g, t = plan.groups, len(plan.tier_ids)
    assert g == 2 and cols["score"].shape == (10, g) and cols["p_tier"].shape == (10, g, t)
    block = generate(plan.segments, plan.bases, 30, 40)
    expected = point_scores(plan, block.likely)  # (M, P, n): profile, then method, per row
    assert np.array_equal(cols["score"], expected.transpose(2, 1, 0).reshape(10, g))


def test_scores_do_not_depend_on_the_scoring_block(tiny, monkeypatch):
    import engine.runs.plan

    plan = build_plan(loaded(tiny, sweeps=[MIXED[0], {**MIXED[1], "n": 3000}], chunk=2000))
    whole = evaluate_chunk(plan, 0)
    monkeypatch.setattr(engine.runs.plan, "BLOCK_BYTES", 1)  # blocks of 256 variants
    blocked = evaluate_chunk(plan, 0)
    assert blocked.keys() == whole.keys()
    assert all(np.array_equal(blocked[k], whole[k]) for k in whole)
