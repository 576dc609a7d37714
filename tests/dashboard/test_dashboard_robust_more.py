"""The Robustness page's Sobol, diagnostics and central-weights parts, run headless by AppTest in
both languages: what they show is what `engine.robust` computes for the same settings (as
`taqdir sensitivity -k sobol|diagnostics|smaa` would), Sobol and diagnostics run only when their
button is pressed, are not computed again while the settings stay, and say so when a setting
changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import robust_more
from engine import ScoringRequest, robust
from scenarios.loader import load_assessment
from tests.dashboard.pages import only

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_pair.yaml"
TIMEOUT = 120


def _page(lang: str, path: Path | None = None, tab: str | None = None) -> AppTest:
    """The page, with `tab` (a label key of robust_more) open: the page draws only the open tab
    when Streamlit tracks it."""
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("robustness",), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    if tab is not None:
        at.session_state["rob_tab"] = robust_more.t(tab, lang)
    if path is not None:
        at.session_state["src"] = "path"
        at.session_state["path"] = str(path)
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest, table_id: str) -> str | None:
    return next((m.value for m in at.markdown if f'id="{table_id}"' in m.value), None)


def _cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    strip = lambda c: re.sub("<[^>]+>", "", c).replace("&#x27;", "'").replace("&amp;", "&")  # noqa: E731
    return [[strip(c) for c in re.findall(r"<td>(.*?)</td>", row)] for row in rows]


def _setting(path: Path | None):
    a = load_assessment(path)
    return a, robust.prepare(a, ScoringRequest.build(a))


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", [None, OTHER], ids=["builtin", "other_pair"])
def test_sobol_is_the_engines_and_runs_on_its_button(lang, path, monkeypatch):
    a, st_ = _setting(path)
    at = _page(lang, path, "tab_sobol")
    assert _table(at, "robust-sobol") is None
    assert robust_more.t("press", lang) in [i.value for i in at.info]
    calls = []
    real = robust.sobol
    monkeypatch.setattr(robust, "sobol", lambda *x, **k: calls.append(1) or real(*x, **k))
    at.button(key="rob_sobol_go").click().run()
    assert not at.exception, at.exception
    data = real(st_, [st_.baseline()], step=0.1, n=1024, seed=1).to_json()
    shown = _cells(_table(at, "robust-sobol"))
    names = {i.id: i.name.get(lang) for i in a.indicators} | {
        f.id: robust_more.t("weight_of", lang, name=f.name.get(lang)) for f in a.families
    }
    expect = [
        [names[r["id"]], f"{r['first']:.3f}", f"{r['total']:.3f}"]
        for r in data["results"][0]["indices"]
    ]
    assert shown == expect
    # reruns with the same settings draw the cached figures
    at.run()
    at.run()
    assert len(calls) == 1 and _table(at, "robust-sobol") is not None
    # a weight moved: the figures are for the earlier settings
    fam = a.families[0].id
    at.number_input(key=f"wn:f:{fam}").set_value(3.0).run()
    assert not at.exception, at.exception
    assert _table(at, "robust-sobol") is None
    assert robust_more.t("stale", lang) in [i.value for i in at.info]
    assert len(calls) == 1


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_diagnostics_are_the_engines(lang):
    a, st_ = _setting(OTHER)
    at = _page(lang, OTHER, "tab_diag")
    at.button(key="rob_diag_go").click().run()
    assert not at.exception, at.exception
    data = robust.diagnose(st_, robust.weight_model(st_), st_.baseline(), samples=20_000, seed=1)
    names = {i.id: i.name.get(lang) for i in a.indicators}
    watch = _cells(_table(at, "robust-watch"))
    expect = [
        names[r["indicator"]] + ("*" if r["source"] == "default" else "")
        for r in data["collection_priorities"]["indicators"]
    ]
    assert [row[0] for row in watch] == expect
    first = data["collection_priorities"]["indicators"][0]
    assert (
        watch[0][2].strip("\u2066\u2069") == f"{first['move_low']:.1%} | {first['move_high']:.1%}"
    )
    items = data["leave_one_out"]["items"]
    loo = _cells(_table(at, "robust-loo"))
    assert [row[0] for row in loo] == [f"{r['evidence']} ({r['grade']})" for r in items]
    assert [row[1] for row in loo] == [f"{r['score_change'][data['focus']]:+.1f}" for r in items]
    diag = _cells(_table(at, "robust-diagnosticity"))
    assert [row[0] for row in diag] == [
        names[r["indicator"]] for r in data["diagnosticity"]["indicators"]
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_central_weights_are_smaas(lang):
    a, st_ = _setting(None)
    at = _page(lang)
    res = robust.acceptability(st_, robust.weight_model(st_), samples=20_000, seed=1).to_json()
    rows = _cells(_table(at, "robust-central"))
    assert len(rows) == len(res["results"])
    for row, r in zip(rows, res["results"], strict=True):
        assert row[0] == a.scenario(r["scenario"]).name.get(lang)
        central = r["central_family_weights"]
        if central is None:
            assert row[1:] == [robust_more.t("never", lang)] * len(a.families)
        else:
            assert row[1:] == [f"{central[f.id]:.1%}" for f in a.families]
