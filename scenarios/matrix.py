"""A decision matrix: alternatives scored on criteria in their own units (pydantic v2).

The input of `taqdir mcda` for the classic methods as the literature states them: raw
criterion values, each criterion a benefit (more is better) or a cost (less is better), with
its weight. The after-validator reports every problem at once, located.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from pydantic import Field, model_validator

from indicators.errors import Loc, Problem
from indicators.model import Identifier, Strict, Text
from scenarios.model import ReferenceProblems, Weight

Finite = Annotated[float, Field(allow_inf_nan=False)]


class Criterion(Strict):
    """One criterion: a benefit or a cost, with its weight (normalised to sum to 1)."""

    id: Identifier
    name: Text | None = None
    type: Literal["benefit", "cost"]
    weight: Weight


class Alternative(Strict):
    """One alternative and its value on every criterion, in the criterion's units."""

    id: Identifier
    name: Text | None = None
    values: dict[Identifier, Finite]


class DecisionMatrix(Strict):
    """The file `taqdir mcda` reads: criteria, then alternatives with their values."""

    id: Identifier
    title: Text | None = None
    source: str | None = None
    """Where the example comes from (a citation with its page)."""
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    alternatives: Annotated[list[Alternative], Field(min_length=2)]

    @model_validator(mode="after")
    def _complete(self) -> DecisionMatrix:
        problems: list[Problem] = []
        crit = [c.id for c in self.criteria]
        for section, ids in (
            ("criteria", crit),
            ("alternatives", [a.id for a in self.alternatives]),
        ):
            counts = Counter(ids)
            problems += [
                Problem(
                    (section, n, "id"),
                    f"duplicate id {i!r}.",
                    "Every id must be unique.",
                    kind="duplicate_id",
                    args={"id": i},
                )
                for n, i in enumerate(ids)
                if counts[i] > 1
            ]
        if not any(c.weight > 0 for c in self.criteria):
            problems.append(
                Problem(
                    ("criteria",), "every weight is zero.", "Give one a weight.", kind="all_zero"
                )
            )
        for n, alt in enumerate(self.alternatives):
            loc: Loc = ("alternatives", n, "values")
            missing = [c for c in crit if c not in alt.values]
            extra = [k for k in alt.values if k not in crit]
            if missing:
                problems.append(
                    Problem(
                        loc,
                        f"{alt.id!r} gives no value for {', '.join(missing)}.",
                        kind="no_value_for",
                        args={"id": alt.id, "missing": missing},
                    )
                )
            for key in extra:
                problems.append(
                    Problem(
                        (*loc, key),
                        f"unknown criterion {key!r}.",
                        f"Known: {', '.join(crit)}.",
                        kind="unknown_name",
                        args={"what": "criterion", "value": key, "close": None, "known": crit},
                    )
                )
        if problems:
            raise ReferenceProblems(problems)
        return self
