"""Weights from judgements: AHP pairwise comparisons, rankings and swing points (numpy only).

- AHP (Saaty): weights are the principal (Perron) eigenvector of the reciprocal judgement
  matrix A, normalised to sum 1; λ_max its eigenvalue; consistency index CI = (λ_max − n)/(n − 1);
  consistency ratio CR = CI / RI(n), RI the mean CI of random reciprocal matrices of size n.
  Published RI tables differ (they come from simulations of different size), so the table is
  a choice the result always names. Above CR 0.1 (Saaty's rule of thumb) a warning names the
  judgement that disagrees most with the weights: the largest |log(a_ij · w_j / w_i)|.
- Rank-order centroid (Barron and Barrett 1996): w_i = (1/n) Σ_{j=i..n} 1/j.
- Rank sum: w_i = 2 (n + 1 − i) / (n (n + 1)).
  Tied items share the mean of the weights of the positions they occupy.
- Swing weighting: points (the top swing 100) normalised to sum 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indicators.errors import InputError

CR_THRESHOLD = 0.1


@dataclass(frozen=True)
class RandomIndexTable:
    """Mean consistency index of random reciprocal matrices, by matrix size n."""

    id: str
    citation: str
    values: dict[int, float]


RANDOM_INDEX_TABLES: dict[str, RandomIndexTable] = {
    t.id: t
    for t in (
        RandomIndexTable(
            "saaty1980",
            "Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill (RI for n ≤ 10).",
            {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
             10: 1.49},
        ),
        RandomIndexTable(
            "alonso_lamata2006",
            "Alonso, J. A. and Lamata, M. T. (2006). Consistency in the analytic hierarchy "
            "process: a new approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based "
            "Systems 14(4), 445–459 (100,000 random matrices per n; n ≤ 15).",
            {1: 0.0, 2: 0.0, 3: 0.5245, 4: 0.8815, 5: 1.1086, 6: 1.2479, 7: 1.3417,
             8: 1.4056, 9: 1.4499, 10: 1.4854, 11: 1.5141, 12: 1.5365, 13: 1.5551,
             14: 1.5713, 15: 1.5838},
        ),
    )
}  # fmt: skip
DEFAULT_TABLE = "saaty1980"

SAATY_SCALE = np.array(
    [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
)
"""The 17 values of Saaty's scale, as random-index simulations draw them."""


def random_index(n: int, table: str = DEFAULT_TABLE) -> float:
    """RI(n) from the chosen table; InputError when the table does not go that far."""
    if table not in RANDOM_INDEX_TABLES:
        choices = ", ".join(RANDOM_INDEX_TABLES)
        raise InputError(
            f"unknown random-index table {table!r}; choose one of {choices}.",
            kind="unknown",
            parts={
                "what": "random_index_table",
                "value": table,
                "known": list(RANDOM_INDEX_TABLES),
            },
        )
    values = RANDOM_INDEX_TABLES[table].values
    if n not in values:
        wider = [t.id for t in RANDOM_INDEX_TABLES.values() if n in t.values]
        hint = f" Use {' or '.join(wider)}." if wider else " Split the items into groups."
        raise InputError(
            f"the {table} random-index table stops at n = {max(values)}, "
            f"but the matrix compares {n} items.{hint}",
            kind="ri_table_short",
            parts={"table": table, "max": max(values), "n": n, "wider": wider},
        )
    return values[n]


def principal_eigen(a: np.ndarray) -> tuple[float, np.ndarray]:
    """λ_max and the Perron eigenvector (positive, summing to 1) of a positive matrix."""
    vals, vecs = np.linalg.eig(a)
    i = int(np.argmax(vals.real))
    w = np.abs(vecs[:, i].real)
    return float(vals[i].real), w / w.sum()


@dataclass(frozen=True)
class AhpResult:
    """AHP weights of `items` with their consistency, explained."""

    items: tuple[str, ...]
    matrix: np.ndarray  # (n, n) the judgements used
    weights: np.ndarray  # (n,) sums to 1
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index: float
    random_index_table: str
    worst: tuple[str, str, float, float] | None  # (i, j, judged a_ij, implied w_i / w_j)
    warnings: tuple[dict[str, str], ...] = field(default=())

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CR_THRESHOLD

    def to_json(self) -> dict[str, Any]:
        table = RANDOM_INDEX_TABLES[self.random_index_table]
        return {
            "method": "ahp",
            "weights": dict(zip(self.items, self.weights.tolist(), strict=True)),
            "lambda_max": self.lambda_max,
            "consistency_index": self.consistency_index,
            "consistency_ratio": self.consistency_ratio,
            "random_index": self.random_index,
            "random_index_table": table.id,
            "random_index_source": table.citation,
            "threshold": CR_THRESHOLD,
            "consistent": self.consistent,
            "most_inconsistent": None
            if self.worst is None
            else {
                "row": self.worst[0],
                "column": self.worst[1],
                "judged": self.worst[2],
                "implied_by_weights": self.worst[3],
            },
            "warnings": list(self.warnings),
        }


