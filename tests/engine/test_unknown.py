"""Unknown is not zero: an indicator without evidence whose `when_no_evidence` is `unknown`
ranges over its whole scale, is flagged wherever its value appears, is counted in the
coverage of each scenario and is among the first collection priorities.

Built on tests/data/other_pair.yaml (not the built-in case): `joint_exercises_24m` has no
evidence there; here it says `unknown` and the security family carries most of the weight.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.score import score
from indicators.errors import InputError
from indicators.model import Indicator
from scenarios.loader import load_assessment
from tests.cli_support import run_in_process as invoke
from tests.paths import DATA

SOURCE = (DATA / "other_pair.yaml").read_text(encoding="utf-8")
TARGET = "joint_exercises_24m"


def _variant(tmp_path, text: str):
    path = tmp_path / "unknown_pair.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def unknown_file(tmp_path):
    old = (
        "    from_evidence: {rule: sum, window_days: 730}\n    when_no_evidence: 0\n"
        "  - id: embassy_status"
    )
    assert old in SOURCE
    text = SOURCE.replace(
        old,
        "    from_evidence: {rule: sum, window_days: 730}\n    when_no_evidence: unknown\n"
        "  - id: embassy_status",
    ).replace(
        "families: {trade: 1, security: 1, diplomacy: 1}",
        "families: {trade: 1, security: 4, diplomacy: 1}",
    )
    return _variant(tmp_path, text)


def test_unknown_scores_over_the_whole_scale_flagged_with_coverage(unknown_file):
    a = load_assessment(unknown_file)
    r = score(a, samples=2000, seed=1)
    s = r.scenario_ids.index("baseline")
    k = r.indicator_ids.index(TARGET)
    # linear 0→4 on [0, 50]: the scale as the score sees it is 0–4, likely at its middle
    assert r.raw[:, s, k].tolist() == [0.0, 2.0, 4.0]
    row = r.to_json()["results"][s]
    assert row["sources"][TARGET] == "default"
    assert row["sources"]["trade_volume_musd"] == "evidence"
    cov = row["coverage"]
    assert math.isclose(sum(cov.values()), 1.0)
    assert cov["default"] == pytest.approx(float(r.weights[k]) + _other_defaults(r, s, k))
    assert cov["default"] > 0.3  # security carries 4/6 of the weight, half of it this one
    # a scenario's own what-if value is an assumption, not evidence
    d = r.scenario_ids.index("deeper_ties")
    assert r.to_json()["results"][d]["sources"][TARGET] == "assumption"
    # the uncertainty is visible: the baseline's 5–95% interval is wide
    u = r.uncertainty
    assert u is not None and u.p95[s] - u.p05[s] > 10


def _other_defaults(r, s, k):
    return sum(
        float(r.weights[j])
        for j, ind in enumerate(r.indicator_ids)
        if j != k and r.sources[s][ind] == "default"
    )


def test_unknown_is_first_among_collection_priorities(unknown_file):
    res = invoke(
        "sensitivity",
        unknown_file,
        "--kind",
        "diagnostics",
        "--samples",
        "4000",
        "--seed",
        "3",
        "--format",
        "json",
    )
    assert res.code == 0, res.err
    rows = res.json()["collection_priorities"]["indicators"]
    assert rows[0]["indicator"] == TARGET
    assert rows[0]["source"] == "default"
    assert rows[0]["range"] == [0.0, 4.0]


def test_cli_flags_the_default_in_indicators_and_score(unknown_file):
    res = invoke("indicators", unknown_file, "--format", "json")
    assert res.code == 0, res.err
    by_id = {row["id"]: row for row in res.json()["indicators"]}
    assert by_id[TARGET]["source"] == "default"
    assert by_id[TARGET]["value"] == {"low": 0.0, "likely": 2.0, "high": 4.0}
    assert by_id["trade_volume_musd"]["source"] == "evidence"
    table = invoke("indicators", unknown_file)
    assert "no evidence" in table.out
    scored = invoke("score", unknown_file, "--weights", "balanced")
    assert "Evid." in scored.out and "when_no_evidence" in scored.out


def test_explicit_range_and_its_checks(tmp_path):
    old = "    when_no_evidence: 0\n  - id: embassy_status"
    ok = SOURCE.replace(
        old, "    when_no_evidence: {low: 0, likely: 1, high: 3}\n  - id: embassy_status"
    )
    r = score(load_assessment(_variant(tmp_path, ok)))
    s = r.scenario_ids.index("baseline")
    assert r.raw[:, s, r.indicator_ids.index(TARGET)].tolist() == [0.0, 1.0, 3.0]
    bad = SOURCE.replace(
        old, "    when_no_evidence: {low: 2, likely: 1, high: 3}\n  - id: embassy_status"
    )
    with pytest.raises(InputError, match="not ordered"):
        load_assessment(_variant(tmp_path, bad))


def test_a_stated_likely_value_over_the_whole_scale(tmp_path):
    """`{likely: X}`: unknown, most likely about X, a triangle over the whole scale (the
    linear 0 → 4 of joint_exercises_24m), where `unknown` alone is uniform; an end given is
    kept; a likely value beyond the scale's end is refused, naming that end."""
    old = "    when_no_evidence: 0\n  - id: embassy_status"

    def cell(default: str):
        text = SOURCE.replace(old, f"    when_no_evidence: {default}\n  - id: embassy_status")
        r = score(load_assessment(_variant(tmp_path, text)))
        s, k = r.scenario_ids.index("baseline"), r.indicator_ids.index(TARGET)
        flagged = r.uniform is not None and bool(r.uniform[s, k])
        return r.raw[:, s, k].tolist(), flagged, r.sources[s][TARGET]

    assert cell("{likely: 1}") == ([0.0, 1.0, 4.0], False, "default")
    assert cell("{low: 1, likely: 2}") == ([1.0, 2.0, 4.0], False, "default")
    assert cell("{likely: 3, high: 3.5}") == ([0.0, 3.0, 3.5], False, "default")
    assert cell("unknown") == ([0.0, 2.0, 4.0], True, "default")
    # 9 is on the indicator's scale (max 50) but beyond the span where its intensity moves
    bad = SOURCE.replace(old, "    when_no_evidence: {likely: 9}\n  - id: embassy_status")
    with pytest.raises(InputError, match=r"high 4 \(the end of the scale\)"):
        load_assessment(_variant(tmp_path, bad))
    res = invoke("validate", _variant(tmp_path, bad), "--lang", "ar")
    assert res.code == 2 and "الأرجح" in res.err


