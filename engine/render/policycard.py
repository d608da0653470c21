"""`merit policies show ID`: one policy on one page, as text or JSON.

Aspects and weights with their provenance, every indicator with its weight and the points
(or share of the index) each of its levels scores, lowest level first, the scale, the
formula, the bands (those above the highest reachable total flagged) and the target. From
the JSON anyone can recompute a total: the sum over indicators of `points[level - min_level]`,
plus `survey_weight x scale x survey score`, minus the correction.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from ..evaluate.scoring import level_points, out_of_reach, round_total, score_range
from ..i18n import message
from ..model import Policy
from .templating import render_template


def _exact(value: Fraction | int | None) -> float | int | None:
    """A JSON number precise enough to add up (not the 4 places of a report)."""
    if value is None:
        return None
    value = Fraction(value)
    return int(value) if value.denominator == 1 else round(float(value), 12)


def _scoring(policy: Policy, lang: str) -> dict[str, Any]:
    scoring = policy.scoring
    low, high = score_range(policy)
    return {
        "formula": scoring.formula, "formula_text": message(f"policy_card.formula.{scoring.formula}", lang,
                                                              scale=_text(scoring.scale, lang),
                                                              maturity=_text(scoring.maturity_weight, lang),
                                                              survey=_text(scoring.survey_weight, lang),
                                                              reference=_text(scoring.reference_level, lang)),
        "scale": _exact(scoring.scale), "min_level": scoring.min_level, "max_level": scoring.max_level,
        "maturity_weight": _exact(scoring.maturity_weight), "survey_weight": _exact(scoring.survey_weight),
        "reference_level": _exact(scoring.reference_level),
        "round_to": _exact(scoring.round_to), "rounding": scoring.rounding if scoring.round_to else None,
        "lowest": _exact(low), "highest": _exact(round_total(high, scoring.round_to, scoring.rounding)),
        "correction": scoring.correction.get(lang) if scoring.correction else None,
        "provenance": scoring.provenance.get(lang),
    }


def _text(value: Fraction, lang: str) -> str:
    from .wording import fmt

    return fmt(value, lang, 4)


def policy_card(policy: Policy, lang: str) -> dict[str, Any]:
    """The policy as JSON-ready data, in `lang`."""
    unreachable = {band.id for band in out_of_reach(policy)}
    return {
        "id": policy.id, "name": policy.name.get(lang), "lang": lang,
        "references": [str(ref) for ref in policy.references], "provenance": policy.provenance.get(lang),
        "scoring": _scoring(policy, lang),
        "bands": [{"id": b.id, "name": b.name.get(lang), "official": b.name.id, "min": _exact(b.min),
                   "max": _exact(b.max), "reachable": b.id not in unreachable,
                   "provenance": b.provenance.get(lang)} for b in policy.bands],
        "target": policy.target,
        "aspects": [{"id": a.id, "name": a.name.get(lang), "weight": _exact(a.weight),
                     "provenance": a.provenance.get(lang), "indicators": [r.id for r in a.indicators]}
                    for a in policy.aspects],
        "indicators": [{"id": ref.id, "title": ref.rule.title.get(lang), "aspect": aspect.id,
                        "weight": _exact(ref.weight),
                        "share": _exact(aspect.weight * ref.weight / sum(r.weight for r in aspect.indicators)),
                        "points": [_exact(p) for p in level_points(policy, aspect, ref)]}
                       for aspect, ref in policy.indicators()],
    }


def render_policy_card(card: dict[str, Any], fmt_name: str) -> str:
    if fmt_name == "json":
        return json.dumps(card, ensure_ascii=False, indent=2) + "\n"
    return render_template("policy.text.j2", card["lang"], places=4, p=card)
