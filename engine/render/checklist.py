"""Remediation checklists: the least-effort plan of a report as work items people can own.

Pure functions from a typed report (report.build_report) to a checklist: one item per
remediation action of each level step of `report.plan.cheapest`, grouped by indicator,
with what the step adds, its effort, the unmet conditions it addresses and the evidence to
produce, plus empty person-in-charge / deadline / status fields to fill in.
Rendered as Markdown (jinja2 template), CSV or XLSX (bytes); writing files is the CLI's job.

CSV and XLSX are opened in spreadsheet programs, which run any cell starting with `=`,
`+`, `-` or `@` as a formula (CSV/formula injection). Rule and dossier text is not ours to
trust, so every text cell goes through `neutralise` (OWASP: prefix an apostrophe).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..i18n import effort, fmt, message
from .model import Report
from .sections import GapRow, PlanRow
from .stamp import when
from .templating import render_template

# Cells starting with these are formulas (or become them) in Excel, LibreOffice and Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOM = "\ufeff"  # Excel reads a CSV without it in the ANSI code page and garbles non-ASCII text
STATUS_CODES = ("checklist.status.todo", "checklist.status.doing", "checklist.status.done")
COLUMNS = ("number", "indicator", "title", "from_level", "to_level", "points", "effort", "action",
           "unmet", "evidence", "owner", "deadline", "status")
# Spreadsheet column widths (characters): long text columns wrap, the rest stay narrow; the
# sum (~210) keeps a landscape A4 printout, one page wide, at about 70% scale.
_WIDTHS = {"number": 5, "indicator": 18, "title": 20, "from_level": 6, "to_level": 6,
           "points": 8, "effort": 15, "action": 34, "unmet": 38, "evidence": 24, "owner": 14,
           "deadline": 11, "status": 13}


@dataclass(frozen=True)
class Item:
    """One remediation action of a plan step: a checklist line / spreadsheet row. `gap` is
    the gap list's entry the step closes (when the step starts at the verified level)."""

    number: str
    step: PlanRow
    gap: GapRow | None
    action: str


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (leading apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def steps(report: Report) -> tuple[PlanRow, ...]:
    """The level steps of the least-effort plan, in plan order (cheapest points first)."""
    plan = report.plan
    if plan.already_reached or not plan.reachable or plan.cheapest is None:
        return ()
    return plan.cheapest.steps


def gap_closed(report: Report, step: PlanRow) -> GapRow | None:
    """The gap list describes the level just above the verified one; it belongs to a step
    only when the step starts there (a step further up would need another evaluation)."""
    gap = report.gap(step.indicator)
    return gap if gap is not None and gap.level == step.from_level else None


def actions(step: PlanRow, lang: str) -> tuple[str, ...]:
    """The step's remediation actions, or one saying to meet the level's conditions."""
    return step.remediation or (message("checklist.no_action", lang, level=step.to_level),)


def items(report: Report) -> list[Item]:
    return [Item(f"{number}.{n}", step, gap_closed(report, step), action)
            for number, step in enumerate(steps(report), start=1)
            for n, action in enumerate(actions(step, report.lang), start=1)]


def band_name(report: Report, total: float) -> str:
    """The category a total falls in, in the report's language (plan totals carry only the
    official Indonesian name)."""
    bands = sorted(report.bands, key=lambda band: band.min)
    return next((band.name for band in reversed(bands) if band.min <= total), bands[0].name)


def status_line(report: Report) -> str:
    """Whether there is anything to do: already reached, unreachable, or the plan's summary."""
    lang, plan, num = report.lang, report.plan, score_text(report)
    target = plan.target
    common = {"category": target.category_name, "threshold": num(target.threshold)}
    if plan.already_reached:
        return message("checklist.already", lang, total=num(report.total), **common)
    if not plan.reachable or plan.cheapest is None:
        return message("checklist.unreachable", lang, best=num(plan.best_total),
                       best_category=band_name(report, plan.best_total), **common)
    cheapest = plan.cheapest
    return message("checklist.reachable", lang, steps=cheapest.step_count,
                   effort=effort(cheapest.effort, lang), total=num(cheapest.total_after),
                   category_after=band_name(report, cheapest.total_after), **common)


def score_text(report: Report) -> Callable[[Any], str]:
    """Scores and points as the report states them (its places, the reader's decimal mark)."""
    return lambda value: fmt(value, report.lang, report.parts.places)


def header(lang: str) -> list[str]:
    return [message(f"checklist.col.{column}", lang) for column in COLUMNS]


def status_values(lang: str) -> list[str]:
    return [message(code, lang) for code in STATUS_CODES]


def rows(report: Report, numbers: Callable[[Any], Any] | None = None) -> list[list[Any]]:
    """One row per item in COLUMNS order; person in charge, deadline and status left empty.

    `numbers` turns points and effort into cells: text in the report's language by default
    (CSV), or left as numbers for a spreadsheet that formats them itself.
    """
    if numbers is None:
        points, efforts = score_text(report), lambda value: effort(value, report.lang)
    else:
        points = efforts = numbers
    return [[item.number, item.step.indicator, item.step.title, item.step.from_level,
             item.step.to_level, points(item.step.points), efforts(item.step.effort), item.action,
             "\n".join(u.statement for u in item.gap.unmet) if item.gap else "",
             "\n".join(item.gap.evidence) if item.gap else "", None, None, None]
            for item in items(report)]


def render_markdown(report: Report) -> str:
    return render_template("checklist.md.j2", report.lang, report.parts.places, r=report, steps=steps(report),
                           status=status_line(report), gap=lambda step: gap_closed(report, step),
                           actions=lambda step: actions(step, report.lang))


# Excel opens a CSV by the list separator of its locale: ';' where the decimal mark is a
# comma (Indonesian), ',' elsewhere (English).
CSV_DELIMITERS = {"id": ";", "en": ","}


def render_csv(report: Report, delimiter: str | None = None) -> str:
    """CSV text (with a BOM) for Excel and for tools.

    The stdlib csv writer rather than a template: it quotes separators, quotes and the line
    breaks inside multi-line cells (the unmet conditions) exactly as RFC 4180 and Excel
    expect, which a template would have to reimplement. Separated by `delimiter`, by default
    the one the reader's Excel expects (';' in Bahasa Indonesia, ',' in English); numbers
    are written as the reader writes them.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter or CSV_DELIMITERS.get(report.lang, ","),
                        lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header(report.lang)])
    for row in rows(report):
        writer.writerow(["" if cell is None else neutralise(str(cell)) for cell in row])
    return _BOM + buffer.getvalue()


def render_xlsx(report: Report, created: datetime | None = None) -> bytes:
    """The checklist as an Excel workbook: a checklist sheet and a summary sheet."""
    from openpyxl import Workbook

    lang = report.lang
    workbook = Workbook()
    if created is not None:  # a fixed timestamp makes the bytes reproducible
        workbook.properties.created = workbook.properties.modified = created
    workbook.properties.creator = "merit"
    _items_sheet(workbook.active, report)
    _summary_sheet(workbook.create_sheet(message("checklist.sheet.summary", lang)), report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a cell; text is neutralised and forced to a string cell (never a formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = neutralise(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _items_sheet(sheet: Any, report: Report) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = report.lang
    sheet.title = message("checklist.sheet.items", lang)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, title in enumerate(header(lang), start=1):
        cell = _text_cell(sheet, 1, column, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = wrap
    data = rows(report, numbers=lambda value: value)
    deadline, effort_column = COLUMNS.index("deadline") + 1, COLUMNS.index("effort") + 1
    for r, row in enumerate(data, start=2):
        for column, value in enumerate(row, start=1):
            _text_cell(sheet, r, column, value).alignment = wrap
        # Empty, but typed: what someone enters here is a date, shown the reader's way.
        sheet.cell(row=r, column=deadline).number_format = "dd/mm/yyyy" if lang == "id" else "yyyy-mm-dd"
        # A number that sums, shown with its unit.
        sheet.cell(row=r, column=effort_column).number_format = (
            f'[=1]0" {message("unit.person_week", lang)}";General" {message("unit.person_weeks", lang)}"')
    for column, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[name]
    sheet.freeze_panes = "A2"
    last_row = max(2, len(data) + 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    _fit_rows(sheet, [header(lang), *data])
    _validations(sheet, lang, last_row + SPARE_ROWS)
    print_setup(sheet, landscape=True)


SPARE_ROWS = 200  # rows below the plan where the team's own tasks get the drop-downs too
_LINE_HEIGHT = 15  # points per line of wrapped text (Calibri 11)


def _fit_rows(sheet: Any, rows_: list[list[Any]]) -> None:
    """Row heights that show all of each row's wrapped text (Excel does not grow rows that
    openpyxl writes, so printed text would run into the next row)."""
    for r, row in enumerate(rows_, start=1):
        lines = 1
        for name, value in zip(COLUMNS, row):
            if value is None:
                continue
            width = max(int(_WIDTHS[name] * 1.1) - 1, 1)  # a column unit is a '0', wider than most letters
            lines = max(lines, sum(-(-max(len(part), 1) // width) for part in str(value).split("\n")))
        sheet.row_dimensions[r].height = _LINE_HEIGHT * lines + 3


def print_setup(sheet: Any, landscape: bool) -> None:
    """A4, one page wide, the header row repeated on every page, narrow margins."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if landscape:
        sheet.print_title_rows = "1:1"


