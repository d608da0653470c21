"""Scoring: exact totals, half-open bands, and the laws a score must obey."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from merit.engine.evaluate.scoring import band_of, round_total, score
from merit.engine.model import Aspect, IndicatorRef, Text


def _levels(kasn, value: int) -> dict[str, int]:
    return {ref.id: value for _, ref in kasn.indicators()}


@pytest.mark.parametrize(("total", "band"), [
    ("100", "buruk"), ("174.5", "buruk"), ("175", "kurang"), ("249.5", "kurang"),
    ("250", "baik"), ("324.5", "baik"), ("325", "sangat-baik"), ("400", "sangat-baik"),
])
def test_kasn_band_edges_are_half_open(kasn, total: str, band: str) -> None:
    assert band_of(kasn, Fraction(total)).id == band


def test_all_ones_is_100_and_all_fours_is_400(kasn) -> None:
    assert score(kasn, _levels(kasn, 1)).total == 100
    assert score(kasn, _levels(kasn, 4)).total == 400
    assert score(kasn, _levels(kasn, 4)).gap == 0


def test_a_total_of_exactly_325_is_sangat_baik_without_float_drift(kasn, rulebook) -> None:
    rules = [rulebook.rules[rid] for rid in sorted(rulebook.rules)[:5]]
    weights = ["0.1", "0.2", "0.3", "0.4"]
    groups = [rules[:2], rules[2:3], rules[3:4], rules[4:5]]
    aspects = tuple(
        Aspect(f"a{i}", Text("A", "A"), Fraction(w), "test", tuple(IndicatorRef(r, Fraction(1)) for r in g))
        for i, (w, g) in enumerate(zip(weights, groups)))
    policy = replace(kasn, aspects=aspects)
    levels = dict(zip([r.id for r in rules], [3, 4, 4, 3, 3]))
    result = score(policy, levels)
    assert result.raw_total == 325 and result.total == 325
    assert result.band.id == "sangat-baik"
    assert result.gap == 0


def test_gap_is_the_distance_to_the_target_threshold(kasn) -> None:
    result = score(kasn, _levels(kasn, 2))
    assert result.total == 200
    assert result.gap == 125
    assert result.target.id == "sangat-baik"


@pytest.mark.parametrize(("raw", "mode", "expected"), [
    ("324.99", "down", "324.5"), ("324.99", "half-up", "325"), ("324.74", "half-up", "324.5"),
    ("324.75", "half-up", "325"), ("325", "down", "325"),
])
def test_rounding_to_half_points(raw: str, mode: str, expected: str) -> None:
    assert round_total(Fraction(raw), Fraction("0.5"), mode) == Fraction(expected)


def test_float_weights_would_drift_but_fractions_do_not() -> None:
    assert sum([0.1] * 10) != 1.0  # ten aspects of 10% do not sum to 1 in floats
    assert sum([Fraction("0.1")] * 10) == 1


def test_weights_are_exact_fractions(kasn) -> None:
    assert sum(a.weight for a in kasn.aspects) == 1
    assert all(isinstance(a.weight, Fraction) for a in kasn.aspects)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_raising_one_level_never_lowers_the_total(kasn, data) -> None:
    ids = [ref.id for _, ref in kasn.indicators()]
    levels = {i: data.draw(st.integers(1, 4), label=i) for i in ids}
    raised = data.draw(st.sampled_from([i for i in ids if levels[i] < 4] or ids))
    before = score(kasn, levels)
    after = score(kasn, {**levels, raised: min(4, levels[raised] + 1)})
    assert after.total >= before.total
    assert after.raw_total >= before.raw_total
    assert kasn.bands.index(after.band) >= kasn.bands.index(before.band)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_totals_stay_in_range_on_half_point_steps(kasn, data) -> None:
    levels = {ref.id: data.draw(st.integers(1, 4)) for _, ref in kasn.indicators()}
    result = score(kasn, levels)
    assert 100 <= result.total <= 400
    assert (result.total * 2).denominator == 1
    assert sum(a.score for a in result.aspects) == result.raw_total


def test_rounding_down_never_overstates(kasn) -> None:
    policy = replace(kasn, scoring=replace(kasn.scoring, round_to=Fraction(5)))
    result = score(policy, _levels(kasn, 3) | {"pengadaan.pengadaan-terbuka": 4})
    assert result.total <= result.raw_total


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_raising_one_worksheet_score_never_lowers_the_index(rulebook, data) -> None:
    """The 2026 worksheet: scores 0-4, some questions not applicable, survey and correction."""
    from merit.engine.load.loader import load_policy
    from merit.engine.model import Correction, Survey

    worksheet = load_policy("permenpanrb-19-2025", rulebook)
    ids = [ref.id for _, ref in worksheet.indicators()]
    applicable = [i for i in ids if data.draw(st.booleans(), label=f"{i} applies") or i.endswith("a1q1")]
    levels = {i: data.draw(st.integers(0, 4), label=i) for i in applicable}
    survey = Survey(Fraction(data.draw(st.integers(0, 100))) / 100, "test")
    correction = Correction(Fraction(data.draw(st.integers(0, 10))) / 100, "test")
    raised = data.draw(st.sampled_from([i for i in applicable if levels[i] < 4] or applicable))
    before = score(worksheet, levels, survey, correction)
    after = score(worksheet, {**levels, raised: min(4, levels[raised] + 1)}, survey, correction)
    assert after.raw_total >= before.raw_total and after.total >= before.total
    assert worksheet.bands.index(after.band) >= worksheet.bands.index(before.band)
    assert 0 <= after.total <= 1
