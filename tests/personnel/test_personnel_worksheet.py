"""The 2026 worksheet's metrics from tables (rules/metrics/worksheet.yaml, datakinds.py):
each at both sides of the thresholds the worksheet uses (70% and 90% for complete and
evaluated SKP, 80% for on-time SKP and milestones, some vs all for competency, talent
mapping and promotions, 0 / some for the data kinds), from headers as exports write them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from merit.engine.errors import InputError
from merit.engine.measure import compute_dossier_metrics
from merit.engine.measure.datakinds import KINDS, kinds_found
from merit.engine.measure.metrics import resolve
from merit.engine.model import MetricValue, Rulebook

YEAR = 2025  # the assessment year; the SKP year is 2024
SKP_HEADER = ["NIP", "TAHUN SKP", "HASIL KERJA", "PERILAKU KERJA", "Jumlah RHK", "Jumlah IKI", "Jumlah Target",
              "Rencana Aksi", "Tanggal Penetapan SKP", "WAKTU DINILAI", "TTD Atasan", "Evaluasi Periodik"]


def nip(serial: int) -> str:
    return f"19850101201001{1 if serial % 2 else 2}{serial:03d}"


def write(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def staff(kinds: list[str], status: str = "PNS") -> list[list[object]]:
    return [[nip(i + 1), f"Pegawai {i + 1}", status, "III/a" if status != "PPPK" else "", kind, "Biro Umum"]
            for i, kind in enumerate(kinds)]


def measure(tables: Path, rulebook: Rulebook) -> dict[str, MetricValue]:
    return compute_dossier_metrics(tables, YEAR, rulebook.vocabulary.metrics).metric_values()


def with_people(tmp_path: Path, rows: list[list[object]]) -> Path:
    tables = tmp_path / "tables"
    tables.mkdir()
    write(tables / "pegawai.csv", ["NIP", "Nama", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan", "Unit Kerja"],
          rows, ";")
    return tables


# --- SKP: ten employees (8 PNS, 2 PPPK) and a CPNS the SKP metrics do not count ------------

def ten_and_a_cpns() -> list[list[object]]:
    rows = staff(["pelaksana"] * 8) + staff(["fungsional"] * 2, "PPPK")
    rows[8][0], rows[9][0] = nip(9), nip(10)
    cpns = staff(["pelaksana"] * 11, "CPNS")[10]
    return rows + [cpns]


def skp(serial: int, **given: object) -> list[object]:
    """A complete, on-time, evaluated SKP of 2024 with milestones; `given` spoils it."""
    row: dict[str, object] = {"nip": nip(serial), "tahun": 2024, "hk": "sesuai ekspektasi", "pk": "sesuai ekspektasi",
                              "rhk": 3, "iki": 4, "target": 4, "aksi": 4, "ditetapkan": "2024-01-31",
                              "dinilai": "2025-01-20", "ttd": "ya", "periodik": 4}
    row.update(given)
    return list(row.values())


SPOILERS: dict[str, list[dict[str, object]]] = {
    # each failing employee gets the next spoiler in turn; {"tahun": 2023} is an SKP of another year
    "kk_skp_complete_ratio": [{"target": 0}, {"iki": 0}, {"rhk": 0, "iki": 0, "target": 0}, {"tahun": 2023}],
    "kk_skp_on_time_ratio": [{"ditetapkan": "2024-02-01"}, {"ditetapkan": ""}, {"tahun": 2023}],
    "kk_skp_milestone_ratio": [{"aksi": 0}, {"aksi": ""}, {"tahun": 2023}],
    "kk_skp_evaluated_ratio": [{"dinilai": ""}, {"ttd": "tidak"}, {"periodik": 0}, {"ttd": ""}],
}


@pytest.mark.parametrize(("metric", "passing", "band"), [
    # a3q1 and a3q3: below 70%, 70%-90% (both ends), above 90%
    ("kk_skp_complete_ratio", 6, "below 70%"), ("kk_skp_complete_ratio", 7, "70-90%"),
    ("kk_skp_complete_ratio", 9, "70-90%"), ("kk_skp_complete_ratio", 10, "above 90%"),
    ("kk_skp_evaluated_ratio", 6, "below 70%"), ("kk_skp_evaluated_ratio", 7, "70-90%"),
    ("kk_skp_evaluated_ratio", 9, "70-90%"), ("kk_skp_evaluated_ratio", 10, "above 90%"),
    # a3q1: more than 80%
    ("kk_skp_on_time_ratio", 8, "80% or less"), ("kk_skp_on_time_ratio", 9, "above 80%"),
    ("kk_skp_milestone_ratio", 8, "80% or less"), ("kk_skp_milestone_ratio", 9, "above 80%"),
])
def test_skp_metrics_at_both_sides_of_their_thresholds(tmp_path: Path, rulebook: Rulebook, metric: str,
                                                       passing: int, band: str) -> None:
    tables = with_people(tmp_path, ten_and_a_cpns())
    spoilers = SPOILERS[metric]
    rows = [skp(s) if s <= passing else skp(s, **spoilers[(s - passing - 1) % len(spoilers)])
            for s in range(1, 11)]
    rows.append(skp(11))  # the CPNS: a complete SKP, not counted
    write(tables / "skp.csv", SKP_HEADER, rows)
    value = measure(tables, rulebook)[metric]
    assert (value.value, value.passed, value.total) == (pytest.approx(passing / 10), passing, 10)
    in_band = {"below 70%": value.value < 0.7, "70-90%": 0.7 <= value.value <= 0.9,
               "above 90%": value.value > 0.9, "80% or less": value.value <= 0.8, "above 80%": value.value > 0.8}
    assert in_band[band]
    assert value.source == f"computed from tables/pegawai.csv, tables/skp.csv ({passing}/10)"
    assert set(value.failing) == {nip(s) for s in range(passing + 1, 11)}


def test_an_employee_without_an_skp_fails_every_skp_metric(tmp_path: Path, rulebook: Rulebook) -> None:
    tables = with_people(tmp_path, ten_and_a_cpns())
    write(tables / "skp.csv", SKP_HEADER, [skp(s) for s in range(1, 10)])
    values = measure(tables, rulebook)
    for metric in SPOILERS:
        assert (values[metric].passed, values[metric].total, list(values[metric].failing)) == (9, 10, [nip(10)])


def test_the_skp_deadline_is_31_january_of_the_skp_year() -> None:
    assert resolve({"param": "reference_date", "offset": -1, "month": 1, "day": 31}, YEAR) == date(2024, 1, 31)
    assert resolve({"param": "reference_date", "offset": -1, "month": 2, "day": 31}, YEAR) == date(2024, 2, 29)
    assert resolve({"param": "reference_date"}, YEAR) == date(2025, 12, 31)


def test_an_skp_file_without_the_plan_columns_leaves_those_metrics_uncomputed(tmp_path: Path,
                                                                             rulebook: Rulebook) -> None:
    tables = with_people(tmp_path, ten_and_a_cpns())
    write(tables / "skp.csv", ["NIP", "Tahun", "Predikat"], [[nip(s), 2024, "Baik"] for s in range(1, 11)])
    values = measure(tables, rulebook)
    assert values["skp_completion_ratio"].value == 1.0
    assert not set(SPOILERS) & set(values)  # a self-reported figure, if any, stands


# --- competency (a4q2): PNS measured, by kind of position -----------------------------------

KINDS_OF_POSTS = ["jpt", "jpt", "administrator", "administrator", "pengawas", "pengawas",
                  "pelaksana", "pelaksana", "fungsional", "fungsional"]


@pytest.mark.parametrize(("assessed", "expected"), [
    ((), {"jpt": 0.0, "managerial": 0.0, "nonmanagerial": 0.0}),  # none measured
    ((1, 2), {"jpt": 1.0, "managerial": 0.0, "nonmanagerial": 0.0}),  # only JPT (managerial: administrator, pengawas)
    ((1, 3, 5), {"jpt": 0.5, "managerial": 0.5, "nonmanagerial": 0.0}),  # some managerial
    ((1, 2, 3, 4, 5, 6, 9), {"jpt": 1.0, "managerial": 1.0, "nonmanagerial": 0.25}),  # some non-managerial
    (tuple(range(1, 11)), {"jpt": 1.0, "managerial": 1.0, "nonmanagerial": 1.0}),  # all
])
def test_competency_measured_by_kind_of_position(tmp_path: Path, rulebook: Rulebook,
                                                 assessed: tuple[int, ...], expected: dict[str, float]) -> None:
    pppk = staff(["pelaksana"] * 11, "PPPK")[10]  # a PPPK assessed or not: not in the PNS population
    tables = with_people(tmp_path, staff(KINDS_OF_POSTS) + [pppk])
    rows = [[nip(s), "2019-03-04"] for s in assessed] + [[nip(s), "2024-05-06"] for s in assessed[:1]]
    write(tables / "asesmen.csv", ["NIP Asesi", "Tanggal Asesmen"], rows)
    values = measure(tables, rulebook)
    got = {kind: values[f"kk_competency_{kind}_ratio"].value for kind in expected}
    assert got == pytest.approx(expected)
    assert values["kk_competency_jpt_ratio"].source.startswith("computed from tables/pegawai.csv, tables/asesmen.csv")


# --- talent mapping (a2q1): a 9-box from the latest assessment and appraisal ---------------

@pytest.mark.parametrize("mapped", [0, 3, 4])
def test_talent_mapped_some_or_all(tmp_path: Path, rulebook: Rulebook, mapped: int) -> None:
    tables = with_people(tmp_path, staff(["administrator", "pengawas", "pelaksana", "fungsional"]))
    write(tables / "asesmen.csv", ["NIP", "Tanggal Asesmen", "JPM"],
          [[nip(s), "2024-02-03", 75] for s in range(1, mapped + 1)])
    write(tables / "skp.csv", ["NIP", "Tahun", "Nilai SKP"], [[nip(s), 2024, 100] for s in range(1, 5)])
    value = measure(tables, rulebook)["kk_talent_mapped_ratio"]
    assert (value.passed, value.total) == (mapped, 4)
    assert value.source == f"computed from tables/pegawai.csv ({mapped}/4)"


# --- promotions (a6q1): the latest period's eligible employees, SK on or before the TMT -----

PROMOTION_HEADER = ["NIP", "Periode KP", "Memenuhi Syarat", "Diusulkan", "Disetujui BKN", "Nomor SK",
                    "Tanggal SK", "TMT Pangkat"]


def promotion(serial: int, period: str, sk: str = "", tmt: str = "", eligible: str = "ya") -> list[object]:
    return [nip(serial), period, eligible, "ya" if sk else "tidak", "ya" if sk else "", f"823/{serial}" if sk else "",
            sk, tmt]


def promotion_rows(late: int) -> list[list[object]]:
    rows = [promotion(s, "01-04-2025", "20-04-2025", "01-04-2025") for s in range(1, 5)]  # an older, late round
    on_time = ["15-09-2025", "01-10-2025", "30-09-2025", "28-09-2025"]  # on the TMT is on time
    late_ones = ["02-10-2025", "", "15-11-2025"]  # after the TMT, no SK at all
    rows += [promotion(4 + i, "01-10-2025", sk, "01-10-2025") for i, sk in enumerate(on_time[:4 - late])]
    rows += [promotion(8 - late + i, "01-10-2025", late_ones[i], "01-10-2025") for i in range(late)]
    rows.append(promotion(9, "01-10-2025", eligible="tidak"))  # not eligible: not counted
    rows.append(promotion(10, "01-04-2026"))  # a later round not yet held at the reference date
    return rows


@pytest.mark.parametrize(("late", "expected"), [(0, 1.0), (1, 0.75), (3, 0.25)])
def test_promotions_on_time_in_the_latest_period(tmp_path: Path, rulebook: Rulebook, late: int,
                                                 expected: float) -> None:
    tables = with_people(tmp_path, staff(["pelaksana"] * 10))
    write(tables / "kenaikan_pangkat.csv", PROMOTION_HEADER, promotion_rows(late), ";")
    value = measure(tables, rulebook)["kk_promotion_on_time_ratio"]
    assert (value.value, value.total) == (expected, 4)
    assert value.source == f"computed from tables/kenaikan_pangkat.csv ({4 - late}/4)"


def test_a_promotion_without_tmt_is_due_by_its_period(tmp_path: Path, rulebook: Rulebook) -> None:
    tables = with_people(tmp_path, staff(["pelaksana"] * 2))
    write(tables / "kenaikan_pangkat.csv", PROMOTION_HEADER,
          [promotion(1, "01-10-2025", "01-10-2025"), promotion(2, "01-10-2025", "02-10-2025")], ";")
    value = measure(tables, rulebook)["kk_promotion_on_time_ratio"]
    assert (value.passed, value.total, list(value.failing)) == (1, 2, [nip(2)])


# --- digital data kinds (a8q1) ---------------------------------------------------------------

def test_data_kinds_none_some_and_the_most_tables_give() -> None:
    assert kinds_found({}) == []
    assert kinds_found({"pegawai": {"nip"}, "skp": {"nip", "predikat"}}) == [2, 9]
    everything = {"jabatan": set(), "pegawai": set(), "asesmen": {"jpm"}, "skp": {"nilai_skp", "rhk"},
                  "kenaikan_pangkat": {"tanggal_sk"}, "pelatihan": set(), "disiplin": {"nomor_sk"}}
    assert kinds_found(everything) == [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13]
    assert len(KINDS) == 17 and [n for n, (_, needs) in KINDS.items() if not needs] == [5, 10, 14, 15, 16, 17]


def test_data_kinds_from_a_dossier_name_their_tables_and_kinds(tmp_path: Path, rulebook: Rulebook) -> None:
    tables = with_people(tmp_path, staff(["pelaksana"] * 2))
    write(tables / "skp.csv", ["NIP", "Tahun", "Predikat"], [[nip(1), 2024, "Baik"]])
    write(tables / "asesmen.csv", ["NIP", "Tanggal Asesmen"], [])  # no rows: not carried
    value = measure(tables, rulebook)["kk_digital_data_kinds"]
    assert (value.value, value.passed, value.total) == (2.0, 2, 17)
    assert value.source == ("computed from tables/pegawai.csv, tables/skp.csv (2/17); "
                            "data kinds found: (2) profil pegawai, (9) penilaian kinerja")


def test_the_example_carries_eleven_kinds(rulebook: Rulebook) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "provinsi-contoh" / "tables"
    value = measure(example, rulebook)["kk_digital_data_kinds"]
    assert value.value == 11 and "tables/kenaikan_pangkat.csv" in value.source and "(13) rekapitulasi" in value.source


def test_data_kinds_are_counted_only_when_the_vocabulary_names_the_metric(tmp_path: Path,
                                                                         rulebook: Rulebook) -> None:
    tables = with_people(tmp_path, staff(["pelaksana"]))
    known = [m for m in rulebook.vocabulary.metrics if m != "kk_digital_data_kinds"]
    assert "kk_digital_data_kinds" not in compute_dossier_metrics(tables, YEAR, known).results


def test_a_promotion_row_is_checked_like_any_other(tmp_path: Path, rulebook: Rulebook) -> None:
    tables = with_people(tmp_path, staff(["pelaksana"] * 2))
    write(tables / "kenaikan_pangkat.csv", PROMOTION_HEADER,
          [promotion(1, "01-10-2025", "01-10-2025", eligible="mungkin"), promotion(3, "31-02-2025")], ";")
    with pytest.raises(InputError) as caught:
        measure(tables, rulebook)
    found = sorted((p.line, p.code) for p in caught.value.problems)
    # a value outside ya/tidak, an impossible date, a NIP not in pegawai; the file is over the threshold
    assert found == [(0, "personnel.too_many_bad_rows"), (2, "personnel.enum"), (3, "personnel.date_format"),
                     (3, "personnel.unknown_reference")]
