"""Tests whose expectations owe nothing to the code under test: literal values worked out by
hand, or a brute force that shares no code with engine/improve. Each was checked by
planting a realistic bug in the engine and seeing it fail (see the section headers).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from conftest import make_dossier
from merit.engine.errors import InputError
from merit.engine.evaluate.inference import dossier_facts, evaluate_rules
from merit.engine.evaluate.scoring import score
from merit.engine.improve import claim_gaps, plan
from merit.engine.improve.planner import step_points
from merit.engine.load.loader import default_expiry, load_policy, load_rulebook, shipped_dir
from merit.engine.measure import nip as nip_rules
from merit.engine.model import Aspect, IndicatorRef, Policy, Rulebook, Text

YEAR = 2025
RULE_HEAD = """kind: rule
id: {rid}
aspect: perencanaan-kebutuhan
title: {{id: "Aturan uji", en: "Test rule"}}
description: {{id: "Aturan uji", en: "Test rule"}}
references: [{{regulation: "PP 11/2017"}}]
provenance: {{id: "Aturan yang ditulis untuk uji.", en: "A rule written for a test."}}
cumulative: {cumulative}
levels:
  - level: 1
    description: {{id: "L1", en: "L1"}}
"""
LEVEL = """  - level: {n}
    description: {{id: "L{n}", en: "L{n}"}}
    conditions: {conditions}
"""


def _rulebook(tmp_path: Path, rid: str, conditions: list[str], cumulative: bool = True) -> Rulebook:
    """The shipped rules plus one test rule whose levels 2-4 have `conditions` (flow YAML)."""
    key = (rid, tuple(conditions), cumulative)
    if key in _RULEBOOKS:
        return _RULEBOOKS[key]
    text = RULE_HEAD.format(rid=rid, cumulative=str(cumulative).lower())
    text += "".join(LEVEL.format(n=n, conditions=c) for n, c in enumerate(conditions, start=2))
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / f"{rid}.yaml").write_text(text, "utf-8")
    _RULEBOOKS[key] = load_rulebook([folder], base=[shipped_dir("rules")])
    return _RULEBOOKS[key]


_RULEBOOKS: dict[tuple[str, tuple[str, ...], bool], Rulebook] = {}  # loading one takes ~0.2 s


def _level(rulebook: Rulebook, rid: str, documents: list[str], waived: frozenset[str] = frozenset()):
    dossier = make_dossier({"documents": [{"type": t} for t in documents]}, rulebook.vocabulary, YEAR)
    return evaluate_rules([rulebook.rules[rid]], dossier_facts(dossier), YEAR, waived=waived).indicators[rid]


# --- a. levels are cumulative: a level held above a failing one does not count ----------------
# Planted: `reached = held and (reached_so_far or not rule.cumulative)` -> `reached = held`
# (inference.level_rule), and, separately, the verified level taken from `lr.held`.

STEPPING = ["{document: {type: anjab}}", "{document: {type: abk}}", "{document: {type: peta-jabatan}}"]


@pytest.mark.parametrize(("documents", "level", "held"), [
    (["anjab", "peta-jabatan"], 2, [1, 2, 4]),   # level 4 holds above a failing level 3
    (["abk", "peta-jabatan"], 1, [1, 3, 4]),     # levels 3 and 4 hold above a failing level 2
    (["anjab", "abk", "peta-jabatan"], 4, [1, 2, 3, 4]),
])
def test_a_level_held_above_a_failing_one_does_not_count(tmp_path: Path, documents: list[str], level: int,
                                                         held: list[int]) -> None:
    rulebook = _rulebook(tmp_path, "uji.bertingkat", STEPPING)
    result = _level(rulebook, "uji.bertingkat", documents)
    assert (result.level, [lr.level for lr in result.levels if lr.held]) == (level, held)
    assert [lr.level for lr in result.levels if lr.reached] == list(range(1, level + 1))


def test_a_non_cumulative_rule_takes_its_highest_held_level(tmp_path: Path) -> None:
    rulebook = _rulebook(tmp_path, "uji.lepas", STEPPING, cumulative=False)
    assert _level(rulebook, "uji.lepas", ["abk", "peta-jabatan"]).level == 4
    assert _level(rulebook, "uji.lepas", ["anjab", "abk"]).level == 3


# --- b. aspect weights must sum to exactly 1 --------------------------------------------------
# Planted: `if total_weight != 1:` -> `if total_weight > 1:` (loader._check_policy).

EXTENSION = """kind: policy
id: uji-bobot
extends: kasn-2019
provenance: "A tailoring written for a test."
aspects:
  - {{id: pengembangan-karier, weight: {weight}, provenance: "test"}}
