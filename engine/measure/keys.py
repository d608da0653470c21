"""Child tables keyed by an internal employee id (SIASN's PNS ID in rw-hukdis and
rw-skp22, a local SIMPEG's pegawai_id): the id is looked up in the employee file's column
the source's `key` names, and the row gets that employee's NIP. A row whose id no
employee has is a problem of its own (never a guessed NIP) and is left out."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from ..errors import Problem
from . import parse
from .read import ROW, RawTable
from .sourced import KEY, REF


def employee_ids(raw: RawTable) -> dict[str, pl.DataFrame]:
    """Per column of the employee file that a key refers to: (id, NIP as written)."""
    if "nip" not in raw.frame.columns:
        return {}
    nip = parse.nip(pl.col("nip")).alias("__nip")
    return {name[len(REF):]: raw.frame.select(pl.col(name).alias(KEY), nip).drop_nulls(KEY).unique(KEY, keep="first")
            for name in raw.frame.columns if name.startswith(REF)}


def resolve(raw: RawTable, ids: dict[str, pl.DataFrame]) -> tuple[RawTable, list[Problem]]:
    """`raw` with its NIP column from its key (when it is keyed), and the problems of the
    rows whose id no employee has (those rows dropped)."""
    source: Any = raw.source
    if source is None or source.key is None or KEY not in raw.frame.columns:
        return raw, []
    nip = next(c.id for c in raw.spec.columns.values() if c.type == "nip" and c.references == "pegawai")
    if nip in raw.frame.columns:  # the file has the NIP itself
        return raw, []
    known = ids.get(source.key.refers_to)
    if known is None:  # the employee file lacks the column: said once, for the file
        headers = {cid: h for cid, h in raw.headers.items() if cid != nip}
        return replace(raw, headers=headers), [Problem(raw.path, raw.header_row, 1, "sources.no_employee_id",
                             {"column": source.key.column, "refers_to": source.key.refers_to})]
    frame = raw.frame.join(known, on=KEY, how="left", maintain_order="left")
    lost = frame.filter(pl.col(KEY).is_not_null() & pl.col("__nip").is_null())
    index = raw.headers[nip][1]
    problems = [Problem(raw.path, row, index, "sources.unknown_id",
                        {"column": source.key.column, "value": value, "refers_to": source.key.refers_to})
                for row, value in lost.select(ROW, KEY).iter_rows()]
    kept = frame.filter(~(pl.col(KEY).is_not_null() & pl.col("__nip").is_null()))
    kept = kept.with_columns(pl.col("__nip").alias(nip)).drop(KEY, "__nip")
    return replace(raw, frame=kept), problems
