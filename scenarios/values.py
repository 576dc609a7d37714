"""Raw values of a scenario as of a date: from the evidence (the baseline), inherited from the
scenario it extends, and overridden by its own values.

Values are returned as `ValueRange(low, likely, high)` in *raw numbers* (an ordinal level is
its position), ready for the engine to turn into arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from indicators.model import Evidence, Grading, Indicator, NoEvidenceRange, Ordinal, RawValue
from scenarios.model import Assessment, Range, Scenario


@dataclass(frozen=True)
class ValueRange:
    """A raw value with its uncertainty (all three equal when it is certain)."""

    low: float
    likely: float
    high: float

    @classmethod
    def point(cls, v: float) -> ValueRange:
        return cls(v, v, v)

    def clipped(self, lo: float, hi: float) -> ValueRange:
        def c(v: float) -> float:
            return min(max(v, lo), hi)

        return ValueRange(c(self.low), c(self.likely), c(self.high))

    def scaled(self, f: float) -> ValueRange:
        return ValueRange(self.low * f, self.likely * f, self.high * f)


def evidence_range(ev: Evidence, ind: Indicator, grading: Grading) -> ValueRange:
    """An evidence item's value with its range: explicit low/high, or widened by its grades."""
    v = ind.position(ev.value)
    if ev.low is not None or ev.high is not None:
        lo = ind.position(ev.low) if ev.low is not None else v
        hi = ind.position(ev.high) if ev.high is not None else v
        return ValueRange(lo, v, hi)
    width = grading.width(ev.reliability, ev.credibility)
    if isinstance(ind.transform, Ordinal):
        spread = width * (len(ind.transform.levels) - 1)
        return ValueRange(v - spread, v, v + spread).clipped(*ind.scale_bounds())
    return ValueRange(v * (1 - width), v, v * (1 + width)).clipped(*ind.scale_bounds())


def no_evidence_range(ind: Indicator) -> ValueRange:
    """The indicator's raw value when no evidence is known: its `when_no_evidence`."""
    d = ind.when_no_evidence
    if isinstance(d, NoEvidenceRange):
        return ValueRange(ind.position(d.low), ind.position(d.likely), ind.position(d.high))
    if ind.unknown_default():
        return ValueRange(*ind.unknown_span())
    return ValueRange.point(ind.position(d))


Source = Literal["evidence", "default", "assumption"]
"""Where a scenario's value of an indicator comes from: evidence known on the date, the
indicator's `when_no_evidence` (no evidence known), or the scenario's own what-if value."""
SOURCES: tuple[Source, ...] = ("evidence", "default", "assumption")


def value_sources(
    a: Assessment, scenario: Scenario | str, as_of: date | None = None
) -> dict[str, Source]:
    """Per indicator, where the scenario's value comes from (as `scenario_values` takes it)."""
    sc = a.scenario(scenario) if isinstance(scenario, str) else scenario
    when = as_of or a.as_of
    if sc.extends is not None:
        out = value_sources(a, sc.extends, when)
    elif sc.from_evidence:
        out = {
            ind.id: ("evidence" if known_evidence(a, ind.id, when) else "default")
            for ind in a.indicators
        }
    else:
        out = {}
    for key in sc.values:
        out[key] = "assumption"
    return out


def _fade(ev: Evidence, as_of: date, half_life_days: float | None) -> float:
    if half_life_days is None:
        return 1.0
    age = max((as_of - ev.event_date).days, 0)
    return float(0.5 ** (age / half_life_days))


def known_evidence(a: Assessment, indicator_id: str, as_of: date) -> list[Evidence]:
    """Evidence on the indicator known on `as_of` (never later), inside its look-back window."""
    ind = a.indicator(indicator_id)
    window = ind.from_evidence.window_days
    start = as_of - timedelta(days=window) if window else None
    return [
        ev
        for ev in a.evidence
        if ev.indicator == indicator_id
        and ev.known_on <= as_of
        and ev.event_date <= as_of
        and (start is None or ev.event_date > start)
    ]


def from_evidence(a: Assessment, indicator_id: str, as_of: date) -> ValueRange:
    """The indicator's raw value as the evidence known on `as_of` gives it."""
    ind = a.indicator(indicator_id)
    items = known_evidence(a, indicator_id, as_of)
    if not items:
        return no_evidence_range(ind)
    half_life = next(f.half_life_days for f in a.families if f.id == ind.family)
    fades = [_fade(ev, as_of, half_life) for ev in items]
    rule = ind.from_evidence.rule
    if rule == "count":
        # Each item counts once; a doubtful one may not have happened, so its low is 1 − width.
        ranges = [
            ValueRange(1.0 - a.grading.width(ev.reliability, ev.credibility), 1.0, 1.0).scaled(f)
            for ev, f in zip(items, fades, strict=True)
        ]
    else:
        ranges = [
            evidence_range(ev, ind, a.grading).scaled(f) for ev, f in zip(items, fades, strict=True)
        ]
    if rule in ("sum", "count"):
        total = ValueRange(
            sum(r.low for r in ranges), sum(r.likely for r in ranges), sum(r.high for r in ranges)
        )
    elif rule == "max":
        total = ValueRange(
            max(r.low for r in ranges), max(r.likely for r in ranges), max(r.high for r in ranges)
        )
    else:  # latest: by event date, then by the order in the file
        order = sorted(range(len(items)), key=lambda i: (items[i].event_date, i))
        total = ranges[order[-1]]
    return total.clipped(*ind.scale_bounds())


def _given(ind: Indicator, value: RawValue | Range) -> ValueRange:
    if isinstance(value, Range):
        return ValueRange(
            ind.position(value.low), ind.position(value.likely), ind.position(value.high)
        )
    return ValueRange.point(ind.position(value))


def scenario_values(
    a: Assessment,
    scenario: Scenario | str,
    as_of: date | None = None,
) -> dict[str, ValueRange]:
    """Every indicator's raw value range in the scenario, as of `as_of` (default: the file's)."""
    sc = a.scenario(scenario) if isinstance(scenario, str) else scenario
    when = as_of or a.as_of
    if sc.extends is not None:
        values = scenario_values(a, sc.extends, when)
    elif sc.from_evidence:
        values = {ind.id: from_evidence(a, ind.id, when) for ind in a.indicators}
    else:
        values = {}
    for key, value in sc.values.items():
        values[key] = _given(a.indicator(key), value)
    return values
