"""A personnel column's cells parsed from their text: the typed value, whether each cell
holds anything, and for a NIP its message code, whether it is a key of the table it
references and the position of that row (checks.py runs the checks on these columns).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from . import parse
from .dictionary import Column
from .nip import nip_parts
from .positions import Keys, at


def raw(cid: str) -> str:
    """The column as written in the file."""
    return f"{cid}:raw"


def filled(cid: str) -> str:
    """Whether the column's cell holds anything but space (`parse.text` is not null)."""
    return f"{cid}:filled"


def nip_code(cid: str) -> str:
    """What is wrong with a NIP column's cell (`nip_problem_number`), or null."""
    return f"{cid}:code"


def known(cid: str) -> str:
    """For a NIP column referencing another table, whether its value is one of its keys."""
    return f"{cid}:known"


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
            # (strict=False: a whole number beyond Int64, 20 digits, is no integer merit reads)
            return pl.when(number == number.round(0)).then(number.cast(pl.Int64, strict=False)).otherwise(None)
        return number
    return source


def typed_columns(column: Column, texts: pl.Series, semicolon: bool,
                  parent: Keys | pl.Series | None = None, positional: bool = False) -> list[pl.Series]:
    """From the raw text of a column: its parsed value (null when empty or unparseable; a
    NIP's is its Int64), whether the cell holds anything but space (`filled`), and for a
    NIP its message code (and with the `parent` keys it references, `known`, and when
    `positional`, the position of the row it refers to)."""
    cid = column.id
    if column.type == "nip":
        return nip_columns(texts, cid, parent, positional)
    if column.type == "text":
        if isinstance(texts.dtype, pl.Categorical):  # a column of few values (`repeats`)
            if parse.trimmed(texts):  # every value its own trimmed text: the codes are the value
                return [texts.alias(cid), texts.is_not_null().alias(filled(cid))]
            return parse.by_unique(texts, lambda frame: frame.select(
                parse.text(pl.col(frame.columns[0])).alias(cid)).with_columns(
                pl.col(cid).is_not_null().alias(filled(cid)))).get_columns()
        value = texts.to_frame().lazy().select(parse.text(pl.col(texts.name)).alias(cid)).collect().to_series()
        return [value, value.is_not_null().alias(filled(cid))]

    def build(frame: pl.DataFrame) -> pl.DataFrame:
        source = pl.col(frame.columns[0])
        text = parse.text(source)
        if column.type == "date":
            value = parse.date(source)
        else:
            value = typed_expr(column, semicolon, text)
        if column.type in ("enum", "golongan"):  # one of a few canonical values: as a
            # Categorical (polars' global categories, which only ever hold those values),
            # whose comparisons, groups and mappings downstream work on codes, not text
            value = value.cast(pl.Categorical)
        return frame.select(value.alias(cid), text.is_not_null().alias(filled(cid)))

    if column.type == "date":
        return date_columns(texts, cid, build)
    return parse.by_unique(texts, build).get_columns()


def date_columns(texts: pl.Series, cid: str, build: Callable[[pl.DataFrame], pl.DataFrame]
                 ) -> list[pl.Series]:
    """A date column's value and presence: `build` per distinct text where dates repeat,
    else the first-match-wins parse of `parse.date_series` over the trimmed column."""
    out = parse.by_unique(texts, build, direct=None)
    if out is not None:
        return out.get_columns()
    texts = texts.cast(pl.Utf8)  # (a column read dictionary-coded whose dates hardly repeat)
    text = texts.to_frame().lazy().select(parse.text(pl.col(texts.name))).collect().to_series()
    return [parse.date_series(text).alias(cid), text.is_not_null().alias(filled(cid))]


def nip_columns(texts: pl.Series, cid: str, parent: Keys | pl.Series | None = None,
                positional: bool = False) -> list[pl.Series]:
    """A NIP column's value, message code and presence (nip.nip_parts); with the keys of
    the table it references, also whether each value is one of them (`known`), and when
    `positional` the position of the row it refers to (positions.at)."""
    key, code, there, found, position = nip_parts(texts, parent, positional)
    out = [key.alias(cid), code.alias(nip_code(cid)), there.alias(filled(cid))]
    out += [found.alias(known(cid))] if found is not None else []
    return out + ([position.alias(at(cid))] if position is not None else [])
