"""Messy exports: encodings, separators, date and number forms, header spellings, blank rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from merit.engine.errors import InputError
from merit.engine.measure import load_personnel
from merit.engine.measure.nip import nip_text
from merit.engine.measure.parse import number

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def messy():  # type: ignore[no-untyped-def]
    return load_personnel(DATA / "messy" / "tables", 2025)


def test_bom_semicolon_aliases_and_blank_rows(messy) -> None:  # type: ignore[no-untyped-def]
    staff = messy.tables["pegawai"]
    frame = staff.frame
    assert staff.rows == 3  # two blank rows dropped
    assert frame["__row"].to_list() == [2, 5, 6]  # spreadsheet rows survive blank lines
    # a checked NIP column is kept as its Int64 key
    assert frame["nip"].dtype == pl.Int64
    assert frame.select(nip_text(pl.col("nip"))).to_series().to_list() == [
        "198001012005011001", "198502022010012002", "199003032015031003"]
    assert frame["status"].to_list() == ["PNS", "PNS", "PPPK"]
    assert frame["golongan"].to_list() == ["III/b", "IV/a", None]
    assert frame["jenis_jabatan"].to_list() == ["pelaksana", "jpt", "fungsional"]
    assert frame["tanggal_lahir"].to_list() == [date(1980, 1, 1), date(1985, 2, 2), date(1990, 3, 3)]
    assert "Kolom Lain" not in frame.columns


def test_windows_1252_comma_dates_and_decimal_commas(messy) -> None:  # type: ignore[no-untyped-def]
    frame = messy.tables["pelatihan"].frame
    assert frame["nama_pelatihan"][0] == "Pelatihan Café"
    assert frame["tanggal_selesai"].to_list() == [
        date(2025, 3, 15), date(2025, 6, 30), date(2024, 7, 1), date(2025, 12, 31)]
    assert frame["jp"].to_list() == [12.5, 8.0, 40.0, 2.0]


def test_semicolon_file_reads_decimal_comma_and_lowercase_enum(messy) -> None:  # type: ignore[no-untyped-def]
    frame = messy.tables["asesmen"].frame
    assert frame["jpm"].to_list() == [82.5]
    assert frame["kategori"].to_list() == ["MS"]


@pytest.mark.parametrize(("values", "semicolon", "expected"), [
    (["1.234,5", "12"], True, [1234.5, 12.0]),
    (["1,234.5", "7"], False, [1234.5, 7.0]),
    (["1,234", "12,345,678"], False, [1234.0, 12345678.0]),
    (["12,5", "3"], False, [12.5, 3.0]),
    (["1 234", "\u00a020 "], False, [1234.0, 20.0]),
    (["abc", ""], False, [None, None]),
], ids=["id-style", "en-style", "thousands", "decimal-comma", "spaces", "garbage"])
def test_number_forms(values: list[str], semicolon: bool, expected: list[float | None]) -> None:
    frame = pl.DataFrame({"x": values})
    assert frame.select(number(pl.col("x"), semicolon).alias("x"))["x"].to_list() == expected


def test_parquet_reads_like_csv(tmp_path: Path, messy) -> None:  # type: ignore[no-untyped-def]
    tables = tmp_path / "tables"
    tables.mkdir()
    pl.DataFrame({"NIP": ["198001012005011001"], "Nama Pegawai": ["Budi"], "Status Pegawai": ["PNS"],
                  "Gol/Ruang": ["III/a"], "Tgl Lahir": [date(1980, 1, 1)]}).write_parquet(tables / "pegawai.parquet")
    staff = load_personnel(tables, 2025).tables["pegawai"].frame
    assert staff["tanggal_lahir"].to_list() == [date(1980, 1, 1)]
    assert staff["golongan"].to_list() == ["III/a"]


def test_input_files_are_never_modified(tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in (DATA / "messy" / "tables").iterdir()}
    load_personnel(DATA / "messy" / "tables", 2025)
    assert {p: p.read_bytes() for p in before} == before


def test_unknown_and_doubled_table_files(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "pegawai.csv").write_text("NIP,Nama,Status\n", "utf-8")
    (tables / "pegawai.parquet").write_bytes(b"")
    (tables / "gaji.csv").write_text("NIP\n", "utf-8")
    (tables / "catatan.txt").write_text("ignored", "utf-8")
    with pytest.raises(InputError) as caught:
        load_personnel(tables, 2025)
    codes = sorted((Path(p.file).name, p.code) for p in caught.value.problems)
    assert codes == [("gaji.csv", "personnel.unknown_table"), ("pegawai.parquet", "personnel.table_twice")]


def test_missing_and_duplicate_columns_point_at_the_header(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "pegawai.csv").write_text("NIP,NIP Baru,Nama\n198001012005011001,198001012005011001,A\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_personnel(tables, 2025)
    found = [(p.line, p.col, p.code, p.params.get("column")) for p in caught.value.problems]
    assert found == [(1, 1, "personnel.missing_column", "status"),
                     (1, 2, "personnel.duplicate_column", "NIP Baru")]


def test_columns_merit_does_not_read_are_skipped_and_positions_still_count_them(tmp_path: Path) -> None:
    """An export with many other columns (one of them unparseable as anything): only the
    dictionary's columns are read, and a problem names the column's place in the file."""
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "pegawai.csv").write_text(
        "No,Foto,NIP,Catatan,Nama,Status Pegawai,Gol/Ruang,Jenis Jabatan\n"
        "1,<binary>,198001012005011001,\"a, \"\"quoted\"\" note\",Budi,PNS,III/z,pelaksana\n"
        "2,,198502022010012002,,Sari,PNS,IV/a,jpt\n", "utf-8")
    personnel = load_personnel(tables, 2025, threshold=1.0)
    frame = personnel.tables["pegawai"].frame
    assert not {"No", "Foto", "Catatan"} & set(frame.columns)
    [problem] = personnel.excluded
    assert (problem.line, problem.col, problem.code) == (2, 7, "personnel.golongan")
    assert frame["golongan"].to_list() == ["IV/a"]