"""


@pytest.mark.parametrize(("weight", "total"), [("0.25", "0.95"), ("0.29", "0.99"), ("0.35", "1.05")])
def test_aspect_weights_not_summing_to_one_are_rejected(tmp_path: Path, rulebook: Rulebook, weight: str,
                                                        total: str) -> None:
    path = tmp_path / "uji.yaml"
    path.write_text(EXTENSION.format(weight=weight), "utf-8")
    with pytest.raises(InputError) as info:
        load_policy(str(path), rulebook)
    assert [(p.code, p.line) for p in info.value.problems] == [("policy.weights_sum", 6)]
    assert info.value.problems[0].render("en") == (
        f"{path}:6:3: aspect weights must sum to 1, found {total} [at $.aspects]")


# --- c. indicator weights other than 1 weigh by weight, not by count ---------------------------
# Planted: weighted_mean_level as sum(levels) / len(indicators) (scoring), and, separately,
# step_points as factor x aspect weight / len(indicators) (planner).

def _two_aspects(kasn: Policy, rulebook: Rulebook) -> Policy:
    """Aspect a (0.4): anjab-abk weight 3, pengadaan-terbuka weight 1; aspect b (0.6): simpeg."""
    def ref(rid: str, weight: int) -> IndicatorRef:
        return IndicatorRef(rulebook.rules[rid], Fraction(weight))

    aspects = (Aspect("a", Text("A", "A"), Fraction("0.4"), "test",
                      (ref("perencanaan.anjab-abk", 3), ref("pengadaan.pengadaan-terbuka", 1))),
               Aspect("b", Text("B", "B"), Fraction("0.6"), "test", (ref("sisinfo.simpeg", 1),)))
    return replace(kasn, aspects=aspects)


def test_indicator_weights_weigh_the_aspect_mean(kasn: Policy, rulebook: Rulebook) -> None:
    policy = _two_aspects(kasn, rulebook)
    levels = {"perencanaan.anjab-abk": 4, "pengadaan.pengadaan-terbuka": 1, "sisinfo.simpeg": 2}
    result = score(policy, levels)
    # a: mean (3 x 4 + 1 x 1) / 4 = 13/4 -> 100 x 0.4 x 13/4 = 130; b: 100 x 0.6 x 2 = 120.
    assert [(a.mean_level, a.score) for a in result.aspects] == [(Fraction(13, 4), 130), (2, 120)]
    assert (result.raw_total, result.total, result.band.id) == (250, 250, "baik")


def test_indicator_weights_set_what_a_step_is_worth(kasn: Policy, rulebook: Rulebook) -> None:
    # 100 x 0.4 x 3/4 = 30, 100 x 0.4 x 1/4 = 10, 100 x 0.6 = 60.
    assert step_points(_two_aspects(kasn, rulebook)) == {
        "perencanaan.anjab-abk": 30, "pengadaan.pengadaan-terbuka": 10, "sisinfo.simpeg": 60}


# --- d. the plan under half-up rounding, against a brute force of its own ----------------------
# Planted: needed_raw returning `threshold - step` instead of `threshold - step / 2`, and,
# separately, Score.gap computed from raw_total (the latter fails tests/policies fixtures too).

BRUTE_RULES = ("perencanaan.anjab-abk", "pengadaan.pengadaan-terbuka", "karier.manajemen-talenta",
               "sisinfo.simpeg")  # no level of these depends on another indicator
BRUTE_WEIGHTS = ("0.3", "0.2", "0.4", "0.1")


def _one_per_aspect(base: Policy, rulebook: Rulebook, round_to: str, rounding: str = "half-up") -> Policy:
    aspects = tuple(Aspect(rid, Text(rid, rid), Fraction(w), "test", (IndicatorRef(rulebook.rules[rid], Fraction(1)),))
                    for rid, w in zip(BRUTE_RULES, BRUTE_WEIGHTS))
    return replace(base, aspects=aspects,
                   scoring=replace(base.scoring, rounding=rounding, round_to=Fraction(round_to)))


def _my_raw(policy: Policy, levels: dict[str, int], survey: Fraction) -> Fraction:
    """The raw total written out from the policy's definition (one indicator per aspect)."""
    s = policy.scoring
    if s.formula == "maturity-index":
        return s.scale * (s.maturity_weight * sum(Fraction(w) * levels[r] / s.reference_level
                                                  for r, w in zip(BRUTE_RULES, BRUTE_WEIGHTS))
                          + s.survey_weight * survey)
    return s.scale * sum(Fraction(w) * levels[r] for r, w in zip(BRUTE_RULES, BRUTE_WEIGHTS))


