"""Uploaded files, stored by SHA-256 content hash under DATA/evidence/ (outside any web
root). A user's file name is never part of a path; the type is told from the content."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO

from django.conf import settings

HEX = re.compile(r"^[0-9a-f]{64}$")
# Magic bytes of the document kinds evidence may be (office files: zip = OOXML, OLE = old .doc/.xls).
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "ooxml"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
                 "ooxml": "application/octet-stream", "ole": "application/octet-stream",
                 "text": "text/csv"}


class Refused(ValueError):
    """An upload refused: `code` names the message (i18n.py) that says why."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def root() -> Path:
    path = Path(settings.MERIT_DATA) / "evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(sha256: str) -> Path:
    """The stored file of `sha256` (a checked 64-hex name: never a user's text)."""
    if not HEX.match(sha256):
        raise ValueError("not a content hash")
    return root() / sha256[:2] / sha256


def kind_of(head: bytes) -> str | None:
    return next((kind for magic, kind in MAGIC if head.startswith(magic)), None)


def is_text(head: bytes) -> bool:
    """A personnel export in CSV/TSV: UTF-8 (or Latin-1) text without NUL bytes."""
    return b"\x00" not in head


def store(upload: IO[bytes], allowed: tuple[str, ...]) -> tuple[str, int, str]:
    """Store `upload` (a file object); its hash, size and kind. Refused when it is larger
    than the limit, empty, or not of an `allowed` kind ("text" for CSV)."""
    limit = int(settings.MERIT_UPLOAD_LIMIT)
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=root(), prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            head = b""
            for chunk in iter(lambda: upload.read(65536), b""):
                if len(head) < 512:
                    head = (head + chunk)[:512]
                size += len(chunk)
                if size > limit:
                    raise Refused("upload.too_large", limit=limit // (1024 * 1024))
                digest.update(chunk)
                out.write(chunk)
        kind = _kind(head, size, allowed)
        sha = digest.hexdigest()
        final = path_of(sha)
        final.parent.mkdir(exist_ok=True)
        os.replace(tmp, final)
        return sha, size, kind
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _kind(head: bytes, size: int, allowed: tuple[str, ...]) -> str:
    if size == 0:
        raise Refused("upload.empty")
    kind = kind_of(head) or ("text" if "text" in allowed and is_text(head) else None)
    if kind not in allowed:
        raise Refused("upload.bad_type", allowed=", ".join(a for a in allowed))
    return kind


def read(sha256: str) -> bytes:
    return path_of(sha256).read_bytes()
