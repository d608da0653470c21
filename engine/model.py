"""Frozen, typed values that pass between the engine's stages.

Only the loaders see raw YAML; everything after them works on these dataclasses.
Numbers that take part in scoring are `Fraction`s, so that a total of exactly 325 is
exactly 325 and lands in the right band.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
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
    sources: tuple[str, ...] = ()  # every file it was loaded from (rule, vocabulary, metrics)


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
    sources: tuple[str, ...] = ()  # its file and those it extends

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def indicators(self) -> list[tuple[Aspect, IndicatorRef]]:
        return [(aspect, ref) for aspect in self.aspects for ref in aspect.indicators]


def as_fraction(value: Any) -> Fraction:
    """Exact value of a YAML number: 0.1 means one tenth, not the nearest double."""
    return Fraction(str(value))


# What an agency hands in: in dossier_model.py beside this module, named here too.
from .dossier_model import (  # noqa: E402
    Agency,
    Claim,
    Correction,
    Document,
    Dossier,
    ExcludedFile,
    ExcludedRows,
    MetricValue,
    Survey,
)

__all__ = ["Agency", "Claim", "Correction", "Document", "Dossier", "ExcludedFile", "ExcludedRows",
           "MetricValue", "Survey"]
