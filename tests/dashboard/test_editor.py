"""The Editor page, run headless by Streamlit's AppTest: validation beside the field (English
and Arabic), the edited draft scored by the other pages, saving with a recorded version, the
second writer refused and asked, history/diff/restore, paths confined to the dashboard's
folder; and the laws behind the evidence table and the transform preview."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from engine import ScoringRequest, score
from scenarios.loader import load_assessment
from tests.paths import ROOT

PAIR = ROOT / "tests" / "data" / "other_pair.yaml"
TIMEOUT = 120


def _app() -> None:
    import streamlit as st

    from dashboard import app as dash

    saved = list(dash.PAGES)
    wanted = st.session_state.get("test_pages", ["editor"])
    dash.PAGES[:] = [p for w in wanted for p in saved if p[0] == w]
    try:
        dash.run()
    finally:
        dash.PAGES[:] = saved


def page(path: Path | None = None, lang: str = "en") -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_function(_app, default_timeout=TIMEOUT)
    if path is not None:
        at.session_state["src"] = "path"
        at.session_state["path"] = str(path)
    at.session_state["lang"] = lang
    at.session_state["link_read"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def field(at: AppTest, suffix: str):
    """The text input whose key ends with `suffix` (keys carry the draft's generation)."""
    matches = [w for w in at.text_input if w.key and w.key.endswith(suffix)]
    assert len(matches) == 1, (suffix, [w.key for w in at.text_input])
    return matches[0]


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_blank_start_names_what_is_missing_and_blocks_saving(folder):
    at = click(page(), "ed:start_blank")
    messages = errors(at)
    for section in ("families", "indicators", "scenarios", "tiers"):
        assert any(m.startswith(section + ":") for m in messages), (section, messages)
    assert at.button(key="ed:save_as_btn").disabled
    assert any("Fix the problems" in w.value for w in at.warning)


def test_problem_beside_the_field_in_arabic(folder):
    at = click(page(folder / "pair.yaml", lang="ar"), "ed:start_loaded")
    assert not errors(at)
    field(at, ":t:families:0:id").set_value("bad id").run()
    messages = errors(at)
    mine = [m for m in messages if "families[0].id" in m]
    assert mine and "المعرّف" in mine[0]  # Arabic words, the field isolated
    assert "\u2066families[0].id\u2069" in mine[0]
    assert at.button(key="ed:save_as_btn").disabled or not at.text_input(key="ed:save_as").value
    # Fixed: the problem goes away.
    field(at, ":t:families:0:id").set_value("trade").run()
    assert not [m for m in errors(at) if "families[0].id" in m]


def test_other_pages_score_the_edit(folder):
    at = click(page(folder / "pair.yaml"), "ed:start_loaded")
    field(at, ":t:title:en").set_value("Edited title").run()
    # Change how much the trade family weighs in the first profile: scores move.
    field(at, ":n:profiles:0:families:trade").set_value("5").run()
    assert not errors(at)
    at.session_state["test_pages"] = ["scores"]
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Edited title"
    edited = load_assessment(PAIR)
    prof = edited.profiles[0]
    edited = edited.model_copy(
        update={
            "profiles": [
                prof.model_copy(update={"families": {**prof.families, "trade": 5.0}}),
                *edited.profiles[1:],
            ]
        }
    )
    r = score(edited, ScoringRequest.build(edited, profile=prof.id))
    baseline = r.scenario_ids.index(edited.baseline_id())
    assert at.metric[0].value == f"{r.scores[baseline]:.1f}"
    original = score(load_assessment(PAIR), ScoringRequest.build(load_assessment(PAIR)))
    assert at.metric[0].value != f"{original.scores[baseline]:.1f}"


def _apply_item(at: AppTest, item: str, value: str) -> AppTest:
    sel = next(s for s in at.selectbox if s.key.endswith("evidence:form_item"))
    sel.set_value(item).run()
    field(at, f"evidence:form:{item}:value").set_value(value)
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception, at.exception
    return at


def test_save_records_versions_diff_and_restore(folder):
    at = click(page(folder / "pair.yaml"), "ed:start_loaded")
    at.text_input(key="ed:save_as").set_value("made/new.yaml")
    at.text_input(key="ed:note").set_value("first save").run()
    at = click(at, "ed:save_as_btn")
    target = folder / "made" / "new.yaml"
    assert target.is_file()
    assert load_assessment(target) == load_assessment(PAIR)  # nothing dropped
    _apply_item(at, "ev-trade-2024", "150")
    assert not errors(at)
    at.text_input(key="ed:note").set_value("trade revised")
    at = click(at, "ed:save")
    assert any("version v2" in s.value for s in at.success)
    saved = load_assessment(target)
    assert saved.evidence[0].value == 150.0

    from engine.versions import history

    vs = history(target)
    assert [v.note for v in vs] == ["first save", "trade revised"]
    text = "\n".join(m.value for m in at.markdown)
    assert "ev-trade-2024 · value: 99 → 150" in text
    at.selectbox(key="ed:restore_which").set_value(1)
    at = click(at, "ed:restore_btn")
    assert load_assessment(target) == load_assessment(PAIR)
    assert len(history(target)) == 3


def test_second_writer_is_refused_and_asked(folder):
    from engine.versions import save_assessment

    path = folder / "pair.yaml"
    at = click(page(path), "ed:start_loaded")
    field(at, ":t:title:en").set_value("Mine").run()
    theirs = load_assessment(path)
    theirs = theirs.model_copy(update={"title": theirs.title.model_copy(update={"en": "Theirs"})})
    save_assessment(path, theirs, note="other tab")
    at = click(at, "ed:save")
    assert any("changed on disk" in e for e in errors(at))
    assert load_assessment(path).title.en == "Theirs"  # nothing lost
    at = click(at, "ed:reload")
    assert field(at, ":t:title:en").value == "Theirs"
    field(at, ":t:title:en").set_value("Mine again").run()
    at = click(at, "ed:save")
    assert load_assessment(path).title.en == "Mine again"


def test_overwrite_after_conflict_is_a_choice(folder):
    from engine.versions import history, save_assessment

    path = folder / "pair.yaml"
    at = click(page(path), "ed:start_loaded")
    field(at, ":t:title:en").set_value("Mine").run()
    save_assessment(path, load_assessment(path).model_copy(update={"method": "geometric"}))
    at = click(at, "ed:save")
    at = click(at, "ed:overwrite")
    assert load_assessment(path).title.en == "Mine"
    assert [v.note for v in history(path)][-1] == ""


@pytest.mark.parametrize("where", ["../outside.yaml", "/tmp/elsewhere.yaml", "notes.txt"])
def test_save_as_is_confined_to_the_folder(folder, where):
    at = click(page(folder / "pair.yaml"), "ed:start_loaded")
    at.text_input(key="ed:save_as").set_value(where).run()
    at = click(at, "ed:save_as_btn")
    assert any("inside" in e or ".yaml" in e for e in errors(at))
    assert not (folder.parent / "outside.yaml").exists()


def test_evidence_rows_round_trip_every_field():
    from dashboard.editor.draft import as_data
    from dashboard.editor.evidence import item_of, row_of

    for path in (PAIR, None):
        data = as_data(load_assessment(path))
        for k, item in enumerate(data["evidence"]):
            assert item_of(row_of(item, k), item) == item
            # a new row (no item behind it) keeps what the table shows
            fresh = item_of(row_of(item, None), None)
            for key in ("id", "indicator", "event_date", "value", "reliability", "summary"):
                assert fresh[key] == item[key]


def test_preview_is_the_engines_transform():
    from dashboard.editor.preview import points
    from engine.arrays import Compiled

    a = load_assessment(PAIR)
    compiled = Compiled.of(a)
    for k, ind in enumerate(a.indicators):
        pts = points(ind, n=11)
        xs = np.array([p["value"] for p in pts])
        raw = np.zeros((len(xs), len(a.indicators)))
        raw[:, k] = xs
        expected = compiled.intensities(raw)[:, k]
        assert np.allclose([p["intensity"] for p in pts], expected)
        assert 0 <= min(p["intensity"] for p in pts) <= max(p["intensity"] for p in pts) <= 1