def _my_round(raw: Fraction, step: Fraction, mode: str = "half-up") -> Fraction:
    return math.floor(raw / step + (Fraction(1, 2) if mode == "half-up" else 0)) * step


def _my_outcomes(policy: Policy, rulebook: Rulebook, start: dict[str, int],
                 survey: Fraction) -> list[tuple[Fraction, Fraction]]:
    """(rounded total, effort) of every combination of levels at or above `start`."""
    found = []
    for combo in itertools.product(*(range(start[r], 5) for r in BRUTE_RULES)):
        levels = dict(zip(BRUTE_RULES, combo))
        rounded = _my_round(_my_raw(policy, levels, survey), policy.scoring.round_to, policy.scoring.rounding)
        effort = sum((rulebook.rules[r].level(n).effort or Fraction(1)
                      for r in BRUTE_RULES for n in range(start[r] + 1, levels[r] + 1)), start=Fraction(0))
        found.append((rounded, effort))
    return found


# Thresholds on the rounding grid (band edges as shipped) and off it (150 with steps of 20:
# the least rounded total reaching it is 160; the planner used to aim at 140 there).
BRUTE_CASES = [  # (policy, round_to, rounding, survey, thresholds)
    ("kasn-2019", "20", "half-up", Fraction(0), [150, 200, 240, 260, 300, 340, 400]),
    ("kasn-2019", "0.5", "half-up", Fraction(0), [175, 250, 325]),
    ("kasn-2019", "20", "down", Fraction(0), [150, 240, 330]),
    ("permenpanrb-19-2025", "0.01", "half-up", Fraction("0.2"), [Fraction("0.41"), Fraction("0.61"), Fraction("0.71")]),
    ("permenpanrb-19-2025", "0.1", "half-up", Fraction("0.3"), [Fraction("0.5"), Fraction("0.7"), Fraction("0.8")]),
]


@pytest.mark.parametrize(("policy_id", "round_to", "rounding", "survey", "thresholds"), BRUTE_CASES,
                         ids=[f"{c[0]}-{c[2]}-step{c[1]}" for c in BRUTE_CASES])
def test_the_plan_under_half_up_rounding_matches_a_brute_force(rulebook: Rulebook, policy_id: str, round_to: str,
                                                                rounding: str, survey: Fraction,
                                                                thresholds: list[Fraction]) -> None:
    policy = _one_per_aspect(load_policy(policy_id, rulebook), rulebook, round_to, rounding)
    starts = [*itertools.product((1, 3), repeat=len(BRUTE_RULES)), (2, 2, 2, 2), (1, 2, 3, 4)]
    for start_levels in starts:
        start = dict(zip(BRUTE_RULES, start_levels))
        raw = _my_raw(policy, start, survey)
        outcomes = _my_outcomes(policy, rulebook, start, survey)
        for threshold in map(Fraction, thresholds):
            result = plan(policy, start, raw, threshold)
            expected = min((effort for rounded, effort in outcomes if rounded >= threshold), default=None)
            assert result.reachable == (expected is not None), (start, threshold)
            if expected is None:
                continue
            assert result.cheapest is not None and result.cheapest.effort == expected, (start, threshold)
            after = {**start, **{s.indicator: s.to_level for s in result.cheapest.steps}}
            assert _my_round(_my_raw(policy, after, survey), Fraction(round_to), rounding) >= threshold


def test_the_gap_is_taken_from_the_rounded_total(kasn: Policy, rulebook: Rulebook) -> None:
    policy = replace(_one_per_aspect(kasn, rulebook, "20"), bands=kasn.bands)
    # raw 100 x (0.3 x 4 + 0.2 x 4 + 0.4 x 3 + 0.1 x 4) = 360 -> rounded 360: gap 0.
    # raw 100 x (0.3 x 3 + 0.2 x 1 + 0.4 x 4 + 0.1 x 2) = 290 -> half-up to 300: gap 25 (not 35).
    low = {"perencanaan.anjab-abk": 3, "pengadaan.pengadaan-terbuka": 1, "karier.manajemen-talenta": 4,
           "sisinfo.simpeg": 2}
    result = score(policy, low)
    assert (result.raw_total, result.total, result.band.id, result.gap) == (290, 300, "baik", 25)


