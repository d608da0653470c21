"""Meta-tests of the condition kinds: every registered kind is one complete class.

Each kind in the registry must build from its YAML example through the loader, check its
vocabulary (problems at file:line:col), compile to a durable_rules pattern (atoms), evaluate,
say whether a policy may tailor it, and word itself once: the rule reference's sentence,
which a report repeats with what was measured after it.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, make_dossier
from merit.engine.errors import EngineError
from merit.engine.evaluate import conditions as cond
from merit.engine.evaluate.inference import dossier_facts, evaluate_rules
from merit.engine.i18n import LANGUAGES
from merit.engine.load.loader import ProblemCollector, _build_condition, load_dossier, load_policy
from merit.engine.load.schema import schema_text
from merit.engine.load.yamlfile import parse_yaml
from merit.engine.model import (
    DocumentType,
    Level,
    MetricDef,
    Rule,
    Rulebook,
    StatementDef,
    Text,
    Vocabulary,
    Where,
)
from merit.engine.pipeline import assess
from merit.engine.render.reference import describe_condition
from merit.engine.render.wording import describe

KINDS = sorted(cond.KINDS)
ATOMS = [k for k in KINDS if cond.KINDS[k].atomic]
COMPOSITES = [k for k in KINDS if not cond.KINDS[k].atomic]
ENGINE = Path(__file__).resolve().parent.parent / "engine"

# What the kinds' examples name.
VOCAB = Vocabulary(
    document_types={"anjab": DocumentType("anjab", Text("Analisis Jabatan", "Job analysis"),
                                          "PermenPANRB 1/2020", None, "test")},
    metrics={"assessed_share": MetricDef("assessed_share", Text("Proporsi pejabat terasesmen",
                                                                "Share of officials assessed"),
                                         "ratio")},
    statements={"team_formed": StatementDef("team_formed", Text("Tim dibentuk", "A team is formed"),
                                            "boolean")},
)
CTX = Rulebook({}, VOCAB)


def _build(kind: str, vocab: Vocabulary = VOCAB, spec: Any = None) -> tuple[cond.Condition, list]:
    """Kind `kind` built from its example (or `spec`) by the loader, as level 2 of a rule."""
    raw = {kind: cond.KINDS[kind].example if spec is None else spec}
    data = parse_yaml(yaml.safe_dump({"levels": [{}, {"conditions": raw}]}), "t.yaml")
    box = ProblemCollector()
    built = _build_condition(data["levels"][1]["conditions"], "r.L2", "t.yaml", data,
                             ["levels", 1, "conditions"], vocab, box)
    return built, box.problems


def _rule(condition: cond.Condition) -> Rule:
    text = Text("x", "x")
    return Rule("r", text, text, True, (), "test",
                (Level(1, text, None), Level(2, text, condition)), Where("t.yaml"))


# --- the registry and the schemas ------------------------------------------------------------

def test_the_registry_names_each_class_by_its_kind() -> None:
    for key, kind in cond.KINDS.items():
        assert kind.kind == key
        assert cond.kind_class(key) is kind


def test_an_unknown_kind_is_refused_with_a_suggestion() -> None:
    with pytest.raises(EngineError, match="did you mean 'metric'"):
        cond.kind_class("metrik")


def test_rule_json_holds_each_kinds_schema_fragment() -> None:
    defs = json.loads(schema_text("rule"))["$defs"]
    properties = defs["condition"]["properties"]
    assert set(properties) - {"id", "label"} == set(cond.KINDS)
    for key, kind in cond.KINDS.items():
        expected = {"$ref": f"#/$defs/{key}"} if kind.atomic else kind.schema
        assert properties[key] == expected, key
        if kind.atomic:
            assert defs[key] == kind.schema, key
    for name, fragment in cond.SHARED_SCHEMA_DEFS.items():
        assert defs[name] == fragment, name


def test_the_report_schema_lists_the_same_kinds() -> None:
    found = json.dumps(json.loads(schema_text("report")))
    enums = re.findall(r'"kind": \{"enum": (\[[^\]]*\])', found)
    assert [json.loads(e) for e in enums if "metric" in e] == [list(cond.KINDS)]


def test_no_stage_switches_on_condition_kinds() -> None:
    classes = "|".join(cls.__name__ for cls in cond.KINDS.values())
    pattern = re.compile(rf"isinstance\([^)]*\b({classes})\b|\.kind (==|!=|in) [(\"']")
    offenders = [f"{path.relative_to(ENGINE)}:{n}" for path in ENGINE.rglob("*.py")
                 if "conditions" not in path.parts
                 for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


# --- every kind, built from its example ----------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_builds_from_its_example_through_the_loader(kind: str) -> None:
    built, problems = _build(kind)
    assert problems == []
    assert type(built) is cond.KINDS[kind] and built.cid == "r.L2"
    assert cond.KINDS[kind].atomic == (not built.children())


@pytest.mark.parametrize("kind", KINDS)
def test_checks_its_vocabulary_with_file_line_col(kind: str) -> None:
    _, problems = _build(kind, Vocabulary())
    for problem in problems:
        assert problem.file == "t.yaml" and problem.line >= 2, problem
        assert problem.json_path.startswith("$.levels[1].conditions"), problem
        assert problem.code.startswith(("rule.", "condition.")), problem


@pytest.mark.parametrize("kind", ["document", "metric", "answer"])
def test_an_unknown_name_gets_a_did_you_mean(kind: str) -> None:
    spec = json.loads(json.dumps(cond.KINDS[kind].example).replace("anjab", "anjb")
                      .replace("assessed_share", "assesed_share").replace("team_formed", "team_form"))
    _, problems = _build(kind, spec=spec)
    assert len(problems) == 1 and problems[0].code.startswith("rule.unknown_")
    assert problems[0].suggestion in ("anjab", "assessed_share", "team_formed")
    assert (problems[0].line, problems[0].col) > (1, 1)


@pytest.mark.parametrize("kind", ATOMS)
def test_an_atom_compiles_and_evaluates_in_durable_rules(kind: str) -> None:
    built, _ = _build(kind)
    assert "$and" in built.pattern(2025)
    rich = make_dossier({"documents": [{"type": "anjab"}], "statements": {"team_formed": True},
                         "metrics": {"assessed_share": 0.9}}, VOCAB)
    poor = make_dossier({"agency_kind": "kota"}, VOCAB)
    for dossier, level, held in ((rich, 3, True), (poor, 1, False)):
        evaluation = evaluate_rules([_rule(built)], dossier_facts(dossier), 2025,
                                    given_levels={"perencanaan.anjab-abk": level})
        result = evaluation.indicators["r"].at(2).result
        assert result is not None and result.held is held and result.condition is built
        assert result.kind == kind and result.cid == built.cid
        assert isinstance(built.evidence(result, dossier), tuple)


@pytest.mark.parametrize("kind", COMPOSITES)
def test_a_composite_evaluates_and_waives_with_its_one_combinator(kind: str) -> None:
    built, _ = _build(kind)
    atoms = built.atoms()
    for pattern in itertools.product((False, True), repeat=len(atoms)):
        facts = cond.Facts({a.cid: ("f",) for a, on in zip(atoms, pattern) if on}, {})
        result = built.evaluate(facts)
        assert result.held == built.combine([child.held for child in result.children])
        waived = result.waive(frozenset({atoms[0].cid}))
        assert waived.held == built.combine([child.held for child in waived.children])


@pytest.mark.parametrize("kind", KINDS)
def test_declares_whether_a_policy_may_tailor_it(kind: str) -> None:
    cls = cond.KINDS[kind]
    declared = [k for k in cls.__mro__ if k is not cond.Condition and "tailorable" in vars(k)]
    assert declared, f"{kind} does not say whether it is tailorable"
    built, _ = _build(kind)
    assert isinstance(built.waivable, bool)
    if not cls.tailorable:
        assert not built.adjustable() and built.retune({built.cid: Fraction(1, 2)}) == built
    else:
        retuned = built.with_threshold(Fraction(1, 2))
        assert type(retuned) is cls and retuned != built
        if built.adjustable():
            assert built.retune({built.cid: Fraction(1, 2)}) == retuned


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_one_sentence_for_the_reference_and_the_report(kind: str, lang: str) -> None:
    built, _ = _build(kind)
    reference = built.describe(CTX, lang)
    assert reference and "{" not in reference
    assert describe_condition(built, VOCAB, lang) == reference
    facts = cond.Facts({}, {"metric:assessed_share": {"value": 0.75},
                            "answer:team_formed": {"value": False}})
    result = built.evaluate(facts)
    report = built.describe(CTX, lang, result)
    measured = report[len(reference):]
    assert report.startswith(reference) and (measured == "" or measured.startswith(" "))
    if built.atomic:
        assert re.fullmatch(r" \(.+\)", measured), report


def test_the_measured_value_is_in_the_thresholds_unit() -> None:
    built, _ = _build("metric")
    result = built.evaluate(cond.Facts({}, {"metric:assessed_share": {"value": 0.75}}))
    assert built.describe(CTX, "id", result) == (
        "Proporsi pejabat terasesmen: sekurang-kurangnya 80% (terukur: 75%)")
    assert built.describe(CTX, "en", result) == (
        "Share of officials assessed: at least 80% (measured: 75%)")


@pytest.mark.parametrize("policy_id", ["kasn-2019", "permenpanrb-19-2025"])
def test_reports_repeat_the_reference_sentence_of_every_condition(rulebook: Rulebook,
                                                                  policy_id: str) -> None:
    policy = load_policy(policy_id, rulebook)
    assessment = assess(load_dossier(EXAMPLE, rulebook, policy), policy, rulebook)
    for result in assessment.evaluation.indicators.values():
        for level in result.levels:
            stack = [level.result] if level.result else []
            while stack:
                node = stack.pop()
                stack += node.children
                assert node.condition is not None
                for lang in LANGUAGES:
                    reference = describe_condition(node.condition, rulebook.vocabulary, lang,
                                                   rulebook.rules)
                    assert describe(node, assessment, lang).startswith(reference), node.cid


def test_a_retuned_threshold_changes_the_sentence_only_in_its_number() -> None:
    built, _ = _build("metric")
    retuned = replace(built, value=0.9)
    assert retuned.describe(CTX, "en") == "Share of officials assessed: at least 90%"
