"""The NIP (employee number, Perka BKN 22/2007) as polars expressions: its structure
checks by text and by integer key, and the Int64 key it is carried as."""

from __future__ import annotations

import polars as pl

from . import parse
from .positions import Keys, find


def nip_text(key: pl.Expr) -> pl.Expr:
    """The 18 digits of a NIP from its Int64 key."""
    return key.cast(pl.Utf8).str.zfill(18)


def digit_key(text: pl.Expr) -> pl.Expr:
    """The Int64 of a text of exactly 18 ASCII digits, else null (polars' cast also takes a
    sign, which would make "+" and 17 digits collide with "0" and the same 17)."""
    sign = text.str.starts_with("+") | text.str.starts_with("-")
    return pl.when((text.str.len_bytes() == 18) & ~sign).then(text.cast(pl.Int64, strict=False))


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


def nip_parts(texts: pl.Series, parent: pl.Series | Keys | None = None, positional: bool = False
              ) -> tuple[pl.Series, pl.Series, pl.Series, pl.Series | None, pl.Series | None]:
    """A NIP column's value, message code (`nip_problem_number`) and presence, and with the
    Int64 keys of the table it references, whether each value is one of them, and when
    `positional` (those keys are the referenced rows, none repeated) the position of the
    row it refers to (positions.py). The value of
    a valid NIP is its Int64 (18 digits: distinct NIPs have distinct keys, and Int64s hash
    far faster than text), else null; `nip_text` writes it out again. NIPs written as 18
    digits (nearly all) are checked by integer arithmetic on their Int64, and only those
    that are no key of the referenced table (a key there is a valid NIP); the others
    (spaces, quotes, wrong length, letters) through their text."""
    # 18 bytes that parse to 18 digits (no sign or leading zero fits in 18 bytes then): the
    # rest, rare, take the text path, which gives the same codes (tests compare the two)
    number = pl.when(pl.col("t").str.len_bytes() == 18).then(pl.col("t").cast(pl.Int64, strict=False))
    digits = texts.to_frame("t").select(number.alias("n")).select(
        pl.when(pl.col("n") >= 10**17).then(pl.col("n"))).to_series()
    there = texts.is_not_null()
    looked = None if parent is None else _looked_up(digits, parent, positional)
    found = _found(looked, positional)
    code, key = _checked(digits, None if found is None else digits.is_not_null() & ~found)
    others = (digits.is_null() & there).arg_true()
    if len(others):
        rest = texts.gather(others).to_frame("t").select(parse.nip(pl.col("t")).alias("v"),
                                                         parse.text(pl.col("t")).is_not_null().alias("p"))
        rest = rest.with_columns(nip_problem_number(pl.col("v")).alias("c"))
        rest = rest.with_columns(pl.when(pl.col("c").is_null()).then(pl.col("v")).alias("v"))
        rest = rest.with_columns(pl.col("v").cast(pl.Int64, strict=False).alias("k"))
        code = code.scatter(others, rest.get_column("c"))
        key = key.scatter(others, rest.get_column("k"))
        there = there.scatter(others, rest.get_column("p"))
        if looked is not None and parent is not None:
            looked = looked.scatter(others, _looked_up(rest.get_column("k"), parent, positional))
            found = _found(looked, positional)
    return key, code, there, found, looked if positional else None


def _looked_up(values: pl.Series, keys: pl.Series | Keys, positional: bool) -> pl.Series:
    """Per value, its position among `keys` (`positional`), else whether it is one. A
    history table lists each employee's rows together: a run of equal values is looked
    up once (when runs are at least two rows long on average)."""
    runs = values.rle_id()
    if not len(values) or (runs[-1] + 1) * 2 > len(values):
        return find(values, keys) if positional else member(values, keys)
    heads = values.filter((runs != runs.shift(1)).fill_null(True))
    return _looked_up(heads, keys, positional).gather(runs)


def _found(looked: pl.Series | None, positional: bool) -> pl.Series | None:
    return looked.is_not_null() if looked is not None and positional else looked


def _checked(digits: pl.Series, unchecked: pl.Series | None) -> tuple[pl.Series, pl.Series]:
    """The message code (`nip_problem_from_key`) of the 18-digit NIPs among `unchecked`
    (all of them by default), and the key of each valid one. A few rows (the NIPs that are
    no key of the referenced table) are gathered and checked alone; all rows, in one plan
    (which computes each of its shared parts once, as an eager select would not)."""
    if unchecked is None:
        out = digits.to_frame("k").lazy().with_columns(nip_problem_from_key(pl.col("k")).alias("c")).select(
            "c", pl.when(pl.col("c").is_null()).then(pl.col("k")).alias("k")).collect()
        return out.get_column("c"), out.get_column("k")
    code = pl.Series("c", [None], pl.UInt8).extend_constant(None, len(digits) - 1) if len(digits) else \
        pl.Series("c", [], pl.UInt8)
    rows = unchecked.arg_true()
    if len(rows):
        checked = digits.gather(rows).to_frame("k").lazy().select(
            nip_problem_from_key(pl.col("k"))).collect().to_series()
        code = code.scatter(rows, checked)
    key = digits.to_frame("k").with_columns(code.alias("c")).select(
        pl.when(pl.col("c").is_null()).then(pl.col("k"))).to_series()
    return code, key


def member(values: pl.Series, keys: pl.Series | Keys) -> pl.Series:
    """`values.is_in(keys)`, the keys first cut to those a few values can match
    (`_matchable`). (Hashing the keys once is faster than sorting both sides
    when only membership is asked, as by `merit validate`.)"""
    if isinstance(keys, Keys):
        keys = keys.series
    wanted = _matchable(values, keys)
    return values.is_in((keys if wanted is None else keys.filter(wanted)).implode())


def _matchable(values: pl.Series, keys: pl.Series) -> pl.Series | None:
    """Which keys a few values can match (those among their distinct values), or None when
    the values are not fewer than half the keys: a membership test of a few hundred
    thousand rows then hashes the smaller side, instead of every employee's NIP again."""
    if len(values) * 2 >= len(keys):
        return None
    return keys.is_in(values.unique().drop_nulls().implode())