# --- e. NIP boundaries, literal, in both implementations ---------------------------------------
# Planted (in both at once): sex digits [1, 2] -> [0, 1, 2]; `<` -> `<=` against the 18th
# birthday's month; the leap-year rule without the century exception (key version).

NIP_CASES = [  # (NIP, expected problem: None or one of nip_rules.NIP_PROBLEMS)
    ("198005152005011001", None),               # born 15 May 1980, CPNS January 2005, male, 001
    ("198005152005012999", None),               # female
    ("198005152005010001", "nip_sex"),          # sex digit 0
    ("198005152005013001", "nip_sex"),          # sex digit 3
    ("198005152005019001", "nip_sex"),
    ("198005151998051001", None),               # CPNS in the month of the 18th birthday
    ("198005151998041001", "nip_cpns_age"),     # CPNS the month before
    ("198012311998121001", None),
    ("198012311998111001", "nip_cpns_age"),
    ("190002291920011001", "nip_birth_date"),   # 29 February 1900: not a leap year
    ("200002292018021001", None),               # 29 February 2000: a leap year
    ("199602292015011001", None),
    ("199702292015011001", "nip_birth_date"),
    ("198013012005011001", "nip_birth_date"),   # month 13
    ("198004312005011001", "nip_birth_date"),   # 31 April
    ("198005002005011001", "nip_birth_date"),   # day 0
    ("198005152005001001", "nip_cpns_date"),    # CPNS month 00
    ("198005152005131001", "nip_cpns_date"),    # CPNS month 13
]


def _code(name: str | None) -> int | None:
    return None if name is None else nip_rules.NIP_PROBLEMS.index(name) + 1


@pytest.mark.parametrize(("nip", "problem"), NIP_CASES, ids=[n for n, _ in NIP_CASES])
def test_nip_rules_from_the_text(nip: str, problem: str | None) -> None:
    assert pl.select(nip_rules.nip_problem_number(pl.lit(nip))).item() == _code(problem)


@pytest.mark.parametrize(("nip", "problem"), NIP_CASES, ids=[n for n, _ in NIP_CASES])
def test_nip_rules_from_the_integer_key(nip: str, problem: str | None) -> None:
    assert pl.select(nip_rules.nip_problem_from_key(pl.lit(int(nip), pl.Int64))).item() == _code(problem)


@pytest.mark.parametrize("nip", ["19800515200501100", "1980051520050110011", "19800515 2005011001x"])
def test_a_nip_not_of_18_digits_is_a_format_problem(nip: str) -> None:
    assert pl.select(nip_rules.nip_problem_number(pl.lit(nip))).item() == _code("nip_format")


# --- f. documents in force on the validity boundary -------------------------------------------
# Planted: the in-force test `until_year >= year` -> `until_year > year` (conditions), and
# default_expiry without its `- 1` (a 3-year document then runs into a fourth year).

@pytest.mark.parametrize(("spec", "level"), [
    ({"type": "abk", "valid_until": "2025-01-01"}, 3),      # ends on the first day of the year
    ({"type": "abk", "valid_until": "2025-12-31"}, 3),
    ({"type": "abk", "valid_until": "2024-12-31"}, 2),      # ended the day before the year
    ({"type": "abk", "issued": "2025-12-31"}, 3),           # enacted on the year's last day
    ({"type": "abk", "issued": "2026-01-01"}, 2),           # enacted the day after
])
def test_a_document_counts_in_every_year_it_is_in_force(rulebook: Rulebook, spec: dict[str, str],
                                                         level: int) -> None:
    dossier = make_dossier({"documents": [{"type": "anjab"}, spec]}, rulebook.vocabulary, YEAR)
    rule = rulebook.rules["perencanaan.anjab-abk"]
    assert evaluate_rules([rule], dossier_facts(dossier), YEAR).indicators[rule.id].level == level


@pytest.mark.parametrize(("issued", "until"), [
    (date(2023, 1, 1), date(2025, 12, 31)),    # 3 years: 2023, 2024, 2025
    (date(2022, 12, 31), date(2024, 12, 31)),  # 3 years: 2022, 2023, 2024
    (date(2024, 2, 29), date(2026, 12, 31)),
])
def test_a_three_year_document_runs_three_calendar_years(rulebook: Rulebook, issued: date, until: date) -> None:
    assert rulebook.vocabulary.document_types["profil-kompetensi"].validity_years == 3
    assert default_expiry(rulebook.vocabulary, "profil-kompetensi", issued) == until


