"""Column dictionaries: what each personnel table holds and how exports spell its headers.

One YAML file per table under columns/. A header in a file is matched to a column by its
normalised spelling (case, spaces, dots and slashes ignored), against the column id and its
aliases, so "Gol/Ruang", "GOL. RUANG" and "gol_ruang" all find `golongan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..load.yamlfile import SAFE_LOADER
from ..model import Text

DERIVED_FILE = "derived.yaml"
COLUMN_TYPES = ("text", "enum", "nip", "golongan", "date", "number", "integer")


@dataclass(frozen=True)
class Column:
    id: str
    type: str
    required: bool = False
    required_if: tuple[str, tuple[str, ...]] | None = None
    unique: bool = False
    values: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    references: str = ""
    min: Any = None
    max: Any = None
    not_before: str = ""  # a date column this one cannot precede (an end after its start)
    repeats: bool = False  # a text column of few distinct values (units, training names)


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: Text
    files: tuple[str, ...]
    columns: dict[str, Column]
    key: str = ""

    def match_header(self, header: str) -> str | None:
        """The column id a header names, or None for a column this table does not use."""
        wanted = normalise_header(header)
        for column in self.columns.values():
            if wanted in {normalise_header(name) for name in (column.id, *column.aliases)}:
                return column.id
        return None


def normalise_header(text: str) -> str:
    """Header spelling without case, punctuation or spacing: 'Gol. / Ruang' -> 'golruang'."""
    return re.sub(r"[\W_]+", "", text.strip().lstrip("\ufeff").lower())


def _column(cid: str, raw: dict[str, Any]) -> Column:
    required_if = None
    if "required_if" in raw:
        required_if = (raw["required_if"]["column"], tuple(raw["required_if"]["in"]))
    return Column(cid, raw["type"], bool(raw.get("required", False)), required_if,
                  bool(raw.get("unique", False)), tuple(str(v) for v in raw.get("values", [])),
                  tuple(raw.get("aliases", [])), raw.get("references", ""),
                  raw.get("min"), raw.get("max"), raw.get("not_before", ""), bool(raw.get("repeats", False)))


def _table(raw: dict[str, Any]) -> TableSpec:
    columns = {cid: _column(cid, spec) for cid, spec in raw["columns"].items()}
    bad = [c.type for c in columns.values() if c.type not in COLUMN_TYPES]
    bad += [f"{c.id} not_before {c.not_before}" for c in columns.values()
            if c.not_before and (c.type != "date" or columns.get(c.not_before, c).type != "date"
                                 or c.not_before not in columns)]
    if bad:  # a shipped dictionary is ours: a wrong type is a bug, not user input
        raise ValueError(f"unknown column types or date orders in {raw['table']}: {bad}")
    title = raw.get("title", {})
    return TableSpec(raw["table"], Text(title.get("id", ""), title.get("en", "")),
                     tuple(raw.get("files", [raw["table"]])), columns, raw.get("key", ""))


@lru_cache(maxsize=1)
def table_specs() -> dict[str, TableSpec]:
    """Every shipped table dictionary, by table id, in a stable order."""
    folder = resources.files(__package__).joinpath("columns")
    specs = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        # derived.yaml (the derived measures' settings) lives here to ship as package data
        if entry.name.endswith(".yaml") and entry.name != DERIVED_FILE:
            spec = _table(yaml.load(entry.read_text("utf-8"), Loader=SAFE_LOADER))
            specs[spec.id] = spec
    return specs


def bound(value: Any, year: int) -> Any:
    """A min/max from the dictionary: a literal, or one tied to the assessment year."""
    if value == "year_end":
        return date(year, 12, 31)
    if value == "year":
        return year
    return value
