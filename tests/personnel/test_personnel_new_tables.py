"""The disiplin and seleksi tables: header aliases, one bad row per validation rule, and the
metrics over derived measures (computed only when their sources are in the dossier)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from merit.engine.errors import InputError
from merit.engine.measure import compute_dossier_metrics, load_metric_specs, shipped_metric_files
from merit.engine.measure.metrics import compute_metrics
from merit.engine.measure.tables import load_personnel
from merit.engine.model import Rulebook

YEAR = 2025
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "provinsi-contoh"


def nip(serial: int) -> str:
    return f"19800101200501{1}{serial:03d}"


def write(path: Path, header: list[str], rows: list[list[object]], sep: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow(header)
        writer.writerows(rows)


def base(folder: Path) -> None:
    write(folder / "pegawai.csv", ["NIP", "Nama", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan"],
          [[nip(i), f"P{i}", "PNS", "III/a", "jpt" if i < 3 else "administrator"] for i in range(1, 6)])
    write(folder / "jabatan.csv", ["Kode Jabatan", "Nama Jabatan", "Jenis Jabatan", "NIP Pejabat", "NIP Suksesor"],
          [["JPT-1", "Kepala Dinas A", "jpt", nip(1), nip(3)], ["JPT-2", "Kepala Dinas B", "jpt", nip(2), nip(4)]])


def problems_of(folder: Path) -> list[tuple[str, int, int, str]]:
    """Problems of bad rows (left out under a threshold of 100%) or of whole files."""
    try:
        problems = load_personnel(folder, YEAR, threshold=1.0).excluded
    except InputError as exc:
        problems = tuple(exc.problems)
    return [(Path(p.file).name, p.line, p.col, p.code) for p in problems]


def test_disiplin_reads_siasn_headers_and_checks_every_rule(tmp_path: Path) -> None:
    base(tmp_path)
    write(tmp_path / "riwayat_hukdis.csv",
          ["NIP Baru", "Tingkat Hukuman Disiplin", "Jenis Hukuman", "No SK", "Tgl SK", "TMT Hukuman", "Akhir Hukuman",
           "Status SIASN"],
          [[nip(1), "Sedang", "Pemotongan tunjangan kinerja 25% selama 6 bulan", "800/1", "01-03-2025", "15-03-2025",
            "15-09-2025", "ya"],
           [nip(9), "ringan", "Teguran lisan", "800/2", "01-03-2025", "", "", "ya"],          # unknown NIP
           [nip(2), "sangat berat", "", "800/3", "01-03-2025", "", "", "ya"],                 # level not in PP 94/2021
           [nip(2), "ringan", "", "800/4", "", "", "", "ya"],                                 # no decree date
           [nip(2), "ringan", "", "800/5", "01-03-2026", "", "", "ya"],                       # after the year
           [nip(2), "ringan", "", "800/6", "01-03-2025", "", "", "mungkin"],                  # SIASN flag
           [nip(2), "sedang", "", "800/7", "01-03-2025", "15-03-2025", "14-03-2025", "ya"]],  # ends before it starts
          sep=";")
    found = problems_of(tmp_path)
    assert found == [("riwayat_hukdis.csv", 3, 1, "personnel.unknown_reference"),
                     ("riwayat_hukdis.csv", 4, 2, "personnel.enum"),
                     ("riwayat_hukdis.csv", 5, 5, "personnel.required"),
                     ("riwayat_hukdis.csv", 6, 5, "personnel.date_range"),
                     ("riwayat_hukdis.csv", 7, 8, "personnel.enum"),
                     ("riwayat_hukdis.csv", 8, 7, "personnel.date_order")]
    [order] = [p for p in load_personnel(tmp_path, YEAR, threshold=1.0).excluded if p.code == "personnel.date_order"]
    assert order.render("en").endswith("column 'Akhir Hukuman': date '14-03-2025' is earlier than column "
                                       "'TMT Hukuman' ('15-03-2025')")


def test_disiplin_needs_level_and_decree_date_columns(tmp_path: Path) -> None:
    base(tmp_path)
    write(tmp_path / "disiplin.csv", ["NIP", "Jenis Hukuman"], [[nip(1), "Teguran lisan"]])
    assert [c for *_, c in problems_of(tmp_path)] == ["personnel.missing_column", "personnel.missing_column"]


def test_seleksi_references_posts_and_employees(tmp_path: Path) -> None:
    base(tmp_path)
    write(tmp_path / "seleksi.csv",
          ["Kode Jabatan", "Jabatan Tujuan", "Jenis Pengisian", "NIP Terpilih", "Tgl Pengumuman", "Tanggal Pelantikan"],
          [["JPT-1", "Kepala Dinas A", "Seleksi Terbuka", nip(1), "01/02/2025", "01/05/2025"],
           ["JPT-9", "Kepala Dinas X", "seleksi terbuka", nip(2), "", "01/05/2025"],   # no such post
           ["JPT-2", "Kepala Dinas B", "lelang", nip(2), "", "01/05/2025"],             # kind unknown
           ["JPT-2", "Kepala Dinas B", "mutasi", "", "", "01/05/2025"],                 # nobody chosen
           ["JPT-2", "Kepala Dinas B", "mutasi", nip(2), "", "31/02/2025"],             # no such date
           ["JPT-1", "Kepala Dinas A", "mutasi", nip(1), "01/06/2025", "01/05/2025"]])  # sworn in before announced
    assert problems_of(tmp_path) == [("seleksi.csv", 3, 1, "personnel.unknown_key"),
                                     ("seleksi.csv", 4, 3, "personnel.enum"),
                                     ("seleksi.csv", 5, 4, "personnel.required"),
                                     ("seleksi.csv", 6, 6, "personnel.date_format"),
                                     ("seleksi.csv", 7, 6, "personnel.date_order")]


NEW = {"officials_jpm_at_least_68_ratio": 0.74, "talent_pool_coverage_ratio": 0.64,
       "skp_predicate_sangat_baik_ratio": 0.31, "talent_pool_without_recent_penalty_ratio": 1.0,
       "penalties_recorded_siasn_ratio": 0.94, "vacancies_filled_from_talent_pool_ratio": 0.35}


def test_example_gives_the_self_reported_figures_of_the_new_metrics(rulebook: Rulebook) -> None:
    outcome = compute_dossier_metrics(EXAMPLE / "tables", YEAR, rulebook.vocabulary.metrics)
    values = {k: round(v.value, 2) for k, v in outcome.metric_values().items() if k in NEW}
    assert values == NEW
    # failing rows are listed by key only: NIPs of officials not on the grid
    failing = outcome.metric_values()["talent_pool_coverage_ratio"].failing
    assert len(failing) == 216 and all(len(k) == 18 and k.isdigit() for k in failing)


def test_measures_without_their_tables_leave_the_self_reported_value(tmp_path: Path) -> None:
    base(tmp_path)
    write(tmp_path / "asesmen.csv", ["NIP", "Tanggal Asesmen", "JPM"], [[nip(i), "01-01-2025", "85"] for i in (1, 3, 4)])
    write(tmp_path / "skp.csv", ["NIP", "Tahun", "Hasil Kerja", "Perilaku Kerja"],
          [[nip(i), "2024", "di atas ekspektasi", "sesuai ekspektasi"] for i in (1, 3, 4)])
    specs = load_metric_specs(shipped_metric_files())
    without = compute_metrics(specs, load_personnel(tmp_path, YEAR), YEAR)
    assert "talent_pool_coverage_ratio" in without  # needs asesmen and skp only
    assert not {"succession_coverage_ratio", "talent_pool_without_recent_penalty_ratio"} & set(without)
    write(tmp_path / "disiplin.csv", ["NIP", "Tingkat Hukuman", "Tanggal SK"], [[nip(4), "berat", "01-06-2025"]])
    result = compute_metrics(specs, load_personnel(tmp_path, YEAR), YEAR)
    assert result["succession_coverage_ratio"].value == 0.5  # nip 4 (JPT-2's successor) is barred
    assert result["succession_coverage_ratio"].failing["kode_jabatan"].to_list() == ["JPT-2"]
    assert result["talent_pool_without_recent_penalty_ratio"].value == pytest.approx(2 / 3)
    assert "penalties_recorded_siasn_ratio" not in result  # the register has no SIASN column


def test_a_date_order_needs_both_columns(tmp_path: Path) -> None:
    """Akhir Hukuman without a TMT Hukuman column has nothing to be compared with."""
    base(tmp_path)
    write(tmp_path / "disiplin.csv", ["NIP", "Tingkat Hukuman", "Tanggal SK", "Akhir Hukuman"],
          [[nip(1), "sedang", "01-03-2025", "01-01-2025"]])
    assert problems_of(tmp_path) == []


def test_a_dictionary_orders_dates_only() -> None:
    from merit.engine.measure.dictionary import _table

    with pytest.raises(ValueError, match="not_before"):
        _table({"table": "x", "columns": {"a": {"type": "date", "not_before": "b"}, "b": {"type": "text"}}})
