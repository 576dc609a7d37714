"""Following a scenario over time: rescored at each date from the evidence known then.

`timeline(a, request, start=, end=, step=)` evaluates the scenario (by default the baseline)
under the request's weights and method on *every day* of the range (the
evidence rules of `scenarios.values` give each day's raw values, strict as-of: nothing
known later leaks in; fading included), then scores all days in one vectorised kernel call
with the days as the scenario axis. From the daily series it reports the points of the grid
(`1w`, `1m`, ...) plus the dates where evidence arrived or left its window, the dated steps
(what became known, the score before and after) and the exact days the tier changed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from engine import kernel
from engine.arrays import Compiled
from engine.request import ScoringRequest, resolve_scenarios
from indicators.errors import InputError
from indicators.model import Evidence, english, in_language
from scenarios.model import Assessment, Profile
from scenarios.values import SOURCES, scenario_values, value_sources

MAX_DAYS = 36_600
"""Longest range (about a century): every day is evaluated, at roughly 0.15 ms a day."""

_STEP = re.compile(r"^([1-9][0-9]{0,3})([dwm])$")


def parse_step(text: str) -> tuple[int, str]:
    """`1w` → (1, "w"): a number of days (d), weeks (w) or calendar months (m)."""
    m = _STEP.match(text.strip().lower())
    if not m:
        raise InputError(
            f"--step {text!r}: write a number and d, w or m, e.g. 1w or 1m.",
            kind="bad_form",
            parts={"option": "--step", "value": text, "form": "timeline_step"},
        )
    return int(m.group(1)), m.group(2)


def add_months(d: date, months: int, day: int) -> date:
    """`d` moved by whole months, on `day` of the month or its last day if shorter."""
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return date(y, m + 1, min(day, calendar.monthrange(y, m + 1)[1]))


def grid(start: date, end: date, step: tuple[int, str]) -> list[date]:
    """Dates from `start` by `step` up to `end`; `end` is always the last one."""
    n, unit = step
    out = []
    i = 0
    while True:
        if unit == "m":
            d = add_months(start, n * i, start.day)
        else:
            d = start + timedelta(days=n * i * (7 if unit == "w" else 1))
        if d >= end:
            break
        out.append(d)
        i += 1
    return [*out, end]


def default_start(a: Assessment) -> date:
    """The first of the month before the first evidence became known (a year back if none)."""
    if not a.evidence:
        return a.as_of - timedelta(days=365)
    first = min(ev.known_on for ev in a.evidence)
    before = add_months(first, -1, 1)
    return before


def overridden(a: Assessment, scenario_id: str) -> set[str]:
    """Indicators whose value the scenario (or one it extends) sets, not the evidence."""
    out: set[str] = set()
    sc = a.scenario(scenario_id)
    while True:
        out |= set(sc.values)
        if sc.extends is None:
            break
        sc = a.scenario(sc.extends)
    return out if sc.from_evidence else {i.id for i in a.indicators}


@dataclass(frozen=True)
class Step:
    """A date on which the evidence changed: items became known, or left their window."""

    date: date
    kind: str  # "known" or "expires"
    evidence: tuple[Evidence, ...]
    score_before: float  # the day before
    score_after: float
    tier_before: int
    tier_after: int

    @property
    def delta(self) -> float:
        return self.score_after - self.score_before


@dataclass(frozen=True)
class Timeline:
    """A scenario's score on every day of a range, with the steps and tier changes."""

    assessment: Assessment
    scenario_id: str
    method: str
    profile: Profile
    step: tuple[int, str]
    weights: np.ndarray  # (K,)
    days: tuple[date, ...]  # start − 1 day … end (the first is only a "before" value)
    raw: np.ndarray  # (N, K) likely raw values
    intensities: np.ndarray  # (N, K)
    contributions: np.ndarray  # (N, K)
    scores: np.ndarray  # (N,)
    tier_index: np.ndarray  # (N,)
    points: np.ndarray  # indices into days: the grid plus the step dates
    on_grid: np.ndarray  # (len(points),) bool
    steps: tuple[Step, ...]
    coverage: np.ndarray  # (N, 3) weight share on evidence, defaults, what-if values (SOURCES)

    def coverage_of(self, i: int) -> dict[str, float]:
        """Day `i`'s weight share resting on evidence, defaults and what-if values (sum 1)."""
        return dict(zip(SOURCES, self.coverage[i].tolist(), strict=True))

    @property
    def start(self) -> date:
        return self.days[1]

    @property
    def end(self) -> date:
        return self.days[-1]

    @property
    def tier_changes(self) -> list[tuple[date, int, int, float, float]]:
        """(day, tier before, tier from that day, score before, score that day) in the range."""
        t = self.tier_index
        where = np.flatnonzero(t[2:] != t[1:-1]) + 2  # changes after the range's first day
        return [
            (
                self.days[i],
                int(t[i - 1]),
                int(t[i]),
                float(self.scores[i - 1]),
                float(self.scores[i]),
            )
            for i in where
        ]

    def tier(self, index: int) -> Any:
        return self.assessment.tiers[int(index)]

    def step_label(self, s: Step, lang: str = "en") -> str:
        """A short name for a step: where it happened and which families it moved, e.g.
        "Minsk — High-level visits, Multi-sector agreements" (the report's own anchors)."""
        a = self.assessment
        places = list(
            dict.fromkeys(in_language(ev.location, lang)[0] for ev in s.evidence if ev.location)
        )
        fams = list(dict.fromkeys(a.indicator(ev.indicator).family for ev in s.evidence))
        names = {f.id: f.name.get(lang) for f in a.families}
        comma = "، " if lang == "ar" else ", "
        label = comma.join(places) + " — " if places else ""
        label += comma.join(names[f] for f in fams)
        if s.kind == "expires":
            label += " (قديمة خارج النافذة)" if lang == "ar" else " (left the look-back window)"
        return label

    def new_on(self, i: int) -> list[str]:
        day = self.days[i]
        return [
            ev.id for s in self.steps if s.date == day and s.kind == "known" for ev in s.evidence
        ]

    def to_json(self) -> dict[str, Any]:
        a = self.assessment
        fam = Compiled.of(a)
        fams = fam.family_totals(self.contributions)
        ids = [i.id for i in a.indicators]
        notes = a.source.footnotes if a.source else {}
        used = overridden(a, self.scenario_id)
        points = []
        for j, i in enumerate(self.points):
            tier = self.tier(self.tier_index[i])
            points.append(
                {
                    "date": self.days[i].isoformat(),
                    "score": float(self.scores[i]),
                    "tier": tier.id,
                    "tier_name": tier.name.model_dump(),
                    "on_grid": bool(self.on_grid[j]),
                    "coverage": self.coverage_of(int(i)),
                    "new_evidence": self.new_on(int(i)),
                    "families": dict(zip(fam.family_ids, fams[i].tolist(), strict=True)),
                    "contributions": dict(zip(ids, self.contributions[i].tolist(), strict=True)),
                }
            )
        events = []
        for s in self.steps:
            for ev in s.evidence:
                events.append(
                    {
                        "date": s.date.isoformat(),
                        "kind": s.kind,
                        "event_date": ev.event_date.isoformat(),
                        "evidence": ev.id,
                        "indicator": ev.indicator,
                        "family": a.indicator(ev.indicator).family,
                        "value": ev.value,
                        "grade": f"{ev.reliability}{ev.credibility}",
                        "sources": ev.sources,
                        "citations": {
                            ref: english(notes[ref]) for ref in ev.sources if ref in notes
                        },
                        "summary": ev.summary.model_dump(),
                        "location": english(ev.location) or None,
                        "in_scenario": ev.indicator not in used,
                        "step_delta": s.delta,
                    }
                )
        return {
            "scenario": self.scenario_id,
            "scenario_name": a.scenario(self.scenario_id).name.model_dump(),
            "assessment": {"id": a.id, "title": a.title.model_dump()},
            "method": self.method,
            "profile": self.profile.id,
            "weights": dict(zip(ids, self.weights.tolist(), strict=True)),
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "step": f"{self.step[0]}{self.step[1]}",
            "tiers": [
                {
                    "id": t.id,
                    "min": t.min,
                    "max": t.max,
                    "name": t.name.model_dump(),
                    "color": t.color,
                }
                for t in a.tiers
            ],
            "points": points,
            "tier_changes": [
                {
                    "date": d.isoformat(),
                    "from": self.tier(t0).id,
                    "to": self.tier(t1).id,
                    "score_before": s0,
                    "score": s1,
                }
                for d, t0, t1, s0, s1 in self.tier_changes
            ],
            "steps": [
                {
                    "date": s.date.isoformat(),
                    "kind": s.kind,
                    "evidence": [ev.id for ev in s.evidence],
                    "label": self.step_label(s),
                    "label_ar": self.step_label(s, "ar"),
                    "score_before": s.score_before,
                    "score_after": s.score_after,
                    "delta": s.delta,
                    "tier_before": self.tier(s.tier_before).id,
                    "tier_after": self.tier(s.tier_after).id,
                }
                for s in self.steps
            ],
            "events": events,
        }


