"""One bad row per validation rule; every problem of every table reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from merit.engine.errors import InputError
from merit.engine.measure import load_personnel, nip

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad" / "tables"

# (file, spreadsheet row, column index, code): one row of data/bad per rule.
EXPECTED = [
    ("pegawai.csv", 0, 0, "personnel.too_many_bad_rows"),
    ("pegawai.csv", 3, 1, "personnel.nip_format"),
    ("pegawai.csv", 4, 1, "personnel.nip_birth_date"),
    ("pegawai.csv", 5, 1, "personnel.nip_cpns_date"),
    ("pegawai.csv", 6, 1, "personnel.nip_cpns_age"),
    ("pegawai.csv", 7, 1, "personnel.nip_sex"),
    ("pegawai.csv", 8, 1, "personnel.duplicate"),
    ("pegawai.csv", 9, 4, "personnel.golongan"),
    ("pegawai.csv", 10, 4, "personnel.required_if"),
    ("pegawai.csv", 11, 5, "personnel.date_format"),
    ("pegawai.csv", 12, 5, "personnel.date_range"),
    ("pegawai.csv", 13, 3, "personnel.enum"),
    ("pelatihan.csv", 0, 0, "personnel.too_many_bad_rows"),
    ("pelatihan.csv", 3, 1, "personnel.unknown_reference"),
    ("pelatihan.csv", 4, 3, "personnel.date_format"),
    ("pelatihan.csv", 5, 4, "personnel.number_format"),
    ("pelatihan.csv", 6, 4, "personnel.number_range"),
    ("pelatihan.csv", 7, 3, "personnel.required"),
]


@pytest.fixture(scope="module")
def problems() -> list:  # type: ignore[type-arg]
    with pytest.raises(InputError) as caught:
        load_personnel(BAD, 2025)
    return caught.value.problems


def test_every_rule_reports_file_row_and_column(problems: list) -> None:  # type: ignore[type-arg]
    assert [(Path(p.file).name, p.line, p.col, p.code) for p in problems] == EXPECTED


@pytest.mark.parametrize("expected", EXPECTED[1:12] + EXPECTED[13:], ids=lambda e: f"{e[3]}-row{e[1]}")
def test_rule(problems: list, expected: tuple) -> None:  # type: ignore[type-arg]
    assert expected in [(Path(p.file).name, p.line, p.col, p.code) for p in problems]


def test_messages_word_for_word(problems: list) -> None:  # type: ignore[type-arg]
    by_code = {p.code: p for p in problems}
    dup = by_code["personnel.duplicate"]
    assert dup.render("en").endswith(
        "pegawai.csv:8:1: column 'NIP': '198001012005011001' already appears in row 2")
    assert dup.render("id").endswith(
        "pegawai.csv:8:1: kolom 'NIP': '198001012005011001' sudah ada di baris 2")
    assert by_code["personnel.nip_sex"].render("en").endswith(
        "column 'NIP': digit 15 of NIP '198001012005013005' (sex) must be 1 or 2")


def test_under_the_threshold_bad_rows_are_excluded_and_listed() -> None:
    personnel = load_personnel(BAD, 2025, threshold=0.95)
    assert personnel.tables["pegawai"].frame["__row"].to_list() == [2]
    assert personnel.tables["pegawai"].excluded_rows == 11
    assert personnel.tables["pelatihan"].frame["__row"].to_list() == [2]
    listed = [(Path(p.file).name, p.line, p.code) for p in personnel.excluded]
    assert listed == [(f, r, c) for f, r, _, c in EXPECTED if r]


def test_threshold_is_a_share_per_file() -> None:
    with pytest.raises(InputError) as caught:  # pegawai 11/12 is above 0.9, pelatihan 5/6 is not
        load_personnel(BAD, 2025, threshold=0.9)
    over = [Path(p.file).name for p in caught.value.problems if p.code == "personnel.too_many_bad_rows"]
    assert over == ["pegawai.csv"]


def test_threshold_from_tables_yaml(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    shutil.copytree(BAD, tables)
    (tables / "tables.yaml").write_text("max_bad_row_share: 0.95\n", "utf-8")
    assert load_personnel(tables, 2025).threshold == 0.95
    (tables / "tables.yaml").write_text("max_bad_row_share: 2\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_personnel(tables, 2025)
    assert [p.code for p in caught.value.problems] == ["personnel.bad_threshold"]


def test_a_clean_table_has_no_problem() -> None:
    personnel = load_personnel(DATA / "messy" / "tables", 2025)
    assert personnel.excluded == ()


# --- the NIP's integer arithmetic against its text parsing -----------------------------------

_DIGITS = st.text(alphabet="0123456789", min_size=18, max_size=18)


@st.composite
def _nips(draw: st.DrawFn) -> str:
    """18 digits, often near a calendar edge: month 00/13, day 00/29/30/31, leap years
    (1900, 2000, 0000), a CPNS start just before or after the 18th birthday."""
    if draw(st.booleans()):
        return draw(_DIGITS)
    year = draw(st.sampled_from([0, 4, 100, 400, 1900, 1960, 1996, 2000, 2023, 9999]) | st.integers(0, 9999))
    month, day = draw(st.integers(0, 13)), draw(st.sampled_from([0, 1, 28, 29, 30, 31, 32]))
    cpns_year = draw(st.integers(min(9999, year + 16), min(9999, year + 20)) | st.integers(0, 9999))
    cpns_month, sex = draw(st.integers(0, 13)), draw(st.integers(0, 3))
    return f"{year:04d}{month:02d}{day:02d}{cpns_year:04d}{cpns_month:02d}{sex}{draw(st.integers(0, 999)):03d}"


@settings(max_examples=60, deadline=None)
@given(st.lists(_nips(), min_size=1, max_size=200))
def test_nip_codes_from_the_integer_equal_those_from_the_text(nips: list[str]) -> None:
    frame = pl.DataFrame({"t": nips})
    by_text = frame.select(nip.nip_problem_number(pl.col("t"))).to_series()
    by_key = frame.select(nip.nip_problem_from_key(nip.digit_key(pl.col("t")))).to_series()
    assert by_key.to_list() == by_text.to_list()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 60)), max_size=120),
       st.lists(st.integers(0, 60), max_size=300, unique=True))
def test_membership_hashing_either_side_is_is_in(values: list[int | None], keys: list[int]) -> None:
    series, parent = pl.Series("v", values, pl.Int64), pl.Series("k", keys, pl.Int64)
    assert nip.member(series, parent).to_list() == series.is_in(parent.implode()).to_list()


def test_a_whole_number_beyond_int64_is_reported_not_a_crash(tmp_path: Path) -> None:
    """A 20-digit count (a cell pasted into the wrong column) is no integer merit reads:
    it is reported at its cell, as any other bad value, where it used to stop the run
    with polars' overflow error."""
    example = Path(__file__).resolve().parents[2] / "examples" / "provinsi-contoh"
    tables = tmp_path / "tables"
    shutil.copytree(example / "tables", tables)
    lines = (tables / "skp.csv").read_text("utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[5] = "99999999999999999999"  # Jumlah RHK
    lines[1] = ",".join(cells)
    (tables / "skp.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_personnel(tables, 2025)
    assert [(p.line, p.col, p.code) for p in caught.value.problems if p.line] == [(2, 6, "personnel.integer")]
