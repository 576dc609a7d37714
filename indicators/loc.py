"""Where in an input a problem is: a location (`("scenarios", 2, "values", "x")`) and its
written form (`scenarios[2].values.x`), shared by the English and Arabic messages."""

from __future__ import annotations

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """`('scenarios', 2, 'values', 'x')` -> `scenarios[2].values.x`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"
