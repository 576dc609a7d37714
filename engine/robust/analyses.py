"""The robustness use cases behind `taqdir sensitivity` and the Robustness page, each on a
`Setting` (`engine.robust.setting`: the assessment scored once):

- `acceptability(...)`: SMAA-2 (`engine.robust.smaa`) with tier probabilities said in words,
  weights sampled by a `weight_model(...)` (around the profile, uniform over the simplex, or
  uniform over the weights that agree with a ranking or with intervals);
- `stability(...)`: weight-stability intervals per family and indicator, and
  `slider_stability(...)` the same in a dashboard slider's units (arithmetic in
  `engine.robust.crossings`).

Tornado and Sobol are in `engine.robust.sensitivity`, diagnostics in
`engine.robust.diagnostics`.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.robust import crossings as stab
from engine.robust import smaa, words
from engine.robust.setting import Setting
from engine.robust.weight_models import WeightModel

# --- SMAA-2 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptabilityResult:
    """SMAA-2 of the scenarios, with tier probabilities in words."""

    setting: Setting
    model: WeightModel
    acc: smaa.Acceptability
    yardstick: str

    def likeliest_tier(self, s: int) -> tuple[int, float] | None:
        if self.acc.tier is None:
            return None
        t = int(np.argmax(self.acc.tier[s]))
        return t, float(self.acc.tier[s, t])

    def sentence(self, s: int, lang: str = "en") -> str:
        st = self.setting
        name = st.assessment.scenario(st.ids[s]).name.get(lang)
        found = self.likeliest_tier(s)
        if found is None:
            return f"{name}: P(first) = {self.acc.first[s]:.0%}"
        t, p = found
        tier = st.assessment.tiers[t].name.get(lang)
        return words.sentence(name, tier, p, self.yardstick, lang)

    def to_json(self) -> dict[str, Any]:
        st, acc = self.setting, self.acc
        b = st.base
        rows = []
        for s, sid in enumerate(st.ids):
            central = acc.central_weights[s]
            row: dict[str, Any] = {
                "scenario": sid,
                "score": float(st.scores[s]),
                "rank": int(st.ranks[s]),
                "mean_score": float(acc.mean[s]),
                "rank_acceptability": acc.rank[s].tolist(),
                "first_rank_acceptability": float(acc.first[s]),
                "central_weights": None
                if np.isnan(central).any()
                else dict(zip(b.indicator_ids, central.tolist(), strict=True)),
                "central_family_weights": None
                if np.isnan(central).any()
                else dict(
                    zip(b.family_ids, b.compiled.family_totals(central).tolist(), strict=True)
                ),
                "confidence_factor": None
                if np.isnan(acc.confidence[s])
                else float(acc.confidence[s]),
            }
            if acc.tier is not None:
                t, p = self.likeliest_tier(s) or (0, 0.0)
                row["tier"] = st.tier_ids[int(b.tier_index[s])]
                row["tier_acceptability"] = dict(
                    zip(st.tier_ids, acc.tier[s].tolist(), strict=True)
                )
                row["likeliest_tier"] = {
                    "tier": st.tier_ids[t],
                    **words.say(p, self.yardstick).to_json(),
                    "sentence": {lang: self.sentence(s, lang) for lang in ("en", "ar")},
                }
            rows.append(row)
        y = words.yardstick(self.yardstick)
        return {
            "kind": "smaa",
            **st.header(),
            "samples": acc.samples,
            "seed": acc.seed,
            "confidence_samples": acc.confidence_samples,
            "weight_model": self.model.to_json(),
            "yardstick": {"id": y.id, "name": y.name.model_dump(), "source": y.source.strip()},
            "arabic_terms": words.yardsticks().arabic_terms.model_dump(),
            "tiers": st.tier_ids if st.absolute else None,
            "results": rows,
        }


def acceptability(
    st: Setting,
    model: WeightModel,
    *,
    samples: int = 100_000,
    seed: int | None = None,
    yardstick: str | None = None,
    chunk: int = smaa.DEFAULT_CHUNK,
) -> AcceptabilityResult:
    """SMAA-2 over the uncertain values and the weight model's samples."""
    used = seed if seed is not None else secrets.randbits(63)
    acc = smaa.acceptability(
        st.base.raw,
        st.base.compiled.intensities,
        model.sampler(st),
        st.scorer,
        thresholds=st.thresholds if st.absolute else None,
        samples=samples,
        seed=used,
        chunk=chunk,
        uniform=st.base.uniform,
    )
    return AcceptabilityResult(st, model, acc, words.yardstick(yardstick).id)


# --- stability intervals ---------------------------------------------------------------


