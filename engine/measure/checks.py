"""Row checks of personnel tables, column-wise with polars.

Each check is a boolean polars expression that marks bad cells, with the message code and
the parameters its message needs. All checks of a table run in one parallel pass
(`collect_all`); only the bad cells ever become Python objects (`Problem`s).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ..errors import Problem
from .dictionary import Column, TableSpec, bound
from .metricfiles import link_column
from .nip import NIP_PROBLEMS, nip_text
from .positions import Keys, at
from .read import ROW, RawTable
from .typed import filled, first, known, nip_code, raw, typed_columns


@dataclass(frozen=True)
class Check:
    code: str
    column: str
    bad: pl.Expr
    params: dict[str, pl.Expr] = field(default_factory=dict)


def column_checks(column: Column, year: int) -> list[Check]:
    """Every check of one column: presence, form, range, uniqueness."""
    cid, there = column.id, pl.col(filled(column.id))
    value = {"value": pl.col(raw(cid))}
    checks = [_required(column, there)]
    if column.type == "nip":
        for number, name in enumerate(NIP_PROBLEMS, start=1):
            checks.append(Check(f"personnel.{name}", cid, pl.col(nip_code(cid)) == number, value))
    elif column.type != "text":
        code = {"enum": "personnel.enum", "golongan": "personnel.golongan",
                "date": "personnel.date_format", "number": "personnel.number_format",
                "integer": "personnel.integer"}[column.type]
        params = dict(value, allowed=pl.lit(", ".join(column.values)))
        checks.append(Check(code, cid, there & pl.col(cid).is_null(), params))
    checks += _range_checks(column, year)
    if column.not_before:  # both dates parsed; a missing one is no order problem
        checks.append(Check("personnel.date_order", cid, pl.col(cid) < pl.col(column.not_before),
                            dict(value, after=pl.lit(column.not_before),
                                 after_value=pl.col(raw(column.not_before)))))
    if column.unique:
        # first(cid) is the window ROW.min().over(cid), computed over the whole table
        checks.append(Check("personnel.duplicate", cid,
                            pl.col(cid).is_not_null() & (pl.col(ROW) != pl.col(first(cid))),
                            dict(value, first=pl.col(first(cid)))))
    return [c for c in checks if c is not None]


def _required(column: Column, there: pl.Expr) -> Check | None:
    if column.required:
        return Check("personnel.required", column.id, ~there)
    if column.required_if:
        other, values = column.required_if
        when = pl.col(other).is_in(list(values))
        return Check("personnel.required_if", column.id, ~there & when,
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
            if check.code == "personnel.date_order" and spec.columns[cid].not_before not in present:
                continue
            checks.append(check)
    return checks


def reference_checks(spec: TableSpec, present: Iterable[str],
                     keys: Mapping[str, Keys], looked_up: Iterable[str] = ()) -> list[Check]:
    """A NIP in a training, assessment or position row must be an employee's NIP; a post
    code in a selection row must be a position's code. The columns `looked_up` carry
    whether their value is a key already (`known`)."""
    looked_up = set(looked_up)
    checks = []
    for cid in present:
        parent = spec.columns[cid].references
        if parent and parent in keys:
            # a NIP's message says "NIP"; a post code (seleksi -> jabatan) gets its own
            nip = spec.columns[cid].type == "nip"
            code = "personnel.unknown_reference" if nip else "personnel.unknown_key"
            parent_keys = keys[parent].series
            if parent_keys.dtype == pl.Int64 and not nip:  # text against a parent keyed by NIP
                parent_keys = parent_keys.to_frame().select(nip_text(pl.col(parent_keys.name))).to_series()
            found = pl.col(known(cid)) if cid in looked_up else pl.col(cid).is_in(parent_keys.implode())
            checks.append(Check(code, cid, pl.col(cid).is_not_null() & ~found,
                                {"value": pl.col(raw(cid)), "table": pl.lit(parent)}))
    return checks


@dataclass(frozen=True, eq=False)
class Checked:
    """A table after its checks: the typed rows without problems, the problems, the
    spreadsheet numbers of the bad rows, and the key column over every row (for
    references from other tables)."""

    kept: pl.DataFrame
    rows: int
    problems: list[Problem]
    bad: pl.Series
    key: pl.Series | None


def check_table(table: RawTable, year: int, keys: Mapping[str, Keys],
                keep: Iterable[str] | None = None, exact: Collection[str] = ()) -> Checked:
    """Parse every column once and run every check of `table` in one polars plan; only
    the bad rows are ever looked at again, and only their problems become Python objects.
    The rows kept have the columns `keep` names (all columns by default), and a link to a
    table in `exact` the position of the row it names (`_parents`)."""
    spec, headers = table.spec, list(table.headers)
    columns = [spec.columns[cid] for cid in headers]
    parents, placed = _parents(spec, columns, keys, exact)
    # two columns parse side by side: polars releases the GIL, and many of its string
    # kernels use one core (same columns in the same order either way)
    with ThreadPoolExecutor(2, thread_name_prefix="merit-parse") as pool:
        done = pool.map(lambda c: typed_columns(c, table.frame.get_column(c.id), table.semicolon,
                                                parents.get(c.id), c.id in placed), columns)
        parsed = [out for outs in done for out in outs]
    stage = table.frame.select(ROW, *[pl.col(cid).alias(raw(cid)) for cid in headers]).with_columns(parsed)
    if headers:  # blank rows (every cell empty) carry nothing: exports leave them between blocks
        blank = ~pl.any_horizontal([pl.col(filled(c)) for c in headers])
        if stage.select(blank.any()).item():
            stage = stage.filter(~blank)
    plan = stage.lazy().with_columns([_first_rows(stage, c.id) for c in columns if c.unique])
    checks = table_checks(spec, headers, year) + reference_checks(spec, headers, keys, parents)
    flags = [f"__bad{i}" for i in range(len(checks))]
    plan = plan.with_columns([c.bad.fill_null(False).alias(f) for c, f in zip(checks, flags)])
    plan = plan.with_columns(pl.any_horizontal(flags).alias("__any") if flags else pl.lit(False))
    positions = [at(cid) for cid in headers if cid in placed]
    full = plan.select(ROW, *[raw(c) for c in headers], *headers, *positions,
                       *[first(c.id) for c in columns if c.unique], *flags, "__any").collect()
    del stage
    key = None
    if spec.key and spec.key in headers:  # (a NIP key as its Int64s: references compare those)
        key = full.get_column(spec.key).drop_nulls()
    bad = full.filter(pl.col("__any"))
    # a NIP column is kept as its Int64 key (a kept row's NIP is valid): a quarter of the
    # memory of its text, and what groups and joins by NIP hash fastest
    wanted = set(headers if keep is None else keep)
    kept = full.select(ROW, *[c.id for c in columns if c.id in wanted], *positions)
    if bad.height:
        kept = kept.filter(~full.get_column("__any"))
    return Checked(kept, full.height, to_problems(table, checks, flags, bad), bad.get_column(ROW), key)


def _parents(spec: TableSpec, columns: list[Column], keys: Mapping[str, Keys],
             exact: Collection[str]) -> tuple[dict[str, Keys], set[str]]:
    """The NIP columns looked up in the keys of the table they reference (once, as they
    are parsed) with those keys, and those of them that find their rows' positions: a
    table's link (its first column referencing a table) to a table in `exact`, whose
    `keys` are those of its kept rows, in order (positions.at)."""
    parents = {c.id: keys[c.references] for c in columns
               if c.type == "nip" and c.references in keys and keys[c.references].series.dtype == pl.Int64}
    links = {link_column(spec, parent) for parent in exact}
    return parents, {cid for cid in parents if cid in links}


def _first_rows(stage: pl.DataFrame, cid: str) -> pl.Expr:
    """For a unique column, the first row holding each value: ROW.min() over the value, or
    ROW itself when no value repeats (nearly always: a hash of the values, not a window)."""
    values = stage.get_column(cid).drop_nulls()
    if values.n_unique() == len(values):
        return pl.col(ROW).alias(first(cid))
    return pl.col(ROW).min().over(cid).alias(first(cid))


def to_problems(table: RawTable, checks: list[Check], flags: list[str],
                bad: pl.DataFrame) -> list[Problem]:
    """One Problem per bad cell: file, spreadsheet row, column index and header."""
    problems = []
    for check, flag in zip(checks, flags):
        rows = bad.filter(pl.col(flag))
        if not rows.height:
            continue
        rows = rows.select(ROW, *[expr.cast(pl.Utf8).alias(name) for name, expr in check.params.items()])
        header, index = table.headers[check.column]
        names = rows.columns[1:]
        for row, *values in rows.iter_rows():
            params: dict[str, Any] = {k: ("" if v is None else v) for k, v in zip(names, values)}
            params["column"] = header
            if "after" in params:  # another column, named as the file's header names it
                params["after"] = table.headers[params["after"]][0]
            problems.append(Problem(table.path, row, index, check.code, params))
    return problems
