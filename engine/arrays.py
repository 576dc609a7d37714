"""From models to arrays: the bridge between the assessment file and the kernel.

`Compiled` holds an assessment's indicators as arrays (transform parameters grouped by kind,
directions, families) so that raw values of any shape `(..., K)` become intensities in one
vectorised call per transform kind, and profiles become effective weight vectors.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from engine import kernel
from indicators.errors import UnknownNameError, WeightError, closest, did_you_mean
from indicators.model import Linear, Log, Ordinal, Saturating
from scenarios.model import MAX_WEIGHT, Assessment, Profile
from scenarios.values import ValueRange, scenario_values

Array = kernel.Array


@dataclass(frozen=True)
class Compiled:
    """An assessment's indicators and families as arrays, in file order."""

    indicator_ids: tuple[str, ...]
    family_ids: tuple[str, ...]
    family_of: np.ndarray  # (K,) index into family_ids
    negative: np.ndarray  # (K,) bool
    lower: np.ndarray  # (K,) smallest raw value
    upper: np.ndarray  # (K,) largest raw value (inf where unbounded)
    _linear: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)
    _log: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)
    _saturating: tuple[np.ndarray, np.ndarray] = field(repr=False)
    _ordinal: tuple[tuple[int, np.ndarray], ...] = field(repr=False)

    @classmethod
    def of(cls, a: Assessment) -> Compiled:
        fams = tuple(f.id for f in a.families)
        lin: list[tuple[int, float, float]] = []
        log: list[tuple[int, float, float]] = []
        sat: list[tuple[int, float]] = []
        ords: list[tuple[int, np.ndarray]] = []
        for k, ind in enumerate(a.indicators):
            t = ind.transform
            if isinstance(t, Linear):
                lin.append((k, t.low, t.high))
            elif isinstance(t, Log):
                log.append((k, t.low, t.high))
            elif isinstance(t, Saturating):
                sat.append((k, t.half))
            elif isinstance(t, Ordinal):
                ords.append((k, np.array([lv.intensity for lv in t.levels])))
        bounds = [ind.scale_bounds() for ind in a.indicators]

        def cols(rows: Sequence[tuple[float, ...]], n: int) -> tuple[NDArray[np.intp], Array]:
            """The rows' indicator indices `(m,)` and parameters `(m, n - 1)`."""
            arr = np.array(rows, dtype=np.float64).reshape(len(rows), n)
            return arr[:, 0].astype(np.intp), arr[:, 1:]

        lin_k, lin_p = cols(lin, 3)
        log_k, log_p = cols(log, 3)
        sat_k, sat_p = cols(sat, 2)

        return cls(
            indicator_ids=tuple(i.id for i in a.indicators),
            family_ids=fams,
            family_of=np.array([fams.index(i.family) for i in a.indicators], dtype=np.intp),
            negative=np.array([i.direction == "-" for i in a.indicators]),
            lower=np.array([b[0] for b in bounds]),
            upper=np.array([b[1] for b in bounds]),
            _linear=(lin_k, lin_p[:, 0], lin_p[:, 1]),
            _log=(log_k, log_p[:, 0], log_p[:, 1]),
            _saturating=(sat_k, sat_p[:, 0]),
            _ordinal=tuple(ords),
        )

    def intensities(self, raw: np.ndarray) -> Array:
        """Raw values `(..., K)` → intensities entering the score (direction applied)."""
        raw = np.asarray(raw, dtype=np.float64)
        x = np.empty_like(raw)
        idx, low, high = self._linear
        if idx.size:
            x[..., idx] = kernel.linear(raw[..., idx], low, high)
        idx, low, high = self._log
        if idx.size:
            x[..., idx] = kernel.log_goalposts(raw[..., idx], low, high)
        idx, half = self._saturating
        if idx.size:
            x[..., idx] = kernel.saturating(raw[..., idx], half)
        for k, levels in self._ordinal:  # one call per ordinal indicator, over all samples
            x[..., k] = kernel.ordinal(raw[..., k], levels)
        return kernel.orient(x, self.negative)

    def family_totals(self, per_indicator: np.ndarray) -> Array:
        """Sum `(..., K)` values within each family → `(..., F)`."""
        onehot = np.eye(len(self.family_ids))[self.family_of]  # (K, F)
        totals: Array = np.asarray(per_indicator) @ onehot
        return totals


