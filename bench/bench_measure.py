"""In-process CPU time of the metrics computed from an already generated dossier's tables
(derived measures, related values, metric results), with the tables read once beforehand.

  .venv/bin/python bench/bench_measure.py /tmp/bench-speed/dossier-1000000 --repeat 3

Prints the CPU and wall time of each run of `compute_metrics` (the fastest counts), then
one run split into its three parts, and a digest of every result (value, counts, groups,
failing rows): a change meant to be faster must print the same digest.
(bench_personnel.py generates dossiers: --workdir DIR leaves DIR/dossier-N behind.)
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import polars as pl
from merit.engine.load.yamlfile import load_yaml
from merit.engine.measure.metricfiles import shipped_metric_files
from merit.engine.measure.metrics import (
    MetricResult,
    columns_needed,
    compile_all,
    compute_metrics,
    derived_frames,
    load_metric_specs,
    metric_plan,
    metric_result,
    supported,
)
from merit.engine.measure.related import related_values
from merit.engine.measure.tables import Personnel, load_personnel


class Clock:
    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def lap(self) -> str:
        cpu, wall = time.process_time(), time.perf_counter()
        text = f"cpu {cpu - self.cpu:6.2f} s  wall {wall - self.wall:6.2f} s"
        self.cpu, self.wall = cpu, wall
        return text


def parts(personnel: Personnel, year: int) -> None:
    """One run of compute_metrics' three parts, each timed."""
    specs = load_metric_specs(shipped_metric_files())
    clock = Clock()
    tables = derived_frames(personnel, year, specs)
    print(f"  derived measures  {clock.lap()}")
    related = related_values([s for s in specs if supported(s, tables)], tables, compile_all, year)
    print(f"  related values    {clock.lap()}")
    planned = [(s, p) for s in specs if (p := metric_plan(s, tables, year, related)) is not None]
    for (spec, _), rows in zip(planned, pl.collect_all([p for _, p in planned])):
        metric_result(spec, personnel, rows)
    print(f"  metric results    {clock.lap()}")


def digest(results: dict[str, MetricResult]) -> str:
    h = hashlib.sha256()
    for mid in sorted(results):
        r = results[mid]
        h.update(repr((mid, r.value, r.passed, r.total, r.groups, r.source, r.note)).encode())
        h.update(r.failing.write_csv().encode())
    return h.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    year = int(load_yaml(args.dossier / "agency.yaml")["assessment_year"])
    specs = load_metric_specs(shipped_metric_files())
    clock = Clock()
    personnel = load_personnel(args.dossier / "tables", year, None, keep=columns_needed(specs))
    print(f"tables read        {clock.lap()}")
    results: dict[str, MetricResult] = {}
    for run in range(args.repeat):
        clock = Clock()
        results = compute_metrics(specs, personnel, year)
        print(f"compute_metrics #{run + 1} {clock.lap()}")
    parts(personnel, year)
    print(f"digest {digest(results)} ({len(results)} metrics)")


if __name__ == "__main__":
    main()