def test_a_one_year_document_runs_its_own_year_only(rulebook: Rulebook) -> None:
    assert rulebook.vocabulary.document_types["rencana-suksesi"].validity_years == 1
    assert default_expiry(rulebook.vocabulary, "rencana-suksesi", date(2025, 12, 31)) == date(2025, 12, 31)
    assert default_expiry(rulebook.vocabulary, "anjab", date(2025, 1, 1)) is None  # open-ended type


# --- g. waivers inside `any` and `not` ---------------------------------------------------------
# Planted: in NodeResult.waive, `"any": any(...)` -> `"any": all(...)`, and, separately,
# `"not": not children[0].held` -> `"not": children[0].held`.

ANY_NOT = [
    "{any: [{document: {type: anjab}}, {document: {type: abk}}]}",
    "{all: [{document: {type: anjab}}, {not: {document: {type: peta-jabatan}}}]}",
    "{document: {type: rencana-kebutuhan}}",
]


@pytest.mark.parametrize(("documents", "waived", "level"), [
    ([], [], 1),
    ([], ["uji.cabang.L2.1"], 2),                             # one waived branch carries the `any`
    (["abk"], ["uji.cabang.L3.0"], 4),                        # L3: anjab waived, `not` holds
    (["anjab", "peta-jabatan"], [], 2),                       # the `not` fails
    (["anjab", "peta-jabatan"], ["uji.cabang.L3.1"], 4),      # the `not` itself waived: holds
    (["anjab"], [], 4),
    (["anjab"], ["uji.cabang.L3.1.0"], 2),  # the atom under `not` counts as held (README): `not` fails
])
def test_waivers_inside_any_and_not(tmp_path: Path, documents: list[str], waived: list[str], level: int) -> None:
    rulebook = _rulebook(tmp_path, "uji.cabang", ANY_NOT)
    result = _level(rulebook, "uji.cabang", [*documents, "rencana-kebutuhan"], frozenset(waived))
    assert result.level == level


def test_a_waived_branch_shows_as_waived_and_the_any_as_held(tmp_path: Path) -> None:
    rulebook = _rulebook(tmp_path, "uji.cabang", ANY_NOT)
    node = _level(rulebook, "uji.cabang", [], frozenset({"uji.cabang.L2.1"})).at(2).result
    assert (node.held, [(c.cid, c.held, c.waived) for c in node.children]) == (
        True, [("uji.cabang.L2.0", False, False), ("uji.cabang.L2.1", True, True)])


# --- h. claims more than one level above the evidence ------------------------------------------
# Planted: claim_gaps collecting only the next level's unmet conditions
# (`range(result.level + 1, claim + 1)` -> `range(result.level + 1, result.level + 2)`).

@pytest.mark.parametrize(("documents", "claimed", "missing"), [
    # L2: Anjab; L3 adds ABK (L3.0); L4 adds the position map (L4.0): levels list only what they add
    ([], 4, ["perencanaan.anjab-abk.L2", "perencanaan.anjab-abk.L3.0", "perencanaan.anjab-abk.L4.0"]),
    (["anjab"], 4, ["perencanaan.anjab-abk.L3.0", "perencanaan.anjab-abk.L4.0"]),
    (["anjab"], 3, ["perencanaan.anjab-abk.L3.0"]),
    (["peta-jabatan"], 4, ["perencanaan.anjab-abk.L2", "perencanaan.anjab-abk.L3.0"]),
])
def test_a_claim_several_levels_up_lists_every_missing_condition(kasn: Policy, rulebook: Rulebook,
                                                                  documents: list[str], claimed: int,
                                                                  missing: list[str]) -> None:
    rule = rulebook.rules["perencanaan.anjab-abk"]
    dossier = make_dossier({"documents": [{"type": t} for t in documents]}, rulebook.vocabulary, YEAR)
    results = evaluate_rules([rule], dossier_facts(dossier), YEAR).indicators
    policy = replace(kasn, aspects=(Aspect("a", Text("A", "A"), Fraction(1), "test", (IndicatorRef(rule, Fraction(1)),)),))
    [gap] = claim_gaps(policy, results, {rule.id: claimed})
    assert (gap.claimed_level, gap.verified_level) == (claimed, results[rule.id].level)
    assert sorted(node.cid for node in gap.missing) == missing
