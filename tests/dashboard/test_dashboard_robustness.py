"""The Robustness page, run headless by Streamlit's AppTest: what it shows is what
`engine.robust` (analyses, sensitivity, elicitation) computes for the same settings,
and the AHP editor's weights reach the sidebar's sliders."""

from __future__ import annotations

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import ahp_editor
from engine import robust as robustness
from engine.robust import elicit, sensitivity
from scenarios.loader import load_assessment
from tests.dashboard.pages import only

TIMEOUT = 120


def page() -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("robustness",), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, key: str, lang: str = "en") -> AppTest:
    """Open one tab of the page (only the open tab is computed and drawn) and rerun."""
    from dashboard.views.robustness import t

    at.session_state["rob_tab"] = t(key, lang)
    at.run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, table_id: str) -> str:
    return next(m.value for m in at.markdown if f'id="{table_id}"' in m.value)


def test_the_page_is_registered():
    from dashboard.app import PAGES

    assert ("robustness", "Robustness", "المتانة", ":material/shield:") in PAGES


def test_acceptability_words_and_table_are_the_engines():
    at = page()
    st_ = robustness.prepare(load_assessment(None))
    res = robustness.acceptability(st_, robustness.weight_model(st_), samples=20_000, seed=1)
    text = "\n".join(m.value for m in at.markdown)
    for s in range(len(st_.ids)):
        assert res.sentence(s, "en") in text
    shown = table(at, "robust-acceptability")
    assert f"{res.acc.confidence[1]:.1%}" in shown  # the military alliance's confidence factor
    # Uniform weights change the numbers the same way the engine does.
    at.selectbox(key="rob_model").set_value("uniform").run()
    assert not at.exception, at.exception
    uni = robustness.acceptability(
        st_, robustness.weight_model(st_, "uniform"), samples=20_000, seed=1
    )
    assert uni.sentence(st_.baseline(), "en") in "\n".join(m.value for m in at.markdown)


def test_tornado_and_stability_tables():
    at = open_tab(page(), "tab_tornado")
    st_ = robustness.prepare(load_assessment(None))
    bars = sensitivity.tornado(st_, 0.1).bars(st_.baseline())
    shown = table(at, "robust-tornado")
    lo, hi = bars[0]["score"]
    assert f"{lo:.1f} → {hi:.1f}" in shown
    sliders = robustness.slider_stability(st_)
    stab = table(open_tab(at, "tab_stab"), "robust-stability")
    visits = sliders["f:visits"]
    assert f"can move from {visits.lo:.2f} to {visits.hi:.2f} before a tier changes" in stab
    assert 'id="robust-tornado"' not in "".join(m.value for m in at.markdown)  # closed tab
    open_tab(at, "tab_tornado").selectbox(key="rob_tornado_scenario").set_value(
        "military_alliance"
    ).run()
    bars = sensitivity.tornado(st_, 0.1).bars(st_.index("military_alliance"))
    assert f"{bars[0]['score'][0]:.1f} → {bars[0]['score'][1]:.1f}" in table(at, "robust-tornado")


def test_ahp_editor_live_consistency_and_feeding_the_sliders():
    at = open_tab(page(), "tab_ahp")
    assert at.metric[0].value == "0.000"  # all judgements "equal": perfectly consistent
    # Row item first in the key; a negative choice favours the column item.
    at.select_slider(key="ahp::visits:troops").set_value(-5)  # troops 5× visits …
    at.select_slider(key="ahp::agreements:troops").set_value(-3)  # … troops 3× agreements
    at.select_slider(key="ahp::visits:agreements").set_value(-9)  # agreements 9× visits
    at.run()
    assert not at.exception, at.exception
    families = ["visits", "agreements", "consulate", "troops"]
    m = np.ones((4, 4))
    for i, j, v in ((3, 0, 5), (3, 1, 3), (1, 0, 9)):
        m[i, j], m[j, i] = v, 1 / v
    want = elicit.ahp(m, families)
    assert at.metric[0].value == f"{want.consistency_ratio:.3f}"
    assert want.consistency_ratio > 0.1 and "most inconsistent" in at.warning[0].value
    at.button(key="ahp_use").click().run()
    assert not at.exception, at.exception
    for f, w in zip(families, want.weights, strict=True):
        assert at.session_state[f"wv:f:{f}"] == round(float(w) * 4, 2)
    assert any("AHP weights" in s.value for s in at.success)


def test_arabic_page():
    at = open_tab(page(), "tab_stab")
    at.segmented_control(key="lang").set_value("ar").run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "يمكن أن يتحرك من" in table(at, "robust-stability")  # the open tab stays open
    assert "شراكة مؤسسية" in text


def _ahp_weights(lang: str, favoured: str) -> tuple[list[str], str, dict]:
    """The AHP editor in `lang` with the visits/troops slider set, by its label, to "strongly
    favours `favoured`" (×5): the slider's choices as drawn left to right, its label, and the
    weights sent to the sidebar's sliders."""
    at = open_tab(page(), "tab_ahp")
    if lang == "ar":
        at.segmented_control(key="lang").set_value("ar").run()
    slider = at.select_slider(key="ahp::visits:troops")
    a = load_assessment(None)
    name = next(f.name.get(lang) for f in a.families if f.id == favoured)
    choice = next(k for k in ahp_editor.SCALE if slider.format_func(k) == f"{name} ×5")
    drawn, label = list(slider.options), slider.label
    slider.set_value(choice).run()
    assert not at.exception, at.exception
    at.button(key="ahp_use").click().run()
    assert not at.exception, at.exception
    sent = {f.id: at.session_state[f"wv:f:{f.id}"] for f in a.families}
    return drawn, label, sent


@pytest.mark.parametrize("favoured", ["visits", "troops"])
def test_ahp_slider_means_the_same_in_both_languages(favoured):
    """ "Strongly favours X" chosen by its label sends the same weights in English and Arabic,
    and each end of the (left-to-right) slider favours the family named on that side of its
    label: the first-named at the left in English, at the right in Arabic (read right to
    left)."""
    en_drawn, en_label, en_sent = _ahp_weights("en", favoured)
    ar_drawn, ar_label, ar_sent = _ahp_weights("ar", favoured)
    assert len(en_sent) == 4 and en_sent == ar_sent
    assert len(set(en_sent.values())) > 1  # the choice moved the weights
    a = load_assessment(None)
    names = {f.id: f.name for f in a.families}
    assert en_label.startswith(names["visits"].en)  # named first: drawn at the left …
    assert en_drawn[0].startswith(names["visits"].en)  # … the left end favours it
    assert en_drawn[-1].startswith(names["troops"].en)
    assert ar_label.startswith(names["visits"].ar)  # named first: drawn at the right …
    assert ar_drawn[-1].startswith(names["visits"].ar)  # … the right end favours it
    assert ar_drawn[0].startswith(names["troops"].ar)
