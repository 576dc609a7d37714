"""Validation problems in Arabic (issues 10 and 12): the bad-input corpus of
`test_cli_errors.py`, `test_input_forms.py` and `test_hostile_input.py` (the same mutations of
the tiny assessment and of `tests/data/other_pair.yaml`) walked with `taqdir validate --lang ar`.
Each message must be Arabic prose: once every left-to-right isolate (ids, file names, field
paths, values) is taken out, no Latin letter may remain; and no isolate may hide English prose."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from indicators.bidi import LRI, PDI
from indicators.errors import FileError, Problem
from indicators.messages import known_kinds
from tests.paths import ROOT

OTHER = (ROOT / "tests" / "data" / "other_pair.yaml").read_text(encoding="utf-8")

_ISOLATE = re.compile(f"{LRI}[^{PDI}]*{PDI}")
_LATIN = re.compile(r"[A-Za-z]")
_PROSE = re.compile(r"[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}")  # three English words in a row


def assert_arabic(text: str) -> None:
    """Arabic prose, with ids, paths and values isolated (and no English sentence isolated)."""
    outside = _ISOLATE.sub("", text.replace("taqdir: ", "", 1))
    assert not _LATIN.search(outside), (outside, text)
    assert re.search("[\u0600-\u06ff]", outside), text
    for part in _ISOLATE.findall(text):
        if part.strip(LRI + PDI).startswith(("taqdir ", "pip install ")):
            continue  # a command to type, kept as it is typed
        assert not _PROSE.search(part), (part, text)
    assert "بالإنجليزية" not in text, text  # no kind fell back to its English detail


def _set(*path: object, to: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        target[path[-1]] = to  # type: ignore[index]

    return change


def _calls(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        for c in changes:
            c(data)

    return change


def _loop(data: dict) -> None:
    data["scenarios"].append({"id": "a", "name": {"en": "A", "ar": "أ"}, "extends": "b"})
    data["scenarios"].append({"id": "b", "name": {"en": "B", "ar": "ب"}, "extends": "a"})


def _misspelt(data: dict) -> None:
    data["profiles"][0]["familes"] = data["profiles"][0].pop("families")


def _footnote(data: dict) -> None:
    data["source"] = {"footnotes": {"[1]": "a source"}}
    data["evidence"][0]["sources"] = ["[1]", "[9]"]


def _drop(*path: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        del target[path[-1]]  # type: ignore[arg-type]

    return change


TINY_CASES: dict[str, Callable[[dict], None]] = {
    "unknown key": _misspelt,
    "text for a number": _set("indicators", 0, "transform", "high", to="four"),
    "unknown indicator": _set("scenarios", 1, "values", "meeting", to=3),
    "unknown family": _set("profiles", 0, "families", "army", to=1),
    "duplicate id": _set("scenarios", 1, "id", to="baseline"),
    "off the scale": _set("scenarios", 1, "values", "meetings", to=500),
    "not a level": _set("scenarios", 1, "values", "level", to="medium"),
    "tier gap": _set("tiers", 1, "min", to=40),
    "all weights zero": _set("profiles", 0, "families", to={"talks": 0, "arms": 0}),
    "impossible date": _set("evidence", 0, "event_date", to="2025-02-30"),
    "extends loop": _loop,
    "yes/no for a number": _set("scenarios", 1, "values", "meetings", to=True),
    "log below zero": _set("indicators", 2, "transform", "min", to=-5),
    "unknown footnote": _footnote,
    "indicator id is a family id": _calls(
        _set("indicators", 2, "id", to="arms"), _set("evidence", 1, "indicator", to="arms")
    ),
    "missing field": _drop("title"),
    "empty text": _set("title", "en", to=""),
    "bad identifier": _set("families", 0, "id", to="1 talks"),
    "negative weight": _set("profiles", 0, "families", "talks", to=-1),
    "huge share": _set("profiles", 0, "indicators", to={"meetings": 1e308, "level": 1e308}),
    "goalposts reversed": _set("indicators", 0, "transform", "low", to=9),
    "unknown transform": _set("indicators", 0, "transform", "kind", to="cubic"),
    "grade not on the scale": _set("evidence", 0, "reliability", to="G"),
    "story before event": _set("evidence", 0, "story_date", to="2020-01-01"),
    "year one": _set("evidence", 0, "event_date", to="0001-01-01"),
    "huge window": _set("indicators", 0, "from_evidence", "window_days", to=10**12),
    "bad link": _set("evidence", 0, "url", to="javascript:alert(1)"),
    "range out of order": _calls(
        _set("evidence", 0, "low", to=3), _set("evidence", 0, "high", to=1)
    ),
    "one level": _set(
        "indicators",
        1,
        "transform",
        "levels",
        to=[{"id": "x", "name": {"en": "X", "ar": "س"}, "intensity": 0}],
    ),
    "first tier above zero": _set("tiers", 0, "min", to=5),
    "direction as a list": _set("indicators", 0, "direction", to=["x"]),
}


@pytest.mark.parametrize("case", sorted(TINY_CASES))
def test_each_bad_tiny_file_is_refused_in_arabic(cli, tiny, write_yaml, case):
    TINY_CASES[case](tiny)
    run = cli("validate", write_yaml(tiny), "--lang", "ar")
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err and run.out == ""
    assert "assessment.yaml" in run.err  # the file is named, isolated
    assert_arabic(run.err)


OTHER_CASES = {
    "range where a number goes": ("    value: 99\n", "    value: {low: 90, high: 110}\n"),
    "list as a default": ("    when_no_evidence: 0\n", "    when_no_evidence: [0]\n"),
    "unquoted minus": ('direction: "-"', "direction: -"),
}


@pytest.mark.parametrize("case", sorted(OTHER_CASES))
def test_bad_forms_of_the_other_pair_in_arabic(cli, tmp_path, case):
    before, after = OTHER_CASES[case]
    assert before in OTHER
    path = tmp_path / "other.yaml"
    path.write_text(OTHER.replace(before, after, 1), encoding="utf-8")
    run = cli("validate", path, "--lang", "ar")
    assert run.code == 2, (run.out, run.err)
    assert_arabic(run.err)


FILES = {
    "broken.yaml": "id: x\ntitle: {en: a, ar: b\nas_of: 2025-01-01\n",
    "empty.yaml": "",
    "list.yaml": "- 1\n- 2\n",
    "broken.json": '{"id": "x",\n "title": }',
    "twice.yaml": "id: a\nid: b\n",
    "deep.yaml": "[" * 10_000 + "]" * 10_000,
    "latin1.yaml": b"id: caf\xe9\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_unreadable_files_are_refused_in_arabic(cli, tmp_path, name):
    path = tmp_path / name
    body = FILES[name]
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    run = cli("validate", path, "--lang", "ar")
    assert run.code == 2, (run.out, run.err)
    assert name in run.err
    assert_arabic(run.err)


def test_a_missing_file_and_a_folder_in_arabic(cli, tmp_path):
    for target in (tmp_path / "nowhere.yaml", tmp_path):
        run = cli("validate", target, "--lang", "ar")
        assert run.code == 2
        assert_arabic(run.err)


def test_other_commands_say_file_problems_in_arabic_too(cli, tiny, write_yaml):
    tiny["scenarios"][1]["values"]["meetings"] = 500
    path = write_yaml(tiny)
    arabic = cli("score", path, "--lang", "ar")
    english = cli("score", path)
    assert arabic.code == english.code == 2
    assert_arabic(arabic.err)
    assert "outside the scale" in english.err  # English unchanged


def test_the_english_message_is_unchanged_by_the_structure(cli, tiny, write_yaml):
    tiny["tiers"][1]["min"] = 40
    run = cli("validate", write_yaml(tiny))
    assert "starts at 40 but the previous tier ends at" in run.err


def test_a_valid_file_is_said_valid_in_arabic(cli, tiny, write_yaml):
    run = cli("validate", write_yaml(tiny), "--lang", "ar")
    assert run.code == 0, run.err
    assert "تقدير صالح" in run.out
    assert_arabic(run.out)


def test_valid_batch_matrix_and_profile_files_are_said_valid_in_arabic(cli, tmp_path, tiny):
    from tests.batch_helpers import write_case

    sweep = {"kind": "grid", "id": "g", "axes": {"meetings": [1, 2]}}
    batch = write_case(tmp_path / "case", {"id": "b", "sweeps": [sweep]}, tiny)
    matrix = ROOT / "tests" / "data" / "mcda"
    files = [("batch", batch)]
    files += [("matrix", p) for p in sorted(matrix.glob("*.yaml"))[:1]]
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(tiny["profiles"][0]), encoding="utf-8")
    files.append(("profile", profile))
    for kind, path in files:
        run = cli("validate", "--kind", kind, path, "--lang", "ar")
        assert run.code == 0, (kind, run.err)
        assert_arabic(run.out)


BATCH_CASES = {
    "tiny step": ({"meetings": {"from": 0, "to": 8, "step": 1e-300}}, {}),
    "zero step": ({"meetings": {"from": 0, "to": 8, "step": 0}}, {}),
    "backwards span": ({"meetings": {"from": 8, "to": 0, "step": 1}}, {}),
    "span without a step": ({"meetings": {"from": 0, "to": 8}}, {}),
    "repeated axis value": ({"meetings": [1, 1]}, {}),
    "off the scale": ({"meetings": [1, 500]}, {}),
    "unknown indicator": ({"meeting": [1, 2]}, {}),
    "unknown scenario": ({"meetings": [1, 2]}, {"scenarios": ["nowhere"]}),
}


@pytest.mark.parametrize("case", sorted(BATCH_CASES))
def test_bad_batch_files_are_refused_in_arabic(cli, tmp_path, tiny, case):
    from tests.batch_helpers import write_case

    axes, extra = BATCH_CASES[case]
    sweep = {"kind": "grid", "id": "g", "axes": axes}
    path = write_case(tmp_path / "case", {"id": "b", "sweeps": [sweep], **extra}, tiny)
    run = cli("validate", "--kind", "batch", path, "--lang", "ar")
    assert run.code == 2, (run.out, run.err)
    assert_arabic(run.err)


def test_a_batch_whose_assessment_is_missing_in_arabic(cli, tmp_path, tiny):
    from tests.batch_helpers import write_case

    path = write_case(
        tmp_path / "case",
        {"id": "b", "sweeps": [{"kind": "grid", "id": "g", "axes": {"meetings": [1, 2]}}]},
        tiny,
    )
    (path.parent / "assessment.yaml").unlink()
    run = cli("validate", "--kind", "batch", path, "--lang", "ar")
    assert run.code == 2
    assert_arabic(run.err)


AHP_CASES = {
    "not reciprocal": [[1, 3, 1], [3, 1, 1], [1, 1, 1]],
    "off the scale": [[1, 12, 1], ["1/12", 1, 1], [1, 1, 1]],
    "diagonal": [[2, 1, 1], [1, 1, 1], [1, 1, 1]],
    "missing cell": [[1, None, 1], [1, 1, 1], [1, 1, 1]],
    "short row": [[1, 1], [1, 1, 1], [1, 1, 1]],
    "not a number": [[1, "lots", 1], [1, 1, 1], [1, 1, 1]],
}


@pytest.mark.parametrize("case", sorted(AHP_CASES))
def test_bad_ahp_files_are_refused_in_arabic(cli, write_yaml, case):
    ahp = write_yaml({"items": ["a", "b", "c"], "matrix": AHP_CASES[case]}, "ahp.yaml")
    run = cli("weights", "ahp", ahp, "--lang", "ar")
    assert run.code == 2, (run.out, run.err)
    assert_arabic(run.err)


def test_bad_weight_models_and_points_in_arabic(cli, write_yaml):
    swing = write_yaml({"points": {"a": 0, "b": 0}}, "swing.yaml")
    run = cli("weights", "swing", swing, "--lang", "ar")
    assert run.code == 2, (run.out, run.err)
    assert_arabic(run.err)
    ranked = write_yaml({"ranking": ["a", "b", "a"]}, "rank.yaml")
    run = cli("weights", "rank", ranked, "--lang", "ar")
    assert run.code == 2, (run.out, run.err)
    assert_arabic(run.err)


# --- every kind the validator can raise has an Arabic sentence ---------------------------


def _error_classes() -> frozenset[str]:
    """The names of `TaqdirError` and of every class deriving from it in the source (found by
    reading it, not by importing it): their `kind=` is an error's kind, said by
    `indicators.error_sentences` (checked in tests/test_error_kinds.py), not a problem's."""
    bases: dict[str, set[str]] = {}
    for folder in ("engine", "indicators", "scenarios"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    names = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                    bases.setdefault(node.name, set()).update(names)
    found = {"TaqdirError"}
    while True:
        more = {name for name, of in bases.items() if of & found} - found
        if not more:
            return frozenset(found)
        found |= more


ERROR_CLASSES = _error_classes()


def _kinds_in_source() -> set[str]:
    """Kinds named where problems are made: `Problem(..., kind=...)`, `invalid(kind, ...)`,
    `_problem(..., kind)` and the scale problems' tuples."""
    found: set[str] = set()
    for folder in ("indicators", "scenarios"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    if name == "invalid" and node.args and isinstance(node.args[0], ast.Constant):
                        found.add(node.args[0].value)
                    if name in ERROR_CLASSES or name == "__init__":  # errors: test_error_kinds
                        continue
                    for kw in node.keywords:
                        if kw.arg == "kind" and isinstance(kw.value, ast.Constant):
                            found.add(kw.value.value)
                    if name == "_problem" and len(node.args) >= 5:
                        arg = node.args[4]
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                            found.add(arg.value)
    return found


def test_every_kind_made_in_the_model_has_arabic():
    kinds = _kinds_in_source()
    assert {"date_range", "unknown_name", "tier_gap", "too_deep", "min_max"} <= kinds
    assert kinds - known_kinds() == set()


def test_scale_problems_carry_their_kind():
    from scenarios.loader import load_builtin

    ind = load_builtin().indicators[0]
    for bad in (-1e9, float("nan"), 1e300, "text"):
        found = ind.scale_problem(bad)
        assert found is not None and found[0] in known_kinds(), found


def test_an_unlisted_kind_says_so_in_arabic_and_keeps_the_detail():
    text = FileError("f.yaml", [Problem(("x",), "odd thing.", kind="no_such_kind")]).render("ar")
    assert "بالإنجليزية" in text and "odd thing." in text


def test_the_dashboard_editor_shows_the_same_arabic(tiny, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # importing Streamlit sets it; given back after
    from dashboard.editor.draft import message
    from indicators.validate import validate_data
    from scenarios.model import Assessment

    tiny["scenarios"][1]["values"]["meetings"] = 500
    with pytest.raises(FileError) as err:
        validate_data(yaml.safe_load(yaml.safe_dump(tiny)), Assessment, None)
    (p,) = err.value.problems
    ar = message(p, "ar")
    assert_arabic(ar)
    assert "500" in ar and "scenarios[1].values.meetings" in ar
    assert message(p, "en").startswith("scenarios[1].values.meetings: value 500")


def test_paths_are_isolated_not_bare(tmp_path: Path):
    text = FileError(str(tmp_path / "a.yaml"), [Problem(("id",), "x.", kind="missing")]).render(
        "ar"
    )
    assert f"{LRI}{tmp_path / 'a.yaml'}{PDI}" in text
