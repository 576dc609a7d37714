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


def _parts(err: Any) -> dict[str, Any]:
    """The parts of a pydantic error a message in another language needs: its context
    (bounds, expected values; taqdir's own errors carry theirs under `taqdir`) and the
    value given when it is a plain value."""
    ctx = dict(err.get("ctx") or {})
    if "taqdir" in ctx:
        return dict(ctx["taqdir"])
    ctx.pop("error", None)
    given = err.get("input")
    if err["type"] != "missing" and not isinstance(given, dict | list):
        ctx["input"] = given
    return ctx


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


FORMS = {
    "float": "a number",
    "str": "a level id (text)",
    "Range": "a range {low, likely, high}",
    "NoEvidenceRange": "a range {low, likely, high}",
}
"""What each member of a value union accepts, in a user's words (union tags of pydantic)."""


def _given(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no, not a number)"
    if isinstance(value, dict):
        return "a mapping with keys " + ", ".join(map(str, value)) if value else "an empty mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _union_problems(errors: list[Any], lines: LineMap, data: Any) -> tuple[list[Problem], set[int]]:
    """One problem per value that matched none of its union's forms (number, level id,
    range), saying which forms are allowed; and the indices of the errors it replaces."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for n, err in enumerate(errors):
        loc = tuple(err["loc"])
        for i, part in enumerate(loc):
            if part in FORMS:
                groups.setdefault(loc[:i], []).append(n)
                break
    out: list[Problem] = []
    used: set[int] = set()
    for prefix, members in groups.items():
        tags = {next(p for p in errors[n]["loc"][len(prefix) :] if p in FORMS) for n in members}
        if len(tags) < 2:
            continue
        used.update(members)
        forms = list(dict.fromkeys(FORMS[t] for t in FORMS if t in tags))
        if prefix and prefix[-1] == "when_no_evidence":
            forms.insert(0, "`unknown`")
        loc = _clean_loc(prefix, data)
        value: Any = data
        for part in loc:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int):
                value = value[part]
        hint = ""
        parts: dict[str, Any] = {
            "forms": [t for t in FORMS if t in tags],
            "unknown": bool(prefix and prefix[-1] == "when_no_evidence"),
            "given": "bool" if isinstance(value, bool) else type(value).__name__,
            "value": value if not isinstance(value, dict | list) else None,
            "keys": [str(k) for k in value] if isinstance(value, dict) else [],
            "range_hint": "",
        }
        if isinstance(value, dict) and "a range {low, likely, high}" not in forms:
            parts["range_hint"] = "not_allowed"
            hint = (
                "A range is not allowed here: give the likely value, and for evidence put "
                "`low:` and `high:` beside `value:`."
            )
        elif isinstance(value, dict):
            parts["range_hint"] = "needs_keys"
            hint = "A range needs all three keys: low, likely and high."
        message = f"takes {' or '.join(forms)}; got {_given(value)}."
        out.append(Problem(loc, message, hint, lines.line_of(loc), "forms", parts))
    return out, used


def _direction_hint(err: Any) -> str:
    """`direction: -` unquoted is a YAML list; say to quote it."""
    if err["loc"][-1:] == ("direction",) and isinstance(err.get("input"), list):
        return 'Quote it: `direction: "-"` (unquoted, YAML reads a lone - as a list item).'
    return ""


def validation_problems(exc: ValidationError, lines: LineMap, data: Any) -> list[Problem]:
    """One located problem per pydantic error (deduplicated); a value that fits none of its
    forms (number, level id, range) is one problem listing them."""
    errors = exc.errors(include_url=False)
    out, replaced = _union_problems(errors, lines, data)
    seen: set[tuple[Loc, str]] = set()
    for n, err in enumerate(errors):
        if n in replaced:
            continue
        loc = _clean_loc(tuple(err["loc"]), data)
        if err["type"] == "unknown_key":
            loc = (*loc, err["ctx"]["key"])
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        hint = _direction_hint(err) or _HINTS.get(err["type"], "")
        parts = _parts(err)
        if _direction_hint(err):
            parts["quote_direction"] = True
        out.append(Problem(loc, _message(err), hint, lines.line_of(loc), err["type"], parts))
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
                    "not_a_mapping",
                    {"given": type(data).__name__},
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
        located = [
            Problem(p.loc, p.message, p.hint, lines.line_of(p.loc), p.kind, p.args)
            for p in problems
        ]
        raise FileError(path, located) from None


def load_bytes(data: bytes, name: str, model: type[M]) -> M:
    """Validate an uploaded file's bytes against `model`, exactly as `load_model` would."""
    parsed, lines = parse_document(decode(data, name), name)
    return validate_data(parsed, model, name, lines)


def load_model(path: Path | str, model: type[M]) -> M:
    """Read and validate a YAML or JSON file against `model`."""
    data, lines = read_document(path)
    return validate_data(data, model, str(path), lines)
