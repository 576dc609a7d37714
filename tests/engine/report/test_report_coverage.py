"""The comparison reports (two sides and many) and the timeline show the weight share on
evidence, so a change that comes from defaults (indicators without evidence) is visible; a
saved score carries its coverage into the comparison too. JSON and HTML."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from indicators.bidi import html_ltr
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


def _score_coverage(*args):
    out = taqdir("score", *args, "--format", "json")
    assert out.code == 0, out.err
    return {r["scenario"]: r["coverage"] for r in json.loads(out.out)["results"]}


def test_timeline_reports_the_coverage_of_each_day(tmp_path):
    """Before any evidence the weight rests on defaults; on the last day it is what `score`
    says on that date; the HTML report, the table and the CSV say the same."""
    other = DATA / "other_pair.yaml"
    report = tmp_path / "t.html"
    res = taqdir("timeline", other, "--format", "json", "--report", report)
    assert res.code == 0, res.err
    data = json.loads(res.out)
    first, last = data["points"][0], data["points"][-1]
    assert first["coverage"] == {"evidence": 0.0, "default": 1.0, "assumption": 0.0}
    want = _score_coverage(other, "--as-of", last["date"])[data["scenario"]]
    assert last["coverage"] == pytest.approx(want, abs=1e-12)
    for p in data["points"]:
        assert sum(p["coverage"].values()) == pytest.approx(1.0)
    # the share on evidence rises on the day an indicator's first item becomes known
    shares = [p["coverage"]["evidence"] for p in data["points"]]
    assert any(b > a for a, b in itertools.pairwise(shares))
    text = report.read_text(encoding="utf-8")
    pct = f"{100 * last['coverage']['evidence']:.0f}%"
    assert f"Weight on {last['date']}: on evidence {pct}" in text
    assert "On evidence" in text and "على الأدلة" in text and html_ltr(pct) in text
    assert re.search(r'<span class="num">0% → \d+%</span>', text)  # the first known step
    csv_out = taqdir("timeline", other, "--format", "csv").out.splitlines()
    assert csv_out[0].endswith(",on_evidence")
    assert float(csv_out[-1].rsplit(",", 1)[1]) == pytest.approx(want["evidence"], abs=1e-6)
    table = taqdir("timeline", other).out
    assert "Evid." in table and f"{pct} " in table


def test_many_sided_comparison_reports_each_sides_coverage(tmp_path):
    """Three sides: the file now, the file in March, and a saved score without `coverage`
    (an older saved score): the JSON gives each side's shares or null, the report '—'."""
    builtin_now = _score_coverage()
    builtin_march = _score_coverage("--as-of", "2025-03-01")
    out = taqdir("score", "--format", "json")
    assert out.code == 0, out.err
    old = json.loads(out.out)
    for row in old["results"]:
        del row["coverage"]
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps(old), encoding="utf-8")
    report = tmp_path / "m.html"
    res = taqdir(
        "compare", "builtin", "builtin@as-of=2025-03-01", saved, "--format", "json",
        "--report", report,
    )  # fmt: skip
    assert res.code == 0, res.err
    data = json.loads(res.out)
    for row in data["results"]:
        sid = row["scenario"]
        assert row["coverage"]["A"] == pytest.approx(builtin_now[sid])
        assert row["coverage"]["B"] == pytest.approx(builtin_march[sid])
        assert row["coverage"]["C"] is None
    text = report.read_text(encoding="utf-8")
    assert "On evidence" in text and "على الأدلة" in text
    assert '<span class="num">88% / 40% / —</span>' in text  # the baseline


def test_two_sided_comparison_json_carries_coverage():
    res = taqdir("compare", "builtin", "builtin@as-of=2025-03-01", "--format", "json")
    assert res.code == 0, res.err
    row = next(r for r in json.loads(res.out)["results"] if r["scenario"] == "baseline")
    assert round(100 * row["coverage"]["a"]["evidence"]) == 88
    assert round(100 * row["coverage"]["b"]["evidence"]) == 40
