"""Metrics declared in YAML (rules/metrics/*.yaml), compiled to polars expressions.

A metric is an aggregate over one table's rows (`where` picks the population), possibly
with per-row values aggregated from a related table (`derive`, joined on the NIP column
that references the population table). Types:
  ratio     share of the population meeting `pass`
  coverage  share of the population with at least one row in `of` (a ratio in disguise)
  count     number of rows in the population
  mean      mean of `column` over the population
Each result also lists the rows that fail (`pass` not met), for auditors. Only the value
ever leaves this module for the rules engine: never a per-employee row.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from ..errors import InputError, Problem, closest
from .derived import DERIVED_SOURCES, enrich
from .dictionary import table_specs
from .metricfiles import link_column
from .metricspecs import Filter, MetricSpec, load_metric_specs
from .read import ROW
from .related import GROUP, Related, related_values
from .tables import Personnel


@dataclass(frozen=True)
class GroupValue:
    group: str
    value: float | None
    passed: int
    total: int


@dataclass(frozen=True, eq=False)
class MetricResult:
    id: str
    value: float | None  # None when the population is empty: nothing to measure
    passed: int
    total: int
    groups: tuple[GroupValue, ...]
    failing: pl.DataFrame  # ROW, key column(s) of the rows that fail (NIPs as their Int64 keys:
    # outcome.RowKeys writes out as NIPs only the few a report shows)
    source: str  # the table files, comma-separated
    note: str = ""  # what the source adds (datakinds.py: the kinds found)





# --- compiling and computing -------------------------------------------------------------

def resolve(value: Any, year: int) -> Any:
    """A filter value: a literal, or the assessment year / reference date with an offset
    (a reference date may name another month and day of its year: a deadline)."""
    if isinstance(value, dict):
        offset = int(value.get("offset", 0))
        if value["param"] == "assessment_year":
            return year + offset
        month = int(value.get("month", 12))
        last = monthrange(year + offset, month)[1]
        return date(year + offset, month, min(int(value.get("day", 31)), last))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


_COMPARE = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}


def compile_filter(f: Filter, year: int) -> pl.Expr:
    column = pl.col(f.column)
    value: Any = resolve(f.value, year) if f.op not in ("is_null", "not_null") else None
    if f.part == "year":
        if f.op in _COMPARE and isinstance(value, int) and 1 <= value <= 9999:
            return _year_compared(column, f.op, value).fill_null(False)
        column = column.dt.year()
    if f.op == "is_null":
        return column.is_null()
    if f.op == "not_null":
        return column.is_not_null()
    if f.op in ("in", "not_in"):
        found = column.is_in([resolve(v, year) for v in value])
        return found if f.op == "in" else ~found
    # A comparison with a missing value is false (fill_null): a row without data fails.
    return getattr(column, _COMPARE[f.op])(pl.lit(value)).fill_null(False)


def _year_compared(column: pl.Expr, op: str, year: int) -> pl.Expr:
    """A date column's year compared with `year`, as the same comparison of the date with
    the year's first or last day (`dt.year()` computes a calendar year per row: 30 times
    the time at millions of rows)."""
    first, last = pl.lit(date(year, 1, 1)), pl.lit(date(year, 12, 31))
    within = column.is_between(first, last)
    return {"==": within, "!=": ~within, "<": column < first, "<=": column <= last,
            ">": column > last, ">=": column >= first}[op]


def compile_all(filters: Iterable[Filter], year: int) -> pl.Expr:
    exprs = [compile_filter(f, year) for f in filters]
    return pl.all_horizontal(exprs) if exprs else pl.lit(True)


def population(spec: MetricSpec, related: Related, year: int) -> pl.LazyFrame:
    """The metric's rows with derived columns and a boolean `__pass` column."""
    rows = related.frames[spec.table].filter(compile_all(spec.where, year))
    if spec.derive:
        rows = rows.with_columns(related.values(spec))
    return rows.with_columns(compile_all(spec.passes, year).alias("__pass"))


