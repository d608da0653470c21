"""Reading personnel tables from a dossier's tables/ directory into text columns.

CSV exports come in UTF-8 (with or without BOM) or Windows-1252, separated by commas or
semicolons; XLSX and Parquet are read as they are. Every cell is handed on as text, so one
set of parsing expressions serves every format, and each row keeps the number a
spreadsheet shows for it (the header is row 1). A file's columns that no dictionary column
maps are not read at all.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputError, Problem
from .dictionary import TableSpec, normalise_header
from .xlsx import check_inflated_size
from .xlsx import read_excel as _read_excel

ROW = "__row"
EXTENSIONS = (".csv", ".xlsx", ".parquet")
# Column types whose values repeat (statuses, grades, dates, counts): read dictionary-coded.
CODED_TYPES = frozenset(("enum", "golongan", "date", "number", "integer"))


@dataclass(frozen=True)
class RawTable:
    """One table as read: text columns renamed to column ids, plus the row number."""

    spec: TableSpec
    path: str
    frame: pl.DataFrame
    headers: dict[str, tuple[str, int]]  # column id -> (header as written, 1-based index)
    semicolon: bool = False
    problems: tuple[Problem, ...] = ()  # header problems: reported with the rows' (sourced.py)
    source: Any = None  # the Source it was read through (sources.py), if any
    approximate: tuple[str, ...] = ()  # date columns read from a bare year
    header_row: int = 1


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (BOM or not), else Windows-1252 (old Excel on Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_separator(text: str) -> str:
    """Comma or semicolon (or tab), judged from the first lines, ignoring quoted text."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return ";" if header.count(";") > header.count(",") else ","


def head_text(path: Path, lines: int = 20, size: int = 1 << 18) -> str:
    """The text of the first `lines` lines of a file, without reading all of it (the whole
    file when they do not fit in `size` bytes)."""
    with path.open("rb") as handle:
        data = handle.read(size)
        if len(data) == size and data.count(b"\n") <= lines:
            data += handle.read()
    if len(data) == size:
        data = data[:data.rfind(b"\n") + 1]  # no character cut in two
    return decode(data)


