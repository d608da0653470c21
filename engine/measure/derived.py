"""Derived measures: per-row values the regulations define over the personnel tables,
computed column-wise with polars and added to the frames the metrics see.

  asesmen   assessment_valid, jpm_category
  skp       skp_predicate, performance
  disiplin  recent, bars_talent_pool
  pegawai   last_assessment, assessment_valid, jpm, jpm_category, potential, skp_predicate,
            performance, nine_box, recent_penalty, worst_recent_penalty, in_talent_pool,
            ip_kualifikasi, ip_kompetensi, ip_kinerja, ip_disiplin, ip_asn, ip_asn_band
  jabatan   successor_in_talent_pool, open_selection
  seleksi   jenis_jabatan, chosen_in_talent_pool

A column is added only when the tables and columns it rests on are in the dossier, so a
metric over a measure the dossier cannot support is not computed (and a self-reported
value stands) instead of being computed from nothing. Thresholds, point values and their
sources are in columns/derived.yaml; the 9-box axes can be overridden in tables/tables.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from ..errors import InputError, Problem
from ..load.yamlfile import SAFE_LOADER, load_yaml, position_of
from .checks import by_unique, digit_key
from .dictionary import DERIVED_FILE
from .measures import DERIVED_COLUMNS, DERIVED_SOURCES
from .read import ROW

__all__ = ["DERIVED_COLUMNS", "DERIVED_SOURCES", "NineBoxAxes", "enrich", "read_axes"]

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


# --- per-table enrichment ----------------------------------------------------------------

def enrich(frames: Mapping[str, pl.DataFrame], year: int, axes: NineBoxAxes | None = None,
           keep: Mapping[str, Iterable[str]] | None = None) -> dict[str, pl.DataFrame]:
    """The tables with their derived columns (each only where its sources are present).
    With `keep`, each table has only those of its columns (and ROW): a derived measure no
    one reads is then not computed at all, nor held in memory."""
    axes = axes or NineBoxAxes()

    def kept(tid: str, frame: pl.LazyFrame, *also: str) -> pl.LazyFrame:
        if keep is None:
            return frame
        wanted = {ROW, *keep.get(tid, ()), *also}
        return frame.select([c for c in frame.collect_schema().names() if c in wanted])

    frames = _keyed(frames)
    # computed eagerly (once per distinct training name) when a kept column rests on it;
    # otherwise the lazy plans leave the whole training branch out
    if "pelatihan" in frames and (keep is None or USES_LEADERSHIP & set(keep.get("pegawai", ()))):
        frames["pelatihan"] = _with_leadership(frames["pelatihan"])
    lazy = {tid: frame.lazy() for tid, frame in frames.items()}
    row_wise = {"asesmen": lambda f: _asesmen(f, year), "skp": lambda f: _skp(f, axes),
                "disiplin": lambda f: _disiplin(f, year)}
    ready = [tid for tid in row_wise if tid in lazy]
    # collected once, now: pegawai's plan reads them, and so do the metrics (two plans
    # over one lazy frame would compute its columns twice)
    for tid, frame in zip(ready, pl.collect_all([row_wise[tid](lazy[tid]) for tid in ready])):
        lazy[tid] = frame.lazy()
    if "pegawai" in lazy:  # collected now: jabatan and seleksi join it, and a plan
        # (the talent pool is kept for jabatan and seleksi)
        lazy["pegawai"] = kept("pegawai", _pegawai(lazy, year, axes), "nip", "in_talent_pool").collect().lazy()
    if "jabatan" in lazy:
        lazy["jabatan"] = _jabatan(lazy)
    if "seleksi" in lazy:
        lazy["seleksi"] = _seleksi(lazy)
    names = list(lazy)
    return dict(zip(names, pl.collect_all([kept(n, lazy[n]) for n in names])))


NIP_COLUMNS = ("nip", "nip_pejabat", "nip_suksesor")  # grouped and joined by NIP
USES_LEADERSHIP = {"ip_kompetensi", "ip_asn", "ip_asn_band"}  # pegawai measures the training flag feeds


def _keyed(frames: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames with NIP columns as Int64 keys, as load_personnel hands them on: NIPs
    given as text (by tests, or any other caller) are made keys when every one of them is
    18 digits, which gives the same groups and matches; otherwise all stay text."""
    text = {tid: [c for c in NIP_COLUMNS if frame.schema.get(c) == pl.Utf8] for tid, frame in frames.items()}
    if not any(text.values()) or not _digit_nips(frames):
        return dict(frames)
    return {tid: frame.with_columns([pl.col(c).cast(pl.Int64) for c in text[tid]])
            for tid, frame in frames.items()}


def _digit_nips(frames: Mapping[str, pl.DataFrame]) -> bool:
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


def _has(frame: pl.LazyFrame, *columns: str) -> bool:
    return set(columns) <= set(frame.collect_schema().names())


def _valid_from(year: int) -> date:
    return date(year - settings()["assessment"]["valid_years"], 12, 31)


