"""Comparing assessments: what changed between two sides, and why; how several sides differ.

`compare(a, b)` matches scenarios by id and returns a frozen `Comparison`: per scenario the
scores, the change, tier and rank moves, contribution changes per indicator and family, and
the change split into an evidence part, a weights part and (when the methods differ) a
method part that sum exactly to it (`engine.compare.attribution`). `compare_many(sides)` gives the
matrix of scores of three or more sides, the spread per scenario and where their tiers agree.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from engine import kendall, kernel
from engine.compare.attribution import FACTORS, decompose
from engine.compare.sides import Side
from indicators.errors import InputError


def side_letter(i: int) -> str:
    return string.ascii_uppercase[i] if i < 26 else f"S{i + 1}"


def _tau(x: np.ndarray, y: np.ndarray) -> tuple[float | None, float | None]:
    """Kendall's tau-b between two rankings, and its p-value (None when undefined).

    Given scores, it ranks them first with the kernel's tolerance, so two scenarios whose
    scores differ only by rounding count as tied on every path that computes them.
    """
    if len(x) < 2:
        return None, None
    rx, ry = kernel.ranks(x), kernel.ranks(y)
    p = kendall.tau_p(rx, ry)[1]  # engine.kendall: no scipy at start-up
    return _tau_b(rx, ry), (None if math.isnan(p) else p)


def _tau_b(x: np.ndarray, y: np.ndarray) -> float | None:
    """Kendall's tau-b from the integer pair counts, so that what is exact stays exact
    (identical rankings give 1, reversed ones −1, not 0.9999999999999999 as from floating
    sums): (concordant − discordant) / √((n0 − ties in x)(n0 − ties in y)), with the square root
    taken exactly when the product is a perfect square. None when undefined (a constant
    ranking). O(S²) over the scenarios (a handful), vectorised."""
    dx = np.sign(x[:, None] - x[None, :])
    dy = np.sign(y[:, None] - y[None, :])
    upper = np.triu_indices(len(x), k=1)
    sx, sy = dx[upper].astype(np.int64), dy[upper].astype(np.int64)
    numerator = int(np.sum(sx * sy))  # concordant − discordant pairs
    product = int(np.count_nonzero(sx)) * int(np.count_nonzero(sy))
    if product == 0:
        return None
    root = math.isqrt(product)
    return numerator / root if root * root == product else numerator / math.sqrt(product)


def _match(sides: list[Side]) -> tuple[list[str], list[dict[str, Any]]]:
    """Scenario ids present on every side (in the first side's order), and the others."""
    common = [s for s in sides[0].scenario_ids if all(s in d.scenario_ids for d in sides[1:])]
    seen = set(common)
    unmatched: list[dict[str, Any]] = []
    for d in sides:
        for sid in d.scenario_ids:
            if sid not in seen:
                seen.add(sid)
                having = [side_letter(i) for i, e in enumerate(sides) if sid in e.scenario_ids]
                unmatched.append({"scenario": sid, "sides": having})
    if not common:
        raise InputError(
            "the sides share no scenario id, so nothing can be compared: "
            + "; ".join(
                f"{side_letter(i)} has {', '.join(d.scenario_ids)}" for i, d in enumerate(sides)
            )
            + ".",
            kind="no_shared_scenario",
            parts={"sides": [(side_letter(i), list(d.scenario_ids)) for i, d in enumerate(sides)]},
        )
    return common, unmatched


def _rows(side: Side, ids: list[str]) -> np.ndarray:
    index = {s: i for i, s in enumerate(side.scenario_ids)}
    return np.array([index[s] for s in ids], dtype=np.intp)


def _check_indicators(a: Side, b: Side) -> np.ndarray:
    """B's indicator columns in A's order; InputError unless both score the same indicators."""
    only_a = [k for k in a.indicator_ids if k not in b.indicator_ids]
    only_b = [k for k in b.indicator_ids if k not in a.indicator_ids]
    if only_a or only_b:
        raise InputError(
            f"sides A ({a.label}) and B ({b.label}) do not score the same indicators, so their "
            "changes cannot be split into evidence and weights"
            + (f"; only A has {', '.join(only_a)}" if only_a else "")
            + (f"; only B has {', '.join(only_b)}" if only_b else "")
            + ". Compare assessments built on the same indicators.",
            kind="different_indicators",
            parts={"a": a.label, "b": b.label, "only_a": list(only_a), "only_b": list(only_b)},
        )
    return np.array([b.indicator_ids.index(k) for k in a.indicator_ids], dtype=np.intp)


@dataclass(frozen=True)
class Comparison:
    """Side A against side B, scenario by scenario, with the reasons for every change."""

    a: Side
    b: Side
    scenario_ids: tuple[str, ...]  # matched, in A's order
    unmatched: tuple[dict[str, Any], ...]
    indicator_ids: tuple[str, ...]  # A's order
    intensities: np.ndarray  # (2, S, K): A, B
    weights: np.ndarray  # (2, K)
    factors: tuple[str, ...]  # ("evidence", "weights"[, "method"])
    corners: np.ndarray  # (2,)*n + (S,): scores with each factor from A (0) or B (1)
    parts: np.ndarray  # (n, S): they sum to the change
    parts_by_indicator: np.ndarray  # (n, S, K): they sum over indicators to the part
    family_ids: tuple[str, ...]
    family_contributions: np.ndarray  # (2, S, F)
    kendall_tau: float | None
    kendall_p: float | None

    @property
    def scores(self) -> np.ndarray:
        """(2, S): A's and B's scores (the cube's first and last corners)."""
        n = len(self.factors)
        both: np.ndarray = np.stack([self.corners[(0,) * n], self.corners[(1,) * n]])
        return both

    @property
    def delta(self) -> np.ndarray:
        delta: np.ndarray = self.scores[1] - self.scores[0]
        return delta

    @cached_property
    def contributions(self) -> np.ndarray:
        """(2, S, K) points per indicator on each side."""
        x, w = self.intensities, self.weights
        return np.stack(
            [
                kernel.contributions(x[0], w[0], self.a.method),
                kernel.contributions(x[1], w[1], self.b.method),
            ]
        )

    @cached_property
    def tier_index(self) -> np.ndarray:
        """(2, S) index into each side's own tiers."""
        s = self.scores
        return np.stack(
            [kernel.tier_index(s[0], self.a.thresholds), kernel.tier_index(s[1], self.b.thresholds)]
        )

    @cached_property
    def ranks(self) -> np.ndarray:
        """(2, S) ranks among the matched scenarios (1 = deepest)."""
        return kernel.ranks(self.scores)

    def tier_id(self, side: int, s: int) -> str:
        d = (self.a, self.b)[side]
        return d.tiers[int(self.tier_index[side, s])].id

    def tier_name(self, side: int, s: int, lang: str = "en") -> str:
        d = (self.a, self.b)[side]
        name = d.tiers[int(self.tier_index[side, s])].name
        return name.get(lang, name.get("en", ""))

    @property
    def tier_changed(self) -> np.ndarray:
        return np.array(
            [self.tier_id(0, s) != self.tier_id(1, s) for s in range(len(self.scenario_ids))]
        )

    @property
    def tier_changes(self) -> int:
        return int(self.tier_changed.sum())

    def scenario_name(self, s: int, lang: str = "en") -> str:
        sid = self.scenario_ids[s]
        name = self.a.scenario_names.get(sid) or self.b.scenario_names.get(sid) or {}
        return name.get(lang) or name.get("en") or sid

    def indicator_name(self, k: str, lang: str = "en") -> str:
        name = self.a.indicator_names.get(k) or self.b.indicator_names.get(k) or {}
        return name.get(lang) or name.get("en") or k

    def family_name(self, f: str, lang: str = "en") -> str:
        name = self.a.family_names.get(f) or self.b.family_names.get(f) or {}
        return name.get(lang) or name.get("en") or f

    @cached_property
    def parts_by_family(self) -> dict[str, np.ndarray] | None:
        """Parts summed within families `{family: (n, S)}`, when a side knows the families."""
        fam = self.a.indicator_family or self.b.indicator_family
        if not fam:
            return None
        out: dict[str, np.ndarray] = {}
        for k, ind in enumerate(self.indicator_ids):
            f = fam[ind]
            out[f] = out.get(f, 0.0) + self.parts_by_indicator[:, :, k]
        return out

    def cross_scores(self, s: int) -> dict[str, float]:
        """The score at every combination of factors, e.g. `EB_WA` = B's evidence, A's weights."""
        n = len(self.factors)
        out = {}
        for idx in np.ndindex(*(2,) * n):
            key = "_".join(
                f"{f[0].upper()}{'AB'[i]}" for f, i in zip(self.factors, idx, strict=True)
            )
            out[key] = float(self.corners[(*idx, s)])
        return out

    def to_json(self) -> dict[str, Any]:
        """The comparison contract of issue 5, plus the explanation behind each number."""
        scores, delta, ranks = self.scores, self.delta, self.ranks
        contrib = self.contributions[1] - self.contributions[0]
        fam_delta = self.family_contributions[1] - self.family_contributions[0]
        by_family = self.parts_by_family
        results = []
        for s, sid in enumerate(self.scenario_ids):
            row: dict[str, Any] = {
                "scenario": sid,
                "name": {lang: self.scenario_name(s, lang) for lang in ("en", "ar")},
                "a": float(scores[0, s]),
                "b": float(scores[1, s]),
                "delta": float(delta[s]),
                "tier_a": self.tier_id(0, s),
                "tier_b": self.tier_id(1, s),
                "tier_changed": bool(self.tier_changed[s]),
                "rank_a": int(ranks[0, s]),
                "rank_b": int(ranks[1, s]),
                "parts": {f: float(self.parts[i, s]) for i, f in enumerate(self.factors)},
                "contributions_delta": dict(
                    zip(self.indicator_ids, contrib[s].tolist(), strict=True)
                ),
                "families_delta": dict(zip(self.family_ids, fam_delta[s].tolist(), strict=True)),
                "parts_by_indicator": {
                    k: {
                        f: float(self.parts_by_indicator[i, s, j])
                        for i, f in enumerate(self.factors)
                    }
                    for j, k in enumerate(self.indicator_ids)
                },
                "cross_scores": self.cross_scores(s),
                "coverage": {
                    c: dict(d.coverage[sid]) if sid in d.coverage else None
                    for c, d in (("a", self.a), ("b", self.b))
                },
            }
            if by_family is not None:
                row["parts_by_family"] = {
                    f: {name: float(v[i, s]) for i, name in enumerate(self.factors)}
                    for f, v in by_family.items()
                }
            results.append(row)
        return {
            "kendall_tau": self.kendall_tau,
            "kendall_p": self.kendall_p,
            "tier_changes": self.tier_changes,
            "factors": list(self.factors),
            "a": self.a.describe(),
            "b": self.b.describe(),
            "weights": {
                k: {"a": float(self.weights[0, j]), "b": float(self.weights[1, j])}
                for j, k in enumerate(self.indicator_ids)
            },
            "results": results,
            "unmatched": list(self.unmatched),
        }


def compare(a: Side, b: Side) -> Comparison:
    """Compare side A with side B (scenarios matched by id)."""
    ids, unmatched = _match([a, b])
    cols = _check_indicators(a, b)
    ra, rb = _rows(a, ids), _rows(b, ids)
    x = np.stack([a.intensities[ra], b.intensities[rb][:, cols]])
    w = np.stack([a.weights, b.weights[cols]])
    parts, by_indicator, corners = decompose(x, w, (a.method, b.method))
    fams = list(a.family_ids) + [f for f in b.family_ids if f not in a.family_ids]
    fc = np.zeros((2, len(ids), len(fams)))
    for side, (d, rows) in enumerate(((a, ra), (b, rb))):
        for j, f in enumerate(d.family_ids):
            fc[side, :, fams.index(f)] = d.family_contributions[rows, j]
    n = parts.shape[0]
    tau, p = _tau(corners[(0,) * n], corners[(1,) * n])
    return Comparison(
        a=a,
        b=b,
        scenario_ids=tuple(ids),
        unmatched=tuple(unmatched),
        indicator_ids=a.indicator_ids,
        intensities=x,
        weights=w,
        factors=FACTORS[:n],
        corners=corners,
        parts=parts,
        parts_by_indicator=by_indicator,
        family_ids=tuple(fams),
        family_contributions=fc,
        kendall_tau=tau,
        kendall_p=p,
    )


@dataclass(frozen=True)
class Spread:
    """Three or more sides: the matrix of scores, the spread per scenario, tier agreement."""

    sides: tuple[Side, ...]
    scenario_ids: tuple[str, ...]
    unmatched: tuple[dict[str, Any], ...]
    scores: np.ndarray  # (N, S)
    tier_index: np.ndarray  # (N, S) into each side's own tiers
    ranks: np.ndarray  # (N, S)
    kendall_tau: np.ndarray  # (N, N) pairwise, NaN where undefined

    @property
    def spread(self) -> np.ndarray:
        """(S,) highest minus lowest score across the sides."""
        spread: np.ndarray = self.scores.max(axis=0) - self.scores.min(axis=0)
        return spread

    @property
    def std(self) -> np.ndarray:
        std: np.ndarray = self.scores.std(axis=0)
        return std

    def tier_id(self, side: int, s: int) -> str:
        return self.sides[side].tiers[int(self.tier_index[side, s])].id

    def tier_name(self, side: int, s: int, lang: str = "en") -> str:
        name = self.sides[side].tiers[int(self.tier_index[side, s])].name
        return name.get(lang, name.get("en", ""))

    @property
    def agree(self) -> np.ndarray:
        """(S,) True where every side puts the scenario in the same tier."""
        return np.array(
            [
                len({self.tier_id(i, s) for i in range(len(self.sides))}) == 1
                for s in range(len(self.scenario_ids))
            ]
        )

    def scenario_name(self, s: int, lang: str = "en") -> str:
        sid = self.scenario_ids[s]
        for d in self.sides:
            if sid in d.scenario_names:
                return d.scenario_names[sid].get(lang) or d.scenario_names[sid].get("en") or sid
        return sid

    def to_json(self) -> dict[str, Any]:
        letters = [side_letter(i) for i in range(len(self.sides))]
        agree = self.agree
        tau = [[None if math.isnan(v) else float(v) for v in row] for row in self.kendall_tau]
        return {
            "sides": [
                {"side": c, **d.describe()} for c, d in zip(letters, self.sides, strict=True)
            ],
            "kendall_tau": tau,
            "results": [
                {
                    "scenario": sid,
                    "name": {lang: self.scenario_name(s, lang) for lang in ("en", "ar")},
                    "scores": dict(zip(letters, self.scores[:, s].tolist(), strict=True)),
                    "tiers": {c: self.tier_id(i, s) for i, c in enumerate(letters)},
                    "ranks": dict(zip(letters, self.ranks[:, s].tolist(), strict=True)),
                    "spread": float(self.spread[s]),
                    "std": float(self.std[s]),
                    "tiers_agree": bool(agree[s]),
                    "coverage": {
                        c: dict(d.coverage[sid]) if sid in d.coverage else None
                        for c, d in zip(letters, self.sides, strict=True)
                    },
                }
                for s, sid in enumerate(self.scenario_ids)
            ],
            "agree": [sid for s, sid in enumerate(self.scenario_ids) if agree[s]],
            "disagree": [sid for s, sid in enumerate(self.scenario_ids) if not agree[s]],
            "unmatched": list(self.unmatched),
        }


def compare_many(sides: list[Side]) -> Spread:
    """Three or more sides (any number ≥ 2): no attribution, the matrix and its spread."""
    if len(sides) < 2:
        raise InputError("compare needs at least two sides.", kind="two_sides", parts={})
    ids, unmatched = _match(sides)
    scores = np.stack(
        [kernel.aggregate(d.intensities[_rows(d, ids)], d.weights, d.method) for d in sides]
    )
    tiers = np.stack([kernel.tier_index(scores[i], d.thresholds) for i, d in enumerate(sides)])
    n = len(sides)
    tau = np.full((n, n), np.nan)
    for i in range(n):  # pairs of sides (a handful), not evaluations
        for j in range(i, n):
            t = _tau(scores[i], scores[j])[0]
            tau[i, j] = tau[j, i] = np.nan if t is None else t
    return Spread(
        sides=tuple(sides),
        scenario_ids=tuple(ids),
        unmatched=tuple(unmatched),
        scores=scores,
        tier_index=tiers,
        ranks=kernel.ranks(scores),
        kendall_tau=tau,
    )
