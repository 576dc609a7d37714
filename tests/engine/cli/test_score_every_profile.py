"""`taqdir score --every-profile`: each scenario under every profile of the file, as the engine's
`every_profile` gives it (and so as `taqdir score --weights` of that profile would), in a table
in both languages and as CSV; on the built-in case and on an unrelated assessment."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from engine import ScoringRequest, score
from scenarios.loader import load_assessment

OTHER = Path(__file__).resolve().parents[2] / "data" / "other_pair.yaml"


@pytest.mark.parametrize("path", [None, OTHER], ids=["builtin", "other_pair"])
def test_csv_rows_are_each_profile_scored_alone(cli, path):
    a = load_assessment(path)
    args = ["score", *([str(path)] if path else []), "--every-profile", "-f", "csv"]
    run = cli(*args)
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert len(rows) == len(a.scenarios) * (len(a.profiles) + 1)
    for prof in a.profiles:
        alone = score(a, ScoringRequest.build(a, profile=prof.id))
        got = {r["scenario"]: r for r in rows if r["profile"] == prof.id}
        for s, sid in enumerate(alone.scenario_ids):
            assert float(got[sid]["score"]) == pytest.approx(float(alone.scores[s]), abs=1e-6)
            assert int(got[sid]["rank"]) == int(alone.ranks[s])
            assert got[sid]["tier"] == alone.tier_ids[s]
    as_set = [r for r in rows if r["as_set"] == "true"]
    assert {r["profile"] for r in as_set} == {""} and len(as_set) == len(a.scenarios)


def test_set_weights_are_the_first_column(cli):
    a = load_assessment(OTHER)
    fam = a.families[0].id
    run = cli("score", OTHER, "--every-profile", "-f", "csv", "--set-weight", f"{fam}=5")
    moved = score(a, ScoringRequest.build(a, set_weights={fam: 5.0}))
    rows = {r["scenario"]: r for r in csv.DictReader(io.StringIO(run.out)) if r["as_set"] == "true"}
    for s, sid in enumerate(moved.scenario_ids):
        assert float(rows[sid]["score"]) == pytest.approx(float(moved.scores[s]), abs=1e-6)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_table_names_every_profile_and_the_split(cli, lang):
    a = load_assessment(None)
    run = cli("score", "--every-profile", "--lang", lang, env={"COLUMNS": "200"})
    assert run.code == 0, run.err
    for prof in a.profiles:
        assert prof.name.get(lang) in run.out
    said = "The lens decides" if lang == "en" else "تحسم زاوية النظر"
    assert said in run.out
    if lang == "ar":  # numbers isolated inside the Arabic table
        assert "\u2066#1 88.6\u2069" in run.out


def test_json_is_refused_with_a_message(cli):
    run = cli("score", "--every-profile", "-f", "json")
    assert run.code == 2 and "--every-profile" in run.err and "Traceback" not in run.err
