"""Where each figure comes from: the table files a metric was computed from, the columns
read approximately (a bare year as a date), and, for a metric the tables could not give,
the tables or columns they lacked (the self-reported figure of answers.yaml then stands,
and the report says why)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .derived import enrich
from .dictionary import table_specs
from .measures import DERIVED_COLUMNS, DERIVED_SOURCES
from .metrics import MetricResult, columns_read, missing_columns
from .metricspecs import MetricSpec
from .tables import Personnel


def relative(path: str, root: Path) -> str:
    """A table file as the report names it: relative to the dossier ("tables/x.csv")."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


_TALENT = ("asesmen", "skp", "disiplin")
# The other tables a derived measure of a table rests on (derived.py), by measure.
FEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "pegawai": {"last_assessment": ("asesmen",), "assessment_valid": ("asesmen",), "jpm": ("asesmen",),
                "jpm_category": ("asesmen",), "potential": ("asesmen",), "skp_predicate": ("skp",),
                "performance": ("skp",), "nine_box": _TALENT, "in_talent_pool": _TALENT,
                "recent_penalty": ("disiplin",), "worst_recent_penalty": ("disiplin",),
                "ip_kompetensi": ("pelatihan",), "ip_kinerja": ("skp",), "ip_disiplin": ("disiplin",),
                "ip_asn": ("pelatihan", "skp", "disiplin"), "ip_asn_band": ("pelatihan", "skp", "disiplin")},
    "jabatan": {"successor_in_talent_pool": ("pegawai", *_TALENT)},
    "seleksi": {"jenis_jabatan": ("jabatan",), "chosen_in_talent_pool": ("pegawai", *_TALENT)},
}


def computed_from(spec: MetricSpec, personnel: Personnel, root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The files a computed metric read (its own table's first, then those its derived
    measures rest on) and its approximate columns."""
    read = columns_read([spec])
    fed = [t for table, columns in read.items() for c in sorted(columns) for t in FEEDS.get(table, {}).get(c, ())]
    names = [t for t in dict.fromkeys([*sorted(spec.tables(), key=lambda t: t != spec.table), *fed])
             if t in personnel.tables]
    files = tuple(relative(p, root) for t in names for p in personnel.tables[t].paths or (personnel.tables[t].path,))
    approximate = tuple(f"{t}.{c}" for t in names for c in personnel.tables[t].approximate
                        if c in read.get(t, ()) or c in DERIVED_SOURCES.get(t, ()))
    return files, approximate


def lacking(specs: Iterable[MetricSpec], personnel: Personnel, year: int,
            results: dict[str, MetricResult]) -> dict[str, tuple[str, ...]]:
    """For each metric the tables did not give: the tables, or table.column, it needed."""
    empty = {tid: t.frame.head(0) for tid, t in personnel.tables.items()}
    frames = enrich(empty, year, personnel.axes) if empty else {}
    found: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        if spec.id in results:
            continue
        absent_tables = sorted(spec.tables() - set(frames))
        if absent_tables:
            found[spec.id] = tuple(absent_tables)
            continue
        found[spec.id] = tuple(dict.fromkeys(_source_columns(name, empty) for name in missing_columns(spec, frames)))
    return {mid: names for mid, names in found.items() if names}


def _source_columns(name: str, raw: dict) -> str:  # type: ignore[type-arg]
    """A missing column named as the files lack it: a derived measure by the columns it
    rests on (in its own table and in those it is fed from) that the files do not have."""
    table, column = name.split(".", 1)
    if column not in DERIVED_COLUMNS.get(table, ()):
        return name
    tables = [table, *FEEDS.get(table, {}).get(column, ())]
    lost = [(t, c) for t in tables if t in raw for c in DERIVED_SOURCES.get(t, ()) if c not in raw[t].columns]
    specs = table_specs()
    required = [f"{t}.{c}" for t, c in lost if specs[t].columns[c].required]  # the others have stand-ins
    named = required or [f"{t}.{c}" for t, c in lost]
    return ", ".join(named + [t for t in tables if t not in raw]) or name
