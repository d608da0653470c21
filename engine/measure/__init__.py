"""The measure stage (entry point `measure_dossier`). Personnel data at scale: tables of employees, training, assessments, appraisals and
positions, read from a dossier's tables/ directory, checked row by row with polars, and
reduced to the aggregate metrics the rules use.

Per-employee rows stay here: what leaves for the rules engine is one `MetricValue` per
metric. The rows excluded under the bad-row threshold and the failing rows of each metric
stay available (`TablesOutcome`) for reports and auditors.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Each name and its module: imported on first use (PEP 562), so that a command that reads
# no personnel table (merit validate of rule files, merit rules ...) never loads polars.
_EXPORTS = {
    "MetricResult": "metrics", "MetricSpec": "metricspecs", "load_metric_specs": "metricspecs",
    "Personnel": "tables", "load_personnel": "tables",
    "RowKeys": "outcome", "TablesOutcome": "outcome", "compute_dossier_metrics": "outcome",
    "shipped_metric_files": "metricfiles",
    "ReadAhead": "readahead", "tables_read_ahead": "readahead",
    "measure_dossier": "stage",
}
__all__ = ["MetricResult", "MetricSpec", "Personnel", "ReadAhead", "RowKeys", "TablesOutcome",
           "compute_dossier_metrics", "load_metric_specs", "load_personnel", "measure_dossier",
           "shipped_metric_files", "tables_read_ahead"]

if TYPE_CHECKING:
    from .metricfiles import shipped_metric_files
    from .metrics import MetricResult
    from .metricspecs import MetricSpec, load_metric_specs
    from .outcome import RowKeys, TablesOutcome, compute_dossier_metrics
    from .readahead import ReadAhead, tables_read_ahead
    from .stage import measure_dossier
    from .tables import Personnel, load_personnel


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
