"""The gap list and the claims against evidence, read off the evaluation that levelled
each indicator (so a gap can never disagree with the level).

Gap list: for every indicator below its top level, the unmet conditions of its next level,
what that level would add to the total, and the evidence it needs. Claims: indicators the
dossier claims above what the evidence supports, with every condition still missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..evaluate.conditions import NodeResult
from ..evaluate.inference import IndicatorResult
from ..model import Policy
from .planner import step_points


@dataclass(frozen=True)
class Gap:
    indicator: str
    aspect: str
    level: int
    next_level: int
    points: Fraction
    unmet: tuple[NodeResult, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ClaimGap:
    indicator: str
    claimed_level: int
    verified_level: int
    missing: tuple[NodeResult, ...]


def gaps(policy: Policy, results: Mapping[str, IndicatorResult]) -> list[Gap]:
    """Every applicable indicator below its top level, with what its next level still lacks."""
    points = step_points(policy, [rid for rid, result in results.items() if result.applicable])
    found = []
    for aspect, ref in policy.indicators():
        result = results[ref.id]
        upcoming = result.next_unmet()
        if upcoming is None:
            continue
        level, unmet = upcoming
        found.append(Gap(ref.id, aspect.id, result.level, level, points[ref.id], tuple(unmet),
                         ref.rule.level(level).evidence))
    return found


def claim_gaps(policy: Policy, results: Mapping[str, IndicatorResult],
               claimed: Mapping[str, int]) -> list[ClaimGap]:
    """Indicators claimed above what the evidence supports, with what is missing."""
    found = []
    for _, ref in policy.indicators():
        claim, result = claimed.get(ref.id), results[ref.id]
        if claim is None or claim <= result.level or not result.applicable:
            continue
        missing: dict[str, NodeResult] = {}
        for level in range(result.level + 1, claim + 1):
            for atom in result.unmet(level):
                missing.setdefault(atom.cid, atom)
        found.append(ClaimGap(ref.id, claim, result.level, tuple(missing.values())))
    return found