def _step_dates(a: Assessment, start: date, end: date) -> list[tuple[date, str, list[Evidence]]]:
    """Dates in [start, end] where evidence becomes known or drops out of its look-back."""
    found: dict[tuple[date, str], list[Evidence]] = {}
    for ev in a.evidence:
        if start <= ev.known_on <= end:
            found.setdefault((ev.known_on, "known"), []).append(ev)
        window = a.indicator(ev.indicator).from_evidence.window_days
        if window:
            gone = ev.event_date + timedelta(days=window)
            if start <= gone <= end and ev.known_on < gone:
                found.setdefault((gone, "expires"), []).append(ev)
    return [(d, k, found[(d, k)]) for d, k in sorted(found)]


def timeline(
    a: Assessment,
    request: ScoringRequest | None = None,
    *,
    scenario: str | None = None,
    start: date | None = None,
    end: date | None = None,
    step: str | tuple[int, str] = "1w",
    profile: Profile | str | None = None,
    method: str | None = None,
    set_weights: Mapping[str, float] | None = None,
) -> Timeline:
    """Rescore a scenario at every date of a range, under the request's weights and method.

    The scenario: `scenario` if given, else the one the request selects, else the baseline
    (`Assessment.baseline_id`). The range ends on `end`, by default the request's as-of date
    (the file's unless one was set), and starts on `start`, by default a month before the first
    evidence (`default_start`). The keywords profile, method and set_weights are the older
    form: they build the request (its sampling settings, if any, are not used).
    """
    if request is None:
        request = ScoringRequest.build(
            a,
            profile=profile,
            method=method,
            set_weights=set_weights,
            scenarios=[scenario] if scenario else None,
        )
    elif (profile, method, set_weights) != (None,) * 3:
        raise TypeError("timeline(): give a ScoringRequest or the keywords, not both")
    if scenario:
        sid = resolve_scenarios(a, [scenario])[0]
    elif request.scenarios:
        if len(request.scenarios) > 1:
            raise InputError(
                f"a timeline follows one scenario; the request selects {len(request.scenarios)}"
                f" ({', '.join(request.scenarios)}).",
                kind="one_scenario",
                parts={"count": len(request.scenarios), "scenarios": list(request.scenarios)},
            )
        sid = request.scenarios[0]
    else:
        sid = a.baseline_id()
    chosen = request.method
    every = parse_step(step) if isinstance(step, str) else step
    end = end or request.as_of
    start = start or default_start(a)
    if start > end:
        raise InputError(
            f"--from {start} is after --to {end}; give an earlier --from.",
            kind="from_after_to",
            parts={"start": str(start), "end": str(end)},
        )
    n_days = (end - start).days + 2
    if n_days > MAX_DAYS:
        raise InputError(
            f"the range {start} to {end} spans {n_days - 1:,} days; at most {MAX_DAYS - 1:,}.",
            kind="range_too_long",
            parts={
                "start": str(start),
                "end": str(end),
                "days": f"{n_days - 1:,}",
                "limit": f"{MAX_DAYS - 1:,}",
            },
        )
    days = [start + timedelta(days=i - 1) for i in range(n_days)]
    compiled = Compiled.of(a)
    w, _, _ = request.weights(a)
    ids = [i.id for i in a.indicators]
    # The evidence rules run once per day (they are the single definition of "the value
    # on a date"); the scoring then runs once for all days, the days as the scenario axis.
    values = [scenario_values(a, sid, d) for d in days]
    raw = np.array([[v[k].likely for k in ids] for v in values])
    x = compiled.intensities(raw)
    scores = kernel.aggregate(x, w, chosen)
    tiers = kernel.tier_index(scores, np.array([t.min for t in a.tiers[1:]]))
    index = {d: i for i, d in enumerate(days)}
    on_grid = {index[d] for d in grid(start, end, every)}
    steps = []
    for d, kind, items in _step_dates(a, start, end):
        i = index[d]
        steps.append(
            Step(
                d,
                kind,
                tuple(items),
                float(scores[i - 1]),
                float(scores[i]),
                tiers[i - 1],
                tiers[i],
            )
        )
    points = np.array(sorted(on_grid | {index[s.date] for s in steps}), dtype=np.intp)
    # where each value comes from, per day: an indicator rests on evidence from the day its
    # first item is known until its last leaves the window, on its default otherwise
    code = {src: j for j, src in enumerate(SOURCES)}
    which = np.array([[code[v[k]] for k in ids] for v in (value_sources(a, sid, d) for d in days)])
    coverage = np.stack([(which == j) @ w for j in range(len(SOURCES))], axis=1)
    return Timeline(
        assessment=a,
        scenario_id=sid,
        method=chosen,
        profile=request.profile,
        step=every,
        weights=w,
        days=tuple(days),
        raw=raw,
        intensities=x,
        contributions=kernel.contributions(x, w, chosen),
        scores=scores,
        tier_index=tiers,
        points=points,
        on_grid=np.array([p in on_grid for p in points]),
        steps=tuple(steps),
        coverage=coverage,
    )
