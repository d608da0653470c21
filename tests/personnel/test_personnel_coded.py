"""Columns whose values repeat (statuses, grades, dates, counts) are read from CSV
dictionary-coded (read.coded_schema) and parsed once per distinct value (parse.by_unique).
That changes the time only: every table, kept row, parsed value and problem is the same as
when every column is read as plain text."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from merit.engine.errors import InputError
from merit.engine.measure import parse, read
from merit.engine.measure.metrics import derived_frames
from merit.engine.measure.read import ROW as ROW_COLUMN
from merit.engine.measure.tables import load_personnel

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
YEAR = 2025
# What officers' spreadsheets hold besides clean values: spacing, case, other spellings,
# impossible dates, other date forms, decimal commas, blanks and cells of spaces.
MESS = {
    "Gol/Ruang": [" III/a ", "iii-b", "IIIc", "V/a", "", "  ", "III/e", "IV/e"],
    "Status Pegawai": ["pns", " PNS", "CPNS ", "P3K", "", "PPPK"],
    "Tgl Lahir": ["31-02-1990", "1990-05-17", "17/05/1990", "17.05.1990", "1990/05/17", "17-05-1990 00:00:00",
                  "", "kemarin", "01-01-1900", "05-17-1990"],
    "TMT CPNS": ["01-03-2015", "2015-03-01", "", "1-3-2015"],
    "Jenis Jabatan": ["Pelaksana", " jpt ", "fungsional", "", "staf"],
    "JP": ["1.234,5", "12,5", "8", "  16 ", "", "-3", "abc", "1,234"],
}


def outcome(folder: Path, threshold: float) -> Any:
    """Everything load_personnel gives (or the problems it stops with), comparable."""
    try:
        personnel = load_personnel(folder, YEAR, threshold)
    except InputError as exc:
        return ("stopped", exc.problems)
    frames = {tid: (t.frame, t.rows, t.excluded_rows) for tid, t in personnel.tables.items()}
    return ("read", frames, personnel.excluded)


def same(coded: Any, text: Any) -> None:
    assert coded[0] == text[0]
    if coded[0] == "stopped":
        assert coded[1] == text[1]
        return
    assert coded[1].keys() == text[1].keys()
    for tid, (frame, rows, excluded) in coded[1].items():
        other = text[1][tid]
        assert (rows, excluded) == other[1:], tid
        # a text column read coded whose values need no trimming stays a Categorical of them
        assert as_text(frame).schema == as_text(other[0]).schema, tid
        assert as_text(frame).equals(as_text(other[0]), null_equal=True), tid
    assert coded[2] == text[2]


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its Categorical (text) columns as String."""
    return frame.with_columns(pl.col(c).cast(pl.Utf8) for c, t in frame.schema.items()
                              if isinstance(t, pl.Categorical))


def both(folder: Path, threshold: float, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    coded = outcome(folder, threshold)
    with monkeypatch.context() as patch:
        patch.setattr(read, "coded_schema", lambda *args: {})
        text = outcome(folder, threshold)
    return coded, text


def _messed(tmp_path: Path, seed: int, encoding: str = "utf-8") -> Path:
    """A generated dossier's tables with a fifth of some columns' cells messed up (and
    units spelled with letters a Windows-1252 file holds)."""
    out = tmp_path / f"dossier-{seed}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_dossier.py"), "--employees", "1500",
                    "--seed", str(seed), str(out)], check=True, capture_output=True)
    rng = random.Random(seed)
    for path in (out / "tables").glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        delimiter = read.sniff_separator(text)
        rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
        for row in rows[1:]:
            for index, header in enumerate(rows[0]):
                if header in MESS and index < len(row) and rng.random() < 0.2:
                    row[index] = rng.choice(MESS[header])
                elif header == "Unit Kerja" and rng.random() < 0.2:
                    row[index] = rng.choice(["Dinas Pariwisata – Café", "Sekretariat Daerah ", " Bagian Umum"])
        with path.open("w", encoding=encoding, errors="replace", newline="") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    return out / "tables"


@pytest.mark.parametrize("folder", [ROOT / "examples" / "provinsi-contoh" / "tables",
                                    DATA / "messy" / "tables", DATA / "bad" / "tables"],
                         ids=["example", "messy", "bad"])
