"""The drill-down of the Scores page, run headless by AppTest in both languages: a click on a
scenario's bar or on one of its contributions (the charts' selection state, as Streamlit sets
it from the browser) shows the indicators behind that scenario with the engine's own numbers,
the transform's goalposts, the value used and the evidence with its citations. The real click
in Chromium is tested in test_dashboard_drill_browser.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, drill
from engine import score
from engine.report import behind
from scenarios.loader import load_assessment
from tests.dashboard.pages import one_page

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_pair.yaml"
TIMEOUT = 120


def _page(lang: str, path: Path | None = None) -> AppTest:
    return one_page("scores", lang, path)


def _drill(at: AppTest) -> str:
    return next(m.value for m in at.markdown if 'id="drill"' in m.value)


def _points(table: str) -> dict[str, float]:
    return {
        k: float(v) for k, v in re.findall(r'data-indicator="([^"]+)" data-points="([^"]+)"', table)
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", [None, OTHER], ids=["builtin", "other_pair"])
def test_a_click_on_a_bar_shows_what_stands_behind_that_scenario(lang, path):
    a = load_assessment(path)
    r = score(a)
    at = _page(lang, path)
    s = len(r.scenario_ids) - 1  # not the one shown first
    label = charts.scenario_labels(r, lang)[s]
    at.session_state["pick_scores"] = {"selection": {"pick": [{"scenario": label}]}}
    at.run()
    assert not at.exception, at.exception
    name = a.scenario(r.scenario_ids[s]).name.get(lang)
    assert drill.t("title", lang, name=name) in [h.value for h in at.subheader]
    table = _drill(at)
    shown = _points(table)
    assert set(shown) == set(r.indicator_ids)
    for k, ind in enumerate(r.indicator_ids):
        assert shown[ind] == pytest.approx(float(r.contributions[s, k]), abs=1e-12)
    for b in behind(r, s):
        assert html.escape(drill.transform_words(b.indicator, lang)) in table
        for ev in b.evidence:
            assert html.escape(ev.summary.get(lang)) in table
            assert ev.event_date.isoformat() in table
    assert at.selectbox(key="detail").value == r.scenario_ids[s]
    # the click is applied once: the selectbox can still choose another scenario
    at.selectbox(key="detail").set_value(r.scenario_ids[0]).run()
    assert not at.exception, at.exception
    first = a.scenario(r.scenario_ids[0]).name.get(lang)
    assert drill.t("title", lang, name=first) in [h.value for h in at.subheader]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_click_on_a_contribution_focuses_on_that_indicator(lang):
    a = load_assessment(None)
    r = score(a)
    at = _page(lang)
    at.segmented_control(key="by").set_value("indicator").run()
    b = next(x for x in behind(r, 1) if x.evidence)  # an indicator with evidence behind it
    label = charts.scenario_labels(r, lang)[1]
    point = {"scenario": label, "part": b.indicator.name.get(lang)}
    at.session_state["pick_parts_indicator"] = {"selection": {"pick": [point]}}
    at.run()
    assert not at.exception, at.exception
    table = _drill(at)
    assert list(_points(table)) == [b.indicator.id]
    footnotes = a.source.footnotes if a.source is not None else {}
    text = "\n".join(m.value for m in at.markdown)
    for c in b.citations:
        note = footnotes.get(c, "")
        words = note if isinstance(note, str) else note.get(lang)  # plain, or in both languages
        assert c in table and html.escape(words) in text
    # "show every indicator" returns to the whole scenario
    at.button(key="drill_all").click().run()
    assert set(_points(_drill(at))) == set(r.indicator_ids)


def test_a_click_on_a_family_shows_its_indicators():
    a = load_assessment(OTHER)
    r = score(a)
    at = _page("en", OTHER)
    fam = a.families[-1]
    point = {"scenario": charts.scenario_labels(r, "en")[0], "part": fam.name.en}
    at.session_state["pick_parts_family"] = {"selection": {"pick": [point]}}
    at.run()
    assert not at.exception, at.exception
    assert set(_points(_drill(at))) == {i.id for i in a.indicators if i.family == fam.id}


def test_csv_of_the_drill_down_has_the_engines_points():
    a = load_assessment(None)
    r = score(a)
    rows = drill.csv_rows(behind(r, 0), "ar")
    assert [row[drill.t("points", "ar")] for row in rows] == [float(x) for x in r.contributions[0]]


def test_the_moved_count_reads_left_to_right_in_arabic():
    a = load_assessment(None)
    at = _page("ar")
    shown = [m.value for m in at.metric]
    assert f"\u20660 / {len(a.scenarios)}\u2069" in shown  # not "6 / 0" in the Arabic page
