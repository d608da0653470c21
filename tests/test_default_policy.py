"""The default policy follows the assessment year: PermenPANRB 19/2025 from 2026 (in force
since 31 December 2025), the KASN instrument before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from merit.cli import main
from merit.engine.api import DEFAULT_POLICY, default_policy
from merit.engine.pipeline import policy_for_year

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "provinsi-contoh"


@pytest.mark.parametrize(("year", "policy"), [
    (2019, "kasn-2019"), (2024, "kasn-2019"), (2025, "kasn-2019"),
    (2026, "permenpanrb-19-2025"), (2027, "permenpanrb-19-2025"),
])
def test_the_policy_follows_the_year(year: int, policy: str) -> None:
    assert policy_for_year(year) == policy


def _dossier(tmp_path: Path, year: int) -> Path:
    target = tmp_path / f"d{year}"
    shutil.copytree(EXAMPLE, target)
    agency = target / "agency.yaml"
    agency.write_text(agency.read_text(encoding="utf-8").replace("assessment_year: 2025",
                                                               f"assessment_year: {year}"), encoding="utf-8")
    return target


@pytest.mark.parametrize(("year", "policy"), [(2025, "kasn-2019"), (2026, "permenpanrb-19-2025")])
def test_a_dossier_is_assessed_under_its_year_s_policy(tmp_path: Path, year: int, policy: str) -> None:
    dossier = _dossier(tmp_path, year)
    assert default_policy(dossier) == policy
    result = CliRunner().invoke(main, ["check", str(dossier), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["policy"]["id"] == policy


def test_a_dossier_without_a_readable_year_gets_the_default(tmp_path: Path) -> None:
    assert default_policy(tmp_path) == DEFAULT_POLICY
    (tmp_path / "agency.yaml").write_text("assessment_year: [", encoding="utf-8")
    assert default_policy(tmp_path) == DEFAULT_POLICY


def test_a_named_policy_wins_over_the_year(tmp_path: Path) -> None:
    dossier = _dossier(tmp_path, 2026)
    result = CliRunner().invoke(main, ["check", str(dossier), "--policy", "kasn-2019", "--format", "json"])
    assert json.loads(result.output)["policy"]["id"] == "kasn-2019"


@pytest.mark.parametrize(("year", "code"), [(2025, 0), (2026, 2)])
def test_validate_checks_a_dossier_against_its_year_s_policy(tmp_path: Path, year: int, code: int) -> None:
    dossier = _dossier(tmp_path, year)
    answers = dossier / "answers.yaml"
    answers.write_text("\n".join(line for line in answers.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith("survey:")) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(dossier), "--lang", "en"])
    assert result.exit_code == code, result.output
    if code:
        assert "permenpanrb-19-2025" in result.output  # the survey it needs
