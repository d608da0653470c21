"""Targets and bars across policies: POLICY=VALUE, bare values that fit the first policy's
scale, and categories named loosely or misspelt."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import EXIT_BAD_INPUT, EXIT_SHORTFALL, main
from merit.engine.errors import UsageError
from merit.engine.targets import band_id, falls_short, per_policy


@pytest.fixture(scope="module")
def nism(rulebook):
    from merit.engine.load.loader import load_policy

    return load_policy("permenpanrb-19-2025", rulebook)


@pytest.mark.parametrize(("wanted", "band"), [
    ("Sangat Baik", "sangat-baik"), ("sangat-baik", "sangat-baik"), ("SANGAT  baik", "sangat-baik"),
    ("sangat_baik", "sangat-baik"), ("very good", "sangat-baik"), ("Good", "baik"), ("sang", "sangat-baik"),
    ("kur", "kurang"), ("poor", "buruk"),
])
def test_a_category_is_named_by_id_or_name_in_either_language(kasn, wanted: str, band: str) -> None:
    assert band_id(kasn, wanted) == band


@pytest.mark.parametrize(("wanted", "suggestion"), [("Bagus", "Baik"), ("baek", "Baik"), ("sangatbaik", "Sangat Baik"),
                                                    ("Kurnag", "Kurang")])
def test_a_bad_category_gets_a_real_suggestion(kasn, wanted: str, suggestion: str) -> None:
    with pytest.raises(UsageError) as caught:
        band_id(kasn, wanted)
    assert f"'{suggestion}'" in caught.value.render("en") and "'-'" not in caught.value.render("en")
    assert f"'{suggestion}'" in caught.value.render("id")


def test_an_ambiguous_prefix_names_no_category(nism) -> None:
    with pytest.raises(UsageError):
        band_id(nism, "m")  # menengah or maju


def test_a_bare_value_goes_to_the_first_policy_when_it_fits(kasn, nism) -> None:
    assert per_policy([kasn, nism], ["325"], "fail-under") == {"kasn-2019": "325"}
    assert per_policy([nism, kasn], ["0.8"], "fail-under") == {"permenpanrb-19-2025": "0.8"}
    assert per_policy([kasn, nism], ["Baik", "permenpanrb-19-2025=Tinggi"], "target") == {
        "kasn-2019": "Baik", "permenpanrb-19-2025": "Tinggi"}


@pytest.mark.parametrize(("order", "value", "kind"), [
    ("kn", "0.8", "fail-under"), ("nk", "325", "fail-under"), ("kn", "Tinggi", "target"), ("kn", "300", "target")])
def test_a_bare_value_off_the_first_policy_s_scale_is_a_usage_error_naming_the_policies(
        kasn, nism, order: str, value: str, kind: str) -> None:
    policies = [kasn, nism] if order == "kn" else [nism, kasn]
    with pytest.raises(UsageError) as caught:
        per_policy(policies, [value], kind)
    for lang in ("id", "en"):
        text = caught.value.render(lang)
        assert "kasn-2019" in text and ("permenpanrb-19-2025" in text or kind == "target"), text


def test_a_policy_not_in_the_run_or_a_value_off_its_scale_is_refused(kasn, nism) -> None:
    with pytest.raises(UsageError) as caught:
        per_policy([kasn, nism], ["permenpanrb-19-2024=0.8"], "fail-under")
    assert "permenpanrb-19-2025" in caught.value.render("en")
    with pytest.raises(UsageError) as caught:
        per_policy([kasn, nism], ["permenpanrb-19-2025=325"], "fail-under")
    assert "1.25" in caught.value.render("en")


def test_a_report_float_is_compared_as_written(nism) -> None:
    assert not falls_short(nism, 0.62, "menengah", "0.62")
    assert falls_short(nism, 0.61, "lanjutan", "0,62")


def _check(*args: str):
    return CliRunner().invoke(main, ["check", str(EXAMPLE), "--policy", "kasn-2019",
                                     "--policy", "permenpanrb-19-2025", *args])


def test_targets_and_bars_per_policy_on_the_command_line() -> None:
    result = _check("--format", "json", "--target", "Baik", "--target", "permenpanrb-19-2025=Menengah")
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)["reports"]
    assert [r["target"]["category_id"] for r in reports] == ["baik", "menengah"]
    short = _check("--fail-under", "100", "--fail-under", "permenpanrb-19-2025=Tinggi")
    assert short.exit_code == EXIT_SHORTFALL and "(permenpanrb-19-2025)" in short.stderr
    assert _check("--fail-under", "100", "--fail-under", "permenpanrb-19-2025=0.1").exit_code == 0


def test_a_bare_value_for_the_wrong_policy_is_a_usage_error_on_the_command_line() -> None:
    result = _check("--fail-under", "0.8", "--lang", "en")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "POLICY=VALUE" in result.output and "permenpanrb-19-2025" in result.output
    bad = CliRunner().invoke(main, ["check", str(EXAMPLE), "--target", "Bagus"])
    assert bad.exit_code == EXIT_BAD_INPUT and "'Baik'" in bad.output


def test_plan_takes_policy_equals_category_too() -> None:
    plan = CliRunner().invoke(main, ["plan", str(EXAMPLE), "--policy", "kasn-2019", "--format", "json",
                                     "--target", "kasn-2019=Baik"])
    assert plan.exit_code == 0, plan.output
    assert json.loads(plan.output)["target"]["category_id"] == "baik"
    wrong = CliRunner().invoke(main, ["plan", str(EXAMPLE), "--target", "permenpanrb-19-2025=Tinggi"])
    assert wrong.exit_code == EXIT_BAD_INPUT
