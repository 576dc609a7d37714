"""Scoring an assessment: the use case behind `taqdir score` and the dashboard.

`score(assessment, request)` scores what a `ScoringRequest` (`engine.request`: weights as one
profile, method, as-of date, scenarios, sampling) asks: it compiles the assessment to arrays,
asks the kernel for scores and contributions, and returns a frozen `ScoreResult` that always
carries its explanation: intensities, contributions per indicator and family, ranks, tiers,
and (with sampling) the uncertainty. `ScoreResult.to_json()` is the contract
in docs/contracts.md.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import kernel
from engine.arrays import Compiled, raw_ranges_shaped
from engine.request import (
    DEFAULT_CONCENTRATION,
    ScoringRequest,
    resolve_method,
    resolve_profile,
    resolve_scenarios,
)
from indicators.errors import UnknownNameError
from indicators.version import installed_version
from scenarios.cache import assessment_hash, known_hash
from scenarios.model import Assessment, Profile
from scenarios.values import SOURCES, Source, value_sources

if TYPE_CHECKING:  # sampling is imported when samples are asked for (start-up: issue 15)
    from engine.montecarlo import Uncertainty

__all__ = [
    "DEFAULT_CONCENTRATION",
    "ScoreResult",
    "ScoringRequest",
    "engine_version",
    "input_hash",
    "resolve_method",
    "resolve_profile",
    "resolve_scenarios",
    "score",
]


DEFAULT_MARK = "*"
"""Appended to an indicator's name where its value is a default (no evidence known)."""


def engine_version() -> str:
    """The installed taqdir's version ("0+source" from a source tree never installed)."""
    return installed_version()


def input_hash(a: Assessment) -> str:
    """A stable fingerprint of the assessment's content (not of its formatting); remembered
    for an assessment the loader's cache gave (`scenarios.cache`), computed otherwise."""
    return known_hash(a) or assessment_hash(a)


