"""What reading an input file shares between `indicators.files` (reading, JSON) and
`indicators.yaml_read` (YAML): the nesting and size limits, the map from a location in the
parsed data to its line, and the file problems that name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indicators.errors import FileError, Loc, Problem

MAX_NODES = 200_000
"""Largest number of YAML nodes after alias expansion (stops "billion laughs")."""


MAX_DEPTH = 64
"""Deepest nesting of mappings and lists in an input file (a real assessment needs about 6);
deeper files are refused before anything recursive touches them."""


def _too_deep(path: str, line: int | None) -> FileError:
    return _problem(
        path,
        f"is nested more than {MAX_DEPTH} levels deep (mappings or lists inside each other).",
        "An assessment needs only a few levels; check for runaway brackets or indentation.",
        line,
        "too_deep",
        limit=MAX_DEPTH,
    )


@dataclass(frozen=True)
class LineMap:
    """Where each location in the parsed data starts in the file (1-based lines)."""

    lines: dict[Loc, int]

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its closest enclosing location that has one."""
        for cut in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:cut]))
            if line is not None:
                return line
        return None


EMPTY_LINES = LineMap({})


def _problem(
    path: str,
    message: str,
    hint: str = "",
    line: int | None = None,
    kind: str = "",
    **args: Any,
) -> FileError:
    return FileError(path, [Problem((), message, hint, line, kind, args)])


def _bomb(path: str) -> FileError:
    return _problem(
        path,
        f"expands to more than {MAX_NODES:,} YAML nodes (anchors and aliases "
        "multiplying content, or a recursive alias).",
        "Write the content out plainly instead of through aliases.",
        None,
        "yaml_bomb",
        limit=MAX_NODES,
    )
