"""docs/contracts.md against the real output, so the page and the code cannot drift apart.

Every table of the page that follows a `<!-- keys: OUTPUT [PATH] -->` marker lists the keys of
the JSON objects at PATH (`results[]`, `a`, `results[].bars[]`; none for the top level) of
OUTPUT. The commands run in-process (typer's CliRunner); for each table the test checks that
every object found has only documented keys, has every key documented as present `always`,
and gives each key a value of a documented type, and that every documented key shows up in at
least one of the invocations (so the page lists no key the code never writes). The batch rows'
columns (`<!-- columns: batch-rows -->`: names, order, Parquet types) and the run store's
tables (`<!-- table: NAME -->`) are checked against a real batch run in a temporary store.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from engine.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "contracts.md"

MARKER = re.compile(r"^<!--\s*(keys|columns|table):\s*(\S+)(?:\s+(\S+))?\s*-->\s*$")
CELL = re.compile(r"(?<!\\)\|")

JSON_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}


@dataclass(frozen=True)
class Row:
    name: str
    types: frozenset[str]
    always: bool
    cells: tuple[str, ...]


def _rows(lines: Iterator[str]) -> list[Row]:
    """The rows of the Markdown table that starts at the next non-blank line."""
    table: list[list[str]] = []
    for line in lines:
        if not line.strip() and not table:
            continue
        if not line.startswith("|"):
            break
        table.append([c.strip() for c in CELL.split(line.strip())[1:-1]])
    assert len(table) > 2, "a marker must be followed by a table"
    out = []
    for cells in table[2:]:  # after the header and the separator
        name = cells[0].strip("`")
        alternatives = [a.strip() for a in cells[1].split(" or ")]
        types = frozenset(a.split()[0] for a in alternatives)
        out.append(Row(name, types, cells[2] == "always", tuple(cells)))
    return out


def document() -> dict[tuple[str, str, str], list[Row]]:
    """`{(kind, output, path): rows}` for every marked table of docs/contracts.md."""
    out: dict[tuple[str, str, str], list[Row]] = {}
    lines = iter(DOC.read_text(encoding="utf-8").splitlines())
    for line in lines:
        m = MARKER.match(line.strip())
        if m:
            key = (m.group(1), m.group(2), m.group(3) or "")
            assert key not in out, f"two tables for {key}"
            out[key] = _rows(lines)
    return out


DOCUMENT = document()


def keys_tables() -> dict[tuple[str, str], list[Row]]:
    return {(o, p): rows for (kind, o, p), rows in DOCUMENT.items() if kind == "keys"}


# --- running the commands --------------------------------------------------------------

BATCH = """\
id: contract-check
scenarios: [baseline]
sweeps:
  - kind: grid
    id: troops
    base: baseline
    axes:
      personnel_in_country: [0, 300]
      representation_level: {from: none, to: embassy}
