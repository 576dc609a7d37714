"""Batches started from the Runs page: the batch file the form builds is checked like
`taqdir batch` checks it, runs in its own process, gives the same rows as the command line's
runner on the same file, can be stopped (the run is then interrupted), and the page follows
it to the end (AppTest) — also after a reload (a new session finds it in the store)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.editor import batches
from engine.runs import Store, explore, start
from indicators.errors import InputError
from scenarios.batch import load_batch
from scenarios.loader import load_assessment
from tests.paths import ROOT

PAIR = ROOT / "tests" / "data" / "other_pair.yaml"
TIMEOUT = 120


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _batch(a, n=16, samples=0, design="grid"):
    return batches.batch_data(
        a,
        base=a.baseline_id(),
        design=design,
        count=n,
        axes={"trade_volume_musd": (0.0, 500.0, []), "defence_cooperation": ("none", "treaty", [])},
        profiles=a.profile_ids,
        methods=["arithmetic", "geometric"],
        samples=samples,
        seed=7,
        assessment=None,
    )


def _wait(pid: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while batches.alive(pid):
        assert time.monotonic() < deadline, "the batch did not finish"
        time.sleep(0.2)


def _rows(run_id: str, store: Store):
    view = explore.open_run(run_id, store)
    table, total = explore.rows(view, explore.Filter(), limit=10**6)
    return table, total


def test_same_rows_as_the_command_lines_runner(home, tmp_path):
    a = load_assessment(PAIR)
    path = batches.prepare(a, False, _batch(a), home)
    pid = batches.launch(path)
    _wait(pid)
    run = batches.run_of(str(path.resolve()))
    assert run is not None and run.status == "done", (path.parent / "batch.log").read_text()
    assert run.pid == pid  # evaluated in the child, not in this process

    other = Store(tmp_path / "cli-home")
    outcome = start(load_batch(path), store=other)
    ours, n_ours = _rows(run.id, Store(home))
    theirs, n_theirs = _rows(outcome.run.id, other)
    assert n_ours == n_theirs == outcome.run.row_count > 0
    assert ours.drop(["run"] if "run" in ours.column_names else []).equals(
        theirs.drop(["run"] if "run" in theirs.column_names else [])
    )


def test_a_wrong_batch_is_refused_before_any_process(home):
    a = load_assessment(PAIR)
    data = _batch(a)
    data["sweeps"][0]["axes"] = {"no_such_indicator": [1.0, 2.0]}
    with pytest.raises(InputError, match="no_such_indicator"):
        batches.prepare(a, False, data, home)
    assert batches.launches(home) == []


def test_stop_interrupts_the_run(home):
    a = load_assessment(PAIR)
    path = batches.prepare(a, False, _batch(a, n=300_000, samples=200, design="lhs"), home)
    pid = batches.launch(path)
    deadline = time.monotonic() + 60
    while batches.run_of(str(path.resolve())) is None:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    batches.stop(pid)
    _wait(pid, 60)
    run = batches.run_of(str(path.resolve()))
    assert run.state == "interrupted", run


def _runs_page() -> None:
    from dashboard import app as dash

    saved = list(dash.PAGES)
    dash.PAGES[:] = [p for p in saved if p[0] == "runs"]
    try:
        dash.run()
    finally:
        dash.PAGES[:] = saved


def _page(path: Path) -> AppTest:
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_function(_runs_page, default_timeout=TIMEOUT)
    at.session_state["src"] = "path"
    at.session_state["path"] = str(path)
    at.session_state["link_read"] = True
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    return at


def test_runs_page_starts_follows_and_shows_the_batch(home, tmp_path):
    import shutil

    shutil.copy(PAIR, tmp_path / "pair.yaml")
    at = _page(tmp_path / "pair.yaml")
    at.multiselect(key="bf:inds").set_value(["trade_volume_musd"]).run()
    at.number_input(key="bf:count:grid").set_value(5).run()
    at.button(key="bf:start").click().run()
    assert not at.exception, at.exception
    [launch] = batches.launches(home)
    _wait(int(launch["pid"]))
    # A reloaded page (a new session) finds the batch again and shows the finished run.
    again = _page(tmp_path / "pair.yaml")
    again.session_state["bf:batch"] = launch["batch"]
    for _ in range(3):
        again.run()
    assert not again.exception, again.exception
    run = batches.run_of(launch["batch"])
    assert any(run.id in s.value for s in again.success)
    assert again.selectbox(key="runs_run").value == run.id
    # the same session that started it
    for _ in range(3):
        at.run()
    assert any(run.id in s.value for s in at.success)
