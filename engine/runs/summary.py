"""The summary of a batch run, printed after it and kept in the run store.

- tier distribution: how many variants land in each tier, per profile and method;
- the highest and lowest variants per profile and method, with their raw values;
- tipping points (`engine.runs.tipping`): per swept indicator, the raw value at which the tier
  flips, everything else at the sweep's base scenario.

Everything is plain JSON-ready data; `engine.cli.batch_view` renders it as tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.runs.export import variant_rows
from engine.runs.plan import Plan
from engine.runs.ranking import Scan
from engine.runs.tipping import tipping_points


def _extremes(
    pairs: tuple, meta: dict[str, Any], rows: dict[int, dict], tier_of
) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    out = []
    for (scores, ids), (profile, method) in zip(pairs, _groups(meta), strict=True):
        out.append(
            {
                "profile": profile,
                "method": method,
                "variants": [
                    {
                        "variant": int(v),
                        "score": float(s),
                        "tier": tier_of(float(s)),
                        "base": rows.get(int(v), {}).get("base"),
                        "sweep": rows.get(int(v), {}).get("sweep"),
                        "raw": {
                            k[4:]: val
                            for k, val in rows.get(int(v), {}).items()
                            if k.startswith("raw.")
                        },
                    }
                    for s, v in zip(scores, ids, strict=True)
                ],
            }
        )
    return out


def _groups(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(profile, method) of each group, in row order within a variant."""
    return [(p, m) for p in meta["profiles"] for m in meta["methods"]]


def build_summary(plan: Plan, meta: dict[str, Any], s: Scan, files: list[Path]) -> dict[str, Any]:
    """The run's summary as JSON-ready data."""
    import numpy as np

    tiers = meta["tiers"]
    thresholds = np.array(meta["thresholds"])

    def tier_of(score: float) -> str:
        return tiers[int(np.searchsorted(thresholds, score, side="right"))]

    wanted = sorted({int(v) for pairs in (s.highest, s.lowest) for _, ids in pairs for v in ids})
    rows = variant_rows(files, meta, wanted)
    distribution = []
    for counts, (profile, method) in zip(s.tier_counts, _groups(meta), strict=True):
        total = int(counts.sum())
        distribution.append(
            {
                "profile": profile,
                "method": method,
                "variants": total,
                "counts": {t: int(c) for t, c in zip(tiers, counts, strict=True)},
                "shares": {
                    t: (float(c) / total if total else 0.0)
                    for t, c in zip(tiers, counts, strict=True)
                },
            }
        )
    return {
        "variants": plan.total,
        "rows": plan.rows,
        "profiles": meta["profiles"],
        "methods": meta["methods"],
        "tiers": tiers,
        "distribution": distribution,
        "highest": _extremes(s.highest, meta, rows, tier_of),
        "lowest": _extremes(s.lowest, meta, rows, tier_of),
        "tipping": [line.to_json() for line in tipping_points(plan, meta["levels"])],
        "constants": meta["constants"],
    }
