"""PDF output through headless Chromium, and the printed report as a person holds it: the
first page is the summary page (with the signature block, without the annex) and fits on
it; the checklist prints landscape. Skipped, with the reason, without Chromium or
poppler-utils (pdfinfo, pdftotext); the missing-browser error is tested either way."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main
from merit.engine.render.pdf import FLAGS, find_browser

WORKSHEET = ("--policy", "permenpanrb-19-2025", "--as-of", "2026-01-15")
HEADINGS = {"id": ("Lembar Ringkasan Hasil Penilaian Sistem Merit".upper(), "Tiga kekurangan terbesar",
                   "Kepala BKD/BKPSDM", "Pejabat Pembina Kepegawaian (PPK)", "NIP:", "Versi aturan"),
            "en": ("Merit System Assessment: Summary Sheet".upper(), "The three largest gaps",
                   "Head of BKD/BKPSDM", "(PPK)", "NIP:", "Rules version")}
ANNEX = {"id": "LAMPIRAN: RINCIAN PENILAIAN", "en": "ANNEX: ASSESSMENT DETAILS"}


def _tools() -> None:
    if find_browser() is None:
        pytest.skip("chromium not found (make test installs it with scripts/install-test-deps.sh)")
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("pdfinfo/pdftotext not found (make test installs it with scripts/install-test-deps.sh; Debian: apt-get install poppler-utils)")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _info(pdf: Path) -> tuple[int, float, float]:
    """Pages, and the width and height of the first page in points (A4: 595 x 842)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert size and pages, info
    return int(pages.group(1)), float(size.group(1)), float(size.group(2))


def _pages(pdf: Path) -> int:
    pages, width, height = _info(pdf)
    assert round(width) == 595 and round(height) == 842  # A4 portrait
    return pages


def _text(pdf: Path, page: int, layout: bool = True) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), "-f", str(page), "-l", str(page),
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("policy", [("--policy", "kasn-2019"), WORKSHEET])
def test_the_printed_report_opens_with_the_whole_summary_page(tmp_path: Path, policy: tuple[str, ...],
                                                              lang: str) -> None:
    _tools()
    pdf = tmp_path / "laporan.pdf"
    code, output = _run("check", str(EXAMPLE), *policy, "--format", "pdf", "--lang", lang, "-o", str(pdf))
    assert code == 0, output
    assert pdf.read_bytes().startswith(b"%PDF-")
    first, second = _text(pdf, 1), _text(pdf, 2)
    for heading in HEADINGS[lang]:  # the whole summary page, signature block included, on page 1
        assert heading in first, heading
        assert heading not in second, heading
    assert ANNEX[lang] not in first and ANNEX[lang] in second
    assert _pages(pdf) >= 3


def test_summary_only_prints_one_page(tmp_path: Path) -> None:
    _tools()
    pdf = tmp_path / "ringkasan.pdf"
    code, output = _run("check", str(EXAMPLE), *WORKSHEET, "--format", "pdf", "--summary-only", "-o", str(pdf))
    assert code == 0, output
    assert _pages(pdf) == 1 and "Kepala BKD/BKPSDM" in _text(pdf, 1)


def test_the_checklist_prints_landscape_with_its_header_on_every_page(tmp_path: Path) -> None:
    _tools()
    pdf = tmp_path / "checklist.pdf"
    code, output = _run("checklist", str(EXAMPLE), *WORKSHEET, "--format", "pdf", "--lang", "en", "-o", str(pdf))
    assert code == 0, output
    pages, width, height = _info(pdf)
    assert round(width) == 842 and round(height) == 595  # A4 landscape
    assert pages >= 2
    for page in range(1, pages + 1):  # every page with items has the header row (its whole words)
        text = _text(pdf, page, layout=False)
        if "person-week" in text:
            assert {"Person", "charge", "Deadline", "Status", "Action"} <= set(text.split()), page
    assert "person-week" in _text(pdf, 1)


def test_pdf_needs_an_output_file() -> None:
    code, output = _run("check", str(EXAMPLE), "--format", "pdf", "--lang", "en")
    assert code == 2 and "--format pdf needs --output FILE" in output


@pytest.mark.parametrize(("lang", "expected"), [("id", "memerlukan Chromium"), ("en", "needs Chromium")])
def test_a_missing_browser_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
                                            expected: str) -> None:
    monkeypatch.setenv("MERIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    pdf = tmp_path / "laporan.pdf"
    code, output = _run("check", str(EXAMPLE), "--format", "pdf", "--lang", lang, "-o", str(pdf))
    assert code == 2 and expected in output and "Traceback" not in output
    assert not pdf.exists()


def test_pdf_is_never_written_onto_an_input(tmp_path: Path) -> None:
    _tools()
    dossier = tmp_path / "dossier"
    shutil.copytree(EXAMPLE, dossier)
    answers = dossier / "answers.yaml"
    before = answers.read_bytes()
    code, output = _run("check", str(dossier), "--format", "pdf", "--lang", "en", "-o", str(answers))
    assert code == 2 and "is an input file" in output
    assert answers.read_bytes() == before


def test_chromium_runs_without_network_and_a_fresh_profile() -> None:
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-pdf-header-footer"):
        assert flag in FLAGS
