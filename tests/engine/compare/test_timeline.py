"""Timelines (`engine.compare.timeline`, `taqdir timeline`): strict as-of (nothing known later
leaks in), the report's dated steps and tier changes on the built-in case, fading, look-back
windows, exact tier-change days, the date grid, and the command line."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
import yaml

from engine.compare.timeline import grid, parse_step, timeline
from engine.score import score
from indicators.errors import InputError
from scenarios.loader import builtin_text, load_builtin
from scenarios.model import Assessment

D = date.fromisoformat


@pytest.fixture(scope="module")
def a() -> Assessment:
    return load_builtin()


@pytest.mark.parametrize("scenario", ["baseline", "military_alliance", "official_acts_only"])
def test_every_point_equals_scoring_as_of_that_date(a, scenario):
    t = timeline(a, scenario=scenario, start=D("2025-01-01"), step="1w")
    for i in t.points:
        expected = score(a, as_of=t.days[i], scenarios=[scenario]).scores[0]
        assert t.scores[i] == pytest.approx(expected, abs=1e-9), t.days[i]


def test_evidence_known_later_never_leaks_in():
    # An item that happened in May but only became known on 2025-06-10: a timeline to
    # 2025-06-09 must be identical, day by day, to one without it; from 06-10 it counts.
    data = yaml.safe_load(builtin_text())
    plain = Assessment.model_validate(data)
    data["evidence"].append(
        {
            "id": "ev-late",
            "indicator": "senior_visits_12m",
            "event_date": "2025-05-01",
            "story_date": "2025-06-10",
            "value": 4,
            "reliability": "A",
            "credibility": 1,
            "summary": {"en": "Late report", "ar": "تقرير متأخر"},
        }
    )
    late = Assessment.model_validate(data)
    before = dict(start=D("2025-01-01"), end=D("2025-06-09"), step="1w")
    np.testing.assert_array_equal(timeline(late, **before).scores, timeline(plain, **before).scores)
    after = timeline(late, start=D("2025-06-01"), end=D("2025-06-12"), step="1d")
    jump = after.days.index(D("2025-06-10"))
    assert after.scores[jump] > after.scores[jump - 1] + 3


def test_story_date_not_event_date_decides(a):
    # Tamanhint: event 2025-06-01 (month precision), first reported 2025-06-04.
    t = timeline(a, start=D("2025-05-30"), end=D("2025-06-04"), step="1d")
    k = [i.id for i in a.indicators].index("personnel_in_country")
    by_day = dict(zip(t.days, t.raw[:, k], strict=True))
    assert by_day[D("2025-06-03")] == 0 and by_day[D("2025-06-04")] == 30


def test_the_reports_sequence_and_tier_changes(a):
    t = timeline(a, start=D("2025-01-01"), step="1w")
    steps = [(s.date.isoformat(), t.step_label(s).split(" — ")[0]) for s in t.steps]
    assert steps == [
        ("2025-02-17", "Minsk"),  # Haftar's visit, programmes, training agreed
        ("2025-03-10", "Benghazi"),  # Karankevich's delegation, six memoranda
        ("2025-05-26", "Benghazi"),  # the consulate general
        ("2025-06-04", "Tamanhint air base, Sabha"),  # field presence, as reported
    ]
    assert "consulate" in t.step_label(t.steps[2]).lower()
    changes = [(d.isoformat(), t.tier(x).id, t.tier(y).id) for d, x, y, _, _ in t.tier_changes]
    assert changes == [
        ("2025-02-17", "protocol_contacts", "pragmatic_cooperation"),
        ("2025-05-26", "pragmatic_cooperation", "institutional_partnership"),
    ]
    # Visits fade between the steps (half-life 180 days): the score slides down.
    i, j = t.days.index(D("2025-02-17")), t.days.index(D("2025-03-09"))
    assert t.scores[j] < t.scores[i]
    # The steps are points of the output even when they are not on the weekly grid.
    dates = {t.days[p] for p in t.points}
    assert {s.date for s in t.steps} <= dates and D("2025-01-08") in dates


def test_tier_change_is_dated_to_the_day_between_grid_points(tiny):
    # Meetings 4 (intensity 1, weight 1/4: 25 points), fading with a 30-day half-life: the
    # score falls below the 20-point threshold when 0.5^(age/30) < 0.8, i.e. at age
    # 30·log2(1.25) = 9.66 days: first on day 10 after 2025-02-01, 2025-02-11, which is
    # between the weekly grid points 02-05 and 02-12.
    tiny["families"][0]["half_life_days"] = 30
    tiny["evidence"] = tiny["evidence"][:1]
    tiny["evidence"][0]["value"] = 4
    tiny["tiers"][0]["max"] = tiny["tiers"][1]["min"] = 20
    t = timeline(Assessment.model_validate(tiny), start=D("2025-01-01"), end=D("2025-03-01"))
    assert [(d.isoformat(), t.tier(y).id) for d, _, y, _, _ in t.tier_changes] == [
        ("2025-02-01", "high"),
        ("2025-02-11", "low"),
    ]


def test_window_expiry_is_a_step(tiny):
    # Meetings look back 365 days: the 2025-02-01 meetings leave the window on 2026-02-01.
    t = timeline(Assessment.model_validate(tiny), start=D("2026-01-01"), end=D("2026-03-01"))
    (step,) = [s for s in t.steps if s.kind == "expires"]
    assert step.date == D("2026-02-01") and [e.id for e in step.evidence] == ["ev1"]
    assert step.delta == pytest.approx(-12.5)  # meetings 2/4 on a quarter of the weight


def test_grid_and_steps():
    assert parse_step("1w") == (1, "w") and parse_step("3M") == (3, "m")
    assert grid(D("2025-01-31"), D("2025-05-01"), (1, "m")) == [
        D("2025-01-31"),
        D("2025-02-28"),
        D("2025-03-31"),
        D("2025-04-30"),
        D("2025-05-01"),
    ]
    assert grid(D("2025-01-01"), D("2025-01-01"), (1, "w")) == [D("2025-01-01")]
    for text in ("1y", "0w", "w", "-1d"):
        with pytest.raises(InputError):
            parse_step(text)


def test_range_errors(a):
    with pytest.raises(InputError, match="after"):
        timeline(a, start=D("2025-07-01"), end=D("2025-06-01"))
    with pytest.raises(InputError, match="days"):
        timeline(a, start=D("1800-01-01"))
    assert timeline(a).start == D("2025-01-01")  # a month before the first evidence


def test_cli_json(cli):
    run = cli(
        "timeline", "--from", "2025-01-01", "--to", "2025-06-04", "--step", "1m", "--format", "json"
    )
    assert run.code == 0, run.err
    out = run.json()
    assert out["scenario"] == "baseline"
    dates = [p["date"] for p in out["points"]]
    assert dates[:3] == ["2025-01-01", "2025-02-01", "2025-02-17"] and dates[-1] == "2025-06-04"
    assert all({"date", "score", "tier"} <= set(p) for p in out["points"])
    assert [c["date"] for c in out["tier_changes"]] == ["2025-02-17", "2025-05-26"]
    assert len(out["events"]) == 17  # every evidence item of the report, dated and cited
    ev = next(e for e in out["events"] if e["evidence"] == "ev-tamanhint-personnel")
    assert (
        ev["grade"] == "F3" and ev["sources"] == ["[5]"] and "Tamanhint" in ev["citations"]["[5]"]
    )
    assert [s["date"] for s in out["steps"]] == [
        "2025-02-17",
        "2025-03-10",
        "2025-05-26",
        "2025-06-04",
    ]


def test_cli_table_scenario_and_report(cli, tmp_path):
    run = cli("timeline", "--scenario", "institutional_partnership", "--step", "2w")
    assert run.code == 0, run.err
    assert "Institutional partnership" in run.out and "Dated steps" in run.out
    assert "Minsk" in run.out and "Tier changes" in run.out
    ar = cli("timeline", "--lang", "ar")
    assert ar.code == 0 and "الخطوات المؤرخة" in ar.out
    report = tmp_path / "t.html"
    assert cli("timeline", "--report", report, "-f", "csv").code == 0
    assert "<title>taqdir timeline" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--step", "1y"], "--step"),
        (["--from", "2025-07-01", "--to", "2025-06-01"], "after"),
        (["--scenario", "nosuch"], "nosuch"),
        (["--from", "2025-02-30"], "--from"),
        (["--weights", "nosuch"], "nosuch"),
    ],
)
def test_cli_bad_input(cli, args, needle):
    run = cli("timeline", *args)
    assert run.code == 2, (run.out, run.err)
    assert needle in run.err and "Traceback" not in run.err


def test_days_are_consecutive(a):
    t = timeline(a, start=D("2025-01-01"), end=D("2025-02-01"))
    assert all(b - x == timedelta(days=1) for x, b in zip(t.days, t.days[1:], strict=False))
