"""Reading and checking a dossier's personnel tables in the background, while the rules,
policies and dossier files load.

Polars releases Python's lock while it works, and loading the rules is pure Python, so the
two overlap on a machine with two cores or more. The tables are read exactly as the
foreground would read them (`load_personnel` with the same folder, year and threshold);
the pipeline hands the read-ahead to the measure stage, which takes the result when it gets
to the tables, and nothing else changes:
the same problems are raised there, in the same order as without a read-ahead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..load.dossier import assessment_year
from .metricfiles import shipped_metric_files
from .metrics import columns_needed
from .metricspecs import load_metric_specs
from .tables import Personnel, Stopped, load_personnel

Keep = Mapping[str, frozenset[str]]


class ReadAhead:
    """`load_personnel(folder, year)` running in a thread of its own: the handle the
    pipeline passes down to the measure stage, which claims it for the same read."""

    def __init__(self, folder: Path, year: int, keep: Keep, positions: bool = True) -> None:
        self._key = (folder.resolve(), year, _frozen(keep), positions)
        self._claimed = threading.Lock()
        self._stop = threading.Event()
        self._outcome: tuple[Personnel | None, BaseException | None] = (None, None)
        self._thread = threading.Thread(target=self._run, args=(folder, year, keep, positions), name="merit-tables")
        self._thread.start()

    def _run(self, folder: Path, year: int, keep: Keep, positions: bool) -> None:
        try:
            self._outcome = (load_personnel(folder, year, stop=self._stop, keep=keep, positions=positions), None)
        except Stopped:
            pass
        except BaseException as exc:  # handed to the foreground, which raises it
            self._outcome = (None, exc)

    def claim(self, folder: Path, year: int, keep: Keep, positions: bool = True) -> ReadAhead | None:
        """This read-ahead when it reads `folder` for `year` keeping the columns `keep`
        (with `positions` as asked) and nobody claimed it before (a read is handed over
        once), else None."""
        if self._key != (folder.resolve(), year, _frozen(keep), positions):
            return None
        return self if self._claimed.acquire(blocking=False) else None

    def result(self) -> Personnel:
        """The tables as load_personnel reads them, or its exception."""
        self._thread.join()
        personnel, error = self._outcome
        if error is not None:
            raise error
        assert personnel is not None
        return personnel

    def stop(self) -> None:
        """Stop after the table being read (the run ended without needing the tables)."""
        self._stop.set()
        self._thread.join()


@contextmanager
def tables_read_ahead(dossier: Path, positions: bool = True) -> Iterator[ReadAhead | None]:
    """Within the block, DOSSIER/tables is read in the background when the dossier has
    tables and agency.yaml names an assessment year; the block gets the handle (or None)
    to pass to the measure stage. `positions` as load_personnel's."""
    folder, year = dossier / "tables", assessment_year(dossier / "agency.yaml")
    keep = _shipped_keep() if year is not None and folder.is_dir() else None
    if year is None or keep is None:
        yield None
        return
    job = ReadAhead(folder, year, keep, positions)
    try:
        yield job
    finally:
        job.stop()  # at once when the tables were taken: the thread has ended


def _frozen(keep: Keep) -> frozenset[tuple[str, frozenset[str]]]:
    return frozenset(keep.items())


def _shipped_keep() -> Keep | None:
    """The columns the shipped metrics need (what compute_dossier_metrics keeps), or None
    when the metric files have problems (the foreground reports them)."""
    try:
        return columns_needed(load_metric_specs(shipped_metric_files()))
    except InputError:
        return None