profiles: [equal, security_lens]
samples: 20
seed: 1
"""

SENSITIVITY = ["sensitivity", "--format", "json"]
SEEDED = ["--seed", "1"]  # for the kinds that sample
ALL_ON_VISITS = [f"--set-weight={f}=0" for f in ("agreements", "consulate", "troops")]

INVOCATIONS: dict[str, list[list[str]]] = {
    "score": [
        ["score", "--format", "json"],
        ["score", "--format", "json", "--samples", "200", "--seed", "1"],
    ],
    "compare": [
        ["compare", "builtin", "builtin", "--a-as-of", "2025-03-01", "--format", "json"],
        ["compare", "builtin", "builtin@method=geometric", "--format", "json"],
    ],
    "compare-many": [
        [
            "compare",
            *("builtin", "builtin@as-of=2025-03-01", "builtin@method=geometric"),
            *("--format", "json"),
        ],
    ],
    "timeline": [
        ["timeline", "--format", "json"],
        ["timeline", "--format", "json", "--from", "2024-01-01", "--to", "2026-06-01"],
    ],
    "sensitivity:stability": [
        [*SENSITIVITY, "-k", "stability"],
        [*SENSITIVITY, "-k", "stability", *ALL_ON_VISITS],
        [*SENSITIVITY, "-k", "stability", "-m", "vikor", "-s", "baseline"],
    ],
    "sensitivity:tornado": [[*SENSITIVITY, "-k", "tornado"]],
    "sensitivity:sobol": [[*SENSITIVITY, "-k", "sobol", "--samples", "128", *SEEDED]],
    "sensitivity:smaa": [
        [*SENSITIVITY, "-k", "smaa", "--samples", "1000", *SEEDED],
        [*SENSITIVITY, "-k", "smaa", "--samples", "500", "-m", "vikor", *SEEDED],
    ],
    "sensitivity:diagnostics": [[*SENSITIVITY, "-k", "diagnostics", "--samples", "1000", *SEEDED]],
    "mcda": [
        [
            "mcda",
            str(DOC.parents[1] / "tests/data/mcda/fighters.yaml"),
            "-f",
            "json",
            "-m",
            "vikor",
        ],
        [
            "mcda",
            str(DOC.parents[1] / "tests/data/mcda/triantaphyllou.yaml"),
            "-f",
            "json",
            "-m",
            "wpm_ratio",
        ],
        [
            "mcda",
            str(DOC.parents[1] / "tests/data/mcda/fighters.yaml"),
            "-f",
            "json",
            "-m",
            "waspas",
        ],
        ["mcda", "--format", "json", "-m", "topsis_vector"],
    ],
    "indicators": [
        ["indicators", "--format", "json"],
        ["indicators", str(DOC.parents[1] / "tests/data/other_pair.yaml"), "--format", "json"],
    ],
}


Outputs = dict[str, list[Any]]


def invoke(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result.stdout


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """Every documented output, as the commands print it (and the batch run's store)."""
    out = {name: [json.loads(invoke(a)) for a in runs] for name, runs in INVOCATIONS.items()}
    home = tmp_path_factory.mktemp("store")
    batch = home / "contract.yaml"
    batch.write_text(BATCH, encoding="utf-8")
    rows = home / "rows.parquet"
    env = {"TAQDIR_HOME": str(home)}
    summary = json.loads(
        invoke(["batch", str(batch), "-o", str(rows), "-q", "--summary", "json"], env=env)
    )
    listed = json.loads(invoke(["runs", "list", "--format", "json"], env=env))
    shown = json.loads(invoke(["runs", "show", summary["run"]["id"], "--format", "json"], env=env))
    ahp, rank = home / "ahp.yaml", home / "rank.yaml"
    ahp.write_text("items: [a, b, c]\nmatrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]\n")
    rank.write_text("ranking: [[a], [b, c]]\nwithin: visits\n")
    families = home / "families.yaml"
    families.write_text("ranking: [[visits], [agreements, consulate], [troops]]\n")
    out["weights"] = [
        json.loads(invoke(["weights", "ahp", str(ahp), "--format", "json"])),
        json.loads(invoke(["weights", "rank", str(rank), "--format", "json"])),
        json.loads(
            invoke(["weights", "rank", str(families), "-f", "json", "-o", str(home / "p.yaml")])
        ),
    ]
    out["batch-summary"] = [summary]
    out["runs-list"] = [listed]
    out["runs-show"] = [shown]
    out["run-record"] = [summary["run"], *listed["runs"]]
    with sqlite3.connect(home / "runs.sqlite") as db:
        out["run-meta"] = [json.loads(m) for (m,) in db.execute("SELECT meta FROM runs")]
        out["table:runs"] = list(db.execute("PRAGMA table_info(runs)"))
        out["table:chunks"] = list(db.execute("PRAGMA table_info(chunks)"))
    import pyarrow.parquet as pq

    out["batch-rows"] = list(pq.read_schema(rows))
    out.update(_versions(home, env))
    return out


def _versions(home: Path, env: dict[str, str]) -> Outputs:
    """`history` and `diff` of a file made with `taqdir new` and changed by `evidence add`."""
    case = home / "kept.yaml"
    other = DOC.parents[1] / "tests/data/other_pair.yaml"
    invoke(["new", str(case), "--from", str(other)], env=env)
    add = ["evidence", "add", str(case), "--indicator", "trade_volume_musd", "--value", "120"]
    invoke([*add, "--date", "2025-06-01", "--grade", "B2", "--cite", "[t1]"], env=env)
    invoke([*add, "--date", "2025-06-02", "--grade", "C3", "--cite", "[t1]"], env=env)
    # An edit outside taqdir (one value) is recorded as found before the next save.
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("value: 120", "value: 130", 1), encoding="utf-8")
    invoke([*add, "--date", "2025-06-03", "--grade", "A1", "--cite", "[t1]"], env=env)
    history = json.loads(invoke(["history", str(case), "--format", "json"], env=env))
    diffs = [
        json.loads(invoke(["diff", str(case), *span, "--format", "json"], env=env))
        for span in ([], ["--from", "v1", "--to", "v3"], ["--from", "v3", "--to", "v4"])
    ]
    with sqlite3.connect(home / "runs.sqlite") as db:
        tables = {
            f"table:{t}": list(db.execute(f"PRAGMA table_info({t})"))
            for t in ("versions", "version_texts")
        }
    return {"history": [history], "diff": diffs, **tables}


# --- walking the output ----------------------------------------------------------------


def objects_at(data: Any, path: str) -> list[dict[str, Any]]:
    """The objects at `path`: `a.b` follows keys, `x[]` every element of the list x."""
    found = [data]
    for step in path.split(".") if path else []:
        many = step.endswith("[]")
        name = step[:-2] if many else step
        nxt: list[Any] = []
        for obj in found:
            value = obj.get(name) if isinstance(obj, dict) else None
            if many:
                nxt.extend(value or [])
            elif value is not None:
                nxt.append(value)
        found = nxt
    return [obj for obj in found if isinstance(obj, dict)]


def json_type(value: Any) -> set[str]:
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number"}
    if isinstance(value, str):
        return {"string"}
    if isinstance(value, list):
        return {"array"}
    return {"object"}


