"""The dashboard's Runs page, run headless by Streamlit's AppTest on a run stored by the
engine: what it shows (counts, distribution, rows, tipping map) is what `engine.runs.explore`
computes from the store."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from engine.runs import explore
from engine.runs.runner import start
from engine.runs.store import Store
from scenarios.batch import load_batch
from tests.dashboard.pages import only
from tests.paths import ROOT

TIMEOUT = 120


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def page() -> AppTest:
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_function(only, args=("runs",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def test_empty_store_says_how_to_make_a_run(home):
    at = page()
    assert any("taqdir batch FILE" in i.value for i in at.info)


def test_runs_page_shows_the_engines_numbers(home):
    path = ROOT / "scenarios" / "data" / "batches" / "troops_sectors_representation.yaml"
    outcome = start(load_batch(path), store=Store(home))
    view = explore.open_run(outcome.run.id, Store(home))
    at = page()
    assert at.selectbox(key="runs_run").value == outcome.run.id
    assert at.metric[1].value == str(outcome.run.row_count)

    # The distribution chart counts what the engine counts.
    spec = at.get("vega_lite_chart")[0].proto.spec
    h = explore.histograms(view, explore.Filter())
    assert sum(sum(s["counts"]) for s in h["series"]) == outcome.run.row_count
    assert '"profile"' in spec

    # Filtering by a tier shows only that tier's rows, as many as the summary counts.
    at.multiselect(key="runs_profiles").set_value(["security_lens"])
    at.multiselect(key="runs_tiers").set_value(["strategic_partnership"]).run()
    assert not at.exception, at.exception
    counts = outcome.summary["distribution"][1]["counts"]["strategic_partnership"]
    shown = at.dataframe[0].value
    strategic = view.record.tier_names["strategic_partnership"]["en"]
    assert set(shown["Tier"]) == {strategic} and len(shown) == min(counts, 500)
    lens = load_batch(path).assessment.profile("security_lens").name.en
    assert set(shown["Profile"]) == {lens}
    assert f"{counts} rows match" in "\n".join(c.value for c in at.caption)

    # Tipping map: personnel × sectors, representation fixed at its first level.
    assert at.selectbox(key="runs_sweep").value == "troops_sectors_representation"
    sweep = explore.grid_sweeps(view)[0]
    m = explore.tipping_map(
        view,
        sweep,
        "personnel_in_country",
        "sectors_implemented",
        "equal",
        "arithmetic",
        {"representation_level": 0.0},
    )
    assert len(m.cells()) == 8 * 7
    spec = at.get("vega_lite_chart")[-1].proto.spec
    assert '"rect"' in spec and m.tiers[0][0] in {
        "institutional_partnership",
        "pragmatic_cooperation",
    }


def test_runs_page_in_arabic(home):
    path = ROOT / "scenarios" / "data" / "batches" / "tipping_map.yaml"
    start(load_batch(path), store=Store(home))
    at = page()
    at.segmented_control(key="lang").set_value("ar").run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "خريطة التحوّل" in text and "توزيع الدرجات" in text


def test_runs_page_in_arabic_names_what_it_shows(home):
    """No English left in the Arabic Runs page: the table's columns and values, the filters'
    options and placeholders, the run label and the charts' fields are in Arabic; the run's id
    stays (an analyst types it into `taqdir`), isolated beside the batch's Arabic title."""
    path = ROOT / "scenarios" / "data" / "batches" / "troops_sectors_representation.yaml"
    outcome = start(load_batch(path), store=Store(home))
    loaded = load_batch(path)
    a = loaded.assessment
    at = page()
    at.segmented_control(key="lang").set_value("ar").run()
    assert not at.exception, at.exception

    run = at.selectbox(key="runs_run")
    label = run.format_func(run.value)
    assert loaded.batch.title is not None and loaded.batch.title.ar in label
    assert f"\u2066{outcome.run.id}\u2069" in label

    shown = at.dataframe[0].value
    assert {"المتغير", "السيناريو", "ملف الأوزان", "الطريقة", "الدرجة", "المستوى"} <= set(
        shown.columns
    )
    assert not any(c.startswith("raw.") for c in shown.columns)
    assert a.indicator("personnel_in_country").name.ar in shown.columns
    assert set(shown["ملف الأوزان"]) <= {p.name.ar for p in a.profiles}
    assert set(shown["السيناريو"]) <= {x.name.ar for x in a.scenarios}
    levels = {lv.name.ar for lv in a.indicator("representation_level").transform.levels}
    assert set(shown[a.indicator("representation_level").name.ar]) <= levels

    for key in ("runs_profiles", "runs_methods", "runs_tiers"):
        ms = at.multiselect(key=key)
        assert ms.placeholder == "الكل"
    assert at.multiselect(key="runs_profiles").format_func("equal") == a.profile("equal").name.ar
    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    assert spec["encoding"]["color"]["title"] == "ملف الأوزان"
    values = {p.name.ar for p in a.profiles}
    data = chart.data.data  # the rows (Arrow bytes) Streamlit sends beside the spec
    assert all(v.encode() in data for v in values) and b"security_lens" not in data


def test_batch_form_dropdowns_speak_arabic(home):
    """Streamlit's own dropdown text the app can set ("Choose options") and the options of the
    batch form (profiles, methods) are in the page's language."""
    a = load_batch(
        ROOT / "scenarios" / "data" / "batches" / "troops_sectors_representation.yaml"
    ).assessment
    at = page()
    at.segmented_control(key="lang").set_value("ar").run()
    assert not at.exception, at.exception
    for key in ("bf:inds", "bf:profiles", "bf:methods"):
        assert at.multiselect(key=key).placeholder == "اختر واحدًا أو أكثر…"
    profiles = at.multiselect(key="bf:profiles")
    assert [profiles.format_func(p) for p in a.profile_ids] == [p.name.ar for p in a.profiles]
    assert "حسابية" in at.multiselect(key="bf:methods").format_func("arithmetic")


def test_upload_box_explains_itself_in_arabic(home):
    at = page()
    at.segmented_control(key="lang").set_value("ar").run()
    at.radio(key="src").set_value("upload").run()
    assert not at.exception, at.exception
    proto = at.get("file_uploader")[0].proto
    assert proto.label == "ملف التقدير (YAML أو JSON)" and "أفلِت" in proto.help
