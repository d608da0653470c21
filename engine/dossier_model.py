"""The dossier as the load and measure stages hand it on: the agency, its evidence
documents, its claims and answers, the figures (self-reported and measured), the survey,
the correction factor and the personnel rows left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import Problem
    from .model import Scalar, Where


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
    files: tuple[str, ...] = ()  # the table files it was computed from ("tables/pegawai.csv")
    missing: tuple[str, ...] = ()  # self-reported: the tables or columns (table.column) it lacked
    approximate: tuple[str, ...] = ()  # columns read approximately (a bare year as a date)


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
    tables_read: tuple[TableRead, ...] = ()  # each personnel file, its table and how it was read


@dataclass(frozen=True)
class TableRead:
    file: str  # relative to the dossier, e.g. "tables/Export_Data_ASN.csv"
    table: str
    read_as: str  # a built-in profile's id, "tables.yaml", or "" (merit's own shape)
    absent: tuple[str, ...] = ()  # columns its source never stores
    approximate: tuple[str, ...] = ()  # date columns read from a bare year


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
