"""merit policies show ID: aspects, weights, points per level, scale, formula and bands, as
text or JSON; from the JSON anyone can recompute a total."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
from click.testing import CliRunner
from merit.cli import EXIT_BAD_INPUT, main
from merit.engine.evaluate.scoring import score
from merit.engine.load.loader import load_policy
from merit.engine.model import Correction, Survey

POLICIES = ("kasn-2019", "permenpanrb-19-2025")


def _show(*args: str):
    return CliRunner().invoke(main, ["policies", "show", *args])


def _card(policy_id: str, lang: str = "en") -> dict:
    result = _show(policy_id, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("policy_id", POLICIES)
def test_a_total_recomputed_from_the_json_equals_score(rulebook, policy_id: str) -> None:
    card, policy = _card(policy_id), load_policy(policy_id, rulebook)
    low = card["scoring"]["min_level"]
    rng = random.Random(policy_id)
    for _ in range(40):
        levels = {i["id"]: rng.randint(low, card["scoring"]["max_level"]) for i in card["indicators"]}
        survey, correction = Fraction(rng.randint(0, 100), 100), Fraction(rng.randint(0, 5), 100)
        recomputed = sum(i["points"][levels[i["id"]] - low] for i in card["indicators"])
        expected = score(policy, levels, Survey(survey, "t"), Correction(correction, "t")).raw_total
        if card["scoring"]["survey_weight"]:
            recomputed += card["scoring"]["survey_weight"] * card["scoring"]["scale"] * float(survey)
        if card["scoring"]["correction"] is not None:
            recomputed -= float(correction)
        assert recomputed == pytest.approx(float(expected), abs=1e-9)


def test_every_indicator_has_its_aspect_weight_and_points_lowest_level_first() -> None:
    card = _card("kasn-2019")
    aspects = {a["id"] for a in card["aspects"]}
    for indicator in card["indicators"]:
        assert indicator["aspect"] in aspects and indicator["weight"] > 0
        assert len(indicator["points"]) == 4 and indicator["points"] == sorted(indicator["points"])
    anjab = next(i for i in card["indicators"] if i["id"] == "perencanaan.anjab-abk")
    assert anjab["points"] == [4, 8, 12, 16] and anjab["weight"] == 0.4
    assert sum(i["points"][0] for i in card["indicators"]) == 100
    assert sum(i["points"][-1] for i in card["indicators"]) == 400


def test_the_highest_reachable_total_and_the_bands_out_of_reach() -> None:
    nism = _card("permenpanrb-19-2025")
    assert nism["scoring"]["highest"] == 1
    assert [b["id"] for b in nism["bands"] if not b["reachable"]] == ["maju"]
    assert nism["scoring"]["correction"] and "ASSUMPTION" in nism["scoring"]["correction"]
    kasn = _card("kasn-2019")
    assert kasn["scoring"]["highest"] == 400 and all(b["reachable"] for b in kasn["bands"])
    assert kasn["scoring"]["correction"] is None


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Formula", "Categories", "out of reach", "points per level (0 to 4)", "Provenance", "weight 10%",
            "Highest index this policy can give: 1")),
    ("id", ("Rumus", "Kategori", "tidak terjangkau", "poin per level (0 sampai 4)", "Asal-usul", "bobot 10%",
            "Indeks tertinggi yang dapat dicapai")),
])
def test_the_text_in_both_languages(lang: str, words: tuple[str, ...]) -> None:
    result = _show("permenpanrb-19-2025", "--lang", lang)
    assert result.exit_code == 0
    for word in words:
        assert word in result.output, word


def test_kasn_text_shows_points_per_level() -> None:
    output = _show("kasn-2019", "--lang", "en").output
    assert "perencanaan.distribusi-pegawai" in output and "0.5 / 1 / 1.5 / 2" in output
    assert "[325, 400]" in output  # the last band includes its top


def test_an_unknown_policy_is_a_usage_error_with_a_suggestion() -> None:
    result = _show("kasn-2018", "--lang", "en")
    assert result.exit_code == EXIT_BAD_INPUT and "kasn-2019" in result.output