def ahp(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    items: Sequence[str] | None = None,
    table: str = DEFAULT_TABLE,
) -> AhpResult:
    """Weights and consistency of a complete reciprocal judgement matrix."""
    a = np.asarray(matrix, dtype=np.float64)
    n = a.shape[0]
    if a.ndim != 2 or a.shape != (n, n) or n < 1:
        raise InputError(
            f"a pairwise matrix must be square, got shape {a.shape}.",
            kind="matrix_not_square",
            parts={"shape": str(a.shape)},
        )
    if not np.isfinite(a).all() or (a <= 0).any():
        raise InputError(
            "every judgement must be a positive finite number.",
            kind="judgement_not_positive",
            parts={},
        )
    names = tuple(items) if items is not None else tuple(f"item{i + 1}" for i in range(n))
    if len(names) != n:
        raise InputError(
            f"{len(names)} items for a {n}×{n} matrix.",
            kind="names_for_matrix",
            parts={"count": len(names), "n": n},
        )
    ri = random_index(n, table)
    lam, w = principal_eigen(a) if n > 1 else (1.0, np.ones(1))
    # λ_max ≥ n for a reciprocal matrix; rounding may put it a hair below.
    ci = max(lam - n, 0.0) / (n - 1) if n > 2 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    worst = None
    if n > 2:
        dev = np.abs(np.log(a * w[None, :] / w[:, None]))
        i, j = np.unravel_index(int(np.argmax(np.triu(dev, 1))), dev.shape)
        worst = (names[i], names[j], float(a[i, j]), float(w[i] / w[j]))
    warnings: list[dict[str, str]] = []
    if cr > CR_THRESHOLD and worst is not None:
        wi, wj, judged, implied = worst
        warnings.append(
            {
                "en": f"consistency ratio {cr:.3f} is above {CR_THRESHOLD} ({table}): the "
                f"judgements contradict one another. The most inconsistent is {wi} against "
                f"{wj}: judged {_ratio(judged)}, the other judgements imply about "
                f"{_ratio(implied)}. Revisit it first.",
                "ar": f"نسبة الاتساق {cr:.3f} أعلى من {CR_THRESHOLD} ({table}): الأحكام "
                f"يناقض بعضها بعضًا. أكثرها تناقضًا مقارنة {wi} بـ {wj}: الحكم "
                f"{_ratio(judged)} بينما تقتضي بقية الأحكام نحو {_ratio(implied)}. "
                "راجِعها أولًا.",
            }
        )
    return AhpResult(
        items=names,
        matrix=a,
        weights=w,
        lambda_max=lam,
        consistency_index=ci,
        consistency_ratio=cr,
        random_index=ri,
        random_index_table=table,
        worst=worst,
        warnings=tuple(warnings),
    )


def _ratio(x: float) -> str:
    """3 → '3', 0.333 → '1/3', 2.4 → '2.4': how a judgement reads on Saaty's scale."""
    return f"{x:.2g}" if x >= 1 else f"1/{1 / x:.2g}"


def estimate_random_index(n: int, samples: int, rng: np.random.Generator) -> float:
    """Mean CI of random reciprocal n×n matrices with entries drawn from Saaty's 17 values.

    What the published RI tables estimate; used to check them (vectorised over matrices).
    """
    iu = np.triu_indices(n, 1)
    upper = SAATY_SCALE[rng.integers(0, len(SAATY_SCALE), (samples, len(iu[0])))]
    a = np.ones((samples, n, n))
    a[:, iu[0], iu[1]] = upper
    a[:, iu[1], iu[0]] = 1.0 / upper
    lam = np.linalg.eigvals(a).real.max(axis=1)
    return float(((lam - n) / (n - 1)).mean())


# --- rankings and swings ---------------------------------------------------------------


def _positions_to_weights(per_position: np.ndarray, groups: Sequence[Sequence[int]]) -> np.ndarray:
    """Spread per-position weights over tied groups: a tie shares its positions' mean."""
    n = len(per_position)
    out = np.empty(n)
    start = 0
    for g in groups:
        out[list(g)] = per_position[start : start + len(g)].mean()
        start += len(g)
    return out


def _check_groups(groups: Sequence[Sequence[int]]) -> int:
    order = [i for g in groups for i in g]
    if sorted(order) != list(range(len(order))) or any(len(g) == 0 for g in groups):
        raise InputError(
            "a ranking must name every item exactly once.", kind="ranking_incomplete", parts={}
        )
    return len(order)


def rank_order_centroid(groups: Sequence[Sequence[int]]) -> np.ndarray:
    """ROC weights for items ranked in `groups` (indices, most important group first)."""
    n = _check_groups(groups)
    inv = 1.0 / np.arange(1, n + 1)
    per_position = np.cumsum(inv[::-1])[::-1] / n  # (1/n) Σ_{j ≥ i} 1/j
    return _positions_to_weights(per_position, groups)


def rank_sum(groups: Sequence[Sequence[int]]) -> np.ndarray:
    """Rank-sum weights for items ranked in `groups` (indices, most important group first)."""
    n = _check_groups(groups)
    per_position = 2.0 * (n + 1 - np.arange(1, n + 1)) / (n * (n + 1))
    return _positions_to_weights(per_position, groups)


def swing(points: Sequence[float]) -> np.ndarray:
    """Swing weights: points (0–100, the most important swing 100) normalised to sum 1."""
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 1 or not np.isfinite(p).all() or (p < 0).any() or (p > 100).any():
        raise InputError(
            "swing points must be numbers from 0 to 100.", kind="swing_range", parts={}
        )
    if not p.sum() > 0:
        raise InputError(
            "all swing points are 0; give the most important swing 100.",
            kind="swing_all_zero",
            parts={},
        )
    weights: np.ndarray = p / p.sum()
    return weights


RANK_METHODS = {"roc": rank_order_centroid, "rank_sum": rank_sum}
