"""`wsm_minmax` and `wpm_minmax` against the printed formulas, through `taqdir mcda` (CliRunner)
and the Python API, on every decision matrix in tests/data/mcda.

No published worked example of either could be pinned (see README, Classic MCDA): what can be
checked is that taqdir computes the published linear max-min normalisation exactly,
r = (x - min)/(max - min) for a benefit and r = (max - x)/(max - min) for a cost, as printed in
pymcdm's documentation (section 3.3.1, equations 3.14 and 3.15) and in Step 2 of the chapter
"Range of Value (ROV) Method" of Chakraborty, Chatterjee and Das, Multi-Criteria
Decision-Making Methods in Manufacturing Environments (CRC Press 2023, DOI
10.1201/9781003377030-21; read on the publisher's chapter page), followed by the weighted sum
Σ w·r with the weights rescaled to sum to 1. `wpm_minmax` (Π max(r, 0.001)^w) is taqdir's own
variant; it is checked against its definition here, not against a publication. The expected
values are computed in this file, element by element, independently of engine.robust.classic.
"""

from __future__ import annotations

import math

import pytest
import yaml

from engine.robust import classic
from tests.cli_support import run_in_process as taqdir
from tests.paths import DATA

MATRICES = sorted((DATA / "mcda").glob("*.yaml"))


def _doc(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    crit = doc["criteria"]
    alts = doc["alternatives"]
    total = sum(c["weight"] for c in crit)
    weights = [c["weight"] / total for c in crit]
    benefit = [c["type"] == "benefit" for c in crit]
    rows = [[float(a["values"][c["id"]]) for c in crit] for a in alts]
    return [a["id"] for a in alts], rows, weights, benefit


def _normalised(rows, benefit):
    """The printed formula, one element at a time; a criterion on which all alternatives are
    equal (0/0 in the formula) gives 1 to all, taqdir's stated convention."""
    cols = list(zip(*rows, strict=True))
    out = []
    for row in rows:
        r = []
        for j, x in enumerate(row):
            lo, hi = min(cols[j]), max(cols[j])
            if hi == lo:
                r.append(1.0)
            elif benefit[j]:
                r.append((x - lo) / (hi - lo))
            else:
                r.append((hi - x) / (hi - lo))
        out.append(r)
    return out


@pytest.mark.parametrize("path", MATRICES, ids=lambda p: p.stem)
def test_wsm_minmax_is_the_printed_max_min_weighted_sum_cli_and_api(path):
    ids, rows, weights, benefit = _doc(path)
    r = _normalised(rows, benefit)
    expected = {
        i: sum(w * v for w, v in zip(weights, row, strict=True))
        for i, row in zip(ids, r, strict=True)
    }
    res = taqdir("mcda", path, "-m", "wsm_minmax", "--format", "json")
    assert res.code == 0, res.err
    got = {x["alternative"]: x["WSM"] for x in res.json()["results"]}
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)
    api = classic.wsm(rows, weights, benefit)
    assert list(api) == pytest.approx([expected[i] for i in ids], rel=1e-12, abs=1e-15)
    # the best on every criterion would score 1, the worst on every criterion 0
    assert all(-1e-15 <= v <= 1 + 1e-12 for v in expected.values())


@pytest.mark.parametrize("path", MATRICES, ids=lambda p: p.stem)
def test_wpm_minmax_is_taqdirs_floored_product_cli_and_api(path):
    ids, rows, weights, benefit = _doc(path)
    r = _normalised(rows, benefit)
    floor = classic.WPM_FLOOR
    expected = {
        i: math.prod(max(v, floor) ** w for w, v in zip(weights, row, strict=True))
        for i, row in zip(ids, r, strict=True)
    }
    res = taqdir("mcda", path, "-m", "wpm_minmax", "--format", "json")
    assert res.code == 0, res.err
    got = {x["alternative"]: x["WPM"] for x in res.json()["results"]}
    assert got == pytest.approx(expected, rel=1e-12)
    api = classic.wpm(rows, weights, benefit)
    assert list(api) == pytest.approx([expected[i] for i in ids], rel=1e-12)
