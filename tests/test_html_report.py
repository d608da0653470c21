"""The HTML and Markdown reports: golden Markdown, escaping of dossier text, no external
resources, and a headless-Chromium screenshot that must not be blank."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
EVIL = "<script>alert(1)</script>"


def _check(*args: str) -> str:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _copy_example(tmp_path: Path) -> Path:
    dossier = tmp_path / "dossier"
    shutil.copytree(EXAMPLE, dossier)
    return dossier


@pytest.mark.parametrize("lang", ["id", "en"])
def test_markdown_report_matches_golden(lang: str) -> None:
    output = _check(str(EXAMPLE), "--format", "md", "--lang", lang)
    golden = GOLDEN / f"check.{lang}.md"
    if os.environ.get("MERIT_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_html_escapes_dossier_text(tmp_path: Path) -> None:
    dossier = _copy_example(tmp_path)
    agency = dossier / "agency.yaml"
    agency.write_text(re.sub(r'(?m)^name: .*$', f'name: "Dinas {EVIL} & Co"',
                             agency.read_text("utf-8")), encoding="utf-8")
    html = _check(str(dossier), "--format", "html")
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    # Markdown must not pass the tag through either.
    markdown = _check(str(dossier), "--format", "md")
    assert EVIL not in markdown


def test_text_report_is_not_html_escaped(tmp_path: Path) -> None:
    dossier = _copy_example(tmp_path)
    agency = dossier / "agency.yaml"
    agency.write_text(re.sub(r'(?m)^name: .*$', 'name: "Dinas A & B"', agency.read_text("utf-8")),
                      encoding="utf-8")
    assert "Dinas A & B" in _check(str(dossier))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_is_self_contained(lang: str) -> None:
    html = _check(str(EXAMPLE), "--format", "html", "--lang", lang)
    # The only URL allowed is the SVG namespace, which names and never fetches.
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html)) - {"http://www.w3.org/2000/svg"}
    assert urls == set()
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") == 2
    assert "@page" in html and "break-before: page" in html


def test_html_side_by_side_and_markdown_side_by_side() -> None:
    args = [str(EXAMPLE), "--policy", "kasn-2019", "--policy", "permenpanrb-19-2025"]
    html = _check(*args, "--format", "html")
    assert 'id="side-by-side"' in html and html.count("<svg") == 4
    assert html.count("<!DOCTYPE html>") == html.count("<body") == html.count("</html>") == 1
    markdown = _check(*args, "--format", "md")
    assert "| kasn-2019 | permenpanrb-19-2025 |" in markdown


def test_html_written_with_output_option(tmp_path: Path) -> None:
    target = tmp_path / "laporan.html"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


# --- headless Chromium -----------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def screenshot(html: Path, png: Path, profile: Path, browser: str) -> None:
    """Render `html` in headless Chromium at A4 proportions (1240x1754) into `png`."""
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1240,1754",
         html.resolve().as_uri()],
        check=True, capture_output=True, timeout=120)


def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixel rows of an 8-bit RGB/RGBA PNG that can be decoded
    without their neighbours (filter None or Sub), enough to see whether pixels vary."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, pixels = line[0], bytearray(line[1:])
        if kind == 1:  # Sub: each byte adds the byte one pixel to its left
            for i in range(channels, stride):
                pixels[i] = (pixels[i] + pixels[i - channels]) & 0xFF
        if kind in (0, 1):
            rows.append(bytes(px for i, px in enumerate(pixels) if i % channels < 3))
    return width, height, rows


def test_chromium_screenshot_is_not_blank(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium not found (make test installs it with scripts/install-test-deps.sh)")
    html = tmp_path / "report.html"
    html.write_text(_check(str(EXAMPLE), "--format", "html"), encoding="utf-8")
    assert "<svg" in html.read_text("utf-8")
    png = tmp_path / "report.png"
    screenshot(html, png, tmp_path / "profile", browser)
    width, height, rows = png_rows(png.read_bytes())
    assert (width, height) == (1240, 1754)
    colours = {row[i:i + 3] for row in rows for i in range(0, len(row), 3 * 7)}
    # A blank page has one colour; text, bars and bands give many.
    assert len(colours) > 20, len(colours)
