"""Tipping points: for each swept indicator, the raw value at which the depth tier flips when
that indicator alone moves over its swept range, every other indicator held at the sweep's
base scenario (likely values), under each profile and method.

Why this is exact rather than read off the grid: every transform is monotone in the raw value
and every method is monotone in each intensity, so along one indicator the score is monotone
and crosses each tier threshold at most once. A numeric indicator's crossing is found by
bisection (vectorised over every profile × method × threshold at once) to the last bit; an
ordinal indicator moves level by level, so its flip is the first level in the new tier.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import kernel
from engine.runs.plan import Plan, point_scores

BISECTIONS = 64
"""Halvings of the range: (high − low) / 2^64 is below a float's resolution."""


@dataclass(frozen=True)
class Flip:
    """Moving the indicator up through `at`, the tier changes from `before` to `after`."""

    at: float  # raw value (an ordinal level's position)
    level: str | None  # the level id, for an ordinal indicator
    before: str
    after: str


@dataclass(frozen=True)
class TippingLine:
    """One swept indicator under one profile and method, the rest at the base scenario."""

    sweep: str
    base: str
    indicator: str
    profile: str
    method: str
    low: float
    high: float
    base_value: float
    base_tier: str
    flips: tuple[Flip, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "sweep": self.sweep,
            "base": self.base,
            "indicator": self.indicator,
            "profile": self.profile,
            "method": self.method,
            "range": [self.low, self.high],
            "base_value": self.base_value,
            "base_tier": self.base_tier,
            "flips": [
                {"at": f.at, "level": f.level, "from": f.before, "to": f.after} for f in self.flips
            ],
        }


def _line(plan: Plan, base: np.ndarray, k: int, values: np.ndarray) -> np.ndarray:
    """Scores `(M, P, L)` with indicator k at each value, the rest at `base` (K,)."""
    raw = np.repeat(base[None, :], len(values), axis=0)
    raw[:, k] = values
    return point_scores(plan, raw)


Flips = dict[tuple[int, int], list[Flip]]
"""Tier flips per (method, profile)."""


def _ordinal(
    plan: Plan, base: np.ndarray, k: int, lo: float, hi: float, levels: Sequence[str]
) -> Flips:
    positions = np.arange(np.ceil(lo), np.floor(hi) + 1)
    tiers = kernel.tier_index(_line(plan, base, k, positions), plan.thresholds)  # (M, P, L)
    out: Flips = {}
    for m in range(tiers.shape[0]):
        for p in range(tiers.shape[1]):
            steps = np.flatnonzero(np.diff(tiers[m, p]))
            out[(m, p)] = [
                Flip(
                    float(positions[s + 1]),
                    levels[int(positions[s + 1])],
                    plan.tier_ids[tiers[m, p, s]],
                    plan.tier_ids[tiers[m, p, s + 1]],
                )
                for s in steps
            ]
    return out


def _numeric(plan: Plan, base: np.ndarray, k: int, lo: float, hi: float) -> Flips:
    ends = _line(plan, base, k, np.array([lo, hi]))  # (M, P, 2)
    tiers = kernel.tier_index(ends, plan.thresholds)
    first, last = tiers[..., 0], tiers[..., 1]
    # One bisection per (method, profile, threshold) the score crosses between lo and hi.
    ms, ps, ts = [], [], []
    for t in range(len(plan.thresholds)):
        crossed = np.argwhere((np.minimum(first, last) <= t) & (t < np.maximum(first, last)))
        for m, p in crossed:
            ms.append(m)
            ps.append(p)
            ts.append(t)
    out: Flips = {(m, p): [] for m in range(tiers.shape[0]) for p in range(tiers.shape[1])}
    if not ms:
        return out
    m_, p_, t_ = (np.array(v, dtype=np.intp) for v in (ms, ps, ts))
    theta = plan.thresholds[t_]
    rising = ends[m_, p_, 0] < theta  # below the threshold at lo: the score rises with v
    a = np.full(len(m_), lo)
    b = np.full(len(m_), hi)
    for _ in range(BISECTIONS):
        mid = (a + b) / 2
        above = _line(plan, base, k, mid)[m_, p_, np.arange(len(mid))] >= theta
        move_a = above != rising  # still on the lo side of the crossing
        a = np.where(move_a, mid, a)
        b = np.where(move_a, b, mid)
    for q in range(len(m_)):
        lower, upper = (t_[q], t_[q] + 1) if rising[q] else (t_[q] + 1, t_[q])
        flip = Flip(float(b[q]), None, plan.tier_ids[lower], plan.tier_ids[upper])
        out[(int(m_[q]), int(p_[q]))].append(flip)
    for flips in out.values():
        flips.sort(key=lambda f: f.at)
    return out


def tipping_points(plan: Plan, levels: Mapping[str, Sequence[str]]) -> list[TippingLine]:
    """Every swept indicator's tier flips, per sweep, profile and method."""
    lines: list[TippingLine] = []
    for seg in plan.segments:
        if seg.kind == "scenario":
            continue
        base = plan.bases[1, seg.base].copy()
        for j, k in enumerate(seg.columns):
            ind = plan.indicator_ids[k]
            if seg.kind == "grid":
                lo, hi = float(seg.axes[j].min()), float(seg.axes[j].max())
            else:
                assert seg.low is not None and seg.high is not None
                lo, hi = float(seg.low[j]), float(seg.high[j])
            if ind in levels:
                flips = _ordinal(plan, base, int(k), lo, hi, levels[ind])
            else:
                flips = _numeric(plan, base, int(k), lo, hi)
            at_base = kernel.tier_index(_line(plan, base, int(k), base[[k]]), plan.thresholds)
            for m, method in enumerate(plan.methods):
                for p, profile in enumerate(plan.profile_ids):
                    lines.append(
                        TippingLine(
                            seg.name,
                            plan.base_ids[seg.base],
                            ind,
                            profile,
                            method,
                            lo,
                            hi,
                            float(base[k]),
                            plan.tier_ids[at_base[m, p, 0]],
                            tuple(flips[(m, p)]),
                        )
                    )
    return lines
