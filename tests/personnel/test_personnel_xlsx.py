"""Personnel tables exported as XLSX read exactly like the same data as CSV."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import EXAMPLE
from merit.engine.init_dossier import init_dossier
from merit.engine.personnel import compute_dossier_metrics
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
    tables = sorted(p.name for p in written if p.parent.name == "tables")
    assert tables and all(name.endswith(".xlsx") for name in tables)
    sheet = load_workbook(tmp_path / "baru" / "tables" / "pegawai.xlsx").active
    headers = [cell.value for cell in sheet[1]]
    assert "NIP" in headers and sheet.freeze_panes == "A2"
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"PNS,PPPK,CPNS"' in lists