@dataclass(frozen=True)
class ScoreResult:
    """Scores of an assessment's scenarios under one profile, method and date, explained."""

    assessment: Assessment
    compiled: Compiled
    method: str
    profile: Profile
    as_of: date
    scenario_ids: tuple[str, ...]
    weights: np.ndarray  # (K,) effective, sums to 1
    family_weights: Mapping[str, float]  # as given (before normalisation)
    shares: Mapping[str, float]  # indicator shares within families, as given
    raw: np.ndarray  # (3, S, K): low, likely, high raw values
    intensities: np.ndarray  # (S, K) entering the score (direction applied)
    contributions: np.ndarray  # (S, K) points; sum to the score
    scores: np.ndarray  # (S,)
    ranks: np.ndarray  # (S,) 1 = deepest
    tier_index: np.ndarray  # (S,)
    uncertainty: Uncertainty | None
    input_hash: str
    engine_version: str
    request: ScoringRequest  # what was scored: `profile`, `method`, `as_of` above are its
    uniform: np.ndarray | None = None  # (S, K) cells drawn uniformly over [low, high]

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return self.compiled.indicator_ids

    @property
    def family_ids(self) -> tuple[str, ...]:
        return self.compiled.family_ids

    @cached_property
    def family_contributions(self) -> np.ndarray:
        """(S, F) points per family; they sum to the score too."""
        return self.compiled.family_totals(self.contributions)

    @property
    def tier_ids(self) -> list[str]:
        return [self.assessment.tiers[int(t)].id for t in self.tier_index]

    def tier_name(self, s: int, lang: str = "en") -> str:
        return self.assessment.tiers[int(self.tier_index[s])].name.get(lang)

    @cached_property
    def sources(self) -> tuple[dict[str, Source], ...]:
        """Per scenario, where each indicator's value comes from: `evidence`, `default` (no
        evidence known, `when_no_evidence` used) or `assumption` (the scenario's what-if)."""
        cache: dict[str, dict[str, Source]] = {}  # each scenario of a chain walked once
        return tuple(
            value_sources(self.assessment, sid, self.as_of, cache) for sid in self.scenario_ids
        )

    def coverage(self, s: int) -> dict[str, float]:
        """Scenario `s`'s weight share resting on evidence, defaults and assumptions (sum 1)."""
        src = self.sources[s]
        out: dict[str, float] = dict.fromkeys(SOURCES, 0.0)
        for k, ind in enumerate(self.indicator_ids):
            out[src[ind]] += float(self.weights[k])
        return out

    def defaulted(self, s: int) -> list[str]:
        """Indicators of scenario `s` scored without evidence (their `when_no_evidence`)."""
        return [k for k in self.indicator_ids if self.sources[s][k] == "default"]

    def contribution_label(self, s: int, indicator_id: str, lang: str = "en") -> str:
        """How "largest contributions" names an indicator in scenario `s`: a negative
        indicator at the bottom of its scale as its absence (`Indicator.label`), and one
        scored without evidence flagged (`*`, see `DEFAULT_MARK`)."""
        k = self.indicator_ids.index(indicator_id)
        text = self.assessment.indicator(indicator_id).label(float(self.raw[1, s, k]), lang)
        return text + DEFAULT_MARK if self.sources[s][indicator_id] == "default" else text

    def top_contributions(self, s: int, n: int = 3) -> list[tuple[str, float]]:
        order = np.argsort(-self.contributions[s], kind="stable")[:n]
        return [(self.indicator_ids[k], float(self.contributions[s, k])) for k in order]

    def to_json(self) -> dict[str, Any]:
        """The JSON object of `taqdir score --format json` (docs/contracts.md)."""
        a = self.assessment
        results = []
        for s, sid in enumerate(self.scenario_ids):
            sc = a.scenario(sid)
            row: dict[str, Any] = {
                "scenario": sid,
                "name": sc.name.plain(),
                "score": float(self.scores[s]),
                "tier": a.tiers[int(self.tier_index[s])].id,
                "tier_name": a.tiers[int(self.tier_index[s])].name.plain(),
                "rank": int(self.ranks[s]),
                "intensities": dict(
                    zip(self.indicator_ids, self.intensities[s].tolist(), strict=True)
                ),
                "contributions": dict(
                    zip(self.indicator_ids, self.contributions[s].tolist(), strict=True)
                ),
                "families": dict(
                    zip(self.family_ids, self.family_contributions[s].tolist(), strict=True)
                ),
                "values": {
                    k: {"low": lo, "likely": li, "high": hi}
                    for k, lo, li, hi in zip(
                        self.indicator_ids, *self.raw[:, s].tolist(), strict=True
                    )
                },
                "sources": dict(self.sources[s]),
                "coverage": self.coverage(s),
            }
            u = self.uncertainty
            if u is not None:
                row["uncertainty"] = {
                    "mean": float(u.mean[s]),
                    "p05": float(u.p05[s]),
                    "p50": float(u.p50[s]),
                    "p95": float(u.p95[s]),
                }
                row["tier_probabilities"] = dict(
                    zip([t.id for t in a.tiers], u.tier_probabilities[s].tolist(), strict=True)
                )
                row["rank_acceptability"] = u.rank_acceptability[s].tolist()
            results.append(row)
        out: dict[str, Any] = {
            "assessment": {
                "id": a.id,
                "title": a.title.plain(),
                "as_of": self.as_of.isoformat(),
                "file_as_of": a.as_of.isoformat(),
                "input_hash": self.input_hash,
                "engine_version": self.engine_version,
            },
            "method": self.method,
            "profile": self.profile.id,
            "weights": dict(zip(self.indicator_ids, self.weights.tolist(), strict=True)),
            "family_weights": {
                f: float(self.weights[self.compiled.family_of == i].sum())
                for i, f in enumerate(self.family_ids)
            },
            "tiers": [
                {
                    "id": t.id,
                    "min": t.min,
                    "max": t.max,
                    "name": t.name.plain(),
                    **({"color": t.color} if t.color else {}),
                }
                for t in a.tiers
            ],
            "results": results,
        }
        if self.uncertainty is not None:
            u = self.uncertainty
            out["sampling"] = {
                "samples": u.samples,
                "seed": u.seed,
                "concentration": None if np.isinf(u.concentration) else u.concentration,
            }
        return out


