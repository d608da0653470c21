"""Built-in profiles: the shapes real systems export (SIASN, e-Kinerja), recognised from a
file's headers, each a `Source` (sources.py) shipped under profiles/*.yaml.

A profile is recognised when a file has every header of its `detect` list (spelling as
the dictionaries match it: case, spaces and punctuation ignored). The header row is found
by itself: the first of the file's first rows that a profile recognises, else the one
whose cells name most of a table's columns (title rows above a header are common in
workbooks exported for printing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..load.yamlfile import SAFE_LOADER
from ..model import Text
from .dictionary import TableSpec, normalise_header, table_specs
from .sources import Source, from_mapping, text_keys

HEADER_SEARCH_ROWS = 30  # rows looked at for the header


@dataclass(frozen=True)
class Profile:
    id: str
    table: str
    detect: frozenset[str]  # normalised headers that must all be there
    source: Source


@lru_cache(maxsize=1)
def profiles() -> tuple[Profile, ...]:
    """The shipped profiles, by file name."""
    folder = resources.files(__package__).joinpath("profiles")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        raw = yaml.load(entry.read_text("utf-8"), Loader=SAFE_LOADER)
        text_keys(raw["source"])
        for mapping in raw["source"].get("values", {}).values():
            text_keys(mapping)
        title = Text(raw["title"]["id"], raw["title"]["en"])
        source = from_mapping(raw["table"], raw["source"], raw["id"], title, where=f"profiles/{entry.name}")
        found.append(Profile(raw["id"], raw["table"], frozenset(normalise_header(h) for h in raw["detect"]), source))
    return tuple(found)


def detect(headers: list[str]) -> Profile | None:
    """The profile whose headers the row has (the one asking most, when several do)."""
    forms = {normalise_header(str(h)) for h in headers if h is not None}
    fitting = [p for p in profiles() if p.detect <= forms]
    return max(fitting, key=lambda p: len(p.detect)) if fitting else None


def by_id(profile_id: str) -> Profile | None:
    return next((p for p in profiles() if p.id == profile_id), None)


def header_row(rows: list[list[str | None]], specs: dict[str, TableSpec], known: frozenset[str] = frozenset()) -> int:
    """The 1-based row holding the headers among a file's first rows: one a profile
    recognises, else the first with most cells naming a dictionary column or one of the
    `known` headers (normalised; a source's own), row 1 when none names any."""
    best, best_score = 1, 0
    names = _names(tuple(sorted(specs)))
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        cells = [str(c) for c in row if c is not None and str(c).strip()]
        if detect(cells) is not None:
            return index
        found = Counter(t for c in cells for t in names.get(normalise_header(c), ()))
        score = max(found.values(), default=0) + sum(normalise_header(c) in known for c in cells)
        if score > best_score:
            best, best_score = index, score
    return best


@lru_cache(maxsize=8)
def _names(tables: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Every normalised column name and alias of `tables`, with the tables that use it."""
    names: dict[str, set[str]] = {}
    for spec in (table_specs()[t] for t in tables):
        for column in spec.columns.values():
            for name in (column.id, *column.aliases):
                names.setdefault(normalise_header(name), set()).add(spec.id)
    return {name: frozenset(tables) for name, tables in names.items()}
