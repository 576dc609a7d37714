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
from indicators.ids import ID_PATTERN, ID_RULE
from indicators.shapes import shape_problem

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


def _is_id(err: Any) -> bool:
    """A text that is not an id (pydantic would show the id's regular expression)."""
    pattern = (err.get("ctx") or {}).get("pattern")
    return err["type"] == "string_pattern_mismatch" and pattern == ID_PATTERN


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] in {"unknown_key"}:
        return msg
    if _is_id(err):
        return f"{err.get('input')!r} is not a valid id."
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
    "judgement": 'a fraction as text ("1/3")',
}
"""What each member of a value union accepts, in a user's words (union tags of pydantic)."""

JUDGEMENT = "judgement"


def _given(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no, not a number)"
    if isinstance(value, dict):
        return "a mapping with keys " + ", ".join(map(str, value)) if value else "an empty mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _groups(errors: list[Any], indices: list[int], start: int) -> dict[tuple[Any, ...], list[int]]:
    """The errors by the value their first union tag at or after `start` belongs to."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for n in indices:
        loc = tuple(errors[n]["loc"])
        for i in range(start, len(loc)):
            if loc[i] in FORMS:
                groups.setdefault(loc[:i], []).append(n)
                break
    return groups


_RANGE_SHAPE = {"missing", "extra_forbidden", "unknown_key", "model_type", "model_attributes_type"}
"""Errors that say a mapping is not a well-formed range (rather than a range with a bad value)."""


def _a_range_with_a_bad_value(errors: list[Any], members: list[int], depth: int) -> list[int]:
    """The members of a range's errors when the value is a whole range whose own values are
    wrong (`{low: {a: 1}, likely: 1, high: 2}`): those are said for themselves, the other
    forms' errors (not a number, not text) do not apply. Empty otherwise."""
    ranged = [n for n in members if errors[n]["loc"][depth] in ("Range", "NoEvidenceRange")]
    if not ranged or any(errors[n]["type"] in _RANGE_SHAPE for n in ranged):
        return []
    return ranged


def _union_problems(errors: list[Any], lines: LineMap, data: Any) -> tuple[list[Problem], set[int]]:
    """One problem per value that matched none of its union's forms (number, level id,
    range), saying which forms are allowed; and the indices of the errors it replaces."""
    pending = list(_groups(errors, list(range(len(errors))), 0).items())
    out: list[Problem] = []
    used: set[int] = set()
    while pending:
        prefix, members = pending.pop(0)
        tags = {next(p for p in errors[n]["loc"][len(prefix) :] if p in FORMS) for n in members}
        if len(tags) < 2:
            continue
        inner = _a_range_with_a_bad_value(errors, members, len(prefix))
        if inner and isinstance(_value_at(data, _clean_loc(prefix, data)), dict):
            used.update(n for n in members if n not in inner)
            pending.extend(_groups(errors, inner, len(prefix) + 1).items())
            continue
        used.update(members)
        # text in a pairwise-comparison matrix (weights ahp) is a judgement, not a level id
        said = [t for t in FORMS if t in tags]
        if prefix[:1] == ("matrix",):
            said = [JUDGEMENT if t == "str" else t for t in said]
        forms = list(dict.fromkeys(FORMS[t] for t in said))
        if prefix and prefix[-1] == "when_no_evidence":
            forms.insert(0, "`unknown`")
        loc = _clean_loc(prefix, data)
        value = _value_at(data, loc)
        hint = ""
        parts: dict[str, Any] = {
            "forms": said,
            "unknown": bool(prefix and prefix[-1] == "when_no_evidence"),
            "given": "bool" if isinstance(value, bool) else type(value).__name__,
            "value": value if not isinstance(value, dict | list) else None,
            "keys": [str(k) for k in value] if isinstance(value, dict) else [],
            "range_hint": "",
        }
        if isinstance(value, dict) and "a range {low, likely, high}" not in forms:
            # an evidence item's value: its range goes beside it
            if loc[:1] == ("evidence",) and loc[-1:] == ("value",):
                parts["range_hint"] = "not_allowed"
                hint = (
                    "A range is not allowed here: give the likely value, and for evidence put "
                    "`low:` and `high:` beside `value:`."
                )
            else:
                parts["range_hint"] = "one_value"
                hint = "Write one value here, not a range, mapping or list."
        elif isinstance(value, dict):
            parts["range_hint"] = "needs_keys"
            hint = "A range needs all three keys: low, likely and high."
        message = f"takes {' or '.join(forms)}; got {_given(value)}."
        out.append(Problem(loc, message, hint, lines.line_of(loc), "forms", parts))
    return out, used


def _value_at(data: Any, loc: Loc) -> Any:
    value: Any = data
    for part in loc:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int):
            value = value[part]
    return value


def _direction_hint(err: Any) -> str:
    """`direction: -` unquoted is a YAML list; say to quote it."""
    if err["loc"][-1:] == ("direction",) and isinstance(err.get("input"), list):
        return 'Quote it: `direction: "-"` (unquoted, YAML reads a lone - as a list item).'
    return ""


def validation_problems(
    exc: ValidationError, lines: LineMap, data: Any, model: type[BaseModel] | None = None
) -> list[Problem]:
    """One located problem per pydantic error (deduplicated); a value that fits none of its
    forms (number, level id, range) is one problem listing them, and so is a value of the
    wrong shape (a range or list for one value, one value for a mapping; `model`, the model
    validated against, gives a mapping's fields)."""
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
        shape = None if _direction_hint(err) else shape_problem(err, model)
        if shape is not None:
            message, hint, parts = shape
            out.append(Problem(loc, message, hint, lines.line_of(loc), "forms", parts))
            continue
        hint = _direction_hint(err) or _HINTS.get(err["type"], "")
        if _is_id(err):
            hint = ID_RULE
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
        raise FileError(path, validation_problems(exc, lines, data, model)) from None
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
