"""A personnel table's raw text columns parsed to their typed values, column-wise with
polars: the names of the helper columns a check reads (`filled`, `nip_code`, ...), NIPs as
Int64 keys with what is wrong with them, and `by_unique`, which parses each distinct value
once. checks.py runs the checks over what is parsed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from . import parse
from .dictionary import Column


def raw(cid: str) -> str:
    """The column as written in the file."""
    return f"{cid}:raw"


def filled(cid: str) -> str:
    """Whether the column's cell holds anything but space (`parse.text` is not null)."""
    return f"{cid}:filled"


def nip_code(cid: str) -> str:
    """What is wrong with a NIP column's cell (`nip_problem_number`), or null."""
    return f"{cid}:code"


def nip_text(key: pl.Expr) -> pl.Expr:
    """The 18 digits of a NIP from its Int64 key."""
    return key.cast(pl.Utf8).str.zfill(18)


def digit_key(text: pl.Expr) -> pl.Expr:
    """The Int64 of a text of exactly 18 ASCII digits, else null (polars' cast also takes a
    sign, which would make "+" and 17 digits collide with "0" and the same 17)."""
    sign = text.str.starts_with("+") | text.str.starts_with("-")
    return pl.when((text.str.len_bytes() == 18) & ~sign).then(text.cast(pl.Int64, strict=False))


def first(cid: str) -> str:
    """For a unique column, the first row holding each value."""
    return f"{cid}:first"


def typed_expr(column: Column, semicolon: bool, source: pl.Expr) -> pl.Expr:
    """The parsed value of a non-NIP, non-date `column` (null when empty or unparseable)
    from its trimmed text `source`."""
    if column.type == "enum":
        return parse.enum(source, column.values)
    if column.type == "golongan":
        return parse.golongan(source)
    if column.type in ("number", "integer"):
        number = parse.number_text(source, semicolon)
        if column.type == "integer":
            return pl.when(number == number.round(0)).then(number.cast(pl.Int64)).otherwise(None)
        return number
    return source


NIP_PROBLEMS = ("nip_format", "nip_birth_date", "nip_cpns_date", "nip_cpns_age", "nip_sex")


def nip_problem_number(value: pl.Expr) -> pl.Expr:
    """What is wrong with a NIP (Perka BKN 22/2007) as 1 + its index in NIP_PROBLEMS, or
    null. Digits 1-8 are the birth date, 9-14 the CPNS start (YYYYMM), which cannot precede
    the 18th birthday, 15 the sex (1 male, 2 female), 16-18 a serial number."""
    birth = value.str.slice(0, 8).str.to_date("%Y%m%d", strict=False)
    cpns = (value.str.slice(8, 6) + "01").str.to_date("%Y%m%d", strict=False)
    adult = (birth.dt.year() + 18) * 12 + birth.dt.month()
    code = [pl.lit(i + 1, pl.UInt8) for i in range(len(NIP_PROBLEMS))]
    return (pl.when(value.is_null()).then(None)
            .when(~value.str.contains(r"^\d{18}$")).then(code[0])
            .when(birth.is_null()).then(code[1])
            .when(cpns.is_null()).then(code[2])
            .when(cpns.dt.year() * 12 + cpns.dt.month() < adult).then(code[3])
            .when(~value.str.slice(14, 1).is_in(["1", "2"])).then(code[4])
            .otherwise(None))


def nip_problem_from_key(key: pl.Expr) -> pl.Expr:
    """`nip_problem_number` of an 18-digit NIP from its Int64 (`digit_key`), by integer
    arithmetic: the same codes (a test compares them), without parsing text as dates."""
    birth = key // 10**10  # YYYYMMDD
    year, month, day = birth // 10_000, birth // 100 % 100, birth % 100
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = (pl.when(month == 2).then(28 + leap.cast(pl.Int64))
            .when(month.is_in([4, 6, 9, 11])).then(30).otherwise(31))
    cpns = key // 10**4 % 10**6  # YYYYMM
    cpns_year, cpns_month = cpns // 100, cpns % 100
    sex = key // 1000 % 10
    code = [pl.lit(i + 1, pl.UInt8) for i in range(len(NIP_PROBLEMS))]
    return (pl.when(key.is_null()).then(None)
            .when((month < 1) | (month > 12) | (day < 1) | (day > days)).then(code[1])
            .when((cpns_month < 1) | (cpns_month > 12)).then(code[2])
            .when(cpns_year * 12 + cpns_month < (year + 18) * 12 + month).then(code[3])
            .when(~sex.is_in([1, 2])).then(code[4])
            .otherwise(None))


