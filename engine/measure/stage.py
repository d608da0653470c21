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
from ..model import Dossier
from .outcome import compute_dossier_metrics
from .readahead import ReadAhead


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
    return replace(dossier, metrics={**dossier.metrics, **outcome.metric_values()},
                   excluded=outcome.excluded_rows(root))
