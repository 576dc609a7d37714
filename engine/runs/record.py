"""The record a batch run keeps about its rows: a typed, frozen `RunRecord`.

Made once when a run starts (`engine.runs.export.run_meta`), stored as JSON in the run store's
`runs.meta` column, and read back for everything that turns a run's chunk files into rows,
ranks, a summary or a dashboard view: the names behind the chunk files' codes (profiles,
methods, tiers, base scenarios, segments), the output columns, the sweeps, the indicators no
variant changes, ordinal levels and labels.

The stored JSON is an object with exactly these keys, in this order (`output_format` only when
the run was started with an output file):

- `columns`: the output columns in order (see `engine.runs.export`);
- `profiles`, `methods`, `tiers`: ids, in row order; `thresholds`: the tiers' lower bounds
  after the first; `tier_names`: `{tier: {"en": …, "ar": …}}`; `tier_colors`: `{tier: color}`;
- `bases`: the base scenarios' ids; `segments`: `[{name, kind, start, count, base}]`, the
  variant ids' segments (included scenarios, then sweeps); `sweeps`: `[{id, kind, base,
  indicators, axes}]`, the sweeps with their indicators and, for a grid, each axis's length;
- `varied`: indicators with a `raw.<id>` column; `constants`: `{indicator: likely raw value}`
  of the rest; `levels`: `{ordinal indicator: [level ids]}`; `indicator_names`;
- `samples`, `concentration` (null: weights not sampled around the profile), `chunk`
  (variants per chunk file), `groups` (rows per variant), `as_of` (ISO date).

Reading checks the shape: a missing or unknown key or a value of the wrong type is an
`InputError` naming the key (exit code 2 on the command line), never a `KeyError` later on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn, TypeVar

from indicators.errors import InputError

T = TypeVar("T")

Names = Mapping[str, str]
"""A label in each language: `{"en": …, "ar": …}`."""


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """Variant ids `start … start + count − 1`: an included scenario or one sweep."""

    name: str  # the sweep id, or the included scenario's id
    kind: str  # scenario, grid, lhs or sobol
    start: int
    count: int
    base: str  # the base scenario's id

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "start": self.start,
            "count": self.count,
            "base": self.base,
        }


@dataclass(frozen=True, slots=True)
class SweepRecord:
    """A sweep: its indicators and, for a grid, the number of values on each axis."""

    id: str
    kind: str  # grid, lhs or sobol
    base: str
    indicators: tuple[str, ...]
    axes: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "base": self.base,
            "indicators": list(self.indicators),
            "axes": list(self.axes),
        }


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What a run records about its rows (see the module docstring for each field).

    Frozen: sequences are tuples; mappings are typed read-only (each record owns its own)."""

    columns: tuple[str, ...]
    profiles: tuple[str, ...]
    methods: tuple[str, ...]
    tiers: tuple[str, ...]
    thresholds: tuple[float, ...]
    tier_names: Mapping[str, Names]
    tier_colors: Mapping[str, str]
    bases: tuple[str, ...]
    segments: tuple[SegmentRecord, ...]
    sweeps: tuple[SweepRecord, ...]
    varied: tuple[str, ...]
    constants: Mapping[str, float]
    levels: Mapping[str, tuple[str, ...]]
    indicator_names: Mapping[str, Names]
    samples: int
    concentration: float | None
    chunk: int
    groups: int
    as_of: date
    output_format: str | None = None

    @property
    def variants(self) -> int:
        """Variants in the run (every segment's)."""
        return sum(s.count for s in self.segments)

    @property
    def group_keys(self) -> list[tuple[str, str]]:
        """(profile, method) of each group, in row order within a variant."""
        return [(p, m) for p in self.profiles for m in self.methods]

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-ready data, the shape the run store keeps."""
        out: dict[str, Any] = {
            "columns": list(self.columns),
            "profiles": list(self.profiles),
            "methods": list(self.methods),
            "tiers": list(self.tiers),
            "thresholds": list(self.thresholds),
            "tier_names": {k: dict(v) for k, v in self.tier_names.items()},
            "tier_colors": dict(self.tier_colors),
            "bases": list(self.bases),
            "segments": [s.to_json() for s in self.segments],
            "sweeps": [s.to_json() for s in self.sweeps],
            "varied": list(self.varied),
            "constants": dict(self.constants),
            "levels": {k: list(v) for k, v in self.levels.items()},
            "indicator_names": {k: dict(v) for k, v in self.indicator_names.items()},
            "samples": self.samples,
            "concentration": self.concentration,
            "chunk": self.chunk,
            "groups": self.groups,
            "as_of": self.as_of.isoformat(),
        }
        if self.output_format is not None:
            out["output_format"] = self.output_format
        return out

    def dumps(self) -> str:
        """The stored text (`runs.meta`)."""
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: object, where: str = "the run record") -> RunRecord:
        """A record from its JSON data, checked: `InputError` naming the key when the data
        is not a record's (a missing or unknown key, a value of the wrong type)."""
        check = _Check(where)
        obj = check.obj(data, "", FIELDS, optional=("output_format",))
        return cls(**{name: PARSERS[name](check, obj[name], name) for name in obj})

    @classmethod
    def loads(cls, text: str, where: str = "the run record") -> RunRecord:
        """A record from its stored text (`runs.meta`)."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            _Check(where).fail(f"is not JSON ({exc})")
        return cls.from_json(data, where)


# --- checking stored data ------------------------------------------------------------------


class _Check:
    """Typed reading of JSON data, each failure an `InputError` saying where."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, problem: str, loc: str = "") -> NoReturn:
        at = f" at {loc!r}" if loc else ""
        raise InputError(
            f"{self.where}{at} {problem}: the run store holds a record this version of taqdir "
            "cannot read (damaged, or written by another program). Delete the run "
            "(`taqdir runs delete RUN_ID`) and run its batch again.",
            kind="record_unreadable",
            parts={"where": self.where, "loc": loc, "detail": problem},
        )

    def obj(
        self, value: object, loc: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """An object with exactly `keys` (those in `optional` may be absent)."""
        if not isinstance(value, dict):
            self.fail(f"is {_kind(value)}, not an object", loc)
        missing = [k for k in keys if k not in value and k not in optional]
        if missing:
            self.fail(f"lacks {', '.join(map(repr, missing))}", loc)
        unknown = [k for k in value if k not in keys]
        if unknown:
            self.fail(f"has unknown {', '.join(map(repr, unknown))}", loc)
        return value

    def str_(self, value: object, loc: str) -> str:
        if not isinstance(value, str):
            self.fail(f"is {_kind(value)}, not a string", loc)
        return value

    def int_(self, value: object, loc: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"is {_kind(value)}, not a whole number", loc)
        return value

    def float_(self, value: object, loc: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"is {_kind(value)}, not a number", loc)
        return value  # as stored (a whole number stays one: the record's JSON is unchanged)

    def list_(self, value: object, loc: str, item: Callable[[object, str], T]) -> tuple[T, ...]:
        if not isinstance(value, list):
            self.fail(f"is {_kind(value)}, not a list", loc)
        return tuple(item(v, f"{loc}[{i}]") for i, v in enumerate(value))

    def map_(self, value: object, loc: str, item: Callable[[object, str], T]) -> dict[str, T]:
        if not isinstance(value, dict):
            self.fail(f"is {_kind(value)}, not an object", loc)
        return {str(k): item(v, f"{loc}.{k}") for k, v in value.items()}

    def strs(self, value: object, loc: str) -> tuple[str, ...]:
        return self.list_(value, loc, self.str_)

    def names(self, value: object, loc: str) -> dict[str, str]:
        return self.map_(value, loc, self.str_)

    def segment(self, value: object, loc: str) -> SegmentRecord:
        o = self.obj(value, loc, ("name", "kind", "start", "count", "base"))
        return SegmentRecord(
            self.str_(o["name"], f"{loc}.name"),
            self.str_(o["kind"], f"{loc}.kind"),
            self.int_(o["start"], f"{loc}.start"),
            self.int_(o["count"], f"{loc}.count"),
            self.str_(o["base"], f"{loc}.base"),
        )

    def sweep(self, value: object, loc: str) -> SweepRecord:
        o = self.obj(value, loc, ("id", "kind", "base", "indicators", "axes"))
        return SweepRecord(
            self.str_(o["id"], f"{loc}.id"),
            self.str_(o["kind"], f"{loc}.kind"),
            self.str_(o["base"], f"{loc}.base"),
            self.strs(o["indicators"], f"{loc}.indicators"),
            self.list_(o["axes"], f"{loc}.axes", self.int_),
        )

    def date_(self, value: object, loc: str) -> date:
        try:
            return date.fromisoformat(self.str_(value, loc))
        except ValueError:
            self.fail(f"is {value!r}, not an ISO date", loc)


def _kind(value: object) -> str:
    """How a JSON value reads in a message."""
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {value!r}"
    names = {bool: "true/false", str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


Parser = Callable[[_Check, object, str], Any]

PARSERS: dict[str, Parser] = {
    "columns": _Check.strs,
    "profiles": _Check.strs,
    "methods": _Check.strs,
    "tiers": _Check.strs,
    "thresholds": lambda c, v, loc: c.list_(v, loc, c.float_),
    "tier_names": lambda c, v, loc: c.map_(v, loc, c.names),
    "tier_colors": _Check.names,
    "bases": _Check.strs,
    "segments": lambda c, v, loc: c.list_(v, loc, c.segment),
    "sweeps": lambda c, v, loc: c.list_(v, loc, c.sweep),
    "varied": _Check.strs,
    "constants": lambda c, v, loc: c.map_(v, loc, c.float_),
    "levels": lambda c, v, loc: c.map_(v, loc, c.strs),
    "indicator_names": lambda c, v, loc: c.map_(v, loc, c.names),
    "samples": _Check.int_,
    "concentration": lambda c, v, loc: None if v is None else c.float_(v, loc),
    "chunk": _Check.int_,
    "groups": _Check.int_,
    "as_of": _Check.date_,
    "output_format": lambda c, v, loc: None if v is None else c.str_(v, loc),
}
"""How each stored key is read, in the stored order."""

FIELDS = tuple(PARSERS)
"""The stored keys: RunRecord's fields, in order (a test checks they agree)."""
