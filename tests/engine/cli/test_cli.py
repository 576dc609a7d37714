"""The command line through its real entry point: formats, languages, files, help."""

from __future__ import annotations

import csv
import io
import json

import pytest

from engine.score import score
from scenarios.loader import load_builtin
from scenarios.model import Assessment
from tests.paths import DATA


def test_score_builtin_table(cli):
    run = cli("score")
    assert run.code == 0, run.err
    a = load_builtin()
    for sc in a.scenarios:
        assert sc.name.en in run.out
    assert "Largest contributions" in run.out


def test_score_table_in_arabic(cli):
    run = cli("score", "--lang", "ar")
    assert run.code == 0, run.err
    a = load_builtin()
    assert a.scenarios[0].name.ar in run.out
    assert "الدرجة" in run.out


def test_score_json_matches_the_engine(cli):
    run = cli("score", "--format", "json", "--weights", "security_lens", "--method", "topsis")
    assert run.code == 0, run.err
    out = run.json()
    expected = score(load_builtin(), profile="security_lens", method="topsis")
    assert out["method"] == "topsis"
    assert [r["scenario"] for r in out["results"]] == list(expected.scenario_ids)
    assert [r["score"] for r in out["results"]] == pytest.approx(expected.scores.tolist())
    assert sum(out["weights"].values()) == pytest.approx(1.0)


def test_set_weight_moves_the_score(cli):
    base = cli("score", "--format", "json").json()
    moved = cli("score", "--format", "json", "--set-weight", "troops=3").json()
    assert moved["weights"] != base["weights"]
    fam = moved["family_weights"]
    # troops 3 against visits, agreements, consulate at 1 each → 3/6 of the weight
    assert fam["troops"] == pytest.approx(0.5)


def test_samples_and_seed_reproduce(cli):
    args = ("score", "--format", "json", "--samples", "3000", "--seed", "9")
    one, two = cli(*args).json(), cli(*args).json()
    assert one == two
    row = one["results"][0]
    assert set(row["uncertainty"]) == {"mean", "p05", "p50", "p95"}
    assert sum(row["tier_probabilities"].values()) == pytest.approx(1.0)
    assert one["sampling"] == {"samples": 3000, "seed": 9, "concentration": 100.0}


def test_csv_output(cli):
    run = cli("score", "--format", "csv")
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    a = load_builtin()
    assert [r["scenario"] for r in rows] == a.scenario_ids
    for r in rows:
        contrib = sum(float(v) for k, v in r.items() if k.startswith("contribution."))
        assert contrib == pytest.approx(float(r["score"]), abs=1e-4)


def test_output_file_is_written(cli, tmp_path):
    target = tmp_path / "out" / "score.json"
    run = cli("score", "--format", "json", "--output", target)
    assert run.code == 0, run.err
    assert json.loads(target.read_text(encoding="utf-8"))["results"]
    assert not [p for p in target.parent.iterdir() if p.name != "score.json"]  # no temp left


def test_as_of_option(cli):
    early = cli("score", "--format", "json", "--as-of", "2025-02-01", "-s", "baseline").json()
    late = cli("score", "--format", "json", "-s", "baseline").json()
    assert early["assessment"]["as_of"] == "2025-02-01"
    assert early["results"][0]["score"] < late["results"][0]["score"]


def test_schema_is_json_schema(cli):
    run = cli("schema")
    assert run.code == 0
    schema = json.loads(run.out)
    assert schema["title"] == "Assessment"
    assert schema["additionalProperties"] is False
    profile = json.loads(cli("schema", "--kind", "profile").out)
    assert profile["title"] == "Profile"


def test_indicators_lists_evidence(cli):
    run = cli("indicators", "--format", "json")
    assert run.code == 0, run.err
    rows = {r["id"]: r for r in run.json()["indicators"]}
    a = load_builtin()
    assert set(rows) == {i.id for i in a.indicators}
    assert any(r["evidence"] for r in rows.values())
    assert cli("indicators").code == 0


def test_other_pair_scores(cli):
    # A different pair of countries, families, transforms and tiers: nothing tied to the
    # built-in case.

    path = DATA / "other_pair.yaml"
    run = cli("score", path, "--format", "json")
    assert run.code == 0, run.err
    out = run.json()
    other = Assessment.model_validate_json(json.dumps(_load(path)))
    assert [t["id"] for t in out["tiers"]] == [t.id for t in other.tiers]
    assert out["assessment"]["id"] == other.id
    for r in out["results"]:
        assert 0 <= r["score"] <= 100
        assert sum(r["contributions"].values()) == pytest.approx(r["score"])
    assert cli("validate", path).code == 0


def _load(path):
    from indicators.files import read_document

    return read_document(path)[0]


def _commands() -> list[str]:
    import typer.main

    from engine.cli import app

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_the_command_list_is_complete():
    assert set(_commands()) >= {
        "score", "validate", "schema", "indicators", "dashboard", "batch", "runs",
        "compare", "timeline", "sensitivity", "weights",
    }  # fmt: skip


@pytest.mark.parametrize("cmd", _commands())
def test_every_subcommand_has_help(cli, cmd):
    run = cli(cmd, "--help")
    assert run.code == 0, run.err
    assert "Usage" in run.out


def test_arabic_survives_a_json_round_trip(cli, tiny, write_yaml, tmp_path):
    tiny["title"]["ar"] = "شراكة ناشئة: أبعاد التقارُب"
    out = cli("score", write_yaml(tiny), "--format", "json").json()
    assert out["assessment"]["title"]["ar"] == "شراكة ناشئة: أبعاد التقارُب"
    as_json = tmp_path / "same.json"
    as_json.write_text(json.dumps(tiny, ensure_ascii=False), encoding="utf-8")
    again = cli("score", as_json, "--format", "json").json()
    assert again["results"] == out["results"]


def test_written_files_get_ordinary_permissions(cli, tmp_path):
    import os
    import stat

    target = tmp_path / "score.json"
    assert cli("score", "--format", "json", "--output", target).code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    assert cli("score", "--format", "json", "--output", target).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
