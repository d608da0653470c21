"""The employee table's derived measures: the latest assessment and appraisal per NIP,
recent penalties, development hours, potential, the 9-box, the talent pool and the
Indeks Profesionalitas ASN (derived.py's `enrich` calls `pegawai_measures`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

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
    penalty_since,
    points,
    settings,
)
from .parse import by_unique
from .positions import Parent, per_position
from .read import ROW

USES_LEADERSHIP = {"ip_kompetensi", "ip_asn", "ip_asn_band"}  # pegawai measures the training flags feed
IP_ASN = {"ip_kualifikasi", "ip_kompetensi", "ip_kinerja", "ip_disiplin", "ip_asn", "ip_asn_band"}  # all or none
TRAINING_KINDS = ("leadership", "functional", "seminar")  # IP ASN's kinds; any other training is technical
_FLAGS = tuple(f"__{kind}" for kind in TRAINING_KINDS)
PER_EMPLOYEE = ("asesmen", "skp", "disiplin", "pelatihan")  # the tables grouped per employee
STREAMED = ("disiplin", "pelatihan")  # the per-employee groups collected by the streaming engine


def pegawai_measures(people: Parent, lazy: Mapping[str, pl.LazyFrame], year: int,
                     axes: NineBoxAxes, ip_asn: bool = True) -> pl.LazyFrame:
    """The employee table with its measures, in its row order; the related tables in `lazy`
    carry their employees' positions (positions.py). Without `ip_asn` (no one reads the IP
    ASN columns), the training table, which only IP ASN reads, is not grouped at all."""
    sources = dict(zip(PER_EMPLOYEE, (_latest_assessment(lazy), _latest_appraisal(lazy, year),
                                      _recent_penalties(lazy, year), _development(lazy, year) if ip_asn else None)))
    # sums and anys per employee are grouped by polars' streaming engine, faster at millions
    # of rows; the latest row's values (order-dependent) by the in-memory one, which is
    # faster for those; each group is put beside its employee's row by position
    columns = []
    for tid, source in sources.items():
        if source is not None:
            grouped = source.collect(engine="streaming" if tid in STREAMED else "auto")
            columns += people.placed(grouped, "nip").get_columns()
    frame = people.frame.hstack(columns).lazy()
    if sources["disiplin"] is not None:
        frame = frame.with_columns(pl.col("recent_penalty").fill_null(False))
    frame = _talent(frame, axes)
    if all(v is not None for v in sources.values()) and has_columns(frame, "pendidikan", "skp_predicate"):
        frame = _ip_asn(frame)
    return frame.drop([c for c in ("__jp", "__score", "__ip_penalty", *_FLAGS) if has_columns(frame, c)])


def _latest_assessment(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame | None:
    if "asesmen" not in lazy:
        return None
    frame = lazy["asesmen"]
    latest = [pl.col("tanggal_asesmen").max().alias("last_assessment"),
              pl.col("assessment_valid").any().alias("assessment_valid")]
    # the latest row by date (then by file order) gives the JPM and category: the rows
    # are sorted so, and a group keeps the order of its rows
    latest += [pl.col(c).drop_nulls().last() for c in ("jpm", "jpm_category") if has_columns(frame, c)]
    return per_position(frame.sort("tanggal_asesmen", ROW), "nip", *latest)


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
    latest = [pl.col(c).drop_nulls().last() for c in wanted]
    if has_columns(frame, "nilai_skp"):  # the SKP score, for IP ASN's kinerja points
        latest.append(pl.col("nilai_skp").drop_nulls().last().alias("__score"))
    return per_position(rows.sort(ROW), "nip", *latest)


def _recent_penalties(lazy: Mapping[str, pl.LazyFrame], year: int) -> pl.LazyFrame | None:
    """Per NIP: a recent penalty that bars the talent pool, the heaviest recent one, and the
    heaviest in IP ASN's window (5 years)."""
    if "disiplin" not in lazy or not has_columns(lazy["disiplin"], "tingkat"):
        return None
    frame = lazy["disiplin"]
    level, recent = coded(pl.col("tingkat"), LEVELS), pl.col("recent")
    window = penalty_since(frame, date(year - settings()["ip_asn"]["disiplin"]["window_years"], 12, 31))
    return per_position(frame, "nip", pl.col("bars_talent_pool").filter(recent).any().alias("recent_penalty"),
                   named(level.filter(recent).max(), LEVELS).alias("worst_recent_penalty"),
                   named(level.filter(window).max(), LEVELS).alias("__ip_penalty"))