def _value(spec: MetricSpec) -> pl.Expr:
    if spec.type == "count":
        return pl.len().cast(pl.Float64)
    if spec.type == "mean":
        return pl.col(spec.column).mean().cast(pl.Float64)
    return pl.col("__pass").mean().cast(pl.Float64)


def _summary(spec: MetricSpec) -> list[pl.Expr]:
    return [_value(spec).alias("value"), pl.col("__pass").sum().alias("passed"),
            pl.len().alias("total")]


def derived_frames(personnel: Personnel, year: int,
                   specs: Iterable[MetricSpec] | None = None) -> dict[str, pl.DataFrame]:
    """Every table with its derived measures (derived.py), computed once for all metrics;
    with `specs`, only the columns those metrics read."""
    keep = None if specs is None else columns_read(specs)
    return enrich({tid: t.frame for tid, t in personnel.tables.items()}, year, personnel.axes, keep,
                  unique_keys(personnel))


def unique_keys(personnel: Personnel) -> set[str]:
    """The tables whose key repeats in no kept row: those read from one file, where the
    checks leave out every row that repeats a unique column."""
    return {tid for tid, table in personnel.tables.items() if len(table.paths) <= 1}


def columns_needed(specs: Iterable[MetricSpec]) -> dict[str, frozenset[str]]:
    """Per table, the columns the metrics and the derived measures read, with the keys and
    NIP columns, and those the count of data kinds looks for: all that a checked table
    needs to keep."""
    from .datakinds import columns_read as kind_columns  # datakinds builds a MetricResult

    read, kinds = columns_read(specs), kind_columns()
    needed = {}
    for tid, spec in table_specs().items():
        nips = {c.id for c in spec.columns.values() if c.type == "nip"}
        own = {*read.get(tid, ()), *DERIVED_SOURCES.get(tid, ()), *kinds.get(tid, ()), *nips,
               *([spec.key] if spec.key else [])}
        needed[tid] = frozenset(own)
    return needed


def columns_read(specs: Iterable[MetricSpec]) -> dict[str, set[str]]:
    """Per table, every column the metrics filter, aggregate, join, group or list by."""
    read: dict[str, set[str]] = {}
    all_specs = table_specs()
    for spec in specs:
        derived = {d.name for d in spec.derive}
        own = read.setdefault(spec.table, set())
        own |= {f.column for f in (*spec.where, *spec.passes)} - derived
        own |= {c for c in (spec.column, spec.group_by) if c} - derived
        own |= {c for c in (all_specs[spec.table].key, "nip", "nip_pejabat") if c}
        for d in spec.derive:
            link = link_column(all_specs[d.table], spec.table)
            read.setdefault(d.table, set()).update(
                {f.column for f in d.where} | {c for c in (d.column, link) if c})
    return read


def metric_plan(spec: MetricSpec, tables: Mapping[str, pl.DataFrame], year: int,
                related: Related | None = None) -> pl.LazyFrame | None:
    """The metric's population with `__pass` and the columns its result shows, as a plan
    to collect, or None when the dossier cannot support the metric. `related` holds the
    derived values of this metric (and others), computed together; by default this
    metric's alone."""
    if not supported(spec, tables):
        return None
    related = related or related_values([spec], tables, compile_all, year)
    columns = tables[spec.table].columns
    kept = [*shown_columns(spec, columns), group_column(spec, columns)]
    kept += [spec.column] if spec.type == "mean" else []
    code = GROUP + group_column(spec, columns)
    kept += [code] if code in related.frames[spec.table].collect_schema() else []
    return population(spec, related, year).select(*dict.fromkeys(c for c in kept if c), "__pass")


def supported(spec: MetricSpec, tables: Mapping[str, pl.DataFrame]) -> bool:
    """Whether the dossier has the tables and columns the metric reads."""
    return spec.tables() <= set(tables) and not missing_columns(spec, tables)


def shown_columns(spec: MetricSpec, columns: Iterable[str]) -> list[str]:
    """The columns a failing row is listed with: its row, key and NIPs, and the group."""
    key = table_specs()[spec.table].key
    wanted = [ROW, key, "nip", "nip_pejabat", group_column(spec, columns)]
    return [c for c in dict.fromkeys(wanted) if c and c in columns]


