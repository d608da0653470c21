"""The 0-4 scale of the 2026 worksheet, questions that apply only sometimes (`applies_when`),
the `agency` condition kind and `choice` statements, on a tiny rulebook of its own.

The rulebook: aspect x holds t.cum (cumulative, levels 0-4), t.free (not cumulative) and
t.gated (applies when the `gate` statement is answered `ya`); aspect y holds only t.local
(applies to regencies and cities). The policy is a maturity index on the 0-4 scale.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from merit.cli import EXIT_BAD_INPUT, main
from merit.engine.errors import InputError
from merit.engine.evaluate.scoring import score
from merit.engine.improve import gaps, plan
from merit.engine.load.loader import load_dossier, load_policy, load_rulebook
from merit.engine.pipeline import assess
from merit.engine.render.reference import render_rule
from merit.engine.render.report import build_report, render, validate_report

TEXT = {"id": "teks", "en": "text"}
KINDS = {"pusat": ["kementerian", "lembaga"], "provinsi": ["provinsi"], "kabkota": ["kabupaten", "kota"]}
VOCABULARY = {
    "kind": "vocabulary",
    "document_types": {f"d{n}": {"name": {"id": f"Dokumen {n}", "en": f"Document {n}"}, "act": "SK",
                                 "validity_years": None, "provenance": "test"} for n in range(1, 5)},
    "statements": {
        "gate": {"question": {"id": "Instansi membayar TPP", "en": "The agency pays TPP"}, "type": "choice",
                 "options": {"bukan_provkab": {"agency_kinds": KINDS["pusat"]}, "ya": None, "tidak": {}}},
        "jenis": {"question": {"id": "Jenis instansi", "en": "Kind of agency"}, "type": "choice",
                  "options": {name: {"agency_kinds": kinds} for name, kinds in KINDS.items()}},
    },
}


def _rule(rid: str, cumulative: bool = True, applies_when: Any = None, first: int = 0) -> dict[str, Any]:
    levels: list[dict[str, Any]] = [{"description": {"id": "belum ada", "en": "none"}}]
    for n in range(first + 1, 5):
        levels.append({"description": TEXT, "conditions": {"document": {"type": f"d{n}"}},
                       "evidence": [f"d{n}"], "effort": n, "remediation": [TEXT]})
    rule = {"kind": "rule", "id": rid, "levels_from": first, "cumulative": cumulative, "title": TEXT,
            "description": TEXT, "references": [{"regulation": "test"}], "provenance": TEXT, "levels": levels}
    if applies_when is not None:
        rule["applies_when"] = applies_when
    return rule


RULES = {
    "t.cum": _rule("t.cum"),
    "t.free": _rule("t.free", cumulative=False),
    "t.gated": _rule("t.gated", applies_when={"answer": {"key": "gate", "equals": "ya"}}),
    "t.local": _rule("t.local", applies_when={"agency": {"kind": ["kabupaten", "kota"]}}),
}


def _policy(min_level: int = 0) -> dict[str, Any]:
    return {
        "kind": "policy", "id": "t-2026", "name": TEXT, "provenance": "test", "target": "tinggi",
        "scoring": {"formula": "maturity-index", "scale": 1, "maturity_weight": 1, "survey_weight": 0,
                    "reference_level": 4, "min_level": min_level, "max_level": 4, "provenance": "test"},
        "bands": [{"id": "dasar", "name": {"id": "Dasar", "en": "Basic"}, "min": 0, "max": 0.5,
                   "provenance": "test"},
                  {"id": "tinggi", "name": {"id": "Tinggi", "en": "High"}, "min": 0.5, "max": 1,
                   "provenance": "test"}],
        "aspects": [
            {"id": "x", "name": {"id": "Aspek X", "en": "Aspect X"}, "weight": 0.5, "provenance": "test",
             "indicators": [{"rule": "t.cum"}, {"rule": "t.free"}, {"rule": "t.gated", "weight": 2}]},
            {"id": "y", "name": {"id": "Aspek Y", "en": "Aspect Y"}, "weight": 0.5, "provenance": "test",
             "indicators": [{"rule": "t.local"}]},
        ],
    }


def _write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    _write(tmp_path / "rules" / "vocabulary.yaml", VOCABULARY)
    for rid, rule in RULES.items():
        _write(tmp_path / "rules" / f"{rid}.yaml", rule)
    _write(tmp_path / "policy.yaml", _policy())
    return tmp_path


def _dossier(root: Path, kind: str = "provinsi", docs: tuple[str, ...] = (),
             statements: dict[str, Any] | None = None, claims: dict[str, int] | None = None) -> Path:
    _write(root / "agency.yaml", {"name": "Uji", "kind": kind, "assessment_year": 2025})
    _write(root / "documents.yaml", {"documents": [
        {"type": d, "number": f"{d}/2025", "title": d, "issued": "2025-01-02", "status": "ditetapkan"}
        for d in docs]})
    answers: dict[str, Any] = {"statements": statements or {}}
    if claims:
        answers["indicators"] = {rid: {"claimed_level": level} for rid, level in claims.items()}
    _write(root / "answers.yaml", answers)
    return root


def _assess(book: Path, **dossier: Any) -> Any:
    rulebook = load_rulebook([book / "rules"])
    policy = load_policy(str(book / "policy.yaml"), rulebook)
    data = load_dossier(_dossier(book / "dossier", **dossier), rulebook, policy)
    return assess(data, policy, rulebook)


# --- levels from 0 ---------------------------------------------------------------------------

def test_the_floor_is_level_0_and_every_step_starts_there(book: Path) -> None:
    found = _assess(book, statements={"gate": "ya"})
    assert found.levels() == {"t.cum": 0, "t.free": 0, "t.gated": 0}
    assert found.score.raw_total == 0 and found.score.band.id == "dasar"
    assert {(g.indicator, g.level, g.next_level) for g in gaps(found.policy, found.evaluation.indicators)} == {
        ("t.cum", 0, 1), ("t.free", 0, 1), ("t.gated", 0, 1)}
    result = plan(found.policy, found.levels(), found.score.raw_total, Fraction(1, 2))
    assert result.cheapest is not None
    assert all(step.from_level == 0 for step in result.cheapest.steps)
    assert result.best_raw_total == Fraction(1, 2)  # aspect y is not applicable to a province


def test_levels_0_to_4_cumulative_and_not(book: Path) -> None:
    found = _assess(book, docs=("d2", "d3"), statements={"gate": "ya"})
    assert found.level("t.cum") == 0  # level 1 (d1) is missing, so nothing above counts
    assert found.level("t.free") == 3
    assert found.level("t.gated") == 0
    found = _assess(book, docs=("d1", "d2", "d3", "d4"), statements={"gate": "ya"})
    assert found.levels() == {"t.cum": 4, "t.free": 4, "t.gated": 4}
    assert found.score.aspects[0].mean_level == 4 and found.score.aspects[0].score == Fraction(1, 2)


def test_a_level_0_report_shows_0_and_validates(book: Path) -> None:
    found = _assess(book, statements={"gate": "ya"})
    report = build_report(found, "en")
    validate_report(report)
    data = json.loads(render(report, "json"))
    assert [i["level"] for i in data["indicators"]][:3] == [0, 0, 0]
    assert "**0** / 4" in render(report, "md")
    assert "[level 0]" in render(report, "text")


def test_the_rule_reference_numbers_levels_from_0(book: Path) -> None:
    rulebook = load_rulebook([book / "rules"])
    text = render_rule(rulebook.rules["t.gated"], rulebook, [], "en")
    assert "Level 0" in text and "Level 4" in text and "Level 5" not in text
    assert "Applies only when" in text and "The agency pays TPP" in text


def test_claims_of_0_are_accepted_and_out_of_range_ones_are_not(book: Path) -> None:
    found = _assess(book, statements={"gate": "ya"}, claims={"t.cum": 0, "t.free": 2})
    assert found.dossier.claims["t.cum"].claimed_level == 0
    rulebook = load_rulebook([book / "rules"])
    kasn_rulebook = load_rulebook()
    with pytest.raises(InputError) as caught:
        load_dossier(_dossier(book / "kasn", claims={"perencanaan.anjab-abk": 0}), kasn_rulebook)
    assert [p.code for p in caught.value.problems] == ["dossier.claim_out_of_range"]
    with pytest.raises(InputError) as caught:
        load_dossier(_dossier(book / "five", claims={"t.cum": 5}), rulebook)
    assert caught.value.problems[0].json_path.endswith("claimed_level")


def test_a_policy_whose_indicators_do_not_run_over_its_scale_is_refused(book: Path) -> None:
    rulebook = load_rulebook([book / "rules"])
    with pytest.raises(InputError) as caught:
        load_policy(str(_write(book / "bad.yaml", _policy(min_level=1))), rulebook)
    codes = {p.code for p in caught.value.problems}
    assert codes == {"policy.level_scale"}
    assert len(caught.value.problems) == 4 and all(p.line > 1 for p in caught.value.problems)


def test_a_rule_needs_as_many_levels_as_its_scale(book: Path) -> None:
    short = _rule("t.short")
    short["levels"] = short["levels"][:4]
    _write(book / "rules" / "t.short.yaml", short)
    with pytest.raises(InputError) as caught:
        load_rulebook([book / "rules"])
    assert [p.code for p in caught.value.problems] == ["rule.level_count"]


# --- applies_when ----------------------------------------------------------------------------

def test_a_question_that_does_not_apply_drops_out_with_its_reason(book: Path) -> None:
    found = _assess(book, docs=("d1", "d2"), statements={"gate": "tidak"})
    assert found.levels() == {"t.cum": 2, "t.free": 2}
    result = found.evaluation.indicators["t.gated"]
    assert not result.applicable and result.next_unmet() is None
    assert "t.gated" not in {g.indicator for g in gaps(found.policy, found.evaluation.indicators)}
    assert found.score.aspects[0].mean_level == 2  # (2 + 2) / 2, t.gated's weight left out
    report = build_report(found, "id")
    validate_report(report)
    row = next(i for i in json.loads(render(report, "json"))["indicators"] if i["id"] == "t.gated")
    assert row["applicable"] is False
    assert row["not_applicable_reason"].startswith("Jawaban atas 'Instansi membayar TPP'")
    assert "(jawaban: tidak)" in row["not_applicable_reason"]
    for fmt_name in ("text", "md", "html"):
        assert "tidak berlaku: Jawaban atas" in render(report, fmt_name), fmt_name
    english = build_report(found, "en")
    assert "not applicable: The answer to" in render(english, "text")
    assert all("t.gated" not in [s.indicator for s in path.steps]
               for path in (plan(found.policy, found.levels(), found.score.raw_total, Fraction(1, 2)).cheapest,)
               if path is not None)


def test_applicable_rows_carry_no_applicability_keys(book: Path) -> None:
    found = _assess(book, statements={"gate": "ya"})
    rows = json.loads(render(build_report(found, "en"), "json"))["indicators"]
    assert all("applicable" not in row for row in rows if row["id"] != "t.local")


def _parts(found: Any) -> list[tuple[Fraction, Fraction, Fraction]]:
    return [(a.score, a.max_score, a.mean_level) for a in found.aspects]


@pytest.mark.parametrize("cum, free, gated, local", list(itertools.product(range(5), repeat=4))[::11])
def test_a_question_that_does_not_apply_changes_only_its_aspects_denominator(book: Path, cum: int, free: int,
                                                                            gated: int, local: int) -> None:
    """As XCCDF's notapplicable: the score is that of the same policy without the question,
    whatever level the question would have had."""
    rulebook = load_rulebook([book / "rules"])
    policy = load_policy(str(book / "policy.yaml"), rulebook)
    without = _policy()
    without["aspects"][0]["indicators"] = without["aspects"][0]["indicators"][:2]
    reduced = load_policy(str(_write(book / "reduced.yaml", without)), rulebook)
    levels = {"t.cum": cum, "t.free": free, "t.local": local}
    not_applicable, applicable = score(policy, levels), score(policy, {**levels, "t.gated": gated})
    assert _parts(not_applicable) == _parts(score(reduced, levels))
    assert not_applicable.raw_total == score(reduced, levels).raw_total
    assert _parts(applicable)[1] == _parts(not_applicable)[1]  # the other aspect is untouched
    assert applicable.aspects[0].max_score == not_applicable.aspects[0].max_score
    assert applicable.aspects[0].mean_level == Fraction(cum + free + 2 * gated, 4)
    assert not_applicable.aspects[0].mean_level == Fraction(cum + free, 2)


def test_an_aspect_with_no_applicable_question_scores_0_of_0(book: Path) -> None:
    found = _assess(book, docs=("d1", "d2", "d3", "d4"), statements={"gate": "ya"})
    y = found.score.aspects[1]
    assert (y.score, y.max_score, y.mean_level) == (0, 0, 0)
    # ASSUMPTION (scoring.py): its weight is not redistributed: the best total is 0.5 of 1.
    assert found.score.raw_total == Fraction(1, 2)
    report = build_report(found, "en")
    validate_report(report)
    assert "not applicable: The agency is one of: regency, city (kind of agency: province)" in render(report, "text")


# --- the agency kind condition and choice statements -----------------------------------------

def test_the_agency_condition_holds_for_the_kinds_it_lists(book: Path) -> None:
    found = _assess(book, kind="kota", docs=("d1",), statements={"gate": "ya"})
    assert found.levels()["t.local"] == 1
    assert found.score.aspects[1].max_score == Fraction(1, 2)


@pytest.mark.parametrize("kind, answer, ok", [("provinsi", "bukan_provkab", False), ("kementerian", "bukan_provkab", True),
                                              ("provinsi", "ya", True), ("provinsi", "tidak", True)])
def test_a_choice_meant_for_other_agencies_contradicts_agency_yaml(book: Path, kind: str, answer: str,
                                                                   ok: bool) -> None:
    root = _dossier(book / "d", kind=kind, statements={"gate": answer})
    result = CliRunner().invoke(main, ["validate", "--lang", "en", str(book / "rules" / "vocabulary.yaml"),
                                       str(root)])
    assert result.exit_code == (0 if ok else EXIT_BAD_INPUT), result.output
    if not ok:
        assert f"{root}/answers.yaml:2:9: answer 'bukan_provkab' to 'gate' fits only agencies of kind " \
               "kementerian, lembaga, but agency.yaml says the agency is a 'provinsi'" in result.output


def test_a_choice_answer_must_be_one_of_its_options(book: Path) -> None:
    root = _dossier(book / "d", statements={"jenis": "provinsii"})
    result = CliRunner().invoke(main, ["validate", "--lang", "en", str(book / "rules" / "vocabulary.yaml"),
                                       str(root)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "answers.yaml:2:10: 'provinsii' is not an option of statement 'jenis'" in result.output
    assert "(did you mean 'provinsi'?)" in result.output


def test_a_rule_comparing_a_choice_with_no_option_of_it_is_refused(book: Path) -> None:
    _write(book / "rules" / "t.gated.yaml", _rule("t.gated", applies_when={"answer": {"key": "gate", "equals": "yaa"}}))
    with pytest.raises(InputError) as caught:
        load_rulebook([book / "rules"])
    assert [(p.code, p.suggestion) for p in caught.value.problems] == [("rule.unknown_choice", "ya")]


# --- tailoring, fixtures and the reference on the 0-4 scale ----------------------------------

def test_a_policy_may_set_the_effort_of_the_step_to_level_1(book: Path) -> None:
    rulebook = load_rulebook([book / "rules"])
    tailored = {**_policy(), "efforts": {"t.cum.L1": 9}}
    policy = load_policy(str(_write(book / "tailored.yaml", tailored)), rulebook)
    assert next(ref.rule for _, ref in policy.indicators() if ref.id == "t.cum").level(1).effort == 9
    with pytest.raises(InputError) as caught:
        load_policy(str(_write(book / "floor.yaml", {**_policy(), "efforts": {"t.cum.L0": 9}})), rulebook)
    assert [p.code for p in caught.value.problems] == ["schema.form_level_id"]


def test_a_rule_fixture_may_expect_level_0_an_agency_kind_and_applicability(tmp_path: Path) -> None:
    from rule_fixture_schema import load_fixture

    path = _write(tmp_path / "t.local.yaml", {"cases": {"level0": {
        "agency_kind": "kota", "expect": {"level": 0, "held": [0], "applicable": True, "unmet": ["t.local.L1"]}}}})
    assert load_fixture(path)[1] == []


def test_the_policy_reference_says_when_a_rule_applies(book: Path) -> None:
    from merit.engine.render.reference import render_policy_markdown

    rulebook = load_rulebook([book / "rules"])
    text = render_policy_markdown(load_policy(str(book / "policy.yaml"), rulebook), rulebook, "en")
    assert "#### Level 0" in text
    assert "Applies only when (otherwise the indicator is not applicable and is left out of the score):\n\n" \
           "- The agency is one of: regency, city" in text
