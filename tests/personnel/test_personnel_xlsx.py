"""Personnel tables exported as XLSX read exactly like the same data as CSV."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import EXAMPLE
from merit.engine.measure import compute_dossier_metrics
from merit.engine.render.scaffold import init_dossier
from openpyxl import Workbook, load_workbook


def _csv_to_xlsx(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        dialect = csv.Sniffer().sniff(handle.read(4096), delimiters=",;")
        handle.seek(0)
        rows = list(csv.reader(handle, dialect))
    book = Workbook()
    for row in rows:
        book.active.append(row)  # every cell as text, as SIMPEG exports keep NIPs
    book.save(target)


def test_xlsx_tables_give_the_same_metrics_as_csv(tmp_path: Path, rulebook) -> None:
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    known = rulebook.vocabulary.metrics
    from_csv = compute_dossier_metrics(root / "tables", 2025, known).metric_values()
    _csv_to_xlsx(root / "tables" / "pegawai.csv", root / "tables" / "pegawai.xlsx")
    (root / "tables" / "pegawai.csv").unlink()
    from_xlsx = compute_dossier_metrics(root / "tables", 2025, known).metric_values()
    assert {k: v.value for k, v in from_xlsx.items()} == {k: v.value for k, v in from_csv.items()}


def test_init_writes_xlsx_templates_with_drop_downs(tmp_path: Path) -> None:
    written = init_dossier(tmp_path / "baru", table_format="xlsx")
    tables = sorted(p.name for p in written if p.parent.name == "tables" and p.name != "tables.yaml")
    assert tables and all(name.endswith(".xlsx") for name in tables)
    assert (tmp_path / "baru" / "tables" / "tables.yaml").exists()  # the mapping, all commented
    sheet = load_workbook(tmp_path / "baru" / "tables" / "pegawai.xlsx").active
    headers = [cell.value for cell in sheet[1]]
    assert "NIP" in headers and sheet.freeze_panes == "A2"
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"PNS,PPPK,CPNS"' in lists


def _export_with_extra_columns(folder: Path) -> list[list[str]]:
    """A pegawai export with columns merit does not read around those it does, and a bad
    golongan in spreadsheet row 3, column 5."""
    folder.mkdir(parents=True)
    return [["No", "NIP", "Foto", "Nama", "Gol/Ruang", "Status Pegawai", "Catatan", "Jenis Jabatan"],
            ["1", "198001012005011001", "<img>", "Budi", "III/b", "PNS", "", "pelaksana"],
            ["2", "198502022010012002", "", "Sari", "V/z", "PNS", "x, y", "jpt"]]


def test_xlsx_and_parquet_read_only_the_dictionary_columns(tmp_path: Path) -> None:
    import polars as pl
    from merit.engine.measure import load_personnel

    rows = _export_with_extra_columns(tmp_path / "xlsx")
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "xlsx" / "pegawai.xlsx")
    (tmp_path / "parquet").mkdir()
    pl.DataFrame(rows[1:], schema=rows[0], orient="row").write_parquet(tmp_path / "parquet" / "pegawai.parquet")
    for kind in ("xlsx", "parquet"):
        personnel = load_personnel(tmp_path / kind, 2025, threshold=1.0)
        frame = personnel.tables["pegawai"].frame
        assert not {"No", "Foto", "Nama", "Catatan"} & set(frame.columns), kind
        assert frame["golongan"].to_list() == ["III/b"], kind
        assert [(p.line, p.col, p.code) for p in personnel.excluded] == [(3, 5, "personnel.golongan")], kind


def test_an_xlsx_dossier_checks_without_warnings(tmp_path: Path) -> None:
    """polars' XLSX reader warns of its own future changes; a merit user never sees that."""
    import subprocess
    import sys

    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    _csv_to_xlsx(root / "tables" / "pegawai.csv", root / "tables" / "pegawai.xlsx")
    (root / "tables" / "pegawai.csv").unlink()
    done = subprocess.run([sys.executable, "-m", "merit.cli", "check", str(root), "--format", "json",
                           "-o", str(tmp_path / "r.json")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and done.stderr.strip().startswith("Laporan ditulis")
