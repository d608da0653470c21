"""Reading a table file through its `Source` (tables.yaml or a built-in profile): the
header on any row, any delimiter, the source's empty-cell tokens, its header for each
merit column and its spelling of each value, into the same `RawTable` of text columns
that merit's own shape gives (read.py); the checks never know the difference.

A date column holding a bare year (an assessment app that stores only the year) is read
as 1 January of that year and the column is marked approximate: the report says so, and
which metrics it touches.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from ..errors import InputError, Problem
from .dictionary import TableSpec, normalise_header
from .profiles import header_row
from .read import (
    ROW,
    RawTable,
    _bad_utf8,
    _closest_header,
    check_text_form,
    decode,
)
from .sources import JOIN, Source, pick_header, split_joined, value_form
from .xlsx import check_inflated_size
from .xlsx import read_excel as _read_excel

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
REF = "__ref:"  # an employee-file column another table's key refers to
KEY = "__key"   # a child table's internal employee id
YEAR_ONLY = r"^\d{4}$"


@dataclass(frozen=True)
class Peek:
    """A file's first rows as cells, and how they were read."""

    rows: list[list[str | None]]
    form: str  # CSV, XLSX or Parquet
    delimiter: str = ","
    encoding: str = "UTF-8"

    def how(self) -> str:
        if self.form == "CSV":
            return f"CSV, {DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}, {self.encoding}"
        return self.form


def peek(path: Path, delimiter: str | None = None, lines: int = 40) -> Peek:
    """The first rows of a CSV or XLSX file, with the delimiter and encoding found."""
    if path.suffix.lower() == ".xlsx":  # openpyxl: blank title rows count, as in the sheet
        import openpyxl

        check_inflated_size(path)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            cells = [[None if v is None else str(v) for v in row]
                     for row in sheet.iter_rows(max_row=lines, values_only=True)]
        finally:
            book.close()
        return Peek(cells, "XLSX")
    if path.suffix.lower() == ".parquet":  # typed columns with names: the header is row 1
        frame = pl.read_parquet(path, n_rows=lines - 1).select(pl.all().cast(pl.Utf8))
        return Peek([list(frame.columns), *[list(row) for row in frame.iter_rows()]], "Parquet")
    check_text_form(path)
    with path.open("rb") as handle:
        data = handle.read(1 << 18)
    data = data[:data.rfind(b"\n") + 1] if b"\n" in data and len(data) == 1 << 18 else data
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        encoding = "UTF-8"
    except UnicodeDecodeError:
        encoding = "Windows-1252"
    text_lines = decode(data).splitlines()[:lines]
    chosen = delimiter or sniff(text_lines)
    rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(text_lines, delimiter=chosen)]
    return Peek(rows, "CSV", chosen, encoding)


def own_headers(source: Source) -> frozenset[str]:
    """The headers a source names (each part of a joined one), normalised."""
    names = [part for headers in source.columns.values() for h in headers or () for part in split_joined(h)]
    return frozenset(normalise_header(n) for n in [*names, *([source.key.column] if source.key else [])])


