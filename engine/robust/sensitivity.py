"""One-way (tornado) and global (Sobol) sensitivity of each scenario's score.

- Tornado: each uncertain value of a scenario moves alone to the low and then the high end of
  its range (the others at their likely values), and each family's and indicator's weight
  moves alone by ± `step` (the other weights keep their proportions, as in the stability
  intervals). All variants are scored in one batched call.
- Sobol: first-order and total indices of a scenario's score with respect to the family
  weights and the scenario's uncertain values, by `scipy.stats.sobol_indices` (Saltelli 2010
  estimators). Sobol indices need independent inputs, which weights on the simplex are not,
  so each family's weight is an input of its own, uniform within ± `step` of its value
  (at least 0), and the drawn family weights are normalised; uncertain values are triangular
  (low, likely, high) as in the Monte Carlo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.robust import crossings as stab
from engine.robust.setting import Setting


def _moved(st: Setting, step: float) -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """Items (level, id) and their weights moved down and up by `step`: `(m, 2)`, `(m, 2, K)`."""
    b = st.base
    e = np.vstack([st.composition, np.eye(len(b.indicator_ids))])
    items = [("family", f) for f in b.family_ids] + [("indicator", k) for k in b.indicator_ids]
    t0, r, ok = stab.directions(b.weights, e)
    t = np.clip(t0[:, None] + np.array([-step, step])[None, :], 0.0, 1.0)
    t = np.where(ok[:, None], t, t0[:, None])  # an item holding all weight cannot move
    w = t[..., None] * e[:, None, :] + (1.0 - t[..., None]) * r[:, None, :]
    return items, t, w


@dataclass(frozen=True)
class Tornado:
    """Score swings of each scenario, one input at a time."""

    setting: Setting
    step: float
    value_low: np.ndarray  # (S, K) score with value k of scenario s at its low end
    value_high: np.ndarray  # (S, K)
    uncertain: np.ndarray  # (S, K) bool: the value has a range
    items: tuple[tuple[str, str], ...]
    weight_at: np.ndarray  # (m, 2) the moved weights
    weight_scores: np.ndarray  # (m, 2, S)

    def bars(self, s: int) -> list[dict[str, Any]]:
        """Scenario s's bars, largest swing first."""
        st = self.setting
        b = st.base
        tiers = st.tier_ids
        out = []

        def tier(score: float) -> str | None:
            return tiers[int(st.tier_of(np.asarray(score)))] if st.absolute else None

        for k in np.flatnonzero(self.uncertain[s]):
            lo, hi = float(self.value_low[s, k]), float(self.value_high[s, k])
            out.append(
                {
                    "kind": "value",
                    "id": b.indicator_ids[k],
                    "input": [float(b.raw[0, s, k]), float(b.raw[2, s, k])],
                    "score": [lo, hi],
                    "tier": [tier(lo), tier(hi)],
                    "swing": abs(hi - lo),
                }
            )
        for j, (level, iid) in enumerate(self.items):
            lo, hi = (float(v) for v in self.weight_scores[j, :, s])
            out.append(
                {
                    "kind": f"{level} weight",
                    "id": iid,
                    "input": self.weight_at[j].tolist(),
                    "score": [lo, hi],
                    "tier": [tier(lo), tier(hi)],
                    "swing": abs(hi - lo),
                }
            )
        return sorted(out, key=lambda bar: -bar["swing"])

    def to_json(self, focus: list[int] | None = None) -> dict[str, Any]:
        st = self.setting
        idx = focus if focus is not None else range(len(st.ids))
        return {
            "kind": "tornado",
            **st.header(),
            "weight_step": self.step,
            "results": [
                {
                    "scenario": st.ids[s],
                    "score": float(st.scores[s]),
                    "tier": st.tier_ids[int(st.tier_of(st.scores[s]))] if st.absolute else None,
                    "bars": self.bars(s),
                }
                for s in idx
            ],
        }