def raw_ranges(a: Assessment, scenario_ids: list[str], as_of: date | None) -> np.ndarray:
    """Raw values of the scenarios as an array `(3, S, K)`: low, likely, high."""
    return raw_ranges_shaped(a, scenario_ids, as_of)[0]


def raw_ranges_shaped(
    a: Assessment, scenario_ids: list[str], as_of: date | None
) -> tuple[np.ndarray, np.ndarray]:
    """`raw_ranges` with each cell's shape: a boolean mask `(S, K)`, True where the value is
    drawn uniformly over [low, high] rather than from the triangle (see `ValueRange`)."""
    out = np.empty((3, len(scenario_ids), len(a.indicators)))
    uniform = np.zeros((len(scenario_ids), len(a.indicators)), dtype=bool)
    cache: dict[str, dict[str, ValueRange]] = {}  # each scenario of a chain computed once
    for s, sid in enumerate(scenario_ids):
        values = scenario_values(a, sid, as_of, cache)
        for k, ind in enumerate(a.indicators):
            v = values[ind.id]
            out[:, s, k] = (v.low, v.likely, v.high)
            uniform[s, k] = v.uniform and v.high > v.low
    return out, uniform


def profile_weights(
    a: Assessment, profile: Profile, overrides: Mapping[str, float] | None = None
) -> tuple[Array, dict[str, float], dict[str, float]]:
    """Effective weights (K,) summing to 1, with the family weights and shares used.

    `overrides` maps a family id to its weight, or an indicator id to its share within its
    family (as `--set-weight ID=VALUE` does). This is the one reading of such changes, and
    `engine.request.ScoringRequest.build` its one caller with them: the family weights and
    shares returned (every family and indicator, in file order) become the request's profile,
    so below the request weights travel as a profile only.
    """
    fam_w = {f.id: profile.families.get(f.id, 0.0) for f in a.families}
    shares = {i.id: profile.indicators.get(i.id, 1.0) for i in a.indicators}
    for key, value in (overrides or {}).items():
        if not (isinstance(value, int | float) and math.isfinite(value)) or value < 0:
            raise WeightError(
                f"weight {key}={value} must be a finite number ≥ 0 (0 leaves it out).",
                kind="weight_not_finite",
                parts={"key": key, "value": value},
            )
        if value > MAX_WEIGHT:
            raise WeightError(
                f"weight {key}={value:g} is above {MAX_WEIGHT:g}, the largest taqdir accepts; "
                "weights are relative, so scale them all down.",
                kind="weight_too_large",
                parts={"key": key, "value": value, "max": MAX_WEIGHT},
            )
        if key in fam_w:
            fam_w[key] = float(value)
        elif key in shares:
            shares[key] = float(value)
        else:
            known = list(fam_w) + list(shares)
            raise UnknownNameError(
                f"--set-weight {key}: no family or indicator is called {key!r}."
                f"{did_you_mean(key, known)} Families: {', '.join(fam_w)}.",
                kind="unknown",
                parts={
                    "what": "family_or_indicator",
                    "option": "--set-weight",
                    "value": key,
                    "close": closest(key, known),
                    "known": list(fam_w),
                },
            )
    totals = dict.fromkeys(fam_w, 0.0)  # sum of shares per family
    for ind in a.indicators:
        totals[ind.family] += shares[ind.id]
    for fam, total in totals.items():
        if fam_w[fam] > 0 and total <= 0:
            raise WeightError(
                f"family {fam!r} has weight {fam_w[fam]:g} but all its "
                "indicators have share 0; give one a positive share or the family 0.",
                kind="family_shares_zero",
                parts={"family": fam, "weight": f"{fam_w[fam]:g}"},
            )
    raw = [
        fam_w[ind.family] * shares[ind.id] / totals[ind.family] if totals[ind.family] > 0 else 0.0
        for ind in a.indicators
    ]
    w = np.array(raw)
    if not w.sum() > 0:
        raise WeightError(
            "every weight is zero; at least one family needs a positive weight.",
            kind="all_weights_zero",
        )
    return w / w.sum(), fam_w, shares