def _asesmen(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    added = [(pl.col("tanggal_asesmen") >= pl.lit(_valid_from(year))).alias("assessment_valid")]
    if _has(frame, "jpm") or _has(frame, "kategori"):
        jpm = pl.col("jpm") if _has(frame, "jpm") else None
        added.append(jpm_category(jpm, pl.col("kategori") if _has(frame, "kategori") else None)
                     .alias("jpm_category"))
    return frame.with_columns(added)


def _skp(frame: pl.LazyFrame, axes: NineBoxAxes) -> pl.LazyFrame:
    added = []
    ratings = _has(frame, "hasil_kerja", "perilaku_kerja")
    if _has(frame, "predikat") or ratings:
        sources = ([pl.col("predikat")] if _has(frame, "predikat") else []) + (
            [skp_predicate(pl.col("hasil_kerja"), pl.col("perilaku_kerja"))] if ratings else [])
        added.append(pl.coalesce(sources).alias("skp_predicate"))
    sources = ([level(pl.col("nilai_skp"), axes.performance)] if _has(frame, "nilai_skp") else []) + (
        [coded(pl.col("hasil_kerja"), RATINGS)] if _has(frame, "hasil_kerja") else [])
    if sources:
        added.append(_named(pl.coalesce(sources), RATINGS).alias("performance"))
    return frame.with_columns(added) if added else frame


def _named(code: pl.Expr, names: tuple[str, ...]) -> pl.Expr:
    return code.replace_strict(dict(enumerate(names)), default=None, return_dtype=pl.Utf8)


def _disiplin(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    config = settings()["discipline"]
    since = pl.lit(date(year - config["recent_years"], 12, 31))
    dated = pl.coalesce(pl.col("tanggal_sk"), pl.col("tanggal_mulai")) if _has(frame, "tanggal_mulai") \
        else pl.col("tanggal_sk")
    recent = (dated >= since).fill_null(False)
    if _has(frame, "tanggal_selesai"):  # still running inside the window
        recent = recent | (pl.col("tanggal_selesai") >= since).fill_null(False)
    return frame.with_columns(recent.alias("recent")).with_columns(
        (pl.col("recent") & pl.col("tingkat").is_in(config["barring_levels"])).alias("bars_talent_pool"))


def _per_nip(frame: pl.LazyFrame, *aggs: pl.Expr) -> pl.LazyFrame:
    return frame.filter(pl.col("nip").is_not_null()).group_by("nip").agg(*aggs)


def _pegawai(lazy: Mapping[str, pl.LazyFrame], year: int, axes: NineBoxAxes) -> pl.LazyFrame:
    frame = lazy["pegawai"]
    sources = {"asesmen": _latest_assessment(lazy), "skp": _latest_appraisal(lazy, year),
               "disiplin": _recent_penalties(lazy), "pelatihan": _development(lazy, year)}
    for joined in sources.values():
        if joined is not None:
            frame = frame.join(joined, on="nip", how="left")
    if sources["disiplin"] is not None:
        frame = frame.with_columns(pl.col("recent_penalty").fill_null(False))
    frame = _talent(frame, axes)
    if all(v is not None for v in sources.values()) and _has(frame, "pendidikan", "skp_predicate"):
        frame = _ip_asn(frame)
    return frame.drop([c for c in ("__jp", "__leadership") if _has(frame, c)])


def _latest_assessment(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame | None:
    if "asesmen" not in lazy:
        return None
    frame = lazy["asesmen"]
    latest = [pl.col("tanggal_asesmen").max().alias("last_assessment"),
              pl.col("assessment_valid").any().alias("assessment_valid")]
    # the latest row by date (then by file order) gives the JPM and category: the rows
    # are sorted so, and a group keeps the order of its rows
    latest += [pl.col(c).drop_nulls().last() for c in ("jpm", "jpm_category") if _has(frame, c)]
    return _per_nip(frame.sort("tanggal_asesmen", ROW), *latest)


def _latest_appraisal(lazy: Mapping[str, pl.LazyFrame], year: int) -> pl.LazyFrame | None:
    if "skp" not in lazy:
        return None
    frame = lazy["skp"]
    wanted = [c for c in ("skp_predicate", "performance") if _has(frame, c)]
    if not wanted:
        return None
    rows = frame.filter(pl.col("tahun") == year + settings()["performance"]["appraisal_year_offset"])
    # a corrected appraisal is exported as a later row of the same year: the last one
    # counts (the rows are in file order, and a group keeps the order of its rows)
    return _per_nip(rows.sort(ROW), *[pl.col(c).drop_nulls().last() for c in wanted])


def _recent_penalties(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame | None:
    if "disiplin" not in lazy:
        return None
    rows = lazy["disiplin"].filter(pl.col("recent"))
    worst = coded(pl.col("tingkat"), LEVELS).max()
    return _per_nip(rows, pl.col("bars_talent_pool").any().alias("recent_penalty"),
                    _named(worst, LEVELS).alias("worst_recent_penalty"))


def _development(lazy: Mapping[str, pl.LazyFrame], year: int) -> pl.LazyFrame | None:
    """JP of the assessment year and whether a leadership/functional training was ever
    completed (inputs of the kompetensi dimension of IP ASN)."""
    if "pelatihan" not in lazy:
        return None
    frame = lazy["pelatihan"]
    if not _has(frame, "__leadership"):  # (enrich adds it; a plan of its own computes it here)
        frame = frame.with_columns(_leadership(frame).alias("__leadership"))
    this_year = pl.col("tanggal_selesai").dt.year() == year
    # row-wise before grouping, so that the aggregations are plain sums and anys
    frame = frame.with_columns(pl.when(this_year).then(pl.col("jp")).alias("__jp"))
    return _per_nip(frame, pl.col("__jp").sum(), pl.col("__leadership").any())


def _leadership(frame: pl.LazyFrame | pl.DataFrame) -> pl.Expr:
    """Whether a training row is a leadership or functional one, by its name or kind."""
    names = [c for c in ("nama_pelatihan", "jenis") if c in frame.collect_schema().names()]
    return pl.any_horizontal(_is_leadership(pl.col(c)) for c in names) if names else pl.lit(False)


def _is_leadership(value: pl.Expr) -> pl.Expr:
    return value.str.contains(settings()["ip_asn"]["kompetensi"]["leadership"]).fill_null(False)


def _with_leadership(frame: pl.DataFrame) -> pl.DataFrame:
    """The training rows with `__leadership`, its regex run once per distinct name (names
    repeat over millions of rows) and spread back by code (checks.by_unique)."""
    names = [c for c in ("nama_pelatihan", "jenis") if c in frame.columns]
    flags = [by_unique(frame.get_column(c), lambda f: f.select(_is_leadership(pl.col(f.columns[0]))))
             .to_series() for c in names]
    found = pl.DataFrame(flags).select(pl.any_horizontal(pl.all())).to_series() if flags else \
        pl.repeat(False, frame.height, eager=True)
    return frame.with_columns(found.alias("__leadership"))


def _talent(frame: pl.LazyFrame, axes: NineBoxAxes) -> pl.LazyFrame:
    """Potential, 9-box and talent pool, as far as the sources allow."""
    potential = ([level(pl.col("jpm"), axes.potential)] if _has(frame, "jpm") else []) + (
        [coded(pl.col("jpm_category"), ("KMS", "MMS", "MS"))] if _has(frame, "jpm_category") else [])
    if not potential:
        return frame
    frame = frame.with_columns(pl.coalesce(potential).alias("__potential"))
    frame = frame.with_columns(_named(pl.col("__potential"), POTENTIAL).alias("potential"))
    if _has(frame, "performance"):
        box = nine_box(coded(pl.col("performance"), RATINGS), pl.col("__potential"))
        frame = frame.with_columns(box.alias("nine_box"))
        if _has(frame, "recent_penalty"):
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


def _jabatan(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame:
    frame = lazy["jabatan"]
    people = lazy.get("pegawai")
    if people is not None and _has(people, "in_talent_pool") and _has(frame, "nip_suksesor"):
        pool = people.select(pl.col("nip").alias("nip_suksesor"), pl.col("in_talent_pool").alias("__pool"))
        frame = frame.join(pool, on="nip_suksesor", how="left").with_columns(
            pl.col("__pool").fill_null(False).alias("successor_in_talent_pool")).drop("__pool")
    sources = []
    if _has(frame, "cara_pengisian"):
        sources.append(pl.col("cara_pengisian") == "seleksi terbuka")
    selections = lazy.get("seleksi")
    if selections is not None and _has(selections, "nip") and _has(frame, "nip_pejabat"):
        # the holder was chosen by an open selection for this very post
        chosen = (selections.filter(pl.col("jenis") == "seleksi terbuka")
                  .select(pl.col("kode_jabatan"), pl.col("nip").alias("nip_pejabat"))
                  .drop_nulls().unique().with_columns(pl.lit(True).alias("__open")))
        frame = frame.join(chosen, on=["kode_jabatan", "nip_pejabat"], how="left")
        sources.append(pl.col("__open").fill_null(False))
    if sources:
        frame = frame.with_columns(pl.any_horizontal(sources).fill_null(False).alias("open_selection"))
    return frame.drop([c for c in ("__open",) if _has(frame, c)])


def _seleksi(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame:
    frame = lazy["seleksi"]
    posts = lazy.get("jabatan")
    if posts is not None and _has(posts, "jenis_jabatan"):
        kinds = posts.select("kode_jabatan", "jenis_jabatan").unique("kode_jabatan", keep="first")
        frame = frame.join(kinds, on="kode_jabatan", how="left")
    people = lazy.get("pegawai")
    if people is not None and _has(people, "in_talent_pool") and _has(frame, "nip"):
        pool = people.select("nip", pl.col("in_talent_pool").alias("chosen_in_talent_pool"))
        frame = frame.join(pool, on="nip", how="left").with_columns(
            pl.col("chosen_in_talent_pool").fill_null(False))
    return frame
