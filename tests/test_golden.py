"""Golden files of the reports on the example dossier, in both languages.

After a deliberate change of the rules, the example or a template, regenerate with
`MERIT_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize(("fmt", "lang"), [("text", "id"), ("text", "en"), ("json", "id"), ("json", "en")])
def test_check_report_matches_golden(fmt: str, lang: str) -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--format", fmt, "--lang", lang])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"check.{lang}.{'txt' if fmt == 'text' else 'json'}"
    if os.environ.get("MERIT_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "lang"), [("text", "id"), ("text", "en"), ("json", "id"), ("json", "en"),
                                           ("md", "id"), ("md", "en")])
def test_worksheet_report_matches_golden(fmt: str, lang: str) -> None:
    """The 2026 worksheet (permenpanrb-19-2025) on the example: scores 0-4, gates, the rows
    of the index (aspects, survey, correction) and what each question's next score needs."""
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--policy", "permenpanrb-19-2025",
                                       "--format", fmt, "--lang", lang, "--as-of", "2026-01-15"])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"worksheet.{lang}.{ {'text': 'txt'}.get(fmt, fmt) }"
    if os.environ.get("MERIT_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")
