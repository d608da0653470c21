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
  kenaikan_pangkat  latest_period, sk_on_time

A column is added only when the tables and columns it rests on are in the dossier, so a
metric over a measure the dossier cannot support is not computed (and a self-reported
value stands) instead of being computed from nothing. Thresholds, point values and their
sources are in columns/derived.yaml; the 9-box axes can be overridden in tables/tables.yaml.
Every table keeps its rows in their order: a related row addresses its employee's row by
position (positions.py), here and in the metrics.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputError, Problem
from ..load.yamlfile import load_yaml, position_of
from .expressions import (
    RATINGS,
    NineBoxAxes,
    coded,
    has_columns,
    jpm_category,
    level,
    named,
    penalty_since,
    settings,
    skp_predicate,
    valid_from,
)
from .measures import DERIVED_COLUMNS, DERIVED_SOURCES
from .nip import digit_key
from .pegawai import IP_ASN, PER_EMPLOYEE, USES_LEADERSHIP, pegawai_measures, with_leadership
from .positions import AT, parents, with_positions
from .read import ROW

__all__ = ["DERIVED_COLUMNS", "DERIVED_SOURCES", "NineBoxAxes", "enrich", "read_axes"]


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


# --- per-table enrichment ----------------------------------------------------------------

def enrich(frames: Mapping[str, pl.DataFrame], year: int, axes: NineBoxAxes | None = None,
           keep: Mapping[str, Iterable[str]] | None = None, unique: Collection[str] = ()) -> dict[str, pl.DataFrame]:
    """The tables with their derived columns (each only where its sources are present).
    With `keep`, each table has only those of its columns (and ROW): a derived measure no
    one reads is then not computed at all, nor held in memory. The tables in `unique`
    repeat no key (positions.parents)."""
    axes = axes or NineBoxAxes()
    frames = _keyed(frames)
    people = parents(frames, {"pegawai": "nip"}, unique)
    frames = with_positions(frames, [(tid, "nip", "pegawai") for tid in PER_EMPLOYEE], people)
    # computed eagerly (once per distinct training name) when a kept column rests on it;
    # otherwise the training table is left out (below) or its flags computed in its plan
    if "pelatihan" in frames and (keep is None or USES_LEADERSHIP & set(keep.get("pegawai", ()))):
        frames["pelatihan"] = with_leadership(frames["pelatihan"])
    lazy = {tid: frame.lazy() for tid, frame in frames.items()}
    row_wise = {"asesmen": lambda f: _asesmen(f, year), "skp": lambda f: _skp(f, axes),
                "disiplin": lambda f: _disiplin(f, year)}
    ready = [tid for tid in row_wise if tid in lazy]
    # collected once, now: pegawai's plan reads them, and so do the metrics (two plans
    # over one lazy frame would compute its columns twice)
    for tid, frame in zip(ready, pl.collect_all([row_wise[tid](lazy[tid]) for tid in ready])):
        lazy[tid] = frame.lazy()
    if "pegawai" in lazy:  # collected now: jabatan and seleksi read its talent pool; its
        # groups are collected before they are placed, where no plan can leave out what no
        # one reads: the training table is grouped only when IP ASN is kept
        ip_asn = keep is None or bool(IP_ASN & set(keep.get("pegawai", ())))
        measured = pegawai_measures(people["pegawai"], lazy, year, axes, ip_asn)
        lazy["pegawai"] = _kept(keep, "pegawai", measured, "nip", "in_talent_pool").collect().lazy()
    if "jabatan" in lazy:
        lazy["jabatan"] = _jabatan(lazy)
    if "seleksi" in lazy:
        lazy["seleksi"] = _seleksi(lazy)
    if "kenaikan_pangkat" in lazy:
        lazy["kenaikan_pangkat"] = _kenaikan_pangkat(lazy["kenaikan_pangkat"], year)
    names = list(lazy)
    return dict(zip(names, pl.collect_all([_kept(keep, n, lazy[n]) for n in names])))


def _kept(keep: Mapping[str, Iterable[str]] | None, tid: str, frame: pl.LazyFrame, *also: str) -> pl.LazyFrame:
    """The frame with the columns `keep` names for it, its rows' numbers and positions."""
    if keep is None:
        return frame
    wanted = {ROW, *keep.get(tid, ()), *also}
    return frame.select([c for c in frame.collect_schema().names() if c in wanted or c.startswith(AT)])


NIP_COLUMNS = ("nip", "nip_pejabat", "nip_suksesor")  # grouped and joined by NIP


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


