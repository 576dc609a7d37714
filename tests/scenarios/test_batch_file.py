"""Batch files: what they accept, and bad ones rejected by `taqdir batch` (run in-process
through the console script's `main`) with exit code 2 and a message naming the file, the line,
the field and the fix."""

from __future__ import annotations

import re

import pytest
import yaml

from indicators.errors import FileError
from scenarios.batch import BatchFile, Span, load_batch, span_positions
from scenarios.loader import load_builtin
from tests.batch_helpers import write_case
from tests.paths import ROOT

EXAMPLES = sorted((ROOT / "scenarios" / "data" / "batches").glob("*.yaml"))

GRID = {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 4, "num": 5}}}


def assert_clean_error(run, *fragments: str) -> None:
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err
    for fragment in fragments:
        assert fragment in run.err, (fragment, run.err)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_batches_validate_against_the_builtin_case(path):
    loaded = load_batch(path)
    assert loaded.assessment.id == load_builtin().id
    assert loaded.batch.sweeps


def test_example_folder_has_a_grid_and_a_sobol_sweep():
    kinds = {s.kind for p in EXAMPLES for s in load_batch(p).batch.sweeps}
    assert {"grid", "sobol", "lhs"} <= kinds


def test_spans_give_the_values_they_say():
    a = load_builtin()
    troops = a.indicator("personnel_in_country")
    assert span_positions(troops, Span.model_validate({"from": 0, "to": 6, "step": 2}), ())[1] == [
        0,
        2,
        4,
        6,
    ]
    assert span_positions(troops, Span.model_validate({"from": 0, "to": 1, "num": 3}), ())[1] == [
        0,
        0.5,
        1,
    ]
    level = a.indicator("representation_level")  # none < honorary < consulate_general < embassy
    span = Span.model_validate({"from": "honorary", "to": "embassy"})
    assert span_positions(level, span, ())[1] == [1, 2, 3]


def test_batch_needs_something_to_score():
    with pytest.raises(ValueError, match="needs scenarios to include or sweeps"):
        BatchFile.model_validate({"id": "empty"})


def test_relative_assessment_path_and_defaults(tmp_path, tiny):
    path = write_case(tmp_path / "case", {"id": "b", "sweeps": [GRID]}, tiny)
    loaded = load_batch(path)
    assert loaded.assessment.id == "tiny"
    assert loaded.profiles == ["equal"]  # every profile of the assessment
    assert loaded.methods == ["arithmetic"]  # the assessment's method
    assert loaded.base == "baseline"  # the assessment's first scenario


def test_unknown_indicator_is_located(cli, tmp_path, tiny):
    sweep = {"kind": "grid", "id": "g", "axes": {"meeting": [1, 2]}}
    path = write_case(tmp_path, {"id": "b", "sweeps": [sweep]}, tiny)
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(
        run, "batch.yaml, line", "sweeps[0].axes.meeting", "unknown indicator", "'meetings'"
    )


def test_level_not_on_the_scale(cli, tmp_path, tiny):
    sweep = {"kind": "grid", "id": "g", "axes": {"level": ["none", "medium"]}}
    path = write_case(tmp_path, {"id": "b", "sweeps": [sweep]}, tiny)
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(run, "sweeps[0].axes.level[1]", "'medium' is not a level", "none, low, high")


def test_unknown_profile_and_scenario(cli, tmp_path, tiny):
    body = {"id": "b", "scenarios": ["baseline", "deeper", "shallow"], "profiles": ["eqaul"]}
    path = write_case(tmp_path, body, tiny)
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(
        run, "scenarios[2]", "unknown scenario 'shallow'", "profiles[0]", "Did you mean 'equal'"
    )


def test_structural_errors(cli, tmp_path, tiny):
    body = {
        "id": "b",
        "sweeps": [
            {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 4}}},
            {"kind": "sobol", "id": "s", "n": 0, "ranges": {"troops": {"low": 0, "high": 9}}},
            {"kind": "lhs", "id": "l", "n": 5, "rangs": {}},
        ],
        "samples": -1,
    }
    path = write_case(tmp_path, body, tiny)
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(
        run, "sweeps[1].n", "greater than or equal to 1", "'rangs'", "Did you mean 'ranges'"
    )
    assert "samples" in run.err


def test_numeric_span_without_step_and_backwards_range(cli, tmp_path, tiny):
    body = {
        "id": "b",
        "sweeps": [
            {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 4}}},
            {"kind": "lhs", "id": "l", "n": 5, "ranges": {"troops": {"low": 50, "high": 9}}},
        ],
    }
    path = write_case(tmp_path, body, tiny)
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(
        run,
        "sweeps[0].axes.meetings",
        "needs step or num",
        "sweeps[1].ranges.troops",
        "low 50 is above high 9",
    )


def test_missing_assessment_file(cli, tmp_path):
    path = tmp_path / "batch.yaml"
    path.write_text(
        yaml.safe_dump({"id": "b", "assessment": "nowhere.yaml", "scenarios": ["baseline"]}),
        encoding="utf-8",
    )
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(run, "batch.yaml, line 1", "assessment", "'nowhere.yaml' does not exist")


