"""Every `--format json` output validates against the schema `taqdir schema --kind …` prints,
and the shipped schemas are the ones docs/contracts.md makes (engine/cli/schemas.py).

jsonschema (a dev dependency) validates: a complete, maintained implementation of the JSON
Schema standard, so the check is the one any consumer of the schemas would run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from engine.cli.schemas import DOC, GENERATED, generate, output_kinds, rendered
from tests.test_contracts import BATCH, INVOCATIONS, Outputs, invoke, outputs  # noqa: F401


def printed_schema(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(invoke(["schema", "--kind", kind]))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_the_shipped_schemas_are_made_from_the_contracts_page() -> None:
    expected = rendered(DOC.read_text(encoding="utf-8"))
    assert GENERATED.read_text(encoding="utf-8") == expected, (
        "engine/cli/output_schemas.json is not in step with docs/contracts.md: "
        "run `python -m engine.cli.schemas` and commit both."
    )


def test_every_documented_output_has_a_schema_kind() -> None:
    kinds = set(output_kinds())
    assert set(INVOCATIONS) | {"batch-summary", "runs-list", "runs-show", "sensitivity"} <= kinds


@pytest.mark.parametrize("kind", sorted(INVOCATIONS))
def test_command_output_validates_against_its_printed_schema(kind: str) -> None:
    schema = printed_schema(kind)
    for args in INVOCATIONS[kind]:
        jsonschema.validate(json.loads(invoke(args)), schema)
    if kind.startswith("sensitivity:"):  # the `sensitivity` schema takes every kind
        jsonschema.validate(json.loads(invoke(INVOCATIONS[kind][0])), printed_schema("sensitivity"))


def test_batch_and_runs_outputs_validate(tmp_path: Path) -> None:
    batch = tmp_path / "b.yaml"
    batch.write_text(BATCH, encoding="utf-8")
    env = {"TAQDIR_HOME": str(tmp_path)}
    summary = json.loads(invoke(["batch", str(batch), "-q", "--summary", "json"], env=env))
    jsonschema.validate(summary, printed_schema("batch-summary"))
    listed = json.loads(invoke(["runs", "list", "--format", "json"], env=env))
    jsonschema.validate(listed, printed_schema("runs-list"))
    shown = json.loads(invoke(["runs", "show", summary["run"]["id"], "--format", "json"], env=env))
    jsonschema.validate(shown, printed_schema("runs-show"))


def test_the_schemas_refuse_what_the_contract_excludes() -> None:
    """The schemas have teeth: an unknown key, a missing key, a wrong type are refused."""
    schema = printed_schema("score")
    good = json.loads(invoke(["score", "--format", "json"]))
    jsonschema.validate(good, schema)
    for broken in (
        {**good, "surprise": 1},
        {k: v for k, v in good.items() if k != "results"},
        {**good, "method": 3},
        {**good, "results": [{**good["results"][0], "rank": "first"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_the_generator_follows_the_page_rules() -> None:
    page = """
<!-- keys: demo -->
| key | type | present | meaning |
| --- | --- | --- | --- |
| `a` | integer | always | a count |
| `b` | string or null | when asked | maybe |
| `rows` | array | always | rows (below) |

<!-- keys: demo rows[] -->
| key | type | present | meaning |
| --- | --- | --- | --- |
| `x` | number | always | x |
"""
    schema = generate(page)["demo"]
    assert schema["required"] == ["a", "rows"]
    assert schema["properties"]["b"]["type"] == ["string", "null"]
    jsonschema.validate({"a": 1, "rows": [{"x": 0.5}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"a": 1, "rows": [{"x": 0.5, "y": 1}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"a": 1.5, "rows": []}, schema)


def test_every_json_output_says_which_taqdir_and_which_input() -> None:
    for kind in ("score", "indicators", "timeline", "sensitivity:smaa"):
        data = json.loads(invoke(INVOCATIONS[kind][0]))
        assert data["assessment"]["engine_version"]
        assert data["assessment"]["input_hash"].startswith("sha256:")
    for kind in ("compare", "compare-many"):
        data = json.loads(invoke(INVOCATIONS[kind][0]))
        assert data["engine_version"]
        sides = [data["a"], data["b"]] if kind == "compare" else data["sides"]
        assert all(s["input_hash"].startswith("sha256:") for s in sides)


def test_weights_outputs_validate(tmp_path: Path) -> None:
    ahp, rank = tmp_path / "ahp.yaml", tmp_path / "rank.yaml"
    ahp.write_text("items: [a, b, c]\nmatrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]\n")
    rank.write_text("ranking: [[visits], [agreements, consulate], [troops]]\n")
    schema = printed_schema("weights")
    printed = [
        json.loads(invoke(["weights", "ahp", str(ahp), "--format", "json"])),
        json.loads(invoke(["weights", "rank", str(rank), "-f", "json", "-o", str(tmp_path / "p")])),
    ]
    for data in printed:
        jsonschema.validate(data, schema)
        assert data["input_hash"].startswith("sha256:") and data["engine_version"]
    # the hash is of the content, not its formatting
    ahp.write_text("items: [a, b, c]\nmatrix:\n  - [1, 3, 5]\n  - [1/3, 1, 2]\n  - [1/5, 1/2, 1]\n")
    again = json.loads(invoke(["weights", "ahp", str(ahp), "--format", "json"]))
    assert again["input_hash"] == printed[0]["input_hash"]


def _has_key(data: Any, key: str) -> bool:
    if isinstance(data, dict):
        return key in data or any(_has_key(v, key) for v in data.values())
    if isinstance(data, list):
        return any(_has_key(v, key) for v in data)
    return False


def test_every_documented_output_validates_and_names_its_taqdir(
    outputs: Outputs,  # noqa: F811 - the contract test's fixture, imported above
) -> None:
    """All the outputs the contract test collects (history, diff, weights, runs, batch… as
    well as INVOCATIONS): each validates against its printed schema and carries the engine
    version, and a content hash of its input (`input_hash`, `assessment_hash` or `hash`)."""
    kinds = set(output_kinds())
    checked = 0
    for kind, found in outputs.items():
        if kind not in kinds or kind == "run-record":
            continue
        schema = printed_schema(kind)
        for data in found:
            jsonschema.validate(data, schema)
            assert _has_key(data, "engine_version"), f"{kind}: no engine_version"
            assert any(_has_key(data, k) for k in ("input_hash", "assessment_hash", "hash")), kind
            checked += 1
    assert checked >= 20
