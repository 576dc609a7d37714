"""The live preview of an indicator's transform: raw value → intensity, computed by the
engine's own compiled transforms (`engine.arrays.Compiled`) on a one-indicator assessment, so
the curve is the one the scores use."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from indicators.model import Indicator, Ordinal


def _tiny(ind: Indicator) -> Any:
    from scenarios.model import Assessment

    return Assessment.model_validate(
        {
            "id": "preview",
            "title": {"en": "preview", "ar": "معاينة"},
            "as_of": "2000-01-01",
            "families": [{"id": ind.family, "name": {"en": "f", "ar": "f"}}],
            "indicators": [ind.model_dump(mode="json", exclude_unset=True)],
            "scenarios": [
                {
                    "id": "s",
                    "name": {"en": "s", "ar": "s"},
                    "values": {ind.id: ind.when_no_evidence},
                }
            ],
            "profiles": [{"id": "p", "name": {"en": "p", "ar": "p"}, "families": {ind.family: 1}}],
            "tiers": [
                {"id": "lo", "name": {"en": "lo", "ar": "lo"}, "min": 0, "max": 50},
                {"id": "hi", "name": {"en": "hi", "ar": "hi"}, "min": 50, "max": 100},
            ],
        }
    )


def points(ind: Indicator, n: int = 101) -> list[dict[str, Any]]:
    """(raw value, intensity) pairs over the indicator's scale (levels for an ordinal; for an
    unbounded scale up to twice its goalpost or four half-lives)."""
    from engine.arrays import Compiled

    compiled = Compiled.of(_tiny(ind))
    t = ind.transform
    if isinstance(t, Ordinal):
        xs = np.arange(len(t.levels), dtype=float)
        labels = [lv.id for lv in t.levels]
    else:
        lo, hi = ind.scale_bounds()
        if not math.isfinite(hi):
            top = getattr(t, "high", None) or 4 * float(getattr(t, "half", 1.0))
            hi = lo + 2 * (float(top) - lo) if float(top) > lo else lo + 1.0
        xs = np.linspace(lo, hi, n)
        labels = [f"{x:g}" for x in xs]
    ys = compiled.intensities(xs[:, None])[:, 0]
    return [
        {"value": float(x), "label": lab, "intensity": float(y)}
        for x, lab, y in zip(xs, labels, ys, strict=True)
    ]


def chart(ind: Indicator, value_title: str, intensity_title: str) -> dict[str, Any]:
    """A Vega-Lite line of the curve (steps for an ordinal indicator)."""
    ordinal = isinstance(ind.transform, Ordinal)
    x: dict[str, Any] = (
        {"field": "label", "type": "ordinal", "sort": None, "title": value_title}
        if ordinal
        else {"field": "value", "type": "quantitative", "title": value_title}
    )
    return {
        "data": {"values": points(ind)},
        "mark": {"type": "line", "point": ordinal},
        "encoding": {
            "x": x,
            "y": {
                "field": "intensity",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "title": intensity_title,
            },
            "tooltip": [{"field": "label"}, {"field": "intensity", "format": ".3f"}],
        },
        "height": 160,
    }
