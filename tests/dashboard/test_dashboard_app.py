"""The dashboard's script, run headless by Streamlit's AppTest: what the page shows must be what
the engine computes for the same settings, in either language, for any valid input, and bad
input must show the command line's message in the page instead of crashing."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import streamlit as st
import yaml
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from engine.score import score
from scenarios.loader import load_assessment
from tests.dashboard.pages import only
from tests.dashboard.weights_support import open_families
from tests.paths import ROOT

APP = str(ROOT / "dashboard" / "app.py")
OTHER = ROOT / "tests" / "data" / "other_pair.yaml"
TIMEOUT = 120  # the shared 2-core machine can be slow on a first run (imports, caches)

CELL = re.compile(
    r'data-scenario="([^"]+)" data-score="([^"]+)"><b><span class="num">([^<]+)</span>'
)


@pytest.fixture
def app():
    """A fresh session of the dashboard after its first run, with empty Streamlit caches."""
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    yield at
    st.cache_data.clear()


def shown(at: AppTest) -> dict[str, tuple[float, str]]:
    """Scenario id -> (exact score the page holds, the text it displays), from the ranking."""
    table = next(m.value for m in at.markdown if 'id="ranking"' in m.value)
    return {sid: (float(exact), text) for sid, exact, text in CELL.findall(table)}


def expect(result) -> dict[str, tuple[float, str]]:
    return {
        sid: (float(result.scores[s]), f"{result.scores[s]:.1f}")
        for s, sid in enumerate(result.scenario_ids)
    }


def errors(at: AppTest) -> str:
    """The error boxes' text as displayed (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(e.value for e in at.error))


def test_starts_on_the_builtin_case_with_the_engines_scores(app):
    a = load_assessment(None)
    assert app.title[0].value == a.title.en
    assert shown(app) == expect(score(a))
    assert app.radio(key="src").value == "builtin"
    assert app.selectbox(key="profile").value == a.default_profile_id
    assert not app.error and not app.warning


def test_moving_a_family_slider_shows_exactly_the_engines_score(app):
    a = load_assessment(None)
    app.slider(key="ws:f:troops").set_value(3.0).run()
    assert not app.exception, app.exception
    assert shown(app) == expect(score(a, profile="equal", set_weights={"troops": 3.0}))
    assert app.number_input(key="wn:f:troops").value == 3.0  # the pair stays in step
    # the family's effective share, live: troops 3 of 1+1+1+3
    assert any("50.0% of the score" in m.value for m in app.sidebar.markdown)


def test_the_number_input_moves_the_slider_and_the_scores(app):
    a = load_assessment(None)
    open_families(app)
    app.number_input(key="wn:i:personnel_in_country").set_value(2.5).run()
    assert app.slider(key="ws:i:personnel_in_country").value == 2.5
    expected = score(a, profile="equal", set_weights={"personnel_in_country": 2.5})
    assert shown(app) == expect(expected)


def test_what_moved_names_tier_changes_against_the_profile(app):
    a = load_assessment(None)
    app.slider(key="ws:f:troops").set_value(3.0).run()
    moved = score(a, profile="equal", set_weights={"troops": 3.0})
    own = score(a, profile="equal")
    changed = [
        a.scenario(sid).name.en
        for s, sid in enumerate(own.scenario_ids)
        if moved.tier_index[s] != own.tier_index[s]
    ]
    assert changed, "the test needs a weight change that moves a tier"
    warning = "\n".join(w.value for w in app.warning)
    for name in changed:
        assert name in warning
    table = next(m.value for m in app.markdown if 'id="ranking"' in m.value)
    assert table.count('class="moved"') == len(changed)  # ranks do not move here


def test_method_and_date_are_the_engines(app):
    a = load_assessment(None)
    app.selectbox(key="method").set_value("topsis").run()
    app.date_input(key="as_of").set_value(date(2025, 3, 1)).run()
    assert not app.exception, app.exception
    assert shown(app) == expect(score(a, method="topsis", as_of=date(2025, 3, 1)))
    assert _param(app, "method") == "topsis" and _param(app, "as_of") == "2025-03-01"


