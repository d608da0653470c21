"""The report as frozen, typed values: what an assessment says, ready to render.

`report.build_report` makes a `Report`; every renderer reads these values, and one
function, `to_json`, derives the JSON report (checked by schemas/report.json). Numbers are
held as the report states them (`wording.number`: exact integers, else 4 decimal places),
so text and JSON never tell different stories. Gaps, plan, claims and the optional sections
are in sections.py; the rule reference's views (RuleView, PolicyView) close this module.

A field's JSON key is its name unless its metadata says otherwise (`key`: `from`); `omit`
drops it when None ("none"), empty ("empty") or true ("true": `applicable`), as the schema has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from .figures import FiguresSection
from .sections import (
    ClaimsSection,
    ExcludedSection,
    GapRow,
    Number,
    PartsSection,
    PlanSection,
    WaiverSection,
    omit,
)

SCHEMA_VERSION = 1


def _key(name: str) -> Any:
    return field(metadata={"key": name})


def to_json(value: Any) -> Any:
    """A report value (or any part of one) as JSON-ready data, keys in field order."""
    if is_dataclass(value) and not isinstance(value, type):
        found = {}
        for f in fields(value):
            item = getattr(value, f.name)
            left_out = f.metadata.get("omit")
            if ((left_out == "none" and item is None) or (left_out == "empty" and not item)
                    or (left_out == "true" and item is True)):
                continue
            found[f.metadata.get("key", f.name)] = to_json(item)
        return found
    if isinstance(value, (tuple, list)):
        return [to_json(item) for item in value]
    return value


# --- header ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:  # + the rules' version (load/fingerprint.py) and when (render/stamp.py)
    name: str
    version: str
    rules_version: str = omit("none", None)
    generated: str = omit("none", None)


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
    evidence: tuple[str, ...] = omit("empty", ())
    children: tuple[Trace, ...] = omit("empty", ())

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
    applicable: bool = omit("true", True)
    not_applicable_reason: str | None = omit("none")

    @property
    def top(self) -> int:  # the top level of the indicator's scale
        return self.levels[-1].level

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
    parts: PartsSection
    indicators: tuple[IndicatorRow, ...]
    target: TargetRow
    gaps: tuple[GapRow, ...]
    plan: PlanSection
    claims: ClaimsSection
    waivers: WaiverSection | None = omit("none")
    excluded_rows: ExcludedSection | None = omit("none")
    sources: FiguresSection | None = omit("none")  # where each figure comes from (figures.py)

    def gap(self, indicator: str) -> GapRow | None:
        return next((g for g in self.gaps if g.indicator == indicator), None)

    def largest_gaps(self, count: int = 3) -> list[GapRow]:  # gap-list order among equals
        return sorted(self.gaps, key=lambda g: -g.points)[:count]


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


# --- the rule reference (merit rules show, docs/rules-*.md) ------------------------------

@dataclass(frozen=True)
class LevelView:
    level: int
    description: str
    conditions: tuple[tuple[int, str], ...]  # (depth, sentence), unevaluated
    evidence: tuple[str, ...]
    remediation: tuple[str, ...]
    effort: str | None
    provenance: str


@dataclass(frozen=True)
class UsedBy:
    id: str
    name: str
    aspect: str


@dataclass(frozen=True)
class RuleView:
    """Everything about one rule, in one language; `weight` only inside a policy, when not 1."""

    id: str
    title: str
    description: str
    aspect: str
    source: str
    cumulative: bool
    levels: tuple[LevelView, ...]
    references: tuple[str, ...]
    provenance: str
    used_by: tuple[UsedBy, ...]
    weight: str | None = None
    # The rule's `applies_when` as (depth, sentence) lines; empty: it always applies.
    applies_when: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class ScoringView:
    formula: str
    scale: str
    rounding: str
    provenance: str


@dataclass(frozen=True)
class BandView:
    id: str
    name: str
    official: str
    range: str
    provenance: str


@dataclass(frozen=True)
class AspectView:
    id: str
    name: str
    weight: str
    provenance: str
    indicators: tuple[RuleView, ...]


@dataclass(frozen=True)
class PolicyView:
    id: str
    name: str
    references: tuple[str, ...]
    provenance: str
    scoring: ScoringView
    bands: tuple[BandView, ...]
    target: str
    aspects: tuple[AspectView, ...]
