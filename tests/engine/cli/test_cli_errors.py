"""Bad input: exit code 2, a message naming the file, the line, the field and the fix."""

from __future__ import annotations

import pytest


def assert_clean_error(run, *fragments: str) -> None:
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err
    assert run.out == ""
    for fragment in fragments:
        assert fragment in run.err, (fragment, run.err)


def test_tiny_assessment_is_valid(cli, tiny, write_yaml):
    run = cli("validate", write_yaml(tiny))
    assert run.code == 0, run.err
    assert "valid assessment 'tiny'" in run.out


def test_yaml_syntax_error_names_the_line(cli, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ntitle: {en: a, ar: b\nas_of: 2025-01-01\n", encoding="utf-8")
    run = cli("validate", path)
    assert_clean_error(run, "broken.yaml", "line", "not valid YAML")


def test_unknown_key_suggests_the_right_one(cli, tiny, write_yaml):
    tiny["profiles"][0]["familes"] = tiny["profiles"][0].pop("families")
    run = cli("score", write_yaml(tiny))
    assert_clean_error(
        run, "assessment.yaml, line", "profiles[0]", "'familes'", "Did you mean 'families'"
    )


def test_wrong_type(cli, tiny, write_yaml):
    tiny["indicators"][0]["transform"]["high"] = "four"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "indicators[0].transform.high", "line", "'four'")


def test_unknown_indicator_in_scenario(cli, tiny, write_yaml):
    tiny["scenarios"][1]["values"]["meeting"] = 3
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(
        run,
        "scenarios[1].values.meeting",
        "unknown indicator 'meeting'",
        "Did you mean 'meetings'",
        "line",
    )


def test_unknown_family_in_profile(cli, tiny, write_yaml):
    tiny["profiles"][0]["families"]["army"] = 1
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "profiles[0].families.army", "unknown family 'army'")


def test_duplicate_id(cli, tiny, write_yaml):
    tiny["scenarios"][1]["id"] = "baseline"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "scenarios[1].id", "duplicate id 'baseline'")


def test_value_outside_scale(cli, tiny, write_yaml):
    tiny["scenarios"][1]["values"]["meetings"] = 500
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "scenarios[1].values.meetings", "outside the scale [0, 100]")


def test_unknown_ordinal_level(cli, tiny, write_yaml):
    tiny["scenarios"][1]["values"]["level"] = "medium"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "'medium' is not a level of level", "none, low, high")


def test_thresholds_not_increasing(cli, tiny, write_yaml):
    tiny["tiers"][1]["min"] = 40
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "tiers[1].min", "previous tier ends at 50")


@pytest.mark.parametrize(
    "weight, fragment",
    [(-1, "greater than or equal to 0"), (".nan", "finite"), (".inf", "finite")],
)
def test_bad_weight_in_file(cli, tiny, write_yaml, tmp_path, weight, fragment):
    path = write_yaml(tiny)
    text = path.read_text(encoding="utf-8").replace("talks: 1", f"talks: {weight}", 1)
    path.write_text(text, encoding="utf-8")
    run = cli("validate", path)
    assert_clean_error(run, "profiles[0].families.talks", fragment, "line")


def test_zero_sum_weights(cli, tiny, write_yaml):
    tiny["profiles"][0]["families"] = {"talks": 0, "arms": 0}
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "all family weights are zero")


def test_date_that_is_not_a_date(cli, tiny, write_yaml):
    tiny["evidence"][0]["event_date"] = "2025-02-30"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "evidence[0].event_date", "YYYY-MM-DD", "line")


def test_scenario_extending_itself_in_a_loop(cli, tiny, write_yaml):
    tiny["scenarios"].append({"id": "a", "name": {"en": "A", "ar": "أ"}, "extends": "b"})
    tiny["scenarios"].append({"id": "b", "name": {"en": "B", "ar": "ب"}, "extends": "a"})
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "extends itself in a loop", "a → b → a")


def test_duplicate_yaml_key(cli, tmp_path, tiny, write_yaml):
    path = write_yaml(tiny)
    path.write_text(path.read_text(encoding="utf-8") + "id: again\n", encoding="utf-8")
    run = cli("validate", path)
    assert_clean_error(run, "key 'id' appears twice")


def test_oversized_file_is_refused_quickly(cli, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * 700_000)
    run = cli("validate", path)
    assert_clean_error(run, "huge.yaml", "limited to")