def test_a_family_and_an_indicator_sharing_an_id_is_refused_in_the_page(app, tiny):
    # family "talks" renamed "meetings": weights by id would be ambiguous, so the file is
    # invalid (scenarios.model) and the page says so instead of guessing.
    for fam in tiny["families"]:
        if fam["id"] == "talks":
            fam["id"] = "meetings"
    for ind in tiny["indicators"]:
        if ind["family"] == "talks":
            ind["family"] = "meetings"
    tiny["profiles"][0]["families"] = {"meetings": 1, "arms": 1}
    data = yaml.safe_dump(tiny, allow_unicode=True, sort_keys=False).encode("utf-8")
    app.radio(key="src").set_value("upload").run()
    app.file_uploader[0].set_value(("same_ids.yaml", data, "text/yaml")).run()
    assert not app.exception, app.exception
    assert any("also a family id" in e.value for e in app.error)


def test_reset_returns_to_the_profiles_weights(app):
    a = load_assessment(None)
    app.slider(key="ws:f:visits").set_value(4.0).run()
    assert shown(app) != expect(score(a))
    app.button[0].click().run()  # the sidebar's only plain button is the reset
    assert app.slider(key="ws:f:visits").value == 1.0
    assert shown(app) == expect(score(a))


def test_effective_weights_sum_to_100_percent(app):
    app.slider(key="ws:f:troops").set_value(2.0).run()
    table = next(d.value for d in app.dataframe if t("weight_pct", "en") in d.value.columns)
    column = table[t("weight_pct", "en")]
    assert column.iloc[-1] == pytest.approx(100.0)
    assert column.iloc[:-1].sum() == pytest.approx(100.0)
    r = score(load_assessment(None), set_weights={"troops": 2.0})
    assert list(column.iloc[:-1]) == pytest.approx(list(100 * r.weights))


def test_switching_language_switches_labels_and_keeps_numbers(app):
    a = load_assessment(None)
    before = shown(app)
    app.segmented_control(key="lang").set_value("ar").run()
    assert app.title[0].value == a.title.ar
    assert app.selectbox(key="profile").label == t("profile", "ar")
    assert app.radio(key="src").label == t("assessment", "ar")
    assert t("what_moved", "ar") in [h.value for h in app.subheader]
    assert shown(app) == before
    app.segmented_control(key="lang").set_value("en").run()
    assert app.selectbox(key="profile").label == t("profile", "en")


def test_a_valid_upload_is_scored(app):
    data = OTHER.read_bytes()
    app.radio(key="src").set_value("upload").run()
    app.file_uploader[0].set_value(("other_pair.yaml", data, "application/x-yaml")).run()
    assert not app.exception, app.exception
    other = load_assessment(OTHER)
    assert app.title[0].value == other.title.en
    assert shown(app) == expect(score(other))
    assert not app.error
    app.segmented_control(key="lang").set_value("ar").run()  # the upload survives
    assert app.title[0].value == other.title.ar
    assert shown(app) == expect(score(other))


def test_an_invalid_upload_shows_the_command_lines_message(app, tiny, write_yaml, cli):
    tiny["indicators"][0]["famly"] = tiny["indicators"][0].pop("family")
    path = write_yaml(tiny, "broken.yaml")
    result = cli("validate", path)
    assert result.code == 2
    message = result.err.removeprefix("taqdir: error: ").strip().replace(str(path), "broken.yaml")
    app.radio(key="src").set_value("upload").run()
    app.file_uploader[0].set_value(("broken.yaml", path.read_bytes(), "text/yaml")).run()
    assert not app.exception, app.exception
    shown_error = errors(app)
    assert "unknown key 'famly'" in shown_error and "line " in shown_error
    for line in message.splitlines():  # every problem the command line names, word for word
        assert line in shown_error


def test_a_missing_path_is_a_message_not_a_crash(app, tmp_path):
    app.radio(key="src").set_value("path").run()
    app.text_input(key="path").input(str(tmp_path / "nowhere.yaml")).run()
    assert not app.exception, app.exception
    assert "no such file" in errors(app)
    app.text_input(key="path").input(str(tmp_path / "notes.txt")).run()
    assert ".yaml" in errors(app)


def test_all_zero_weights_are_explained(app):
    for fam in ("visits", "agreements", "consulate", "troops"):
        app.slider(key=f"ws:f:{fam}").set_value(0.0).run()
    assert not app.exception, app.exception
    assert "every weight is zero" in errors(app)


