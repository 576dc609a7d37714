"""Scoring an assessment: the use case behind `taqdir score` and the dashboard.

`score(assessment, ...)` compiles the assessment to arrays, asks the kernel for scores and
contributions, and returns a frozen `ScoreResult` that always carries its explanation:
intensities, contributions per indicator and family, ranks, tiers, and (with sampling) the
uncertainty. `ScoreResult.to_json()` is the contract of DESIGN.md.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import metadata
from typing import Any

import numpy as np

from engine import kernel
from engine.arrays import Compiled, profile_weights, raw_ranges
from engine.montecarlo import DEFAULT_CHUNK, Uncertainty, sample_scores, summarise
from indicators.errors import UnknownNameError
from scenarios.model import Assessment, Profile

DEFAULT_CONCENTRATION = 100.0
"""Dirichlet concentration of sampled weights around the chosen ones (sum of alphas)."""


def engine_version() -> str:
    try:
        return metadata.version("taqdir")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+source"


def input_hash(a: Assessment) -> str:
    """A stable fingerprint of the assessment's content (not of its formatting)."""
    text = json.dumps(a.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


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

    def top_contributions(self, s: int, n: int = 3) -> list[tuple[str, float]]:
        order = np.argsort(-self.contributions[s], kind="stable")[:n]
        return [(self.indicator_ids[k], float(self.contributions[s, k])) for k in order]

    def to_json(self) -> dict[str, Any]:
        """The JSON object of `taqdir score --format json` (DESIGN.md's contract)."""
        a = self.assessment
        results = []
        for s, sid in enumerate(self.scenario_ids):
            sc = a.scenario(sid)
            row: dict[str, Any] = {
                "scenario": sid,
                "name": sc.name.model_dump(),
                "score": float(self.scores[s]),
                "tier": a.tiers[int(self.tier_index[s])].id,
                "tier_name": a.tiers[int(self.tier_index[s])].name.model_dump(),
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
                "title": a.title.model_dump(),
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
                    "name": t.name.model_dump(),
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


def resolve_profile(a: Assessment, profile: Profile | str | None) -> Profile:
    """A profile given as itself, by id, or the assessment's default."""
    if isinstance(profile, Profile):
        return profile
    pid = profile or a.default_profile_id
    if pid not in a.profile_ids:
        raise UnknownNameError(
            f"no weighting profile {pid!r} in assessment {a.id!r}; "
            f"profiles: {', '.join(a.profile_ids)} (or give a profile file)."
        )
    return a.profile(pid)


def resolve_method(a: Assessment, method: str | None) -> str:
    chosen = method or a.method
    if chosen not in kernel.METHODS:
        raise UnknownNameError(
            f"unknown method {chosen!r}; choose one of {', '.join(kernel.METHODS)}."
        )
    return chosen


def resolve_scenarios(a: Assessment, scenarios: list[str] | None) -> list[str]:
    if not scenarios:
        return a.scenario_ids
    unknown = [s for s in scenarios if s not in a.scenario_ids]
    if unknown:
        raise UnknownNameError(
            f"no scenario {unknown[0]!r} in assessment {a.id!r}; "
            f"scenarios: {', '.join(a.scenario_ids)}."
        )
    return list(scenarios)


def score(
    a: Assessment,
    *,
    profile: Profile | str | None = None,
    method: str | None = None,
    as_of: date | None = None,
    set_weights: Mapping[str, float] | None = None,
    scenarios: list[str] | None = None,
    samples: int = 0,
    seed: int | None = None,
    concentration: float = DEFAULT_CONCENTRATION,
    chunk: int = DEFAULT_CHUNK,
) -> ScoreResult:
    """Score the assessment's scenarios; with `samples > 0`, add Monte Carlo uncertainty."""
    prof = resolve_profile(a, profile)
    chosen = resolve_method(a, method)
    ids = resolve_scenarios(a, scenarios)
    when = as_of or a.as_of
    compiled = Compiled.of(a)
    w, fam_w, shares = profile_weights(a, prof, set_weights)
    raw = raw_ranges(a, ids, when)
    x = compiled.intensities(raw[1])
    scores = kernel.aggregate(x, w, chosen)
    thresholds = np.array([t.min for t in a.tiers[1:]])
    uncertainty = None
    if samples > 0:
        used_seed = seed if seed is not None else secrets.randbits(63)
        draws = sample_scores(
            raw,
            w,
            compiled.intensities,
            method=chosen,
            samples=samples,
            seed=used_seed,
            concentration=concentration,
            chunk=chunk,
        )
        uncertainty = summarise(
            draws, thresholds, len(a.tiers), seed=used_seed, concentration=concentration
        )
    return ScoreResult(
        assessment=a,
        compiled=compiled,
        method=chosen,
        profile=prof,
        as_of=when,
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
    )
