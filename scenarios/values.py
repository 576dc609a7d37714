"""Raw values of a scenario as of a date: from the evidence (the baseline), inherited from the
scenario it extends, and overridden by its own values.

Values are returned as `ValueRange(low, likely, high)` in *raw numbers* (an ordinal level is
its position), ready for the engine to turn into arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from indicators.model import Evidence, Grading, Indicator, NoEvidenceRange, Ordinal, RawValue
from scenarios.model import Assessment, Range, Scenario


@dataclass(frozen=True)
class ValueRange:
    """A raw value with its uncertainty (all three equal when it is certain). Sampled from the
    triangle (low, likely, high), or uniformly over [low, high] when `uniform` (an indicator
    with no evidence and `when_no_evidence: unknown`: nothing favours any point of its scale;
    `likely` is then the point a single-value score uses)."""

    low: float
    likely: float
    high: float
    uniform: bool = False

    @classmethod
    def point(cls, v: float) -> ValueRange:
        return cls(v, v, v)

    def clipped(self, lo: float, hi: float) -> ValueRange:
        def c(v: float) -> float:
            return min(max(v, lo), hi)

        return ValueRange(c(self.low), c(self.likely), c(self.high), self.uniform)

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
    if isinstance(d, NoEvidenceRange):  # an end left out is the whole scale's
        return ValueRange(*(ind.stated_range() or ind.unknown_span()))
    if ind.unknown_default():
        return ValueRange(*ind.unknown_span(), uniform=True)
    return ValueRange.point(ind.position(d))


Source = Literal["evidence", "default", "assumption"]
"""Where a scenario's value of an indicator comes from: evidence known on the date, the
indicator's `when_no_evidence` (no evidence known), or the scenario's own what-if value."""
SOURCES: tuple[Source, ...] = ("evidence", "default", "assumption")


def _chain(a: Assessment, sc: Scenario, known: Mapping[str, object]) -> list[Scenario]:
    """The scenario and those it extends, up to the first one already in `known`: walked
    without recursion, so any depth works (the model has refused loops)."""
    chain = [sc]
    while chain[-1].extends is not None and chain[-1].extends not in known:
        chain.append(a.scenario(chain[-1].extends))
    return chain


def value_sources(
    a: Assessment,
    scenario: Scenario | str,
    as_of: date | None = None,
    cache: dict[str, dict[str, Source]] | None = None,
) -> dict[str, Source]:
    """Per indicator, where the scenario's value comes from (as `scenario_values` takes it).
    `cache` and the walk without recursion as in `scenario_values`."""
    sc = a.scenario(scenario) if isinstance(scenario, str) else scenario
    when = as_of or a.as_of
    known = {} if cache is None else cache
    chain = _chain(a, sc, known)
    out: dict[str, Source] = {}
    for link in reversed(chain):
        if link.extends is not None:
            out = dict(known[link.extends]) if link.extends in known else out
        elif link.from_evidence:
            # known_evidence's rule, one pass over the evidence for all indicators
            windows = {ind.id: ind.from_evidence.window_days for ind in a.indicators}
            seen = {
                ev.indicator
                for ev in a.evidence
                if inside_share(ev, when, windows[ev.indicator]) > 0
            }
            out = {ind.id: ("evidence" if ind.id in seen else "default") for ind in a.indicators}
        else:
            out = {}
        for key in link.values:
            out[key] = "assumption"
        if cache is not None:
            cache[link.id] = dict(out)
    return out


def date_span(ev: Evidence) -> tuple[date, date]:
    """The first and last day the event may have happened on, by its `date_precision`: the
    day itself, its calendar month, or its calendar year (`event_date` names any day in it),
    never after its story date (it had happened when it was reported)."""
    d = ev.event_date
    if ev.date_precision == "day":
        return d, d
    if ev.date_precision == "month":
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        first, last = d.replace(day=1), nxt - timedelta(days=1)
    else:
        first, last = date(d.year, 1, 1), date(d.year, 12, 31)
    if ev.story_date is not None:  # it had happened by the time it was reported
        last = max(first, min(last, ev.story_date))
    return first, last


def inside_share(ev: Evidence, as_of: date, window_days: int | None) -> float:
    """The share of the event's possible days that fall inside the look-back (after the
    window's start, up to `as_of`): 1 for a day-precise event inside, 0 outside, and between
    for a month- or year-precise event that straddles the as-of date or the window's start.
    An event is known from its story date when it has one, else from its first possible day."""
    if ev.story_date is not None and ev.story_date > as_of:
        return 0.0
    first, last = date_span(ev)
    lo = first if window_days is None else max(first, as_of - timedelta(days=window_days - 1))
    hi = min(last, as_of)
    days = (hi - lo).days + 1
    return max(days, 0) / ((last - first).days + 1)


def _fade(ev: Evidence, as_of: date, half_life_days: float | None) -> float:
    if half_life_days is None:
        return 1.0
    first, last = date_span(ev)
    middle = first + (last - first) / 2  # a month- or year-precise event ages from mid-span
    age = max((as_of - middle).days, 0)
    return float(0.5 ** (age / half_life_days))


def known_evidence(a: Assessment, indicator_id: str, as_of: date) -> list[Evidence]:
    """Evidence on the indicator known on `as_of` (never later), inside its look-back window;
    a month- or year-precise event counts when any of its possible days does."""
    window = a.indicator(indicator_id).from_evidence.window_days
    return [ev for ev in a.evidence_on(indicator_id) if inside_share(ev, as_of, window) > 0]


def _uncertain(r: ValueRange, share: float, absent: ValueRange, rule: str) -> ValueRange:
    """An item that may fall outside the look-back (share < 1): for sum and count it adds
    between nothing and its high, `share` of its likely value; for max and latest its range
    joins the value without it (`absent`), the likelier of the two in the middle."""
    if share >= 1.0:
        return r
    if rule in ("sum", "count"):
        return ValueRange(0.0, r.likely * share, r.high)
    return ValueRange(
        min(r.low, absent.low),
        r.likely if share >= 0.5 else absent.likely,
        max(r.high, absent.high),
    )


def from_evidence(a: Assessment, indicator_id: str, as_of: date) -> ValueRange:
    """The indicator's raw value as the evidence known on `as_of` gives it."""
    ind = a.indicator(indicator_id)
    items = known_evidence(a, indicator_id, as_of)
    if not items:
        return no_evidence_range(ind)
    half_life = next(f.half_life_days for f in a.families if f.id == ind.family)
    fades = [_fade(ev, as_of, half_life) for ev in items]
    shares = [inside_share(ev, as_of, ind.from_evidence.window_days) for ev in items]
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
    absent = no_evidence_range(ind)
    ranges = [_uncertain(r, sh, absent, rule) for r, sh in zip(ranges, shares, strict=True)]
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
    cache: dict[str, dict[str, ValueRange]] | None = None,
) -> dict[str, ValueRange]:
    """Every indicator's raw value range in the scenario, as of `as_of` (default: the file's).

    `cache` (scenario id → values, for one `as_of`) lets a caller scoring many scenarios
    compute each scenario of an `extends` chain, and the evidence, once. The chain is walked
    without recursion, so any depth works (the model has refused loops).
    """
    sc = a.scenario(scenario) if isinstance(scenario, str) else scenario
    when = as_of or a.as_of
    known = {} if cache is None else cache
    chain = _chain(a, sc, known)
    values: dict[str, ValueRange] = {}
    for link in reversed(chain):
        if link.extends is not None:
            values = dict(known[link.extends]) if link.extends in known else values
        elif link.from_evidence:
            values = {ind.id: from_evidence(a, ind.id, when) for ind in a.indicators}
        else:
            values = {}
        for key, value in link.values.items():
            values[key] = _given(a.indicator(key), value)
        if cache is not None:
            cache[link.id] = dict(values)
    return values
