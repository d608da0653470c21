"""The values metrics aggregate from related tables (`derive` and `of` in a metric file),
all computed together: one group-by per related table, put beside the rows of the table
the metrics count by position (positions.py), however many metrics and derived values
read it.

A metric's derived value is an aggregate over the related rows that meet its `where`, per
NIP of the population table. Here every distinct (table, where) of all metrics becomes a
row-wise condition, each value an aggregate of the column where its condition holds (a
plain sum, max, min or mean, which skip nulls), and the number of rows meeting each
condition is counted alongside: a NIP with no such row gets no value (null), exactly as a
group-by of the filtered rows and a left join would give it. Each metric then takes its
values by name and fills its defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from .dictionary import table_specs
from .metricfiles import link_column
from .metricspecs import Derive, Filter, MetricSpec
from .positions import at, parents, per_position, with_positions

Compile = Callable[[Iterable[Filter], int], pl.Expr]  # metrics.compile_all


@dataclass
class _Child:
    """What the metrics aggregate from one related table for one population table."""

    link: str
    conditions: dict[str, tuple[Filter, ...]] = field(default_factory=dict)  # name -> where
    values: dict[str, tuple[str, Derive]] = field(default_factory=dict)  # name -> (condition, derive)


@dataclass(frozen=True)
class Related:
    """The population tables with every derived value as a column, and which column holds
    each metric's derived value."""

    frames: dict[str, pl.LazyFrame]
    columns: dict[tuple[str, str], str]  # (metric id, derive name) -> column

    def values(self, spec: MetricSpec) -> list[pl.Expr]:
        """The metric's derived values under their names, defaults filled."""
        out = []
        for d in spec.derive:
            value = pl.col(self.columns[(spec.id, d.name)])
            out.append((value if d.default is None else value.fill_null(d.default)).alias(d.name))
        return out


def related_values(specs: Iterable[MetricSpec], tables: Mapping[str, pl.DataFrame],
                   compile_all: Compile, year: int, unique: Collection[str] = ()) -> Related:
    """Every derived value of `specs` over `tables`, one group-by per related table; the
    population tables are collected once, in one parallel pass. The tables in `unique`
    repeat no key (positions.parents)."""
    specs = list(specs)
    children: dict[tuple[str, str], _Child] = {}
    columns: dict[tuple[str, str], str] = {}
    for spec in specs:
        for d in spec.derive:
            child = children.setdefault((spec.table, d.table),
                                        _Child(link_column(table_specs()[d.table], spec.table) or ""))
            columns[(spec.id, d.name)] = _register(child, d, len(columns))
    pairs = list(children)
    of = parents(tables, {p: table_specs()[p].key or "" for p, _ in pairs}, unique)
    tables = with_positions(tables, [(t, children[(p, t)].link, p) for p, t in pairs], of)
    frames = {tid: frame.lazy() for tid, frame in tables.items()}
    # polars' streaming engine groups millions of rows several times faster than the
    # in-memory one: the groups are collected so, then put beside their rows by position
    grouped = pl.collect_all([_grouped(frames[t], children[(p, t)], compile_all, year) for p, t in pairs],
                             engine="streaming")
    joined = set()
    for (parent, _), child, groups in zip(pairs, children.values(), grouped):
        values = of[parent].placed(groups, child.link)
        frames[parent] = frames[parent].with_columns(values.get_columns())
        frames[parent] = frames[parent].with_columns(_present(child)).drop(list(child.conditions))
        joined.add(parent)
    codes = group_codes(specs, tables)
    for parent, exprs in codes.items():
        frames[parent] = frames[parent].with_columns(exprs)
    names = sorted(joined | set(codes))
    for name, frame in zip(names, pl.collect_all([frames[n] for n in names])):
        frames[name] = frame.lazy()
    return Related(frames, columns)


GROUP = "__group:"  # before a text column's name: its values as an Enum, grouped faster


def group_codes(specs: Iterable[MetricSpec], tables: Mapping[str, pl.DataFrame]) -> dict[str, list[pl.Expr]]:
    """Per table, the codes of the text columns metrics break down by: each metric groups
    by the code instead of hashing the text again. (An Enum of the column's own values,
    not a Categorical, whose global categories would outlive the run.)"""
    codes: dict[str, dict[str, pl.Expr]] = {}
    for spec in specs:
        column, done = spec.group_by, codes.setdefault(spec.table, {})
        if column and column not in done and tables[spec.table].schema.get(column) == pl.Utf8:
            values = tables[spec.table].get_column(column).unique().drop_nulls()
            done[column] = pl.col(column).cast(pl.Enum(values)).alias(GROUP + column)
    return {table: list(exprs.values()) for table, exprs in codes.items() if exprs}


def _register(child: _Child, d: Derive, number: int) -> str:
    """The column of `d`'s value in `child` (one per distinct aggregate and condition)."""
    where = repr(d.where)
    condition = next((n for n, w in child.conditions.items() if repr(w) == where), None)
    if condition is None:
        condition = f"__n{number}"
        child.conditions[condition] = d.where
    for name, (cond, other) in child.values.items():
        if cond == condition and (other.agg, other.column) == (d.agg, d.column):
            return name
    name = f"__d{number}"
    child.values[name] = (condition, d)
    return name


def _grouped(frame: pl.LazyFrame, child: _Child, compile_all: Compile, year: int) -> pl.LazyFrame:
    """Per link value, each condition's count of rows and each value's aggregate (computed
    row-wise first, so that the group-by runs plain aggregations of columns)."""
    rows = [compile_all(where, year).fill_null(False).alias(name) for name, where in child.conditions.items()]
    aggs = [pl.col(name).sum() for name in child.conditions]
    for name, (condition, d) in child.values.items():
        if d.agg in ("count", "exists"):
            continue  # the count of its condition's rows is all it needs
        rows.append(pl.when(compile_all(child.conditions[condition], year)).then(pl.col(d.column)).alias(name))
        aggs.append(getattr(pl.col(name), d.agg)())
    # a row meeting no condition adds to no value: left out, its NIP gets no group, and
    # its row is left null, as _present does for a count of 0 (old years of history)
    frame = frame.select(at(child.link), *rows).filter(pl.any_horizontal(list(child.conditions)))
    return per_position(frame, child.link, *aggs)


def _present(child: _Child) -> list[pl.Expr]:
    """Each value, null where no related row meets its condition; a count is the number of
    rows, and a coverage 1 (a NIP without rows has no count: it is left null)."""
    out = []
    for name, (condition, d) in child.values.items():
        rows = pl.col(condition)
        if d.agg == "count":
            value = rows
        elif d.agg == "exists":
            value = pl.lit(1, pl.UInt32)
        else:
            value = pl.col(name)
        out.append(pl.when(rows > 0).then(value).otherwise(None).alias(name))
    return out
