"""Personnel data is personal data: no default output of the example names an employee or
shows a full NIP; `--with-people` is the one way to list them (for an auditor's papers)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main
from openpyxl import load_workbook

COMMANDS = [
    ["check", "--format", "text"], ["check", "--format", "json"], ["check", "--format", "md"],
    ["check", "--format", "html"], ["gaps"], ["gaps", "--format", "json"], ["plan"], ["plan", "--format", "json"],
    ["checklist", "--format", "md"], ["checklist", "--format", "csv"],
]
NIP = re.compile(r"(?<!\d)\d{18}(?!\d)")


def _people() -> tuple[set[str], set[str]]:
    with (EXAMPLE / "tables" / "pegawai.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return {row["NIP"] for row in rows}, {row["Nama Pegawai"] for row in rows}


def _output(args: list[str], tmp_path: Path) -> str:
    result = CliRunner().invoke(main, [args[0], str(EXAMPLE), *args[1:], "--as-of", "2026-01-15"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("policy", ["kasn-2019", "permenpanrb-19-2025"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_no_default_output_names_an_employee_or_shows_a_full_nip(args: list[str], policy: str,
                                                                  tmp_path: Path) -> None:
    nips, names = _people()
    text = _output([*args, "--policy", policy], tmp_path)
    assert not set(NIP.findall(text)) & nips
    assert not [name for name in names if name in text]


def test_the_xlsx_checklist_shows_no_employee(tmp_path: Path) -> None:
    nips, names = _people()
    out = tmp_path / "checklist.xlsx"
    CliRunner().invoke(main, ["checklist", str(EXAMPLE), "--format", "xlsx", "-o", str(out)])
    cells = " ".join(str(c.value) for sheet in load_workbook(out) for row in sheet.iter_rows() for c in row
                     if c.value is not None)
    assert not set(NIP.findall(cells)) & nips
    assert not [name for name in names if name in cells]


def test_with_people_lists_the_employees_concerned_by_full_nip(tmp_path: Path) -> None:
    nips, _ = _people()
    default = _output(["gaps", "--format", "json"], tmp_path)
    listed = _output(["gaps", "--format", "json", "--with-people"], tmp_path)
    assert re.search(r'"\d{4}\*{11}\d{3}"', default)  # masked: birth year and serial only
    assert set(NIP.findall(listed)) & nips
