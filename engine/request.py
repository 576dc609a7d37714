"""One scoring request: what to score and how, validated once where it is built.

A `ScoringRequest` holds everything a scoring depends on besides the assessment itself: the
weights, the aggregation method, the as-of date, the scenarios, and the Monte Carlo settings.
It is built in one place per entry point (the command line's option parsing, the dashboard's
sidebar, a batch file, a comparison side) by `ScoringRequest.build`, which checks every name and
weight against the assessment and raises the typed errors of `indicators.errors`; from there
it is passed down unchanged to `engine.score`, `engine.robust.prepare`,
`engine.compare.timeline` and `engine.compare.side_from_assessment`, none of which resolves a
profile, a method or a date again.

The weights have one encoding from there down: a weighting `Profile` (family weights and
indicator shares within families). `--set-weight ID=VALUE` changes and the dashboard's sliders
become a copy of the profile at `build`, never a flat dict passed alongside it.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from engine import kernel
from engine.arrays import Array, profile_weights
from indicators.errors import InputError, UnknownNameError, WeightError
from indicators.model import FIRST_DATE, LAST_DATE, date_problem
from scenarios.model import MAX_WEIGHT, Assessment, Profile

MAX_SAMPLES = 10_000_000
"""Most Monte Carlo samples of one scoring: its scores alone take samples × scenarios × 8
bytes (80 MB per scenario at the limit), and their percentiles as much again."""

MAX_SAMPLE_CELLS = 200_000_000
"""Most sampled scores (samples × scenarios) kept at once: 1.6 GB of floats."""

DEFAULT_CONCENTRATION = 100.0
"""Dirichlet concentration of sampled weights around the chosen ones (sum of alphas)."""

__all__ = [
    "DEFAULT_CONCENTRATION",
    "MAX_SAMPLES",
    "ScoringRequest",
    "check_samples",
    "resolve_method",
    "resolve_profile",
    "resolve_scenarios",
]


def resolve_profile(a: Assessment, profile: Profile | str | None) -> Profile:
    """A profile given as itself, by id, or the assessment's default."""
    if isinstance(profile, Profile):
        return profile
    pid = profile or a.default_profile_id
    if pid not in a.profile_ids:
        raise UnknownNameError(
            f"no weighting profile {pid!r} in assessment {a.id!r}; "
            f"profiles: {', '.join(a.profile_ids)} (or give a profile file).",
            kind="unknown",
            parts={
                "what": "profile",
                "value": pid,
                "assessment": a.id,
                "known": list(a.profile_ids),
                "fix": "profile_file",
            },
        )
    return a.profile(pid)


def resolve_method(
    a: Assessment, method: str | None, methods: Sequence[str] = kernel.METHODS
) -> str:
    """The method given, or the assessment's; one of `methods` (taqdir's own by default;
    the robustness analyses also take the relative MCDA methods)."""
    chosen = a.method if method is None else method  # '' is a wrong name, not "default"
    if chosen not in methods:
        raise UnknownNameError(
            f"unknown method {chosen!r}; choose one of {', '.join(methods)}.",
            kind="unknown",
            parts={"what": "method", "value": chosen, "known": list(methods)},
        )
    return chosen


def resolve_scenarios(a: Assessment, scenarios: Sequence[str] | None) -> list[str]:
    """The scenarios given (each must exist), or all of the assessment's in file order."""
    if not scenarios:
        return a.scenario_ids
    unknown = [s for s in scenarios if s not in a.scenario_ids]
    if unknown:
        raise UnknownNameError(
            f"no scenario {unknown[0]!r} in assessment {a.id!r}; "
            f"scenarios: {', '.join(a.scenario_ids)}.",
            kind="unknown",
            parts={
                "what": "scenario",
                "value": unknown[0],
                "assessment": a.id,
                "known": list(a.scenario_ids),
            },
        )
    return list(scenarios)


