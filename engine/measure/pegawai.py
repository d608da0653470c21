"""The employee table's derived measures: the latest assessment and appraisal per NIP,
recent penalties, development hours, potential, the 9-box, the talent pool and the
Indeks Profesionalitas ASN (derived.py's `enrich` calls `pegawai_measures`)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from .expressions import (
    LEVELS,
    POTENTIAL,
    RATINGS,
    NineBoxAxes,
    coded,
    has_columns,
    ip_asn_band,
    level,
    named,
    nine_box,
    per_nip,
    points,
    settings,
)
from .parse import by_unique
from .read import ROW

USES_LEADERSHIP = {"ip_kompetensi", "ip_asn", "ip_asn_band"}  # pegawai measures the training flag feeds


def pegawai_measures(lazy: Mapping[str, pl.LazyFrame], year: int, axes: NineBoxAxes) -> pl.LazyFrame:
    frame = lazy["pegawai"]
    sources = {"asesmen": _latest_assessment(lazy), "skp": _latest_appraisal(lazy, year),
               "disiplin": _recent_penalties(lazy), "pelatihan": _development(lazy, year)}
    for joined in sources.values():
        if joined is not None:
            frame = frame.join(joined, on="nip", how="left")
    if sources["disiplin"] is not None:
        frame = frame.with_columns(pl.col("recent_penalty").fill_null(False))
    frame = _talent(frame, axes)
    if all(v is not None for v in sources.values()) and has_columns(frame, "pendidikan", "skp_predicate"):
        frame = _ip_asn(frame)
    return frame.drop([c for c in ("__jp", "__leadership") if has_columns(frame, c)])


def _latest_assessment(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame | None:
    if "asesmen" not in lazy:
        return None
    frame = lazy["asesmen"]
    latest = [pl.col("tanggal_asesmen").max().alias("last_assessment"),
              pl.col("assessment_valid").any().alias("assessment_valid")]
    # the latest row by date (then by file order) gives the JPM and category: the rows
    # are sorted so, and a group keeps the order of its rows
    latest += [pl.col(c).drop_nulls().last() for c in ("jpm", "jpm_category") if has_columns(frame, c)]
    return per_nip(frame.sort("tanggal_asesmen", ROW), *latest)


def _latest_appraisal(lazy: Mapping[str, pl.LazyFrame], year: int) -> pl.LazyFrame | None:
    if "skp" not in lazy:
        return None
    frame = lazy["skp"]
    wanted = [c for c in ("skp_predicate", "performance") if has_columns(frame, c)]
    if not wanted:
        return None
    rows = frame.filter(pl.col("tahun") == year + settings()["performance"]["appraisal_year_offset"])
    # a corrected appraisal is exported as a later row of the same year: the last one
    # counts (the rows are in file order, and a group keeps the order of its rows)
    return per_nip(rows.sort(ROW), *[pl.col(c).drop_nulls().last() for c in wanted])


def _recent_penalties(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame | None:
    if "disiplin" not in lazy:
        return None
    rows = lazy["disiplin"].filter(pl.col("recent"))
    worst = coded(pl.col("tingkat"), LEVELS).max()
    return per_nip(rows, pl.col("bars_talent_pool").any().alias("recent_penalty"),
                    named(worst, LEVELS).alias("worst_recent_penalty"))


def _development(lazy: Mapping[str, pl.LazyFrame], year: int) -> pl.LazyFrame | None:
    """JP of the assessment year and whether a leadership/functional training was ever
    completed (inputs of the kompetensi dimension of IP ASN)."""
    if "pelatihan" not in lazy:
        return None
    frame = lazy["pelatihan"]
    if not has_columns(frame, "__leadership"):  # (enrich adds it; a plan of its own computes it here)
        frame = frame.with_columns(_leadership(frame).alias("__leadership"))
    this_year = pl.col("tanggal_selesai").dt.year() == year
    # row-wise before grouping, so that the aggregations are plain sums and anys
    frame = frame.with_columns(pl.when(this_year).then(pl.col("jp")).alias("__jp"))
    return per_nip(frame, pl.col("__jp").sum(), pl.col("__leadership").any())


def _leadership(frame: pl.LazyFrame | pl.DataFrame) -> pl.Expr:
    """Whether a training row is a leadership or functional one, by its name or kind."""
    names = [c for c in ("nama_pelatihan", "jenis") if c in frame.collect_schema().names()]
    return pl.any_horizontal(_is_leadership(pl.col(c)) for c in names) if names else pl.lit(False)


def _is_leadership(value: pl.Expr) -> pl.Expr:
    return value.str.contains(settings()["ip_asn"]["kompetensi"]["leadership"]).fill_null(False)


def with_leadership(frame: pl.DataFrame) -> pl.DataFrame:
    """The training rows with `__leadership`, its regex run once per distinct name (names
    repeat over millions of rows) and spread back by code (parse.by_unique)."""
    names = [c for c in ("nama_pelatihan", "jenis") if c in frame.columns]
    flags = [by_unique(frame.get_column(c), lambda f: f.select(_is_leadership(pl.col(f.columns[0]))))
             .to_series() for c in names]
    found = pl.DataFrame(flags).select(pl.any_horizontal(pl.all())).to_series() if flags else \
        pl.repeat(False, frame.height, eager=True)
    return frame.with_columns(found.alias("__leadership"))


def _talent(frame: pl.LazyFrame, axes: NineBoxAxes) -> pl.LazyFrame:
    """Potential, 9-box and talent pool, as far as the sources allow."""
    potential = ([level(pl.col("jpm"), axes.potential)] if has_columns(frame, "jpm") else []) + (
        [coded(pl.col("jpm_category"), ("KMS", "MMS", "MS"))] if has_columns(frame, "jpm_category") else [])
    if not potential:
        return frame
    frame = frame.with_columns(pl.coalesce(potential).alias("__potential"))
    frame = frame.with_columns(named(pl.col("__potential"), POTENTIAL).alias("potential"))
    if has_columns(frame, "performance"):
        box = nine_box(coded(pl.col("performance"), RATINGS), pl.col("__potential"))
        frame = frame.with_columns(box.alias("nine_box"))
        if has_columns(frame, "recent_penalty"):
            pool = pl.col("nine_box").is_in(settings()["nine_box"]["talent_pool"]).fill_null(False)
            frame = frame.with_columns((pool & ~pl.col("recent_penalty")).alias("in_talent_pool"))
    return frame.drop("__potential")


def _ip_asn(frame: pl.LazyFrame) -> pl.LazyFrame:
    config = settings()["ip_asn"]
    comp = config["kompetensi"]
    development = comp["development_points"] * (pl.col("__jp").fill_null(0) / comp["development_jp"]).clip(0, 1)
    leadership = pl.when(pl.col("__leadership").fill_null(False)).then(comp["leadership_points"]).otherwise(0)
    discipline = config["disiplin"]["points"]
    frame = frame.with_columns(
        points(pl.col("pendidikan"), config["kualifikasi"]["points"]).alias("ip_kualifikasi"),
        (development + leadership).cast(pl.Float64).alias("ip_kompetensi"),
        points(pl.col("skp_predicate"), config["kinerja"]["points"], 0.0).fill_null(0.0).alias("ip_kinerja"),
        points(pl.col("worst_recent_penalty"), discipline, None).fill_null(float(discipline["none"]))
        .alias("ip_disiplin"))
    total = pl.sum_horizontal("ip_kualifikasi", "ip_kompetensi", "ip_kinerja", "ip_disiplin")
    score = pl.when(pl.col("ip_kualifikasi").is_not_null()).then(total).otherwise(None)
    return frame.with_columns(score.alias("ip_asn")).with_columns(ip_asn_band(pl.col("ip_asn")).alias("ip_asn_band"))
