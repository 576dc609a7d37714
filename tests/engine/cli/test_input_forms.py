"""Inputs a user writes: batch and matrix files validated like every other input, one message
naming the allowed forms when a range is given where a number is expected (or a number or
partial range where a range is), and a hint to quote `direction: -`."""

from __future__ import annotations

import json

from tests.cli_support import run_in_process as taqdir
from tests.paths import DATA

OTHER = (DATA / "other_pair.yaml").read_text(encoding="utf-8")


def _write(tmp_path, text: str):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_files_have_a_schema_and_a_validator():
    schema = taqdir("schema", "--kind", "batch")
    assert schema.code == 0 and "sweeps" in json.loads(schema.out)["properties"]
    ok = taqdir("validate", "--kind", "batch", DATA / "batch_other_pair.yaml")
    assert ok.code == 0 and "valid batch" in ok.out
    wrong_kind = taqdir("validate", DATA / "batch_other_pair.yaml")
    assert wrong_kind.code == 2 and "--kind batch" in wrong_kind.err
    bad = taqdir("validate", "--kind", "batch", DATA / "other_pair.yaml")
    assert bad.code == 2 and "unknown key" in bad.err


def test_matrix_files_have_a_schema_and_a_validator():
    assert "criteria" in json.loads(taqdir("schema", "--kind", "matrix").out)["properties"]
    ok = taqdir("validate", "--kind", "matrix", DATA / "mcda" / "fighters.yaml")
    assert ok.code == 0 and "4 alternatives" in ok.out


def test_a_range_where_a_number_is_expected_is_one_message(tmp_path):
    text = OTHER.replace("    value: 99\n", "    value: {low: 90, high: 110}\n", 1)
    assert text != OTHER
    res = taqdir("validate", _write(tmp_path, text))
    assert res.code == 2
    assert "evidence[0].value: takes a number or a level id (text); got a mapping" in res.err
    assert "`low:` and `high:` beside `value:`" in res.err
    assert "valid string" not in res.err and "valid number" not in res.err


def test_a_partial_range_or_a_list_where_a_value_or_range_is_expected(tmp_path):
    text = OTHER.replace(
        "joint_exercises_24m: {low: 1, likely: 2, high: 4}", "joint_exercises_24m: [1, 4]"
    )
    res = taqdir("validate", _write(tmp_path, text))
    assert res.code == 2
    assert "takes a number or a level id (text) or a range {low, likely, high}" in res.err
    assert "got a list" in res.err and "instance of Range" not in res.err


def test_when_no_evidence_lists_unknown_among_its_forms(tmp_path):
    text = OTHER.replace("    when_no_evidence: 0\n", "    when_no_evidence: [0]\n", 1)
    res = taqdir("validate", _write(tmp_path, text))
    assert res.code == 2 and "takes `unknown` or a number" in res.err


def test_an_unquoted_minus_direction_gets_a_hint(tmp_path):
    text = OTHER.replace('direction: "-"', "direction: -")
    res = taqdir("validate", _write(tmp_path, text))
    assert res.code == 2 and 'quote it, e.g. `direction: "-"`' in res.err
