"""What the evidence can and cannot tell apart: diagnosticity, collection priorities and
leave-one-out.

- Diagnosticity: for each indicator, the spread across scenarios of its weighted intensity
  (points it contributes). An indicator whose intensity is the same, within `tolerance`,
  under every scenario cannot tell them apart: it is flagged non-diagnostic, as the
  Indicators Validator technique does, however heavily it is weighted.
- Collection priorities (value of information): for each uncertain value of the focus
  scenario (the baseline by default), the baseline's tier probabilities are estimated with
  that value pinned at the low and at the high end of its range (everything else sampled,
  common random numbers for all variants), and compared with the unpinned probabilities by
  total-variation distance. The larger move is the indicator's priority: "watch these next".
  An indicator without evidence whose `when_no_evidence` is `unknown` ranges over its whole
  scale, so it is among the values examined, and, weighted, among the first to collect.
- Leave-one-out: each evidence item known on the date is withdrawn in turn, the scenarios'
  values are derived again from the remaining evidence, and the scores recomputed in one
  batched call; items whose withdrawal changes a tier are the load-bearing ones.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import kernel
from engine.arrays import raw_ranges
from engine.robust.setting import Setting
from engine.robust.weight_models import WeightModel
from indicators.errors import InputError
from scenarios.values import known_evidence, value_sources

CHUNK = 8192
"""Samples per batch of variants (memory: (1 + 2K) · CHUNK · K floats)."""

TOLERANCE = 0.05
"""Intensity spread below which an indicator is non-diagnostic."""


def _absolute(st: Setting, what: str) -> None:
    if not st.absolute:
        raise InputError(
            f"{what} needs tiers, which the relative method {st.method!r} does not have; "
            "use arithmetic, geometric or topsis.",
            kind="needs_tiers",
            parts={"analysis": what, "method": st.method},
        )


def diagnosticity(st: Setting, tolerance: float = TOLERANCE) -> list[dict[str, Any]]:
    """Per indicator: intensity range, weighted spread (points) and the non-diagnostic flag,
    most diagnostic first."""
    b = st.base
    x = b.intensities  # (S, K)
    spread = x.max(axis=0) - x.min(axis=0)
    points = 100.0 * b.weights * spread
    rows = [
        {
            "indicator": k,
            "family": b.family_ids[b.compiled.family_of[i]],
            "weight": float(b.weights[i]),
            "intensity_range": [float(x[:, i].min()), float(x[:, i].max())],
            "spread_points": float(points[i]),
            "std_points": float(100.0 * b.weights[i] * x[:, i].std()),
            "diagnostic": bool(spread[i] >= tolerance),
        }
        for i, k in enumerate(b.indicator_ids)
    ]
    return sorted(rows, key=lambda r: (-r["spread_points"], r["indicator"]))


@dataclass(frozen=True)
class Priority:
    """How far one value's range end would move the focus scenario's tier probabilities."""

    indicator: str
    low: float
    high: float
    p_low: np.ndarray  # (T,) tier probabilities with the value at its low end
    p_high: np.ndarray
    move_low: float  # total-variation distance from the unpinned probabilities
    move_high: float


def collection_priorities(
    st: Setting,
    model: WeightModel,
    scenario: int,
    *,
    samples: int = 20_000,
    seed: int | None = None,
    chunk: int = CHUNK,
) -> tuple[np.ndarray, list[Priority], int]:
    """Unpinned tier probabilities `(T,)`, the priorities (largest move first), the seed."""
    _absolute(st, "collection priorities")
    used = seed if seed is not None else secrets.randbits(63)
    b = st.base
    low, likely, high = (r[scenario] for r in b.raw)  # (K,) each
    uniform = None if b.uniform is None else b.uniform[scenario]
    ks = np.flatnonzero(high > low)
    n_t = len(st.tier_ids)
    sampler = model.sampler(st)
    # Variant 0 samples everything; variants 2i+1 / 2i+2 pin value ks[i] low / high.
    counts = np.zeros((1 + 2 * len(ks), n_t))
    pins = np.concatenate([[np.nan], np.ravel(np.column_stack([low[ks], high[ks]]))])
    cols = np.concatenate([[-1], np.repeat(ks, 2)])
    # One stream per chunk of a fixed size, so the numbers depend on the seed alone.
    streams = np.random.SeedSequence(used).spawn(-(-samples // chunk))
    for c, first in enumerate(range(0, samples, chunk)):
        n = min(chunk, samples - first)
        rng = np.random.default_rng(streams[c])
        raw = kernel.triangular(rng.random((n, len(likely))), low, likely, high, uniform)
        w = sampler(rng, n)
        batch = np.broadcast_to(raw, (len(pins), n, len(likely))).copy()
        for v in range(1, len(pins)):
            batch[v, :, cols[v]] = pins[v]
        scores = st.scorer(b.compiled.intensities(batch)[:, :, None, :], w)[..., 0]  # (V, n)
        tiers = st.tier_of(scores)
        for t in range(n_t):
            counts[:, t] += (tiers == t).sum(axis=1)
    p = counts / samples
    out = []
    for i, k in enumerate(ks):
        p_lo, p_hi = p[1 + 2 * i], p[2 + 2 * i]
        out.append(
            Priority(
                b.indicator_ids[k],
                float(low[k]),
                float(high[k]),
                p_lo,
                p_hi,
                float(0.5 * np.abs(p_lo - p[0]).sum()),
                float(0.5 * np.abs(p_hi - p[0]).sum()),
            )
        )
    out.sort(key=lambda r: -max(r.move_low, r.move_high))
    return p[0], out, used


def leave_one_out(st: Setting) -> list[dict[str, Any]]:
    """Per evidence item known on the date: score and tier of every scenario without it."""
    _absolute(st, "leave-one-out")
    b = st.base
    a = st.assessment
    items = [
        ev for ind in a.indicators for ev in known_evidence(a, ind.id, b.as_of)
    ]  # what the baseline rests on, indicator by indicator
    if not items:
        return []
    likely = np.stack(
        [
            raw_ranges(
                a.model_copy(update={"evidence": [e for e in a.evidence if e.id != ev.id]}),
                list(st.ids),
                b.as_of,
            )[1]
            for ev in items
        ]
    )  # (E, S, K): one derivation per item (the model layer); scoring is one call
    scores = st.scorer(b.compiled.intensities(likely), b.weights)  # (E, S)
    tiers = st.tier_of(scores)
    base_tiers = st.tier_of(st.scores)
    rows = []
    for i, ev in enumerate(items):
        changed = np.flatnonzero(tiers[i] != base_tiers)
        rows.append(
            {
                "evidence": ev.id,
                "indicator": ev.indicator,
                "grade": f"{ev.reliability}{ev.credibility}",
                "sources": list(ev.sources),
                "score_change": dict(zip(st.ids, (scores[i] - st.scores).tolist(), strict=True)),
                "tier_changes": [
                    {
                        "scenario": st.ids[s],
                        "from": st.tier_ids[int(base_tiers[s])],
                        "to": st.tier_ids[int(tiers[i, s])],
                    }
                    for s in changed
                ],
            }
        )
    return rows


def report(
    st: Setting,
    model: WeightModel,
    scenario: int,
    *,
    samples: int = 20_000,
    seed: int | None = None,
    tolerance: float = TOLERANCE,
) -> dict[str, Any]:
    """All three diagnostics as one JSON object (`taqdir sensitivity --kind diagnostics`)."""
    p0, prio, used = collection_priorities(st, model, scenario, samples=samples, seed=seed)
    loo = leave_one_out(st)
    sid = st.ids[scenario]
    tiers = st.tier_ids
    sources = value_sources(st.assessment, sid, st.base.as_of)
    loo.sort(key=lambda r: (-abs(r["score_change"][sid]), r["evidence"]))
    return {
        "kind": "diagnostics",
        **st.header(),
        "focus": sid,
        "diagnosticity": {"tolerance": tolerance, "indicators": diagnosticity(st, tolerance)},
        "collection_priorities": {
            "samples": samples,
            "seed": used,
            "weight_model": model.to_json(),
            "tier_probabilities": dict(zip(tiers, p0.tolist(), strict=True)),
            "indicators": [
                {
                    "indicator": r.indicator,
                    "source": sources[r.indicator],
                    "range": [r.low, r.high],
                    "at_low": dict(zip(tiers, r.p_low.tolist(), strict=True)),
                    "at_high": dict(zip(tiers, r.p_high.tolist(), strict=True)),
                    "move_low": r.move_low,
                    "move_high": r.move_high,
                    "priority": max(r.move_low, r.move_high),
                }
                for r in prio
            ],
        },
        "leave_one_out": {
            "changes_focus_tier": [
                r["evidence"] for r in loo if any(c["scenario"] == sid for c in r["tier_changes"])
            ],
            "items": loo,
        },
    }
