"""The sidebar's weights as an analyst expects them: percentages of the score (raw units a
toggle away), a lock per family, a reset per weight, all carried by the link; and the lock
rule of `dashboard.shares` as laws (hypothesis)."""

from __future__ import annotations

import math

import pytest
import streamlit as st
from hypothesis import given
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from dashboard import shares
from engine.score import score
from scenarios.loader import load_assessment
from tests.dashboard.weights_support import open_families
from tests.paths import ROOT

APP = str(ROOT / "dashboard" / "app.py")
OTHER = ROOT / "tests" / "data" / "other_pair.yaml"
TIMEOUT = 120

weight = hs.floats(0.0, 10.0, allow_nan=False)
families = hs.dictionaries(hs.sampled_from("abcdef"), weight, min_size=2, max_size=6).filter(
    lambda d: sum(d.values()) > 0.1
)


@given(families, hs.data())
def test_a_family_set_in_percent_gets_it_and_the_locked_keep_theirs(fams, data):
    ids = sorted(fams)
    moved = data.draw(hs.sampled_from(ids))
    locked = data.draw(hs.lists(hs.sampled_from([f for f in ids if f != moved]), unique=True))
    part = data.draw(hs.floats(0.0, 1.0))
    before = shares.family_parts(fams)
    after = shares.set_family_part(fams, moved, part, locked)
    parts = shares.family_parts(after)
    assert math.isclose(sum(after.values()), sum(fams.values()), rel_tol=1e-9)  # raw total kept
    for f in locked:
        assert parts[f] == pytest.approx(before[f], abs=1e-9)
    held = sum(before[f] for f in locked)
    free = [f for f in ids if f != moved and f not in locked]
    want = min(part, 1 - held) if free else 1 - held
    assert parts[moved] == pytest.approx(max(want, 0.0), abs=1e-9)
    assert sum(parts.values()) == pytest.approx(1.0, abs=1e-9)


@given(families, hs.data())
def test_a_raw_move_keeps_the_locked_families_parts(fams, data):
    ids = sorted(fams)
    moved = data.draw(hs.sampled_from(ids))
    locked = data.draw(hs.lists(hs.sampled_from([f for f in ids if f != moved]), unique=True))
    value = data.draw(hs.floats(0.1, 10.0))
    before = shares.family_parts(fams)
    after = shares.move_family_raw(fams, moved, value, locked)
    free = sum(v for f, v in fams.items() if f not in locked and f != moved) + value
    if free > 0 and sum(before[f] for f in locked) < 1:
        parts = shares.family_parts(after)
        for f in locked:
            assert parts[f] == pytest.approx(before[f], abs=1e-9)
    assert after[moved] == value
    for f in ids:  # the unlocked others keep their raw weights
        if f != moved and f not in locked:
            assert after[f] == fams[f]


@given(hs.lists(weight, min_size=2, max_size=5).filter(lambda v: sum(v) > 0.1), hs.data())
def test_an_indicator_set_in_percent_leaves_its_family_part_alone(values, data):
    fams = {"x": 2.0, "y": 1.0}
    family_of = {f"i{k}": "x" for k in range(len(values))} | {"j": "y"}
    share = {f"i{k}": v for k, v in enumerate(values)} | {"j": 1.0}
    moved = data.draw(hs.sampled_from([f"i{k}" for k in range(len(values))]))
    part = data.draw(hs.floats(0.0, 1.0))
    after = shares.set_indicator_part(fams, share, family_of, moved, part)
    parts = shares.indicator_parts(fams, after, family_of)
    assert parts[moved] == pytest.approx(min(part, 2 / 3), abs=1e-9)
    assert sum(p for i, p in parts.items() if family_of[i] == "x") == pytest.approx(2 / 3)
    assert after["j"] == 1.0


