"""Scoring: verified levels to aspect scores, a total and a category, exactly.

All arithmetic is on Fractions; a total is only rounded where the policy says (to its
`round_to` step, down or half-up), so band edges are decided on exact values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .errors import EngineError
from .model import Aspect, Band, Policy


@dataclass(frozen=True)
class AspectScore:
    aspect: Aspect
    score: Fraction
    max_score: Fraction
    mean_level: Fraction


@dataclass(frozen=True)
class Score:
    aspects: tuple[AspectScore, ...]
    raw_total: Fraction
    total: Fraction
    band: Band
    target: Band

    @property
    def gap(self) -> Fraction:
        """Points still missing to the target band (0 once it is reached)."""
        return max(Fraction(0), self.target.min - self.total)


def weighted_mean_level(aspect: Aspect, levels: Mapping[str, int]) -> Fraction:
    weights = sum((ref.weight for ref in aspect.indicators), start=Fraction(0))
    if not weights:
        raise EngineError(f"aspect {aspect.id} has no indicators to score")
    return sum((ref.weight * levels[ref.id] for ref in aspect.indicators), start=Fraction(0)) / weights


def _weighted_levels(policy: Policy, levels: Mapping[str, int]) -> tuple[AspectScore, ...]:
    """KASN-style: total = scale x sum over aspects of weight x weighted mean level."""
    scale, top = policy.scoring.scale, policy.scoring.max_level
    return tuple(
        AspectScore(aspect, scale * aspect.weight * mean, scale * aspect.weight * top, mean)
        for aspect in policy.aspects
        for mean in [weighted_mean_level(aspect, levels)]
    )


FORMULAS: dict[str, Callable[[Policy, Mapping[str, int]], tuple[AspectScore, ...]]] = {
    "weighted-levels": _weighted_levels,
}


def round_total(raw: Fraction, step: Fraction | None, mode: str) -> Fraction:
    if step is None:
        return raw
    units = raw / step
    whole = math.floor(units) if mode == "down" else math.floor(units + Fraction(1, 2))
    return whole * step


def band_of(policy: Policy, total: Fraction) -> Band:
    last = len(policy.bands) - 1
    for index, band in enumerate(policy.bands):
        if band.contains(total, last=index == last):
            return band
    raise EngineError(f"total {float(total)} lies outside every band of policy {policy.id}")


def score(policy: Policy, levels: Mapping[str, int]) -> Score:
    """Aspect scores, total and category of `levels` (indicator id -> level) under `policy`."""
    aspects = FORMULAS[policy.scoring.formula](policy, levels)
    raw = sum((a.score for a in aspects), start=Fraction(0))
    total = round_total(raw, policy.scoring.round_to, policy.scoring.rounding)
    return Score(aspects, raw, total, band_of(policy, total), policy.band(policy.target))
