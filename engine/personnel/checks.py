"""Row checks of personnel tables, column-wise with polars.

Each check is a boolean polars expression that marks bad cells, with the message code and
the parameters its message needs. All checks of a table run in one parallel pass
(`collect_all`); only the bad cells ever become Python objects (`Problem`s).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ..errors import Problem
from . import parse
from .dictionary import Column, TableSpec, bound
from .read import ROW, RawTable


@dataclass(frozen=True)
class Check:
    code: str
    column: str
    bad: pl.Expr
    params: dict[str, pl.Expr] = field(default_factory=dict)


def raw(cid: str) -> str:
    return f"{cid}:raw"


def typed_expr(column: Column, semicolon: bool) -> pl.Expr:
    """The parsed value of `column` (null when empty or unparseable)."""
    source = pl.col(raw(column.id))
    if column.type == "nip":
        value = parse.nip(source)
        return pl.when(nip_problem(value).is_null()).then(value).otherwise(None)
    if column.type == "enum":
        return parse.enum(source, column.values)
    if column.type == "golongan":
        return parse.golongan(source)
    if column.type == "date":
        return parse.date(source)
    if column.type in ("number", "integer"):
        number = parse.number(source, semicolon)
        if column.type == "integer":
            return pl.when(number == number.round(0)).then(number.cast(pl.Int64)).otherwise(None)
        return number
    return parse.text(source)


def typed_frame(table: RawTable) -> pl.DataFrame:
    """Raw text columns (renamed `<id>:raw`) beside their parsed values."""
    present = [table.spec.columns[cid] for cid in table.headers]
    frame = table.frame.rename({c.id: raw(c.id) for c in present})
    return frame.with_columns([typed_expr(c, table.semicolon).alias(c.id) for c in present])


def nip_problem(value: pl.Expr) -> pl.Expr:
    """The message code of what is wrong with a NIP (Perka BKN 22/2007), or null.

    Digits 1-8 are the birth date, 9-14 the CPNS start (YYYYMM), which cannot precede the
    18th birthday, 15 the sex (1 male, 2 female), 16-18 a serial number.
    """
    birth = value.str.slice(0, 8).str.to_date("%Y%m%d", strict=False)
    cpns = (value.str.slice(8, 6) + "01").str.to_date("%Y%m%d", strict=False)
    adult = (birth.dt.year() + 18) * 12 + birth.dt.month()
    return (pl.when(value.is_null()).then(None)
            .when(~value.str.contains(r"^\d{18}$")).then(pl.lit("personnel.nip_format"))
            .when(birth.is_null()).then(pl.lit("personnel.nip_birth_date"))
            .when(cpns.is_null()).then(pl.lit("personnel.nip_cpns_date"))
            .when(cpns.dt.year() * 12 + cpns.dt.month() < adult).then(pl.lit("personnel.nip_cpns_age"))
            .when(~value.str.slice(14, 1).is_in(["1", "2"])).then(pl.lit("personnel.nip_sex"))
            .otherwise(None))


def column_checks(column: Column, year: int) -> list[Check]:
    """Every check of one column: presence, form, range, uniqueness."""
    cid, text = column.id, parse.text(pl.col(raw(column.id)))
    value = {"value": pl.col(raw(cid))}
    checks = [_required(column, text)]
    if column.type == "nip":
        code = nip_problem(parse.nip(pl.col(raw(cid))))
        for name in ("nip_format", "nip_birth_date", "nip_cpns_date", "nip_cpns_age", "nip_sex"):
            checks.append(Check(f"personnel.{name}", cid, code == f"personnel.{name}", value))
    elif column.type != "text":
        code = {"enum": "personnel.enum", "golongan": "personnel.golongan",
                "date": "personnel.date_format", "number": "personnel.number_format",
                "integer": "personnel.integer"}[column.type]
        params = dict(value, allowed=pl.lit(", ".join(column.values)))
        checks.append(Check(code, cid, text.is_not_null() & pl.col(cid).is_null(), params))
    checks += _range_checks(column, year)
    if column.unique:
        first = pl.col(ROW).min().over(cid)
        checks.append(Check("personnel.duplicate", cid,
                            pl.col(cid).is_not_null() & (pl.col(ROW) != first),
                            dict(value, first=first)))
    return [c for c in checks if c is not None]


def _required(column: Column, text: pl.Expr) -> Check | None:
    if column.required:
        return Check("personnel.required", column.id, text.is_null())
    if column.required_if:
        other, values = column.required_if
        when = pl.col(other).is_in(list(values))
        return Check("personnel.required_if", column.id, text.is_null() & when,
                     {"other": pl.lit(other), "when": pl.col(other)})
    return None


def _range_checks(column: Column, year: int) -> list[Check]:
    low, high = bound(column.min, year), bound(column.max, year)
    if low is None and high is None:
        return []
    value = pl.col(column.id)
    outside = pl.lit(False)
    if low is not None:
        outside = outside | (value < pl.lit(low))
    if high is not None:
        outside = outside | (value > pl.lit(high))
    code = "personnel.date_range" if column.type == "date" else "personnel.number_range"
    return [Check(code, column.id, value.is_not_null() & outside,
                  {"value": pl.col(raw(column.id)), "min": pl.lit(str(low)),
                   "max": pl.lit(str(high))})]


def table_checks(spec: TableSpec, present: Iterable[str], year: int) -> list[Check]:
    """Checks of the columns the file has; a missing optional column is simply absent.
    A conditional requirement on a column the file lacks is dropped with it."""
    present = set(present)
    checks = []
    for cid in present:
        for check in column_checks(spec.columns[cid], year):
            other = spec.columns[cid].required_if
            if check.code == "personnel.required_if" and other and other[0] not in present:
                continue
            checks.append(check)
    return checks


def reference_checks(spec: TableSpec, present: Iterable[str],
                     keys: dict[str, pl.Series]) -> list[Check]:
    """A NIP in a training, assessment or position row must be an employee's NIP."""
    checks = []
    for cid in present:
        parent = spec.columns[cid].references
        if parent and parent in keys:
            checks.append(Check("personnel.unknown_reference", cid,
                                pl.col(cid).is_not_null() & ~pl.col(cid).is_in(keys[parent].implode()),
                                {"value": pl.col(raw(cid)), "table": pl.lit(parent)}))
    return checks


