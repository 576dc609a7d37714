"""Probabilities said in words, with a selectable estimative yardstick (ICD 203 or UK PHIA).

The yardsticks are data (`engine/robust/yardsticks.yaml`, next to this module). English
words are the published ones; the Arabic words are taqdir's own convention, which the data
file and the README say.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypedDict

from indicators.errors import UnknownNameError
from indicators.files import parse_yaml
from indicators.validate import validate_data
from scenarios.yardstick import Yardstick, Yardsticks

DATA = "yardsticks.yaml"


@lru_cache(maxsize=1)
def yardsticks() -> Yardsticks:
    """The built-in yardsticks, validated (cached: they never change in a process)."""
    text = resources.files("engine.robust").joinpath(DATA).read_text(encoding="utf-8")
    name = f"<built-in {DATA}>"
    data, lines = parse_yaml(text, name)
    return validate_data(data, Yardsticks, name, lines)


def yardstick_ids() -> list[str]:
    return [y.id for y in yardsticks().yardsticks]


def yardstick(yid: str | None = None) -> Yardstick:
    """A yardstick by id (default: the first, ICD 203)."""
    all_ = yardsticks().yardsticks
    if yid is None:
        return all_[0]
    for y in all_:
        if y.id == yid:
            return y
    raise UnknownNameError(
        f"unknown yardstick {yid!r}; choose one of {', '.join(yardstick_ids())}.",
        kind="unknown",
        parts={"what": "yardstick", "value": yid, "known": list(yardstick_ids())},
    )


class EstimateWords(TypedDict):
    en: str
    ar: str


class EstimateJson(TypedDict):
    """`Estimate.to_json()`: the JSON form of a probability in words."""

    probability: float
    yardstick: str
    words: EstimateWords
    in_gap: bool


@dataclass(frozen=True)
class Estimate:
    """A probability in words: the band's words, and whether it fell between two bands."""

    probability: float
    yardstick: str
    en: str
    ar: str
    in_gap: bool

    def get(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en

    def to_json(self) -> EstimateJson:
        return {
            "probability": self.probability,
            "yardstick": self.yardstick,
            "words": {"en": self.en, "ar": self.ar},
            "in_gap": self.in_gap,
        }


TIE = 1e-9
"""Distances to two bands closer than this are a tie (0.925 is as far from 0.90 as from 0.95,
though the floats differ in the last bit): the lower band wins a tie."""


def say(p: float, yid: str | None = None) -> Estimate:
    """The words for probability `p` on the yardstick.

    On a border shared by two bands the upper band wins; in a gap (PHIA) the nearer band, the
    lower one when `p` lies exactly between two (within `TIE`), flagged `in_gap`. A band with
    `max_open` does not hold its `max` (PHIA's 0.5 is in the gap).
    """
    y = yardstick(yid)
    p = min(max(float(p), 0.0), 1.0)
    bands = y.bands
    for band in reversed(bands):  # reversed: on a shared border the upper band wins
        if band.holds(p):
            return Estimate(p, y.id, band.words.en, band.words.ar, False)
    below = max((b for b in bands if b.max <= p), key=lambda b: b.max)
    above = min((b for b in bands if b.min > p), key=lambda b: b.min)
    chosen = above if (above.min - p) < (p - below.max) - TIE else below
    return Estimate(p, y.id, chosen.words.en, chosen.words.ar, True)


def sentence(subject: str, tier: str, p: float, yid: str | None, lang: str) -> str:
    """'Baseline: institutional partnership is likely (72%)', in English or Arabic."""
    e = say(p, yid)
    pct = f"{100 * p:.0f}%"
    if lang == "ar":
        return f"{subject}: {tier} — {e.ar} ({pct.replace('%', '٪')})"
    return f"{subject}: {tier} is {e.en} ({pct})"