def shown_scores(at: AppTest) -> dict[str, float]:
    import re

    text = next(m.value for m in at.markdown if 'id="ranking"' in m.value)
    return {
        sid: float(v)
        for sid, v in re.findall(r'data-scenario="([^"]+)" data-score="([^"]+)"', text)
    }


@pytest.fixture
def app():
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    yield at
    st.cache_data.clear()


def test_percent_mode_shows_parts_of_the_score_and_the_lock_holds(app):
    a = load_assessment(None)
    app.toggle(key="w_pct").set_value(True).run()
    values = {f.id: app.slider(key=f"ws:f:{f.id}").value for f in a.families}
    assert values == {"visits": 25.0, "agreements": 25.0, "consulate": 25.0, "troops": 25.0}
    app.checkbox(key="lock:visits").check().run()
    app.slider(key="ws:f:troops").set_value(50.0).run()
    assert not app.exception, app.exception
    values = {f.id: app.slider(key=f"ws:f:{f.id}").value for f in a.families}
    assert values == {"visits": 25.0, "agreements": 12.5, "consulate": 12.5, "troops": 50.0}
    assert app.slider(key="ws:f:visits").disabled  # a locked family is not moved by hand
    raw = {f.id: app.session_state[f"wv:f:{f.id}"] for f in a.families}
    assert raw == {"visits": 1.0, "agreements": 0.5, "consulate": 0.5, "troops": 2.0}
    want = score(a, profile="equal", set_weights=raw)
    got = shown_scores(app)
    assert got == {sid: float(want.scores[s]) for s, sid in enumerate(want.scenario_ids)}
    assert app.query_params["wpct"] == "1" and app.query_params["lock"] == "visits"
    # an indicator in percent of the score: its family keeps its 50%
    open_families(app)
    first = next(i.id for i in a.indicators if i.family == "troops")
    app.slider(key=f"ws:i:{first}").set_value(30.0).run()
    assert app.slider(key=f"ws:i:{first}").value == 30.0
    members = [i.id for i in a.indicators if i.family == "troops"]
    assert sum(app.slider(key=f"ws:i:{i}").value for i in members) == pytest.approx(50.0, abs=0.05)
    # raw units again: the same weights, as the profile and the link write them
    app.toggle(key="w_pct").set_value(False).run()
    assert app.slider(key="ws:f:troops").value == 2.0


def test_a_reset_beside_a_weight_brings_back_the_profiles_value(app):
    assert not [b for b in app.button if b.key == "reset:f:troops"]  # nothing moved yet
    app.slider(key="ws:f:troops").set_value(3.0).run()
    app.slider(key="ws:f:visits").set_value(2.0).run()
    app.button(key="reset:f:troops").click().run()
    assert not app.exception, app.exception
    assert app.slider(key="ws:f:troops").value == 1.0  # the profile's value
    assert app.slider(key="ws:f:visits").value == 2.0  # the other weight is left alone
    assert app.query_params["fw"] == "visits:2"


def test_the_link_restores_percent_mode_and_locks_on_another_assessment():
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    other = load_assessment(OTHER)
    fid = other.families[0].id
    at.query_params.update({"file": str(OTHER), "wpct": "1", "lock": f"{fid},nope"})
    at.run()
    assert not at.exception, at.exception
    assert at.toggle(key="w_pct").value is True
    assert at.checkbox(key=f"lock:{fid}").value is True
    total = sum(at.slider(key=f"ws:f:{f.id}").value for f in other.families)
    assert total == pytest.approx(100.0, abs=0.05)


def test_arabic_labels_for_the_new_controls(app):
    app.segmented_control(key="lang").set_value("ar").run()
    app.slider(key="ws:f:troops").set_value(3.0).run()
    assert app.toggle(key="w_pct").label == "المنزلقات بالنسبة المئوية من الدرجة"
    assert app.checkbox(key="lock:visits").label == "قفل"
    # the number in the reset's label is isolated left to right inside the Arabic text
    assert app.button(key="reset:f:troops").label == "العودة إلى \u20661\u2069"
