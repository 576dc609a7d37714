"""The planned value sampler (`montecarlo.ValueSampler`), with the compiled pass or numpy's
passes (`value_kernel`), gives bit for bit the intensities of the plain path
(`kernel.triangular` then `Compiled.intensities`), on the built-in case, on the unrelated
second assessment and on random ranges with constant, one-sided, two-sided and uniform cells;
the scores of `sample_scores` do not depend on the chunk."""

from __future__ import annotations

import numpy as np
import pytest

from engine import kernel, value_kernel
from engine.arrays import Compiled, raw_ranges
from engine.montecarlo import ValueSampler, sample_scores
from scenarios.loader import load_assessment
from tests.paths import DATA

CASES = [None, DATA / "other_pair.yaml"]


def plain(
    ranges: np.ndarray, compiled: Compiled, u: np.ndarray, uniform: np.ndarray | None = None
) -> np.ndarray:
    low, mode, high = ranges
    return compiled.intensities(kernel.triangular(u, low, mode, high, uniform))


@pytest.fixture(params=["compiled", "numpy"])
def planned(request, monkeypatch):
    """A planned sampler on the compiled pass, or on numpy's passes (what a short job in a
    process that has not compiled yet runs)."""

    def make(ranges, compiled, uniform=None):  # type: ignore[no-untyped-def]
        samples = None  # unknown: compiled
        if request.param == "numpy":
            monkeypatch.setattr(value_kernel, "_COMPILED", {})
            samples = 1
        sampler = ValueSampler(ranges, compiled.intensities, uniform, samples)
        assert sampler.fused and sampler.compiled == (request.param == "compiled")
        return sampler

    return make


@pytest.mark.parametrize("path", CASES, ids=["builtin", "other_pair"])
def test_planned_intensities_are_the_plain_ones_bit_for_bit(path, planned):
    a = load_assessment(path)
    compiled = Compiled.of(a)
    ranges = raw_ranges(a, [s.id for s in a.scenarios], None)
    sampler = planned(ranges, compiled)
    u = np.random.default_rng(0).random((3000, *ranges.shape[1:]))
    u[0] = 0.0  # the inverse CDF's ends and its mode
    u[1] = np.nextafter(1.0, 0.0)
    np.testing.assert_array_equal(sampler.intensities(u), plain(ranges, compiled, u))


@pytest.mark.parametrize("path", CASES, ids=["builtin", "other_pair"])
def test_random_ranges_every_kind_of_cell(path, planned):
    a = load_assessment(path)
    compiled = Compiled.of(a)
    base = raw_ranges(a, [s.id for s in a.scenarios], None)
    rng = np.random.default_rng(7)
    for _ in range(5):
        scale = np.abs(base).max(axis=(0, 1)) + 1.0
        pts = np.sort(rng.random((3, *base.shape[1:])) * scale * 1.2, axis=0)
        kind = rng.integers(0, 4, base.shape[1:])
        pts[1] = np.where(kind == 1, pts[0], pts[1])  # mode at low: right side only
        pts[1] = np.where(kind == 2, pts[2], pts[1])  # mode at high: left side only
        pts[:] = np.where(kind == 3, pts[0], pts)  # constant
        uniform = rng.random(base.shape[1:]) < 0.2  # some cells drawn uniformly
        sampler = planned(pts, compiled, uniform)
        u = rng.random((2000, *base.shape[1:]))
        np.testing.assert_array_equal(sampler.intensities(u), plain(pts, compiled, u, uniform))


def test_other_transforms_take_the_plain_path():
    a = load_assessment(None)
    compiled = Compiled.of(a)
    ranges = raw_ranges(a, [s.id for s in a.scenarios], None)
    sampler = ValueSampler(ranges, lambda raw: compiled.intensities(raw))
    assert not sampler.fused
    u = np.random.default_rng(1).random((100, *ranges.shape[1:]))
    np.testing.assert_array_equal(sampler.intensities(u), plain(ranges, compiled, u))


def test_sample_scores_do_not_depend_on_the_chunk():
    a = load_assessment(DATA / "other_pair.yaml")
    compiled = Compiled.of(a)
    ranges = raw_ranges(a, [s.id for s in a.scenarios], None)
    w = np.full(ranges.shape[2], 1.0 / ranges.shape[2])
    runs = [
        sample_scores(ranges, w, compiled.intensities, method="geometric", samples=9000,
                      seed=5, concentration=50.0, chunk=chunk)
        for chunk in (4096, 65_536)
    ]  # fmt: skip
    np.testing.assert_array_equal(runs[0], runs[1])


@pytest.mark.parametrize("n", [1, 127, 128, 129, 1000])
def test_any_number_of_samples_across_the_kernels_tiles(n):
    """The compiled pass works a tile of samples at a time: a partial last tile, or a single
    sample, gives the plain path's intensities too (every transform kind: other_pair)."""
    a = load_assessment(DATA / "other_pair.yaml")
    compiled = Compiled.of(a)
    ranges = raw_ranges(a, [s.id for s in a.scenarios], None)
    sampler = ValueSampler(ranges, compiled.intensities)
    assert sampler.fused and sampler.finish  # log and saturating cells finished by numpy
    u = np.random.default_rng(n).random((n, *ranges.shape[1:]))
    np.testing.assert_array_equal(sampler.intensities(u), plain(ranges, compiled, u))
