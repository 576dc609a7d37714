"""The comparison report shows each scenario's weight share on evidence, side by side, so a
change that comes from defaults (indicators without evidence) is visible; a saved score
carries its coverage into the comparison too."""

from __future__ import annotations

import json
import re

from tests.cli_support import run_in_process as taqdir
from tests.paths import DATA


def _cells(text: str) -> list[str]:
    return re.findall(r'<span class="num">([0-9—%]+ → [0-9—%]+)</span>', text)


def test_compare_report_shows_coverage_of_both_sides(tmp_path):
    report = tmp_path / "r.html"
    res = taqdir("compare", "builtin", "builtin@as-of=2025-03-01", "--report", report)
    assert res.code == 0, res.err
    text = report.read_text(encoding="utf-8")
    assert "On evidence A → B" in text and "على الأدلة" in text
    assert "88% → 40%" in _cells(text)  # the baseline: June against March


def test_a_saved_score_keeps_its_coverage_in_the_comparison(tmp_path):
    other = DATA / "other_pair.yaml"
    saved = tmp_path / "s.json"
    out = taqdir("score", other, "--format", "json")
    assert out.code == 0, out.err
    saved.write_text(out.out, encoding="utf-8")
    baseline = next(r for r in json.loads(out.out)["results"] if r["scenario"] == "baseline")
    share = f"{100 * baseline['coverage']['evidence']:.0f}%"
    report = tmp_path / "r.html"
    res = taqdir("compare", saved, other, "--report", report)
    assert res.code == 0, res.err
    assert f"{share} → {share}" in _cells(report.read_text(encoding="utf-8"))
