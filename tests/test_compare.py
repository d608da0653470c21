"""merit compare: golden output on two real reports (the example as 2025, and a 2024
version of it with its job analysis still in draft and no personnel tables), level changes,
and refusals of files that are not comparable merit reports."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _dossier_2024(root: Path) -> Path:
    """The example a year earlier: self-reported metrics only, Anjab not yet enacted."""
    dossier = root / "dossier-2024"
    shutil.copytree(EXAMPLE, dossier, ignore=shutil.ignore_patterns("tables"))
    agency = dossier / "agency.yaml"
    agency.write_text(agency.read_text("utf-8").replace("assessment_year: 2025", "assessment_year: 2024"),
                      encoding="utf-8")
    documents = dossier / "documents.yaml"
    text = documents.read_text("utf-8")
    start = text.index('number: "188.44/112/KPTS/BKD/2023"')
    end = text.index("status: ditetapkan", start)
    documents.write_text(text[:end] + "status: draft" + text[end + len("status: ditetapkan"):], encoding="utf-8")
    return dossier


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with 2024.json and 2025.json (and the 2025 report under another policy)."""
    root = tmp_path_factory.mktemp("reports")
    for name, dossier, policy in [("2024.json", _dossier_2024(root), "kasn-2019"),
                                  ("2025.json", EXAMPLE, "kasn-2019"),
                                  ("2025-permenpanrb.json", EXAMPLE, "permenpanrb-19-2025")]:
        code, output = _invoke("check", str(dossier), "--policy", policy, "--format", "json",
                               "-o", str(root / name))
        assert code == 0, output
    return root


@pytest.mark.parametrize(("fmt", "lang", "suffix"), [("text", "id", "txt"), ("text", "en", "txt"),
                                                     ("md", "id", "md")])
def test_compare_matches_golden(reports: Path, monkeypatch: pytest.MonkeyPatch,
                                fmt: str, lang: str, suffix: str) -> None:
    monkeypatch.chdir(reports)  # relative names, so the golden file holds no temp path
    code, output = _invoke("compare", "2024.json", "2025.json", "--format", fmt, "--lang", lang)
    assert code == 0, output
    golden = GOLDEN / f"compare.{lang}.{suffix}"
    if os.environ.get("MERIT_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_compare_detects_level_changes(reports: Path) -> None:
    from merit.engine.render.compare import compare_files

    result = compare_files(reports / "2024.json", reports / "2025.json")
    up = {i.id: (i.old, i.new) for i in result.indicators.up}
    down = {i.id: (i.old, i.new) for i in result.indicators.down}
    assert up["perencanaan.anjab-abk"] == (1, 3)  # the Anjab was enacted
    assert up["perencanaan.rencana-kebutuhan"][1] == 4  # which the needs plan depends on
    assert down  # the 2024 self-reported figures were better on some indicators
    assert result.category_changed and result.old.category == "Kurang"
    assert result.total_delta == 59.5
    assert sum(a.delta or 0 for a in result.aspects) == result.total_delta


def test_compare_html_is_self_contained(reports: Path) -> None:
    code, html = _invoke("compare", str(reports / "2024.json"), str(reports / "2025.json"), "--format", "html")
    assert code == 0, html
    assert "<svg" in html
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html)) - {"http://www.w3.org/2000/svg"}
    assert urls == set()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_compare_refuses_different_policies(reports: Path, lang: str) -> None:
    code, output = _invoke("compare", str(reports / "2025-permenpanrb.json"), str(reports / "2025.json"),
                           "--lang", lang)
    assert code == 2
    assert "2025-permenpanrb.json" in output and "permenpanrb-19-2025" in output and "kasn-2019" in output
    assert ("kebijakan berbeda" if lang == "id" else "different policies") in output
    assert "Traceback" not in output


def test_compare_refuses_json_syntax_errors_with_line_and_column(tmp_path: Path, reports: Path) -> None:
    bad = tmp_path / "rusak.json"
    bad.write_text('{\n  "schema_version": 1,\n  "total": ,\n}\n', encoding="utf-8")
    code, output = _invoke("compare", str(bad), str(reports / "2025.json"), "--lang", "en")
    assert code == 2
    assert f"{bad}:3:12: invalid JSON" in output


def test_compare_refuses_files_that_are_not_reports(tmp_path: Path, reports: Path) -> None:
    other = tmp_path / "lain.json"
    other.write_text(json.dumps({"name": "bukan laporan"}), encoding="utf-8")
    code, output = _invoke("compare", str(reports / "2025.json"), str(other))
    assert code == 2
    assert f"{other}: bukan laporan merit" in output


def test_compare_reports_a_missing_file(tmp_path: Path, reports: Path) -> None:
    code, output = _invoke("compare", str(tmp_path / "tidak-ada.json"), str(reports / "2025.json"))
    assert code == 2 and "tidak-ada.json" in output


def test_compare_output_never_overwrites_an_input(reports: Path) -> None:
    target = reports / "2025.json"
    before = target.read_text("utf-8")
    code, _ = _invoke("compare", str(reports / "2024.json"), str(target), "-o", str(target))
    assert code == 2 and target.read_text("utf-8") == before
