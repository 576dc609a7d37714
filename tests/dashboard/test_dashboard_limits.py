"""One dashboard session may not make the server do unbounded work (issue 14): a file too large
for a session is refused with the figure, sampling beyond the cap is switched off with a note, a
very long title is drawn cut with a note, hostile uploads give a message, never a traceback, and
a run whose session has closed stops before scoring."""

from __future__ import annotations

import time

import pytest
import streamlit as st
import yaml
from streamlit.testing.v1 import AppTest

from dashboard import limits
from tests.benchmarks.bench_large_file import large_file
from tests.dashboard.pages import from_link, only
from tests.paths import ROOT

APP = str(ROOT / "dashboard" / "app.py")
OTHER = ROOT / "tests" / "data" / "other_pair.yaml"
TIMEOUT = 120


def _upload(name: str, data: bytes) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.radio(key="src").set_value("upload").run()
    at.file_uploader[0].set_value((name, data, "application/x-yaml")).run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # undo Markdown escapes


def test_a_link_to_ten_thousand_chained_scenarios_is_refused_quickly(served):
    path = large_file(served, 10_000, chain=True)
    started = time.perf_counter()
    at = from_link({"src": "path", "file": str(path)})
    elapsed = time.perf_counter() - started
    text = _text(at)
    assert "larger than this dashboard scores for one session" in text
    assert f"10,000 scenarios > {limits.MAX_SCENARIOS:,}" in text
    assert not at.tabs and elapsed < 30  # nothing scored, no page drawn


def test_the_refusal_is_in_arabic_too(served):
    path = large_file(served, limits.MAX_SCENARIOS + 1, chain=False)
    text = _text(from_link({"src": "path", "file": str(path), "lang": "ar"}))
    assert "أكبر مما تحسبه لوحة المتابعة" in text and "taqdir score FILE" in text


def test_an_upload_over_the_byte_limit_is_not_parsed():
    data = b"# " + b"x" * (limits.MAX_BYTES + 10) + b"\n"
    text = _text(_upload("big.yaml", data))
    assert "larger than this dashboard scores" in text and f"{limits.MAX_BYTES:,} bytes" in text


def test_a_long_text_inside_the_file_is_refused_with_its_place(served):
    data = yaml.safe_load(OTHER.read_text(encoding="utf-8"))
    data["scenarios"][1]["name"]["en"] = "n" * (limits.MAX_TEXT + 1)
    path = served / "long_name.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    text = _text(from_link({"src": "path", "file": str(path)}))
    assert "scenarios[1].name.en" in text and f"> {limits.MAX_TEXT:,}" in text
    assert "n" * 100 not in text  # the text itself is not echoed


@pytest.mark.parametrize("lang, note", [("en", "shown cut to"), ("ar", "مقصوصًا")])
def test_a_one_megabyte_title_is_drawn_cut_with_a_note(served, lang, note):
    data = yaml.safe_load(OTHER.read_text(encoding="utf-8"))
    data["title"] = {"en": "T" * 1_000_000, "ar": "ع" * 200_000}  # 1.4 MB: under MAX_BYTES
    path = served / "long_title.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    at = from_link({"src": "path", "file": str(path), "lang": lang})
    title = at.title[0].value
    assert len(title) <= limits.MAX_HEADING and title.endswith(limits.ELLIPSIS)
    assert note in _text(at)


def test_sampling_beyond_the_cap_is_switched_off_with_a_note(served):
    scenarios = limits.MAX_CELLS // (6 * 20_000) + 10  # other_pair has 6 indicators
    path = large_file(served, scenarios, chain=False)
    at = from_link({"src": "path", "file": str(path), "mc": "20000", "seed": "1"})
    assert "Sampling is off" in _text(at)
    assert "mc" not in at.query_params  # the link does not claim sampling either


def test_sampling_within_the_cap_still_works(served):
    path = served / "case.yaml"
    path.write_bytes(OTHER.read_bytes())
    at = from_link({"src": "path", "file": str(path), "mc": "1000", "seed": "1"})
    assert "Sampling is off" not in _text(at)
    assert at.query_params.get("mc") == ["1000"] or at.query_params.get("mc") == "1000"


def test_an_upload_nested_ten_thousand_deep_gives_a_message():
    data = ("a: " + "[" * 10_000 + "]" * 10_000 + "\n").encode()
    at = _upload("deep.yaml", data)
    assert "nest" in _text(at).lower() and "deep.yaml" in _text(at)
    json_at = _upload("deep.json", ('{"a":' + "[" * 10_000 + "]" * 10_000 + "}").encode())
    assert "nest" in _text(json_at).lower()