@pytest.mark.parametrize("threshold", [0.0, 1.0])
def test_coded_reading_reads_what_text_reading_reads(folder: Path, threshold: float,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    coded, text = both(folder, threshold, monkeypatch)
    same(coded, text)


@pytest.mark.parametrize(("seed", "encoding"), [(1, "utf-8"), (2, "cp1252")])
def test_coded_reading_of_messy_generated_tables(tmp_path: Path, seed: int, encoding: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _messed(tmp_path, seed, encoding)
    coded, text = both(folder, 1.0, monkeypatch)
    same(coded, text)
    assert coded[0] == "read" and len(coded[2]) > 100  # the mess was found, not read as values
    stopped, _ = both(folder, 0.0, monkeypatch)
    assert stopped[0] == "stopped"  # the same row problems, and per file the share over the threshold
    assert [p for p in stopped[1] if p.line] == list(coded[2])


def test_repeating_columns_are_read_coded_and_others_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, pl.DataType] = {}
    real = read.read_csv

    def spy(path: Path, wanted: Any, coded: Any = None) -> Any:
        frame, semicolon = real(path, wanted, coded)
        if path.name == "pegawai.csv":
            seen.update(frame.schema)
        return frame, semicolon

    monkeypatch.setattr(read, "read_csv", spy)
    load_personnel(ROOT / "examples" / "provinsi-contoh" / "tables", YEAR, 1.0)
    assert isinstance(seen["Gol/Ruang"], pl.Categorical) and isinstance(seen["Status Pegawai"], pl.Categorical)
    assert seen["NIP"] == pl.Utf8 and seen["Nama Pegawai"] == pl.Utf8
    assert seen["Tgl Lahir"] == pl.Utf8  # a few dozen employees, each born on another day


def test_a_column_of_distinct_values_stays_text(tmp_path: Path) -> None:
    """A timestamp column (e-Kinerja's WAKTU DINILAI) has nearly one value per row: its
    dictionary would cost far more than its parse, so only repeating columns are coded."""
    rows = [f"{i % 3},2024-01-01 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d},{i % 700}" for i in range(3000)]
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n" + "\n".join(rows) + "\n", encoding="utf-8")
    options = {"separator": ",", "infer_schema": False}
    schema = read.coded_schema(path, ["a", "b", "c"], [0, 1, 2], lambda _: True, options)
    assert set(schema) == {"a", "c"}  # 3 and 700 values in 3,000 rows; b: 3,000
    assert read.coded_schema(path, ["a", "b", "c"], [0, 1, 2], lambda h: h == "b", options) == {}
    missing = tmp_path / "gone.csv"  # the sample cannot be read: nothing coded, the full read says why
    assert read.coded_schema(missing, ["a"], [0], lambda _: True, options) == {}


def test_a_coding_polars_refuses_falls_back_to_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Coding only saves time: should polars refuse it for some odd file, the file is read
    as plain text and gives what text reading gives."""
    folder = ROOT / "examples" / "provinsi-contoh" / "tables"
    text = outcome(folder, 1.0)
    real, refused = pl.read_csv, []

    def refusing(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("schema_overrides"):
            refused.append(1)
            raise pl.exceptions.ComputeError("cannot code this column")
        return real(*args, **kwargs)

    monkeypatch.setattr(read.pl, "read_csv", refusing)
    same(outcome(folder, 1.0), text)
    assert refused  # the coded read was tried, refused, and the text read took over


def test_coded_columns_compare_group_and_sort_as_their_text() -> None:
    """Enumerated columns and grades are handed on as Categoricals, and text columns read
    coded stay so: a metric's filter, breakdown and order must be what the text would give,
    a value the column never holds included (a filter matches nothing, never fails)."""
    personnel = load_personnel(ROOT / "examples" / "provinsi-contoh" / "tables", YEAR, 1.0)
    for frame in (personnel.tables["pegawai"].frame, derived_frames(personnel, YEAR)["pegawai"]):
        coded = [c for c, t in frame.schema.items() if isinstance(t, pl.Categorical)]
        assert {"status", "golongan", "jenis_jabatan", "unit_kerja"} <= set(coded)
        _as_its_text(frame, coded)
    measures = derived_frames(personnel, YEAR)["pegawai"].schema  # named from a few values, as codes
    assert all(isinstance(measures[c], pl.Categorical) for c in ("skp_predicate", "performance", "potential",
                                                                  "jpm_category", "ip_asn_band"))


def _as_its_text(frame: pl.DataFrame, coded: list[str]) -> None:
    for column in coded:
        text = frame.with_columns(pl.col(column).cast(pl.Utf8))
        values = frame.get_column(column).drop_nulls().unique().cast(pl.Utf8).to_list()
        some, never = min(values, default="Baik"), "Honorer (tidak ada)"
        for expr in (pl.col(column) == some, pl.col(column) != never, pl.col(column) == never,
                     pl.col(column).is_in([some, never]), pl.col(column) >= some,
                     pl.col(column).is_null()):
            assert frame.select(expr).equals(text.select(expr)), (column, str(expr))
        grouped = [frame.group_by(column).len().sort(column), text.group_by(column).len().sort(column)]
        assert grouped[0].with_columns(pl.col(column).cast(pl.Utf8)).equals(grouped[1]), column
        assert frame.sort(column, ROW_COLUMN).get_column(ROW_COLUMN).equals(
            text.sort(column, ROW_COLUMN).get_column(ROW_COLUMN)), column


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["PNS", " pns", "", "  ", "CPNS", "x"])), max_size=40),
       st.booleans())
def test_parsing_once_per_value_gives_what_parsing_every_cell_gives(cells: list[str | None], coded: bool) -> None:
    """parse.by_unique (and the presence it compares instead of gathering, when no value is
    blank) equals the same columns built over every cell, read coded or as text."""
    column = pl.Series("t", cells, pl.Utf8)
    column = column.cast(pl.Categorical(pl.Categories.random())) if coded else column

    def build(frame: pl.DataFrame) -> pl.DataFrame:
        text = parse.text(pl.col(frame.columns[0]).cast(pl.Utf8))
        return frame.select(text.str.to_uppercase().alias("v"), text.is_not_null().alias("f"))

    expected = build(column.cast(pl.Utf8).to_frame())
    assert parse.by_unique(column, build).equals(expected, null_equal=True)
