"""Every weighting profile of an assessment at once: the same scenarios, values, method and
date, scored under each profile's own weights, so a meeting sees which lens changes the call.

`every_profile(result)` takes a scored `ScoreResult` (its intensities, method and date) and
scores it again under every profile of its file in one matrix product (the kernel aggregates
any number of weight vectors at once): ranks and tiers per profile and scenario, and where the
profiles disagree. The weights as set (the request's) come first, as the row the others are
read against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import kernel
from engine.arrays import profile_weights
from engine.score import ScoreResult

AS_SET = ""
"""The id of the first row: the weights as the request set them (a profile, or its change)."""


@dataclass(frozen=True)
class ProfileGrid:
    """Scores, ranks and tiers of each scenario (columns) under each profile (rows).

    Row 0 is the request's weights as set (`profile_ids[0] == AS_SET`); rows 1.. are the
    file's profiles in file order, each under its own weights."""

    result: ScoreResult
    profile_ids: tuple[str, ...]
    scores: np.ndarray  # (P, S)
    ranks: np.ndarray  # (P, S) 1 = deepest
    tier_index: np.ndarray  # (P, S)

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        return self.result.scenario_ids

    def top(self, p: int) -> list[int]:
        """The scenarios ranked first under row `p` (more than one on a tie)."""
        return [int(s) for s in np.flatnonzero(self.ranks[p] == 1)]

    def split(self) -> list[int]:
        """Scenarios whose tier or rank is not the same under every profile (the calls a
        choice of lens decides)."""
        rows = self.tier_index[1:], self.ranks[1:]
        return [
            s
            for s in range(len(self.scenario_ids))
            if any(len(np.unique(x[:, s])) > 1 for x in rows)
        ]

    def differs(self, p: int) -> list[int]:
        """Scenarios whose tier or rank under row `p` differs from the weights as set."""
        return [
            int(s)
            for s in np.flatnonzero(
                (self.tier_index[p] != self.tier_index[0]) | (self.ranks[p] != self.ranks[0])
            )
        ]

    def to_json(self) -> dict[str, Any]:
        """The `every_profile` object of `taqdir score --every-profile --format json`."""
        a = self.result.assessment
        tiers = [t.id for t in a.tiers]
        rows = []
        for p, pid in enumerate(self.profile_ids):
            rows.append(
                {
                    "profile": pid or None,
                    "as_set": p == 0,
                    "top": [self.scenario_ids[s] for s in self.top(p)],
                    "scenarios": {
                        sid: {
                            "score": float(self.scores[p, s]),
                            "rank": int(self.ranks[p, s]),
                            "tier": tiers[int(self.tier_index[p, s])],
                        }
                        for s, sid in enumerate(self.scenario_ids)
                    },
                    "differs": [self.scenario_ids[s] for s in self.differs(p)],
                }
            )
        return {
            "method": self.result.method,
            "as_of": self.result.as_of.isoformat(),
            "profiles": rows,
            "split": [self.scenario_ids[s] for s in self.split()],
        }


def every_profile(r: ScoreResult) -> ProfileGrid:
    """Score `r`'s scenarios (same values, method, date) under every profile of its file."""
    a = r.assessment
    w = np.vstack([r.weights] + [profile_weights(a, p)[0] for p in a.profiles])  # (P, K)
    scores = np.atleast_2d(kernel.aggregate(r.intensities, w, r.method))  # (P, S)
    thresholds = np.array([t.min for t in a.tiers[1:]])
    return ProfileGrid(
        result=r,
        profile_ids=(AS_SET, *(p.id for p in a.profiles)),
        scores=scores,
        ranks=kernel.ranks(scores),
        tier_index=kernel.tier_index(scores, thresholds),
    )
