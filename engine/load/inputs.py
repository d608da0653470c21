"""The one door every input file comes through: limits and checks before any parsing.

A file merit reads must be a regular file (never a directory, FIFO or device, which would
block or never end), no larger than its kind's limit, and, for a dossier's own files,
inside the dossier (a symbolic link out of it is refused, so that no other file of the
machine is read, let alone echoed into a message). Text must be UTF-8: a UTF-16 file or a
byte that is not UTF-8 is reported with its line and column. JSON is parsed with a depth
limit and without NaN or Infinity, which are not JSON and would print as `nan`.
"""

from __future__ import annotations

import codecs
import json
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem

MiB = 1024 * 1024
YAML_MAX_BYTES = 10 * MiB   # a rule, policy or dossier file; real ones are under 100 kB
JSON_MAX_BYTES = 64 * MiB   # a saved report (bad personnel rows listed in full)
JSON_MAX_DEPTH = 64         # merit's reports nest 8 deep
_BOMS = {codecs.BOM_UTF16_LE: "UTF-16", codecs.BOM_UTF16_BE: "UTF-16",
         codecs.BOM_UTF32_LE: "UTF-32", codecs.BOM_UTF32_BE: "UTF-32"}


def _fail(path: Path, code: str, line: int = 0, col: int = 0, **params: Any) -> InputError:
    return InputError([Problem(str(path), line, col, code, params)])


def check_regular(path: Path, within: Path | None = None) -> None:
    """Raise unless `path` is a regular file (inside `within`, links resolved, when given)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise _fail(path, "file.missing") from None
    except OSError as exc:
        raise _fail(path, "file.unreadable", detail=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        raise _fail(path, f"file.is_{_kind_of(mode)}")
    if within is not None and not path.resolve().is_relative_to(within.resolve()):
        raise _fail(path, "file.outside_dossier", dossier=str(within))


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def read_bytes(path: Path, limit: int, within: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (read no further than that)."""
    check_regular(path, within)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise _fail(path, "file.unreadable", detail=exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise _fail(path, "file.too_large", limit=f"{limit // MiB} MiB")
    return data


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text (a leading BOM dropped); a UTF-16/32 file or a bad byte is named with
    its line and column."""
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise _fail(path, "file.wrong_encoding", 1, 1, encoding=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise _fail(path, "file.bad_byte", line, col, byte=f"0x{data[exc.start]:02X}") from None
    return text


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def read_text(path: Path, limit: int = YAML_MAX_BYTES, within: Path | None = None) -> str:
    return decode_text(read_bytes(path, limit, within), path)


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def load_json(path: Path) -> Any:
    """A JSON file within the limits: size, depth, and numbers that are numbers."""
    text = read_text(path, JSON_MAX_BYTES)
    depth = _json_depth(text)
    if depth > JSON_MAX_DEPTH:
        raise _fail(path, "json.too_deep", 1, 1, limit=JSON_MAX_DEPTH)
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise _fail(path, "compare.json_syntax", exc.lineno, exc.colno, detail=exc.msg) from None
    except ValueError as exc:  # NaN, Infinity, -Infinity
        line, col = _find(text, str(exc))
        raise _fail(path, "json.not_a_number", line, col, value=str(exc)) from None


_STRING = re.compile(r'"(?:\\.|[^"\\])*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def _json_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (before parsing, which recurses)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _find(text: str, token: str) -> tuple[int, int]:
    offset = max(text.find(token), 0)
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
