"""A value of the wrong shape (a range or list where one value is expected, one value where a
mapping or list is expected), said as one problem: what the field takes and what was given.

pydantic says "Input should be a valid number" for `transform: {low: {low: 0, high: 1}}` and
"Input should be a valid dictionary or instance of Text" for `name: 5`; neither says what was
written nor which form fits. `shape_problem` turns such an error into a `forms` problem (the
kind the value unions use, see indicators.validate), with the fields a mapping takes, read from
the model the file is validated against.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel

SCALARS = {
    "float_type": "float",
    "float_parsing": "float",
    "int_type": "int",
    "int_parsing": "int",
    "string_type": "text",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "date_type": "date",
    "literal_error": "choice",
    "enum": "choice",
}
"""pydantic error types that expect one plain value, and the form each names."""

MAPPINGS = ("model_type", "model_attributes_type", "dict_type")
"""pydantic error types that expect a mapping."""

WORDS = {
    "float": "a number",
    "int": "a whole number",
    "text": "text",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "list": "a list",
}
"""The plain forms in a user's words (a mapping and a choice are said with their parts)."""


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _members(tp: Any) -> list[Any]:
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [_unwrap(m) for m in typing.get_args(tp) if m is not type(None)]
    return [tp]


def _step(tp: Any, part: str | int) -> tuple[Any, bool]:
    """The type one location part below `tp`, and whether the part was a union's tag (which
    names a member rather than a key of the data)."""
    members = _members(tp)
    if len(members) > 1:
        for m in members:
            name = getattr(m, "__name__", str(m))
            kind = getattr(m, "model_fields", {}).get("kind")
            tags = {name} | set(typing.get_args(kind.annotation) if kind is not None else ())
            if part in tags:
                return m, True
        return None, False
    tp = members[0]
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
        field = tp.model_fields.get(part)
        return (field.annotation if field is not None else None), False
    if origin in (list, tuple) and isinstance(part, int):
        args = typing.get_args(tp)
        return (args[0] if args else None), False
    if origin is dict:
        args = typing.get_args(tp)
        return (args[1] if len(args) == 2 else None), False
    return None, False


def expected_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation a pydantic error location points at in `model` (None when not found)."""
    tp: Any = model
    for part in loc:
        tp, _ = _step(tp, part)
        if tp is None:
            return None
    return tp


def mapping_parts(tp: Any) -> dict[str, Any]:
    """What a mapping-typed annotation takes: its fields (a model), its `kind`s (a union of
    models told apart by `kind`), or names to values (a dict)."""
    members = [m for m in _members(tp) if isinstance(m, type) and issubclass(m, BaseModel)]
    if len(members) > 1:
        kinds = [
            str(a)
            for m in members
            if (f := m.model_fields.get("kind")) is not None
            for a in typing.get_args(f.annotation)
        ]
        return {"fields": ["kind"], "kinds": kinds}
    if members:
        return {"fields": list(members[0].model_fields), "kinds": []}
    return {"fields": [], "kinds": []}


def _given(value: Any) -> dict[str, Any]:
    return {
        "given": "bool" if isinstance(value, bool) else type(value).__name__,
        "value": value if not isinstance(value, dict | list) else None,
        "keys": [str(k) for k in value] if isinstance(value, dict) else [],
    }


def mapping_words(parts: Mapping[str, Any]) -> str:
    """A mapping form in English: "a mapping with `kind:` (linear or log) and its fields",
    "a mapping {en, ar}", "a mapping of names to values"."""
    if parts.get("kinds"):
        return f"a mapping with `kind:` ({' or '.join(parts['kinds'])}) and that kind's fields"
    if parts.get("fields"):
        return "a mapping {" + ", ".join(parts["fields"]) + "}"
    return "a mapping of names to values"


def shape_problem(
    err: Any, model: type[BaseModel] | None
) -> tuple[str, str, dict[str, Any]] | None:
    """(message, hint, parts) for an error whose input has the wrong shape, else None."""
    kind = err["type"]
    given = err.get("input")
    if kind in SCALARS and isinstance(given, dict | list):
        form = SCALARS[kind]
        parts: dict[str, Any] = {"forms": [form], **_given(given), "range_hint": "one_value"}
        words = WORDS.get(form, "")
        if form == "choice":
            parts["choices"] = str((err.get("ctx") or {}).get("expected", ""))
            words = f"one of {parts['choices']}"
        hint = "Write one value here, not a range, mapping or list."
        return f"takes {words}; got {_describe(given)}.", hint, parts
    if kind in MAPPINGS and not isinstance(given, dict):
        tp = expected_at(model, tuple(err["loc"])) if model is not None else None
        if kind == "model_type" and (tp is None or not mapping_parts(tp)["fields"]):
            return None  # a model the location does not lead to: pydantic's words stand
        mapping = mapping_parts(tp) if tp is not None else {"fields": [], "kinds": []}
        parts = {"forms": ["mapping"], **mapping, **_given(given), "range_hint": "mapping"}
        words = mapping_words(mapping)
        hint = "Write its fields under it, one `key: value` per line, or as `{key: value, …}`."
        return f"takes {words}; got {_describe(given)}.", hint, parts
    if kind == "list_type" and not isinstance(given, list):
        parts = {"forms": ["list"], **_given(given), "range_hint": "list"}
        hint = "Write a list: `[a, b]`, or one `- item` per line."
        return f"takes a list; got {_describe(given)}.", hint, parts
    return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no)"
    if isinstance(value, dict):
        return "a mapping with keys " + ", ".join(map(str, value)) if value else "an empty mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    return repr(value)
