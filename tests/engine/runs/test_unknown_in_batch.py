"""A batch run draws an indicator with `when_no_evidence: unknown` uniformly over its whole
scale (issue 13), end to end through `taqdir batch`: a KS test on the rows it writes.

The case: tests/data/other_pair.yaml, where `joint_exercises_24m` (linear 0 → 4, no evidence)
says `unknown`, and a profile that weights only that indicator, so a variant's score is
100 × raw / 4 with fixed weights (concentration .inf). With `samples: 1` each variant's `mean`
is one Monte Carlo draw of that score, and the variants draw from independent streams; 2,000
variants come from a grid over an indicator the profile gives no weight. Uniform on the scale
means the means are uniform on [0, 100]. The same batch with the range stated as a triangle
`{low: 0, likely: 2, high: 4}` must fail the same test (the test can fail).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from scipy import stats

from tests.cli_support import run_in_process as taqdir
from tests.paths import DATA

OLD = "    from_evidence: {rule: sum, window_days: 730}\n    when_no_evidence: 0\n"
PROFILE = """profiles:
  - id: exercises_only
    name: {en: Exercises only, ar: التمارين وحدها}
    families: {trade: 0, security: 1, diplomacy: 0}
    indicators: {defence_cooperation: 0}
"""
BATCH = """id: unknown-uniform
assessment: assessment.yaml
profiles: [exercises_only]
methods: [arithmetic]
sweeps:
  - kind: grid
    id: idle
    base: baseline
    axes:
      trade_volume_musd: {from: 0, to: 5000, num: 2000}
samples: 1
concentration: .inf
seed: 7
"""


def _means(folder: Path, when_no_evidence: str) -> list[float]:
    source = (DATA / "other_pair.yaml").read_text(encoding="utf-8")
    assert OLD in source and source.count("profiles:\n") == 1
    source = source.replace(OLD, OLD.replace(": 0\n", f": {when_no_evidence}\n"))
    folder.mkdir()
    (folder / "assessment.yaml").write_text(
        source.replace("profiles:\n", PROFILE, 1), encoding="utf-8"
    )
    (folder / "batch.yaml").write_text(BATCH, encoding="utf-8")
    rows = folder / "rows.csv"
    res = taqdir("batch", folder / "batch.yaml", "-o", rows, "--summary", "json")
    assert res.code == 0, res.err
    with rows.open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 2000 and {r["base"] for r in table} == {"baseline"}
    for r in table:  # one draw per variant: every sampled column is that draw
        assert r["mean"] == r["p05"] == r["p50"] == r["p95"]
    return [float(r["mean"]) for r in table]


def test_a_batch_draws_the_unknown_indicator_uniformly_over_its_scale(tmp_path):
    means = _means(tmp_path / "unknown", "unknown")
    assert min(means) >= 0.0 and max(means) <= 100.0
    assert stats.kstest(means, stats.uniform(loc=0, scale=100).cdf).pvalue > 0.01
    # the likely value (the middle of the scale) is what the plain score uses
    assert sum(means) / len(means) == pytest.approx(50.0, abs=2.0)
    triangle = _means(tmp_path / "triangle", "{low: 0, likely: 2, high: 4}")
    assert stats.kstest(triangle, stats.uniform(loc=0, scale=100).cdf).pvalue < 1e-6
    assert stats.kstest(triangle, stats.triang(c=0.5, loc=0, scale=100).cdf).pvalue > 0.01
