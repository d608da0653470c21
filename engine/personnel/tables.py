"""Loading and validating every personnel table of a dossier, all problems at once.

A row with any problem is a bad row. Per file, the share of bad rows is compared with a
threshold: above it (by default, any bad row at all) the run stops with every problem of
every table in one InputError; at or below it, the bad rows are left out of the metrics
and listed, so an auditor sees exactly which employees were not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputError, Problem
from ..yamlio import load_yaml
from . import checks as ck
from .derived import NineBoxAxes, read_axes
from .dictionary import table_specs
from .read import RawTable, find_table_files, read_table

SETTINGS_FILE = "tables.yaml"
# Parents first, so that references can be checked against their keys.
ORDER = ("pegawai", "jabatan", "pelatihan", "asesmen", "skp", "disiplin", "seleksi")


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


def load_personnel(folder: Path, year: int, threshold: float | None = None) -> Personnel:
    """Read, parse and check every table under `folder` for assessment year `year`."""
    threshold = read_threshold(folder, 0.0) if threshold is None else threshold
    axes = read_axes(folder / SETTINGS_FILE)
    specs = table_specs()
    files, problems = find_table_files(folder, specs)
    raws: dict[str, RawTable] = {}
    for tid in sorted(files, key=_order):
        try:
            raws[tid] = read_table(files[tid], specs[tid])
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return replace(_validate(raws, year, threshold), axes=axes)


def _order(tid: str) -> int:
    return ORDER.index(tid) if tid in ORDER else len(ORDER)


def _validate(raws: dict[str, RawTable], year: int, threshold: float) -> Personnel:
    """Check the tables parents first (references need their keys), dropping each table's
    text as soon as it is checked."""
    keys: dict[str, pl.Series] = {}
    problems: list[Problem] = []
    fatal: list[Problem] = []
    tables = {}
    for tid in list(raws):
        raw = raws.pop(tid)
        checked = ck.check_table(raw, year, keys)
        if checked.key is not None:
            keys[tid] = checked.key
        bad = len(checked.bad)
        share = bad / checked.rows if checked.rows else 0.0
        if share > threshold:
            fatal += checked.problems + [_over_threshold(raw, bad, checked.rows, share, threshold)]
        problems += checked.problems
        tables[tid] = Table(tid, raw.path, checked.kept, checked.rows, bad)
    if fatal:
        raise InputError(fatal)
    return Personnel(tables, tuple(sorted(problems, key=Problem.sort_key)), threshold)


def _over_threshold(raw: RawTable, bad: int, total: int, share: float, threshold: float) -> Problem:
    params: dict[str, Any] = {"bad": bad, "total": total,
                              "share": f"{share:.1%}", "threshold": f"{threshold:.1%}"}
    return Problem(raw.path, 0, 0, "personnel.too_many_bad_rows", params)
