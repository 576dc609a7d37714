"""The robustness setting: an assessment scored once, with what every robustness analysis
needs (intensities, raw value ranges, effective weights, the families' composition, tier
thresholds and a scoring function for the chosen method, taqdir's own or a relative MCDA method
from `engine.robust.classic`). SMAA, stability, tornado, Sobol and diagnostics all take one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from engine import kernel
from engine.request import ScoringRequest
from engine.robust import classic as mcda
from engine.robust import smaa
from engine.score import ScoreResult, score
from indicators.errors import UnknownNameError
from scenarios.model import Assessment, Profile

ALL_METHODS = kernel.METHODS + mcda.METHODS
__all__ = ["ALL_METHODS", "Setting", "composition", "prepare"]


@dataclass(frozen=True)
class Setting:
    """An assessment scored once, with what the robustness analyses need."""

    base: ScoreResult  # scored with the method when absolute, arithmetic when relative
    method: str
    scorer: smaa.ScoreFn
    absolute: bool  # the method has tiers (taqdir's own methods)
    composition: np.ndarray  # (F, K): each family's indicator shares, rows sum to 1
    family_weights: np.ndarray  # (F,) normalised
    thresholds: np.ndarray  # (T − 1,) tiers' lower bounds after the first
    scores: np.ndarray  # (S,) under the method
    ranks: np.ndarray  # (S,)

    @property
    def assessment(self) -> Assessment:
        return self.base.assessment

    @property
    def ids(self) -> tuple[str, ...]:
        return self.base.scenario_ids

    @property
    def request(self) -> ScoringRequest:
        """What was scored (for a relative method: under the arithmetic, without sampling)."""
        return self.base.request

    @property
    def tier_ids(self) -> list[str]:
        return [t.id for t in self.assessment.tiers]

    def tier_of(self, scores: np.ndarray) -> np.ndarray:
        return kernel.tier_index(scores, self.thresholds)

    def header(self) -> dict[str, Any]:
        """What produced the analysis, as every JSON output starts."""
        b = self.base
        return {
            "assessment": {
                "id": b.assessment.id,
                "title": b.assessment.title.model_dump(),
                "as_of": b.as_of.isoformat(),
                "input_hash": b.input_hash,
                "engine_version": b.engine_version,
            },
            "method": self.method,
            "profile": b.profile.id,
            "weights": dict(zip(b.indicator_ids, b.weights.tolist(), strict=True)),
            "family_weights": dict(zip(b.family_ids, self.family_weights.tolist(), strict=True)),
        }

    def index(self, scenario: str) -> int:
        if scenario not in self.ids:
            raise UnknownNameError(
                f"no scenario {scenario!r} in assessment {self.assessment.id!r}; "
                f"scenarios: {', '.join(self.ids)}.",
                kind="unknown",
                parts={
                    "what": "scenario",
                    "value": scenario,
                    "assessment": self.assessment.id,
                    "known": list(self.ids),
                },
            )
        return self.ids.index(scenario)

    def baseline(self) -> int:
        """The baseline's index among the scenarios (`Assessment.baseline_id`: the first
        `from_evidence` scenario, else the first)."""
        return self.ids.index(self.assessment.baseline_id(self.ids))


def composition(result: ScoreResult) -> np.ndarray:
    """(F, K): each family's indicator shares (as the profile gives them), rows summing to 1.
    A family whose shares are all 0 spreads equally, so raising its weight has a meaning."""
    c = result.compiled
    e = np.zeros((len(c.family_ids), len(c.indicator_ids)))
    for k, ind in enumerate(c.indicator_ids):
        e[c.family_of[k], k] = result.shares[ind]
    for f in range(len(c.family_ids)):
        if not e[f].sum() > 0:
            e[f, c.family_of == f] = 1.0
    shares: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return shares


def prepare(
    a: Assessment,
    request: ScoringRequest | None = None,
    *,
    profile: Profile | str | None = None,
    method: str | None = None,
    as_of: date | None = None,
    set_weights: Mapping[str, float] | None = None,
    scenarios: list[str] | None = None,
) -> Setting:
    """Score the assessment once, as the request says, and keep what the robustness analyses
    need. The request may name a relative method (`ALL_METHODS`; build it with
    `methods=ALL_METHODS`); its sampling settings are not used (the analyses sample their own).

    The keywords are the older form: they build the request (relative methods allowed).
    """
    if request is None:
        request = ScoringRequest.build(
            a,
            profile=profile,
            method=method,
            as_of=as_of,
            set_weights=set_weights,
            scenarios=scenarios,
            methods=ALL_METHODS,
        )
    elif (profile, method, as_of, set_weights, scenarios) != (None,) * 5:
        raise TypeError("prepare(): give a ScoringRequest or the keywords, not both")
    chosen = request.method
    if chosen not in ALL_METHODS:
        raise UnknownNameError(
            f"unknown method {chosen!r}; choose one of {', '.join(ALL_METHODS)}.",
            kind="unknown",
            parts={"what": "method", "value": chosen, "known": list(ALL_METHODS)},
        )
    absolute = chosen in kernel.METHODS
    base = score(
        a,
        replace(request, method=chosen if absolute else "arithmetic", samples=0, seed=None),
    )
    fn = mcda.scorer(chosen)
    scores = base.scores if absolute else fn(base.intensities, base.weights)
    return Setting(
        base=base,
        method=chosen,
        scorer=fn,
        absolute=absolute,
        composition=composition(base),
        family_weights=base.compiled.family_totals(base.weights),
        thresholds=np.array([t.min for t in a.tiers[1:]]),
        scores=scores,
        ranks=kernel.ranks(scores),
    )
