"""Raw indicator values as an analyst reads them: an ordinal level by its name, a count with its
unit. Positions between two levels (a graded range) are named by both neighbours."""

from __future__ import annotations

import html
import math

from indicators.model import Indicator, Ordinal
from indicators.plurals import with_unit


def given_value(ind: Indicator, value: float | str, lang: str) -> str:
    """A value as written in the file (a level id or a number), in words where it has them."""
    t = ind.transform
    if isinstance(t, Ordinal):
        for level in t.levels:
            if level.id == value:
                return level.name.get(lang)
        return str(value)
    if ind.unit is None:
        return f"{float(value):g}"
    return with_unit(float(value), ind.unit.get(lang), lang)  # "1 visit", not "1 visits"


def evidence_value(
    ind: Indicator,
    value: float | str,
    low: float | str | None,
    high: float | str | None,
    lang: str,
) -> str:
    """An evidence item's value with its explicit range, e.g. "30 (0–50) persons"."""
    if low is None and high is None:
        return given_value(ind, value, lang)
    lo = value if low is None else low
    hi = value if high is None else high
    if isinstance(ind.transform, Ordinal):
        names = [given_value(ind, v, lang) for v in (value, lo, hi)]
        return f"{names[0]} ({names[1]} – {names[2]})"
    unit = f" {ind.unit.get(lang)}" if ind.unit is not None else ""
    return f"{float(value):g} ({float(lo):g}–{float(hi):g}){unit}"


def raw_value(ind: Indicator, x: float, lang: str) -> str:
    """A raw number from the engine (an ordinal position for ordinal indicators)."""
    t = ind.transform
    if isinstance(t, Ordinal):
        if math.isclose(x, round(x), abs_tol=1e-9):
            return t.levels[round(x)].name.get(lang)
        lo, hi = math.floor(x), math.ceil(x)
        return f"{t.levels[lo].name.get(lang)} – {t.levels[hi].name.get(lang)} ({x:.2f})"
    return f"{x:.4g}"


def ltr(text: str) -> str:
    """HTML for a number that must stay left to right in an Arabic page."""
    return f'<span class="num">{html.escape(text)}</span>'