def tornado(st: Setting, step: float = 0.1) -> Tornado:
    """One-way swings of every scenario's score (values of that scenario, and weights)."""
    if not 0 < step < 1:
        raise ValueError("the weight step must be between 0 and 1")
    b = st.base
    low, likely, high = b.raw
    n_s, n_k = likely.shape
    s_idx, k_idx = np.meshgrid(np.arange(n_s), np.arange(n_k), indexing="ij")
    swings = []
    for end in (low, high):
        # Variant (s, k): every value at its likely value but value k of scenario s at `end`.
        raw = np.broadcast_to(likely, (n_s, n_k, n_s, n_k)).copy()
        raw[s_idx, k_idx, s_idx, k_idx] = end
        scores = st.scorer(b.compiled.intensities(raw), b.weights)  # (S, K, S)
        swings.append(scores[s_idx, k_idx, s_idx])
    items, t, w = _moved(st, step)
    weight_scores = st.scorer(b.intensities, w)  # (m, 2, S)
    return Tornado(st, step, swings[0], swings[1], high > low, tuple(items), t, weight_scores)


# --- Sobol -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SobolScenario:
    """Sobol indices of one scenario's score."""

    scenario: int
    inputs: tuple[tuple[str, str], ...]  # (kind, id): ("family weight", f) or ("value", k)
    first: np.ndarray  # (d,)
    total: np.ndarray  # (d,)
    variance: float


@dataclass(frozen=True)
class Sobol:
    setting: Setting
    step: float
    n: int
    seed: int
    results: tuple[SobolScenario, ...]

    def to_json(self) -> dict[str, Any]:
        st = self.setting
        return {
            "kind": "sobol",
            **st.header(),
            "weight_step": self.step,
            "base_samples": self.n,
            "evaluations_per_scenario": [self.n * (len(r.inputs) + 2) for r in self.results],
            "seed": self.seed,
            "estimator": "scipy.stats.sobol_indices (saltelli_2010)",
            "results": [
                {
                    "scenario": st.ids[r.scenario],
                    "variance": r.variance,
                    "indices": sorted(
                        (
                            {"kind": kind, "id": iid, "first": float(f), "total": float(t)}
                            for (kind, iid), f, t in zip(r.inputs, r.first, r.total, strict=True)
                        ),
                        key=lambda row: -row["total"],
                    ),
                }
                for r in self.results
            ],
        }


def sobol(
    st: Setting,
    scenarios: list[int] | None = None,
    *,
    step: float = 0.1,
    n: int = 4096,
    seed: int = 0,
) -> Sobol:
    """Sobol first-order and total indices of each chosen scenario's score."""
    from scipy import stats

    n = 1 << max(int(n) - 1, 1).bit_length()  # scipy needs a power of two
    b = st.base
    low, likely, high = b.raw
    fw = st.family_weights
    n_f = len(fw)
    rng = np.random.default_rng(seed)
    out = []
    for s in scenarios if scenarios is not None else range(len(st.ids)):
        ks = np.flatnonzero(high[s] > low[s])
        lows = np.maximum(fw - step, 0.0)
        dists = [stats.uniform(loc=lo, scale=f + step - lo) for lo, f in zip(lows, fw, strict=True)]
        for k in ks:
            span = high[s, k] - low[s, k]
            if b.uniform is not None and b.uniform[s, k]:  # unknown: the whole scale, flat
                dists.append(stats.uniform(loc=low[s, k], scale=span))
                continue
            dists.append(
                stats.triang(c=(likely[s, k] - low[s, k]) / span, loc=low[s, k], scale=span)
            )

        def func(x: np.ndarray, s: int = s, ks: np.ndarray = ks) -> np.ndarray:
            """Inputs (d, N) → the scenario's scores (1, N), all N in one batch."""
            fam = x[:n_f].T
            w = (fam / fam.sum(axis=1, keepdims=True)) @ st.composition  # (N, K)
            raw = np.broadcast_to(likely, (x.shape[1], *likely.shape)).copy()
            raw[:, s, ks] = x[n_f:].T
            return st.scorer(b.compiled.intensities(raw), w)[:, s][None, :]

        res = stats.sobol_indices(func=func, n=n, dists=dists, rng=rng)
        # The score's variance, from a plain sample of the same inputs: the indices are
        # shares of it, and a tiny variance makes them moot.
        u = rng.random((len(dists), n))
        plain = func(np.stack([d.ppf(ui) for d, ui in zip(dists, u, strict=True)]))
        inputs = tuple(("family weight", f) for f in b.family_ids) + tuple(
            ("value", b.indicator_ids[k]) for k in ks
        )
        first = np.atleast_2d(res.first_order)[0]
        total = np.atleast_2d(res.total_order)[0]
        out.append(SobolScenario(s, inputs, first, total, float(plain.var())))
    return Sobol(st, step, n, seed, tuple(out))
