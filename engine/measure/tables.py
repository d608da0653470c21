"""Loading and validating every personnel table of a dossier, all problems at once.

A row with any problem is a bad row. Per file, the share of bad rows is compared with a
threshold: above it (by default, any bad row at all) the run stops with every problem of
every table in one InputError; at or below it, the bad rows are left out of the metrics
and listed, so an auditor sees exactly which employees were not counted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputError, Problem
from ..i18n import PERCENT_PLACES
from ..load.yamlfile import load_yaml
from . import checks as ck
from .derived import NineBoxAxes, read_axes
from .dictionary import table_specs
from .keys import employee_ids, resolve
from .positions import Keys
from .read import RawTable, read_table
from .sourced import read_sourced
from .sourcefiles import Entry, find_entries
from .sources import Source, load_sources

SETTINGS_FILE = "tables.yaml"
# Parents first, so that references can be checked against their keys.
ORDER = ("pegawai", "jabatan", "pelatihan", "asesmen", "skp", "disiplin", "seleksi", "kenaikan_pangkat")


@dataclass(frozen=True, eq=False)
class Table:
    id: str
    path: str
    frame: pl.DataFrame  # parsed columns of the rows kept, plus ROW
    rows: int  # data rows read (blank rows not counted)
    excluded_rows: int
    paths: tuple[str, ...] = ()  # every file of the table (several when a source joins them)
    read_as: tuple[str, ...] = ()  # per file: its profile, 'tables.yaml', or '' (merit's shape)
    approximate: tuple[str, ...] = ()  # date columns read from a bare year
    absent: tuple[str, ...] = ()  # columns the source says it never stores


@dataclass(frozen=True, eq=False)
class Personnel:
    tables: dict[str, Table]
    excluded: tuple[Problem, ...]  # problems of the rows left out under the threshold
    threshold: float
    axes: NineBoxAxes = field(default_factory=NineBoxAxes)  # the agency's 9-box thresholds (tables.yaml)

    def source(self, table: str) -> str:
        found = self.tables[table]
        return ", ".join(Path(p).name for p in found.paths or (found.path,))


def read_threshold(folder: Path, default: float) -> float:
    """`max_bad_row_share` from tables/tables.yaml, when the dossier sets one."""
    path = folder / SETTINGS_FILE
    if not path.exists():
        return default
    data = load_yaml(path)
    if data is None:  # only comments (as merit init writes it)
        return default
    value = data.get("max_bad_row_share", default) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InputError([Problem(str(path), 1, 1, "personnel.bad_threshold", {"value": str(value)})])
    return float(value)


class Stopped(Exception):
    """load_personnel was asked to stop (its read-ahead was no longer wanted)."""


def load_personnel(folder: Path, year: int, threshold: float | None = None,
                   stop: threading.Event | None = None,
                   keep: Mapping[str, Iterable[str]] | None = None, positions: bool = True) -> Personnel:
    """Read, parse and check every table under `folder` for assessment year `year`.

    Each table is checked as soon as it is read (parents first: references need their
    keys) and its text dropped once checked, while the next file is read: at most two
    tables' text is ever in memory. A file that cannot be read or lacks a column stops the run with every
    such problem and no row problems: once one is found, the later files are only read.
    With `keep`, a table's checked rows keep only the columns it names for the table
    (every column is still read and checked). With `positions`, a row referring to an
    employee carries the position of the employee's row, when it is exact (positions.py):
    what the metrics group by; a run that computes nothing from the tables goes without."""
    threshold = read_threshold(folder, 0.0) if threshold is None else threshold
    axes = read_axes(folder / SETTINGS_FILE)
    specs = table_specs()
    entries, problems = find_entries(folder, specs, load_sources(folder, specs))
    run = _Run(year, threshold, keep, positions)
    for entry, raw in _read_in_turn(entries, specs, stop):
        if isinstance(raw, InputError):
            problems.extend(raw.problems)
        elif problems:  # the run stops on reading problems alone: no row is checked any more
            run.tables.clear()
            run.keys.clear()
        else:
            run.check(entry, raw)
        del raw  # the table's text, once checked
    if problems:
        raise InputError(problems)
    if run.fatal:
        raise InputError(run.fatal)
    return Personnel(run.tables, tuple(sorted(run.problems, key=Problem.sort_key)), threshold, axes)


def read_entry(entry: Entry, specs: Mapping[str, Any], refs: tuple[str, ...]) -> RawTable:
    """One table file, through its source when it has one (or when it is the employee
    file that other tables' keys refer to)."""
    refs = refs if entry.table == "pegawai" else ()
    if entry.source is None and not refs:
        return read_table(entry.path, specs[entry.table])
    return read_sourced(entry.path, specs[entry.table], entry.source or Source(entry.table), dict(specs), refs)


def _read_in_turn(entries: list[Entry], specs: Mapping[str, Any],
                  stop: threading.Event | None) -> Iterator[tuple[Entry, RawTable | InputError]]:
    """Each table (parents first), read while the one before it is checked (polars
    releases the GIL); a file that cannot be read comes as its InputError."""
    order = sorted(entries, key=lambda e: _order(e.table))
    refs = tuple(sorted({e.source.key.refers_to for e in entries if e.source and e.source.key}))
    with ThreadPoolExecutor(1, thread_name_prefix="merit-read") as reader:
        pending = reader.submit(read_entry, order[0], specs, refs) if order else None
        for index, tid in enumerate(order):
            if stop is not None and stop.is_set():
                raise Stopped
            current = pending
            following = order[index + 1] if index + 1 < len(order) else None
            pending = reader.submit(read_entry, following, specs, refs) if following else None
            assert current is not None
            try:
                raw: RawTable | InputError = current.result()
            except InputError as exc:
                raw = exc
            yield tid, raw
            del raw, current  # the text goes as soon as the caller has checked it


class _Run:
    """What checking the tables in turn has gathered: checked tables, the keys that later
    tables' references need, every row problem, and those that stop the run."""

    def __init__(self, year: int, threshold: float, keep: Mapping[str, Iterable[str]] | None,
                 positions: bool = True) -> None:
        self.year, self.threshold, self.keep, self.positions = year, threshold, keep, positions
        self.keys: dict[str, Keys] = {}  # each checked table's keys, for later tables' references
        self.tables: dict[str, Table] = {}
        self.problems: list[Problem] = []
        self.fatal: list[Problem] = []
        self.ids: dict[str, pl.DataFrame] = {}  # employee ids other tables' keys refer to
        self.exact: set[str] = set()  # tables whose keys are their kept rows' (check_table)

    def check(self, entry: Entry, raw: RawTable) -> None:
        tid = entry.table
        keep = None if self.keep is None else self.keep.get(tid, ())
        if tid == "pegawai":
            self.ids = employee_ids(raw)
        raw, lost = resolve(raw, self.ids)
        if not raw.headers:  # no column merit knows: its header problems say so
            self.fatal += list(raw.problems) + lost
            return
        checked = ck.check_table(raw, self.year, self.keys, keep, self.exact)
        bad, rows = len(checked.bad) + len(lost), checked.rows + len(lost)
        if checked.key is not None:
            self.keys[tid] = Keys(checked.key if tid not in self.tables else pl.concat([self.keys[tid].series, checked.key]))
            # one file whose every row is kept, each with its key: the keys are the rows'
            exact = self.positions and tid not in self.tables and not bad and len(checked.key) == checked.kept.height
            (self.exact.add if exact else self.exact.discard)(tid)
        share = bad / rows if rows else 0.0
        problems = lost + _with_fix(checked.problems, raw)
        if share > self.threshold or raw.problems:  # a header problem stops the run, with the rows'
            over = [_over_threshold(raw.path, bad, rows, share, self.threshold)] if share > self.threshold else []
            self.fatal += list(raw.problems) + problems + over
        self.problems += problems
        self.tables[tid] = _joined(self.tables.get(tid), Table(
            tid, raw.path, checked.kept, rows, bad, (raw.path,), (entry.label(),), raw.approximate,
            raw.source.absent() if raw.source is not None else ()))


def _with_fix(problems: list[Problem], raw: RawTable) -> list[Problem]:
    """Value problems of enumerated columns carry the table and column id, so that their
    message can give the `values:` line of tables.yaml that would read the value."""
    by_index = {index: cid for cid, (_, index) in raw.headers.items()}
    fixed = [(p, by_index.get(p.col)) for p in problems]
    return [replace(p, params={**p.params, "table": raw.spec.id, "cid": cid})
            if cid and p.code in ("personnel.enum", "personnel.golongan") else p for p, cid in fixed]


def _joined(before: Table | None, table: Table) -> Table:
    """A table read from several files (a source's `files`) as one."""
    if before is None:
        return table
    # (a text column read dictionary-coded has categories of its own per file: as text)
    frame = pl.concat([_as_text(before.frame), _as_text(table.frame)], how="diagonal_relaxed")
    return Table(table.id, before.path, frame, before.rows + table.rows, before.excluded_rows + table.excluded_rows,
                 before.paths + table.paths, before.read_as + table.read_as,
                 tuple(dict.fromkeys(before.approximate + table.approximate)), before.absent)


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    coded = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Categorical)]
    return frame.with_columns(pl.col(coded).cast(pl.Utf8)) if coded else frame


def _order(tid: str) -> int:
    return ORDER.index(tid) if tid in ORDER else len(ORDER)


def _over_threshold(path: str, bad: int, total: int, share: float, threshold: float) -> Problem:
    # Percentages with the places of every other output.
    params: dict[str, Any] = {"bad": bad, "total": total, "share": round(share * 100, PERCENT_PLACES),
                              "threshold": round(threshold * 100, PERCENT_PLACES)}
    return Problem(path, 0, 0, "personnel.too_many_bad_rows", params)
