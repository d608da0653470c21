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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputError, Problem
from ..i18n import PERCENT_PLACES
from ..load.yamlfile import load_yaml
from . import checks as ck
from .derived import NineBoxAxes, read_axes
from .dictionary import table_specs
from .read import RawTable, find_table_files, read_table

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


@dataclass(frozen=True, eq=False)
class Personnel:
    tables: dict[str, Table]
    excluded: tuple[Problem, ...]  # problems of the rows left out under the threshold
    threshold: float
    axes: NineBoxAxes = field(default_factory=NineBoxAxes)  # the agency's 9-box thresholds (tables.yaml)

    def source(self, table: str) -> str:
        found = self.tables[table]
        return Path(found.path).name


def read_threshold(folder: Path, default: float) -> float:
    """`max_bad_row_share` from tables/tables.yaml, when the dossier sets one."""
    path = folder / SETTINGS_FILE
    if not path.exists():
        return default
    data = load_yaml(path)
    value = data.get("max_bad_row_share", default) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InputError([Problem(str(path), 1, 1, "personnel.bad_threshold", {"value": str(value)})])
    return float(value)


class Stopped(Exception):
    """load_personnel was asked to stop (its read-ahead was no longer wanted)."""


def load_personnel(folder: Path, year: int, threshold: float | None = None,
                   stop: threading.Event | None = None,
                   keep: Mapping[str, Iterable[str]] | None = None) -> Personnel:
    """Read, parse and check every table under `folder` for assessment year `year`.

    Each table is checked as soon as it is read (parents first: references need their
    keys) and its text dropped once checked, while the next file is read: at most two
    tables' text is ever in memory. A file that cannot be read or lacks a column stops the run with every
    such problem and no row problems: once one is found, the later files are only read.
    With `keep`, a table's checked rows keep only the columns it names for the table
    (every column is still read and checked)."""
    threshold = read_threshold(folder, 0.0) if threshold is None else threshold
    axes = read_axes(folder / SETTINGS_FILE)
    specs = table_specs()
    files, problems = find_table_files(folder, specs)
    run = _Run(year, threshold, keep)
    for tid, raw in _read_in_turn(files, specs, stop):
        if isinstance(raw, InputError):
            problems.extend(raw.problems)
        elif problems:  # the run stops on reading problems alone: no row is checked any more
            run.tables.clear()
            run.keys.clear()
        else:
            run.check(tid, raw)
        del raw  # the table's text, once checked
    if problems:
        raise InputError(problems)
    if run.fatal:
        raise InputError(run.fatal)
    return Personnel(run.tables, tuple(sorted(run.problems, key=Problem.sort_key)), threshold, axes)


def _read_in_turn(files: Mapping[str, Path], specs: Mapping[str, Any],
                  stop: threading.Event | None) -> Iterator[tuple[str, RawTable | InputError]]:
    """Each table (parents first), read while the one before it is checked (polars
    releases the GIL); a file that cannot be read comes as its InputError."""
    order = sorted(files, key=_order)
    with ThreadPoolExecutor(1, thread_name_prefix="merit-read") as reader:
        pending = reader.submit(read_table, files[order[0]], specs[order[0]]) if order else None
        for index, tid in enumerate(order):
            if stop is not None and stop.is_set():
                raise Stopped
            current = pending
            following = order[index + 1] if index + 1 < len(order) else None
            pending = reader.submit(read_table, files[following], specs[following]) if following else None
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

    def __init__(self, year: int, threshold: float, keep: Mapping[str, Iterable[str]] | None) -> None:
        self.year, self.threshold, self.keep = year, threshold, keep
        self.keys: dict[str, pl.Series] = {}
        self.tables: dict[str, Table] = {}
        self.problems: list[Problem] = []
        self.fatal: list[Problem] = []

    def check(self, tid: str, raw: RawTable) -> None:
        keep = None if self.keep is None else self.keep.get(tid, ())
        checked = ck.check_table(raw, self.year, self.keys, keep)
        if checked.key is not None:
            self.keys[tid] = checked.key
        bad = len(checked.bad)
        share = bad / checked.rows if checked.rows else 0.0
        if share > self.threshold:
            self.fatal += checked.problems + [_over_threshold(raw.path, bad, checked.rows, share, self.threshold)]
        self.problems += checked.problems
        self.tables[tid] = Table(tid, raw.path, checked.kept, checked.rows, bad)


def _order(tid: str) -> int:
    return ORDER.index(tid) if tid in ORDER else len(ORDER)


def _over_threshold(path: str, bad: int, total: int, share: float, threshold: float) -> Problem:
    # Percentages with the places of every other output.
    params: dict[str, Any] = {"bad": bad, "total": total, "share": round(share * 100, PERCENT_PLACES),
                              "threshold": round(threshold * 100, PERCENT_PLACES)}
    return Problem(path, 0, 0, "personnel.too_many_bad_rows", params)
