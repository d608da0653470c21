"""KASN 2019 totals as published: every total from 100 to 400 in steps of 0.5 can be
reached. The totals are enumerated from policies/kasn-2019.yaml itself (aspect weight x
indicator weight over the aspect's weights, levels 1-4, scale 100), not from the scoring
code, so that the policy file and the code are checked against each other."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import yaml
from merit.engine.evaluate.scoring import score

POLICY = Path(__file__).resolve().parents[1] / "policies" / "kasn-2019.yaml"


def _points_per_level(data: dict) -> dict[str, Fraction]:
    """What one level step of each indicator adds to the total, from the file."""
    scale = Fraction(str(data["scoring"]["scale"]))
    found = {}
    for aspect in data["aspects"]:
        refs = aspect["indicators"]
        weights = [Fraction(str(ref.get("weight", 1))) for ref in refs]
        for ref, weight in zip(refs, weights):
            found[ref["rule"]] = scale * Fraction(str(aspect["weight"])) * weight / sum(weights)
    return found


def _reachable(steps: dict[str, Fraction]) -> set[Fraction]:
    totals = {Fraction(100)}  # every indicator at level 1
    for step in steps.values():
        totals = {t + step * k for t in totals for k in range(4)}
    return totals


def test_every_half_point_total_from_100_to_400_is_reachable() -> None:
    steps = _points_per_level(yaml.safe_load(POLICY.read_text(encoding="utf-8")))
    wanted = {Fraction(100) + Fraction(k, 2) for k in range(601)}
    reachable = _reachable(steps)
    assert wanted - reachable == set()
    assert reachable <= wanted  # no total off the 0.5 grid: nothing to round


def test_published_totals_are_reachable() -> None:
    steps = _points_per_level(yaml.safe_load(POLICY.read_text(encoding="utf-8")))
    reachable = _reachable(steps)
    for published in ("375.5", "279", "149.5", "183.5", "166", "232", "271.5", "340.5", "362.5", "287.5"):
        assert Fraction(published) in reachable


def test_the_weights_are_marked_as_assumptions_in_both_languages() -> None:
    data = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    assert "ASUMSI" in data["provenance"]["id"] and "Bobot indikator" in data["provenance"]["id"]
    assert "ASSUMPTION" in data["provenance"]["en"] and "indicator weights" in data["provenance"]["en"]
    for aspect in data["aspects"]:
        assert all("weight" in ref for ref in aspect["indicators"]), aspect["id"]
        assert "ASUMSI" in aspect["provenance"]["id"] and "ASSUMPTION" in aspect["provenance"]["en"]


def test_the_file_and_the_scoring_code_agree(kasn) -> None:
    steps = _points_per_level(yaml.safe_load(POLICY.read_text(encoding="utf-8")))
    rng = random.Random(9)
    for _ in range(50):
        levels = {rid: rng.randint(1, 4) for rid in steps}
        expected = 100 + sum(steps[rid] * (level - 1) for rid, level in levels.items())
        assert score(kasn, levels).raw_total == expected