def test_an_upload_with_weights_of_1e308_gives_a_message():
    text = OTHER.read_text(encoding="utf-8").replace(
        "families: {trade: 1, security: 1, diplomacy: 1}",
        "families: {trade: 1e308, security: 1e308, diplomacy: 1}",
    )
    at = _upload("huge_weights.yaml", text.encode())
    page = _text(at)
    assert "huge_weights.yaml, line 215: profiles[0].families.trade" in page
    assert "Traceback" not in page


def test_a_closed_session_stops_before_scoring(monkeypatch):
    import streamlit.runtime as runtime
    import streamlit.runtime.scriptrunner as scriptrunner

    class Gone:
        def is_active_session(self, session_id: str) -> bool:
            return False

    class Run:
        session_id = "closed"

    monkeypatch.setattr(runtime, "get_instance", lambda: Gone())
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: Run())
    assert not limits.session_alive()
    stopped: list[bool] = []
    monkeypatch.setattr(st, "stop", lambda: stopped.append(True))
    limits.stop_if_closed()
    assert stopped == [True]


def _robustness_only() -> None:
    from dashboard import app as dash

    saved = list(dash.PAGES)
    dash.PAGES[:] = [p for p in saved if p[0] == "robustness"]
    try:
        dash.run()
    finally:
        dash.PAGES[:] = saved


@pytest.mark.parametrize("lang, note", [("en", "Not sampled"), ("ar", "لم تُسحب العينات")])
def test_acceptability_beyond_the_cap_is_not_sampled(tmp_path, lang, note):
    scenarios = limits.MAX_CELLS // (6 * 20_000) + 10  # other_pair has 6 indicators
    path = large_file(tmp_path, scenarios, chain=False)
    st.cache_data.clear()
    at = AppTest.from_function(_robustness_only, default_timeout=TIMEOUT)
    at.session_state["src"] = "path"
    at.session_state["path"] = str(path)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    assert note in "\n".join(w.value for w in at.warning)
    if lang == "en":  # within the cap it samples (the same in both languages: checked once)
        at.selectbox(key="rob_samples").set_value(5_000).run()
        assert note not in "\n".join(w.value for w in at.warning)


def _only(page: str) -> AppTest:
    """The dashboard with one page (its module name), not yet run."""
    return AppTest.from_function(only, args=(page,), default_timeout=TIMEOUT)


def _with_evidence(folder, items: int):  # type: ignore[no-untyped-def]
    """The second test assessment with `items` more evidence items, spread over 2024."""
    data = yaml.safe_load(OTHER.read_text(encoding="utf-8"))
    first = data["evidence"][0]
    for n in range(items):
        ev = dict(first, id=f"extra-{n}", date_precision="day")
        ev["event_date"] = ev["story_date"] = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        data["evidence"].append(ev)
    path = folder / f"evidence-{items}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang, note", [("en", "No timeline"), ("ar", "لا خط زمني")])
def test_a_timeline_beyond_the_cap_is_refused_with_its_figure(tmp_path, lang, note):
    # 600 evidence items over 6 indicators: a range of a few years is beyond the cap
    path = _with_evidence(tmp_path, 600)
    st.cache_data.clear()
    at = _only("timeline")
    at.session_state["src"] = "path"
    at.session_state["path"] = str(path)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    assert note not in "\n".join(w.value for w in at.warning)  # the default range is drawn
    started = time.perf_counter()
    at.date_input(key="tl_from").set_value("2021-01-01").run()
    assert not at.exception, at.exception
    warned = "\n".join(w.value for w in at.warning)
    assert note in warned and str(limits.MAX_TIMELINE_CELLS) not in warned  # grouped: 400,000
    assert f"{limits.MAX_TIMELINE_CELLS:,}" in warned.replace("\u2066", "").replace("\u2069", "")
    assert time.perf_counter() - started < 30  # refused, not computed


def test_timeline_problem_states_the_figure():
    assert limits.timeline_problem(100, 10, 20) is None
    said = limits.timeline_problem(10_000, 40, 60)
    assert said == "10,000 days × (40 indicators + 60 evidence items) = 1,000,000 > 400,000"


@pytest.mark.parametrize("lang, note", [("en", "No brief"), ("ar", "لا وثيقة")])
def test_a_brief_beyond_the_sampling_cap_is_refused(tmp_path, lang, note):
    # the brief draws 20,000 samples for what to watch: 200 scenarios × 6 indicators is beyond
    path = large_file(tmp_path, 200, chain=False)
    st.cache_data.clear()
    at = _only("brief")
    at.session_state["src"] = "path"
    at.session_state["path"] = str(path)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    warned = "\n".join(w.value for w in at.warning)
    assert note in warned and "20,000" in warned.replace("\u2066", "").replace("\u2069", "")
    assert not at.get("iframe")  # no document was made
