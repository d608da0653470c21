"""Writing output files so that nothing is ever half-written or lost.

The data goes to a temporary file beside the target, is flushed to disk, and then takes the
target's place in one step: a reader sees the old file or the new one, never a mix. With
`replace=False` an existing file is never replaced (the step is a hard link, which fails
when the name is taken) and FileExistsError is raised instead.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class NotRegularFile(OSError):
    """The target exists and is not a regular file (a device, FIFO, directory ...): writing
    would replace it with a regular file, so merit refuses."""


def _new_file_mode(path: Path) -> int:
    """The mode a plain open() would give (mkstemp makes 0600), or the replaced file's."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: str | bytes, *, replace: bool = True) -> None:
    path = Path(path).resolve()
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise NotRegularFile(0, "not a regular file", str(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _new_file_mode(path))
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