def score(
    a: Assessment,
    request: ScoringRequest | None = None,
    *,
    profile: Profile | str | None = None,
    method: str | None = None,
    as_of: date | None = None,
    set_weights: Mapping[str, float] | None = None,
    scenarios: list[str] | None = None,
    samples: int = 0,
    seed: int | None = None,
    concentration: float = DEFAULT_CONCENTRATION,
    chunk: int | None = None,
) -> ScoreResult:
    """Score the assessment's scenarios as the request says; with sampling, add Monte Carlo
    uncertainty. `chunk` bounds the samples evaluated at once (memory, not results; default
    `montecarlo.DEFAULT_CHUNK`).

    `score(a, request)` is the path every caller above the spine takes. The keywords (profile,
    method, as_of, set_weights, scenarios, samples, seed, concentration) are the older form,
    kept as a thin wrapper: they build the request with `ScoringRequest.build` (which
    validates them) and score it. Give one or the other.
    """
    if request is None:
        request = ScoringRequest.build(
            a,
            profile=profile,
            method=method,
            as_of=as_of,
            set_weights=set_weights,
            scenarios=scenarios,
            samples=samples,
            seed=seed,
            concentration=concentration,
        )
    elif (profile, method, as_of, set_weights, scenarios, seed) != (None,) * 6 or (
        samples,
        concentration,
    ) != (0, DEFAULT_CONCENTRATION):
        raise TypeError("score(): give a ScoringRequest or the keywords that build one, not both")
    return _score(a, request, chunk)


def _score(a: Assessment, req: ScoringRequest, chunk: int | None) -> ScoreResult:
    chosen = req.method
    if chosen not in kernel.METHODS:  # a request built for the robustness analyses
        raise UnknownNameError(
            f"unknown method {chosen!r}; choose one of {', '.join(kernel.METHODS)}.",
            kind="unknown",
            parts={"what": "method", "value": chosen, "known": list(kernel.METHODS)},
        )
    ids = req.scenario_ids(a)
    compiled = Compiled.of(a)
    w, fam_w, shares = req.weights(a)
    raw, uniform = raw_ranges_shaped(a, ids, req.as_of)
    x = compiled.intensities(raw[1])
    scores = kernel.aggregate(x, w, chosen)
    thresholds = np.array([t.min for t in a.tiers[1:]])
    uncertainty = None
    if req.samples > 0:
        from engine.montecarlo import DEFAULT_CHUNK, sample_scores, summarise

        seed = req.seed if req.seed is not None else secrets.randbits(63)  # built by hand
        draws = sample_scores(
            raw,
            w,
            compiled.intensities,
            method=chosen,
            samples=req.samples,
            seed=seed,
            concentration=req.concentration,
            chunk=DEFAULT_CHUNK if chunk is None else chunk,
            uniform=uniform,
        )
        uncertainty = summarise(
            draws, thresholds, len(a.tiers), seed=seed, concentration=req.concentration
        )
    return ScoreResult(
        assessment=a,
        compiled=compiled,
        method=chosen,
        profile=req.profile,
        as_of=req.as_of,
        scenario_ids=tuple(ids),
        weights=w,
        family_weights=fam_w,
        shares=shares,
        raw=raw,
        intensities=x,
        contributions=kernel.contributions(x, w, chosen),
        scores=scores,
        ranks=kernel.ranks(scores),
        tier_index=kernel.tier_index(scores, thresholds),
        uncertainty=uncertainty,
        input_hash=input_hash(a),
        engine_version=engine_version(),
        request=req,
        uniform=uniform,
    )
