"""Models of estimative-language yardsticks: the words that say a probability (pydantic v2).

A yardstick splits [0, 1] into bands, each with its words in English and Arabic. The data live
in `engine/robust/yardsticks.yaml`, next to the code that loads them (`engine.robust.words`).
"""

from __future__ import annotations

import itertools
from typing import Annotated

from pydantic import Field, model_validator

from indicators.model import Identifier, Strict, Text

Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class Band(Strict):
    """One band of a yardstick, `min` to `max` (inclusive), with its words."""

    min: Probability
    max: Probability
    words: Text
    also: Text | None = None
    """Synonyms the yardstick allows (e.g. ICD 203's second column)."""
    max_open: bool = False
    """True when the band stops below `max` (PHIA: "realistic possibility", 40% to below
    50%): a probability exactly at `max` is then outside it."""

    def holds(self, p: float) -> bool:
        """Whether probability `p` lies in the band."""
        return self.min <= p < self.max if self.max_open else self.min <= p <= self.max


class Yardstick(Strict):
    """A published scale of estimative words, with its source."""

    id: Identifier
    name: Text
    source: str
    note: Text | None = None
    bands: Annotated[list[Band], Field(min_length=2)]

    @model_validator(mode="after")
    def _ordered(self) -> Yardstick:
        bands = self.bands
        if bands[0].min != 0.0 or bands[-1].max != 1.0:
            raise ValueError(f"yardstick {self.id!r} must cover 0 to 1")
        for a, b in itertools.pairwise(bands):
            if not (a.min < a.max <= b.min < b.max):
                raise ValueError(
                    f"yardstick {self.id!r}: bands must increase without overlapping "
                    f"({a.min:g}–{a.max:g} then {b.min:g}–{b.max:g})"
                )
        return self


class Yardsticks(Strict):
    """The file of yardsticks; the first is the default."""

    arabic_terms: Text
    """Where the Arabic words come from (they are taqdir's own convention)."""
    yardsticks: Annotated[list[Yardstick], Field(min_length=1)]
