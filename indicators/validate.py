"""Validate parsed data against a model and turn every failure into a located `Problem`.

`load_model(path, Model)` is what every command uses to read an input file: read safely,
validate, and raise one `FileError` naming the file, the line, the field and the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from indicators.errors import FileError, InputError, Loc, Problem
from indicators.files import EMPTY_LINES, LineMap, decode, parse_document, read_document

M = TypeVar("M", bound=BaseModel)

_HINTS = {
    "missing": "Add this field.",
    "extra_forbidden": "Remove it or check its spelling.",
    "date_from_datetime_parsing": "Write dates as YYYY-MM-DD.",
    "date_parsing": "Write dates as YYYY-MM-DD, a real calendar date.",
    "date_type": "Write dates as YYYY-MM-DD.",
    "finite_number": "Use a finite number (not .nan or .inf).",
    "greater_than_equal": "",
    "literal_error": "",
    "union_tag_invalid": "",
}


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] in {"unknown_key"}:
        return msg
    given = err.get("input")
    if err["type"] != "missing" and not isinstance(given, dict | list):
        msg += f" (got {given!r})"
    return msg + "."


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Keep the parts of pydantic's location that exist in the data.

    Pydantic inserts union and discriminator tags ('linear', 'float', 'Range', ...) into
    locations; following the data drops them. A last part that is absent (a missing field)
    is kept.
    """
    out: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        ):
            cur = cur[part]
            out.append(part)
        elif isinstance(cur, dict) and i == len(loc) - 1:
            out.append(part)
    return tuple(out)


def validation_problems(exc: ValidationError, lines: LineMap, data: Any) -> list[Problem]:
    """One located problem per pydantic error (deduplicated)."""
    out: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]), data)
        if err["type"] == "unknown_key":
            loc = (*loc, err["ctx"]["key"])
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem(loc, _message(err), _HINTS.get(err["type"], ""), lines.line_of(loc)))
    return out


def validate_data(data: Any, model: type[M], path: str | None, lines: LineMap = EMPTY_LINES) -> M:
    """Validate already-parsed data; problems are located with `lines` and raised as FileError."""
    if not isinstance(data, dict):
        raise FileError(
            path,
            [
                Problem(
                    (),
                    f"must hold a mapping of fields, got {type(data).__name__}.",
                    "",
                    lines.line_of(()),
                )
            ],
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FileError(path, validation_problems(exc, lines, data)) from None
    except InputError as exc:  # cross-reference problems raised by after-validators
        problems = getattr(exc, "problems", None)
        if problems is None:
            raise FileError(path, [Problem((), str(exc))]) from None
        located = [Problem(p.loc, p.message, p.hint, lines.line_of(p.loc)) for p in problems]
        raise FileError(path, located) from None


def load_bytes(data: bytes, name: str, model: type[M]) -> M:
    """Validate an uploaded file's bytes against `model`, exactly as `load_model` would."""
    parsed, lines = parse_document(decode(data, name), name)
    return validate_data(parsed, model, name, lines)


def load_model(path: Path | str, model: type[M]) -> M:
    """Read and validate a YAML or JSON file against `model`."""
    data, lines = read_document(path)
    return validate_data(data, model, str(path), lines)