@dataclass(frozen=True)
class StabilityResult:
    """Stability intervals of every family's and indicator's weight."""

    setting: Setting
    items: tuple[tuple[str, str], ...]  # (level, id)
    rows: tuple[stab.Stability | None, ...]
    focus: tuple[str, ...] | None

    def _change(self, ch: stab.Change | None, kind: str) -> dict[str, Any] | None:
        if ch is None:
            return None
        st = self.setting
        if kind == "tier":
            return {
                "at": ch.at,
                "scenario": st.ids[ch.scenario],
                "from": st.tier_ids[ch.before],
                "to": st.tier_ids[ch.after],
            }
        return {"at": ch.at, "scenario": st.ids[ch.after], "from": st.ids[ch.before]}

    def to_json(self) -> dict[str, Any]:
        out = []
        for (level, iid), row in zip(self.items, self.rows, strict=True):
            if row is None:
                out.append({"level": level, "id": iid, "weight": 1.0, "note": "holds all weight"})
                continue
            entry: dict[str, Any] = {"level": level, "id": iid, "weight": row.weight}
            if row.tier_lo is not None:
                entry["tier_interval"] = [row.tier_lo, row.tier_hi]
                entry["tier_change_below"] = self._change(row.tier_below, "tier")
                entry["tier_change_above"] = self._change(row.tier_above, "tier")
            entry["top_interval"] = [row.top_lo, row.top_hi]
            entry["top_change_below"] = self._change(row.top_below, "top")
            entry["top_change_above"] = self._change(row.top_above, "top")
            out.append(entry)
        return {
            "kind": "stability",
            **self.setting.header(),
            "focus": list(self.focus) if self.focus else None,
            "rescaling": "the other weights keep their proportions",
            "items": out,
        }


def stability(st: Setting, focus: list[str] | None = None) -> StabilityResult:
    """Stability intervals per family and indicator (tier changes of `focus`, or of any)."""
    b = st.base
    e = np.vstack([st.composition, np.eye(len(b.indicator_ids))])
    items = tuple(("family", f) for f in b.family_ids) + tuple(
        ("indicator", k) for k in b.indicator_ids
    )
    idx = [st.index(s) for s in focus] if focus else None
    rows = stab.stability(
        b.intensities,
        b.weights,
        e,
        st.method,
        st.thresholds if st.absolute else None,
        focus=idx,
        score_fn=None if st.method == "arithmetic" else st.scorer,
    )
    return StabilityResult(st, items, tuple(rows), tuple(focus) if focus else None)


@dataclass(frozen=True)
class SliderInterval:
    """How far one dashboard slider (a family's weight, or an indicator's share within its
    family, in the slider's own units) can move before a tier (or, for a relative method,
    the top scenario) changes."""

    id: str  # "f:<family>" or "i:<indicator>", as the dashboard's weight ids
    value: float  # the slider now
    lo: float  # the slider where the first change happens going down (0: none)
    hi: float  # going up (inf: none)
    normalised: tuple[float, float, float]  # the same on the path's 0–1 scale: now, lo, hi
    below: stab.Change | None
    above: stab.Change | None


def _to_slider(t: float, rest: float) -> float:
    """A share t of the total, in slider units when the others sum to `rest`: v/(v+rest)=t."""
    return math.inf if t >= 1.0 else t * rest / (1.0 - t)


def slider_stability(st: Setting) -> dict[str, SliderInterval]:
    """Stability intervals in the units of the dashboard's sliders.

    Moving one family's raw weight with the others fixed keeps the others' proportions, which
    is exactly the family's stability path. Moving one indicator's share keeps its family's
    total: the path w(u) = outside + F·(u·e_k + (1 − u)·others in the family), also a line.
    """
    b = st.base
    c = b.compiled
    k_count = len(b.indicator_ids)
    fam_raw = np.array([b.family_weights[f] for f in b.family_ids])
    share_raw = np.array([b.shares[k] for k in b.indicator_ids])
    ids, units, es, rs, t0s, oks = [], [], [], [], [], []
    t0, r, ok = stab.directions(b.weights, st.composition)
    for f, fid in enumerate(b.family_ids):
        ids.append(f"f:{fid}")
        units.append((fam_raw[f], fam_raw.sum() - fam_raw[f]))
        es.append(st.composition[f])
        rs.append(r[f])
        t0s.append(t0[f])
        oks.append(ok[f])
    for k, kid in enumerate(b.indicator_ids):
        f = c.family_of[k]
        members = c.family_of == f
        fam_total = st.family_weights[f]
        rest_raw = share_raw[members].sum() - share_raw[k]
        others = np.where(members, share_raw, 0.0)
        others[k] = 0.0
        outside = np.where(members, 0.0, b.weights)
        valid = fam_total > 0 and rest_raw > 0 and others.sum() > 0
        ids.append(f"i:{kid}")
        units.append((share_raw[k], rest_raw))
        es.append(outside + fam_total * np.eye(k_count)[k])
        rs.append(outside + fam_total * others / (others.sum() if valid else 1.0))
        t0s.append(share_raw[k] / (share_raw[k] + rest_raw) if valid else 0.0)
        oks.append(valid)
    rows = stab.along(
        b.intensities,
        np.array(es),
        np.array(rs),
        np.array(t0s),
        np.array(oks),
        st.method,
        st.thresholds if st.absolute else None,
        score_fn=None if st.method == "arithmetic" else st.scorer,
    )
    out = {}
    for wid, (value, rest), row in zip(ids, units, rows, strict=True):
        if row is None:
            continue
        if row.tier_lo is not None and row.tier_hi is not None:
            lo, hi, below, above = row.tier_lo, row.tier_hi, row.tier_below, row.tier_above
        else:  # a relative method: no tiers, the top scenario instead
            lo, hi, below, above = row.top_lo, row.top_hi, row.top_below, row.top_above
        if above is not None and hi > 1.0 - 1e-9:
            # All the weight on the item: a slider at infinity. A root there is float noise
            # of a score that only touches a threshold in the limit; no finite weight gets it.
            above = None
        out[wid] = SliderInterval(
            wid,
            float(value),
            _to_slider(lo, rest) if below is not None else 0.0,
            _to_slider(hi, rest) if above is not None else math.inf,
            (row.weight, lo, hi),
            below,
            above,
        )
    return out
