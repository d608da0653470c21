"""Where each figure of a report comes from: per metric value, the table files it was
computed from or the self-reported figure of answers.yaml (and, when that stands because
the tables lacked a table or column, what they lacked), with the columns read only
approximately; and per personnel file, the table it gave and how it was read (a built-in
profile, the agency's tables.yaml, or merit's own shape)."""

from __future__ import annotations

from dataclasses import dataclass

from ..dossier_model import TableRead
from ..i18n import message
from ..pipeline import Assessment
from .sections import Number, omit
from .wording import number


@dataclass(frozen=True)
class FigureRow:
    metric: str
    value: Number
    origin: str  # "tables" or "answers"
    unit: str = omit("empty", "")  # the vocabulary's unit: a ratio reads as a percentage
    files: tuple[str, ...] = omit("empty", ())  # the table files it was computed from
    note: str = omit("empty", "")  # answers.yaml's own `source:` text
    missing: tuple[str, ...] = omit("empty", ())  # what the tables lacked (self-reported figure stands)
    approximate: tuple[str, ...] = omit("empty", ())  # columns read approximately (a year as a date)


@dataclass(frozen=True)
class TableFileRow:
    file: str
    table: str
    read_as: str  # a profile's id, "tables.yaml", or "merit"
    absent: tuple[str, ...] = omit("empty", ())
    approximate: tuple[str, ...] = omit("empty", ())


@dataclass(frozen=True)
class FiguresSection:
    figures: tuple[FigureRow, ...]
    files: tuple[TableFileRow, ...] = omit("empty", ())


def figures_section(assessment: Assessment) -> FiguresSection | None:
    """Every metric value the dossier holds, by id, with its source; None without any."""
    dossier = assessment.dossier
    if not dossier.metrics:
        return None
    rows = []
    known = assessment.rulebook.vocabulary.metrics
    for mid in sorted(dossier.metrics):
        m = dossier.metrics[mid]
        origin = "tables" if m.files or m.total is not None else "answers"
        unit = known[mid].unit if mid in known else ""
        rows.append(FigureRow(mid, number(m.value), origin, unit, tuple(m.files),
                              m.source if origin == "answers" else "", tuple(m.missing), tuple(m.approximate)))
    files = tuple(TableFileRow(t.file, t.table, t.read_as or "merit", tuple(t.absent), tuple(t.approximate))
                  for t in dossier.tables_read)
    return FiguresSection(tuple(rows), files)


def read_as_line(root: str, read: TableRead, lang: str) -> str:
    """How `merit validate` says a personnel file was read."""
    how = {"": message("report.read_as.merit", lang), "tables.yaml": message("report.read_as.tables_yaml", lang)}
    text = message("report.file_read_as", lang, file=f"{root.rstrip('/')}/{read.file}", table=read.table,
                   how=how.get(read.read_as) or message("report.read_as.profile", lang, profile=read.read_as))
    if read.absent:
        text += "; " + message("report.file_absent", lang, columns=", ".join(read.absent))
    if read.approximate:
        text += "; " + message("report.figure_approximate", lang, columns=", ".join(read.approximate))
    return text
