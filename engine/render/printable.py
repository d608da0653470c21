"""The remediation checklist as one printable HTML page (landscape A4 table), the page
`merit checklist --format pdf` prints: the same items, columns and blanks as the CSV and
XLSX (checklist.py), with the header rows repeated on every printed page."""

from __future__ import annotations

from typing import Any

from .checklist import COLUMNS, gap_closed, items, status_line, status_values
from .model import Report
from .templating import render_template


def render_checklist_html(report: Report, **_: Any) -> str:
    found = items(report)
    return render_template("checklist.html.j2", report.lang, report.parts.places, r=report,
                           items=found, status=status_line(report), statuses=status_values(report.lang),
                           columns=COLUMNS, gap=lambda step: gap_closed(report, step))
