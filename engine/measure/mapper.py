"""`merit map FILE`: what merit makes of an export, as the `sources:` entry that would read
it (rendered by engine/render/mapping.py): the table, the delimiter, encoding and header
row found, each merit column with the header that holds it and how sure the match is,
each distinct value of an enumerated column with merit's value for it, and the headers
nothing uses. Only enumerated columns' values are ever looked at for printing (codes such
as P/C or 31, never a NIP or a name)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from ..errors import InputError, Problem
from .dictionary import Column, TableSpec, normalise_header, table_specs
from .profiles import detect, header_row
from .sourced import Peek, peek, plan_columns, read_sourced
from .sources import ENUMERATED, JOIN, Key, Source, allowed_values, value_form

NULL_TOKENS = ("null", "NULL", "Null", "-", "N/A", "n/a", "#N/A")
MAX_VALUES = 40  # distinct values listed for one column (more: it is no code list)


@dataclass(frozen=True)
class ColumnMatch:
    column: str
    header: str | None  # None: no header found
    confidence: float   # 1 for a profile's or the dictionary's own name; below 1: a guess
    required: bool = False


@dataclass(frozen=True)
class ValueMatch:
    theirs: str
    ours: str | None  # merit's value, None when nothing fits
    count: int
    confidence: float


@dataclass(frozen=True)
class Mapping:
    file: str
    table: str
    peek: Peek
    header_row: int
    profile: str
    columns: tuple[ColumnMatch, ...]
    values: dict[str, tuple[ValueMatch, ...]] = field(default_factory=dict)
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)  # values merit reads as they are
    unmatched: tuple[str, ...] = ()
    null: tuple[str, ...] = ()
    key: Key | None = None


def map_file(path: Path, table: str | None = None) -> Mapping:
    """What merit makes of the export at `path` (read only: nothing is written)."""
    specs = table_specs()
    if table is not None and table not in specs:
        raise InputError([Problem(str(path), 0, 0, "map.unknown_table", {"table": table, "known": ", ".join(specs)})])
    seen = peek(path)
    row = header_row(seen.rows, specs)
    header = [h or "" for h in seen.rows[row - 1]] if seen.rows else []
    profile = detect(header)
    tid = table or (profile.table if profile else _best_table(header, specs))
    if tid is None:
        raise InputError([Problem(str(path), row, 1, "map.no_table", {"found": ", ".join(header[:8])})])
    spec = specs[tid]
    base = profile.source if profile is not None and profile.table == tid else Source(tid)
    source = replace(base, header_row=row)
    plan, _ = plan_columns(header, spec, source, str(path), seen.how(), row)
    columns = [ColumnMatch(cid, plan[cid][1], 1.0, spec.columns[cid].required) for cid in spec.columns if cid in plan]
    used = {h for parts, _, _ in plan.values() for h in parts}
    for cid, column in spec.columns.items():
        if cid in plan or cid in source.absent() or (source.key and column.type == "nip"):
            continue
        # a profile maps all that its export holds: no guesses beside it
        guess, confidence = (None, 0.0) if base.profile else _guess(column, [h for h in header if h and h not in used])
        columns.append(ColumnMatch(cid, guess, confidence, column.required))
        used |= {guess} if guess else set()
    null = tuple(dict.fromkeys([*source.null, *_null_tokens(seen, row)]))
    chosen = {c.column: c.header for c in columns if c.header}
    frame = read_sourced(path, spec, replace(source, values={}, null=null,
                                             columns={cid: (h,) for cid, h in chosen.items()}), specs).frame
    values, accepted = _values(frame, spec, source)
    unmatched = tuple(h for h in header if h and h not in {p for c in chosen.values() for p in c.split(" + ")}
                      and not (source.key and h == source.key.column))
    return Mapping(path.name, tid, seen, row, profile.id if profile and profile.table == tid else "",
                   tuple(columns), values, accepted, unmatched, null, source.key)


def _best_table(header: list[str], specs: dict[str, TableSpec]) -> str | None:
    """The table whose columns most headers name (required ones counting double)."""
    def score(spec: TableSpec) -> int:
        found = {spec.match_header(h) for h in header} - {None}
        return sum(2 if spec.columns[c].required else 1 for c in found if c)
    best = max(specs.values(), key=score)
    return best.id if score(best) else None


def _guess(column: Column, headers: list[str]) -> tuple[str | None, float]:
    """The file's header most like one of the column's names, with the likeness (0-1)."""
    names = [normalise_header(n) for n in (column.id, *column.aliases)]
    best, best_ratio = None, 0.0
    for header in headers:
        form = normalise_header(header)
        ratio = max((difflib.SequenceMatcher(None, form, n).ratio() for n in names), default=0.0)
        if len(form) > 3 and any(len(n) > 3 and (n in form or form in n) for n in names):
            ratio = max(ratio, 0.8)
        if ratio > best_ratio:
            best, best_ratio = header, ratio
    return (best, round(best_ratio, 2)) if best_ratio >= 0.75 else (None, 0.0)


def _null_tokens(seen: Peek, row: int) -> list[str]:
    cells = {c.strip() for r in seen.rows[row:] for c in r if c is not None}
    return [t for t in NULL_TOKENS if t in cells]


def _values(frame: pl.DataFrame, spec: TableSpec, source: Source
            ) -> tuple[dict[str, tuple[ValueMatch, ...]], dict[str, tuple[str, ...]]]:
    """Per enumerated column: the values to map (with merit's value) and those read as is."""
    values: dict[str, tuple[ValueMatch, ...]] = {}
    accepted: dict[str, tuple[str, ...]] = {}
    for cid, column in spec.columns.items():
        if column.type not in ENUMERATED or cid not in frame.columns:
            continue
        counts = frame.get_column(cid).str.strip_chars().drop_nulls().value_counts(sort=True).head(MAX_VALUES)
        allowed = allowed_values(column)
        known = source.value_map(cid)
        ranks = _ranks(counts.get_column(cid).to_list(), column)
        found, fine = [], []
        for theirs, count in counts.iter_rows():
            if not theirs:
                continue
            form = value_form(theirs)
            if form in known:
                found.append(ValueMatch(theirs, known[form], count, 1.0))
            elif _as_is(theirs, column):
                fine.append(theirs)
            elif theirs in ranks:
                found.append(ValueMatch(theirs, ranks[theirs], count, 0.7))
            else:
                ours, confidence = _known_value(cid, theirs) or _closest_value(theirs, allowed)
                found.append(ValueMatch(theirs, ours, count, confidence))
        if found:
            values[cid] = tuple(found)
        if fine:
            accepted[cid] = tuple(fine)
    return values, accepted


def _as_is(value: str, column: Column) -> bool:
    """Whether merit reads the value without a mapping (its own spelling, any case)."""
    frame = pl.DataFrame({"v": [value]})
    from . import parse
    parsed = parse.golongan(pl.col("v")) if column.type == "golongan" else parse.enum(pl.col("v"), column.values)
    return frame.select(parsed.is_not_null()).item()


def _ranks(values: list[str | None], column: Column) -> dict[str, str]:
    """Golongan written as a local key 1..17 (a SIMPEG's table of grades, in order)."""
    numbers = [v for v in values if v and v.strip().isdigit()]
    if column.type != "golongan" or not numbers or any(not 1 <= int(v) <= 17 for v in numbers):
        return {}
    from .parse import GOLONGAN
    return {v: GOLONGAN[int(v) - 1] for v in numbers}


def _known_value(cid: str, value: str) -> tuple[str | None, float] | None:
    """merit's value for a spelling a built-in profile knows, as it is or inside a longer
    spelling of it ('Fungsional Umum' in SIASN's 'Jabatan Fungsional Umum')."""
    from .profiles import profiles

    form = value_form(value)
    known = {k: v for p in profiles() for k, v in p.source.value_map(cid).items()}
    if form in known:
        return known[form], 0.95
    inside = sorted((k for k in known if JOIN.strip() not in k and len(k) > 3 and (form in k or k in form)), key=len)
    return (known[inside[0]], 0.85) if inside and len(form) > 3 else None


_ROMAN = (("iii", "3"), ("iv", "4"), ("ii", "2"), ("i", "1"))


def _closest_value(value: str, allowed: tuple[str, ...]) -> tuple[str | None, float]:
    """merit's value most like `value` (punctuation and case ignored; 'D.III/Sarmud' read
    as D3), with the likeness."""
    form = normalise_header(value.split("/")[0])
    if form.startswith("d") and form[1:] in dict(_ROMAN):
        form = "d" + dict(_ROMAN)[form[1:]]
    scored = [(difflib.SequenceMatcher(None, form, normalise_header(a)).ratio(), a) for a in allowed]
    scored += [(0.9, a) for a in allowed if normalise_header(a) and normalise_header(a) == form]
    words = value_form(value).replace("/", " ").split()
    scored += [(0.8, a) for a in allowed if value_form(a) in words]  # 'Hukuman Disiplin Berat'
    initial = [a for a in allowed if len(form) == 1 and a.lower().startswith(form)]
    scored += [(0.6, initial[0])] if len(initial) == 1 else []  # 'T' for tidak, 'Y' for ya
    ratio, best = max(scored, default=(0.0, None))
    return (best, round(ratio, 2)) if ratio >= 0.5 else (None, 0.0)