def _asesmen(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    added = [(pl.col("tanggal_asesmen") >= pl.lit(valid_from(year))).alias("assessment_valid")] if has_columns(
        frame, "tanggal_asesmen") else []
    if has_columns(frame, "jpm") or has_columns(frame, "kategori"):
        jpm = pl.col("jpm") if has_columns(frame, "jpm") else None
        added.append(jpm_category(jpm, pl.col("kategori") if has_columns(frame, "kategori") else None)
                     .alias("jpm_category"))
    return frame.with_columns(added) if added else frame


def _skp(frame: pl.LazyFrame, axes: NineBoxAxes) -> pl.LazyFrame:
    added = []
    ratings = has_columns(frame, "hasil_kerja", "perilaku_kerja")
    if has_columns(frame, "predikat") or ratings:
        sources = ([pl.col("predikat").cast(pl.Categorical)] if has_columns(frame, "predikat") else []) + (
            [skp_predicate(pl.col("hasil_kerja"), pl.col("perilaku_kerja"))] if ratings else [])
        added.append(pl.coalesce(sources).alias("skp_predicate"))
    sources = ([level(pl.col("nilai_skp"), axes.performance)] if has_columns(frame, "nilai_skp") else []) + (
        [coded(pl.col("hasil_kerja"), RATINGS)] if has_columns(frame, "hasil_kerja") else [])
    if sources:
        added.append(named(pl.coalesce(sources), RATINGS).alias("performance"))
    return frame.with_columns(added) if added else frame


def _disiplin(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    config = settings()["discipline"]
    recent = penalty_since(frame, date(year - config["recent_years"], 12, 31))
    if not has_columns(frame, "tingkat"):  # a source that never stores the level (tables.yaml)
        return frame.with_columns(recent.alias("recent"))
    return frame.with_columns(recent.alias("recent")).with_columns(
        (pl.col("recent") & pl.col("tingkat").is_in(config["barring_levels"])).alias("bars_talent_pool"))


def _jabatan(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame:
    frame = lazy["jabatan"]
    people = lazy.get("pegawai")
    if people is not None and has_columns(people, "in_talent_pool") and has_columns(frame, "nip_suksesor"):
        frame = frame.with_columns(_in_pool(pl.col("nip_suksesor"), people).alias("successor_in_talent_pool"))
    sources = []
    if has_columns(frame, "cara_pengisian"):
        sources.append(pl.col("cara_pengisian") == "seleksi terbuka")
    selections = lazy.get("seleksi")
    if selections is not None and has_columns(selections, "nip") and has_columns(frame, "nip_pejabat"):
        # the holder was chosen by an open selection for this very post
        chosen = (selections.filter(pl.col("jenis") == "seleksi terbuka")
                  .select(pl.col("kode_jabatan"), pl.col("nip").alias("nip_pejabat"))
                  .drop_nulls().unique().with_columns(pl.lit(True).alias("__open")))
        frame = frame.join(chosen, on=["kode_jabatan", "nip_pejabat"], how="left", maintain_order="left")
        sources.append(pl.col("__open").fill_null(False))
    if sources:
        frame = frame.with_columns(pl.any_horizontal(sources).fill_null(False).alias("open_selection"))
    return frame.drop([c for c in ("__open",) if has_columns(frame, c)])


def _seleksi(lazy: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame:
    frame = lazy["seleksi"]
    posts = lazy.get("jabatan")
    if posts is not None and has_columns(posts, "jenis_jabatan"):
        kinds = posts.select("kode_jabatan", "jenis_jabatan").unique("kode_jabatan", keep="first")
        frame = frame.join(kinds, on="kode_jabatan", how="left", maintain_order="left")
    people = lazy.get("pegawai")
    if people is not None and has_columns(people, "in_talent_pool") and has_columns(frame, "nip"):
        frame = frame.with_columns(_in_pool(pl.col("nip"), people).alias("chosen_in_talent_pool"))
    return frame


def _in_pool(nip: pl.Expr, people: pl.LazyFrame) -> pl.Expr:
    """Whether `nip` is an employee in the talent pool (a kept employee's NIP is unique:
    the same as joining the employees and taking their in_talent_pool). The pool is
    collected as a set: the employee table is collected already."""
    pool = people.filter(pl.col("in_talent_pool").fill_null(False)).select("nip").collect().to_series()
    return nip.is_in(pool.implode()).fill_null(False)


def _kenaikan_pangkat(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """latest_period: the row belongs to the latest promotion period dated on or before the
    reference date; sk_on_time: its decree was issued on or before its TMT (the period's
    date when no TMT is given). Thresholds and sources in columns/derived.yaml."""
    periods = pl.col("periode").filter(pl.col("periode") <= pl.lit(date(year, 12, 31)))
    added = [(pl.col("periode") == periods.max()).fill_null(False).alias("latest_period")]
    if has_columns(frame, "tanggal_sk"):
        due = pl.coalesce(pl.col("tmt"), pl.col("periode")) if has_columns(frame, "tmt") else pl.col("periode")
        added.append((pl.col("tanggal_sk") <= due).fill_null(False).alias("sk_on_time"))
    return frame.with_columns(added)
