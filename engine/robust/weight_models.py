"""Weight models: how weight vectors are sampled for SMAA and the value-of-information runs.

- `profile`: a Dirichlet around the profile's effective weights (as `score --samples`), with a
  concentration (larger is tighter; inf keeps the weights fixed);
- `uniform`: nothing is known: uniform over the simplex of family weights (indicator shares
  within a family from the profile), or of indicator weights;
- `ranking` / `intervals`: uniform over the weights consistent with a ranking or with bounds
  (`scenarios.elicitation.WeightInfo`), drawn by `engine.robust.simplex`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import kernel
from engine.robust import simplex
from indicators.errors import InputError, UnknownNameError, WeightError, closest, did_you_mean
from scenarios.elicitation import WeightInfo

if TYPE_CHECKING:
    from engine.robust.setting import Setting
    from engine.robust.smaa import WeightSampler


@dataclass(frozen=True)
class WeightModel:
    """How weight vectors are sampled, and at which level (families or indicators)."""

    kind: str  # profile | uniform | ranking | intervals
    level: str = "families"
    concentration: float = 100.0
    groups: tuple[tuple[int, ...], ...] = ()
    lower: tuple[float, ...] = ()
    upper: tuple[float, ...] = ()
    items: tuple[str, ...] = field(default=())

    def sampler(self, st: Setting) -> WeightSampler:
        """(rng, n) → (n, K) effective weight vectors."""
        w = st.base.weights
        e = st.composition if self.level == "families" else np.eye(len(w))
        if self.kind == "profile":
            c = self.concentration
            return lambda rng, n: kernel.dirichlet_around(rng, w, c, n)
        if self.kind == "uniform":
            return lambda rng, n: simplex.uniform(rng, n, e.shape[0]) @ e
        if self.kind == "ranking":
            groups = self.groups
            return lambda rng, n: simplex.ranked(rng, n, groups) @ e
        lo, hi = np.array(self.lower), np.array(self.upper)
        simplex.check_bounds(lo, hi)
        return lambda rng, n: simplex.bounded(rng, n, lo, hi) @ e

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "level": self.level}
        if self.kind == "profile":
            out["concentration"] = None if np.isinf(self.concentration) else self.concentration
        if self.kind == "ranking":
            out["ranking"] = [[self.items[i] for i in g] for g in self.groups]
        if self.kind == "intervals":
            out["intervals"] = {
                k: [lo, hi] for k, lo, hi in zip(self.items, self.lower, self.upper, strict=True)
            }
        return out


def _one(level: str) -> str:
    """`families` -> `family`, `indicators` -> `indicator`."""
    return "family" if level == "families" else "indicator"


def _lookup(name: str, known: list[str], level: str, where: str) -> int:
    if name in known:
        return known.index(name)
    guess = did_you_mean(name, known)
    raise UnknownNameError(
        f"{where}: no {_one(level)} is called {name!r}.{guess} Known: {', '.join(known)}.",
        kind="unknown",
        parts={
            "what": _one(level),
            "where": where,
            "value": name,
            "close": closest(name, known),
            "known": known,
        },
    )


def weight_model(
    st: Setting, spec: str | WeightInfo | None = None, concentration: float = 100.0
) -> WeightModel:
    """A weight model from 'profile' (the default), 'uniform', or partial information (a
    `WeightInfo`, or the path of a file holding one)."""
    if spec is None or spec == "profile":
        return WeightModel("profile", "indicators", concentration)
    if spec == "uniform":
        return WeightModel("uniform", "families", items=st.base.family_ids)
    where = "weight information"
    if isinstance(spec, str):
        from indicators.validate import load_model

        if not Path(spec).exists():
            raise InputError(
                f"--weight-model {spec!r}: choose profile or uniform, or give an existing "
                "file with a ranking or intervals.",
                kind="not_a_choice",
                parts={
                    "option": "--weight-model",
                    "value": spec,
                    "choices": ["profile", "uniform"],
                    "fix": "weight_model_file",
                },
            )
        where = spec
        spec = load_model(spec, WeightInfo)
    known = list(st.base.family_ids if spec.level == "families" else st.base.indicator_ids)
    if spec.ranking is not None:
        groups = tuple(
            tuple(_lookup(x, known, spec.level, where) for x in g) for g in spec.groups()
        )
        named = {i for g in groups for i in g}
        missing = [k for i, k in enumerate(known) if i not in named]
        if missing:
            raise InputError(
                f"{where}: the ranking leaves out {', '.join(missing)}; rank every "
                f"{_one(spec.level)} (a nested list is a tie).",
                kind="ranking_leaves_out",
                parts={"where": where, "missing": list(missing), "what": _one(spec.level)},
            )
        return WeightModel("ranking", spec.level, groups=groups, items=tuple(known))
    if spec.intervals is not None:
        lower, upper = [0.0] * len(known), [1.0] * len(known)
        for name, (lo, hi) in spec.intervals.items():
            i = _lookup(name, known, spec.level, where)
            lower[i] = 0.0 if lo is None else lo
            upper[i] = 1.0 if hi is None else hi
        try:
            simplex.check_bounds(np.array(lower), np.array(upper))
        except WeightError as exc:  # say which file, and where to look
            raise WeightError(
                f"{where}: intervals: {exc} Widen the intervals.",
                kind="intervals_infeasible",
                parts={"where": where, "inner_kind": exc.kind, "inner_parts": exc.parts},
            ) from None
        return WeightModel(
            "intervals", spec.level, lower=tuple(lower), upper=tuple(upper), items=tuple(known)
        )
    return WeightModel("uniform", spec.level, items=tuple(known))