def run_checks(frame: pl.DataFrame, checks: list[Check]) -> list[pl.DataFrame]:
    """The bad rows of every check, computed in one parallel pass."""
    # Parameters are computed before filtering: a window such as the first row of a
    # duplicate must see the whole table, not only the bad rows.
    plans = [frame.lazy().select(
        pl.col(ROW), c.bad.alias("__bad"),
        *[expr.cast(pl.Utf8).alias(name) for name, expr in c.params.items()])
        .filter(pl.col("__bad")).drop("__bad")
        for c in checks]
    return pl.collect_all(plans) if plans else []


def to_problems(table: RawTable, checks: list[Check], results: list[pl.DataFrame]) -> list[Problem]:
    """One Problem per bad cell: file, spreadsheet row, column index and header."""
    problems = []
    for check, result in zip(checks, results):
        header, index = table.headers[check.column]
        for row in result.iter_rows(named=True):
            params: dict[str, Any] = {k: ("" if v is None else v) for k, v in row.items() if k != ROW}
            params["column"] = header
            problems.append(Problem(table.path, row[ROW], index, check.code, params))
    return problems


def bad_rows(results: list[pl.DataFrame]) -> pl.Series:
    """Spreadsheet numbers of the rows with at least one problem."""
    rows = [r.get_column(ROW) for r in results if r.height]
    return pl.concat(rows).unique().sort() if rows else pl.Series(ROW, [], dtype=pl.UInt32)
