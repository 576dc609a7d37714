"""The run record (`engine.runs.record.RunRecord`): typed and frozen; stored as the same JSON
as before it was typed (runs already in a store still open); a damaged stored record is an
InputError naming the key (exit code 2 on the command line), never a KeyError."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.runs import RunRecord, Store, run_meta, start
from engine.runs.plan import build_plan
from engine.runs.record import FIELDS, SegmentRecord, SweepRecord
from indicators.errors import InputError
from tests.batch_helpers import MIXED, loaded
from tests.engine.runs.records import STORED, record, stored


def test_the_record_reads_every_stored_key_in_order():
    assert tuple(f.name for f in dataclasses.fields(RunRecord)) == FIELDS
    assert tuple(record().to_json()) == FIELDS[:-1]  # output_format only when given
    assert tuple(record(output_format="csv").to_json()) == FIELDS


def test_stored_json_round_trips_unchanged():
    r = record()
    assert r.to_json() == STORED
    assert RunRecord.loads(r.dumps()) == r
    assert r.segments[1] == SegmentRecord("g", "grid", 1, 4, "baseline")
    assert r.sweeps == (SweepRecord("g", "grid", "baseline", ("meetings",), (4,)),)
    assert r.as_of == date(2025, 6, 1)
    assert r.variants == 5
    assert r.group_keys == [("equal", "arithmetic"), ("equal", "geometric")]


def test_a_run_stores_the_record_as_the_json_it_reads_back(tiny, tmp_path):
    lb = loaded(
        tiny,
        scenarios=["baseline", "deeper"],
        sweeps=MIXED,
        samples=20,
        chunk=16,
        methods=["arithmetic", "geometric"],
    )
    store = Store(tmp_path / "home")
    run = start(lb, store=store, output=tmp_path / "rows.csv").run
    assert run.info == run_meta(build_plan(lb), lb, output_format="csv")
    assert run.info.dumps() == run.meta  # byte for byte: the stored form did not change
    data = json.loads(run.meta)
    assert data["output_format"] == "csv"
    assert data["sweeps"][0] == {
        "id": "g",
        "kind": "grid",
        "base": "baseline",
        "indicators": ["meetings", "level"],
        "axes": [4, 2],
    }
    assert data["as_of"] == lb.assessment.as_of.isoformat()


def test_the_record_is_frozen():
    r = record()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.profiles = ("other",)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.segments[0].count = 9  # type: ignore[misc]
    assert not hasattr(r, "__dict__")  # slots: no attribute can be added either
    assert isinstance(r.profiles, tuple) and isinstance(r.levels["level"], tuple)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({k: v for k, v in STORED.items() if k != "profiles"}, "lacks 'profiles'"),
        (stored(colour="red"), "has unknown 'colour'"),
        (stored(chunk="1024"), "at 'chunk' is a string, not a whole number"),
        (stored(samples=True), "at 'samples' is true/false, not a whole number"),
        (stored(thresholds=[50.0, None]), "at 'thresholds[1]' is null, not a number"),
        (stored(segments=[{"name": "s", "kind": "scenario"}]), "at 'segments[0]' lacks 'start'"),
        (stored(levels={"level": "none"}), "at 'levels.level' is a string, not a list"),
        (stored(tier_names={"low": {"en": 1}}), "at 'tier_names.low.en' is the number 1"),
        (stored(as_of="June"), "at 'as_of' is 'June', not an ISO date"),
        ([1, 2], "is a list, not an object"),
    ],
)
def test_a_damaged_record_is_an_input_error_naming_the_key(data, says):
    with pytest.raises(InputError, match="run X's record") as err:
        RunRecord.from_json(data, where="run X's record")
    assert says in str(err.value)
    assert "taqdir runs delete" in str(err.value)


def test_a_record_that_is_not_json_is_an_input_error():
    with pytest.raises(InputError, match="is not JSON"):
        RunRecord.loads('{"columns": [', where="run X")


def test_runs_show_of_a_damaged_record_exits_2_and_delete_still_works(tiny, tmp_path, cli):
    home = tmp_path / "home"
    store = Store(home)
    run = start(loaded(tiny, scenarios=["baseline"], sweeps=MIXED[:1]), store=store).run
    store.close()
    with sqlite3.connect(home / "runs.sqlite") as conn:
        damaged = {k: v for k, v in json.loads(run.meta).items() if k != "tiers"}
        conn.execute("UPDATE runs SET meta = ? WHERE id = ?", (json.dumps(damaged), run.id))
    env = {"TAQDIR_HOME": str(home)}

    shown = cli("runs", "show", run.id, env=env)
    assert shown.code == 2, (shown.out, shown.err)
    assert f"run {run.id}: its record lacks 'tiers'" in shown.err
    assert "Traceback" not in shown.err and "KeyError" not in shown.err
    exported = cli("runs", "export", run.id, tmp_path / "rows.csv", env=env)
    assert exported.code == 2 and "lacks 'tiers'" in exported.err
    # What is listed needs no record; the damaged run can be deleted as the message says.
    assert cli("runs", "list", "--format", "json", env=env).code == 0
    assert cli("runs", "delete", run.id, env=env).code == 0


names = st.text(min_size=1, max_size=8)
numbers = st.floats(allow_nan=False, allow_infinity=False)
labels = st.fixed_dictionaries({"en": names, "ar": names})
records = st.builds(
    RunRecord,
    columns=st.lists(names).map(tuple),
    profiles=st.lists(names, min_size=1).map(tuple),
    methods=st.lists(names, min_size=1).map(tuple),
    tiers=st.lists(names, min_size=1).map(tuple),
    thresholds=st.lists(numbers).map(tuple),
    tier_names=st.dictionaries(names, labels),
    tier_colors=st.dictionaries(names, names),
    bases=st.lists(names).map(tuple),
    segments=st.lists(
        st.builds(SegmentRecord, names, names, st.integers(0), st.integers(0), names)
    ).map(tuple),
    sweeps=st.lists(
        st.builds(
            SweepRecord,
            names,
            names,
            names,
            st.lists(names).map(tuple),
            st.lists(st.integers(1)).map(tuple),
        )
    ).map(tuple),
    varied=st.lists(names).map(tuple),
    constants=st.dictionaries(names, numbers),
    levels=st.dictionaries(names, st.lists(names).map(tuple)),
    indicator_names=st.dictionaries(names, labels),
    samples=st.integers(0, 10**6),
    concentration=st.none() | st.floats(0.01, 1e6),
    chunk=st.integers(1, 10**6),
    groups=st.integers(1, 100),
    as_of=st.dates(),
    output_format=st.none() | st.sampled_from(["parquet", "csv", "jsonl"]),
)


@given(records)
def test_any_record_round_trips_through_its_stored_text(r):
    text = r.dumps()
    assert RunRecord.loads(text) == r
    assert RunRecord.loads(text).dumps() == text