def check_text_form(path: Path) -> None:
    """Refuse, with the reason, a CSV file polars would misread into thousands of misleading
    problems: UTF-16/32 text (Excel's "Unicode text") or lines ended by CR alone (old Mac)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] == b"\x00\x00\xfe\xff":
        raise InputError([Problem(str(path), 1, 1, "file.wrong_encoding",
                                  {"encoding": "UTF-32" if head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
                                   else "UTF-16"})])
    if b"\r" in head and b"\n" not in head:
        raise InputError([Problem(str(path), 1, 1, "personnel.lone_cr", {})])


Wanted = Callable[[list[str], str], list[int]]  # (header, how the file was read) -> columns
Coded = Callable[[str], bool]  # header -> whether its column is read dictionary-coded


CODED_SAMPLE = 10_000  # rows read first to see whether a column's values repeat
REPEATING = 0.8  # at most this share of the sample's values distinct: read coded


def coded_schema(source: Any, header: list[str], columns: list[int], coded: Coded | None,
                 options: dict[str, Any]) -> dict[str, pl.DataType]:
    """The columns among `columns` that `coded` picks and whose values repeat in the first
    CODED_SAMPLE rows, as Categoricals of their own (codes numbered per column): polars
    builds each column's dictionary of distinct values while it parses, and the checks
    parse each distinct value once (checks.by_unique). A column of nearly distinct values
    (a timestamp, say) stays text: its dictionary would cost twenty times its parse."""
    picked = [i for i in columns if coded is not None and coded(header[i])]
    if not picked:
        return {}
    try:  # (scan_csv stops after the sample; read_csv with n_rows splits the whole file first)
        head = pl.scan_csv(source, n_rows=CODED_SAMPLE, **options).select(pl.nth(picked)).collect()
    except Exception:  # noqa: BLE001 - the full read reports what is wrong, or reads it otherwise
        return {}
    # birth dates (some 12,000 in a million rows) still repeat in the sample; timestamps do not
    rows = max(head.height, 1)
    return {name: pl.Categorical(pl.Categories.random())
            for name in head.columns if head.get_column(name).n_unique() <= REPEATING * rows}


def read_csv(path: Path, wanted: Wanted, coded: Coded | None = None) -> tuple[pl.DataFrame, bool]:
    """The columns of a CSV file that `wanted` picks from its header (by 0-based index),
    and whether the file is semicolon-separated. Exports carry many columns merit has no
    use for: those are never turned into strings. The header is read alone (polars'
    `scan_csv(...).collect_schema()` reads the first line only); a file that is not valid
    UTF-8 is found by the read itself and read again as Windows-1252."""
    check_text_form(path)
    separator = sniff_separator(head_text(path))
    options: dict[str, Any] = {"separator": separator, "infer_schema": False, "truncate_ragged_lines": True}
    how = f"CSV, {_SEPARATOR_NAMES.get(separator, repr(separator))}, "
    header = pl.scan_csv(path, encoding="utf8", **options).collect_schema().names()
    if not _utf8_head(path):  # Windows-1252 from the start (polars would replace the header's
        # letters, or read the whole file before finding it invalid)
        return _read_cp1252(path, wanted, options, how, coded)
    columns = wanted(header, how + "UTF-8")
    if not columns:  # nothing merit reads (the missing columns are reported)
        if not _utf8_file(path):
            return _read_cp1252(path, wanted, options, how, coded)
        return _empty(header), separator == ";"
    try:  # UTF-8 (polars skips a BOM) straight from the file, with no copy in Python
        overrides = coded_schema(path, header, columns, coded, {"encoding": "utf8", **options})
        frame = _read_columns(path, columns, overrides, {"encoding": "utf8", **options})
    except pl.exceptions.ComputeError as exc:  # invalid UTF-8 past the first line
        if not _bad_utf8(exc):
            raise
        return _read_cp1252(path, wanted, options, how, coded)
    return frame, separator == ";"


def _read_cp1252(path: Path, wanted: Wanted, options: dict[str, Any], how: str,
                 coded: Coded | None) -> tuple[pl.DataFrame, bool]:
    """`read_csv` of a file that is not UTF-8: decoded as Windows-1252 in Python first."""
    source = decode(path.read_bytes()).encode("utf-8")
    header = pl.scan_csv(source, **options).collect_schema().names()
    columns = wanted(header, how + "Windows-1252")
    semicolon = options["separator"] == ";"
    if not columns:
        return _empty(header), semicolon
    overrides = coded_schema(source, header, columns, coded, options)
    return _read_columns(source, columns, overrides, options), semicolon


def _read_columns(source: Any, columns: list[int], overrides: dict[str, pl.DataType],
                  options: dict[str, Any]) -> pl.DataFrame:
    """The columns, those in `overrides` dictionary-coded; should polars refuse the coding
    of some odd file, the file is read again as plain text (coding only saves time)."""
    if overrides:
        try:
            return pl.read_csv(source, columns=columns, schema_overrides=overrides, **options)
        except Exception:  # noqa: BLE001 - read again as text, which raises what is really wrong
            pass
    return pl.read_csv(source, columns=columns, **options)


def _empty(header: list[str]) -> pl.DataFrame:
    return pl.DataFrame({name: pl.Series(name, [], pl.Utf8) for name in header})


def _utf8_head(path: Path) -> bool:
    """Whether the first line of a file and the lines in its first 64 KiB are valid UTF-8."""
    with path.open("rb") as handle:
        line = handle.readline(1 << 20)
        line += handle.read(max(0, (1 << 16) - len(line)))
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut by the length limit is no error
        return exc.start >= len(line) - 3 and exc.reason == "unexpected end of data"
    return True


def _utf8_file(path: Path) -> bool:
    """Whether a whole file is valid UTF-8 (only asked when no column of it is read)."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _bad_utf8(error: Exception) -> bool:
    """Whether polars refused a file for invalid UTF-8 (it is then read as Windows-1252)."""
    text = str(error).lower()
    return "utf-8" in text or "utf8" in text


_SEPARATOR_NAMES = {";": "';'", ",": "','", "\t": "tab"}