def typed_columns(column: Column, texts: pl.Series, semicolon: bool) -> list[pl.Series]:
    """From the raw text of a column: its parsed value (null when empty or unparseable; a
    NIP's is its Int64), whether the cell holds anything but space (`filled`), and for a
    NIP its message code."""
    cid = column.id
    if column.type == "nip":
        return nip_columns(texts, cid)
    if column.type == "text":
        value = texts.to_frame().select(parse.text(pl.col(texts.name)).alias(cid)).to_series()
        return [value, value.is_not_null().alias(filled(cid))]

    def build(frame: pl.DataFrame) -> pl.DataFrame:
        source = pl.col(frame.columns[0])
        text = parse.text(source)
        if column.type == "date":
            value = parse.date(source)
        else:
            value = typed_expr(column, semicolon, text)
        return frame.select(value.alias(cid), text.is_not_null().alias(filled(cid)))

    if column.type == "date":
        return date_columns(texts, cid, build)
    return by_unique(texts, build).get_columns()


def date_columns(texts: pl.Series, cid: str, build: Callable[[pl.DataFrame], pl.DataFrame]
                 ) -> list[pl.Series]:
    """A date column's value and presence: `build` per distinct text where dates repeat,
    else the first-match-wins parse of `parse.date_series` over the trimmed column."""
    out = by_unique(texts, build, direct=None)
    if out is not None:
        return out.get_columns()
    text = texts.to_frame().select(parse.text(pl.col(texts.name))).to_series()
    return [parse.date_series(text).alias(cid), text.is_not_null().alias(filled(cid))]


def nip_columns(texts: pl.Series, cid: str) -> list[pl.Series]:
    """A NIP column's value, message code and presence. The value of a valid NIP is its
    Int64 (18 digits: distinct NIPs have distinct keys, and Int64s hash far faster than
    text), else null; `nip_text` writes it out again. NIPs written as 18 digits (nearly
    all) are checked by integer arithmetic on their Int64; the others (spaces, quotes,
    wrong length, letters) through their text."""
    frame = texts.to_frame("t").with_columns(digit_key(pl.col("t")).alias("k"))
    frame = frame.with_columns(nip_problem_from_key(pl.col("k")).alias("c"))
    valid = pl.col("k").is_not_null() & pl.col("c").is_null()
    out = frame.select("c", pl.when(valid).then(pl.col("k")).alias("k"), pl.col("t").is_not_null().alias("p"))
    others = frame.select((pl.col("k").is_null() & pl.col("t").is_not_null()).arg_true()).to_series()
    code, key, there = out.get_columns()
    if len(others):
        rest = texts.gather(others).to_frame("t").select(parse.nip(pl.col("t")).alias("v"),
                                                         parse.text(pl.col("t")).is_not_null().alias("p"))
        rest = rest.with_columns(nip_problem_number(pl.col("v")).alias("c"))
        rest = rest.with_columns(pl.when(pl.col("c").is_null()).then(pl.col("v")).alias("v"))
        rest = rest.with_columns(pl.col("v").cast(pl.Int64, strict=False).alias("k"))
        code = code.scatter(others, rest.get_column("c"))
        key = key.scatter(others, rest.get_column("k"))
        there = there.scatter(others, rest.get_column("p"))
    return [key.alias(cid), code.alias(nip_code(cid)), there.alias(filled(cid))]


SAMPLE = 10_000


def by_unique(column: pl.Series, build: Callable[[pl.DataFrame], pl.DataFrame],
              direct: Any = True) -> Any:
    """`build` (columns computed from `column` alone, cell by cell or with any() over the
    cells) evaluated once per distinct value and spread back over the rows by gathering
    on the value's code in an Enum: statuses, grades, dates and numbers repeat, and their
    regexes cost more than the gather. Where values hardly repeat, `build` runs on the
    whole column (`direct=True`), or None is returned for the caller to choose.
    (Which way is taken changes the time only, never the result.)"""
    sample = column.head(SAMPLE)
    repeats = len(column) <= SAMPLE or sample.n_unique() * 2 <= len(sample)
    values = column.unique().drop_nulls() if repeats else None
    if values is None or len(values) * 2 > len(column):
        return build(column.to_frame()) if direct else None
    table = build(pl.concat([values, pl.Series(column.name, [None], column.dtype)]).to_frame())
    codes = column.cast(pl.Enum(values.to_list())).to_physical().fill_null(len(values))
    return table[codes]
