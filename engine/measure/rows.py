"""What derived.py builds on: the derived measures' settings (columns/derived.yaml), the
agency's 9-box axes, the per-row polars expressions the regulations define, and the NIP
columns as join keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from ..errors import InputError, Problem
from ..load.yamlfile import SAFE_LOADER, load_yaml, position_of
from .dictionary import DERIVED_FILE
from .typed import digit_key

RATINGS = ("di bawah ekspektasi", "sesuai ekspektasi", "di atas ekspektasi")  # levels 0, 1, 2
POTENTIAL = ("rendah", "menengah", "tinggi")
LEVELS = ("ringan", "sedang", "berat")  # PP 94/2021, lightest first


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """columns/derived.yaml: thresholds and point values, with their sources."""
    text = resources.files(__package__).joinpath("columns", DERIVED_FILE).read_text("utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


@dataclass(frozen=True)
class NineBoxAxes:
    """Lower bounds of the medium and high level of each 9-box axis: potential on the JPM
    (%), performance on the SKP score."""

    potential: tuple[float, float] = (68.0, 80.0)
    performance: tuple[float, float] = (90.0, 110.0)


def read_axes(path: Path) -> NineBoxAxes:
    """The agency's 9-box thresholds: `nine_box` in tables/tables.yaml over the defaults."""
    defaults = settings()["nine_box"]
    axes: dict[str, Any] = {axis: (float(defaults[axis][0]), float(defaults[axis][1]))
                            for axis in ("potential", "performance")}
    data = load_yaml(path) if path.exists() else None
    given = data.get("nine_box") if isinstance(data, dict) else None
    if given is None:
        return NineBoxAxes(**axes)
    problems = []
    for axis in ("potential", "performance"):
        value = given.get(axis, axes[axis]) if isinstance(given, dict) else given
        if _increasing_pair(value):
            axes[axis] = (float(value[0]), float(value[1]))
        else:
            line, col = position_of(data, ["nine_box", axis] if isinstance(given, dict) else ["nine_box"])
            problems.append(Problem(str(path), line, col, "personnel.bad_nine_box",
                                    {"axis": axis, "value": str(value)}))
    if problems:
        raise InputError(problems)
    return NineBoxAxes(**axes)


def _increasing_pair(value: Any) -> bool:
    numbers = isinstance(value, (list, tuple)) and len(value) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    return numbers and value[0] < value[1]


# --- row expressions ---------------------------------------------------------------------

def jpm_category(jpm: pl.Expr | None, exported: pl.Expr | None = None) -> pl.Expr:
    """MS (>= 80), MMS (68 to < 80) or KMS (< 68) from the JPM; the exported category
    where a row has no JPM."""
    bounds = settings()["assessment"]["categories"]
    computed = pl.lit(None, pl.Utf8)
    if jpm is not None:
        computed = (pl.when(jpm >= bounds["MS"]).then(pl.lit("MS"))
                    .when(jpm >= bounds["MMS"]).then(pl.lit("MMS"))
                    .when(jpm.is_not_null()).then(pl.lit("KMS")).otherwise(None))
    return computed if exported is None else pl.coalesce(computed, exported)


def skp_predicate(work: pl.Expr, behaviour: pl.Expr) -> pl.Expr:
    """PermenPANRB 6/2022: the predicate from hasil kerja x perilaku kerja."""
    below, _, above = RATINGS
    return (pl.when(work.is_null() | behaviour.is_null()).then(None)
            .when(behaviour == below).then(
                pl.when(work == below).then(pl.lit("Sangat Kurang")).otherwise(pl.lit("Kurang")))
            .when(work == below).then(pl.lit("Butuh Perbaikan"))
            .when((work == above) & (behaviour == above)).then(pl.lit("Sangat Baik"))
            .otherwise(pl.lit("Baik")))


def level(value: pl.Expr, bounds: tuple[float, float]) -> pl.Expr:
    """0, 1 or 2: below the first bound, from it to below the second, from the second up."""
    return (pl.when(value >= bounds[1]).then(2).when(value >= bounds[0]).then(1)
            .when(value.is_not_null()).then(0).otherwise(None).cast(pl.Int8))


def coded(value: pl.Expr, names: tuple[str, ...]) -> pl.Expr:
    """The level (0, 1, 2) of a text value among `names`."""
    return value.replace_strict({n: i for i, n in enumerate(names)}, default=None, return_dtype=pl.Int8)


def nine_box(performance: pl.Expr, potential: pl.Expr) -> pl.Expr:
    """The box (1-9) of a performance level and a potential level (0 low .. 2 high)."""
    boxes = settings()["nine_box"]["boxes"]
    lookup = {p * 3 + q: boxes[p][q] for p in range(3) for q in range(3)}
    return (performance.cast(pl.Int16) * 3 + potential.cast(pl.Int16)).replace_strict(
        lookup, default=None, return_dtype=pl.Int8)


def ip_asn_band(score: pl.Expr) -> pl.Expr:
    """Band of an Indeks Profesionalitas ASN score (PermenPANRB 38/2018)."""
    config = settings()["ip_asn"]
    expr: Any = pl
    for name, above in config["bands"].items():
        expr = expr.when(score > above).then(pl.lit(name))
    return expr.when(score.is_not_null()).then(pl.lit(config["lowest_band"])).otherwise(None)


def points(value: pl.Expr, table: Mapping[str, float], default: float | None = None) -> pl.Expr:
    return value.replace_strict(dict(table), default=default, return_dtype=pl.Float64)


# --- NIP keys ----------------------------------------------------------------------------

NIP_COLUMNS = ("nip", "nip_pejabat", "nip_suksesor")  # grouped and joined by NIP


def keyed(frames: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames with NIP columns as Int64 keys, as load_personnel hands them on: NIPs
    given as text (by tests, or any other caller) are made keys when every one of them is
    18 digits, which gives the same groups and matches; otherwise all stay text."""
    text = {tid: [c for c in NIP_COLUMNS if frame.schema.get(c) == pl.Utf8] for tid, frame in frames.items()}
    if not any(text.values()) or not digit_nips(frames):
        return dict(frames)
    return {tid: frame.with_columns([pl.col(c).cast(pl.Int64) for c in text[tid]])
            for tid, frame in frames.items()}


def digit_nips(frames: Mapping[str, pl.DataFrame]) -> bool:
    """Whether every NIP of the tables is a key or 18 digits of text."""
    for frame in frames.values():
        for column in NIP_COLUMNS:
            if column not in frame.columns or frame.schema[column] == pl.Int64:
                continue
            if frame.schema[column] != pl.Utf8:
                return False
            nip = pl.col(column)
            if frame.select((nip.is_not_null() & digit_key(nip).is_null()).any()).item():
                return False
    return True
