"""The Compare and Timeline pages of the dashboard, run headless by Streamlit's AppTest: what
they show is what `engine.compare` computes for the same settings."""

from __future__ import annotations

from datetime import date

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.i18n import signed
from engine.compare.comparison import compare
from engine.compare.sides import side_from_assessment
from scenarios.loader import load_assessment
from tests.dashboard.pages import only

TIMEOUT = 120


def page(module: str) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_function(only, args=(module,), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, table_id: str) -> str:
    return next(m.value for m in at.markdown if f'id="{table_id}"' in m.value)


def test_compare_page_shows_the_engines_split():
    a = load_assessment(None)
    at = page("compare")
    # Defaults: A is the sidebar's configuration a quarter earlier, B the sidebar's.
    assert at.date_input(key="cmp_A_as_of").value == date(2025, 3, 4)
    one = side_from_assessment(a, label="A", source="builtin", as_of=date(2025, 3, 4))
    two = side_from_assessment(a, label="B", source="builtin")
    c = compare(one, two)
    shown = table(at, "compare-table")
    for s in range(len(c.scenario_ids)):
        assert signed(float(c.delta[s]), "en", 2) in shown
        assert signed(float(c.parts[0, s]), "en", 2) in shown
    # A on the security lens at the same date: a pure weights change, no evidence part.
    at.date_input(key="cmp_A_as_of").set_value(date(2025, 6, 4))
    at.selectbox(key="cmp_A_profile").set_value("security_lens").run()
    assert not at.exception, at.exception
    lens = compare(side_from_assessment(a, label="A", source="b", profile="security_lens"), two)
    shown = table(at, "compare-table")
    assert signed(float(lens.parts[1, 0]), "en", 2) in shown
    assert at.metric[1].value == f"{lens.tier_changes} / 6"
    # A different method adds the method column.
    at.selectbox(key="cmp_A_method").set_value("topsis").run()
    assert "Method" in table(at, "compare-table")


def test_compare_page_reports_a_bad_file():
    at = page("compare")
    at.text_input(key="cmp_A_file").set_value("/no/such/file.yaml").run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error if "cannot be used" in e.value]
    assert shown and "```" not in shown[0]  # prose (a code block is one left-to-right line)


def test_timeline_page_shows_the_reports_steps():
    at = page("timeline")
    steps = table(at, "timeline-steps")
    for day in ("2025-02-17", "2025-03-10", "2025-05-26", "2025-06-04"):
        assert day in steps
    assert "Minsk" in steps and "[5]" in steps and "F3" in steps
    text = "\n".join(m.value for m in at.markdown)
    assert "Protocol contacts → " in text and "Institutional partnership" in text
    at.selectbox(key="tl_scenario").set_value("military_alliance").run()
    assert not at.exception, at.exception


def _plain(text: str) -> str:
    return text.replace("\u2066", "").replace("\u2069", "")


def test_compare_page_shows_each_sides_evidence_share():
    # The same shares the engine's sides carry (engine.compare.sides: coverage per scenario),
    # A a quarter earlier (less evidence known) and B the sidebar's date.
    a = load_assessment(None)
    at = page("compare")
    one = side_from_assessment(a, label="A", source="builtin", as_of=date(2025, 3, 4))
    two = side_from_assessment(a, label="B", source="builtin")
    shown = table(at, "compare-table")
    assert "On evidence A → B" in shown
    moved = 0
    for sid in one.coverage:
        x, y = (f"{100 * s.coverage[sid]['evidence']:.0f}%" for s in (one, two))
        assert (x if x == y else f"{x} → {y}") in shown
        moved += x != y
    assert moved, "a quarter earlier some scenario rests less on evidence"
    assert any("On evidence:" in c.value for c in at.caption)


def test_timeline_page_shows_the_evidence_share(monkeypatch):
    from engine.compare import timeline
    from engine.request import ScoringRequest

    a = load_assessment(None)
    at = page("timeline")
    tl = timeline(a, ScoringRequest.build(a))
    first = f"{100 * tl.coverage_of(1)['evidence']:.0f}%"
    last = f"{100 * tl.coverage_of(len(tl.days) - 1)['evidence']:.0f}%"
    said = _plain(next(c.value for c in at.caption if "Weight resting on evidence" in c.value))
    assert f"{first} on the first day, {last} on the last" in said
    steps = table(at, "timeline-steps")
    assert "On evidence" in steps
    index = {d: i for i, d in enumerate(tl.days)}
    for s in tl.steps:
        b, x = (
            f"{100 * tl.coverage_of(i)['evidence']:.0f}%"
            for i in (index[s.date] - 1, index[s.date])
        )
        assert (b if b == x else f"{b} → {x}") in steps
    # the Arabic page says it in Arabic, the figures isolated
    at.segmented_control(key="lang").set_value("ar").run()
    assert not at.exception, at.exception
    said = next(c.value for c in at.caption if "الوزن القائم على الأدلة" in c.value)
    assert f"\u2066{first}\u2069" in said
