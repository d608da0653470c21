"""Related rows addressed by the position of the row they refer to.

A training, assessment or appraisal row refers to an employee by NIP; the measures and
metrics aggregate such rows per employee and put the aggregates beside the employee's row.
Joining the aggregates back by NIP would hash a million keys once more per related table
(and reorder the employee table every time); instead, each related row carries the
position of its employee's row (`at(link)`), the rows are grouped by that position, and
each group is put in place by position (`Parent.placed`): one gather, no hashing.

The positions come with the tables from their checks (checks.py), when the employee table
was read whole from one file: the checks look every related table's NIPs up in the
employees' keys sorted once (`Keys`). Otherwise they are found here (`with_positions`). A parent's
rows keep their order through the measures (derived.py changes no table's rows), so
positions found on the tables as read hold for the derived tables too. A key found in
several parent rows (a table read from several files may repeat one) is addressed by its
first row, and every row with that key gets the group, as a join on the key would give it.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

AT = "__at:"  # before a link column's name: the position of the parent row its value names


def at(link: str) -> str:
    """The column holding the position of the parent row that `link`'s value refers to."""
    return AT + link


def find(values: pl.Series, keys: pl.Series | Keys) -> pl.Series:
    """Per value, the position of the key equal to it (UInt32), or null; a key repeated
    (in a table read from several files) by its first row. A column of keys is sorted
    for this lookup alone; `Keys` sorts them once for many."""
    return (keys if isinstance(keys, Keys) else Keys(keys)).find(values)


class Keys:
    """A parent table's keys, which every related table's references are looked up in
    (by the checks, or by `Parent` when computing). The keys are sorted once, with their
    positions; each lookup sorts its own values and merges the two sorted columns (polars
    joins two columns flagged sorted by merging them): at a million employees, half the
    time of hashing the million keys again for every related table."""

    def __init__(self, series: pl.Series) -> None:
        self.series = series
        self._sorted: pl.DataFrame | None = None
        self._lock = threading.Lock()  # (two columns of one table may look up at once)

    def sorted(self) -> pl.DataFrame:
        """The keys (`__key`) in ascending order, each with its position (`__position`)."""
        with self._lock:
            if self._sorted is None:
                frame = self.series.to_frame("__key").with_row_index("__position")
                ordered = frame.sort("__key")  # (sorting flags the column sorted)
                key = ordered.get_column("__key")
                if len(key) and (key.slice(1) == key.slice(0, len(key) - 1)).any():  # a key repeated
                    # (in a table read from several files): its first row
                    ordered = frame.unique("__key", keep="first", maintain_order=True).sort("__key")
                self._sorted = ordered
            return self._sorted

    def find(self, values: pl.Series) -> pl.Series:
        """Per value, the position of the first key equal to it (UInt32), or null."""
        if values.dtype != self.series.dtype:
            values = values.cast(self.series.dtype, strict=False)
        out = pl.Series("__position", [None], pl.UInt32).extend_constant(None, len(values) - 1) if len(values) \
            else pl.Series("__position", [], pl.UInt32)
        present = values.is_not_null().arg_true()
        if not len(present):
            return out
        given = values.gather(present)
        order = given.arg_sort()
        ordered = given.gather(order).set_sorted().to_frame("__key")
        found = ordered.join(self.sorted(), on="__key", how="left", maintain_order="left").get_column("__position")
        return out.scatter(present.gather(order), found)


@dataclass
class Parent:
    """A table other tables refer to by `key`, with its rows' positions."""

    frame: pl.DataFrame
    key: str
    unique: bool | None = None  # whether no key repeats (found when not told)
    _keys: Keys | None = field(default=None, repr=False)  # its keys, sorted once for every lookup
    _first: pl.Series | None = field(default=None, repr=False)  # per row, its key's first row

    def repeats(self) -> bool:
        if self.unique is None:
            self.unique = self.frame.get_column(self.key).n_unique() == self.frame.height
        return not self.unique

    def positions(self, values: pl.Series) -> pl.Series:
        """Per value, the position of the first row with that key, or null."""
        if self._keys is None:
            self._keys = Keys(self.frame.get_column(self.key))
        return self._keys.find(values)

    def placed(self, groups: pl.DataFrame, link: str) -> pl.DataFrame:
        """The columns of `groups` (one row per position, `per_position`) in this table's
        row order: a row without a group gets nulls, as a left join on the key would."""
        column, height = at(link), self.frame.height
        if not height:
            return groups.drop(column).clear()
        values = groups.drop(column)
        none = values.height  # the row of nulls appended below, for rows without a group
        index = pl.Series("__group", [none], pl.UInt32).extend_constant(none, height - 1)
        index = index.scatter(groups.get_column(column), pl.int_range(none, dtype=pl.UInt32, eager=True))
        if self.repeats():  # every row of a repeated key gets its first row's group
            if self._first is None:
                self._first = self.positions(self.frame.get_column(self.key))
            index = index.gather(self._first).fill_null(none)
        # from one chunk, by indices without nulls: half the time of gathering from the
        # streaming engine's many chunks with nulls for the rows without a group
        return pl.concat([values, values.clear(1)]).rechunk()[index]


def parents(frames: Mapping[str, pl.DataFrame], keys: Mapping[str, str],
            unique: Collection[str] = ()) -> dict[str, Parent]:
    """The tables named in `keys` (table -> key column) as parents; those in `unique` are
    known to repeat no key (a table checked from one file: checks.py finds repeats)."""
    return {tid: Parent(frames[tid], key, True if tid in unique else None)
            for tid, key in keys.items() if tid in frames}


def with_positions(frames: Mapping[str, pl.DataFrame], links: Iterable[tuple[str, str, str]],
                   of: Mapping[str, Parent]) -> dict[str, pl.DataFrame]:
    """The frames, each related table with the positions of its `links` (child table, link
    column, parent table) where it lacks them."""
    out = dict(frames)
    for child, link, parent in links:
        if child in out and parent in of and link in out[child].columns and at(link) not in out[child].columns:
            found = of[parent].positions(out[child].get_column(link))
            out[child] = out[child].with_columns(found.alias(at(link)))
    return out


def per_position(frame: pl.LazyFrame, link: str, *aggs: pl.Expr) -> pl.LazyFrame:
    """The aggregates of the related rows per parent row they refer to."""
    column = at(link)
    return frame.filter(pl.col(column).is_not_null()).group_by(column).agg(*aggs)
