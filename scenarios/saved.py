"""The saved output of `taqdir score --format json`, read back as an input (e.g. to compare).

The fields follow the JSON contract in docs/contracts.md as `engine.score.ScoreResult.to_json`
writes it. A saved result holds no raw values, but it holds what the score is a function of: per
scenario the intensities entering the score, and the effective weights and method, so it can
be rescored and compared factor by factor. The after-validator checks that the pieces fit
together (the same indicators everywhere, usable weights) and reports every problem located.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from indicators.errors import Problem
from indicators.model import Strict, Text
from scenarios.model import Method, ReferenceProblems

Number = Annotated[float, Field(allow_inf_nan=False)]


class SavedAssessment(Strict):
    """Which assessment, date and engine produced the result."""

    id: str
    title: Text
    as_of: date
    file_as_of: date | None = None
    input_hash: str | None = None
    engine_version: str | None = None


class SavedTier(Strict):
    id: str
    min: Number
    max: Number
    name: Text
    color: str | None = None


class SavedRange(Strict):
    low: Number
    likely: Number
    high: Number


class SavedRow(Strict):
    """One scenario's result."""

    scenario: str
    name: Text | None = None
    score: Number
    tier: str | None = None
    tier_name: Text | None = None
    rank: int | None = None
    intensities: dict[str, Number]
    contributions: dict[str, Number] | None = None
    families: dict[str, Number] | None = None
    values: dict[str, SavedRange] | None = None
    sources: dict[str, Literal["evidence", "default", "assumption"]] | None = None
    coverage: dict[Literal["evidence", "default", "assumption"], Number] | None = None
    uncertainty: dict[str, Number] | None = None
    tier_probabilities: dict[str, Number] | None = None
    rank_acceptability: list[Number] | None = None


class SavedScore(Strict):
    """A whole saved `taqdir score --format json` output."""

    assessment: SavedAssessment
    method: Method
    profile: str | None = None
    weights: dict[str, Number]
    family_weights: dict[str, Number] | None = None
    tiers: Annotated[list[SavedTier], Field(min_length=1)]
    results: Annotated[list[SavedRow], Field(min_length=1)]
    sampling: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _fits_together(self) -> SavedScore:
        problems = saved_problems(self)
        if problems:
            raise ReferenceProblems(problems)
        return self

    @property
    def indicator_ids(self) -> list[str]:
        return list(self.weights)


def saved_problems(s: SavedScore) -> list[Problem]:
    """Everything that stops the saved result from being rescored, located."""
    out: list[Problem] = []
    if any(w < 0 for w in s.weights.values()) or not sum(s.weights.values()) > 0:
        out.append(
            Problem(
                ("weights",),
                "weights must be ≥ 0 with a positive sum.",
                "Save the result again with `taqdir score --format json`.",
                kind="saved_weights",
            )
        )
    known = set(s.weights)
    counts = Counter(r.scenario for r in s.results)
    for n, row in enumerate(s.results):
        if counts[row.scenario] > 1:
            out.append(
                Problem(
                    ("results", n, "scenario"),
                    f"scenario {row.scenario!r} twice.",
                    kind="duplicate_id",
                    args={"id": row.scenario},
                )
            )
        if set(row.intensities) != known:
            missing = sorted(known - set(row.intensities))
            extra = sorted(set(row.intensities) - known)
            out.append(
                Problem(
                    ("results", n, "intensities"),
                    f"intensities of {row.scenario!r} do not match the weights' indicators"
                    + (f"; missing {', '.join(missing)}" if missing else "")
                    + (f"; not weighted {', '.join(extra)}" if extra else "")
                    + ".",
                    "Every result must give an intensity for every weighted indicator.",
                    kind="saved_intensities",
                    args={"scenario": row.scenario, "missing": missing, "extra": extra},
                )
            )
        elif any(not (0.0 <= v <= 1.0) or math.isnan(v) for v in row.intensities.values()):
            out.append(
                Problem(
                    ("results", n, "intensities"),
                    "intensities must lie in [0, 1].",
                    kind="saved_intensity_range",
                )
            )
    for n, t in enumerate(s.tiers):
        if t.max <= t.min or (n and t.min != s.tiers[n - 1].max):
            out.append(
                Problem(
                    ("tiers", n),
                    f"tier {t.id!r} ({t.min:g}–{t.max:g}) does not continue the tiers before it.",
                    "Tiers run from lowest to highest, each starting where the previous ends.",
                    kind="saved_tier",
                    args={"tier": t.id, "min": f"{t.min:g}", "max": f"{t.max:g}"},
                )
            )
    return out
