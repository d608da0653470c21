"""The report as frozen, typed values: what an assessment says, ready to render.

`report.build_report` makes a `Report` from an assessment; every renderer (templates,
checklists) reads these values, and the JSON report is derived from them by one function,
`to_json`, then validated against schemas/report.json. Numbers are held as the report
states them (`wording.number`: exact integers, else 4 decimal places), so that the text
and the JSON can never tell different stories.

A field's JSON key is its name unless its metadata says otherwise (`key`, for names that
are Python keywords such as `from`); `omit` drops a field from the JSON when it is None
("none") or empty ("empty"), as the published schema has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Union

Number = Union[int, float]
SCHEMA_VERSION = 1


def _key(name: str) -> Any:
    return field(metadata={"key": name})


def _omit(when: str, default: Any = None) -> Any:
    return field(default=default, metadata={"omit": when})


def to_json(value: Any) -> Any:
    """A report value (or any part of one) as JSON-ready data, keys in field order."""
    if is_dataclass(value) and not isinstance(value, type):
        found = {}
        for f in fields(value):
            item = getattr(value, f.name)
            omit = f.metadata.get("omit")
            if (omit == "none" and item is None) or (omit == "empty" and not item):
                continue
            found[f.metadata.get("key", f.name)] = to_json(item)
        return found
    if isinstance(value, (tuple, list)):
        return [to_json(item) for item in value]
    return value


# --- header ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:
    name: str
    version: str


@dataclass(frozen=True)
class PolicyRow:
    id: str
    name: str


@dataclass(frozen=True)
class AgencyRow:
    name: str
    kind: str
    assessment_year: int


@dataclass(frozen=True)
class BandRow:
    id: str
    name: str
    min: Number
    max: Number


@dataclass(frozen=True)
class AspectRow:
    id: str
    name: str
    weight: Number
    score: Number
    max_score: Number
    mean_level: Number
    indicators: tuple[str, ...]


# --- indicators, with the trace of every level's conditions ------------------------------

@dataclass(frozen=True)
class Trace:
    """One condition as evaluated: held or not, as a sentence, with the documents it matched."""

    id: str
    kind: str
    held: bool
    statement: str
    evidence: tuple[str, ...] = _omit("empty", ())
    children: tuple[Trace, ...] = _omit("empty", ())

    def documents(self) -> tuple[str, ...]:
        """The document numbers matched here and below, in trace order (repeats kept)."""
        return self.evidence + tuple(n for child in self.children for n in child.documents())


@dataclass(frozen=True)
class LevelRow:
    level: int
    held: bool
    reached: bool
    description: str
    conditions: Trace | None


@dataclass(frozen=True)
class NextLevel:
    level: int
    unmet: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    aspect: str
    title: str
    level: int
    claimed_level: int | None
    next_level: NextLevel | None
    levels: tuple[LevelRow, ...]

    def evidence(self) -> list[str]:
        """The document numbers its condition traces matched, first seen first."""
        found = (n for lr in self.levels if lr.conditions for n in lr.conditions.documents())
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class TargetRow:
    category: str
    category_id: str
    category_name: str
    threshold: Number
    gap: Number
    reached: bool


# --- what to do: gaps, plan, claims ------------------------------------------------------

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
    concerned: Concerned | None = _omit("none")


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
    missing: tuple[Statement, ...] | None = _omit("none")


@dataclass(frozen=True)
class ClaimsSection:
    claimed_total: Number
    claimed_category: str
    verified_total: Number
    verified_category: str
    over_claimed: tuple[ClaimRow, ...]
    under_claimed: tuple[ClaimRow, ...]
    unclaimed: tuple[str, ...]


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


# --- the report, and several side by side ------------------------------------------------

@dataclass(frozen=True)
class Report:
    schema_version: int
    tool: Tool
    lang: str
    policy: PolicyRow
    agency: AgencyRow
    total: Number
    raw_total: Number
    max_total: Number
    category: str
    category_id: str
    category_name: str
    bands: tuple[BandRow, ...]
    aspects: tuple[AspectRow, ...]
    indicators: tuple[IndicatorRow, ...]
    target: TargetRow
    gaps: tuple[GapRow, ...]
    plan: PlanSection
    claims: ClaimsSection
    waivers: WaiverSection | None = _omit("none")
    excluded_rows: ExcludedSection | None = _omit("none")

    def gap(self, indicator: str) -> GapRow | None:
        return next((g for g in self.gaps if g.indicator == indicator), None)


@dataclass(frozen=True)
class CrosswalkRow:
    """One mapping between an indicator of the first policy and one of another."""

    source: str = _key("from")
    source_title: str = _key("from_title")
    source_level: int = _key("from_level")
    relation: str = _key("relation")
    target: str = _key("to")
    target_title: str = _key("to_title")
    target_level: int = _key("to_level")


@dataclass(frozen=True)
class CrosswalkView:
    id: str
    source: str = _key("from")
    target: str = _key("to")
    mappings: tuple[CrosswalkRow, ...] = _key("mappings")


@dataclass(frozen=True)
class SideBySide:
    """One dossier's reports under several policies, with the crosswalks between them."""

    schema_version: int
    lang: str
    reports: tuple[Report, ...]
    crosswalks: tuple[CrosswalkView, ...]
