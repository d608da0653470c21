"""Decode chromium's screenshots (8-bit RGB/RGBA PNG, any row filter) to judge them:
a blank or half-rendered page has few colours and almost no variance."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel

    def colours(self, step: int = 5) -> set[bytes]:
        return {row[i:i + 3] for row in self.rows[::step] for i in range(0, len(row), 3 * step)}

    def variance(self) -> float:
        """Variance of the grey level over a sample of pixels (0 for a one-colour page)."""
        greys = [(row[i] + row[i + 1] + row[i + 2]) / 3
                 for row in self.rows[::4] for i in range(0, len(row), 3 * 4)]
        mean = sum(greys) / len(greys)
        return sum((g - mean) ** 2 for g in greys) / len(greys)

    def non_background_share(self) -> float:
        """Share of sampled pixels that differ from the most common colour."""
        counts: dict[bytes, int] = {}
        total = 0
        for row in self.rows[::4]:
            for i in range(0, len(row), 3 * 4):
                key = row[i:i + 3]
                counts[key] = counts.get(key, 0) + 1
                total += 1
        return 1 - max(counts.values()) / total


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind: int, line: bytearray, prior: bytes, bpp: int) -> bytearray:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = prior[i]
        corner = prior[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
    return line


def decode(data: bytes) -> Picture:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(idat)
    prior = bytes(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), prior, bpp)
        prior = bytes(line)
        rows.append(prior if bpp == 3 else bytes(b for i, b in enumerate(prior) if i % 4 < 3))
    return Picture(width, height, rows)
