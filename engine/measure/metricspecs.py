"""Metric files read into specs: what each declared metric measures (table, population,
pass, derived values), checked against the schema and the column dictionaries first.
Polars-free: reading the specs costs no table work."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import raise_if
from ..load.schema import validate
from ..load.yamlfile import load_yaml
from .metricfiles import check_metrics_file

COVERED = "__covered"


@dataclass(frozen=True)
class Filter:
    column: str
    op: str
    value: Any = None
    part: str = ""


@dataclass(frozen=True)
class Derive:
    name: str
    table: str
    agg: str  # sum, count, max, min, mean (metric files); "exists" (a coverage, internal)
    column: str = ""
    where: tuple[Filter, ...] = ()
    default: float | None = None


@dataclass(frozen=True)
class MetricSpec:
    id: str
    type: str
    table: str
    source: str
    where: tuple[Filter, ...] = ()
    derive: tuple[Derive, ...] = ()
    passes: tuple[Filter, ...] = ()
    column: str = ""
    group_by: str = ""

    def tables(self) -> set[str]:
        return {self.table, *(d.table for d in self.derive)}


def _filters(raw: Iterable[Mapping[str, Any]]) -> tuple[Filter, ...]:
    return tuple(Filter(f["column"], f["op"], f.get("value"), f.get("part", "")) for f in raw)


def _spec(mid: str, raw: Mapping[str, Any], source: str) -> MetricSpec:
    derive = tuple(Derive(name, d["table"], d["agg"], d.get("column", ""), _filters(d.get("where", [])),
                          d.get("default")) for name, d in raw.get("derive", {}).items())
    passes = _filters(raw.get("pass", []))
    if raw["type"] == "coverage":  # coverage: a ratio whose pass is "has a row in `of`"
        of = raw["of"]
        derive += (Derive(COVERED, of["table"], "exists", "", _filters(of.get("where", [])), 0),)
        passes = (Filter(COVERED, ">=", 1),)
    return MetricSpec(mid, raw["type"], raw["table"], source,
                      _filters(raw.get("where", [])), derive, passes, raw.get("column", ""),
                      raw.get("group_by", ""))


def specs_of(data: Mapping[str, Any], source: str) -> list[MetricSpec]:
    return [_spec(mid, raw, source) for mid, raw in data["metrics"].items()]


def load_metric_specs(files: Iterable[Path]) -> list[MetricSpec]:
    """Every metric of the metric files among `files` (other kinds are skipped)."""
    specs, problems = [], []
    for path in files:
        data = load_yaml(path)
        if not isinstance(data, dict) or data.get("kind") != "metrics":
            continue
        found = validate(data, "metrics", str(path))
        found = found or check_metrics_file(data, str(path))
        problems += found
        if not found:
            specs += specs_of(data, str(path))
    raise_if(problems)
    return specs
