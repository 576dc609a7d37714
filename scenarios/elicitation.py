"""Input models for eliciting weights and for partial weight information (pydantic v2).

Three elicitation files feed `taqdir weights ahp|rank|swing FILE`:

- `AhpInput`: `items` and a full pairwise-comparison `matrix` on Saaty's 1–9 scale (fractions
  as numbers or strings such as "1/3");
- `RankInput`: a `ranking` from most to least important (a nested list is a tie);
- `SwingInput`: swing-weighting `points` from 0 to 100.

Each may say `within: FAMILY` when its items are the indicators of one family (their shares)
rather than the families themselves. `WeightInfo` is what an analyst knows about the weights
when they are not fully given (a ranking, or intervals), for Monte Carlo over the weights.

The models check shape and form (a square, complete, reciprocal matrix; values on the scale)
and report every problem with its place in the file; whether the items exist in an assessment
is checked by the engine, which knows the assessment.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from indicators.errors import InputError, Loc, Problem, invalid
from indicators.model import Identifier, Strict, Text

SAATY_MIN = 1.0 / 9.0
SAATY_MAX = 9.0
RECIPROCAL_TOLERANCE = 0.03
"""a_ij · a_ji may differ from 1 by this much (decimals such as 0.14 for 1/7); the engine then
uses the upper triangle and exact reciprocals below it."""


class ElicitationProblems(InputError):
    """Problems found in an elicitation file; the loader adds the file and the lines."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.loc}: {p.message}" for p in problems))


