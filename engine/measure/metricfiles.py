"""What a JSON Schema cannot say about a metric file (rules/metrics/*.yaml): its tables,
columns and joins must exist. Needs no polars, so that `merit validate` and the rule
reference do not load it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Problem, closest, format_json_path
from ..load.yamlfile import position_of
from .dictionary import TableSpec, table_specs
from .measures import DERIVED_COLUMNS


def check_metrics_file(data: Any, source: str) -> list[Problem]:
    """What a schema cannot say: tables, columns and joins must exist (schema-valid data)."""
    specs = table_specs()
    problems: list[Problem] = []
    for mid, raw in data["metrics"].items():
        path: list[Any] = ["metrics", mid]
        problems += _check_metric(raw, path, data, source, specs)
    return problems


def metrics_outside(data: Any, source: str, known: Iterable[str]) -> list[Problem]:
    """Metrics a metric file computes that the vocabulary, their single home (title, unit,
    references, provenance), does not list."""
    known = list(known)
    found = []
    for mid in data["metrics"]:
        if mid not in known:
            line, col = position_of(data, ["metrics", mid], key=True)
            found.append(Problem(source, line, col, "metrics.unknown_metric", {"name": mid},
                                 format_json_path(["metrics", mid]), closest(mid, known)))
    return found


def _check_metric(raw: Any, path: list[Any], data: Any, source: str,
                  specs: Mapping[str, TableSpec]) -> list[Problem]:
    def problem(where: list[Any], code: str, name: str, known: Iterable[str]) -> Problem:
        line, col = position_of(data, where)
        return Problem(source, line, col, code, {"name": name}, format_json_path(where),
                       closest(name, known))

    table = specs.get(raw["table"])
    if table is None:
        return [problem([*path, "table"], "metrics.unknown_table", raw["table"], specs)]
    found = []
    derived = set(raw.get("derive", {}))
    known = set(table.columns) | set(DERIVED_COLUMNS.get(table.id, ()))  # derived.py's measures
    columns = known | derived
    for key in ("where", "pass"):
        for i, f in enumerate(raw.get(key, [])):
            if f["column"] not in (columns if key == "pass" else known):
                found.append(problem([*path, key, i, "column"], "metrics.unknown_column",
                                     f["column"], columns))
    for name in ("column", "group_by"):
        if name in raw and raw[name] not in columns:
            found.append(problem([*path, name], "metrics.unknown_column", raw[name], columns))
    joins = [([*path, "derive", n], d) for n, d in raw.get("derive", {}).items()]
    joins += [([*path, "of"], raw["of"])] if "of" in raw else []
    for where, d in joins:
        found += _check_join(d, where, raw["table"], problem, specs)
    return found


def _check_join(d: Any, where: list[Any], parent: str, problem: Any,
                specs: Mapping[str, TableSpec]) -> list[Problem]:
    child = specs.get(d["table"])
    if child is None:
        return [problem([*where, "table"], "metrics.unknown_table", d["table"], specs)]
    if link_column(child, parent) is None or not specs[parent].key:
        return [problem([*where, "table"], "metrics.no_link", d["table"], [])]
    found = []
    known = set(child.columns) | set(DERIVED_COLUMNS.get(child.id, ()))
    for i, f in enumerate(d.get("where", [])):
        if f["column"] not in known:
            found.append(problem([*where, "where", i, "column"], "metrics.unknown_column",
                                 f["column"], known))
    if d.get("column") and d["column"] not in known:
        found.append(problem([*where, "column"], "metrics.unknown_column", d["column"], known))
    return found


def link_column(child: TableSpec, parent: str) -> str | None:
    """The column of `child` that references `parent` (its NIP column)."""
    return next((c.id for c in child.columns.values() if c.references == parent), None)


def shipped_metric_files() -> list[Path]:
    """The metric files merit ships (rules/metrics/*.yaml)."""
    folder = Path(str(resources.files("merit").joinpath("rules/metrics")))
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []
