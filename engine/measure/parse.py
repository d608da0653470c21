"""Polars expressions that turn the text of messy exports into typed values.

Every reader hands over all columns as text; these expressions parse them column-wise
(never a Python loop per row). A value that cannot be parsed becomes null, and the checks
compare the parsed column with the raw text to report it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

# Indonesian exports write days first; ISO dates come from databases and Parquet.
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
GOLONGAN = tuple(f"{roman}/{letter}" for roman in ("I", "II", "III") for letter in "abcd") + tuple(
    f"IV/{letter}" for letter in "abcde")
_SPACES = r"[\s\u00a0]+"


def text(raw: pl.Expr) -> pl.Expr:
    """Trimmed text, with empty cells as null."""
    value = raw.str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def nip(raw: pl.Expr) -> pl.Expr:
    """NIP digits only: exports group them with spaces and Excel marks text with a quote.
    (Equal to nip of `text(raw)`, which the checks use so as to trim each cell once.)"""
    return text(raw.str.replace_all(_SPACES, "").str.strip_chars("'"))


def enum(raw: pl.Expr, values: tuple[str, ...]) -> pl.Expr:
    """The canonical spelling of an allowed value, matched ignoring case and spacing."""
    lookup = {" ".join(v.lower().split()): v for v in values}
    key = text(raw).str.to_lowercase().str.replace_all(_SPACES, " ")
    return key.replace_strict(lookup, default=None, return_dtype=pl.Utf8)


def golongan(raw: pl.Expr) -> pl.Expr:
    """'III/a', 'iii a', 'III-A' and 'IIIa' all read as 'III/a'; anything else is null."""
    grade = golongan_shape(raw)
    return pl.when(grade.is_in(list(GOLONGAN))).then(grade).otherwise(None)


def golongan_shape(raw: pl.Expr) -> pl.Expr:
    """The grade as written, normalised but not yet checked against the 17 grades."""
    value = text(raw).str.to_uppercase().str.replace_all(r"[\s/\-\.]", "")
    parts = value.str.extract_groups(r"^(IV|III|II|I)([A-E])$")
    return parts.struct.field("1") + "/" + parts.struct.field("2").str.to_lowercase()


_TIME = r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"


def date(raw: pl.Expr) -> pl.Expr:
    """A date in any of DATE_FORMATS; a time of day (Excel's '00:00:00') is dropped."""
    value = text(raw).str.replace(_TIME, "")
    return pl.coalesce([value.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS])


def date_series(texts: pl.Series) -> pl.Series:
    """`date` of a column already trimmed by `text`, without parsing every cell in every
    format: the first format is tried on the whole column, each further one only on the
    cells no earlier format could read (the same first-match-wins result as `date`)."""
    value = texts
    if value.str.contains(":", literal=True).any():  # the time pattern needs a colon
        value = value.str.replace(_TIME, "")
    result = value.str.to_date(DATE_FORMATS[0], strict=False)
    for fmt in DATE_FORMATS[1:]:
        missing = (result.is_null() & value.is_not_null()).arg_true()
        if not len(missing):
            break
        retry = value.gather(missing).str.to_date(fmt, strict=False)
        found = retry.is_not_null().arg_true()
        if len(found):
            result = result.scatter(missing.gather(found), retry.gather(found))
    return result.alias(texts.name)


def decimal_comma(raw: pl.Expr, semicolon_file: bool) -> pl.Expr:
    """Whether a column writes decimals with a comma (Indonesian style, '1.234,5').

    A semicolon-separated file is Indonesian-style throughout. Otherwise a column is taken
    to use decimal commas when some value has a comma not followed by a group of exactly
    three digits ('12,5'); '1,234' alone reads as a thousands separator.
    """
    if semicolon_file:
        return pl.lit(True)
    value = text(raw).str.replace_all(_SPACES, "")
    decimal = value.str.contains(r",\d{1,2}$|,\d{4,}$|^-?\d+,\d+$") & ~value.str.contains(
        r"^-?\d{1,3}(,\d{3})+$")
    return decimal.any()


def number(raw: pl.Expr, semicolon_file: bool) -> pl.Expr:
    """A float from text with decimal commas or points and thousands separators."""
    return number_text(text(raw), semicolon_file)


def number_text(texts: pl.Expr, semicolon_file: bool) -> pl.Expr:
    """`number` of a column already trimmed by `text`."""
    value = texts.str.replace_all(_SPACES, "")
    comma = decimal_comma(texts, semicolon_file)
    as_comma = value.str.replace_all(r"\.", "").str.replace(",", ".", literal=True)
    as_point = value.str.replace_all(",", "", literal=True)
    chosen = pl.when(comma).then(as_comma).otherwise(as_point)
    return pl.when(chosen.str.contains(r"^[-+]?(\d+\.?\d*|\.\d+)$")).then(
        chosen.cast(pl.Float64, strict=False)).otherwise(None)


SAMPLE = 10_000


def by_unique(column: pl.Series, build: Callable[[pl.DataFrame], pl.DataFrame],
              direct: Any = True) -> Any:
    """`build` (columns computed from `column` alone, cell by cell or with any() over the
    cells) evaluated once per distinct value and spread back over the rows by gathering
    on the value's code in an Enum: statuses, grades, dates and numbers repeat, and their
    regexes cost more than the gather. Where values hardly repeat, `build` runs on the
    whole column (`direct=True`), or None is returned for the caller to choose.
    (Which way is taken changes the time only, never the result.)"""
    if isinstance(column.dtype, pl.Categorical):  # read dictionary-coded: values and codes are there
        coded = _by_codes(column, build)
        if coded is not None:
            return coded
        column = column.cast(pl.Utf8)
    sample = column.head(SAMPLE)
    repeats = len(column) <= SAMPLE or sample.n_unique() * 2 <= len(sample)
    values = column.unique().drop_nulls() if repeats else None
    if values is None or len(values) * 2 > len(column):
        return build(column.to_frame()) if direct else None
    table = build(pl.concat([values, pl.Series(column.name, [None], column.dtype)]).to_frame())
    codes = column.cast(pl.Enum(values.to_list())).to_physical().fill_null(len(values))
    return _spread(table, codes)


def _by_codes(column: pl.Series, build: Callable[[pl.DataFrame], pl.DataFrame]) -> pl.DataFrame | None:
    """`by_unique` of a column read dictionary-coded (read.coded_schema gives each column
    categories of its own, so code i is the i-th value), or None where values hardly repeat."""
    values = _categories(column)
    if len(values) * 2 > len(column) or values.has_nulls():
        return None
    table = build(pl.concat([values, pl.Series([None], dtype=pl.Utf8)]).alias(column.name).to_frame())
    return _spread(table, column.to_physical().fill_null(len(values)))


def _spread(table: pl.DataFrame, codes: pl.Series) -> pl.DataFrame:
    """Row i of the result is row codes[i] of the per-value `table`, made one chunk first
    (its values and the null were concatenated: a gather from two chunks over a million
    codes takes 7x as long). A column true for every value and false for the null (whether
    a cell holds anything, when no value is blank) is where the code is not the null's:
    compared, not gathered bit by bit."""
    table, null = table.rechunk(), table.height - 1
    presence = [name for name, column in table.to_dict().items() if column.dtype == pl.Boolean
                and not column.has_nulls() and column.head(null).all() and not column[null]]
    if not presence:
        return table[codes]
    there = codes != null
    return table.drop(presence)[codes].with_columns(there.alias(name) for name in presence).select(table.columns)


def _categories(column: pl.Series) -> pl.Series:
    """The values of a column read dictionary-coded, code i the i-th (read.coded_schema)."""
    return column.dtype.categories.to_series().cast(pl.Utf8)  # type: ignore[attr-defined]


def trimmed(column: pl.Series) -> bool:
    """Whether every value of a column read dictionary-coded is already its own `text`
    (trimmed, never blank): the column then stands for its text as it is, a Categorical
    that groups, compares and sorts as the text would, and no string is copied per row."""
    values = _categories(column)
    return bool(values.to_frame().select((text(pl.col(values.name)) == pl.col(values.name)).fill_null(False)
                                         .all()).item())
