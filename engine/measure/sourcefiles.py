"""Which file of tables/ holds which table, and through which source.

A file is claimed, in this order, by a `sources:` entry of tables.yaml (its `files`), by
a built-in profile that recognises its headers, or by merit's own file names (pegawai.csv,
...). Several files may make one table when a source or profile reads them (SIASN's
rw-diklat and rw-kursus are one training table); two files of merit's own shape for one
table are a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..load.inputs import check_regular
from .dictionary import TableSpec
from .profiles import detect, header_row
from .read import EXTENSIONS
from .sourced import peek
from .sources import Source


@dataclass(frozen=True)
class Entry:
    table: str
    path: Path
    source: Source | None = None

    def label(self) -> str:
        """How the file was read: a profile's id, 'tables.yaml', or '' for merit's shape."""
        if self.source is None:
            return ""
        return self.source.profile or "tables.yaml"


def find_entries(folder: Path, specs: dict[str, TableSpec], sources: dict[str, Source]
                 ) -> tuple[list[Entry], list[Problem]]:
    """Every table file of `folder` with its table and source; files nothing claims (and
    a second file of merit's shape for one table) are problems."""
    by_stem = {stem.lower(): tid for tid, spec in specs.items() for stem in spec.files}
    entries: list[Entry] = []
    plain: dict[str, Path] = {}
    problems = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in EXTENSIONS:
            continue
        try:  # a directory, FIFO or link out of the dossier named like a table is no table
            check_regular(path, within=folder.parent)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        claimed = next((s for s in sources.values() if s.claims(path.name)), None)
        if claimed is not None:
            entries.append(Entry(claimed.table, path, claimed))
            continue
        profile = recognise(path, specs)
        tid = by_stem.get(path.stem.lower())
        if profile is not None and profile.table not in sources:
            entries.append(Entry(profile.table, path, profile))
        elif tid is None:
            problems.append(Problem(str(path), 0, 0, "personnel.unknown_table",
                                    {"known": ", ".join(sorted(by_stem))}))
        elif tid in plain:
            problems.append(Problem(str(path), 0, 0, "personnel.table_twice",
                                    {"table": tid, "other": str(plain[tid])}))
        else:
            plain[tid] = path
            entries.append(Entry(tid, path, sources.get(tid)))
    return entries, problems


def recognise(path: Path, specs: dict[str, TableSpec]) -> Source | None:
    """The built-in profile of a file's headers (found on whichever of its first rows
    they are), or None; a file that cannot be read is left to the reader to report."""
    try:
        rows = peek(path, lines=30).rows
    except Exception:  # reported, with its reason, when the file is read
        return None
    if not rows:
        return None
    profile = detect([c or "" for c in rows[0]])
    if profile is None and not any(spec.match_header(c or "") for c in rows[0] for spec in specs.values()):
        profile = detect([c or "" for c in rows[header_row(rows, specs) - 1]])
    return profile.source if profile is not None else None