def _development(lazy: Mapping[str, pl.LazyFrame], year: int) -> pl.LazyFrame | None:
    """Technical JP and seminars of the assessment year, and whether a leadership or a
    functional training was ever completed (inputs of the kompetensi dimension of IP ASN)."""
    if "pelatihan" not in lazy:
        return None
    frame = lazy["pelatihan"]
    if not has_columns(frame, *_FLAGS):  # (enrich adds them; a plan of its own computes them here)
        frame = frame.with_columns(_training_flags(frame))
    this_year = pl.col("tanggal_selesai").is_between(pl.lit(date(year, 1, 1)), pl.lit(date(year, 12, 31)))
    technical = ~pl.any_horizontal(*_FLAGS).fill_null(False)
    # row-wise before grouping, so that the aggregations are plain sums and anys
    frame = frame.with_columns(pl.when(this_year & technical).then(pl.col("jp")).alias("__jp"),
                               (this_year & pl.col("__seminar")).alias("__seminar"))
    return per_position(frame, "nip", pl.col("__jp").sum(), *[pl.col(flag).any() for flag in _FLAGS])


def _training_flags(frame: pl.LazyFrame | pl.DataFrame) -> list[pl.Expr]:
    """Whether a training row is of each of IP ASN's kinds, by its name or kind."""
    names = [c for c in ("nama_pelatihan", "jenis") if c in frame.collect_schema().names()]
    return [(pl.any_horizontal(_is_kind(pl.col(c), kind) for c in names) if names else pl.lit(False))
            .alias(f"__{kind}") for kind in TRAINING_KINDS]


def _is_kind(value: pl.Expr, kind: str) -> pl.Expr:
    return value.cast(pl.Utf8).str.contains(settings()["ip_asn"]["kompetensi"][kind]).fill_null(False)


def _kinds_of_names(names: pl.DataFrame) -> pl.DataFrame:
    value = pl.col(names.columns[0])
    return names.select([_is_kind(value, kind).alias(f"__{kind}") for kind in TRAINING_KINDS])


def with_leadership(frame: pl.DataFrame) -> pl.DataFrame:
    """The training rows with their kind flags, the regexes run once per distinct name
    (names repeat over millions of rows) and spread back by code (parse.by_unique)."""
    names = [c for c in ("nama_pelatihan", "jenis") if c in frame.columns]
    if not names:
        return frame.with_columns(pl.repeat(False, frame.height, eager=True).alias(flag) for flag in _FLAGS)
    found = [by_unique(frame.get_column(c), _kinds_of_names) for c in names]
    flags = [found[0].get_column(flag) for flag in _FLAGS]
    for more in found[1:]:  # a row is of a kind when its name or its kind says so
        flags = [flag | more.get_column(flag.name) for flag in flags]
    return frame.with_columns(flags)


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
    discipline = config["disiplin"]["points"]
    frame = frame.with_columns(
        points(pl.col("pendidikan"), config["kualifikasi"]["points"]).alias("ip_kualifikasi"),
        _kompetensi(frame, config["kompetensi"]).alias("ip_kompetensi"),
        _kinerja(frame, config["kinerja"]).alias("ip_kinerja"),
        points(pl.col("__ip_penalty"), discipline, None).fill_null(float(discipline["none"]))
        .alias("ip_disiplin"))
    total = pl.sum_horizontal("ip_kualifikasi", "ip_kompetensi", "ip_kinerja", "ip_disiplin")
    score = pl.when(pl.col("ip_kualifikasi").is_not_null()).then(total).otherwise(None)
    return frame.with_columns(score.alias("ip_asn")).with_columns(ip_asn_band(pl.col("ip_asn")).alias("ip_asn_band"))


def _kompetensi(frame: pl.LazyFrame, comp: Mapping[str, Any]) -> pl.Expr:
    """Leadership and functional training, technical JP and seminars, capped at the max;
    a pelaksana scores more for technical training and seminars."""
    pelaksana = (pl.col("jenis_jabatan") == "pelaksana").fill_null(False) if has_columns(
        frame, "jenis_jabatan") else pl.lit(False)

    def scored(held: pl.Expr, key: str) -> pl.Expr:
        value = pl.when(pelaksana).then(comp[f"{key}_pelaksana"]).otherwise(comp[key]) \
            if f"{key}_pelaksana" in comp else pl.lit(comp[key])
        return pl.when(held.fill_null(False)).then(value).otherwise(0.0)

    parts = [scored(pl.col("__leadership"), "leadership_points"), scored(pl.col("__functional"), "functional_points"),
             scored(pl.col("__jp").fill_null(0) >= comp["technical_jp"], "technical_points"),
             scored(pl.col("__seminar"), "seminar_points")]
    return pl.min_horizontal(pl.sum_horizontal(parts), pl.lit(float(comp["max"]))).cast(pl.Float64)


def _kinerja(frame: pl.LazyFrame, kinerja: Mapping[str, Any]) -> pl.Expr:
    """By the SKP score where there is one, else by the predicate; none: 0."""
    by_predicate = points(pl.col("skp_predicate"), kinerja["predicate_points"], 0.0)
    if not has_columns(frame, "__score"):
        return by_predicate.fill_null(0.0)
    score = pl.col("__score")
    expr: Any = pl.when(score.is_null()).then(by_predicate)
    for above, value in sorted(kinerja["score_points"].items(), reverse=True):
        expr = expr.when(score > above).then(float(value))
    return expr.otherwise(float(kinerja["lowest_points"])).fill_null(0.0)
