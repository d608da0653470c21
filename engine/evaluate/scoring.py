"""Scoring: verified levels to aspect scores, a total and a category, exactly.

All arithmetic is on Fractions; a total is only rounded where the policy says (to its
`round_to` step, down or half-up), so band edges are decided on exact values.

Two formulas, chosen by the policy's `scoring.formula`:
- weighted-levels (KASN 2019): total = scale x sum over aspects of weight x mean level.
- maturity-index (PermenPANRB 19/2025): index = maturity_weight x sum over aspects of
  weight x mean level / reference_level, plus survey_weight x the survey score, minus the
  dossier's correction factor when the policy admits one (`scoring.correction`).

`Score.parts` holds those terms (maturity, survey, correction: the last one negative), so
that a report's rows add up to its total before rounding.

Levels run over the policy's scale (`min_level`-`max_level`: 1-4 for KASN, 0-4 for the 2026
worksheet); the mean level of an aspect is its indicators' weighted mean on that scale.

Not applicable indicators (a rule's `applies_when` that does not hold) are those absent from
the `levels` given to `score`: as XCCDF's notapplicable, they drop out of both sides of their
aspect's weighted mean, so they change nothing but its denominator.
ASSUMPTION: an aspect whose every indicator is not applicable scores 0 of a maximum of 0,
and its weight is NOT redistributed over the other aspects: the total is still the plain
weighted sum, so its reachable maximum is lower by that aspect's share. The 2026 worksheet
(instrument-2026.md) does not say how gated questions are treated; with its gates every
aspect keeps at least two applicable questions, so this case is a guard, kept explicit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import EngineError
from ..model import Aspect, Band, Correction, IndicatorRef, Policy, Survey


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
    parts: dict[str, Fraction] = field(default_factory=dict)

    @property
    def gap(self) -> Fraction:
        """Points still missing to the target band (0 once it is reached)."""
        return max(Fraction(0), self.target.min - self.total)


def weighted_mean_level(aspect: Aspect, levels: Mapping[str, int]) -> Fraction:
    """The weighted mean level of the aspect's applicable indicators (those in `levels`);
    0 when none is applicable."""
    if not aspect.indicators:
        raise EngineError(f"aspect {aspect.id} has no indicators to score")
    refs = [ref for ref in aspect.indicators if ref.id in levels]
    weights = sum((ref.weight for ref in refs), start=Fraction(0))
    if not weights:
        return Fraction(0)
    return sum((ref.weight * levels[ref.id] for ref in refs), start=Fraction(0)) / weights


def applicable(aspect: Aspect, levels: Mapping[str, int]) -> bool:
    """Whether any indicator of the aspect is applicable (present in `levels`)."""
    return any(ref.id in levels for ref in aspect.indicators)


def _aspect_factor(policy: Policy) -> Fraction:
    """What one level point of a whole-weight aspect adds to the total."""
    scoring = policy.scoring
    if scoring.formula == "maturity-index":
        return scoring.scale * scoring.maturity_weight / scoring.reference_level
    return scoring.scale


def _aspects(policy: Policy, levels: Mapping[str, int]) -> tuple[AspectScore, ...]:
    factor, top = _aspect_factor(policy), policy.scoring.max_level
    return tuple(
        AspectScore(aspect, factor * aspect.weight * mean, factor * aspect.weight * top * on, mean)
        for aspect in policy.aspects
        for mean, on in [(weighted_mean_level(aspect, levels), applicable(aspect, levels))]
    )


def _weighted_levels(policy: Policy, aspects: tuple[AspectScore, ...],
                     survey: Survey | None) -> dict[str, Fraction]:
    return {"levels": sum((a.score for a in aspects), start=Fraction(0))}


def _maturity_index(policy: Policy, aspects: tuple[AspectScore, ...],
                    survey: Survey | None) -> dict[str, Fraction]:
    scoring = policy.scoring
    survey_part = scoring.scale * scoring.survey_weight * (survey.score if survey else Fraction(0))
    return {"maturity": sum((a.score for a in aspects), start=Fraction(0)), "survey": survey_part}


FORMULAS: dict[str, Callable[[Policy, tuple[AspectScore, ...], Survey | None], dict[str, Fraction]]] = {
    "weighted-levels": _weighted_levels,
    "maturity-index": _maturity_index,
}


def _correction(policy: Policy, parts: dict[str, Fraction], correction: Correction | None) -> dict[str, Fraction]:
    """The correction part (negative): the factor, never more than the index it lowers."""
    if policy.scoring.correction is None:
        return {}
    value = correction.value if correction else Fraction(0)
    return {"correction": -min(value, sum(parts.values(), start=Fraction(0)))}


def level_points(policy: Policy, aspect: Aspect, ref: IndicatorRef) -> tuple[Fraction, ...]:
    """What each level of one indicator adds to the total (its share of the index, for the
    maturity index), lowest level first: the total is the sum of every indicator's points
    at its level, plus the survey part, minus the correction."""
    weights = sum((r.weight for r in aspect.indicators), start=Fraction(0))
    share = _aspect_factor(policy) * aspect.weight * ref.weight / weights
    return tuple(share * level for level in range(policy.scoring.min_level, policy.scoring.max_level + 1))


def score_range(policy: Policy) -> tuple[Fraction, Fraction]:
    """The lowest and highest total the policy's formula can give (before rounding): the
    highest with every indicator at the top level, a survey score of 1 and no correction."""
    scoring, factor = policy.scoring, _aspect_factor(policy)
    low = factor * scoring.min_level
    high = factor * scoring.max_level
    if scoring.formula == "maturity-index":
        high += scoring.scale * scoring.survey_weight
    return low, high


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


def out_of_reach(policy: Policy) -> tuple[Band, ...]:
    """The bands no total can reach: those starting above the highest total."""
    high = round_total(score_range(policy)[1], policy.scoring.round_to, policy.scoring.rounding)
    return tuple(band for band in policy.bands if band.min > high)


def score(policy: Policy, levels: Mapping[str, int], survey: Survey | None = None,
          correction: Correction | None = None) -> Score:
    """Aspect scores, total and category of `levels` (indicator id -> level) under `policy`;
    an indicator of the policy absent from `levels` is not applicable."""
    aspects = _aspects(policy, levels)
    parts = FORMULAS[policy.scoring.formula](policy, aspects, survey)
    parts |= _correction(policy, parts, correction)
    raw = sum(parts.values(), start=Fraction(0))
    total = round_total(raw, policy.scoring.round_to, policy.scoring.rounding)
    return Score(aspects, raw, total, band_of(policy, total), policy.band(policy.target), parts)
