"""`when_no_evidence: unknown` is drawn uniformly over the indicator's whole scale, by every
sampler (Monte Carlo, SMAA, the collection priorities, batches), from the same uniforms the
triangle uses: a triangular cell's draws do not change.

Built on tests/data/other_pair.yaml, where `joint_exercises_24m` (linear 0→4 on its scale) has
no evidence; here it says `unknown`.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from engine import kernel
from engine.arrays import Compiled, raw_ranges, raw_ranges_shaped
from engine.montecarlo import ValueSampler
from engine.robust import smaa
from engine.score import score
from scenarios.loader import load_assessment
from tests.paths import DATA

SOURCE = (DATA / "other_pair.yaml").read_text(encoding="utf-8")
TARGET = "joint_exercises_24m"
OLD = "    from_evidence: {rule: sum, window_days: 730}\n    when_no_evidence: 0\n"


def _load(tmp_path, default: str):
    assert OLD in SOURCE
    path = tmp_path / "uniform_pair.yaml"
    path.write_text(SOURCE.replace(OLD, OLD.replace(": 0\n", f": {default}\n")), "utf-8")
    return load_assessment(path)


@pytest.fixture
def unknown(tmp_path):
    return _load(tmp_path, "unknown")


def _cell(a):
    ids = [s.id for s in a.scenarios]
    ranges, uniform = raw_ranges_shaped(a, ids, None)
    return ids, ranges, uniform, [i.id for i in a.indicators].index(TARGET)


def test_only_unknown_cells_are_uniform(unknown, tmp_path):
    ids, ranges, uniform, k = _cell(unknown)
    assert uniform.any()
    # every uniform cell is the unknown indicator, over its whole scale
    assert set(np.flatnonzero(uniform.any(axis=0))) == {k}
    for s in np.flatnonzero(uniform[:, k]):
        assert ranges[:, s, k].tolist() == [0.0, 2.0, 4.0]
    assert np.array_equal(raw_ranges(unknown, ids, None), ranges)
    # an explicit {low, likely, high} stays a triangle
    stated = _load(tmp_path, "{low: 0, likely: 10, high: 40}")
    assert not _cell(stated)[2].any()
    r = score(unknown, samples=0)
    assert r.uniform is not None and r.uniform[r.scenario_ids.index("baseline"), k]


def test_kernel_uniform_is_uniform_and_leaves_triangles_alone():
    u = np.random.default_rng(7).random((20_000, 2))
    low, mode, high = np.array([0.0, 1.0]), np.array([2.0, 1.5]), np.array([4.0, 5.0])
    mask = np.array([True, False])
    draws = kernel.triangular(u, low, mode, high, mask)
    plain = kernel.triangular(u, low, mode, high)
    assert np.array_equal(draws[:, 1], plain[:, 1])  # the triangular cell, bit for bit
    assert np.array_equal(kernel.triangular(u, low, mode, high, np.zeros(2, bool)), plain)
    assert stats.kstest(draws[:, 0], stats.uniform(loc=0, scale=4).cdf).pvalue > 0.01
    # the same cell as a triangle is visibly not uniform
    assert stats.kstest(plain[:, 0], stats.uniform(loc=0, scale=4).cdf).pvalue < 1e-6


def test_every_sampler_draws_the_unknown_cell_uniformly(unknown):
    ids, ranges, uniform, k = _cell(unknown)
    s = ids.index("baseline")
    compiled = Compiled.of(unknown)
    u = np.random.default_rng(11).random((8_000, *uniform.shape))
    fused = ValueSampler(ranges, compiled.intensities, uniform)
    assert fused.fused
    x = fused.intensities(u)
    # the planned path is bit for bit the plain one: triangle or uniform per cell
    plain = compiled.intensities(kernel.triangular(u, *ranges, uniform))
    assert np.array_equal(x, plain)
    # linear 0→4: the intensity of a uniform raw value is uniform on [0, 1]
    assert stats.kstest(x[:, s, k], "uniform").pvalue > 0.01
    # triangular cells as without the mask
    tri = ValueSampler(ranges, compiled.intensities).intensities(u)
    others = ~uniform
    assert np.array_equal(x[:, others], tri[:, others])
    # SMAA's raw draws (the block streams of montecarlo)
    blocks = next(smaa.chunks(5, 8_192, 8_192))
    raw, _ = smaa.draw(
        blocks, ranges, lambda rng, n: np.ones((n, len(compiled.indicator_ids))), uniform
    )
    assert stats.kstest(raw[:, s, k], stats.uniform(loc=0, scale=4).cdf).pvalue > 0.01


def test_score_and_priorities_use_the_uniform(unknown):
    from engine import robust

    r = score(unknown, samples=4_000, seed=3)
    assert r.uncertainty is not None
    st = robust.prepare(unknown, r.request)
    assert st.base.uniform is not None and st.base.uniform.any()
