"""What the tables give the rest of merit: the metric values (and the rows left out), and
the entry point `compute_dossier_metrics`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import overload

import polars as pl

from ..errors import raise_if
from ..model import ExcludedFile, ExcludedRows, MetricValue
from . import datakinds
from .metricfiles import shipped_metric_files
from .metrics import (
    MetricResult,
    columns_needed,
    compute_metrics,
    load_metric_specs,
    unknown_metrics,
)
from .metricspecs import MetricSpec
from .nip import nip_text
from .provenance import computed_from
from .readahead import ReadAhead
from .tables import Personnel, load_personnel


@dataclass(frozen=True, eq=False)
class TablesOutcome:
    personnel: Personnel
    results: dict[str, MetricResult]
    specs: tuple[MetricSpec, ...] = ()  # the metrics asked for (provenance.py says what the others lacked)

    def excluded_rows(self, root: Path) -> ExcludedRows | None:
        """The rows left out under the threshold, with their problems, file names relative
        to the dossier `root`; None when no row was left out."""
        tables = [t for t in self.personnel.tables.values() if t.excluded_rows]
        if not tables:
            return None

        def relative(path: str) -> str:
            try:
                return Path(path).relative_to(root).as_posix()
            except ValueError:
                return Path(path).name

        files = tuple(ExcludedFile(relative(t.path), t.excluded_rows, t.rows) for t in tables)
        problems = tuple(replace(p, file=relative(p.file)) for p in self.personnel.excluded)
        return ExcludedRows(self.personnel.threshold, files, problems)

    def metric_values(self, prefix: str = "tables", root: Path | None = None) -> dict[str, MetricValue]:
        excluded = {t.id: t.excluded_rows for t in self.personnel.tables.values()}
        specs = {s.id: s for s in self.specs}
        values = {}
        for mid, r in self.results.items():
            if r.value is None:
                continue
            files, approximate = computed_from(specs[mid], self.personnel, root) if mid in specs and root else (
                tuple(f"{prefix}/{name}" for name in r.source.split(", ") if name), ())
            values[mid] = MetricValue(mid, float(r.value), _source(r, prefix, sum(excluded.values())),
                                      r.passed, r.total, _failing_keys(r), files, (), approximate)
        return values


def _failing_keys(result: MetricResult) -> Sequence[str]:
    """The failing rows' keys (NIP, or the post code for position tables)."""
    frame = result.failing
    keys = [c for c in frame.columns if not c.startswith("__") and c.upper() != "ROW"]
    return RowKeys(frame.get_column(keys[0])) if keys and frame.height else ()


class RowKeys(Sequence[str]):
    """The keys of a metric's failing rows, made Python strings only when read: a metric
    may fail for hundreds of thousands of employees, and a report lists a few dozen."""

    def __init__(self, column: pl.Series) -> None:
        self._column = column

    def __len__(self) -> int:
        return len(self._column)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(_texts(self._column[index]))
        position = range(len(self))[index]
        return _texts(self._column[position:position + 1])[0]

    def __iter__(self) -> Iterator[str]:
        return iter(_texts(self._column))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"RowKeys({len(self)} keys)"


def _texts(keys: pl.Series) -> list[str]:
    """Keys as text; a NIP column holds its Int64 keys (checks.py), written as NIPs."""
    if keys.dtype == pl.Int64:
        keys = keys.to_frame().select(nip_text(pl.col(keys.name))).to_series()
    return [str(v) for v in keys.to_list()]


def _source(result: MetricResult, prefix: str, excluded: int) -> str:
    files = ", ".join(f"{prefix}/{name}" for name in result.source.split(", ") if name)
    text = f"computed from {files or 'no table'} ({result.passed}/{result.total})"
    text += f"; {result.note}" if result.note else ""
    return text + (f"; {excluded} bad rows excluded" if excluded else "")


def compute_dossier_metrics(tables: Path, year: int, known_metrics: Iterable[str],
                            metric_files: Iterable[Path] | None = None,
                            threshold: float | None = None,
                            ahead: ReadAhead | None = None, metrics: bool = True) -> TablesOutcome:
    """Read and check the tables under `tables`, then compute every declared metric the
    tables support. Raises InputError on bad tables (above the threshold) or metric files.
    `ahead`, a read-ahead of the same tables, is used when it reads what this call would.
    Without `metrics`, nothing is computed from the checked tables (no metric values)."""
    specs = load_metric_specs(shipped_metric_files() if metric_files is None else metric_files)
    known = set(known_metrics)
    raise_if(unknown_metrics(specs, known))
    keep = columns_needed(specs)
    job = ahead.claim(tables, year, keep, metrics) if ahead is not None and threshold is None else None
    personnel = job.result() if job is not None else load_personnel(tables, year, threshold, keep=keep,
                                                                    positions=metrics)
    results = compute_metrics(specs, personnel, year) if metrics else {}
    if metrics and datakinds.METRIC in known:  # counted in code, when the vocabulary names it
        results[datakinds.METRIC] = datakinds.data_kinds(personnel)
    return TablesOutcome(personnel, results, tuple(specs))
