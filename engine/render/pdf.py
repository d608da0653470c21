"""PDF: the HTML report or checklist printed by headless Chromium, an optional system
dependency (Debian's `chromium`; scripts/install-test-deps.sh installs it for the tests).

The page is written to a temporary file and loaded by file:// with every network feature of
the browser off (no QUIC, background networking, component updates or sync) and a fresh
temporary profile, so nothing is fetched or kept; the HTML itself refers to nothing outside
(inline CSS and SVG). The CSS decides the paper (@page A4) and the page breaks; Chromium's
own header and footer (date, file URL) are left off. The bytes go back to the caller, which
writes them like any output (render/write.py: atomically, never onto an input).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .model import Report, SideBySide

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-dev-shm-usage", "--no-pdf-header-footer")
TIMEOUT = 120  # seconds; a report prints in 1-3


def find_browser() -> str | None:
    """MERIT_CHROMIUM when set, else the first Chromium or Chrome on PATH (or /usr/bin/chromium)."""
    chosen = os.environ.get("MERIT_CHROMIUM", "").strip()
    if chosen:
        return chosen if Path(chosen).is_file() and os.access(chosen, os.X_OK) else None
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def html_to_pdf(html: str) -> bytes:
    """`html` printed to PDF by headless Chromium (UsageError, exit 2, when there is none)."""
    browser = find_browser()
    if browser is None:
        raise UsageError("pdf.no_browser")
    with tempfile.TemporaryDirectory(prefix="merit-pdf-") as work:
        page, pdf = Path(work) / "page.html", Path(work) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [browser, *FLAGS, f"--user-data-dir={Path(work) / 'profile'}",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UsageError("pdf.failed", detail=str(exc)) from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError("pdf.failed", detail=f"exit {done.returncode}: {lines[-1] if lines else '-'}")
        return pdf.read_bytes()


def report_pdf(report: Report, summary_only: bool = False, **_: Any) -> bytes:
    from .report import render

    return html_to_pdf(render(report, "html", summary_only=summary_only))


def side_by_side_pdf(bundle: SideBySide, summary_only: bool = False, **_: Any) -> bytes:
    from .report import render_side_by_side

    return html_to_pdf(render_side_by_side(bundle, "html", summary_only=summary_only))


def checklist_pdf(report: Report, **_: Any) -> bytes:
    from .printable import render_checklist_html

    return html_to_pdf(render_checklist_html(report))