def _indicator(transform: dict, default: object = "unknown") -> Indicator:
    return Indicator.model_validate(
        {
            "id": "x",
            "family": "f",
            "name": {"en": "X", "ar": "س"},
            "transform": transform,
            "from_evidence": {"rule": "max"},
            "when_no_evidence": default,
        }
    )


def test_unknown_span_per_transform():
    """The likely value sits where the intensity is halfway between the scale's two ends."""
    assert _indicator({"kind": "linear", "low": 2, "high": 6, "min": 0}).unknown_span() == (
        2.0,
        4.0,
        6.0,
    )
    lo, mid, hi = _indicator({"kind": "log", "high": 999}).unknown_span()
    assert (lo, hi) == (0.0, 999.0) and mid == pytest.approx(math.sqrt(1000) - 1)
    lo, mid, hi = _indicator({"kind": "saturating", "half": 2}).unknown_span()
    assert lo == 0 and 1 - 2 ** (-hi / 2) == pytest.approx(0.99)
    assert 1 - 2 ** (-mid / 2) == pytest.approx(0.495)
    levels = [
        {"id": i, "name": {"en": i, "ar": i}, "intensity": v}
        for i, v in (("a", 0.0), ("b", 0.2), ("c", 1.0))
    ]
    assert _indicator({"kind": "ordinal", "levels": levels}).unknown_span() == (0.0, 1.375, 2.0)


def test_a_level_called_unknown_is_that_level():
    levels = [
        {"id": i, "name": {"en": i, "ar": i}, "intensity": v}
        for i, v in (("unknown", 0.0), ("known", 1.0))
    ]
    ind = _indicator({"kind": "ordinal", "levels": levels})
    assert not ind.unknown_default()


def test_the_default_is_unknown():
    ind = Indicator.model_validate(
        {
            "id": "x",
            "family": "f",
            "name": {"en": "X", "ar": "س"},
            "transform": {"kind": "linear", "low": 0, "high": 4},
            "from_evidence": {"rule": "sum"},
        }
    )
    assert ind.unknown_default()


@given(
    low=st.floats(-100, 100),
    width=st.floats(0.01, 100),
    margin=st.floats(0, 50),
)
def test_unknown_span_is_ordered_and_on_the_scale(low, width, margin):
    ind = _indicator({"kind": "linear", "low": low, "high": low + width, "min": low - margin})
    lo, mid, hi = ind.unknown_span()
    assert lo <= mid <= hi
    assert ind.check_value(lo) is None and ind.check_value(hi) is None


def test_a_negative_indicator_at_none_is_said_as_its_absence():
    """Built-in: 'Agreements suspended or cancelled' at 0 is shown as the data's absence label,
    in both languages; other_pair has no label, so 'no “…”' stands in."""
    wide = {"COLUMNS": "400"}  # one line per row: the labels are not wrapped
    table = invoke("score", env=wide)
    assert "No agreement suspended or cancelled*" in table.out
    assert "Agreements suspended or cancelled" not in table.out
    arabic = invoke("score", "--lang", "ar", env=wide)
    assert "لم تُعلَّق أو تُلغَ أي اتفاقية" in arabic.out
    a = load_assessment(DATA / "other_pair.yaml")
    ind = a.indicator("tariff_disputes")
    assert ind.label(0.0, "en") == f"no “{ind.name.en}”"
    assert ind.label(0.0, "ar") == f"لا «{ind.name.ar}»"
    assert ind.label(1.0, "en") == ind.name.en  # a dispute happened: its own name
    positive = a.indicator("trade_volume_musd")
    assert positive.label(0.0, "en") == positive.name.en  # only "-" indicators are negated
