"""Typer's per-option value checks, built only for a value that needs one.

Typer (0.29 and later) checks each option's value through a pydantic `TypeAdapter` that it
builds the first time the option is processed, whether or not the command line gave it: every
option of the command asked for gets one (16 for `taqdir score`, ~1.4 ms each, plus pydantic's
plugin scan through `importlib.metadata` on the first). Most options of a run are absent (their
value is None, which typer answers before the adapter is used) or keep their default of the
annotated type itself (`0` for an `int`, `"table"` for a `str`), which the adapter returns
unchanged.

`TaqdirGroup` (the `cls` of the `taqdir` app) gives each parameter a `Deferred` check that
answers those two cases itself and hands any other value (what the user typed, a default of
another type, a parser, bounds, choices) to the check typer builds, built at that moment and
kept. So every value typer checks gets the same result, message and exit code as before. With
a typer that has no such checks (older versions used click's types) nothing is changed.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

import typer.core

try:  # typer ≥ 0.29: values are checked by a runtime parameter built on first use
    from typer._coercion import RuntimeParam, build_runtime_param
except ImportError:  # pragma: no cover - older typer: click types, nothing to defer
    RuntimeParam = None  # type: ignore[assignment,misc]

EXACT = (str, int, float)
"""The annotations whose check, without a parser, returns a value of that exact type unchanged:
typer's `str` check is `str(value)`; its `int` and `float` checks are pydantic's lax check of
the type with `ge`/`le` for the option's min/max (a value within them passes as it is)."""


def _returned_unchanged(param: Any, value: Any) -> bool:
    """Whether typer's check of `param` would return `value` itself (see `EXACT`)."""
    desc = param.type_descriptor
    info = desc.parameter_info
    annotation = desc.annotation
    if info.parser is not None or desc.file_annotation is not None:
        return False
    if annotation not in EXACT or type(value) is not annotation:
        return False
    if annotation is str:
        return True
    low, high = info.min, info.max
    return not info.clamp and (low is None or value >= low) and (high is None or value <= high)


def _strings(param: Any, value: Any) -> list[str] | None:
    """typer's check of a `list[str]` parameter given strings: the same strings as a list
    (its check turns each item into `str(item)` and returns a list); None for anything else."""
    desc = param.type_descriptor
    if desc.parameter_info.parser is not None or desc.file_annotation is not None:
        return None
    if get_origin(desc.annotation) is not list or get_args(desc.annotation) != (str,):
        return None
    if not isinstance(value, list | tuple) or any(type(item) is not str for item in value):
        return None
    return list(value)


if RuntimeParam is not None:

    class Deferred(RuntimeParam):
        """Typer's check of one parameter, built only when a value needs it (typer's frozen
        dataclass with no field of its own: no @dataclass, whose code generation would cost
        start-up time)."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if _returned_unchanged(param, value):
                return value
            strings = _strings(param, value)
            if strings is not None:
                return strings
            real = build_runtime_param(param.type_descriptor)
            param._runtime_param = real  # built once, as typer keeps its own
            return real._coerce_value(value, param=param, ctx=ctx)


def defer_checks(params: list[Any]) -> list[Any]:
    """Give each of `params` that typer has not checked yet a `Deferred` check."""
    if RuntimeParam is None:  # pragma: no cover
        return params
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            desc = param.type_descriptor
            param._runtime_param = Deferred(
                parameter_info=desc.parameter_info, annotation=desc.annotation
            )
    return params


class TaqdirGroup(typer.core.TyperGroup):
    """typer's group, whose parameters (`--help` included) get deferred checks."""

    def get_params(self, ctx: Any) -> list[Any]:
        return defer_checks(super().get_params(ctx))


class TaqdirCommand(typer.core.TyperCommand):
    """typer's command, whose parameters (`--help` included) get deferred checks."""

    def get_params(self, ctx: Any) -> list[Any]:
        return defer_checks(super().get_params(ctx))


def use_deferred_checks(group: typer.Typer) -> None:
    """Make the commands of `group` and of its subgroups `TaqdirCommand`s (those that asked
    for typer's plain command class; a subgroup's own class is set where it is made)."""
    for info in group.registered_commands:
        if info.cls is typer.core.TyperCommand:
            info.cls = TaqdirCommand
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            use_deferred_checks(sub.typer_instance)
