"""The summary of a batch run, printed after it and kept in the run store.

- tier distribution: how many variants land in each tier, per profile and method;
- the highest and lowest variants per profile and method, with their raw values;
- tipping points (`engine.runs.tipping`): per swept indicator, the raw value at which the tier
  flips, everything else at the sweep's base scenario.

Everything is plain JSON-ready data; `engine.cli.batch_view` renders it as tables.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.runs.export import variant_rows
from engine.runs.plan import Plan
from engine.runs.ranking import Extremes, Scan
from engine.runs.record import RunRecord
from engine.runs.tipping import tipping_points


def _extremes(
    pairs: tuple[Extremes, ...],
    record: RunRecord,
    rows: dict[int, dict[str, Any]],
    tier_of: Callable[[float], str],
) -> list[dict[str, Any]]:
    out = []
    for (scores, ids), (profile, method) in zip(pairs, record.group_keys, strict=True):
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


def build_summary(plan: Plan, record: RunRecord, s: Scan, files: list[Path]) -> dict[str, Any]:
    """The run's summary as JSON-ready data."""
    import numpy as np

    tiers = list(record.tiers)
    thresholds = np.array(record.thresholds)

    def tier_of(score: float) -> str:
        return tiers[int(np.searchsorted(thresholds, score, side="right"))]

    wanted = sorted({int(v) for pairs in (s.highest, s.lowest) for _, ids in pairs for v in ids})
    rows = variant_rows(files, record, wanted)
    distribution = []
    for counts, (profile, method) in zip(s.tier_counts, record.group_keys, strict=True):
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
        "profiles": list(record.profiles),
        "methods": list(record.methods),
        "tiers": tiers,
        "distribution": distribution,
        "highest": _extremes(s.highest, record, rows, tier_of),
        "lowest": _extremes(s.lowest, record, rows, tier_of),
        "tipping": [line.to_json() for line in tipping_points(plan, record.levels)],
        "constants": dict(record.constants),
    }
