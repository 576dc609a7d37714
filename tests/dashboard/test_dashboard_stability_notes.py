"""The stability note under each weight slider of the sidebar: it is there for every family and
indicator slider, in English and Arabic, its numbers are `engine.robust.analyses.slider_stability`'s
for the weights as set, the method and the date, and a weight moved just past either end of
the interval really changes a tier (checked with the engine), while one just inside does not."""

from __future__ import annotations

import html
import math
import re
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from engine import robust as robustness
from engine.score import score
from scenarios.loader import load_assessment
from scenarios.model import Assessment, Profile
from tests.dashboard.weights_support import open_families
from tests.paths import ROOT

APP = str(ROOT / "dashboard" / "app.py")
OTHER = ROOT / "tests" / "data" / "other_pair.yaml"
TIMEOUT = 120

NOTE = re.compile(r'<span class="stab" data-wid="([^"]+)"(?: data-lo="([^"]+)" data-hi="([^"]+)")?')
NUM = re.compile(r'<span class="num">([^<]+)</span>')


@pytest.fixture
def app():
    st.cache_data.clear()
    at = open_families(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    assert not at.exception, at.exception
    yield at
    st.cache_data.clear()


def notes(at: AppTest) -> dict[str, tuple[float | None, float | None, list[str], str]]:
    """Slider id -> (exact lo, exact hi, the numbers displayed, the note's HTML)."""
    out = {}
    for m in at.sidebar.markdown:
        for found in NOTE.finditer(m.value):
            wid, lo, hi = found.groups()
            body = m.value[found.start() : m.value.index("</span></div>", found.start())]
            shown = NUM.findall(body)
            out[wid] = (
                None if lo is None else float(lo),
                None if hi is None else float(hi),
                shown,
                body,
            )
    return out


def weighted(a: Assessment, profile: Profile, fw=None, iw=None) -> Profile:  # type: ignore[no-untyped-def]
    """The profile with some family weights / indicator shares replaced, as the sidebar sets."""
    families = {f.id: profile.families.get(f.id, 0.0) for f in a.families} | (fw or {})
    shares = {i.id: profile.indicators.get(i.id, 1.0) for i in a.indicators} | (iw or {})
    return profile.model_copy(update={"families": families, "indicators": shares})


def engine_intervals(a: Assessment, profile: Profile, **kw) -> dict:  # type: ignore[no-untyped-def]
    return robustness.slider_stability(robustness.prepare(a, profile=profile, **kw))


def check_against_engine(at: AppTest, expected: dict, a: Assessment, lang: str = "en") -> None:
    shown = notes(at)
    wids = {f"f:{f.id}" for f in a.families} | {f"i:{i.id}" for i in a.indicators}
    assert set(shown) == wids, "a note under every family and indicator slider"
    for wid, (lo, hi, numbers, body) in shown.items():
        iv = expected.get(wid)
        if iv is None:  # holds all the weight: nothing to trade against
            assert lo is None and html.escape(t("stable_none", lang)) in body
            continue
        assert lo == pytest.approx(iv.lo, abs=1e-12) and hi == pytest.approx(iv.hi, abs=1e-12)
        down, up = iv.below is not None, iv.above is not None and math.isfinite(iv.hi)
        if down and up:
            assert numbers == [f"{iv.lo:.2f}", f"{iv.hi:.2f}"]
        elif up:
            assert numbers == ["0", f"{iv.hi:.2f}"]
        elif down:
            assert numbers == [f"{iv.lo:.2f}"]
        else:
            assert numbers == []
        key = {(1, 1): "stable_both", (0, 1): "stable_to_zero", (1, 0): "stable_up"}
        words = t(key.get((int(down), int(up)), "stable_any"), lang)
        for piece in re.split(r"\{lo\}|\{hi\}", words):
            assert html.escape(piece) in body


def test_every_slider_has_the_engines_interval_in_english_and_arabic(app):
    a = load_assessment(None)
    expected = engine_intervals(a, a.profile(a.default_profile_id))
    check_against_engine(app, expected, a)
    # The built-in case has three of the four kinds: both ends, none down to 0, none up.
    text = "\n".join(m.value for m in app.sidebar.markdown)
    assert 'stable <span class="num">0.58</span>–<span class="num">1.57</span> · tier' in text
    assert "down to 0 no tier changes" in text
    assert "however high no tier changes" in text
    app.segmented_control(key="lang").set_value("ar").run()
    assert not app.exception, app.exception
    check_against_engine(app, expected, a, "ar")
    visits = notes(app)["f:visits"][3]
    # Arabic words around left-to-right numbers (the page's .num spans keep them LTR).
    assert 'ثابت من <span class="num">0.58</span> إلى <span class="num">1.57</span>' in visits
    # The tooltip names the scenario and the tiers of the first change past each end.
    assert "ينتقل" in visits and "\u2066" in visits


def test_the_notes_follow_the_weights_the_method_and_the_date(app):
    a = load_assessment(None)
    equal = a.profile(a.default_profile_id)
    app.slider(key="ws:f:troops").set_value(2.0).run()
    app.number_input(key="wn:i:representation_level").set_value(0.5).run()
    moved = weighted(a, equal, {"troops": 2.0}, {"representation_level": 0.5})
    check_against_engine(app, engine_intervals(a, moved), a)
    app.selectbox(key="method").set_value("geometric").run()
    check_against_engine(app, engine_intervals(a, moved, method="geometric"), a)
    app.selectbox(key="method").set_value("topsis").run()
    app.date_input(key="as_of").set_value(date(2025, 3, 1)).run()
    assert not app.exception, app.exception
    expected = engine_intervals(a, moved, method="topsis", as_of=date(2025, 3, 1))
    check_against_engine(app, expected, a)


def test_a_weight_just_outside_the_interval_changes_a_tier_on_the_page(app):
    a = load_assessment(None)
    visits = notes(app)["f:visits"]
    lo, hi = visits[0], visits[1]
    base = score(a).tier_index
    # The slider steps by 0.1: the first step past the upper end, and the last one inside.
    outside, inside = math.ceil(hi * 10) / 10, math.floor(hi * 10) / 10
    assert lo < inside < hi < outside
    for value, changes in ((inside, False), (outside, True), (math.floor(lo * 10) / 10, True)):
        app.slider(key="ws:f:visits").set_value(value).run()
        assert not app.exception, app.exception
        tiers = score(a, set_weights={"visits": value}).tier_index
        assert (tiers != base).any() == changes
        warning = "\n".join(w.value for w in app.warning)
        names = [a.scenario(sid).name.en for sid in score(a).scenario_ids]
        moved = [n for s, n in enumerate(names) if tiers[s] != base[s]]
        assert all(f"**{n}**: tier" in warning for n in moved)
        assert bool(moved) == changes
        # ... and the note is recomputed for the weight as now set: the slider is inside it.
        new_lo, new_hi, _, _ = notes(app)["f:visits"]
        assert new_lo <= value <= new_hi


def test_another_assessment_and_a_slider_free_at_any_weight(app):
    other = load_assessment(OTHER)
    app.radio(key="src").set_value("upload").run()
    app.file_uploader[0].set_value(("other.yaml", OTHER.read_bytes(), "text/yaml")).run()
    open_families(app)
    assert not app.exception, app.exception
    expected = engine_intervals(other, other.profile(other.default_profile_id))
    check_against_engine(app, expected, other)
    assert "stable at any weight · no tier changes" in notes(app)["i:trade_volume_musd"][3]


def test_a_slider_holding_all_the_weight_says_moving_it_changes_nothing(app):
    for fam in ("visits", "agreements", "consulate"):
        app.slider(key=f"ws:f:{fam}").set_value(0.0).run()
    assert not app.exception, app.exception
    shown = notes(app)
    assert shown["f:troops"][0] is None and "changes no score" in shown["f:troops"][3]
    # An indicator of a family weighing 0 moves no score either.
    assert shown["i:senior_visits_12m"][0] is None
    # ... which the engine confirms: with troops alone, its weight does not matter.
    a = load_assessment(None)
    zero = {"visits": 0.0, "agreements": 0.0, "consulate": 0.0}
    one = score(a, set_weights=zero | {"troops": 1.0}).scores
    assert score(a, set_weights=zero | {"troops": 4.0}).scores.tolist() == one.tolist()


def _cases():  # type: ignore[no-untyped-def]
    for a in (load_assessment(None), load_assessment(OTHER)):
        for profile in a.profiles:
            for method in ("arithmetic", "geometric", "topsis"):
                yield a, profile, method


@pytest.mark.parametrize(
    "a,profile,method",
    list(_cases()),
    ids=lambda v: getattr(v, "id", v),
)
def test_just_past_each_end_a_tier_changes_and_just_inside_none_does(a, profile, method):
    """Engine-level, every slider of both test cases under every profile and method: the
    sidebar's intervals are exact, not just the first change the sweep happened to see."""
    families = {f.id: profile.families.get(f.id, 0.0) for f in a.families}
    shares = {i.id: profile.indicators.get(i.id, 1.0) for i in a.indicators}
    base = score(a, profile=profile, method=method).tier_index
    checked = 0
    for wid, iv in engine_intervals(a, profile, method=method).items():
        kind, item = wid.split(":", 1)
        for end, exists, step in ((iv.lo, iv.below, -1), (iv.hi, iv.above, 1)):
            if exists is None or not math.isfinite(end):
                continue
            for margin, changes in ((1e-6, True), (-1e-6, False)):
                value = end * (1 + step * margin) + step * margin * 1e-3
                fw = families | ({item: value} if kind == "f" else {})
                iw = shares | ({item: value} if kind == "i" else {})
                p = profile.model_copy(update={"families": fw, "indicators": iw})
                tiers = score(a, profile=p, method=method).tier_index
                assert (tiers != base).any() == changes, (wid, end, value)
                checked += 1
    assert checked >= 8


def test_a_threshold_touched_only_with_all_the_weight_is_no_change():
    """Regression: in the second test case a scenario's score reaches a tier's lower bound
    exactly when one indicator holds all its family's weight (an infinite slider); float noise
    put the root just below t = 1 and the slider's end at 1.5e15 instead of none."""
    other = load_assessment(OTHER)
    iv = engine_intervals(other, other.profile("balanced"))["i:investment_projects"]
    assert iv.above is None and iv.hi == math.inf