@dataclass(frozen=True, eq=False)
class ScoringRequest:
    """What to score and how: weights, method, date, scenarios, sampling. Immutable.

    Why a frozen dataclass and not a pydantic model: the request is never read from a file
    (its parts are, and pydantic has validated them by then); its validation is against an
    assessment (names, weights), which a field validator cannot see; and it must be cheap to
    make on every dashboard rerun. Equality and the hash are by value (`key`), so a request is
    a cache key and two ways of saying the same weights give equal requests.

    Build it with `ScoringRequest.build`, which validates; the plain constructor (and
    `dataclasses.replace`) trusts its arguments. A request belongs to the assessment it was
    built for: `profile` names every family and indicator of it, in file order.
    """

    profile: Profile
    """The weights: every family's weight and every indicator's share within its family, with
    `--set-weight` changes or the sliders' values applied (a copy of the chosen profile)."""
    method: str
    as_of: date
    """Only the evidence known on this date counts (default: the assessment's as_of)."""
    scenarios: tuple[str, ...] | None = None
    """The scenarios to score, in this order; None: all of the assessment's, in file order."""
    samples: int = 0
    """Monte Carlo samples (0: none)."""
    seed: int | None = None
    """The sampling seed (drawn at `build` when sampling without one; None when not sampling)."""
    concentration: float = DEFAULT_CONCENTRATION

    @classmethod
    def build(
        cls,
        a: Assessment,
        *,
        profile: Profile | str | None = None,
        method: str | None = None,
        as_of: date | None = None,
        set_weights: Mapping[str, float] | None = None,
        scenarios: Sequence[str] | None = None,
        samples: int = 0,
        seed: int | None = None,
        concentration: float = DEFAULT_CONCENTRATION,
        methods: Sequence[str] = kernel.METHODS,
    ) -> ScoringRequest:
        """Check everything against the assessment once and make the request.

        `profile`: a profile of the assessment by id (default: its default profile), or a
        profile itself (a profile file, or a copy with the dashboard's weights). `set_weights`
        maps a family id to its weight or an indicator id to its share within its family, as
        `--set-weight ID=VALUE` does (an id cannot name both: the assessment forbids it); the
        changes are applied to a copy of the profile, so the request carries one encoding.
        `methods`: the methods allowed (the robustness setting adds the relative ones).

        Raises `UnknownNameError` for an unknown profile, method, scenario, family or
        indicator, `WeightError` for weights that cannot be used, and `InputError` for
        sampling settings out of range; the messages are those scoring always gave.
        """
        prof = resolve_profile(a, profile)
        chosen = resolve_method(a, method, methods)
        ids = resolve_scenarios(a, scenarios) if scenarios else None
        for key, value in (*prof.families.items(), *prof.indicators.items()):
            _check_weight(key, value)  # a copy made without validation (model_copy) too
        # `profile_weights` is the one reading of weights and changes: it checks the changes'
        # names and values, fills in what the profile leaves out (weight 0, share 1) and
        # checks that the weights can be normalised. Its family weights and shares, in the
        # assessment's order, become the request's profile.
        _, families, shares = profile_weights(a, prof, set_weights)
        if not isinstance(samples, int) or samples < 0:
            raise InputError(
                f"samples {samples!r}: expected a whole number ≥ 0.",
                kind="bad_form",
                parts={"option": "samples", "value": samples, "form": "whole_number"},
            )
        check_samples(samples, len(ids) if ids is not None else len(a.scenarios))
        when = as_of or a.as_of
        problem = date_problem(when)
        if problem:
            raise InputError(
                f"as-of {problem}; give a date in that range.",
                kind="date_out_of_range",
                parts={
                    "option": "as-of",
                    "date": when.isoformat(),
                    "first": FIRST_DATE.isoformat(),
                    "last": LAST_DATE.isoformat(),
                },
            )
        if not concentration > 0:
            raise InputError(
                f"concentration {concentration!r}: expected a positive number or inf.",
                kind="bad_form",
                parts={
                    "option": "concentration",
                    "value": concentration,
                    "form": "positive_or_inf",
                },
            )
        if samples and seed is None:
            seed = secrets.randbits(63)  # drawn once: the request reproduces its numbers
        return cls(
            profile=prof.model_copy(update={"families": families, "indicators": shares}),
            method=chosen,
            as_of=when,
            scenarios=tuple(ids) if ids is not None else None,
            samples=samples,
            seed=seed if samples else None,
            concentration=float(concentration),
        )

    # --- what the request says, for an assessment -----------------------------------------

    def scenario_ids(self, a: Assessment) -> list[str]:
        """The scenarios to score: those selected, else all of the assessment's."""
        return list(self.scenarios) if self.scenarios is not None else a.scenario_ids

    def weights(self, a: Assessment) -> tuple[Array, dict[str, float], dict[str, float]]:
        """Effective weights `(K,)` summing to 1, with the family weights and the shares."""
        fams = {f.id for f in a.families}
        inds = {i.id for i in a.indicators}
        if set(self.profile.families) != fams or set(self.profile.indicators) != inds:
            raise ValueError(
                f"this scoring request was not built for assessment {a.id!r} (its weights "
                "name other families or indicators); build it with ScoringRequest.build."
            )
        return profile_weights(a, self.profile)

    @property
    def sampling(self) -> bool:
        return self.samples > 0

    @property
    def key(self) -> tuple[Any, ...]:
        """The request as plain values: what equality and the hash compare."""
        p = self.profile
        return (
            p.id,
            p.name.en,
            p.name.ar,
            None if p.description is None else (p.description.en, p.description.ar),
            tuple(sorted(p.families.items())),
            tuple(sorted(p.indicators.items())),
            self.method,
            self.as_of,
            self.scenarios,
            self.samples,
            self.seed,
            self.concentration,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoringRequest):
            return NotImplemented
        return self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def describe(self) -> dict[str, Any]:
        """The request as JSON-ready values (for logs and tests)."""
        return {
            "profile": self.profile.id,
            "family_weights": dict(self.profile.families),
            "shares": dict(self.profile.indicators),
            "method": self.method,
            "as_of": self.as_of.isoformat(),
            "scenarios": None if self.scenarios is None else list(self.scenarios),
            "samples": self.samples,
            "seed": self.seed,
            "concentration": None if math.isinf(self.concentration) else self.concentration,
        }


