"""Weights as percentages of the score, and the rule for locked families: pure arithmetic on
the sidebar's raw weights (family weights and indicator shares within a family, as the engine
reads them in `engine.arrays.profile_weights`), with no Streamlit in it.

A family's part of the score is its weight over the sum of the family weights; an
indicator's part is its family's part times its share over the sum of its family's shares.

The lock rule: a locked family keeps its part of the score whenever another weight moves.

- A family set to a percentage p: the locked families keep their parts, the moved family gets
  p (at most what the locked ones leave), and the other unlocked families share the rest in
  proportion to their parts before the move (equally when they all had none). The sum of the
  raw family weights stays what it was, so raw units stay comparable with the profile's.
- A family's raw weight moved (raw units shown): the moved family and the other unlocked ones
  keep their raw weights; the locked ones are rescaled so that their parts stay the same.
- An indicator set to a percentage p of the score: its family's part is unchanged (the
  indicator takes p, at most its family's part, from its family); the other indicators of the
  family share the rest of the family's part in proportion to their shares before the move.
  The sum of the family's raw shares stays what it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def parts(values: Mapping[str, float]) -> dict[str, float]:
    """Each value over their sum (all 0 when the sum is 0)."""
    total = sum(values.values())
    return {k: (v / total if total > 0 else 0.0) for k, v in values.items()}


def family_parts(families: Mapping[str, float]) -> dict[str, float]:
    """Each family's part of the score (0..1), from the raw family weights."""
    return parts(families)


def indicator_parts(
    families: Mapping[str, float],
    shares: Mapping[str, float],
    family_of: Mapping[str, str],
) -> dict[str, float]:
    """Each indicator's part of the score (0..1): its family's part times its share of the
    family's shares."""
    fam = family_parts(families)
    totals: dict[str, float] = {}
    for ind, f in family_of.items():
        totals[f] = totals.get(f, 0.0) + shares[ind]
    return {
        ind: fam[f] * shares[ind] / totals[f] if totals[f] > 0 else 0.0
        for ind, f in family_of.items()
    }


def set_family_part(
    families: Mapping[str, float], moved: str, part: float, locked: Sequence[str]
) -> dict[str, float]:
    """The raw family weights after `moved` is set to `part` (0..1) of the score, the locked
    families keeping theirs (see the module's rule)."""
    before = family_parts(families)
    total = sum(families.values()) or 1.0
    held = sum(before[f] for f in locked if f != moved and f in before)
    part = min(max(part, 0.0), max(1.0 - held, 0.0))
    others = [f for f in families if f != moved and f not in locked]
    if not others:  # nothing can give way: the moved family keeps what is left
        part = max(1.0 - held, 0.0)
    rest = max(1.0 - held - part, 0.0)
    weight = sum(before[f] for f in others)
    after = dict(before)
    after[moved] = part
    for f in others:
        after[f] = rest * (before[f] / weight if weight > 0 else 1.0 / len(others))
    return {f: after[f] * total for f in families}


def move_family_raw(
    families: Mapping[str, float], moved: str, value: float, locked: Sequence[str]
) -> dict[str, float]:
    """The raw family weights after `moved` is set to the raw `value`, the locked families
    rescaled to keep their parts of the score (see the module's rule)."""
    before = family_parts(families)
    keep = [f for f in locked if f != moved and f in families]
    held = sum(before[f] for f in keep)
    after = dict(families)
    after[moved] = value
    free = sum(v for f, v in after.items() if f not in keep)
    if not keep or held >= 1.0 or free <= 0:
        return after
    total = free / (1.0 - held)
    for f in keep:
        after[f] = before[f] * total
    return after


def set_indicator_part(
    families: Mapping[str, float],
    shares: Mapping[str, float],
    family_of: Mapping[str, str],
    moved: str,
    part: float,
) -> dict[str, float]:
    """The raw indicator shares after `moved` is set to `part` (0..1) of the score; only its
    family's shares change, and the family keeps its part (see the module's rule)."""
    fam = family_of[moved]
    fam_part = family_parts(families)[fam]
    members = [i for i, f in family_of.items() if f == fam]
    total = sum(shares[i] for i in members) or 1.0
    within = min(max(part / fam_part, 0.0), 1.0) if fam_part > 0 else 0.0
    others = [i for i in members if i != moved]
    if not others:
        within = 1.0
    weight = sum(shares[i] for i in others)
    out = dict(shares)
    out[moved] = within * total
    for i in others:
        share = shares[i] / weight if weight > 0 else 1.0 / len(others)
        out[i] = (1.0 - within) * share * total
    return out
