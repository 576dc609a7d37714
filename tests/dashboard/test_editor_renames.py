"""Renaming an id in the editor renames what refers to it (dashboard/editor/renames.py): the
pure rewrite on both data files (every id of every section: the renamed file is valid and
scores as before), what counts as a rename, and the editor doing it (AppTest)."""

from __future__ import annotations

import pytest

from dashboard.editor.draft import as_data, validate
from dashboard.editor.renames import SECTIONS, ids_of, rename_references, renamed
from engine import ScoringRequest, score
from scenarios.loader import load_assessment, load_builtin
from tests.dashboard.test_editor import PAIR, click, errors, field, page


def _cases():
    for name, a in (("builtin", load_builtin()), ("other_pair", load_assessment(PAIR))):
        data = as_data(a)
        for section in SECTIONS:
            for i, old in enumerate(ids_of(data, section)):
                yield pytest.param(a, section, i, old, id=f"{name}-{section}-{old}")


@pytest.mark.parametrize(("original", "section", "i", "old"), list(_cases()))
def test_every_rename_keeps_the_file_valid_and_its_scores(original, section, i, old):
    data = as_data(original)
    new = f"{old}_renamed"
    data[section][i]["id"] = new
    changed = rename_references(data, section, old, new)
    checked = validate(data)
    assert not checked.problems, checked.problems
    a = checked.assessment
    # The same numbers, under the new id where the id is the scenario's or profile's own.
    profile = new if section == "profiles" and old == original.default_profile else None
    before = score(original, ScoringRequest.build(original))
    after = score(a, ScoringRequest.build(a, profile=profile))
    assert after.scores.tolist() == before.scores.tolist()
    # Without the rewrite the file names the old id somewhere (so the test can fail) unless
    # nothing referred to it.
    bare = as_data(original)
    bare[section][i]["id"] = new
    assert bool(validate(bare).problems) == bool(changed)


def test_what_counts_as_a_rename():
    assert renamed(["a", "b", "c"], ["a", "x", "c"]) == ("b", "x")
    assert renamed(["a", "b"], ["a", "b"]) is None  # nothing changed
    assert renamed(["a", "b"], ["x", "y"]) is None  # two at once: no guess
    assert renamed(["a", "b"], ["a", "b", "c"]) is None  # a row added
    assert renamed(["a", "b"], ["a", "a"]) is None  # onto another row's id
    assert renamed(["a", "b"], ["a", ""]) is None  # emptied
    assert renamed(["a", ""], ["a", "b"]) is None  # a new row named


def test_references_taken_by_the_new_id_are_left_alone():
    data = {
        "scenarios": [{"id": "s", "values": {"a": 1, "b": 2}}],
        "profiles": [{"id": "p", "families": {}, "indicators": {"a": 3, "b": 4}}],
        "evidence": [{"indicator": "a"}],
    }
    assert rename_references(data, "indicators", "a", "b") == ["evidence[0].indicator"]
    assert data["scenarios"][0]["values"] == {"a": 1, "b": 2}  # the validator will name it
    with pytest.raises(ValueError, match="tiers"):
        rename_references(data, "tiers", "x", "y")


def _draft(at) -> dict:
    return at.session_state["ed:draft"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_renaming_an_indicator_in_the_editor_renames_its_evidence_values_and_shares(folder, lang):
    at = click(page(folder / "pair.yaml", lang=lang), "ed:start_loaded")
    field(at, "t:indicators:0:id").set_value("trade_musd").run()
    assert not errors(at), errors(at)
    d = _draft(at)
    assert [e["indicator"] for e in d["evidence"]].count("trade_musd") == 1
    assert "trade_volume_musd" not in str(d)
    assert d["profiles"][1]["indicators"]["trade_musd"] == 2
    # The widgets restarted from the draft: the evidence grid and the values box say it too.
    grid = at.session_state[f"ed{at.session_state['ed:gen']}:evidence:base"]
    assert "trade_musd" in set(grid["indicator"])
    values = [w.value for w in at.text_area if w.key.endswith(":values")]
    assert any("trade_musd" in v for v in values) and not any("volume" in v for v in values)


def test_renaming_a_family_and_a_scenario_in_the_editor(folder):
    at = click(page(folder / "pair.yaml"), "ed:start_loaded")
    field(at, "t:families:0:id").set_value("commerce").run()
    assert not errors(at), errors(at)
    d = _draft(at)
    assert {i["family"] for i in d["indicators"]} == {"commerce", "security", "diplomacy"}
    assert all("commerce" in p["families"] for p in d["profiles"])
    field(at, "t:scenarios:0:id").set_value("baseline_2025").run()
    assert not errors(at), errors(at)
    assert "baseline" not in [s.get("extends") for s in _draft(at)["scenarios"]]