def check_samples(samples: int, scenarios: int) -> None:
    """Refuse, up front, a sample count whose scores cannot fit in the memory budget."""
    cells = samples * max(1, scenarios)
    if samples > MAX_SAMPLES or cells > MAX_SAMPLE_CELLS:
        need = cells * 8 * 2 / 1e9
        raise InputError(
            f"--samples {samples:,}: {scenarios} scenario(s) × {samples:,} samples would need "
            f"about {need:,.1f} GB; the limit is {MAX_SAMPLES:,} samples and "
            f"{MAX_SAMPLE_CELLS:,} sampled scores (samples × scenarios). Use fewer samples "
            "(10,000 already gives percentiles to about ±0.5 points).",
            kind="too_many_samples",
            parts={
                "samples": f"{samples:,}",
                "scenarios": scenarios,
                "need": f"{need:,.1f}",
                "limit": f"{MAX_SAMPLES:,}",
                "cells": f"{MAX_SAMPLE_CELLS:,}",
            },
        )


def _check_weight(key: str, value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value)) or value < 0:
        raise WeightError(
            f"weight {key}={value} must be a finite number ≥ 0 (0 leaves it out).",
            kind="weight_not_finite",
            parts={"key": key, "value": value},
        )
    if value > MAX_WEIGHT:
        raise WeightError(
            f"weight {key}={value:g} is above {MAX_WEIGHT:g}, the largest taqdir accepts; "
            "weights are relative, so scale them all down.",
            kind="weight_too_large",
            parts={"key": key, "value": value, "max": MAX_WEIGHT},
        )
