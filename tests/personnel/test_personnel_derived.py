"""Derived measures (engine/measure/derived.py): JPM category, SKP predicate, 9-box with
agency axes, talent pool without recent penalties, IP ASN; fixtures at the edges and a
property test against a plain-Python reference."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merit.engine.errors import InputError
from merit.engine.measure.derived import NineBoxAxes, enrich, read_axes
from merit.engine.measure.expressions import ip_asn_band, jpm_category, skp_predicate
from merit.engine.measure.read import ROW

YEAR = 2025
ABOVE, AS, BELOW = "di atas ekspektasi", "sesuai ekspektasi", "di bawah ekspektasi"


def nip(serial: int) -> str:
    return f"19800101200501{1}{serial:03d}"


def frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    """A checked table as load_personnel hands it on: typed columns plus the row number."""
    data = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return data.with_row_index(ROW, offset=2)


PEGAWAI = {"nip": pl.Utf8, "jenis_jabatan": pl.Utf8, "pendidikan": pl.Utf8}
ASESMEN = {"nip": pl.Utf8, "tanggal_asesmen": pl.Date, "jpm": pl.Float64}
SKP = {"nip": pl.Utf8, "tahun": pl.Int64, "hasil_kerja": pl.Utf8, "perilaku_kerja": pl.Utf8,
       "nilai_skp": pl.Float64}
DISIPLIN = {"nip": pl.Utf8, "tingkat": pl.Utf8, "tanggal_sk": pl.Date, "tanggal_selesai": pl.Date}
PELATIHAN = {"nip": pl.Utf8, "nama_pelatihan": pl.Utf8, "tanggal_selesai": pl.Date, "jp": pl.Float64}


def tables(people: int, asesmen: list[dict[str, Any]] = (), skp: list[dict[str, Any]] = (),  # type: ignore[assignment]
           disiplin: list[dict[str, Any]] | None = (), pelatihan: list[dict[str, Any]] = (),  # type: ignore[assignment]
           education: str | None = "S1") -> dict[str, pl.DataFrame]:
    found = {"pegawai": frame([{"nip": nip(i), "jenis_jabatan": "administrator", "pendidikan": education}
                               for i in range(1, people + 1)], PEGAWAI),
             "asesmen": frame(list(asesmen), ASESMEN), "skp": frame(list(skp), SKP),
             "pelatihan": frame(list(pelatihan), PELATIHAN)}
    if disiplin is not None:
        found["disiplin"] = frame(list(disiplin), DISIPLIN)
    return found


def column(frames: dict[str, pl.DataFrame], name: str, table: str = "pegawai") -> list[Any]:
    return enrich(frames, YEAR)[table].sort(ROW)[name].to_list()


# --- assessment ---------------------------------------------------------------------------

@pytest.mark.parametrize(("jpm", "category"), [(67.99, "KMS"), (68.0, "MMS"), (79.99, "MMS"), (80.0, "MS"),
                                               (0.0, "KMS"), (100.0, "MS"), (None, None)])
def test_jpm_category_edges(jpm: float | None, category: str | None) -> None:
    got = pl.select(jpm_category(pl.lit(jpm, pl.Float64))).item()
    assert got == category


def test_exported_category_stands_only_without_a_jpm() -> None:
    data = pl.DataFrame({"jpm": [None, 70.0], "kategori": ["MS", "KMS"]}, schema={"jpm": pl.Float64, "kategori": pl.Utf8})
    assert data.select(jpm_category(pl.col("jpm"), pl.col("kategori")).alias("c"))["c"].to_list() == ["MS", "MMS"]


def test_assessment_valid_for_three_years_and_latest_jpm_counts() -> None:
    rows = [{"nip": nip(1), "tanggal_asesmen": date(2022, 12, 31), "jpm": 90.0},   # last valid day
            {"nip": nip(2), "tanggal_asesmen": date(2022, 12, 30), "jpm": 90.0},   # one day too old
            {"nip": nip(3), "tanggal_asesmen": date(2020, 5, 1), "jpm": 90.0},
            {"nip": nip(3), "tanggal_asesmen": date(2024, 5, 1), "jpm": 60.0}]     # latest wins
    got = enrich(tables(3, asesmen=rows), YEAR)["pegawai"].sort(ROW)
    assert got["assessment_valid"].to_list() == [True, False, True]
    assert got["jpm_category"].to_list() == ["MS", "MS", "KMS"]


# --- SKP predicate (PermenPANRB 6/2022) -----------------------------------------------------

@pytest.mark.parametrize(("work", "behaviour", "predicate"), [
    (ABOVE, ABOVE, "Sangat Baik"), (ABOVE, AS, "Baik"), (AS, ABOVE, "Baik"), (AS, AS, "Baik"),
    (BELOW, ABOVE, "Butuh Perbaikan"), (BELOW, AS, "Butuh Perbaikan"), (ABOVE, BELOW, "Kurang"),
    (AS, BELOW, "Kurang"), (BELOW, BELOW, "Sangat Kurang"), (None, AS, None)])
def test_skp_predicate_matrix(work: str | None, behaviour: str, predicate: str | None) -> None:
    got = pl.select(skp_predicate(pl.lit(work, pl.Utf8), pl.lit(behaviour, pl.Utf8))).item()
    assert got == predicate


# --- 9-box ----------------------------------------------------------------------------------

# (JPM, SKP score) -> box with the default axes: potential 68/80, performance 90/110
BOXES = [((60, 80), 1), ((60, 100), 2), ((70, 80), 3), ((60, 110), 4), ((79.9, 109.9), 5), ((80, 89.9), 6),
         ((68, 150), 7), ((95, 90), 8), ((80, 110), 9)]


def _boxes(axes: NineBoxAxes | None = None) -> list[Any]:
    assessed = [{"nip": nip(i + 1), "tanggal_asesmen": date(2024, 1, 1), "jpm": float(j)}
                for i, ((j, _), _) in enumerate(BOXES)]
    appraised = [{"nip": nip(i + 1), "tahun": YEAR - 1, "hasil_kerja": None, "perilaku_kerja": None,
                  "nilai_skp": float(s)} for i, ((_, s), _) in enumerate(BOXES)]
    return enrich(tables(len(BOXES), assessed, appraised), YEAR, axes)["pegawai"].sort(ROW)["nine_box"].to_list()


def test_every_box_of_the_nine() -> None:
    assert _boxes() == [box for _, box in BOXES]


def test_rating_is_the_performance_axis_without_a_score_and_last_year_counts() -> None:
    appraised = [{"nip": nip(1), "tahun": YEAR - 1, "hasil_kerja": ABOVE, "perilaku_kerja": AS, "nilai_skp": None},
                 {"nip": nip(2), "tahun": YEAR, "hasil_kerja": ABOVE, "perilaku_kerja": AS, "nilai_skp": None},
                 {"nip": nip(3), "tahun": YEAR - 1, "hasil_kerja": BELOW, "perilaku_kerja": AS, "nilai_skp": 120.0}]
    assessed = [{"nip": nip(i), "tanggal_asesmen": date(2024, 1, 1), "jpm": 85.0} for i in (1, 2, 3)]
    got = enrich(tables(3, assessed, appraised), YEAR)["pegawai"].sort(ROW)
    assert got["nine_box"].to_list() == [9, None, 9]  # the score outranks the rating
    assert got["skp_predicate"].to_list() == ["Baik", None, "Butuh Perbaikan"]


def test_agency_axes_from_tables_yaml(tmp_path: Path) -> None:
    (tmp_path / "tables.yaml").write_text("nine_box:\n  potential: [60, 70]\n", "utf-8")
    axes = read_axes(tmp_path / "tables.yaml")
    assert axes == NineBoxAxes((60.0, 70.0), (90.0, 110.0))
    assert _boxes(axes)[:3] == [3, 5, 6]  # JPM 60 is medium, 70 high on these axes


@pytest.mark.parametrize("text", ["nine_box:\n  potential: [80, 68]\n", "nine_box:\n  performance: 90\n",
                                  "nine_box:\n  potential: [60, true]\n"])
def test_bad_axes_are_reported(tmp_path: Path, text: str) -> None:
    (tmp_path / "tables.yaml").write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:
        read_axes(tmp_path / "tables.yaml")
    assert [(p.code, p.line) for p in caught.value.problems] == [("personnel.bad_nine_box", 2)]


# --- talent pool ----------------------------------------------------------------------------

def test_pool_excludes_a_recent_moderate_or_heavy_penalty_only() -> None:
    assessed = [{"nip": nip(i), "tanggal_asesmen": date(2024, 1, 1), "jpm": 90.0} for i in range(1, 7)]
    appraised = [{"nip": nip(i), "tahun": YEAR - 1, "hasil_kerja": ABOVE, "perilaku_kerja": AS, "nilai_skp": None}
                 for i in range(1, 7)]
    penalties = [
        {"nip": nip(1), "tingkat": "sedang", "tanggal_sk": date(2025, 3, 1), "tanggal_selesai": date(2025, 9, 1)},
        {"nip": nip(2), "tingkat": "ringan", "tanggal_sk": date(2025, 3, 1), "tanggal_selesai": None},
        {"nip": nip(3), "tingkat": "berat", "tanggal_sk": date(2021, 3, 1), "tanggal_selesai": date(2022, 3, 1)},
        {"nip": nip(4), "tingkat": "berat", "tanggal_sk": date(2022, 12, 1), "tanggal_selesai": date(2024, 1, 1)},
        {"nip": nip(5), "tingkat": "sedang", "tanggal_sk": date(2023, 12, 31), "tanggal_selesai": None},
    ]
    got = enrich(tables(6, assessed, appraised, penalties), YEAR)["pegawai"].sort(ROW)
    assert got["nine_box"].to_list() == [9] * 6
    # moderate this year: out; light: in; heavy but old: in; heavy still running inside the
    # window: out; moderate on the window's first day: out; none: in
    assert got["in_talent_pool"].to_list() == [False, True, True, False, False, True]
    assert got["worst_recent_penalty"].to_list() == ["sedang", "ringan", None, "berat", "sedang", None]


def test_no_discipline_table_no_talent_pool() -> None:
    assessed = [{"nip": nip(1), "tanggal_asesmen": date(2024, 1, 1), "jpm": 90.0}]
    appraised = [{"nip": nip(1), "tahun": YEAR - 1, "hasil_kerja": ABOVE, "perilaku_kerja": AS, "nilai_skp": None}]
    got = enrich(tables(1, assessed, appraised, disiplin=None), YEAR)["pegawai"]
    assert "nine_box" in got.columns and "in_talent_pool" not in got.columns and "ip_asn" not in got.columns


# --- IP ASN -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("score", "band"), [(60, "Sangat Rendah"), (61, "Rendah"), (70, "Rendah"), (71, "Sedang"),
                                             (80, "Sedang"), (81, "Tinggi"), (90, "Tinggi"), (91, "Sangat Tinggi"),
                                             (100, "Sangat Tinggi"), (0, "Sangat Rendah"), (None, None)])
def test_ip_asn_bands(score: float | None, band: str | None) -> None:
    assert pl.select(ip_asn_band(pl.lit(score, pl.Float64))).item() == band


def test_ip_asn_of_one_employee_per_dimension() -> None:
    appraised = [{"nip": nip(1), "tahun": YEAR - 1, "hasil_kerja": ABOVE, "perilaku_kerja": ABOVE, "nilai_skp": None}]
    trained = [{"nip": nip(1), "nama_pelatihan": "PKP Angkatan II", "tanggal_selesai": date(2023, 5, 1), "jp": 40.0},
               {"nip": nip(1), "nama_pelatihan": "Bimtek SIASN", "tanggal_selesai": date(2025, 5, 1), "jp": 24.0},
               {"nip": nip(1), "nama_pelatihan": "Seminar ASN", "tanggal_selesai": date(2025, 6, 1), "jp": 2.0}]
    penalties = [{"nip": nip(1), "tingkat": "ringan", "tanggal_sk": date(2022, 1, 1), "tanggal_selesai": None}]
    got = enrich(tables(1, skp=appraised, disiplin=penalties, pelatihan=trained, education="S2"), YEAR)["pegawai"]
    row = got.row(0, named=True)
    # S2 20; PKP 15 + 24 technical JP 15 + seminar 10 = 40 (the maximum); Sangat Baik without a
    # score 30; a light penalty of 2022, inside the 5-year window, 3
    assert (row["ip_kualifikasi"], row["ip_kompetensi"], row["ip_kinerja"], row["ip_disiplin"]) == (20, 40, 30, 3)
    assert (row["ip_asn"], row["ip_asn_band"]) == (93, "Sangat Tinggi")


@pytest.mark.parametrize(("score", "points"), [(100.0, 30), (90.5, 30), (90.0, 25), (76.0, 25), (75.5, 25),
                                               (75.0, 15), (61.0, 15), (60.0, 5), (51.0, 5), (50.0, 1), (0.0, 1)])
def test_ip_asn_kinerja_by_skp_score(score: float, points: int) -> None:
    appraised = [{"nip": nip(1), "tahun": YEAR - 1, "hasil_kerja": BELOW, "perilaku_kerja": BELOW, "nilai_skp": score}]
    got = enrich(tables(1, skp=appraised), YEAR)["pegawai"]
    assert got["ip_kinerja"].to_list() == [points]


@pytest.mark.parametrize(("post", "names", "expected"), [
    ("administrator", ["Diklat Teknis Arsip"], 15), ("pelaksana", ["Diklat Teknis Arsip"], 22.5),
    ("administrator", ["Webinar SIASN"], 10), ("pelaksana", ["Webinar SIASN"], 17.5),
    ("administrator", ["Diklat Fungsional Analis SDM"], 15), ("administrator", ["PKA"], 15),
    ("pelaksana", ["PKA", "Diklat Fungsional Arsiparis", "Diklat Teknis", "Workshop"], 40),  # capped
])
def test_ip_asn_kompetensi_by_kind_of_training(post: str, names: list[str], expected: float) -> None:
    trained = [{"nip": nip(1), "nama_pelatihan": name, "tanggal_selesai": date(YEAR, 3, 1), "jp": 20.0}
               for name in names]
    frames = tables(1, pelatihan=trained)
    frames["pegawai"] = frames["pegawai"].with_columns(pl.lit(post).alias("jenis_jabatan"))
    assert enrich(frames, YEAR)["pegawai"]["ip_kompetensi"].to_list() == [expected]


@pytest.mark.parametrize(("decreed", "points"), [(date(2021, 1, 1), 2), (date(2020, 12, 31), 2), (date(2020, 12, 30), 5)])
def test_ip_asn_disiplin_looks_back_five_years(decreed: date, points: int) -> None:
    penalties = [{"nip": nip(1), "tingkat": "sedang", "tanggal_sk": decreed, "tanggal_selesai": None}]
    got = enrich(tables(1, disiplin=penalties), YEAR)["pegawai"].row(0, named=True)
    assert got["ip_disiplin"] == points
    assert got["recent_penalty"] is False  # the talent pool's window stays 2 years


def test_no_education_no_ip_asn() -> None:
    got = enrich(tables(1, education=None), YEAR)["pegawai"]
    assert got["ip_asn"].to_list() == [None] and got["ip_asn_band"].to_list() == [None]


# --- property: 9-box and IP ASN agree with plain Python ---------------------------------------

EDUCATION = {"S3": 25, "S2": 20, "S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SMA": 5, "SMP": 1, "SD": 1}
KINERJA = {"Sangat Baik": 30, "Baik": 25, "Butuh Perbaikan": 20, "Kurang": 15, "Sangat Kurang": 10}
DISCIPLINE = {None: 5, "ringan": 3, "sedang": 2, "berat": 1}
RATING_LIST = [BELOW, AS, ABOVE]


def reference_box(jpm: float | None, score: float | None, rating: str | None) -> int | None:
    if jpm is None or (score is None and rating is None):
        return None
    potential = 2 if jpm >= 80 else 1 if jpm >= 68 else 0
    performance = (2 if score >= 110 else 1 if score >= 90 else 0) if score is not None else RATING_LIST.index(rating)
    return [[1, 3, 6], [2, 5, 8], [4, 7, 9]][performance][potential]


def reference_predicate(work: str | None, behaviour: str | None) -> str | None:
    if work is None or behaviour is None:
        return None
    if behaviour == BELOW:
        return "Sangat Kurang" if work == BELOW else "Kurang"
    if work == BELOW:
        return "Butuh Perbaikan"
    return "Sangat Baik" if work == behaviour == ABOVE else "Baik"


def reference_ip(education: str | None, jp: float, leader: bool, score: float | None, predicate: str | None,
                 worst: str | None) -> float | None:
    if education is None:
        return None
    kinerja = KINERJA.get(predicate or "", 0) if score is None else next(
        (points for above, points in ((90, 30), (75, 25), (60, 15), (50, 5)) if score > above), 1)
    return EDUCATION[education] + (15 if leader else 15 if jp >= 20 else 0) + kinerja + DISCIPLINE[worst]


maybe_rating = st.one_of(st.none(), st.sampled_from(RATING_LIST))
person = st.fixed_dictionaries({
    "jpm": st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))),
    "score": st.one_of(st.none(), st.floats(0, 150, allow_nan=False).map(lambda x: round(x, 1))),
    "work": maybe_rating, "behaviour": maybe_rating,
    "education": st.one_of(st.none(), st.sampled_from(sorted(EDUCATION))),
    "jp": st.sampled_from([0.0, 4.0, 12.5, 19.5, 20.0, 32.0]), "leader": st.booleans(),
    "penalty": st.one_of(st.none(), st.tuples(st.sampled_from(["ringan", "sedang", "berat"]),
                                              st.sampled_from([2019, 2020, 2021, 2023, 2024, 2025]))),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, min_size=1, max_size=10))
def test_nine_box_and_ip_asn_agree_with_plain_python(people: list[dict[str, Any]]) -> None:
    assessed = [{"nip": nip(i), "tanggal_asesmen": date(2024, 2, 1), "jpm": p["jpm"]}
                for i, p in enumerate(people, 1) if p["jpm"] is not None]
    appraised = [{"nip": nip(i), "tahun": YEAR - 1, "hasil_kerja": p["work"], "perilaku_kerja": p["behaviour"],
                  "nilai_skp": p["score"]} for i, p in enumerate(people, 1)]
    trained = [{"nip": nip(i), "nama_pelatihan": "PKA" if p["leader"] else "Diklat Teknis", "tanggal_selesai": date(YEAR, 3, 1),
                "jp": p["jp"]} for i, p in enumerate(people, 1)]
    penalties = [{"nip": nip(i), "tingkat": p["penalty"][0], "tanggal_sk": date(p["penalty"][1], 6, 1),
                  "tanggal_selesai": None} for i, p in enumerate(people, 1) if p["penalty"]]
    frames = tables(len(people), assessed, appraised, penalties, trained)
    frames["pegawai"] = frames["pegawai"].with_columns(pl.Series("pendidikan", [p["education"] for p in people], pl.Utf8))
    got = enrich(frames, YEAR)["pegawai"].sort(ROW)
    boxes, ips = [], []
    for p in people:
        boxes.append(reference_box(p["jpm"], p["score"], p["work"]))
        recent = p["penalty"] if p["penalty"] and p["penalty"][1] >= YEAR - 4 else None
        ips.append(reference_ip(p["education"], p["jp"], p["leader"], p["score"],
                                reference_predicate(p["work"], p["behaviour"]), recent[0] if recent else None))
    assert got["nine_box"].to_list() == boxes
    assert got["ip_asn"].to_list() == pytest.approx(ips)


def test_the_declared_sources_are_all_the_derived_measures_read() -> None:
    """load_personnel keeps only the columns metrics and derived measures read (metrics.
    columns_needed): every derived measure of the example is the same from those alone."""
    from merit.engine.measure import load_personnel
    from merit.engine.measure.derived import DERIVED_COLUMNS
    from merit.engine.measure.metrics import columns_needed

    example = Path(__file__).resolve().parents[2] / "examples" / "provinsi-contoh" / "tables"
    full = {tid: t.frame for tid, t in load_personnel(example, YEAR).tables.items()}
    pruned = {tid: t.frame for tid, t in load_personnel(example, YEAR, keep=columns_needed([])).tables.items()}
    assert any(len(pruned[t].columns) < len(full[t].columns) for t in full)  # something was left out
    from_all, from_sources = enrich(full, YEAR), enrich(pruned, YEAR)
    for tid, measures in DERIVED_COLUMNS.items():
        assert set(measures) <= set(from_all[tid].columns), tid  # the example supports them all
        assert from_sources[tid].select(ROW, *measures).sort(ROW).equals(
            from_all[tid].select(ROW, *measures).sort(ROW)), tid
