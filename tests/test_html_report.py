"""The HTML and Markdown reports: golden Markdown, escaping of dossier text, no external
resources, and a headless-Chromium screenshot that must not be blank."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main
from screenshots import decode

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


def test_chromium_screenshot_is_not_blank(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium not found (make test installs it with scripts/install-test-deps.sh)")
    html = tmp_path / "report.html"
    html.write_text(_check(str(EXAMPLE), "--format", "html"), encoding="utf-8")
    assert "<svg" in html.read_text("utf-8")
    png = tmp_path / "report.png"
    screenshot(html, png, tmp_path / "profile", browser)
    picture = decode(png.read_bytes())
    assert (picture.width, picture.height) == (1240, 1754)
    colours = {row[i:i + 3] for row in picture.rows for i in range(0, len(row), 3 * 7)}
    # A blank page has one colour; text, bars and bands give many.
    assert len(colours) > 20, len(colours)