def parse_judgement(value: Any) -> float:
    """A judgement as a number: 3, 0.5, "3", "1/3" or "1 / 3". ValueError if it is none."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.replace(" ", "")
        try:
            number = float(Fraction(text))
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{value!r} is not a number or a fraction like '1/3'") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _show(cell: Any) -> str:
    """A judgement as the analyst wrote it: 3 rather than 3.0, '1/3' as is."""
    return f"{cell:g}" if isinstance(cell, float) else repr(cell)


def _reciprocal(a: float) -> str:
    """1 / a written the way an analyst would: '1/3' for 3, '3' for 1/3."""
    r = Fraction(1.0 / a).limit_denominator(9)
    return str(r) if abs(float(r) * a - 1.0) < 1e-6 else f"{1.0 / a:.4g}"


def _unique(items: list[str], loc: Loc) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        if item in seen:
            out.append(
                Problem(
                    (*loc, i),
                    f"{item!r} is listed twice.",
                    "List each item once.",
                    kind="listed_twice",
                    args={"value": item},
                )
            )
        seen.add(item)
    return out


class _Elicited(Strict):
    """What every elicitation file may say about the profile it produces."""

    id: Identifier | None = None
    """Id of the weighting profile to write (default: from the file name)."""
    name: Text | None = None
    description: Text | None = None
    within: Identifier | None = None
    """The items are the indicators of this family (their shares), not families."""


class AhpInput(_Elicited):
    """A pairwise-comparison matrix: `matrix[i][j]` says how much more important item i is
    than item j, on Saaty's 1–9 scale (1 equal, 3 moderate, 5 strong, 7 very strong,
    9 extreme; 1/3 … 1/9 the other way round). The matrix must be complete and reciprocal."""

    items: Annotated[list[Identifier], Field(min_length=2)]
    matrix: list[list[float | str | None]]

    @model_validator(mode="after")
    def _check_matrix(self) -> AhpInput:
        problems = _unique(self.items, ("items",)) + matrix_problems(self.items, self.matrix)
        if problems:
            raise ElicitationProblems(problems)
        return self

    def values(self) -> list[list[float]]:
        """The judgements as numbers: the upper triangle as given, exact reciprocals below."""
        n = len(self.items)
        out = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                a = parse_judgement(self.matrix[i][j])
                out[i][j], out[j][i] = a, 1.0 / a
        return out


def matrix_problems(items: list[str], matrix: list[list[Any]]) -> list[Problem]:
    """Every way the matrix fails to be a complete, reciprocal judgement matrix on the scale."""
    n = len(items)
    if len(matrix) != n:
        return [
            Problem(
                ("matrix",),
                f"the matrix has {len(matrix)} rows but there are {n} items.",
                "Give one row per item, in the order of `items`.",
                kind="matrix_rows",
                args={"rows": len(matrix), "items": n},
            )
        ]
    out: list[Problem] = []
    numbers: dict[tuple[int, int], float] = {}
    for i, row in enumerate(matrix):
        if len(row) != n:
            out.append(
                Problem(
                    ("matrix", i),
                    f"row {i + 1} ({items[i]}) has {len(row)} entries, expected {n}.",
                    "The matrix is incomplete: every pair needs a judgement.",
                    kind="matrix_row_length",
                    args={"row": i + 1, "item": items[i], "entries": len(row), "items": n},
                )
            )
            continue
        for j, cell in enumerate(row):
            loc: Loc = ("matrix", i, j)
            if cell is None:
                out.append(
                    Problem(
                        loc,
                        f"no judgement for {items[i]} against {items[j]}.",
                        "The matrix is incomplete: fill every cell (1 on the diagonal, "
                        "reciprocals below it).",
                        kind="no_judgement",
                        args={"a": items[i], "b": items[j]},
                    )
                )
                continue
            try:
                a = parse_judgement(cell)
            except ValueError as exc:
                out.append(
                    Problem(
                        loc,
                        f"{exc}.",
                        "Write e.g. 3, 0.5 or '1/3'.",
                        kind="not_a_judgement",
                        args={"value": _show(cell)},
                    )
                )
                continue
            if i == j and abs(a - 1.0) > 1e-9:
                out.append(
                    Problem(
                        loc,
                        f"the diagonal must be 1, got {_show(cell)}.",
                        "An item equals itself.",
                        kind="diagonal",
                        args={"value": _show(cell)},
                    )
                )
            elif not SAATY_MIN * (1 - 1e-9) <= a <= SAATY_MAX * (1 + 1e-9):
                out.append(
                    Problem(
                        loc,
                        f"{_show(cell)} ({items[i]} against {items[j]}) is off Saaty's 1–9 scale.",
                        "Use values from 1/9 to 9.",
                        kind="off_saaty",
                        args={"value": _show(cell), "a": items[i], "b": items[j]},
                    )
                )
            else:
                numbers[i, j] = a
    for i in range(n):
        for j in range(i + 1, n):
            if (i, j) in numbers and (j, i) in numbers:
                product = numbers[i, j] * numbers[j, i]
                if abs(product - 1.0) > RECIPROCAL_TOLERANCE:
                    out.append(
                        Problem(
                            ("matrix", j, i),
                            f"not reciprocal: {items[i]} against {items[j]} is "
                            f"{_show(matrix[i][j])} but {items[j]} against {items[i]} is "
                            f"{_show(matrix[j][i])}.",
                            f"Expected {_reciprocal(numbers[i, j])} (a_ji = 1 / a_ij).",
                            kind="not_reciprocal",
                            args={
                                "a": items[i],
                                "b": items[j],
                                "ab": _show(matrix[i][j]),
                                "ba": _show(matrix[j][i]),
                                "expected": _reciprocal(numbers[i, j]),
                            },
                        )
                    )
    return out


RankItem = Identifier | Annotated[list[Identifier], Field(min_length=1)]


def _flatten(ranking: list[Any]) -> list[str]:
    return [x for entry in ranking for x in (entry if isinstance(entry, list) else [entry])]


class RankInput(_Elicited):
    """Items from most to least important; `[b, c]` in the list means b and c tie."""

    ranking: Annotated[list[RankItem], Field(min_length=1)]

    @model_validator(mode="after")
    def _check(self) -> RankInput:
        problems = _unique(_flatten(self.ranking), ("ranking",))
        if problems:
            raise ElicitationProblems(problems)
        return self

    def groups(self) -> list[list[str]]:
        """The ranking as groups of tied items, most important first."""
        return [list(e) if isinstance(e, list) else [e] for e in self.ranking]


Points = Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)]


class SwingInput(_Elicited):
    """Swing weighting: the swing (worst to best) of the most important item gets 100 points,
    every other swing the points it is worth in comparison (0–100)."""

    points: dict[Identifier, Points]

    @field_validator("points")
    @classmethod
    def _some_positive(cls, points: dict[str, float]) -> dict[str, float]:
        if not points:
            raise invalid("no_points", "give points to at least one item")
        if not any(v > 0 for v in points.values()):
            raise invalid("all_points_zero", "all points are 0; the most important swing gets 100")
        return points


Bound = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class WeightInfo(Strict):
    """What is known about the weights when they are not given outright.

    `level` says whether the items are families (indicator shares within a family then come
    from the profile) or indicators. Give a `ranking` (most important first, a nested list is
    a tie), or `intervals` (normalised weight bounds; a missing bound is 0 or 1), or neither
    (nothing is known: uniform over all weights). Samples are uniform over the weights
    consistent with what is given.
    """

    level: Literal["families", "indicators"] = "families"
    ranking: Annotated[list[RankItem], Field(min_length=2)] | None = None
    intervals: dict[Identifier, tuple[Bound | None, Bound | None]] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> WeightInfo:
        problems: list[Problem] = []
        if self.ranking is not None and self.intervals is not None:
            problems.append(
                Problem(
                    ("intervals",),
                    "give a ranking or intervals, not both.",
                    "Keep one of `ranking` and `intervals`.",
                    kind="ranking_and_intervals",
                )
            )
        if self.ranking is not None:
            problems += _unique(_flatten(self.ranking), ("ranking",))
        for key, (low, high) in (self.intervals or {}).items():
            if low is not None and high is not None and low > high:
                problems.append(
                    Problem(
                        ("intervals", key),
                        f"the interval of {key} runs from {low:g} down to {high:g}.",
                        "Write [low, high] with low ≤ high.",
                        kind="interval_reversed",
                        args={"key": key, "low": f"{low:g}", "high": f"{high:g}"},
                    )
                )
        if problems:
            raise ElicitationProblems(problems)
        return self

    def groups(self) -> list[list[str]]:
        return [list(e) if isinstance(e, list) else [e] for e in (self.ranking or [])]
