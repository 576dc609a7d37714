"""The numbers of a brief, gathered through the engine's faces and nowhere else.

A brief (`engine.report.brief`) is words around numbers; every number comes from here, and
every one of them is the engine's own for the request: `score` with Monte Carlo sampling (tier
probabilities), the comparison of the same file at an earlier date (`--since`), the
collection priorities and leave-one-out of `robust.diagnose`, and the weight-stability
intervals of `robust.slider_stability`. Nothing is recomputed in the report.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from engine.compare import Comparison, compare, side_from_assessment
from engine.robust import SliderInterval, diagnose, prepare, slider_stability, weight_model
from engine.robust import yardstick as find_yardstick
from engine.score import ScoreResult, ScoringRequest, score
from indicators.errors import InputError
from indicators.model import Evidence
from scenarios.model import Assessment
from scenarios.values import known_evidence

DEFAULT_SAMPLES = 10_000
"""Monte Carlo samples of a brief when none are asked for (tier probabilities need some)."""
DEFAULT_SEED = 1
"""The seed of a brief when none is given: a published document must be reproducible."""
WATCH_SAMPLES = 20_000
"""Samples of the collection priorities (as `taqdir sensitivity -k diagnostics`)."""


@dataclass(frozen=True)
class Earlier:
    """What the brief is compared with: the assessment (the same file, or an earlier version
    of it) and the date it is scored at, under the brief's weights and method."""

    assessment: Assessment
    as_of: date
    label: str  # how the text names it: a date, or FILE@V


@dataclass(frozen=True)
class BriefData:
    """Everything a brief says, as numbers: one scoring, its robustness and its change."""

    result: ScoreResult  # scored with sampling: `result.uncertainty` is never None
    yardstick: str
    baseline: int  # index of the baseline among the scenarios
    diagnostics: dict[str, Any]  # `robust.diagnose(...)`, the JSON of sensitivity -k diagnostics
    sliders: dict[str, SliderInterval]  # family weights only ("f:<id>")
    since: Comparison | None
    earlier: Earlier | None

    @property
    def assessment(self) -> Assessment:
        return self.result.assessment

    def tier_probabilities(self, s: int) -> np.ndarray:
        u = self.result.uncertainty
        assert u is not None  # gather always samples
        probs: np.ndarray = u.tier_probabilities[s]
        return probs

    def likeliest(self, s: int) -> list[tuple[int, float]]:
        """(tier index, probability) of scenario s, likeliest first (ties: the deeper tier)."""
        p = self.tier_probabilities(s)
        order = sorted(range(len(p)), key=lambda t: (-p[t], -t))
        return [(t, float(p[t])) for t in order]

    def evidence(self, indicator: str) -> list[Evidence]:
        """The evidence behind the indicator's value as of the brief's date, oldest first."""
        items = known_evidence(self.assessment, indicator, self.result.as_of)
        return sorted(items, key=lambda e: (e.event_date, e.id))

    def new_evidence(self) -> list[Evidence]:
        """Evidence that became known after the earlier date and by the brief's date."""
        if self.earlier is None:
            return []
        start, end = self.earlier.as_of, self.result.as_of
        return sorted(
            (e for e in self.assessment.evidence if start < e.known_on <= end),
            key=lambda e: (e.known_on, e.id),
        )


def samples_drawn(request: ScoringRequest, watch_samples: int = WATCH_SAMPLES) -> int:
    """The largest sample count `gather` draws for this request (its scores' Monte Carlo, or
    what to watch next): what a caller with a budget checks before asking for a brief."""
    return max(request.samples if request.samples > 0 else DEFAULT_SAMPLES, watch_samples)


def gather(
    a: Assessment,
    request: ScoringRequest,
    *,
    yardstick: str | None = None,
    earlier: Earlier | None = None,
    watch_samples: int = WATCH_SAMPLES,
) -> BriefData:
    """Score the assessment as the request says (sampling with the default samples and seed
    when the request has none), and gather what the brief's sections need."""
    y = find_yardstick(yardstick).id
    if request.samples <= 0:
        request = dataclasses.replace(request, samples=DEFAULT_SAMPLES, seed=DEFAULT_SEED)
    elif request.seed is None:
        request = dataclasses.replace(request, seed=DEFAULT_SEED)
    result = score(a, request)
    setting = prepare(a, request)
    if not setting.absolute:  # pragma: no cover - score() refuses relative methods first
        raise InputError(
            f"a brief needs depth tiers; method {request.method!r} has none.",
            kind="brief_needs_tiers",
            parts={"method": request.method},
        )
    b = setting.baseline()
    model = weight_model(setting, None, request.concentration)
    diag = diagnose(setting, model, b, samples=watch_samples, seed=request.seed)
    sliders = {k: v for k, v in slider_stability(setting).items() if k.startswith("f:")}
    since = _since(a, request, earlier) if earlier is not None else None
    return BriefData(result, y, b, diag, sliders, since, earlier)


def _since(a: Assessment, request: ScoringRequest, earlier: Earlier) -> Comparison:
    """The earlier assessment against this one, both under the brief's weights and method
    (so the change is the evidence's, plus the weights' only where the file's changed)."""
    now = dataclasses.replace(request, samples=0, seed=None)
    if earlier.assessment is a:
        then = dataclasses.replace(now, as_of=earlier.as_of)
    else:
        then = ScoringRequest.build(
            earlier.assessment,
            profile=request.profile.model_copy()
            if set(request.profile.families) == {f.id for f in earlier.assessment.families}
            else None,
            method=request.method,
            as_of=earlier.as_of,
        )
    side_a = side_from_assessment(earlier.assessment, then, label=earlier.label, source="earlier")
    side_b = side_from_assessment(a, now, label=request.as_of.isoformat(), source="brief")
    return compare(side_a, side_b)
