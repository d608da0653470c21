"""Rows left out under the bad-row threshold are listed in every report format, by file,
row and column, without repeating the cell's value (it may be personal data)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from merit.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "provinsi-contoh"
BAD_NIP = "19851302201001100"  # 17 digits: wrong length
BAD_GRADE = "V/z"


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with two broken pegawai rows (spreadsheet rows 3 and 6) and a threshold
    that lets the run go on without them."""
    root = tmp_path_factory.mktemp("excluded") / "dossier"
    shutil.copytree(EXAMPLE, root)
    path = root / "tables" / "pegawai.csv"
    data = path.read_bytes()
    newline = "\r\n" if b"\r\n" in data else "\n"
    lines = data.decode("utf-8-sig").split(newline)
    cells = lines[2].split(";")  # spreadsheet row 3
    cells[0] = BAD_NIP
    lines[2] = ";".join(cells)
    cells = lines[5].split(";")  # row 6
    cells[3] = BAD_GRADE
    lines[5] = ";".join(cells)
    path.write_bytes(("\ufeff" + newline.join(lines)).encode("utf-8"))
    (root / "tables" / "tables.yaml").write_text("max_bad_row_share: 0.01\n", "utf-8")
    return root


def check(dossier: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["check", str(dossier), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_json_report_lists_every_row_left_out(dossier: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    check(dossier, "--format", "json", "-o", str(out), "--lang", "en")
    text = out.read_text("utf-8")
    excluded = json.loads(text)["excluded_rows"]
    assert excluded["threshold"] == 0.01 and excluded["rows"] == 2
    assert excluded["files"] == [{"file": "tables/pegawai.csv", "excluded": 2, "rows": 3000}]
    places = [(p["file"], p["row"], p["column"], p["code"]) for p in excluded["problems"]]
    assert places == [("tables/pegawai.csv", 3, 1, "personnel.nip_format"),
                      ("tables/pegawai.csv", 6, 4, "personnel.golongan")]
    assert excluded["problems"][0]["header"] == "NIP"
    assert "must be 18 digits" in excluded["problems"][0]["message"]
    assert BAD_NIP not in text and BAD_GRADE not in text  # values are not repeated


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_shows_the_rows_left_out_without_their_values(dossier: Path, tmp_path: Path,
                                                                    fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    check(dossier, "--format", fmt, "-o", str(out))
    text = out.read_text("utf-8")
    assert "2 baris tabel bermasalah tidak dihitung" in text
    assert "tables/pegawai.csv" in text
    assert BAD_NIP not in text and BAD_GRADE not in text
    if fmt == "text":
        assert "tables/pegawai.csv:3:1: kolom 'NIP': NIP '…' harus 18 digit" in text
    else:
        assert "Baris tabel pegawai yang tidak dihitung" in text


def test_a_report_without_rows_left_out_has_no_such_section(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    check(EXAMPLE, "--format", "json", "-o", str(out))
    assert "excluded_rows" not in json.loads(out.read_text("utf-8"))


def test_validate_names_the_rows_a_run_would_leave_out(dossier: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(dossier), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "3 files valid."
    assert lines[1].startswith("But 2 table rows with problems will be left out")
    assert lines[2].endswith("tables/pegawai.csv:3:1: column 'NIP': NIP '19851302201001100' must be 18 digits")
    assert lines[3].endswith("tables/pegawai.csv:6:4: column 'Gol/Ruang': 'V/z' is not a golongan/ruang "
                             "(I/a-I/d, II/a-II/d, III/a-III/d, IV/a-IV/e)")
