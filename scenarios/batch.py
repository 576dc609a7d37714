"""The batch file: many scenario variants × profiles × methods, scored in one reproducible run.

A batch names an assessment (a path relative to the batch file, or none for the built-in one),
scenarios to include as they are, and **sweeps** that generate variants from a base scenario:

- `kind: grid` — the cartesian product of its axes; an axis is a list of raw values (numbers,
  or level ids for an ordinal indicator) or a span `{from, to, step}` / `{from, to, num}`
  (an ordinal span without step or num takes every level in between);
- `kind: lhs` / `kind: sobol` — `n` space-filling random variants over `ranges` (Latin
  hypercube or scrambled Sobol' points from `scipy.stats.qmc`), seeded. An ordinal range, or
  one marked `integer: true`, takes whole values.

It also names the weighting profiles (default: all of the assessment's), the methods (default:
the assessment's), Monte Carlo `samples`, `concentration`, `seed` and the `chunk` size
(variants per chunk; default: chosen to bound memory). Example files are in
`scenarios/data/batches/`.

`load_batch(path)` reads the file through `indicators.validate.load_model`, loads its
assessment and checks every reference against it, reporting all problems with their lines.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from indicators.errors import FileError, Loc, Problem, invalid
from indicators.files import parse_yaml, read_document
from indicators.model import Identifier, Indicator, Ordinal, RawValue, Strict, Text
from indicators.validate import load_model, validate_data
from scenarios.loader import load_assessment
from scenarios.model import Assessment, Method, check_known

MAX_AXIS = 1_000_000
"""Most values one grid axis may list or span (a longer axis is almost surely a typo)."""

MAX_VARIANTS = 10**12
"""Most variants one batch may generate (ids are 64-bit; this keeps far from the edge)."""

MAX_LHS = 2_000_000
"""Most points of a Latin hypercube sweep: its design is built whole (n × d floats)."""


class Span(Strict):
    """A grid axis written as a span: `{from, to, step}` or `{from, to, num}` (both ends in).

    For an ordinal indicator `from` and `to` are level ids; without step or num every level
    between them is taken.
    """

    start: RawValue = Field(alias="from")
    to: RawValue
    step: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    num: Annotated[int, Field(ge=2, le=MAX_AXIS)] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Span:
        if self.step is not None and self.num is not None:
            raise invalid("step_and_num", "give either step or num, not both")
        return self


def _axis_kind(value: Any) -> str:
    return "span" if isinstance(value, dict | Span) else "list"


Axis = Annotated[
    Annotated[Annotated[list[RawValue], Field(min_length=1, max_length=MAX_AXIS)], Tag("list")]
    | Annotated[Span, Tag("span")],
    Discriminator(_axis_kind),
]
"""A list of values, or a span (a mapping): told apart by their shape, so a wrong span says
what is wrong with it, not that it is not a list either."""


def count_text(n: int) -> str:
    """A count for a message: with thousands separators, or about 1.2e+40 when huge."""
    return f"{n:,}" if n < 10**15 else f"about {float(n):.1e}"


def count_value(n: int) -> str:
    """The same count as a value for a message in any language: 1,200 or ≈1.2e+40."""
    return f"{n:,}" if n < 10**15 else f"≈{float(n):.1e}"


class GridSweep(Strict):
    """Every combination of the axes' values, the other indicators at the base scenario's."""

    kind: Literal["grid"]
    id: Identifier
    name: Text | None = None
    base: Identifier | None = None
    """The scenario the variants start from (default: the batch's `base`)."""
    axes: Annotated[dict[Identifier, Axis], Field(min_length=1)]


class Bounds(Strict):
    """Where a random sweep draws an indicator's raw value: between low and high."""

    low: RawValue
    high: RawValue
    integer: bool = False
    """Take whole numbers only (ordinal indicators always take whole levels)."""


class RandomSweep(Strict):
    """`n` space-filling random variants: Latin hypercube (`lhs`) or scrambled Sobol'."""

    kind: Literal["lhs", "sobol"]
    id: Identifier
    name: Text | None = None
    base: Identifier | None = None
    n: Annotated[int, Field(ge=1, le=MAX_VARIANTS)]
    ranges: Annotated[dict[Identifier, Bounds], Field(min_length=1)]
    seed: Annotated[int, Field(ge=0)] | None = None
    """The design's own seed (default: derived from the batch seed)."""

    @model_validator(mode="after")
    def _lhs_size(self) -> RandomSweep:
        if self.kind == "lhs" and self.n > MAX_LHS:
            raise invalid(
                "lhs_too_big",
                f"a Latin hypercube sweep is built whole, so n is limited to {MAX_LHS:,} "
                f"(got {self.n:,}); use kind: sobol for more points",
                count=f"{self.n:,}",
                limit=f"{MAX_LHS:,}",
            )
        return self


Sweep = Annotated[GridSweep | RandomSweep, Field(discriminator="kind")]


class BatchFile(Strict):
    """A batch of scenario variants to score under several profiles and methods."""

    id: Identifier
    title: Text | None = None
    assessment: str | None = None
    """Assessment file, relative to the batch file's folder; omit for the built-in one."""
    as_of: date | None = None
    """Use only the evidence known on this date (default: the assessment's as_of)."""
    base: Identifier | None = None
    """Default base scenario of the sweeps (default: the assessment's first scenario)."""
    scenarios: list[Identifier] = Field(default_factory=list)
    """Scenarios included as they are, one variant each."""
    sweeps: list[Sweep] = Field(default_factory=list)
    profiles: list[Identifier] = Field(default_factory=list)
    """Weighting profiles (default: every profile of the assessment)."""
    methods: list[Method] = Field(default_factory=list)
    """Aggregation methods (default: the assessment's method)."""
    samples: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    concentration: Annotated[float, Field(gt=0, allow_inf_nan=True)] = 100.0
    """Dirichlet concentration of sampled weights; .inf keeps weights fixed."""
    seed: Annotated[int, Field(ge=0, lt=2**63)] = 0
    chunk: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    """Variants per chunk (the unit of work, storage and resumption)."""

    @model_validator(mode="after")
    def _shape(self) -> BatchFile:
        if not self.scenarios and not self.sweeps:
            raise invalid("empty_batch", "a batch needs scenarios to include or sweeps (or both)")
        ids = [s.id for s in self.sweeps]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise invalid(
                "duplicate_ids", f"sweep ids must be unique; repeated: {', '.join(dup)}", ids=dup
            )
        for name in ("scenarios", "profiles", "methods"):
            items = getattr(self, name)
            if len(set(items)) != len(items):
                raise invalid(
                    "duplicate_ids", f"{name} lists the same id twice: {items}", ids=list(items)
                )
        return self

    def content_hash(self) -> str:
        """A fingerprint of the batch's content (not of its formatting or comments)."""
        return "sha256:" + hashlib.sha256(canonical_json(self).encode("utf-8")).hexdigest()


def canonical_json(model: Strict) -> str:
    """The model's content as JSON (dates as text, infinity as `Infinity`). Keys keep their
    order: the order of a grid's axes decides the order of its variants."""
    data = model.model_dump(mode="python", by_alias=True, exclude_none=True)
    return json.dumps(data, ensure_ascii=False, default=str)


def snapshot(model: Strict) -> str:
    """The model as YAML text that validates back to an equal model: what the run store
    keeps so that resuming never rereads (possibly edited) files. YAML rather than JSON
    because it keeps integer mapping keys (Admiralty credibility grades) and infinity."""
    import yaml

    data = model.model_dump(mode="python", by_alias=True, exclude_none=True)
    # Unsorted: a grid's axis order is its variants' order.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 10× faster
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


# --- checks against the assessment -------------------------------------------------------


def _show(value: RawValue) -> str:
    """A raw value as the analyst wrote it: 50 rather than 50.0, a level id as is."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _value(ind: Indicator, value: RawValue, loc: Loc) -> tuple[list[Problem], float | None]:
    found = ind.scale_problem(value)
    if found:
        kind, problem, parts = found
        return [Problem(loc, problem + ".", kind=kind, args=parts)], None
    return [], ind.position(value)


def span_positions(ind: Indicator, span: Span, loc: Loc) -> tuple[list[Problem], list[float]]:
    """The raw numbers (level positions for an ordinal) a span stands for, or its problems."""

    def fail(
        message: str, hint: str = "", kind: str = "", **args: Any
    ) -> tuple[list[Problem], list[float]]:
        return [Problem(loc, message, hint, kind=kind, args=args)], []

    p1, lo = _value(ind, span.start, (*loc, "from"))
    p2, hi = _value(ind, span.to, (*loc, "to"))
    if p1 or p2 or lo is None or hi is None:
        return p1 + p2, []
    if hi < lo:
        return fail(
            f"the span runs backwards: from {_show(span.start)} to {_show(span.to)}.",
            "",
            "span_backwards",
            low=_show(span.start),
            high=_show(span.to),
        )
    if isinstance(ind.transform, Ordinal):
        if span.num is not None or (span.step is not None and span.step != int(span.step)):
            return fail(
                "an ordinal span cannot take num or a fractional step.",
                "An ordinal span takes whole levels: give a whole step, or none.",
                "ordinal_span",
            )
        return [], [float(v) for v in range(int(lo), int(hi) + 1, int(span.step or 1))]
    if span.num is not None:
        n = span.num
    elif span.step is not None:
        n = math.floor((hi - lo) / span.step + 1e-9) + 1
    else:
        return fail(
            "a numeric span needs step or num.", "E.g. {from: 0, to: 6, step: 1}.", "span_step"
        )
    if n > MAX_AXIS:
        return fail(
            f"the span has {count_text(n)} values; an axis is limited to {MAX_AXIS:,}.",
            "Use a larger step, or num.",
            "axis_too_long",
            count=count_value(n),
            limit=f"{MAX_AXIS:,}",
        )
    if span.num is None and span.step is not None:
        return [], [lo + i * span.step for i in range(n)]
    return [], [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def axis_positions(ind: Indicator, axis: Axis, loc: Loc) -> tuple[list[Problem], list[float]]:
    """The raw numbers of a grid axis (a list or a span), or its problems."""
    if isinstance(axis, Span):
        return span_positions(ind, axis, loc)
    problems: list[Problem] = []
    values: list[float] = []
    for i, raw in enumerate(axis):
        found, v = _value(ind, raw, (*loc, i))
        problems += found
        if v is not None:
            values.append(v)
    if not problems and len(set(values)) != len(values):
        problems.append(
            Problem(
                loc,
                f"the axis repeats a value: {', '.join(map(_show, axis))}.",
                "List each once.",
                kind="axis_repeats",
                args={"values": [_show(v) for v in axis]},
            )
        )
    return problems, values


def bounds_positions(
    ind: Indicator, b: Bounds, loc: Loc
) -> tuple[list[Problem], tuple[float, ...]]:
    """(low, high, whole) of a random range as raw numbers, or its problems (and `()`).

    `whole` is a bool; the tuple is typed `tuple[float, ...]` because it is empty when there
    are problems, and the batch plan indexes it only for valid ranges.
    """
    p1, lo = _value(ind, b.low, (*loc, "low"))
    p2, hi = _value(ind, b.high, (*loc, "high"))
    if p1 or p2 or lo is None or hi is None:
        return p1 + p2, ()
    if hi < lo:
        return [
            Problem(
                loc,
                f"low {_show(b.low)} is above high {_show(b.high)}.",
                "Expected low ≤ high.",
                kind="low_above_high",
                args={"low": _show(b.low), "high": _show(b.high)},
            )
        ], ()
    whole = b.integer or isinstance(ind.transform, Ordinal)
    if whole and math.floor(hi) < math.ceil(lo):
        return [
            Problem(
                loc,
                f"no whole number lies between {_show(b.low)} and {_show(b.high)}.",
                kind="no_whole_number",
                args={"low": _show(b.low), "high": _show(b.high)},
            )
        ], ()
    return [], (lo, hi, whole)


def sweep_size(sweep: GridSweep | RandomSweep, a: Assessment) -> int:
    """How many variants the (valid) sweep generates."""
    if isinstance(sweep, RandomSweep):
        return sweep.n
    size = 1
    for key, axis in sweep.axes.items():
        size *= len(axis_positions(a.indicator(key), axis, ())[1])
    return size


def _check_sweep(sweep: GridSweep | RandomSweep, a: Assessment, loc: Loc) -> list[Problem]:
    inds = [i.id for i in a.indicators]
    out: list[Problem] = []
    if sweep.base is not None:
        out += check_known(sweep.base, a.scenario_ids, "scenario", (*loc, "base"))
    items = sweep.axes if isinstance(sweep, GridSweep) else sweep.ranges
    field = "axes" if isinstance(sweep, GridSweep) else "ranges"
    size = 1
    for key, spec in items.items():
        kloc: Loc = (*loc, field, key)
        found = check_known(key, inds, "indicator", kloc)
        if found:
            out += found
            continue
        ind = a.indicator(key)
        if isinstance(spec, Bounds):
            out += bounds_positions(ind, spec, kloc)[0]
        else:
            found, values = axis_positions(ind, spec, kloc)
            out += found
            size *= max(len(values), 1)
    if size > MAX_VARIANTS:
        out.append(
            Problem(
                (*loc, field),
                f"the grid has {count_text(size)} variants; at most {MAX_VARIANTS:,}.",
                kind="too_many_variants",
                args={"count": count_value(size), "limit": f"{MAX_VARIANTS:,}"},
            )
        )
    return out


def batch_problems(b: BatchFile, a: Assessment) -> list[Problem]:
    """Every reference in the batch that its assessment does not have (empty when all fit)."""
    out: list[Problem] = []
    if b.base is not None:
        out += check_known(b.base, a.scenario_ids, "scenario", ("base",))
    for i, sid in enumerate(b.scenarios):
        out += check_known(sid, a.scenario_ids, "scenario", ("scenarios", i))
    for i, pid in enumerate(b.profiles):
        out += check_known(pid, a.profile_ids, "profile", ("profiles", i))
    for i, sweep in enumerate(b.sweeps):
        out += _check_sweep(sweep, a, ("sweeps", i))
    if not out:
        total = len(b.scenarios) + sum(sweep_size(s, a) for s in b.sweeps)
        if total > MAX_VARIANTS:
            out.append(
                Problem(
                    ("sweeps",),
                    f"{count_text(total)} variants; a batch allows {MAX_VARIANTS:,}.",
                    kind="too_many_variants",
                    args={"count": count_value(total), "limit": f"{MAX_VARIANTS:,}"},
                )
            )
    return out


# --- loading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedBatch:
    """A validated batch with its assessment, ready for the engine."""

    batch: BatchFile
    assessment: Assessment
    path: str | None
    assessment_path: str | None

    @property
    def profiles(self) -> list[str]:
        return list(self.batch.profiles) or self.assessment.profile_ids

    @property
    def methods(self) -> list[str]:
        return list(self.batch.methods) or [self.assessment.method]

    @property
    def base(self) -> str:
        return self.batch.base or self.assessment.scenario_ids[0]

    def base_of(self, sweep: GridSweep | RandomSweep) -> str:
        return sweep.base or self.base


def check_against(b: BatchFile, a: Assessment, path: str | None) -> None:
    """Raise FileError (located when the file can be read again) if the batch does not fit."""
    problems = batch_problems(b, a)
    if not problems:
        return
    if path is not None and not path.startswith("<"):
        _, lines = read_document(path)  # only to name the lines of the problems
        problems = [replace(p, line=lines.line_of(p.loc)) for p in problems]
    raise FileError(path, problems)


def load_batch(path: Path | str) -> LoadedBatch:
    """Read a batch file, load its assessment and check one against the other."""
    batch = load_model(path, BatchFile)
    where = None
    if batch.assessment is not None:
        where = str((Path(path).parent / batch.assessment).resolve())
        if not Path(where).is_file():  # said in the batch file's terms, at its line
            what = "is a folder, not a file" if Path(where).is_dir() else "does not exist"
            message = f"the assessment file {batch.assessment!r} {what} (looked for {where})."
            hint = "Give a path relative to the batch file, or omit it for the built-in one."
            line = read_document(path)[1].line_of(("assessment",))
            kind = "assessment_folder" if Path(where).is_dir() else "assessment_missing"
            parts = {"value": batch.assessment, "where": where}
            problem = Problem(("assessment",), message, hint, line, kind, parts)
            raise FileError(str(path), [problem])
    assessment = load_assessment(where)
    check_against(batch, assessment, str(path))
    return LoadedBatch(batch, assessment, str(path), where)


def restore_batch(batch_text: str, assessment_text: str, label: str) -> LoadedBatch:
    """Rebuild a batch from the snapshots the run store kept (see `snapshot`)."""
    name = f"<{label} batch>"
    data, lines = parse_yaml(batch_text, name)
    batch = validate_data(data, BatchFile, name, lines)
    name = f"<{label} assessment>"
    data, lines = parse_yaml(assessment_text, name)
    assessment = validate_data(data, Assessment, name, lines)
    check_against(batch, assessment, f"<{label} batch>")
    return LoadedBatch(batch, assessment, None, None)
