"""A batch variant's Monte Carlo numbers depend only on the seed, the variant and the sample
count (issue 14): not on the chunk size, and not on variants appended after it."""

from __future__ import annotations

import numpy as np

from engine.runs.plan import build_plan, evaluate_chunk
from tests.batch_helpers import loaded

GRID = {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 8, "num": 150}}}
EXTRA = {"kind": "lhs", "id": "more", "n": 1, "ranges": {"troops": {"low": 0, "high": 999}}}
SAMPLED = ("mean", "p05", "p50", "p95", "p_tier")


def _columns(plan) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    parts = [evaluate_chunk(plan, i) for i in range(plan.chunks)]
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def test_appending_a_variant_changes_no_other_variant(tiny):
    before = build_plan(loaded(tiny, sweeps=[GRID], samples=200, seed=5, chunk=37))
    after = build_plan(loaded(tiny, sweeps=[GRID, EXTRA], samples=200, seed=5, chunk=50))
    assert after.total == before.total + 1
    a, b = _columns(before), _columns(after)
    n = before.total
    for key in SAMPLED:
        np.testing.assert_array_equal(b[key][:n], a[key], err_msg=key)
    # Plain scores: equal up to the documented bound (the order of floating-point sums).
    np.testing.assert_allclose(b["score"][:n], a["score"], rtol=0, atol=1e-12)


def test_the_chunk_size_does_not_change_sampled_numbers(tiny):
    cols = [
        _columns(build_plan(loaded(tiny, sweeps=[GRID], samples=100, seed=3, chunk=c)))
        for c in (1, 7, 64, 151)
    ]
    for other in cols[1:]:
        for key in SAMPLED:
            np.testing.assert_array_equal(other[key], cols[0][key], err_msg=key)
