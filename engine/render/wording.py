"""Wording shared by every report: numbers as their readers write them (`fmt` lives in
i18n, as the conditions use it too), and condition outcomes as sentences with their figures."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import EngineError
from ..evaluate.conditions import NodeResult
from ..i18n import fmt

__all__ = ["describe", "fmt", "number"]

if TYPE_CHECKING:
    from ..pipeline import Assessment


def number(value: Fraction | float | int) -> float | int:
    """A JSON number: exact where the value is a short decimal, else 4 places."""
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    return round(float(value), 4)


def describe(node: NodeResult, assessment: Assessment, lang: str) -> str:
    """One condition's outcome as a sentence with what was measured: the rule reference's
    sentence for the same condition, followed by the measured value."""
    if node.condition is None:
        raise EngineError(f"condition result {node.cid} does not say which condition it is")
    return node.condition.describe(assessment.rulebook, lang, node)