def group_column(spec: MetricSpec, columns: Iterable[str]) -> str:
    """The breakdown column, or "" when the dossier's file lacks it (an optional column)."""
    return spec.group_by if spec.group_by in columns else ""


def metric_result(spec: MetricSpec, personnel: Personnel, rows: pl.DataFrame) -> MetricResult:
    """Value, counts, breakdown and failing rows of a metric from its collected population."""
    summary = rows.select(_summary(spec)).row(0, named=True)
    total = summary["total"]
    failing = rows.filter(~pl.col("__pass")).select(shown_columns(spec, rows.columns)).sort(ROW)
    group_by = group_column(spec, rows.columns)
    groups: tuple[GroupValue, ...] = ()
    if group_by:
        groups = tuple(GroupValue(str(g[group_by]), g["value"], g["passed"], g["total"])
                       for g in _grouped(spec, rows, group_by).iter_rows(named=True))
    value = summary["value"] if total else None
    names = sorted(spec.tables(), key=lambda t: t != spec.table)
    source = ", ".join(personnel.source(t) for t in names)
    return MetricResult(spec.id, value, int(summary["passed"] or 0), total, groups, failing, source)


def _grouped(spec: MetricSpec, rows: pl.DataFrame, group_by: str) -> pl.DataFrame:
    """The summary per value of the group column, in its order, grouped by its code
    (related.GROUP) when there is one."""
    code = GROUP + group_by
    if code not in rows.columns:
        return rows.group_by(group_by).agg(_summary(spec)).sort(group_by)
    grouped = rows.group_by(code).agg(_summary(spec))
    return grouped.with_columns(pl.col(code).cast(pl.Utf8).alias(group_by)).sort(group_by)


def missing_columns(spec: MetricSpec, tables: Mapping[str, pl.DataFrame]) -> list[str]:
    """Columns a metric filters or aggregates on that the dossier's files lack (or derived
    measures their sources do not support): such a metric cannot be computed from the
    tables, and a self-reported value (if any) stands."""
    derived = {d.name for d in spec.derive}
    needed = [(spec.table, f.column) for f in (*spec.where, *spec.passes) if f.column not in derived]
    needed += [(spec.table, spec.column)] if spec.column and spec.column not in derived else []
    for d in spec.derive:
        needed += [(d.table, f.column) for f in d.where] + ([(d.table, d.column)] if d.column else [])
    return [f"{t}.{c}" for t, c in needed if c not in tables[t].columns]


PLANS_AT_ONCE = 4  # metric plans collected together (their rows held at the same time)


def compute_metrics(specs: Iterable[MetricSpec], personnel: Personnel, year: int) -> dict[str, MetricResult]:
    """Every metric the dossier supports, all collected in one parallel pass."""
    specs = list(specs)
    tables = derived_frames(personnel, year, specs)
    related = related_values([s for s in specs if supported(s, tables)], tables, compile_all, year,
                             unique_keys(personnel))
    planned = [(spec, plan) for spec in specs if (plan := metric_plan(spec, tables, year, related)) is not None]
    results = {}
    # a few plans at a time, in parallel: each plan's rows (a million employees' worth for
    # some metrics) are dropped once its result is taken, instead of all being held at once
    for start in range(0, len(planned), PLANS_AT_ONCE):
        batch = planned[start:start + PLANS_AT_ONCE]
        for (spec, _), rows in zip(batch, pl.collect_all([plan for _, plan in batch])):
            result = metric_result(spec, personnel, rows)
            if result.value is not None:
                results[spec.id] = result
    return results


def unknown_metrics(specs: Iterable[MetricSpec], known: Iterable[str]) -> list[Problem]:
    """Metric ids the vocabulary does not list: rules could never use them."""
    known = list(known)
    return [Problem(s.source, 0, 0, "metrics.unknown_metric", {"name": s.id}, "",
                    closest(s.id, known)) for s in specs if s.id not in known]


__all__ = ["InputError", "MetricResult", "MetricSpec", "compute_metrics", "load_metric_specs"]
