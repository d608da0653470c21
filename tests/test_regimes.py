"""Both regimes on one dossier: the PermenPANRB 19/2025 index, its bands, the crosswalk."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import EXIT_BAD_INPUT, main
from merit.engine.errors import InputError
from merit.engine.evaluate.scoring import band_of, round_total, score
from merit.engine.load.crosswalk import find_crosswalk, load_crosswalk
from merit.engine.load.loader import load_dossier, load_policy, shipped_dir
from merit.engine.model import Survey


@pytest.fixture(scope="module")
def nism(rulebook):
    return load_policy("permenpanrb-19-2025", rulebook)


@pytest.mark.parametrize(("index", "band"), [
    ("0", "dasar"), ("0.40", "dasar"), ("0.41", "lanjutan"), ("0.60", "lanjutan"),
    ("0.61", "menengah"), ("0.80", "menengah"), ("0.81", "tinggi"), ("1.00", "tinggi"),
    ("1.01", "maju"),
])
def test_index_band_edges(nism, index: str, band: str) -> None:
    assert band_of(nism, Fraction(index)).id == band


@pytest.mark.parametrize(("raw", "rounded", "band"), [
    ("0.404", "0.40", "dasar"), ("0.405", "0.41", "lanjutan"), ("0.8049", "0.80", "menengah"),
    ("0.805", "0.81", "tinggi"),
])
def test_index_is_rounded_to_two_decimals_before_banding(nism, raw: str, rounded: str, band: str) -> None:
    total = round_total(Fraction(raw), nism.scoring.round_to, nism.scoring.rounding)
    assert total == Fraction(rounded)
    assert band_of(nism, total).id == band


def test_index_is_75_percent_maturity_and_25_percent_survey(nism) -> None:
    levels = {ref.id: 4 for _, ref in nism.indicators()}
    full = score(nism, levels, Survey(Fraction(1), "test"))
    assert full.total == 1 and full.band.id == "tinggi"
    assert full.parts == {"maturity": Fraction(3, 4), "survey": Fraction(1, 4), "correction": 0}
    no_survey = score(nism, levels, Survey(Fraction(0), "test"))
    assert no_survey.total == Fraction("0.75")
    half = score(nism, {k: 2 for k in levels}, Survey(Fraction(0), "test"))
    assert half.raw_total == Fraction(3, 8) and half.band.id == "dasar"
    lowest = score(nism, {k: 0 for k in levels}, Survey(Fraction(0), "test"))
    assert lowest.raw_total == 0 and lowest.band.id == "dasar"


def test_needs_planning_and_digitalisation_weigh_ten_percent(nism) -> None:
    weights = {a.id: a.weight for a in nism.aspects}
    assert weights["perencanaan-kebutuhan-standardisasi-jabatan"] == Fraction("0.1")
    assert weights["digitalisasi-manajemen-asn"] == Fraction("0.1")
    assert sum(weights.values()) == 1 and len(weights) == 8


def test_the_policy_asks_the_31_worksheet_questions(nism) -> None:
    ids = [ref.id for _, ref in nism.indicators()]
    assert len(ids) == 31 and all(i.startswith("kk.") for i in ids)
    assert nism.scoring.min_level == 0 and nism.scoring.max_level == 4


def test_a_dossier_without_survey_cannot_be_scored_under_the_new_regime(tmp_path: Path, rulebook, nism) -> None:
    root = tmp_path / "d"
    root.mkdir()
    for name in ("agency.yaml", "documents.yaml"):
        (root / name).write_bytes((EXAMPLE / name).read_bytes())
    with pytest.raises(InputError) as info:
        load_dossier(root, rulebook, nism)
    assert [p.code for p in info.value.problems] == ["dossier.survey_required"]
    load_dossier(root, rulebook, load_policy("kasn-2019", rulebook))  # KASN does not need it


def test_the_crosswalk_maps_every_indicator_of_both_policies(kasn, nism) -> None:
    crosswalk = find_crosswalk(kasn, nism)
    assert crosswalk is not None
    assert {m.source for m in crosswalk.mappings} == {ref.id for _, ref in kasn.indicators()}
    assert {m.target for m in crosswalk.mappings} == {ref.id for _, ref in nism.indicators()}
    back = find_crosswalk(nism, kasn)
    assert back is not None and {m.source for m in back.mappings} == {ref.id for _, ref in nism.indicators()}
    assert {m.relation for m in back.mappings if m.note.startswith("PPPK")} == {"superset"}


def test_a_crosswalk_naming_unknown_or_leaving_out_indicators_is_refused(tmp_path: Path, kasn, nism) -> None:
    path = tmp_path / "cw.yaml"
    text = (shipped_dir("policies") / "crosswalks" / "kasn-2019--permenpanrb-19-2025.yaml").read_text("utf-8")
    lines = [line for line in text.splitlines() if "sisinfo.dashboard-analitik" not in line and "kk.a5q3" not in line]
    path.write_text("\n".join(lines).replace("to: kk.a6q4_kesehatan,", "to: kk.a6q4_kesehatn,") + "\n")
    with pytest.raises(InputError) as info:
        load_crosswalk(path, kasn, nism)
    found = sorted((p.code, p.params["name"]) for p in info.value.problems)
    assert found == [("crosswalk.unknown_indicator", "kk.a6q4_kesehatn"),
                     ("crosswalk.unmapped", "kk.a5q3"),
                     ("crosswalk.unmapped", "kk.a6q4_kesehatan"),
                     ("crosswalk.unmapped", "sisinfo.dashboard-analitik")]
    suggestion = next(p for p in info.value.problems if p.code == "crosswalk.unknown_indicator").suggestion
    assert suggestion == "kk.a6q4_kesehatan"


def test_both_policies_in_one_command_side_by_side() -> None:
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--policy", "kasn-2019",
                                       "--policy", "permenpanrb-19-2025", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Policies side by side" in result.output
    assert "Indicator crosswalk kasn-2019 -> permenpanrb-19-2025" in result.output
    bundle = json.loads(CliRunner().invoke(main, [
        "check", str(EXAMPLE), "--policy", "kasn-2019", "--policy", "permenpanrb-19-2025",
        "--format", "json"]).output)
    assert [r["policy"]["id"] for r in bundle["reports"]] == ["kasn-2019", "permenpanrb-19-2025"]
    assert bundle["reports"][1]["max_total"] == 1
    assert all(m["from_level"] == m["to_level"] for m in bundle["crosswalks"][0]["mappings"]
               if m["relation"] == "equal")


def test_all_policy_problems_are_reported_together(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((shipped_dir("policies") / "kasn-2019.yaml").read_text("utf-8").replace("weight: 0.30", "weight: 0.31"))
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--policy", str(bad), "--policy", "nope"])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "policy.weights_sum" not in result.output and "0,31" not in result.output
    assert "bobot aspek harus berjumlah 1" in result.output and "'nope' tidak ditemukan" in result.output