def read_any(path: Path, wanted: Wanted, coded: Coded | None = None) -> tuple[pl.DataFrame, bool]:
    """The columns `wanted` picks (by 0-based index) from the header of the file at `path`,
    as text (from CSV, those `coded` picks as Categoricals of text), and whether it is
    semicolon-separated."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, wanted, coded)
    # only the columns `wanted` picks are read, as from CSV
    if suffix == ".xlsx":
        check_inflated_size(path)
        header = _read_excel(path, infer_schema_length=0, read_options={"n_rows": 0}).columns
        columns = wanted(header, "XLSX")
        frame = _read_excel(path, infer_schema_length=0, columns=columns) if columns else None
    else:
        header = list(pl.read_parquet_schema(path))
        columns = wanted(header, "Parquet")
        frame = pl.read_parquet(path, columns=columns) if columns else None
    if frame is None:  # nothing merit reads (the missing columns are reported)
        return pl.DataFrame({name: pl.Series(name, [], pl.Utf8) for name in header}), False
    return frame.select(pl.all().cast(pl.Utf8)), False


def read_table(path: Path, spec: TableSpec) -> RawTable:
    """Read one table file and map its headers to the dictionary's column ids."""
    mapped: dict[str, Any] = {}

    def wanted(header: list[str], how: str) -> list[int]:
        mapped["headers"], mapped["problems"] = map_headers(header, spec, str(path), how)
        return sorted(index - 1 for _, index in mapped["headers"].values())

    def coded(header: str) -> bool:  # values that repeat: codes, categories, by_unique
        cid = next((c for c, (h, _) in mapped["headers"].items() if h == header), None)
        column = spec.columns[cid] if cid is not None else None
        return column is not None and (column.type in CODED_TYPES or column.repeats)

    try:
        frame, semicolon = read_any(path, wanted, coded)
    except InputError:
        raise
    except Exception as exc:  # polars, openpyxl and OS errors alike: the file is unusable
        raise InputError([Problem(str(path), 0, 0, "personnel.unreadable",
                                  {"detail": str(exc).splitlines()[0][:200]})]) from None
    headers, problems = mapped["headers"], mapped["problems"]
    renamed = frame.select([pl.col(header).alias(cid) for cid, (header, _) in headers.items()])
    renamed = renamed.with_row_index(ROW, offset=2)  # blank rows are dropped by the checks
    return RawTable(spec, str(path), renamed, headers, semicolon, tuple(problems))


def map_headers(columns: list[str], spec: TableSpec, source: str, how: str = ""
                ) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """Which file column holds which dictionary column; unknown headers are ignored
    (exports carry many columns merit has no use for)."""
    headers: dict[str, tuple[str, int]] = {}
    problems = []
    for index, header in enumerate(columns, start=1):
        cid = spec.match_header(header)
        if cid is None:
            continue
        if cid in headers:
            problems.append(Problem(source, 1, index, "personnel.duplicate_column",
                                    {"column": header, "other": headers[cid][0]}))
            continue
        headers[cid] = (header, index)
    unused = [header for header in columns if spec.match_header(header) is None]
    for column in spec.columns.values():
        if column.required and column.id not in headers:
            aliases = ", ".join(column.aliases[:4]) or column.id
            candidate = _closest_header(column, unused)
            code = "personnel.missing_column_maybe" if candidate else "personnel.missing_column"
            problems.append(Problem(source, 1, 1, code, {"column": column.id, "aliases": aliases,
                                                         "candidate": candidate or "", "how": how,
                                                         "found": ", ".join(columns[:8]), "row": 1,
                                                         "table": spec.id}))
    return headers, problems


def _closest_header(column: Any, headers: list[str]) -> str | None:
    """The file's own header most like one of the column's names (a hint, not a match)."""
    names = {normalise_header(name): name for name in (column.id, *column.aliases)}
    by_form = {normalise_header(header): header for header in headers}
    for form, header in by_form.items():  # "STATUS CPNS PNS" for status: a name inside it
        if any(name and (name in form or form in name) for name in names):
            return header
    scored = [(max(difflib.SequenceMatcher(None, form, name).ratio() for name in names), form) for form in by_form]
    ratio, best = max(scored, default=(0.0, ""))
    return by_form[best] if ratio >= 0.6 else None

