"""Waivers count only until they expire; claims are checked against the evidence."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import EXIT_BAD_INPUT, EXIT_SHORTFALL, main
from merit.engine.errors import InputError
from merit.engine.load.waivers import load_waivers
from merit.engine.pipeline import assess_many

WAIVERS = """waivers:
  - indicator: karier.manajemen-talenta
    level: 3
    justification: "Rencana suksesi 2025 sedang ditandatangani; SK terbit Januari."
    approver: "Sekretaris Daerah"
    expires: 2026-03-31
  - condition: perencanaan.anjab-abk.L4.0
    justification: "Peta jabatan menunggu fasilitasi Kemendagri."
    approver: "Kepala BKD"
    expires: 2025-06-30
"""


@pytest.fixture()
def dossier(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    (root / "waivers.yaml").write_text(WAIVERS)
    return root


def test_a_waiver_in_force_counts_and_an_expired_one_does_not(dossier: Path) -> None:
    [before] = assess_many(dossier, ["kasn-2019"], waivers=None, on=date(2024, 1, 1))
    assert before.waivers is not None and len(before.waivers.applied) == 2
    [later] = assess_many(dossier, ["kasn-2019"], on=date(2025, 12, 31))
    assert [w.target for w in later.waivers.applied] == ["karier.manajemen-talenta.L3"]
    assert [w.target for w in later.waivers.expired] == ["perencanaan.anjab-abk.L4.0"]
    assert later.level("karier.manajemen-talenta") == 3
    assert later.before_waivers.evaluation.indicators["karier.manajemen-talenta"].level == 2
    assert later.level("perencanaan.anjab-abk") == 3  # its waiver expired
    assert later.score.total > later.before_waivers.score.total
    # an indicator depending on the waived one sees the waived level (same evaluation)
    assert later.evaluation.indicators["promosi.pola-karier"].level >= \
        later.before_waivers.evaluation.indicators["promosi.pola-karier"].level


def test_waivers_expire_by_date_on_the_boundary(dossier: Path, rulebook) -> None:
    on_day = load_waivers(dossier / "waivers.yaml", rulebook, date(2025, 6, 30))
    day_after = load_waivers(dossier / "waivers.yaml", rulebook, date(2025, 7, 1))
    assert len(on_day.applied) == 2 and len(day_after.applied) == 1


def test_waiver_problems_name_the_place_and_suggest(tmp_path: Path, rulebook) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(WAIVERS.replace("anjab-abk.L4.0", "anjab-abk.L4.9").replace("    level: 3\n", "").replace(
        "expires: 2026-03-31", "expires: 2026-02-30"))
    with pytest.raises(InputError) as info:
        load_waivers(path, rulebook, date(2025, 1, 1))
    found = sorted((p.code, p.line) for p in info.value.problems)
    assert found == [("dossier.bad_date", 5), ("waiver.one_target", 2), ("waiver.unknown_condition", 6)]
    assert next(p for p in info.value.problems if p.code == "waiver.unknown_condition").suggestion == \
        "perencanaan.anjab-abk.L4.0"


def test_report_shows_the_score_before_and_after_waivers(dossier: Path) -> None:
    out = CliRunner().invoke(main, ["check", str(dossier), "--format", "json", "--as-of", "2025-12-31"])
    report = json.loads(out.output)
    assert report["waivers"]["total_before"] < report["waivers"]["total_after"] == report["total"]
    assert [w["target"] for w in report["waivers"]["expired"]] == ["perencanaan.anjab-abk.L4.0"]


def test_claims_against_evidence(rulebook, kasn) -> None:
    [assessment] = assess_many(EXAMPLE, ["kasn-2019"])
    from merit.engine.render.report import build_report, to_json
    claims = to_json(build_report(assessment, "en"))["claims"]
    over = {c["indicator"]: c for c in claims["over_claimed"]}
    assert over["perencanaan.anjab-abk"]["claimed_level"] == 4
    assert over["perencanaan.anjab-abk"]["verified_level"] == 3
    assert "Position map" in over["perencanaan.anjab-abk"]["missing"][0]["statement"]
    assert claims["claimed_total"] > claims["verified_total"] == assessment.score.total


def test_gaps_and_plan_commands() -> None:
    gaps = CliRunner().invoke(main, ["gaps", str(EXAMPLE), "--lang", "en"])
    assert gaps.exit_code == 0 and "Evidence needed" in gaps.output
    assert "rows fall short" in gaps.output  # numbers from the personnel tables
    plan = CliRunner().invoke(main, ["plan", str(EXAMPLE), "--format", "json"])
    data = json.loads(plan.output)
    assert data["plan"]["reachable"] and data["plan"]["cheapest"]["total_after"] >= 325
    baik = json.loads(CliRunner().invoke(main, ["plan", str(EXAMPLE), "--format", "json", "--target", "Baik"]).output)
    assert baik["plan"]["already_reached"] and baik["plan"]["cheapest"]["steps"] == []
    bad = CliRunner().invoke(main, ["plan", str(EXAMPLE), "--target", "baek"])
    assert bad.exit_code == EXIT_BAD_INPUT and "'Baik'" in bad.output


@pytest.mark.parametrize(("bar", "code"), [("Sangat Baik", EXIT_SHORTFALL), ("baik", 0), ("280", 0),
                                           ("289", 0), ("289,5", EXIT_SHORTFALL)])
def test_fail_under(bar: str, code: int) -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--fail-under", bar])
    assert result.exit_code == code, result.output
