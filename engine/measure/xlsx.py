"""Reading XLSX personnel tables: polars' reader (calamine), and a refusal of a zip that
would inflate beyond reason before anything inflates."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputError, Problem


def read_excel(path: Path, **options: Any) -> pl.DataFrame:
    """polars' XLSX reader, without its warning of a change to from_arrow in polars 2.0:
    that concerns polars' own code, not something a merit user can act on, nor should see.
    The filter holds for this call only (only the reader thread reads XLSX)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"from_arrow\(", category=FutureWarning)
        return pl.read_excel(path, **options)


XLSX_MAX_INFLATED = 4 << 30  # an XLSX of 1M employees inflates to well under 1 GiB
XLSX_MAX_RATIO = 100         # spreadsheets compress 5-30x; a zip bomb, 1000x


def check_inflated_size(path: Path) -> None:
    """Refuse an XLSX (a zip) that would inflate beyond reason, before anything inflates."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError([Problem(str(path), 0, 0, "personnel.unreadable", {"detail": str(exc)[:200]})]) from None
    inflated = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if inflated > XLSX_MAX_INFLATED or (inflated > 64 << 20 and inflated / packed > XLSX_MAX_RATIO):
        raise InputError([Problem(str(path), 0, 0, "personnel.xlsx_too_large",
                                  {"inflated": f"{inflated >> 20} MiB", "packed": f"{packed >> 10} KiB"})])
