"""The report's sections that say what to do (gaps, the plan, claims against evidence) and
its optional ones (waivers, personnel rows left out), as frozen, typed values; model.py
holds the rest of the report and `to_json`, which reads the `omit` metadata below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

Number = Union[int, float]


def omit(when: str, default: Any = None) -> Any:
    """A field left out of the JSON when it is None (`when="none"`), empty ("empty") or
    true ("true")."""
    return field(default=default, metadata={"omit": when})


@dataclass(frozen=True)
class Concerned:
    """The personnel rows a metric condition concerns: how many, and the first keys."""

    count: int
    total: int
    sample: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """An unmet condition as a sentence with its figures."""

    id: str
    kind: str
    statement: str
    concerned: Concerned | None = omit("none")


@dataclass(frozen=True)
class GapRow:
    indicator: str
    aspect: str
    title: str
    level: int
    next_level: int
    points: Number
    unmet: tuple[Statement, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class PlanRow:
    """One level step of a plan, with the remediation of every level it climbs."""

    indicator: str
    title: str
    from_level: int
    to_level: int
    effort: Number
    points: Number
    remediation: tuple[str, ...]


@dataclass(frozen=True)
class PlanPath:
    steps: tuple[PlanRow, ...]
    effort: Number
    step_count: int
    total_after: Number
    category_after: str
    category_after_name: str


@dataclass(frozen=True)
class PlanTarget:
    category: str
    category_id: str
    category_name: str
    threshold: Number


@dataclass(frozen=True)
class PlanSection:
    target: PlanTarget
    reachable: bool
    already_reached: bool
    best_total: Number
    best_category: str
    best_category_name: str
    cheapest: PlanPath | None
    fewest_steps: PlanPath | None


@dataclass(frozen=True)
class ClaimRow:
    """An indicator claimed above (with what is `missing`) or below its verified level."""

    indicator: str
    title: str
    claimed_level: int
    verified_level: int
    missing: tuple[Statement, ...] | None = omit("none")


@dataclass(frozen=True)
class ClaimsSection:
    claimed_total: Number
    claimed_category: str
    verified_total: Number
    verified_category: str
    over_claimed: tuple[ClaimRow, ...]
    under_claimed: tuple[ClaimRow, ...]
    unclaimed: tuple[str, ...]
    # The categories in the report's language (the two above are the official names).
    claimed_category_name: str | None = omit("none")
    verified_category_name: str | None = omit("none")


# --- waivers and the personnel rows left out ---------------------------------------------

@dataclass(frozen=True)
class WaiverRow:
    target: str
    indicator: str
    justification: str
    approver: str
    expires: str
    in_policy: bool


@dataclass(frozen=True)
class WaiverSection:
    file: str
    applied: tuple[WaiverRow, ...]
    expired: tuple[WaiverRow, ...]
    total_before: Number
    category_before: str
    total_after: Number
    category_after: str


@dataclass(frozen=True)
class ExcludedFileRow:
    file: str
    excluded: int
    rows: int


@dataclass(frozen=True)
class ExcludedProblemRow:
    file: str
    row: int
    column: int
    header: str
    code: str
    message: str


@dataclass(frozen=True)
class ExcludedSection:
    threshold: float
    rows: int
    files: tuple[ExcludedFileRow, ...]
    problems: tuple[ExcludedProblemRow, ...]


# --- the terms the total is the sum of -----------------------------------------------------

@dataclass(frozen=True)
class PartsSection:
    """What the total adds up from: the maturity (the aspects' rows: the level-based part),
    the survey and the correction (negative). The rows, printed with `places` decimals, add
    up to `sum`, brought to the total by `rounding` to a multiple of `round_to`. `highest`
    is the highest total the policy can give (every indicator at its top level, survey 1, no
    correction); `out_of_reach` the bands above it."""

    formula: str
    maturity: Number
    survey: Number
    correction: Number
    sum: Number
    places: int
    round_to: Number | None
    rounding: str
    highest: Number
    out_of_reach: tuple[str, ...]
    survey_weight: Number | None = omit("none")
    survey_score: Number | None = omit("none")
    correction_reason: str | None = omit("none")