def sniff(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (more than one) of cells."""
    best, best_score = ",", -1
    for candidate in DELIMITERS:
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=candidate) if row)
        width, rows = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=(1, 0))
        score = rows * 1000 + width if width > 1 else -1
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_sourced(path: Path, spec: TableSpec, source: Source, specs: dict[str, TableSpec],
                 refs: tuple[str, ...] = ()) -> RawTable:
    """One file of a sourced table as text columns named by column ids (plus the key and
    the employee-file columns `refs` that other tables' keys refer to)."""
    try:
        seen = peek(path, source.delimiter)
        row = source.header_row or header_row(seen.rows, {spec.id: spec}, own_headers(source))
        header = [h or "" for h in seen.rows[row - 1]] if len(seen.rows) >= row else []
        plan, problems = plan_columns(header, spec, source, str(path), seen.how(), row)
        refs_in = {h: r for r in refs if (h := _actual(r, header)) is not None}
        key = _actual(source.key.column, header) if source.key else None
        wanted = sorted({name for parts in plan.values() for name in parts[0]} | set(refs_in) | ({key} if key else set()))
        frame = _read_full(path, seen, row, wanted)
    except InputError:
        raise
    except Exception as exc:  # polars, openpyxl and OS errors alike: the file is unusable
        raise InputError([Problem(str(path), 0, 0, "personnel.unreadable",
                                  {"detail": str(exc).splitlines()[0][:200]})]) from None
    raw = _build(frame, plan, header, spec, source, str(path), row, refs_in, tuple(problems))
    return replace(raw, semicolon=seen.form == "CSV" and seen.delimiter == ";")


Plan = dict[str, tuple[list[str], str, int]]  # cid -> (file headers, header as shown, index)


def _actual(name: str, header: list[str]) -> str | None:
    form = normalise_header(name)
    return next((h for h in header if normalise_header(h) == form), None)


def plan_columns(header: list[str], spec: TableSpec, source: Source, where: str, how: str,
                 row: int) -> tuple[Plan, list[Problem]]:
    """Which of the file's headers hold which merit column: the source's own first, then
    the dictionary's names for the rest; the required columns missing, as problems."""
    plan: Plan = {}
    for cid, candidates in source.columns.items():
        chosen = pick_header(candidates, header) if candidates else None
        if chosen is not None:
            whole = _actual(chosen, header)
            parts = [whole] if whole is not None else [_actual(p, header) or p for p in split_joined(chosen)]
            plan[cid] = (parts, JOIN.join(parts), header.index(parts[0]) + 1)
    used = {p for parts, _, _ in plan.values() for p in parts}
    for index, name in enumerate(header, start=1):
        found = spec.match_header(name)
        if found and found not in plan and found not in source.columns and name not in used:
            plan[found] = ([name], name, index)
    keyed = source.key is not None and _actual(source.key.column, header) is not None
    unused = [h for h in header if h not in used and h]
    problems = []
    for column in spec.columns.values():
        if not column.required or column.id in plan or column.id in source.absent():
            continue
        if keyed and column.type == "nip" and column.references == "pegawai":
            continue
        missing = source.key.column if source.key and column.type == "nip" else column.id
        candidate = _closest_header(column, unused)
        code = "personnel.missing_column_maybe" if candidate else "personnel.missing_column"
        problems.append(Problem(where, row, 1, code, {
            "column": missing, "aliases": ", ".join(filter(None, source.columns.get(column.id) or column.aliases[:4])),
            "candidate": candidate or "", "how": how, "found": ", ".join(header[:8]), "row": row,
            "table": spec.id}))
    return plan, problems


def _read_full(path: Path, seen: Peek, row: int, wanted: list[str]) -> pl.DataFrame:
    if seen.form == "XLSX":
        return _read_excel(path, infer_schema_length=0, read_options={"header_row": row - 1}, columns=wanted)
    if seen.form == "Parquet":
        return pl.read_parquet(path, columns=wanted).select(pl.all().cast(pl.Utf8))
    options = {"separator": seen.delimiter, "infer_schema": False, "truncate_ragged_lines": True,
               "skip_rows": row - 1, "columns": wanted}
    try:
        return pl.read_csv(path, encoding="utf8", **options)  # type: ignore[arg-type]
    except pl.exceptions.ComputeError as exc:
        if not _bad_utf8(exc):
            raise
        return pl.read_csv(decode(path.read_bytes()).encode("utf-8"), **options)  # type: ignore[arg-type]


def _build(frame: pl.DataFrame, plan: Plan, header: list[str], spec: TableSpec, source: Source,
           where: str, row: int, refs: dict[str, str], problems: tuple[Problem, ...]) -> RawTable:
    tokens = list(source.null)

    def cell(name: str) -> pl.Expr:
        value = pl.col(name).cast(pl.Utf8)
        return pl.when(value.str.strip_chars().is_in(tokens)).then(None).otherwise(value) if tokens else value

    columns, approximate = [], []
    for cid, (parts, _, _) in plan.items():
        expr = cell(parts[0]) if len(parts) == 1 else pl.concat_str([cell(p) for p in parts], separator=JOIN,
                                                                    ignore_nulls=True)
        expr = _mapped(expr, source.value_map(cid))
        if spec.columns[cid].type == "date":
            year = expr.str.strip_chars().str.contains(YEAR_ONLY)
            if frame.select(year.any()).item():
                approximate.append(cid)
            expr = pl.when(year).then(expr.str.strip_chars() + "-01-01").otherwise(expr)
        columns.append(expr.alias(cid))
    key = _actual(source.key.column, header) if source.key is not None else None
    if key is not None:
        columns.append(cell(key).str.strip_chars().alias(KEY))
    columns += [cell(h).str.strip_chars().alias(REF + name) for h, name in refs.items()]
    out = frame.select(columns).with_row_index(ROW, offset=row + 1)
    headers = {cid: (shown, index) for cid, (_, shown, index) in plan.items()}
    if key is not None and source.key is not None:  # keys.resolve puts the NIP there
        nip = next(c.id for c in spec.columns.values() if c.type == "nip" and c.references == "pegawai")
        headers.setdefault(nip, (source.key.column, header.index(key) + 1))
    return RawTable(spec, where, out, headers, problems=problems, source=source, approximate=tuple(approximate),
                    header_row=row)


def _mapped(expr: pl.Expr, mapping: dict[str, str | None]) -> pl.Expr:
    """`expr` with the values the source spells its own way replaced by merit's."""
    if not mapping:
        return expr
    form = expr.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    return form.replace_strict(list(mapping), list(mapping.values()), default=expr, return_dtype=pl.Utf8)


__all__ = ["KEY", "REF", "Peek", "peek", "plan_columns", "read_sourced", "sniff", "value_form"]