def documented(output: str, path: str) -> list[Row]:
    """A table's rows; a sensitivity kind's top level adds the keys every kind shares."""
    from engine.cli.schemas import REFS  # objects with another table's keys too

    rows = list(keys_tables().get((output, path), []))
    if (output, path) in REFS:
        rows += documented(*REFS[(output, path)])
    if output.startswith("sensitivity:") and not path:
        rows = keys_tables()[("sensitivity", "")] + rows
    return rows


KEY_TABLES = sorted(k for k in keys_tables() if k != ("sensitivity", ""))


def test_the_page_has_a_table_for_each_output_and_uses_only_json_types() -> None:
    assert {o for o, _ in keys_tables()} >= {
        "score",
        "compare",
        "compare-many",
        "timeline",
        "sensitivity",
        *(f"sensitivity:{k}" for k in ("stability", "tornado", "sobol", "smaa", "diagnostics")),
    }
    for (kind, output, path), rows in DOCUMENT.items():
        if kind != "keys":
            continue
        assert rows, (output, path)
        names = [r.name for r in rows]
        assert len(names) == len(set(names)), f"{output} {path}: a key listed twice"
        for r in rows:
            assert r.types <= JSON_TYPES, f"{output} {path} `{r.name}`: {sorted(r.types)}"


@pytest.mark.parametrize(("output", "path"), KEY_TABLES, ids=[f"{o} {p}" for o, p in KEY_TABLES])
def test_documented_keys_match_the_output(outputs: Outputs, output: str, path: str) -> None:
    assert output in outputs, f"no invocation for the documented output {output!r}"
    rows = {r.name: r for r in documented(output, path)}
    paths = [path, "b"] if (output, path) == ("compare", "a") else [path]  # b: a's keys
    objects = [obj for data in outputs[output] for p in paths for obj in objects_at(data, p)]
    assert objects, f"{output}: nothing at {path or 'the top level'}"
    seen: set[str] = set()
    for obj in objects:
        undocumented = set(obj) - set(rows)
        assert not undocumented, f"{output} {path}: keys not in docs/contracts.md: {undocumented}"
        missing = {k for k, r in rows.items() if r.always} - set(obj)
        assert not missing, f"{output} {path}: keys documented as always present: {missing}"
        for key, value in obj.items():
            assert json_type(value) & rows[key].types, (
                f"{output} {path} `{key}`: {value!r} is not {' or '.join(sorted(rows[key].types))}"
            )
        seen |= set(obj)
    assert seen == set(rows), f"{output} {path}: documented but never written: {set(rows) - seen}"


def test_the_saved_score_reader_takes_the_documented_keys() -> None:
    """`taqdir compare` reads a saved score strictly: its models list exactly the page's keys."""
    from scenarios.saved import SavedAssessment, SavedRow, SavedScore, SavedTier

    for model, path in (
        (SavedScore, ""),
        (SavedAssessment, "assessment"),
        (SavedTier, "tiers[]"),
        (SavedRow, "results[]"),
    ):
        assert set(model.model_fields) == {r.name for r in documented("score", path)}, path


def _column_type_fits(kind: Any, documented: str) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    expected = {"int64": pa.int64(), "float64": pa.float64(), "string": pa.string()}
    return bool(expected[documented] == kind)


def test_batch_rows_have_the_documented_columns_in_order(outputs: Outputs) -> None:
    """The Parquet output of a small sampled batch: names, order and types of the columns."""
    rows = DOCUMENT[("columns", "batch-rows", "")]
    fields = outputs["batch-rows"]
    columns = [f.name for f in fields]

    def row_of(column: str) -> int:
        for i, r in enumerate(rows):
            pattern = r.name.split("<", 1)
            if column == r.name or ("<" in r.name and column.startswith(pattern[0])):
                return i
        raise AssertionError(f"batch column {column!r} is not in docs/contracts.md")

    order = [row_of(c) for c in columns]
    assert order == sorted(order), f"columns out of the documented order: {columns}"
    assert set(order) == set(range(len(rows))), "a documented column the batch did not write"
    for f in fields:
        documented_type = rows[row_of(f.name)].cells[1]
        assert _column_type_fits(f.type, documented_type), (f.name, f.type, documented_type)
    assert outputs["run-meta"][0]["columns"] == columns


@pytest.mark.parametrize("table", ["runs", "chunks", "versions", "version_texts"])
def test_run_store_tables_match(outputs: Outputs, table: str) -> None:
    rows = DOCUMENT[("table", table, "")]
    documented_columns = [(r.name, r.cells[1], r.cells[2] == "no") for r in rows]
    actual = [
        (name, kind, bool(notnull) or bool(pk))
        for _, name, kind, notnull, _, pk in outputs[f"table:{table}"]
    ]
    assert actual == documented_columns


def test_the_sides_of_a_many_sided_comparison_are_described_as_in_compare(
    outputs: Outputs,
) -> None:
    rows = {r.name: r for r in documented("compare", "a")}
    for side in (s for data in outputs["compare-many"] for s in objects_at(data, "sides[]")):
        assert isinstance(side.pop("side"), str)
        assert set(side) <= set(rows)
        assert {k for k, r in rows.items() if r.always} <= set(side)
