"""Frozen, typed values that pass between the engine's stages.

Only the loaders see raw YAML; everything after them works on these dataclasses.
Numbers that take part in scoring are `Fraction`s, so that a total of exactly 325 is
exactly 325 and lands in the right band.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from .errors import Problem
    from .evaluate.conditions import Condition

Scalar = Union[str, int, float, bool]


@dataclass(frozen=True)
class Text:
    """A text in Bahasa Indonesia and English."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en}


@dataclass(frozen=True)
class Where:
    """Where a value came from, for messages that point back into the input."""

    file: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Reference:
    regulation: str
    article: str = ""
    note: str = ""

    def __str__(self) -> str:
        return f"{self.regulation}, {self.article}" if self.article else self.regulation


@dataclass(frozen=True)
class DocumentType:
    id: str
    name: Text
    act: str
    validity_years: int | None
    provenance: Text


@dataclass(frozen=True)
class MetricDef:
    """A metric's single home (rules/vocabulary.yaml); how it is computed, if it is, is in
    rules/metrics/*.yaml under the same id."""

    id: str
    title: Text
    unit: str
    references: tuple[Reference, ...] = ()
    provenance: Text = Text("", "")


@dataclass(frozen=True)
class StatementDef:
    id: str
    question: Text
    type: str
    # A `choice` statement's options: option -> the agency kinds it fits (None: any kind).
    options: dict[str, tuple[str, ...] | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    document_types: dict[str, DocumentType] = field(default_factory=dict)
    metrics: dict[str, MetricDef] = field(default_factory=dict)
    statements: dict[str, StatementDef] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    level: int
    description: Text
    conditions: Condition | None
    evidence: tuple[str, ...] = ()
    remediation: tuple[Text, ...] = ()
    effort: Fraction | None = None
    provenance: Text = Text("", "")


@dataclass(frozen=True)
class Rule:
    id: str
    title: Text
    description: Text
    cumulative: bool
    references: tuple[Reference, ...]
    provenance: Text
    levels: tuple[Level, ...]
    where: Where
    aspect_hint: str = ""
    levels_from: int = 1  # the number of the first (floor) level: 1, or 0 for 0-4 worksheets
    # When it does not hold, the indicator is not applicable (drops out of its aspect).
    applies_when: Condition | None = None

    def level(self, number: int) -> Level:
        return self.levels[number - self.levels_from]

    @property
    def top(self) -> int:
        return self.levels_from + len(self.levels) - 1

    def conditions(self) -> list[Condition]:
        """Every condition tree of the rule: its levels' and its `applies_when`."""
        roots = [level.conditions for level in self.levels if level.conditions]
        return roots + ([self.applies_when] if self.applies_when else [])


@dataclass(frozen=True)
class Rulebook:
    """Every rule and the vocabulary they are written in."""

    rules: dict[str, Rule]
    vocabulary: Vocabulary


@dataclass(frozen=True)
class Band:
    id: str
    name: Text
    min: Fraction
    max: Fraction
    provenance: Text

    def contains(self, total: Fraction, *, last: bool) -> bool:
        return self.min <= total < self.max or (last and total == self.max)


@dataclass(frozen=True)
class Scoring:
    formula: str
    scale: Fraction
    round_to: Fraction | None
    provenance: Text
    rounding: str = "down"
    min_level: int = 1
    max_level: int = 4
    maturity_weight: Fraction = Fraction(1)
    survey_weight: Fraction = Fraction(0)
    reference_level: Fraction = Fraction(4)
    correction: Text | None = None  # the policy subtracts a dossier's correction factor; why


@dataclass(frozen=True)
class IndicatorRef:
    rule: Rule
    weight: Fraction

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Aspect:
    id: str
    name: Text
    weight: Fraction
    provenance: Text
    indicators: tuple[IndicatorRef, ...]


@dataclass(frozen=True)
class Policy:
    id: str
    name: Text
    provenance: Text
    scoring: Scoring
    bands: tuple[Band, ...]
    target: str
    aspects: tuple[Aspect, ...]
    where: Where
    references: tuple[Reference, ...] = ()

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def indicators(self) -> list[tuple[Aspect, IndicatorRef]]:
        return [(aspect, ref) for aspect in self.aspects for ref in aspect.indicators]


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str
    assessment_year: int
    code: str = ""
    region: str = ""


@dataclass(frozen=True)
class Document:
    type: str
    number: str
    title: str
    issued: date
    status: str
    where: Where
    valid_from: date | None = None
    valid_until: date | None = None
    issuer: str = ""
    file: str = ""

    def in_force_years(self) -> tuple[int, int]:
        """First and last calendar year the document is in force (9999: open-ended)."""
        start = (self.valid_from or self.issued).year
        return start, (self.valid_until.year if self.valid_until else 9999)


@dataclass(frozen=True)
class Claim:
    indicator: str
    claimed_level: int
    evidence: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class MetricValue:
    name: str
    value: float
    source: str
    passed: int | None = None      # rows meeting the metric's test, when computed from tables
    total: int | None = None       # rows in the metric's population
    failing: Sequence[str] = ()  # keys (NIP, post id) of the rows that fail, for auditors


@dataclass(frozen=True)
class Survey:
    score: Fraction
    source: str
    respondents: int | None = None


@dataclass(frozen=True)
class Correction:
    """The correction factor (faktor koreksi) the evaluator sets for violations, in the
    policy's total units, and why."""

    value: Fraction
    reason: str


@dataclass(frozen=True)
class Dossier:
    root: str
    agency: Agency
    documents: tuple[Document, ...]
    claims: dict[str, Claim]
    statements: dict[str, Scalar]
    metrics: dict[str, MetricValue]
    survey: Survey | None = None
    excluded: ExcludedRows | None = None  # personnel rows left out under the bad-row threshold
    correction: Correction | None = None


@dataclass(frozen=True)
class ExcludedFile:
    file: str  # relative to the dossier, e.g. "tables/pegawai.csv"
    excluded: int  # rows left out
    rows: int  # data rows read


@dataclass(frozen=True)
class ExcludedRows:
    """Rows of the personnel tables left out of the metrics because they have problems
    (no more than tables.yaml's max_bad_row_share of any file), each problem with its
    file, row and column (problem.file is relative to the dossier)."""

    threshold: float
    files: tuple[ExcludedFile, ...]
    problems: tuple[Problem, ...]

    @property
    def rows(self) -> int:
        return sum(f.excluded for f in self.files)


def as_fraction(value: Any) -> Fraction:
    """Exact value of a YAML number: 0.1 means one tenth, not the nearest double."""
    return Fraction(str(value))