def _validations(sheet: Any, lang: str, last_row: int) -> None:
    """A drop-down of the three statuses, and dates only in the deadline column."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    values = status_values(lang)
    status = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=message("checklist.col.status", lang),
                            error=message("checklist.status_error", lang, values=", ".join(values)))
    dates = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                           allow_blank=True, showErrorMessage=True,
                           errorTitle=message("checklist.col.deadline", lang),
                           error=message("checklist.deadline_error", lang))
    for validation, name in ((status, "status"), (dates, "deadline")):
        letter = get_column_letter(COLUMNS.index(name) + 1)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)


def _summary_sheet(sheet: Any, report: Report) -> None:
    from openpyxl.styles import Alignment, Font

    lang = report.lang
    target = report.plan.target
    t = lambda code, **kw: message(code, lang, **kw)
    lines = [
        (t("checklist.summary.agency"), report.agency.name),
        (t("checklist.year"), report.agency.assessment_year),
        (t("checklist.policy"), f"{report.policy.name} ({report.policy.id})"),
        (t("checklist.current"), t("checklist.total_value", total=score_text(report)(report.total),
                                   category=report.category_name)),
        (t("checklist.target"), t("checklist.target_value", category=target.category_name,
                                  threshold=score_text(report)(target.threshold))),
        (t("checklist.plan"), status_line(report)),
        ("", t("checklist.effort_note")),
        (t("summary.rules_version"), f"{report.tool.rules_version} (merit {report.tool.version})"),
        (t("summary.generated"), when(report.tool.generated or "", lang)),
    ]
    for r, (label, value) in enumerate(lines, start=1):
        _text_cell(sheet, r, 1, label).font = Font(bold=True)
        _text_cell(sheet, r, 2, str(value)).alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        sheet.row_dimensions[r].height = _LINE_HEIGHT * -(-max(len(str(value)), 1) // 105) + 3  # wrapped at ~105
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    print_setup(sheet, landscape=False)
