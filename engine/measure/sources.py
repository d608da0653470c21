"""How a table's files are read when they are not merit's own shape: `sources:` in
tables/tables.yaml, written by the agency, or a built-in profile (profiles.py) recognised
from an export's headers.

A source says which files hold the table (names or globs), where their headers are
(`header_row`), how they are separated (`delimiter`), which cell texts mean empty
(`null`), which header holds which merit column (`columns`), how their values spell
merit's (`values`), and, for a child table keyed by an internal id, which of its columns
holds that id and which column of the employee table it refers to (`key`). Everything is
checked like every YAML input: file:line:col, and a did-you-mean for names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, closest
from ..load.schema import validate
from ..load.yamlfile import load_yaml, position_of
from ..model import Text
from .dictionary import TableSpec, normalise_header

SETTINGS_FILE = "tables.yaml"
JOIN = " + "  # a column written as 'A + B': the two cells joined (empty ones left out)
ENUMERATED = ("enum", "golongan")


@dataclass(frozen=True)
class Key:
    column: str     # the file's column holding the employee's internal id (e.g. pnsOrang)
    refers_to: str  # the employee file's column holding the same id (e.g. PNS ID)


@dataclass(frozen=True)
class Source:
    """How one table's files are read; `profile` names the built-in profile ("" for
    tables.yaml) and `where` the file that declares it (for messages)."""

    table: str
    files: tuple[str, ...] = ()
    header_row: int | None = None
    delimiter: str | None = None
    null: tuple[str, ...] = ()
    columns: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)
    key: Key | None = None
    profile: str = ""
    title: Text = field(default_factory=lambda: Text("", ""))
    where: str = ""

    def absent(self) -> tuple[str, ...]:
        """The columns the source says it never stores (`columns: {cid: null}`)."""
        return tuple(cid for cid, headers in self.columns.items() if headers is None)

    def claims(self, name: str) -> bool:
        """Whether a file name matches one of `files` (globs, case-insensitive)."""
        return any(Path(name.lower()).match(pattern.lower()) for pattern in self.files)

    def value_map(self, cid: str) -> dict[str, str | None]:
        """`values` of one column, keyed by the normalised spelling (`value_form`)."""
        return {value_form(k): v for k, v in self.values.get(cid, {}).items()}


def value_form(text: str) -> str:
    """A value as `values:` matches it: case and runs of space ignored."""
    return " ".join(str(text).lower().split())


def pick_header(candidates: tuple[str, ...], headers: list[str]) -> str | None:
    """The first candidate the file has: a header, or 'A + B' when it has both parts."""
    forms = {normalise_header(h) for h in headers}
    for candidate in candidates:
        parts = split_joined(candidate) if normalise_header(candidate) not in forms else [candidate]
        if all(normalise_header(p) in forms for p in parts):
            return candidate
    return None


def split_joined(header: str) -> list[str]:
    return [part.strip() for part in header.split(JOIN)] if JOIN in header else [header]


def from_mapping(table: str, raw: dict[str, Any], profile: str = "", title: Text | None = None,
                 where: str = "") -> Source:
    """A Source from its YAML mapping (already checked by the schema)."""
    columns: dict[str, tuple[str, ...] | None] = {}
    for cid, headers in (raw.get("columns") or {}).items():
        columns[cid] = None if headers is None else tuple([headers] if isinstance(headers, str) else headers)
    key = raw.get("key")
    values = {cid: {str(k): (None if v is None else str(v)) for k, v in mapping.items()}
              for cid, mapping in (raw.get("values") or {}).items()}
    return Source(table, tuple(raw.get("files") or ()), raw.get("header_row"), raw.get("delimiter"),
                  tuple(str(n) for n in raw.get("null") or ()), columns, values,
                  Key(key["column"], key["refers_to"]) if key else None, profile,
                  title or Text("", ""), where)


def load_sources(folder: Path, specs: dict[str, TableSpec]) -> dict[str, Source]:
    """The `sources:` of tables/tables.yaml (none without the file); every problem of the
    file at once, schema and names alike."""
    path = folder / SETTINGS_FILE
    if not path.exists():
        return {}
    data = load_yaml(path)
    if data is None:  # only comments (as merit init writes it)
        return {}
    source = str(path)
    for entry in (data.get("sources") or {}).values() if isinstance(data, dict) and isinstance(
            data.get("sources"), dict) else ():
        text_keys(entry)
        for mapping in (entry.get("values") or {}).values() if isinstance(entry, dict) and isinstance(
                entry.get("values"), dict) else ():
            text_keys(mapping)
    problems = validate(data, "tables", source)
    raw = data.get("sources") or {} if isinstance(data, dict) else {}
    for table, entry in raw.items() if isinstance(raw, dict) else ():
        try:  # names are checked even beside schema problems: every problem at once
            problems += source_problems(data, table, entry if isinstance(entry, dict) else {}, specs, source)
        except (TypeError, AttributeError):  # a shape the schema problems already name
            continue
    if problems:
        raise InputError(problems)
    return {table: from_mapping(table, entry, where=source) for table, entry in raw.items()}



def text_keys(mapping: Any) -> None:
    """Keys as the text they were written as: YAML reads `null:` as no key at all and
    `31:` as a number, where tables.yaml means the word and the code (positions kept)."""
    if not isinstance(mapping, dict):
        return
    for key in [k for k in mapping if not isinstance(k, str)]:
        text = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
        if text in mapping:
            continue
        mapping[text] = mapping.pop(key)
        for positions in (getattr(mapping, "key_pos", {}), getattr(mapping, "value_pos", {})):
            if key in positions:
                positions[text] = positions.pop(key)


def _problem(data: Any, path: list[Any], code: str, params: dict[str, Any], source: str,
             suggestion: str | None = None, key: bool = True) -> Problem:
    line, col = position_of(data, path, key=key)
    return Problem(source, line, col, code, params, "$." + ".".join(str(p) for p in path), suggestion)


def source_problems(data: Any, table: str, entry: dict[str, Any], specs: dict[str, TableSpec],
                    source: str) -> list[Problem]:
    """Unknown tables and columns, and `values` that are not merit's, in one source."""
    if table not in specs:
        return [_problem(data, ["sources", table], "sources.unknown_table",
                         {"table": table, "known": ", ".join(specs)}, source, closest(table, specs))]
    spec, problems = specs[table], []
    for part in ("columns", "values"):
        for cid in entry.get(part) or {}:
            if cid not in spec.columns:
                problems.append(_problem(data, ["sources", table, part, cid], "sources.unknown_column",
                                         {"table": table, "column": cid, "known": ", ".join(spec.columns)},
                                         source, closest(cid, spec.columns)))
    for cid, mapping in (entry.get("values") or {}).items():
        column = spec.columns.get(cid)
        if column is None or column.type not in ENUMERATED:
            if column is not None:
                problems.append(_problem(data, ["sources", table, "values", cid], "sources.not_enumerated",
                                         {"column": cid, "type": column.type}, source))
            continue
        allowed = allowed_values(column)
        for theirs, ours in mapping.items():
            if ours is not None and value_form(ours) not in {value_form(a) for a in allowed}:
                problems.append(_problem(data, ["sources", table, "values", cid, theirs], "sources.bad_value",
                                         {"column": cid, "value": ours, "allowed": ", ".join(allowed)},
                                         source, closest(str(ours), allowed), key=False))
    if entry.get("key") and table == "pegawai":
        problems.append(_problem(data, ["sources", table, "key"], "sources.key_on_employees", {}, source))
    return problems


def allowed_values(column: Any) -> tuple[str, ...]:
    """merit's values of an enumerated column (the 17 grades for a golongan)."""
    if column.type == "golongan":
        from .parse import GOLONGAN
        return GOLONGAN
    return tuple(column.values)


def glob_pattern(text: str) -> bool:
    return bool(re.search(r"[*?\[]", text))
