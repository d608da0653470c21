"""A lower bound for any reader that must report bad cells: read each table of a dossier
as text (as merit must, to name what a cell holds) and parse every column the dictionaries
type exactly once, with one format, checking nothing and computing nothing.

    .venv/bin/python bench/parse_floor.py DOSSIER/tables

bench_personnel.py runs it as a third process beside `merit check` and the bare read, so
that the time merit spends beyond the unavoidable reading and parsing can be seen.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polars as pl
import yaml

COLUMNS = Path(__file__).resolve().parents[1] / "engine" / "measure" / "columns"

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")


def parse(column: pl.Series, kind: str) -> pl.Series:
    if kind == "nip" or kind == "integer":
        return column.cast(pl.Int64, strict=False)
    if kind == "number":
        return column.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    if kind == "date":  # the first format that reads the first value, for the whole column
        sample = column.drop_nulls().head(1)
        fmt = next((f for f in DATE_FORMATS if sample.str.to_date(f, strict=False).is_not_null().all()),
                   DATE_FORMATS[0])
        return column.str.to_date(fmt, strict=False)
    return column  # text, enum and golongan stay text


def normalise(header: str) -> str:  # as engine/measure/dictionary.py matches headers
    return re.sub(r"[\W_]+", "", header.strip().lstrip("\ufeff").lower())


def dictionaries() -> dict[str, dict[str, str]]:
    """Per table file stem, the type of each header spelling (merit's column dictionaries,
    read directly so that this process imports nothing of merit)."""
    found = {}
    for path in COLUMNS.glob("*.yaml"):
        data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if not isinstance(data, dict) or "columns" not in data:
            continue
        types = {normalise(name): spec["type"] for cid, spec in data["columns"].items()
                 for name in (cid, *spec.get("aliases", []))}
        for stem in data.get("files", [data["table"]]):
            found[stem] = types
    return found


def main(folder: Path) -> None:
    types = dictionaries()
    for path in sorted(folder.glob("*.csv")):
        with path.open("rb") as handle:
            header = handle.readline()
        frame = pl.read_csv(path, separator=";" if header.count(b";") > header.count(b",") else ",",
                            infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True)
        known = types.get(path.stem.lower(), {})
        typed = [parse(frame.get_column(h), known[normalise(h)]) for h in frame.columns if normalise(h) in known]
        del typed


if __name__ == "__main__":
    main(Path(sys.argv[1]))
