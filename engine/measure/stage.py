"""The measure stage: a loaded dossier in, the same dossier with what its personnel tables
measure out.

Per-employee rows stay in this package: only one `MetricValue` per metric (computed from
the tables, winning over a self-reported figure in answers.yaml) and the rows left out under
the bad-row threshold reach the Dossier, so rows never become rules-engine facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .. import progress
from ..dossier_model import MetricValue, TableRead
from ..model import Dossier
from .outcome import TablesOutcome, compute_dossier_metrics
from .provenance import lacking, relative
from .readahead import ReadAhead
from .tables import Personnel


def measure_dossier(dossier: Dossier, known_metrics: Iterable[str],
                    ahead: ReadAhead | None = None, metrics: bool = True) -> Dossier:
    """`dossier` with the metrics of DOSSIER/tables (unchanged when it has no tables).
    `ahead` is the pipeline's read-ahead of those tables, if one runs. Without `metrics`,
    the tables are only read and checked (`merit validate`): the same problems and rows
    left out, no metric values."""
    root = Path(dossier.root)
    tables = root / "tables"
    if not tables.is_dir():
        return dossier
    progress.step("progress.tables", path=str(tables))
    outcome = compute_dossier_metrics(tables, dossier.agency.assessment_year, known_metrics, ahead=ahead,
                                      metrics=metrics)
    computed = outcome.metric_values(root=root)
    fallback = fallbacks(dossier, outcome, computed)
    return replace(dossier, metrics={**dossier.metrics, **fallback, **computed},
                   excluded=outcome.excluded_rows(root), tables_read=tables_read(outcome.personnel, root))


def fallbacks(dossier: Dossier, outcome: TablesOutcome, computed: dict[str, MetricValue]) -> dict[str, MetricValue]:
    """The self-reported figures that stand because the tables lacked what their metric
    needs, each with what was missing."""
    stand = [mid for mid in dossier.metrics if mid not in computed]
    if not stand:
        return {}
    missing = lacking([s for s in outcome.specs if s.id in stand], outcome.personnel,
                      dossier.agency.assessment_year, outcome.results)
    return {mid: replace(dossier.metrics[mid], missing=missing[mid]) for mid in stand if mid in missing}


def tables_read(personnel: Personnel, root: Path) -> tuple[TableRead, ...]:
    """Each table file with its table and how it was read (a profile, tables.yaml, merit's shape)."""
    return tuple(TableRead(relative(path, root), t.id, how, t.absent, t.approximate)
                 for t in personnel.tables.values()
                 for path, how in zip(t.paths or (t.path,), t.read_as or ("",)))