def test_sampling_shows_the_engines_interval(app):
    a = load_assessment(None)
    app.toggle(key="mc").set_value(True).run()
    assert not app.exception, app.exception
    r = score(a, samples=2000, seed=1)
    table = next(m.value for m in app.markdown if 'id="ranking"' in m.value)
    u = r.uncertainty
    for s in range(len(r.scenario_ids)):
        assert f"{u.p05[s]:.1f} – {u.p95[s]:.1f}" in table
    assert _param(app, "mc") == "2000" and _param(app, "seed") == "1"


def _param(at: AppTest, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_the_link_restores_and_records_the_view():
    st.cache_data.clear()
    a = load_assessment(None)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"lang": "ar", "profile": "security_lens", "fw": "troops:2"})
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == a.title.ar
    expected = score(a, profile="security_lens", set_weights={"troops": 2.0})
    assert shown(at) == expect(expected)
    at.slider(key="ws:f:visits").set_value(2.5).run()
    assert _param(at, "profile") == "security_lens"
    assert set(_param(at, "fw").split(",")) == {"troops:2", "visits:2.5"}
    assert _param(at, "lang") == "ar"


def test_a_bad_link_is_ignored_with_a_note():
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"profile": "no_such", "fw": "nope:2,troops:x"})
    at.run()
    assert not at.exception, at.exception
    note = "\n".join(w.value for w in at.warning)
    assert "profile=no_such" in note and "nope" in note and "troops:x" in note
    assert shown(at) == expect(score(load_assessment(None)))


def test_saving_a_profile_writes_what_the_command_line_reads(tmp_path, cli):
    st.cache_data.clear()
    case = tmp_path / "case.yaml"
    case.write_bytes(OTHER.read_bytes())
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.radio(key="src").set_value("path").run()
    at.text_input(key="path").input(str(case)).run()
    at.slider(key="ws:f:security").set_value(2.0).run()
    open_families(at)
    at.number_input(key="wn:i:trade_volume_musd").set_value(3.0).run()
    at.text_input(key="save_id").input("analyst_b").run()
    at.text_input(key="save_en").input("Analyst B").run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert t("download_yaml", "en") in labels  # the sidebar's YAML download is offered
    write = next(b for b in at.button if b.label == t("write_next", "en"))
    write.click().run()
    assert not at.exception, at.exception
    saved = tmp_path / "analyst_b.profile.yaml"
    assert saved.exists()
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["families"]["security"] == 2.0
    assert data["indicators"] == {"trade_volume_musd": 3.0}
    run = cli("score", case, "--weights", saved, "--format", "json")
    assert run.code == 0, run.err
    on_page = shown(at)
    for row in run.json()["results"]:
        assert on_page[row["scenario"]][0] == pytest.approx(row["score"], abs=1e-12)
    # the saved file is now offered as a profile of this assessment
    assert "Analyst B (file)" in at.selectbox(key="profile").options
    assert str(saved) in "\n".join(s.value for s in at.success)


def test_evidence_page_lists_items_and_filters_by_family():
    st.cache_data.clear()
    a = load_assessment(None)
    at = AppTest.from_function(only, args=("evidence",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    table = next(m.value for m in at.markdown if 'id="evidence"' in m.value)
    for ev in a.evidence:
        assert html.escape(ev.summary.en) in table
    assert "[5]" in table and "A2" in table
    troops = [e for e in a.evidence if a.indicator(e.indicator).family == "troops"]
    at.button_group(key="ev_families").set_value(["troops"]).run()
    assert at.caption[0].value == t("count_shown", "en", n=len(troops), total=len(a.evidence))


def test_scenarios_page_shows_narratives_and_raw_values():
    st.cache_data.clear()
    a = load_assessment(None)
    at = AppTest.from_function(only, args=("scenarios",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    for sc in a.scenarios:
        if sc.narrative is not None:
            assert sc.narrative.en in text
    alliance = next(m.value for m in at.markdown if 'data-scenario="military_alliance"' in m.value)
    assert "400" in alliance  # personnel_in_country's likely value in that scenario


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_failing_view_shows_a_message_in_its_language_not_a_traceback(monkeypatch, lang):
    import dashboard.views.scores as scores_view

    def broken(ctx):
        raise KeyError(None)

    monkeypatch.setattr(scores_view, "render", broken)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    message = errors(at)
    assert t("view_failed", lang, error="KeyError: None") in message
    # the rest of the app keeps working: the sidebar still scores and moves
    at.number_input(key="wn:f:troops").set_value(3.0).run()
    assert not at.exception
    assert at.session_state["wv:f:troops"] == 3.0
