"""How robust the call is: the use cases behind `taqdir sensitivity` and the Robustness page.

`prepare(assessment, ...)` scores the assessment once and keeps what every analysis needs (the
`Setting`): intensities, raw value ranges, effective weights, the families' composition, tier
thresholds and a scoring function for the chosen method (taqdir's own, or a relative MCDA
method from `engine.mcda`). On top of it:

- `weight_model(...)`: how weights are sampled: around the profile (Dirichlet, as `score
  --samples`), uniform over the simplex (nothing known), or uniform over the weights that
  agree with a ranking or with intervals (`scenarios.elicitation.WeightInfo`);
- `acceptability(...)`: SMAA-2 (`engine.smaa`) with tier probabilities said in words;
- `stability(...)`: weight-stability intervals per family and indicator (`engine.stability`).

Weight models are in `engine.weight_models`, tornado and Sobol in `engine.sensitivity`,
diagnostics in `engine.diagnostics`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from engine import kernel, mcda, smaa, words
from engine import stability as stab
from engine.score import ScoreResult, resolve_scenarios, score
from engine.weight_models import WeightModel, weight_model
from indicators.errors import UnknownNameError
from scenarios.model import Assessment, Profile

ALL_METHODS = kernel.METHODS + mcda.METHODS
__all__ = [
    "ALL_METHODS",
    "Setting",
    "WeightModel",
    "acceptability",
    "prepare",
    "stability",
    "weight_model",
]


@dataclass(frozen=True)
class Setting:
    """An assessment scored once, with what the robustness analyses need."""

    base: ScoreResult  # scored with the method when absolute, arithmetic when relative
    method: str
    scorer: smaa.ScoreFn
    absolute: bool  # the method has tiers (taqdir's own methods)
    composition: np.ndarray  # (F, K): each family's indicator shares, rows sum to 1
    family_weights: np.ndarray  # (F,) normalised
    thresholds: np.ndarray  # (T − 1,) tiers' lower bounds after the first
    scores: np.ndarray  # (S,) under the method
    ranks: np.ndarray  # (S,)

    @property
    def assessment(self) -> Assessment:
        return self.base.assessment

    @property
    def ids(self) -> tuple[str, ...]:
        return self.base.scenario_ids

    @property
    def tier_ids(self) -> list[str]:
        return [t.id for t in self.assessment.tiers]

    def tier_of(self, scores: np.ndarray) -> np.ndarray:
        return kernel.tier_index(scores, self.thresholds)

    def header(self) -> dict[str, Any]:
        """What produced the analysis, as every JSON output starts."""
        b = self.base
        return {
            "assessment": {
                "id": b.assessment.id,
                "title": b.assessment.title.model_dump(),
                "as_of": b.as_of.isoformat(),
                "input_hash": b.input_hash,
                "engine_version": b.engine_version,
            },
            "method": self.method,
            "profile": b.profile.id,
            "weights": dict(zip(b.indicator_ids, b.weights.tolist(), strict=True)),
            "family_weights": dict(zip(b.family_ids, self.family_weights.tolist(), strict=True)),
        }

    def index(self, scenario: str) -> int:
        if scenario not in self.ids:
            raise UnknownNameError(
                f"no scenario {scenario!r} in assessment {self.assessment.id!r}; "
                f"scenarios: {', '.join(self.ids)}."
            )
        return self.ids.index(scenario)

    def baseline(self) -> int:
        """The scenario that stands for the evidence: the first `from_evidence` one."""
        for s, sid in enumerate(self.ids):
            if self.assessment.scenario(sid).from_evidence:
                return s
        return 0


def composition(result: ScoreResult) -> np.ndarray:
    """(F, K): each family's indicator shares (as the profile gives them), rows summing to 1.
    A family whose shares are all 0 spreads equally, so raising its weight has a meaning."""
    c = result.compiled
    e = np.zeros((len(c.family_ids), len(c.indicator_ids)))
    for k, ind in enumerate(c.indicator_ids):
        e[c.family_of[k], k] = result.shares[ind]
    for f in range(len(c.family_ids)):
        if not e[f].sum() > 0:
            e[f, c.family_of == f] = 1.0
    return e / e.sum(axis=1, keepdims=True)


def prepare(
    a: Assessment,
    *,
    profile: Profile | str | None = None,
    method: str | None = None,
    as_of: date | None = None,
    set_weights: Mapping[str, float] | None = None,
    scenarios: list[str] | None = None,
) -> Setting:
    """Score the assessment once and keep what the robustness analyses need."""
    chosen = method or a.method
    if chosen not in ALL_METHODS:
        raise UnknownNameError(
            f"unknown method {chosen!r}; choose one of {', '.join(ALL_METHODS)}."
        )
    absolute = chosen in kernel.METHODS
    ids = resolve_scenarios(a, scenarios)
    base = score(
        a,
        profile=profile,
        method=chosen if absolute else "arithmetic",
        as_of=as_of,
        set_weights=set_weights,
        scenarios=ids,
    )
    fn = mcda.scorer(chosen)
    scores = base.scores if absolute else fn(base.intensities, base.weights)
    return Setting(
        base=base,
        method=chosen,
        scorer=fn,
        absolute=absolute,
        composition=composition(base),
        family_weights=base.compiled.family_totals(base.weights),
        thresholds=np.array([t.min for t in a.tiers[1:]]),
        scores=scores,
        ranks=kernel.ranks(scores),
    )


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
