"""JSON Schemas of taqdir's JSON outputs (`taqdir schema --kind score`, …), made from the
contract that docs/contracts.md states and tests/test_contracts.py checks against the code.

Why from the page and not from typed models: the page's key tables already are the one
reviewed statement of every output (key, JSON type, when present, meaning) and a test holds
them to the real output; generating the schemas from them keeps one place to edit when an
output gains a key. The schemas are written to `output_schemas.json` next to this module (so an
installed taqdir does not need the docs): after editing a table of the page, run

    python -m engine.cli.schemas

and commit both; tests/engine/cli/test_output_schemas.py fails, saying so, while they differ,
and validates every command's `--format json` output against its schema.

Rules: each `<!-- keys: OUTPUT [PATH] -->` table is the object at PATH of OUTPUT (`x[]` is
every element of the array x); its keys are the properties, the keys marked `always` are
required, and no other key is allowed (a newer taqdir may add keys, with a new schema). Where
an object has the keys of another table (REFS), the two tables' keys are merged. A
`sensitivity:KIND` output has the keys shared by all kinds (the `sensitivity` table) too.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "output_schemas.json"
DOC = HERE.parents[1] / "docs" / "contracts.md"

MARKER = re.compile(r"^<!--\s*keys:\s*(\S+)(?:\s+(\S+))?\s*-->\s*$")
CELL = re.compile(r"(?<!\\)\|")
JSON_TYPES = ("string", "number", "integer", "boolean", "object", "array", "null")

REFS: dict[tuple[str, str], tuple[str, str]] = {
    ("compare", "b"): ("compare", "a"),
    ("batch-summary", "run"): ("run-record", ""),
    ("runs-list", "runs[]"): ("run-record", ""),
    ("runs-show", "run"): ("run-record", ""),
    ("runs-show", "summary"): ("batch-summary", "summary"),
}
"""Objects documented as "the keys of" another table: (output, path) → (output, path)."""

INTERNAL = ("run-meta",)
"""Documented tables that are not a command's output (the run store's JSON column)."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Row = tuple[str, list[str], bool, str]
"""A documented key: name, JSON types, always present, meaning."""


def parse(text: str) -> dict[tuple[str, str], list[Row]]:
    """`{(output, path): rows}` for every `<!-- keys: … -->` table of the page's text."""
    out: dict[tuple[str, str], list[Row]] = {}
    lines = iter(text.splitlines())
    for line in lines:
        m = MARKER.match(line.strip())
        if not m:
            continue
        table: list[list[str]] = []
        for row in lines:
            if not row.strip() and not table:
                continue
            if not row.startswith("|"):
                break
            table.append([c.strip() for c in CELL.split(row.strip())[1:-1]])
        rows: list[Row] = []
        for cells in table[2:]:  # after the header and the separator
            types = [t.strip().split()[0] for t in cells[1].split(" or ")]
            unknown = set(types) - set(JSON_TYPES)
            if unknown:
                raise ValueError(f"keys: {m.group(1)} {m.group(2) or ''}: types {unknown}")
            rows.append((cells[0].strip("`"), types, cells[2] == "always", cells[3]))
        out[(m.group(1), m.group(2) or "")] = rows
    return out


def _rows(tables: dict[tuple[str, str], list[Row]], output: str, path: str) -> list[Row]:
    rows = list(tables.get((output, path), []))
    if (output, path) in REFS:
        rows += _rows(tables, *REFS[(output, path)])
    if output.startswith("sensitivity:") and not path:
        rows = tables[("sensitivity", "")] + rows
    return rows


def _has(tables: dict[tuple[str, str], list[Row]], output: str, path: str) -> bool:
    return (output, path) in tables or (output, path) in REFS


def _object(tables: dict[tuple[str, str], list[Row]], output: str, path: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for name, types, always, meaning in _rows(tables, output, path):
        sub = f"{path}.{name}" if path else name
        prop: dict[str, Any] = {"description": _plain(meaning)}
        if _has(tables, output, sub + "[]"):
            prop |= {"type": types, "items": _object(tables, output, sub + "[]")}
        elif _has(tables, output, sub):
            inner = _object(tables, output, sub)
            prop |= inner if types == ["object"] else {"anyOf": [inner, {"type": "null"}]}
        else:
            prop["type"] = types[0] if len(types) == 1 else types
        props[name] = prop
        if always:
            required.append(name)
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def _plain(meaning: str) -> str:
    return meaning.replace("`", "").replace("\\|", "|")


def outputs(tables: dict[tuple[str, str], list[Row]]) -> list[str]:
    """The output kinds the page documents, in its order (plus `sensitivity`, any kind)."""
    names: list[str] = []
    for output, _ in tables:
        if output not in names and output not in INTERNAL:
            names.append(output)
    return names


def generate(text: str) -> dict[str, Any]:
    """`{kind: JSON Schema}` for every output documented in the page's text."""
    tables = parse(text)
    out: dict[str, Any] = {}
    for output in outputs(tables):
        if output == "sensitivity":
            continue  # its shared keys are part of each sensitivity:KIND
        schema = _object(tables, output, "")
        out[output] = {
            "$schema": SCHEMA_DIALECT,
            "title": f"taqdir {output.replace(':', ' -k ')} --format json",
            **schema,
        }
    kinds = [k for k in out if k.startswith("sensitivity:")]
    out["sensitivity"] = {
        "$schema": SCHEMA_DIALECT,
        "title": "taqdir sensitivity --format json (any kind)",
        "oneOf": [{k: v for k, v in out[k].items() if k != "$schema"} for k in kinds],
    }
    return out


@cache
def schemas() -> dict[str, Any]:
    """The output schemas as shipped (output_schemas.json)."""
    data: dict[str, Any] = json.loads(GENERATED.read_text(encoding="utf-8"))
    return data


def output_kinds() -> tuple[str, ...]:
    return tuple(schemas())


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of output `kind` (one of output_kinds())."""
    data: dict[str, Any] = schemas()[kind]
    return data


def rendered(text: str) -> str:
    """output_schemas.json's text for the page's text."""
    return json.dumps(generate(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    """Regenerate output_schemas.json from docs/contracts.md."""
    from indicators.files import write_text_atomic

    write_text_atomic(GENERATED, rendered(DOC.read_text(encoding="utf-8")))
    print(f"wrote {GENERATED}", file=sys.stderr)


if __name__ == "__main__":
    main()