def test_bad_output_suffix_and_options(cli, tmp_path, tiny):
    path = write_case(tmp_path, {"id": "b", "sweeps": [GRID]}, tiny)
    home = {"TAQDIR_HOME": str(tmp_path / "home")}
    assert_clean_error(cli("batch", path, "-o", tmp_path / "rows.xlsx", env=home), ".parquet")
    assert_clean_error(cli("batch", env=home), "give a batch file, or --resume")
    assert_clean_error(cli("batch", path, "--resume", "x", env=home), "not both")
    assert_clean_error(cli("batch", "--resume", "no-such-run", env=home), "no run 'no-such-run'")


def test_too_large_chunk_is_an_input_error(cli, tmp_path, tiny):
    body = {"id": "b", "sweeps": [GRID], "samples": 100_000, "chunk": 10_000}
    path = write_case(tmp_path, body, tiny)
    run = cli("batch", path, env={"TAQDIR_HOME": str(tmp_path / "home")})
    assert_clean_error(run, "chunk", "MiB", "Use chunk ≤")


def test_load_batch_raises_located_file_error(tmp_path, tiny):
    sweep = {"kind": "grid", "id": "g", "axes": {"level": {"from": "high", "to": "none"}}}
    path = write_case(tmp_path, {"id": "b", "sweeps": [sweep]}, tiny)
    with pytest.raises(FileError) as err:
        load_batch(path)
    (problem,) = err.value.problems
    assert problem.loc == ("sweeps", 0, "axes", "level")
    assert problem.line is not None and "runs backwards" in problem.message


def test_nothing_is_tied_to_the_builtin_case(cli, tmp_path):
    """The batch in tests/data runs on the synthetic second pair, with its own ids."""
    path = ROOT / "tests" / "data" / "batch_other_pair.yaml"
    run = cli(
        "batch",
        path,
        "--summary",
        "json",
        "-q",
        "-o",
        tmp_path / "rows.csv",
        env={"TAQDIR_HOME": str(tmp_path / "home")},
    )
    assert run.code == 0, run.err
    summary = run.json()["summary"]
    assert summary["tiers"] == ["low", "medium", "high"]
    assert set(summary["profiles"]) == {"balanced", "trade_first"}
    # The baseline included as is scores as the file's hand computation says: 47.41, medium.
    text = (tmp_path / "rows.csv").read_text(encoding="utf-8").splitlines()
    head = text[0].replace('"', "").split(",")
    first = dict(zip(head, text[1].replace('"', "").split(","), strict=True))
    assert first["base"] == "baseline" and first["profile"] == "balanced"
    assert float(first["score"]) == pytest.approx(47.41, abs=0.01)
    assert first["tier"] == "medium"
    (line,) = [
        t
        for t in summary["tipping"]
        if t["indicator"] == "embassy_status"
        and (t["profile"], t["method"]) == ("balanced", "arithmetic")
    ]
    # Hand computation in tests/data/batch_other_pair.yaml: medium → high at `ambassador`.
    assert line["base"] == "deeper_ties" and line["base_tier"] == "high"
    assert [(f["from"], f["to"], f["level"]) for f in line["flips"]] == [
        ("medium", "high", "ambassador")
    ]


def test_snapshot_restores_the_batch_with_its_axis_order(tmp_path, tiny):
    """The order of a grid's axes is the order of its variants: a resumed run must keep it."""
    from scenarios.batch import restore_batch, snapshot

    sweep = {"kind": "grid", "id": "g", "axes": {"meetings": [0, 1], "level": ["none", "high"]}}
    loaded = load_batch(write_case(tmp_path, {"id": "b", "sweeps": [sweep]}, tiny))
    again = restore_batch(snapshot(loaded.batch), snapshot(loaded.assessment), "r")
    assert list(again.batch.sweeps[0].axes) == ["meetings", "level"]
    assert again.batch.content_hash() == loaded.batch.content_hash()
    assert again.assessment == loaded.assessment
    swapped = {"kind": "grid", "id": "g", "axes": {"level": ["none", "high"], "meetings": [0, 1]}}
    other = load_batch(write_case(tmp_path / "o", {"id": "b", "sweeps": [swapped]}, tiny))
    assert other.batch.content_hash() != loaded.batch.content_hash()


def test_progress_bar_and_summary_tables(cli, tmp_path, tiny):
    """Without -q: the run id with how to resume it (stderr); the summary tables on stdout, in
    English or Arabic. Here stderr is not a terminal, so there is no bar (the live bar in a
    terminal is tested under a pseudo-terminal in tests/engine/cli/test_terminal.py)."""
    sweep = {"kind": "grid", "id": "g", "axes": {"meetings": {"from": 0, "to": 4, "num": 4000}}}
    path = write_case(tmp_path, {"id": "b", "sweeps": [sweep], "chunk": 100}, tiny)
    home = {"TAQDIR_HOME": str(tmp_path / "home")}
    run = cli("batch", path, env=home)
    assert run.code == 0, run.err
    assert "--resume" in run.err and "4,000 rows" in run.err
    assert not re.search(r"[\d,]+ rows/s", run.err), run.err  # no progress outside a terminal
    for heading in ("Tier distribution", "Highest and lowest", "Tipping points"):
        assert heading in run.out
    assert "Low → High at 2.667" in run.out  # 8/3, see test_batch_engine
    arabic = cli("batch", path, "-q", "--lang", "ar", env=home)
    assert "نقاط التحوّل" in arabic.out and "منخفض → مرتفع" in arabic.out
