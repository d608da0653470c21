"""A cache of what loading merit's rule files produces, keyed by every byte it came from.

Parsing and checking the ~80 shipped rule and vocabulary files is pure Python: 0.2 s on an
idle machine, and up to 1 s while the personnel tables are read in the background (both
want Python's lock), for every command. The result only depends on those files and on
merit's own code, so it is kept once made:

- The key is sha256 over merit's code (every file of the `engine` package: a changed
  loader or schema is a new key), Python's version, and each input file's path and bytes.
  A changed byte anywhere is a different key: nothing is ever served stale.
- Only a load without problems is stored; problems are always found again and reported.
- Entries are pickles, written atomically with mode 0600 in a folder of mode 0700, and read
  only when the folder and the entry belong to the user running merit and nobody else can
  write them (a pickle runs code when read).
- The folder is $MERIT_CACHE_DIR, else $XDG_CACHE_HOME/merit, else ~/.cache/merit.
  MERIT_NO_CACHE=1 turns the cache off. A folder that cannot be made or written only means
  no cache: the result is computed as before, and no command fails for it.
- At most MAX_ENTRIES entries are kept (the oldest go).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from .inputs import YAML_MAX_BYTES

T = TypeVar("T")
MAX_ENTRIES = 32
_ENGINE = Path(__file__).resolve().parents[1]


def cached(kind: str, files: Iterable[Path | None], compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before for the same `kind`, code and `files`' bytes
    (None in `files` separates groups of files). Files that are not small regular files
    skip the cache (the loader reports them)."""
    folder = cache_dir()
    files = list(files)
    key = _key(kind, files) if folder is not None else None
    if folder is None or key is None:
        return compute()
    entry = folder / f"{kind}-{key}.pickle"
    found = _read(entry)
    if found is not None:
        return found[0]
    value = compute()
    if _key(kind, files) == key:  # the files did not change while they were loaded
        _write(folder, entry, value)
    return value


def cache_dir() -> Path | None:
    """The cache folder (made when missing), or None when off or unusable."""
    if os.environ.get("MERIT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("MERIT_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        home = Path(xdg) if xdg else Path.home() / ".cache" if os.environ.get("HOME") else None
        if home is None:
            return None
        folder = home / "merit"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    return folder if _private(info, directory=True) else None


def _private(info: os.stat_result, directory: bool) -> bool:
    """Owned by this user, of the expected type, and writable by nobody else."""
    kind = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    owner = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    return kind and owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """sha256 of merit's engine package (its code, schemas and messages) and Python's version."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(p for p in _ENGINE.rglob("*") if p.suffix in (".py", ".json", ".yaml", ".j2")):
        digest.update(str(path.relative_to(_ENGINE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _key(kind: str, files: list[Path | None]) -> str | None:
    digest = hashlib.sha256(code_digest() + kind.encode() + b"\0")
    for path in files:
        if path is None:
            digest.update(b"\0group\0")
            continue
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > YAML_MAX_BYTES:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(str(path).encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def _read(entry: Path) -> tuple[Any] | None:
    """The value stored in `entry` (as a 1-tuple), or None when there is none to trust."""
    try:
        with entry.open("rb") as handle:
            if not _private(os.fstat(handle.fileno()), directory=False):
                return None
            value = pickle.load(handle)
        os.utime(entry)  # recently used: the last to be pruned
        return (value,)
    except Exception:  # missing, unreadable, or written by another version: computed again
        return None


def _write(folder: Path, entry: Path, value: Any) -> None:
    temp = None
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temp = tempfile.mkstemp(prefix=".entry-", dir=folder)  # mode 0600
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, entry)
    except Exception:  # a full disk or a value that does not pickle: no cache, same result
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[MAX_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
