"""Per-row measures the regulations define, as polars expressions: the JPM category, the
SKP predicate, axis levels, the 9-box, the IP ASN band and point tables. Thresholds, point
values and their sources come from columns/derived.yaml (`settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import polars as pl
import yaml

from ..load.yamlfile import SAFE_LOADER
from .dictionary import DERIVED_FILE

RATINGS = ("di bawah ekspektasi", "sesuai ekspektasi", "di atas ekspektasi")  # levels 0, 1, 2


POTENTIAL = ("rendah", "menengah", "tinggi")


LEVELS = ("ringan", "sedang", "berat")  # PP 94/2021, lightest first


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """columns/derived.yaml: thresholds and point values, with their sources."""
    text = resources.files(__package__).joinpath("columns", DERIVED_FILE).read_text("utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


def jpm_category(jpm: pl.Expr | None, exported: pl.Expr | None = None) -> pl.Expr:
    """MS (>= 80), MMS (68 to < 80) or KMS (< 68) from the JPM; the exported category
    where a row has no JPM."""
    bounds = settings()["assessment"]["categories"]
    computed = pl.lit(None, pl.Utf8)
    if jpm is not None:
        computed = (pl.when(jpm >= bounds["MS"]).then(pl.lit("MS"))
                    .when(jpm >= bounds["MMS"]).then(pl.lit("MMS"))
                    .when(jpm.is_not_null()).then(pl.lit("KMS")).otherwise(None))
    computed = computed.cast(pl.Categorical)  # (as `named`)
    return computed if exported is None else pl.coalesce(computed, exported.cast(pl.Categorical))


def skp_predicate(work: pl.Expr, behaviour: pl.Expr) -> pl.Expr:
    """PermenPANRB 6/2022: the predicate from hasil kerja x perilaku kerja."""
    below, _, above = RATINGS
    return (pl.when(work.is_null() | behaviour.is_null()).then(None)
            .when(behaviour == below).then(
                pl.when(work == below).then(pl.lit("Sangat Kurang")).otherwise(pl.lit("Kurang")))
            .when(work == below).then(pl.lit("Butuh Perbaikan"))
            .when((work == above) & (behaviour == above)).then(pl.lit("Sangat Baik"))
            .otherwise(pl.lit("Baik"))).cast(pl.Categorical)  # (as `named`)


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
    return expr.when(score.is_not_null()).then(pl.lit(config["lowest_band"])).otherwise(None).cast(
        pl.Categorical)  # (as `named`)


def points(value: pl.Expr, table: Mapping[str, float], default: float | None = None) -> pl.Expr:
    return value.replace_strict(dict(table), default=default, return_dtype=pl.Float64)


def has_columns(frame: pl.LazyFrame, *columns: str) -> bool:
    return set(columns) <= set(frame.collect_schema().names())


def valid_from(year: int) -> date:
    return date(year - settings()["assessment"]["valid_years"], 12, 31)


def named(code: pl.Expr, names: tuple[str, ...]) -> pl.Expr:
    """The name of a level. Measures named from a few values are Categoricals (polars'
    global categories, which only ever hold those values, as checks.py's enumerations):
    joined, grouped and compared by code."""
    return code.replace_strict(dict(enumerate(names)), default=None, return_dtype=pl.Categorical)


def penalty_since(frame: pl.LazyFrame, since: date) -> pl.Expr:
    """Whether a penalty falls in a window from `since`: decreed (or, without a decree date,
    started) on or after it, or still running then."""
    names = frame.collect_schema().names()
    dated = pl.coalesce(pl.col("tanggal_sk"), pl.col("tanggal_mulai")) if "tanggal_mulai" in names \
        else pl.col("tanggal_sk")
    within = (dated >= pl.lit(since)).fill_null(False)
    if "tanggal_selesai" in names:
        within = within | (pl.col("tanggal_selesai") >= pl.lit(since)).fill_null(False)
    return within


@dataclass(frozen=True)
class NineBoxAxes:
    """Lower bounds of the medium and high level of each 9-box axis: potential on the JPM
    (%), performance on the SKP score."""

    potential: tuple[float, float] = (68.0, 80.0)
    performance: tuple[float, float] = (90.0, 110.0)
