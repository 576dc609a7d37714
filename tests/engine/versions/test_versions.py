"""Versions of assessment files (engine.versions): recorded saves, history, the structured
diff, restore, and the refusal of a save over a file that changed since it was read — on the
built-in case and on the second test assessment."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.versions import (
    FOUND_NOTE,
    VersionStore,
    diff_assessments,
    diff_versions,
    history,
    load_version,
    parse_ref,
    restore,
    save_assessment,
)
from scenarios.loader import builtin_text, load_assessment, load_builtin
from scenarios.model import Assessment
from scenarios.writer import SaveConflictError, dump_assessment, file_hash, text_hash
from tests.paths import DATA

CASES = {"builtin": load_builtin, "other_pair": lambda: load_assessment(DATA / "other_pair.yaml")}


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TAQDIR_USER", "analyst-a")
    return tmp_path / "home"


@pytest.fixture(params=sorted(CASES))
def case(request) -> Assessment:
    return CASES[request.param]()


def _edit(a: Assessment, **changes) -> Assessment:
    data = a.model_dump(mode="json", exclude_defaults=True)
    for key, value in changes.items():
        data[key] = value(data[key]) if callable(value) else value
    return Assessment.model_validate(data)


def test_every_save_is_recorded_with_hash_time_who_and_note(tmp_path, case):
    path = tmp_path / "a.yaml"
    v1 = save_assessment(path, case, note="first\nsecond line", create=True)
    assert (v1.number, v1.who, v1.note) == (1, "analyst-a", "first second line")
    assert v1.hash == file_hash(path) == text_hash(dump_assessment(case))
    edited = _edit(case, as_of="2025-07-01")
    v2 = save_assessment(path, edited, who="analyst-b", note="new date", expected_hash=v1.hash)
    assert [v.label for v in history(path)] == ["v1", "v2"] and v2.who == "analyst-b"
    assert load_version(path, 1) == case and load_version(path, 2) == edited
    # A save that changes nothing records nothing.
    assert save_assessment(path, edited, expected_hash=v2.hash) == v2
    assert len(history(path)) == 2


def test_a_save_over_a_changed_file_is_refused_and_nothing_recorded(tmp_path, case):
    path = tmp_path / "a.yaml"
    v1 = save_assessment(path, case)
    tab_two = _edit(case, as_of="2025-08-01")
    save_assessment(path, tab_two, expected_hash=v1.hash)
    with pytest.raises(SaveConflictError) as err:
        save_assessment(path, _edit(case, as_of="2025-09-01"), expected_hash=v1.hash)
    assert str(path) in str(err.value)
    assert len(history(path)) == 2 and load_version(path, 2) == tab_two


def test_a_hand_written_file_is_recorded_as_found_and_can_be_restored_byte_for_byte(tmp_path):
    path = tmp_path / "b.yaml"
    original = builtin_text()  # comments and the hand layout
    path.write_text(original, encoding="utf-8")
    v2 = save_assessment(path, load_builtin(), note="canonical")
    found = history(path)
    assert [(v.number, v.note) for v in found] == [(1, FOUND_NOTE), (2, "canonical")]
    assert v2.hash != found[0].hash
    back = restore(path, 1)
    assert back.number == 3 and back.note == "restored v1" and back.hash == found[0].hash
    assert path.read_text(encoding="utf-8") == original
    # A later outside edit is recorded before the next save replaces it.
    path.write_text(original.replace("as_of: 2025-06-04", "as_of: 2025-06-05"), encoding="utf-8")
    save_assessment(path, load_builtin())
    assert [v.note for v in history(path)][-2:] == [FOUND_NOTE, ""]
    assert str(load_version(path, 4).as_of) == "2025-06-05"


def test_texts_are_stored_once_per_content(tmp_path, home, case):
    path = tmp_path / "a.yaml"
    v1 = save_assessment(path, case)
    save_assessment(path, _edit(case, as_of="2025-01-02"))
    restore(path, 1)
    restore(path, 2)
    assert len(history(path)) == 4
    with sqlite3.connect(home / "runs.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM version_texts").fetchone()[0] == 2
        assert (
            db.execute("SELECT COUNT(*) FROM versions WHERE hash = ?", (v1.hash,)).fetchone()[0]
            == 2
        )


def test_concurrent_records_get_consecutive_numbers(tmp_path):
    numbers: list[int] = []

    def saver(n: int) -> None:
        with VersionStore() as store:
            for k in range(5):
                numbers.append(store.record(tmp_path / "x.yaml", f"text {n} {k}", "w").number)

    threads = [threading.Thread(target=saver, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(1, 21))


def test_unknown_version_names_the_ones_there_are(tmp_path, case):
    path = tmp_path / "a.yaml"
    save_assessment(path, case)
    with pytest.raises(Exception, match=r"no version v7; it has v1"):
        load_version(path, 7)
    with pytest.raises(Exception, match="no version of it is recorded"):
        diff_versions(tmp_path / "never.yaml")


def test_parse_ref():
    assert parse_ref("dir/a@b.yaml@v12").number == 12
    assert str(parse_ref("dir/a@b.yaml@v12").path) == "dir/a@b.yaml"
    assert parse_ref("a.yaml") is None and parse_ref("a.yaml@weights=x") is None


# --- the diff -----------------------------------------------------------------------------


def test_diff_names_evidence_weights_tiers_scenarios_indicators_and_meta(case):
    ev = case.evidence[0]
    prof = case.profiles[0]
    fam = next(iter(prof.families))
    ind = case.indicators[-1]
    scen = case.scenarios[-1]

    def evidence(items):
        items[0]["value"] = ev.value + 1 if isinstance(ev.value, float) else ev.value
        items[0]["reliability"] = "C" if ev.reliability != "C" else "D"
        return [items[0], *items[2:]] if len(items) > 2 else items

    edited = _edit(
        case,
        title=lambda t: {**t, "en": t["en"] + " (revised)"},
        evidence=evidence,
        profiles=lambda ps: [{**ps[0], "families": {**ps[0]["families"], fam: 7.5}}, *ps[1:]],
        tiers=lambda ts: [
            {**ts[0], "max": ts[0]["max"] - 1},
            {**ts[1], "min": ts[1]["min"] - 1},
            *ts[2:],
        ],
        indicators=lambda inds: [*inds[:-1], {**inds[-1], "description": {"en": "d", "ar": "و"}}],
        scenarios=lambda ss: [*ss[:-1], {**ss[-1], "narrative": {"en": "n", "ar": "ن"}}],
    )
    d = diff_assessments(case, edited)
    assert not d.identical
    meta = d.section("meta").changed[0].fields
    assert [(f.field, f.after) for f in meta] == [("title.en", case.title.en + " (revised)")]
    ev_section = d.section("evidence")
    first = next(c for c in ev_section.changed if c.id == ev.id)
    assert ("reliability", ev.reliability) in [(f.field, f.before) for f in first.fields]
    if len(case.evidence) > 2:
        assert [item["id"] for item in ev_section.removed] == [case.evidence[1].id]
    weights = d.section("profiles").changed[0]
    assert weights.id == prof.id
    assert [(f.field, f.before, f.after) for f in weights.fields] == [
        (f"families.{fam}", prof.families[fam], 7.5)
    ]
    tiers = {c.id: c.fields for c in d.section("tiers").changed}
    assert [f.field for f in tiers[case.tiers[0].id]] == ["max"]
    assert d.section("indicators").changed[0].id == ind.id
    assert d.section("scenarios").changed[0].id == scen.id
    assert d.section("grading").empty and d.section("families").empty
    # Reversed, the same changes with before and after swapped.
    back = diff_assessments(edited, case)
    assert [i["id"] for i in back.section("evidence").added] == [
        i["id"] for i in ev_section.removed
    ]
    assert back.section("profiles").changed[0].fields[0].after == prof.families[fam]


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(CASES)), value=st.floats(0, 3), drop=st.integers(0, 3))
def test_diff_is_empty_exactly_when_nothing_changed(name, value, drop):
    a = CASES[name]()
    assert diff_assessments(a, a).identical
    ev = [e.model_dump(mode="json", exclude_defaults=True) for e in a.evidence]
    numeric = [e for e in ev if isinstance(e["value"], float)]
    numeric[0]["value"] = value
    kept = ev[: len(ev) - drop] if drop < len(ev) else ev
    b = _edit(a, evidence=kept)
    d = diff_assessments(a, b)
    assert d.identical == (b == a)
    assert len(d.section("evidence").removed) == len(ev) - len(kept)
