"""The Compare page with a recorded version on each side (issue 10): a file with versions gets
a version picker, the choice becomes the `FILE@vN` source, and the split is the engine's."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from engine.compare import compare, open_source, side_from_assessment
from engine.versions import history, restore, save_assessment
from scenarios.loader import load_assessment
from tests.dashboard.pages import only

DATA = Path(__file__).resolve().parents[1] / "data" / "other_pair.yaml"
DAY = date(2025, 6, 30)


def _rows(html_table: str) -> list[list[str]]:
    """The body rows of the comparison table as plain cell texts."""
    body = html_table.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in rows
    ]


def test_two_versions_of_a_file_show_an_evidence_only_split(tmp_path, monkeypatch):
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    path = tmp_path / "pair.yaml"
    shutil.copyfile(DATA, path)
    a = load_assessment(path)
    save_assessment(path, a, note="first")
    items = [
        e.model_copy(update={"value": 150.0}) if e.id == "ev-trade-2024" else e for e in a.evidence
    ]
    save_assessment(path, a.model_copy(update={"evidence": items}), note="trade 150")
    # v1: the hand-written file as found, v2: its canonical layout, v3: the evidence edit.
    assert [v.number for v in history(path)] == [1, 2, 3]

    st.cache_data.clear()
    at = AppTest.from_function(only, args=("compare",), default_timeout=120).run()
    assert not at.exception, at.exception
    for x, n in (("A", 2), ("B", 3)):
        at.text_input(key=f"cmp_{x}_file").set_value(str(path)).run()
        picker = at.selectbox(key=f"cmp_{x}_version")
        assert picker.options[0] == "as on disk"
        assert any(o.startswith("v1 · ") for o in picker.options[1:])
        picker.set_value(n)
        at.date_input(key=f"cmp_{x}_as_of").set_value(DAY)
        at.selectbox(key=f"cmp_{x}_profile").set_value("balanced")
        at.selectbox(key=f"cmp_{x}_method").set_value("arithmetic")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]

    # The engine's comparison of the same two versions.
    sides = [
        side_from_assessment(open_source(f"{path}@v{n}"), label=x, source=x, as_of=DAY)  # type: ignore[arg-type]
        for x, n in (("A", 2), ("B", 3))
    ]
    c = compare(*sides)
    assert c.factors[:2] == ("evidence", "weights") and len(c.factors) == 2
    assert (c.parts[1] == 0.0).all()
    assert abs(c.parts[0]).max() > 0.01

    table = next(m.value for m in at.markdown if 'id="compare-table"' in m.value)
    head = re.findall(r"<th[^>]*>(.*?)</th>", table)
    ev, wt = head.index("Evidence"), head.index("Weights")
    rows = _rows(table)
    assert len(rows) == len(c.scenario_ids)
    assert all(r[wt] == "0.00" for r in rows)
    assert any(r[ev] != "0.00" for r in rows)
    shown = {r[ev] for r in rows}
    assert {f"{p:+.2f}" if round(p, 2) else "0.00" for p in c.parts[0]} == shown


def test_a_typed_path_outside_the_served_folder_is_refused(tmp_path, monkeypatch):
    """A path typed on the Compare page stays inside the folder the dashboard serves (issue 10),
    with or without `@vN`; the built-in case is not a file and stays allowed."""
    from dashboard.data import ROOT_ENV

    served = tmp_path / "served"
    served.mkdir()
    outside = tmp_path / "elsewhere.yaml"
    shutil.copyfile(DATA, outside)
    shutil.copyfile(DATA, served / "pair.yaml")
    monkeypatch.setenv(ROOT_ENV, str(served))
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("compare",), default_timeout=120).run()
    for source in (str(outside), f"{outside}@v1", str(served / ".." / "elsewhere.yaml")):
        at.text_input(key="cmp_A_file").set_value(source).run()
        assert not at.exception, at.exception
        shown = " ".join(str(e.value) for e in at.error)
        assert "opens only files in" in shown and str(served) in shown, shown
    # Inside the folder (another pair of countries: told it cannot be set against the built-in
    # side B, which is the file's own matter) and the built-in case: not refused as outside.
    for source in (str(served / "pair.yaml"), "builtin"):
        at.text_input(key="cmp_A_file").set_value(source).run()
        assert not at.exception, at.exception
        assert not any("opens only files in" in str(e.value) for e in at.error)


def test_the_version_list_names_time_who_and_note_in_both_languages(tmp_path, monkeypatch):
    """Each version in the picker reads `vN · time · by who · note` (issue 10): in Arabic the
    number and time in left-to-right isolates, the name and note in first-strong isolates, so an
    English note keeps its place in an Arabic line and an Arabic note in an English one."""
    from dashboard.views.compare import version_line

    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    path = tmp_path / "pair.yaml"
    shutil.copyfile(DATA, path)
    a = load_assessment(path)
    save_assessment(path, a, note="first look", who="amina")
    save_assessment(
        path,
        a.model_copy(update={"title": a.title.model_copy(update={"en": "Renamed"})}),
        note="مراجعة العنوان",
        who="خالد",
    )
    restore(path, 2)
    vs = history(path)
    assert [v.number for v in vs] == [1, 2, 3, 4]
    when = {v.number: v.saved[:10] + " " + v.saved[11:16] + " UTC" for v in vs}
    for lang in ("en", "ar"):
        st.cache_data.clear()
        at = AppTest.from_function(only, args=("compare",), default_timeout=120)
        at.session_state["lang"] = lang
        at.run()
        at.text_input(key="cmp_A_file").set_value(str(path)).run()
        assert not at.exception, at.exception
        options = at.selectbox(key="cmp_A_version").options
        assert len(options) == 5  # as on disk, then v4, v3, v2, v1
        assert options[1:] == [version_line(v, lang) for v in reversed(vs)]
        v1, v2, v3, v4 = options[4], options[3], options[2], options[1]
        if lang == "en":
            assert options[0] == "as on disk"
            assert v2 == f"v2 · {when[2]} · by \u2068amina\u2069 · \u2068first look\u2069"
            assert v3.startswith("v3 · ") and "by \u2068خالد\u2069" in v3
            assert v3.endswith("\u2068مراجعة العنوان\u2069")
        else:
            assert options[0] == "كما هو على القرص"
            assert v2 == (
                f"\u2066v2\u2069 · \u2066{when[2]}\u2069 · بواسطة \u2068amina\u2069"
                " · \u2068first look\u2069"
            )
            assert v3.endswith("\u2068مراجعة العنوان\u2069")
        # v1 is the file as found on disk and v4 a restore: the store's words translated.
        if lang == "en":
            assert v1.endswith("by (outside taqdir) · as found on disk (changed outside taqdir)")
            assert v4.endswith(" · restored v2")
        else:
            assert v1.startswith("\u2066v1\u2069 · ")
            assert v1.endswith("بواسطة (خارج تقدير) · كما وُجد على القرص (عُدِّل خارج تقدير)")
            assert v4.endswith(" · استعادة \u2066v2\u2069")
        # The chosen version's line in full under the picker.
        at.selectbox(key="cmp_A_version").set_value(2).run()
        assert not at.exception, at.exception
        assert v2 in [c.value for c in at.caption]
