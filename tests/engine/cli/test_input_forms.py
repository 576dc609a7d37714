"""Inputs a user writes: batch and matrix files validated like every other input, one message
naming the allowed forms when a range is given where a number is expected (or a number or
partial range where a range is), and a hint to quote `direction: -`."""

from __future__ import annotations

import json

import pytest

from indicators.shapes import MAPPINGS, SCALARS
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


# A value of the wrong shape in a field with one form: a range, mapping or list where one value
# is expected, one value where a mapping or list is expected (indicators.shapes).


def _validate(tmp_path, text: str, *args: str, name: str = "case.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return taqdir("validate", *args, path), taqdir("validate", *args, path, "--lang", "ar")


def _line(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_range_given_to_a_number_only_field_says_what_was_given(tmp_path):
    text = OTHER.replace(
        "transform: {kind: log, low: 0, high: 999,",
        "transform: {kind: log, low: {low: 0, high: 1},",
    )
    assert text != OTHER
    en, ar = _validate(tmp_path, text)
    line = _line(text, "low: {low: 0, high: 1}")
    assert en.code == 2 and ar.code == 2
    assert (
        f"line {line}: indicators[0].transform.low: takes a number; got a mapping with keys "
        "low, high. Write one value here, not a range, mapping or list." in en.err
    )
    assert "valid number" not in en.err and "Traceback" not in en.err + ar.err
    assert f"\u2066{line}\u2069: \u2066indicators[0].transform.low\u2069: " in ar.err
    assert (
        "هذا الحقل يقبل عددًا؛ المعطى مجموعة حقول مفاتيحها \u2066low\u2069، \u2066high\u2069"
        in ar.err
    )
    assert "اكتب هنا قيمة واحدة، لا مدى ولا مجموعة حقول ولا قائمة." in ar.err


def test_a_number_given_where_a_mapping_is_expected_names_its_fields(tmp_path):
    text = OTHER.replace(
        "transform: {kind: saturating, half: 3, min: 0, max: null}", "transform: 5"
    )
    assert text != OTHER
    en, ar = _validate(tmp_path, text)
    assert en.code == 2 and ar.code == 2
    assert (
        "indicators[1].transform: takes a mapping with `kind:` (ordinal or linear or log or "
        "saturating) and that kind's fields; got 5." in en.err
    )
    assert "valid dictionary" not in en.err
    assert "هذا الحقل يقبل مجموعة حقول فيها \u2066kind:\u2069" in ar.err
    assert "المعطى عددًا «\u20665\u2069»" in ar.err


def test_a_number_where_a_batch_range_is_expected(tmp_path):
    batch = (DATA / "batch_other_pair.yaml").read_text(encoding="utf-8")
    text = batch.replace("trade_volume_musd: {low: 0, high: 5000}", "trade_volume_musd: 5000")
    assert text != batch
    (tmp_path / "other_pair.yaml").write_text(OTHER, encoding="utf-8")
    en, ar = _validate(tmp_path, text, "--kind", "batch", name="batch.yaml")
    line = _line(text, "trade_volume_musd: 5000")
    assert en.code == 2 and ar.code == 2
    assert (
        f"line {line}: sweeps[1].ranges.trade_volume_musd: takes a mapping {{low, high, "
        "integer}; got 5000." in en.err
    )
    assert "هذا الحقل يقبل مجموعة حقول \u2066{low, high, integer}\u2069" in ar.err


def test_a_list_where_a_matrix_weight_is_expected(tmp_path):
    fighters = (DATA / "mcda" / "fighters.yaml").read_text(encoding="utf-8")
    text = fighters.replace(
        "{id: max_speed, type: benefit, weight: 0.2}",
        "{id: max_speed, type: benefit, weight: [0.1, 0.3]}",
    )
    assert text != fighters
    en, ar = _validate(tmp_path, text, "--kind", "matrix")
    assert en.code == 2 and ar.code == 2
    assert "criteria[0].weight: takes a number; got a list." in en.err
    assert "هذا الحقل يقبل عددًا؛ المعطى قائمة." in ar.err


def test_a_profile_given_one_number_for_its_family_weights(tmp_path):
    text = "id: p\nname: {en: P, ar: ب}\nfamilies: 0.5\n"
    en, ar = _validate(tmp_path, text, "--kind", "profile")
    assert en.code == 2 and ar.code == 2
    assert "line 3: families: takes a mapping of names to values; got 0.5." in en.err
    assert "هذا الحقل يقبل مجموعة حقول (أسماء وقيمها)؛ المعطى عددًا «\u20660.5\u2069»" in ar.err


def test_a_whole_range_with_a_bad_value_inside_is_said_at_that_value(tmp_path):
    text = OTHER.replace(
        "joint_exercises_24m: {low: 1, likely: 2, high: 4}",
        "joint_exercises_24m: {low: {n: 1}, likely: 2, high: 4}",
    )
    assert text != OTHER
    en, _ = _validate(tmp_path, text)
    assert en.code == 2
    assert ".joint_exercises_24m.low: takes a number or a level id (text); got a mapping" in en.err
    assert "A range needs all three keys" not in en.err  # it has them


RAW_SHAPE_KINDS = {*SCALARS, *MAPPINGS, "list_type"}
"""pydantic's kinds for a value of the wrong shape: none should reach the user as such (a
value of an allowed shape refused for another reason, e.g. a number that is not a level, is
said by its own kind)."""


def _leaves(node, loc=()):
    """Every location in parsed data with the value there."""
    yield loc, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*loc, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*loc, i))


