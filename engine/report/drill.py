"""What stands behind one scenario's score, indicator by indicator: the transform and its
goalposts, the raw value (low, likely, high) the score used, its intensity, effective weight and
points, where the value came from, and the evidence known on the date with its citations.

`behind(result, s)` gives one `Behind` per indicator of scenario `s` of a `ScoreResult`, in
file order; the dashboard's drill-down draws them (clicking a scenario's bar or one of its
contributions). The numbers are the result's own, not computed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.score import ScoreResult
from indicators.model import Evidence, Indicator
from scenarios.values import known_evidence


@dataclass(frozen=True)
class Behind:
    """One indicator of one scenario as the score used it."""

    indicator: Indicator
    raw: tuple[float, float, float]  # low, likely, high (an ordinal level as its position)
    intensity: float  # 0–1, entering the score (direction applied)
    weight: float  # effective share of the score's weight (the weights sum to 1)
    points: float  # points added to the score (they sum to the score)
    source: str  # "evidence", "default" (when_no_evidence) or "assumption" (the scenario's)
    evidence: tuple[Evidence, ...]  # the items known on the date (for an evidence value)
    citations: tuple[str, ...]  # the footnote keys those items cite, first-cited first


def behind(r: ScoreResult, s: int) -> list[Behind]:
    """Every indicator of scenario `s` (an index into `r.scenario_ids`), in file order."""
    a = r.assessment
    out = []
    for k, ind in enumerate(a.indicators):
        source = r.sources[s][ind.id]
        items = (
            tuple(sorted(known_evidence(a, ind.id, r.as_of), key=lambda e: (e.event_date, e.id)))
            if source == "evidence"
            else ()
        )
        cited: list[str] = []
        for ev in items:
            cited += [c for c in ev.sources if c not in cited]
        out.append(
            Behind(
                indicator=ind,
                raw=(float(r.raw[0, s, k]), float(r.raw[1, s, k]), float(r.raw[2, s, k])),
                intensity=float(r.intensities[s, k]),
                weight=float(r.weights[k]),
                points=float(r.contributions[s, k]),
                source=source,
                evidence=items,
                citations=tuple(cited),
            )
        )
    return out