def test_alias_bomb_is_refused(cli, tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("validate", path)
    assert_clean_error(run, "bomb.yaml", "aliases")


def test_non_utf8_is_refused(cli, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: café\n".encode("latin-1"))
    run = cli("validate", path)
    assert_clean_error(run, "latin1.yaml", "not UTF-8", "line 1")


def test_missing_file(cli, tmp_path):
    assert_clean_error(cli("score", tmp_path / "nope.yaml"), "nope.yaml", "no such file")


def test_empty_file(cli, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    assert_clean_error(cli("validate", path), "empty.yaml", "is empty")


def test_top_level_not_a_mapping(cli, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    assert_clean_error(cli("validate", path), "list.yaml", "mapping")


def test_invalid_json(cli, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"id": "x",\n "title": }', encoding="utf-8")
    assert_clean_error(cli("validate", path), "bad.json", "line 2", "not valid JSON")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--method", "median"], "unknown method 'median'"),
        (["--set-weight", "troopz=2"], "Did you mean 'troops'"),
        (["--set-weight", "troops"], "ID=VALUE"),
        (["--set-weight", "troops=-1"], "≥ 0"),
        (["--set-weight", "troops=abc"], "not a number"),
        (["--set-weight", "talks=0", "--set-weight", "arms=0"], "zero"),
        (["--as-of", "2025-13-01"], "YYYY-MM-DD"),
        (["--weights", "nosuch"], "neither a profile"),
        (["--format", "xml"], "table, json, csv"),
        (["--lang", "fr"], "en or ar"),
        (["--scenario", "nosuch"], "no scenario 'nosuch'"),
        (["--concentration", "-3", "--samples", "10"], "positive"),
    ],
)
def test_bad_options(cli, tiny, write_yaml, args, fragment):
    assert_clean_error(cli("score", write_yaml(tiny), *args), fragment)


def test_unknown_option_is_a_usage_error(cli):
    run = cli("score", "--nosuch")
    assert run.code == 2
    assert "Traceback" not in run.err


def test_profile_file_checked_against_assessment(cli, tiny, write_yaml, tmp_path):
    profile = {"id": "mine", "name": {"en": "Mine", "ar": "لي"}, "families": {"talks": 2}}
    prof = write_yaml(profile, "profile.yaml")
    run = cli("score", write_yaml(tiny), "--weights", prof)
    assert_clean_error(run, "profile.yaml", "gives no weight to arms")


def test_boolean_is_not_a_number(cli, tiny, write_yaml):
    tiny["scenarios"][1]["values"]["meetings"] = True
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "scenarios[1].values.meetings", "takes a number")
    assert "got true (a yes/no, not a number)" in run.err


def test_log_transform_needs_non_negative_values(cli, tiny, write_yaml):
    tiny["indicators"][2]["transform"]["min"] = -5
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "indicators[2].transform", "must be ≥ 0")


def test_unknown_footnote(cli, tiny, write_yaml):
    tiny["source"] = {"footnotes": {"[1]": "a source"}}
    tiny["evidence"][0]["sources"] = ["[1]", "[9]"]
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "evidence[0].sources[1]", "unknown footnote '[9]'", "[1]")


def test_indicator_id_equal_to_a_family_id(cli, tiny, write_yaml):
    tiny["indicators"][2]["id"] = "arms"
    tiny["evidence"][1]["indicator"] = "arms"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "indicators[2].id", "also a family id")


@pytest.mark.parametrize("option", [["--seed", "3"], ["--concentration", "5"]])
def test_a_sampling_option_without_samples_is_refused_not_ignored(cli, option):
    from tests.engine.cli.test_arabic_messages import assert_arabic

    assert_clean_error(cli("score", *option), f"{option[0]} applies only with --samples N")
    arabic = cli("score", *option, "--lang", "ar")
    assert arabic.code == 2 and "لا ينطبق إلا مع" in arabic.err
    assert_arabic(arabic.err.split("خطأ:", 1)[1])
    sampled = cli("score", *option, "--samples", "200", "--format", "json")
    assert sampled.code == 0, sampled.err


def test_a_bad_id_is_said_without_a_regular_expression(cli, tiny, write_yaml):
    tiny["id"] = "bad id!"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "'bad id!' is not a valid id", "starts with a Latin letter")
    assert "[A-Za-z]" not in run.err and "pattern" not in run.err