def _replaced(data, loc, value):
    import copy

    out = copy.deepcopy(data)
    cur = out
    for part in loc[:-1]:
        cur = cur[part]
    cur[loc[-1]] = value
    return out


@pytest.mark.parametrize("kind", ["assessment", "batch", "matrix"])
def test_every_field_given_the_wrong_shape_says_which_forms_are_allowed(kind):
    """Each number in the file made a range, each mapping made a number, each list made a
    number: wherever the file refuses it, the problem there names the forms (kind `forms`) and
    never pydantic's "Input should be a valid …"."""
    import yaml

    from indicators.errors import FileError
    from indicators.validate import validate_data
    from scenarios.batch import BatchFile
    from scenarios.matrix import DecisionMatrix
    from scenarios.model import Assessment

    path, model = {
        "assessment": (DATA / "other_pair.yaml", Assessment),
        "batch": (DATA / "batch_other_pair.yaml", BatchFile),
        "matrix": (DATA / "mcda" / "fighters.yaml", DecisionMatrix),
    }[kind]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    said_forms = 0
    for loc, value in _leaves(data):
        if not loc or (isinstance(loc[-1], int) and isinstance(value, int | float)):
            continue  # a number in a list (a matrix row) is checked through its list
        if isinstance(value, bool) or not isinstance(value, int | float | dict | list):
            continue
        wrong = {"low": 0, "high": 1} if isinstance(value, int | float) else 5
        try:
            validate_data(_replaced(data, loc, wrong), model, str(path))
        except FileError as exc:
            here = [p for p in exc.problems if tuple(p.loc[: len(loc)]) == loc]
            assert here, (loc, [(p.loc, p.message) for p in exc.problems])
            for p in here:
                assert "Input should be a valid" not in p.message, (loc, p.message)
                assert p.kind not in RAW_SHAPE_KINDS, (loc, p.kind, p.message)
            said_forms += any(p.kind == "forms" for p in here)
            arabic = exc.said("ar")
            assert "Input should" not in arabic and "takes " not in arabic, arabic
    assert said_forms >= 10


def test_a_range_in_a_pairwise_matrix_names_the_judgement_forms(tmp_path):
    text = (
        "items: [a, b, c]\nmatrix:\n"
        "  - [1, 3, {low: 1, high: 2}]\n  - [null, 1, 2]\n  - [null, null, 1]\n"
    )
    path = tmp_path / "ahp.yaml"
    path.write_text(text, encoding="utf-8")
    en = taqdir("weights", "ahp", path)
    ar = taqdir("weights", "ahp", path, "--lang", "ar")
    assert en.code == 2 and ar.code == 2
    assert (
        'line 3: matrix[0][2]: takes a number or a fraction as text ("1/3"); got a mapping with '
        "keys low, high." in en.err
    )
    assert "level id" not in en.err
    assert "هذا الحقل يقبل عددًا أو كسرًا نصيًا مثل «\u20661/3\u2069»" in ar.err
