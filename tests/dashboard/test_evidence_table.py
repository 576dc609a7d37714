"""The editor's evidence table: the function that applies `st.data_editor`'s own edit record
(`edited_rows`, `added_rows`, `deleted_rows`, with the value types the grid sends: dates as ISO
text, grades as their option values, cleared cells as None) to the draft. AppTest cannot drive
a data_editor (its grid is a canvas, and a data_editor's state cannot be set through
session_state), so the table's add / edit / remove are tested here with those structures."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.editor.draft import as_data
from dashboard.editor.evidence import COLUMNS, apply_table_edits, row_of
from indicators.errors import FileError
from indicators.validate import validate_data
from scenarios.loader import load_assessment
from scenarios.model import Assessment
from tests.paths import ROOT

PAIR = ROOT / "tests" / "data" / "other_pair.yaml"


def _base(items):
    """The table's starting rows, built the way the page builds them (through a DataFrame)."""
    frame = pd.DataFrame([row_of(x, k) for k, x in enumerate(items)], columns=["_k", *COLUMNS])
    return frame.to_dict("records")


def _check(data):
    return validate_data(data, Assessment, "draft")


def test_no_edits_give_back_the_items():
    for path in (PAIR, None):
        data = as_data(load_assessment(path))
        items = data["evidence"]
        empty = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
        assert apply_table_edits(_base(items), items, empty) == items
        assert apply_table_edits(_base(items), items, {}) == items


def test_edit_add_and_remove_rows():
    data = as_data(load_assessment(PAIR))
    items = data["evidence"]
    ids = [x["id"] for x in items]
    first, second = items[0], items[1]
    state = {
        "edited_rows": {
            0: {"value": "150", "high": None, "credibility": 3},
            2: {"story_date": "2025-03-01", "note": "checked again"},
        },
        "added_rows": [
            {
                "id": "ev-new",
                "indicator": first["indicator"],
                "event_date": "2025-05-02",
                "value": "12",
                "reliability": "B",
                "credibility": 2,
                "cite": "[t2]",
                "summary_en": "A new item",
                "summary_ar": "عنصر جديد",
            }
        ],
        "deleted_rows": [1],
    }
    out = apply_table_edits(_base(items), items, state)
    assert [x["id"] for x in out] == [ids[0], *ids[2:], "ev-new"]
    assert second["id"] not in [x["id"] for x in out]
    # The edited row: the cells changed, every other field of its item kept.
    edited = out[0]
    assert edited["value"] == 150 and edited["credibility"] == 3
    assert "high" not in edited
    for name, v in first.items():
        if name not in ("value", "high", "credibility"):
            assert edited[name] == v, name
    assert out[1]["story_date"] == "2025-03-01" and out[1]["note"] == "checked again"
    assert {k: v for k, v in out[1].items() if k not in ("story_date", "note")} == {
        k: v for k, v in items[2].items() if k not in ("story_date", "note")
    }
    new = out[-1]
    assert new == {
        "id": "ev-new",
        "indicator": first["indicator"],
        "event_date": "2025-05-02",
        "value": 12,
        "reliability": "B",
        "credibility": 2,
        "sources": ["[t2]"],
        "summary": {"en": "A new item", "ar": "عنصر جديد"},
    }
    a = _check({**data, "evidence": out})
    assert [e.id for e in a.evidence] == [x["id"] for x in out]


def test_a_bad_cell_is_caught_by_the_validator_with_its_row():
    data = as_data(load_assessment(PAIR))
    items = data["evidence"]
    state = {"edited_rows": {1: {"reliability": None}}, "added_rows": [], "deleted_rows": []}
    out = apply_table_edits(_base(items), items, state)
    with pytest.raises(FileError) as caught:  # the CLI's own validation error
        _check({**data, "evidence": out})
    assert any(p.loc[:3] == ("evidence", 1, "reliability") for p in caught.value.problems)


def test_positions_refer_to_the_starting_rows_after_a_deletion():
    """Streamlit keeps positions of the starting rows: deleting row 0 and editing row 2 edits
    the item that was third, and each row is merged over its own item (not a shifted one)."""
    data = as_data(load_assessment(None))
    items = data["evidence"]
    state = {"edited_rows": {2: {"note": "x"}}, "added_rows": [], "deleted_rows": [0]}
    out = apply_table_edits(_base(items), items, state)
    assert [x["id"] for x in out] == [x["id"] for x in items[1:]]
    # the table's note column is the English note; the built-in's Arabic note is kept
    assert out[1]["note"] == {"en": "x", "ar": items[2]["note"]["ar"]}
    assert out[1]["id"] == items[2]["id"]
    assert out[0] == items[1]


def test_the_link_column_writes_url_and_reads_an_older_link_source():
    data = as_data(load_assessment(PAIR))
    items = data["evidence"]
    # An item from an older file kept its link among its sources.
    older = [{**items[0], "sources": [*items[0]["sources"], "https://example.org/old"]}, *items[1:]]
    base = _base(older)
    assert base[0]["url"] == "https://example.org/old"
    assert base[0]["cite"] == " ; ".join(items[0]["sources"])
    out = apply_table_edits(base, older, {})
    assert out[0]["url"] == "https://example.org/old"
    assert out[0]["sources"] == items[0]["sources"]  # the link moved to `url`
    # Editing the link cell writes `url`; clearing it removes the field.
    state = {"edited_rows": {1: {"url": "https://example.org/new"}}}
    out = apply_table_edits(_base(items), items, state)
    assert out[1]["url"] == "https://example.org/new"
    assert _check({**data, "evidence": out}).evidence[1].url == "https://example.org/new"
    cleared = apply_table_edits(_base(out), out, {"edited_rows": {1: {"url": None}}})
    assert "url" not in cleared[1]
    # A link that is not http(s) is refused by the validator at its row.
    bad = apply_table_edits(_base(items), items, {"edited_rows": {2: {"url": "file:///etc"}}})
    with pytest.raises(FileError) as caught:
        _check({**data, "evidence": bad})
    assert any(p.loc[:3] == ("evidence", 2, "url") for p in caught.value.problems)
