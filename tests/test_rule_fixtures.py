"""Data-driven fixtures: tests/rules/<rule-id>.yaml holds cases with the expected level.

Each case gives the evidence (documents, statements, metrics, and the levels of other
indicators it depends on) and the level the rule must verify; optionally the levels whose
own conditions hold (`held`) and the exact set of unmet conditions of the next level
(`unmet`). Test ids read `<rule>_<case>`, so `pytest -k karier.manajemen-talenta` runs one
rule's cases. Every file is checked against tests/rules/fixture.schema.json first: a file
with an unknown key (a typo such as `statments:`) runs none of its cases and fails
`test_fixture_file_matches_the_schema` with the key's file:line:col.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import RULE_FIXTURES, make_dossier
from merit.engine.evaluate.inference import dossier_facts, evaluate_rules
from merit.engine.model import Rulebook
from rule_fixture_schema import load_fixture

FIXTURE_FILES = sorted(RULE_FIXTURES.glob("*.yaml"))


def _cases() -> list[Any]:
    """The cases of every fixture file the schema accepts (the others fail below)."""
    params = []
    for path in FIXTURE_FILES:
        data, problems = load_fixture(path)
        if problems:
            continue
        for name, case in data["cases"].items():
            params.append(pytest.param(path.stem, case, id=f"{path.stem}_{name}"))
    return params


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture_file_matches_the_schema(path: Path) -> None:
    problems = load_fixture(path)[1]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_fixture(rule_id: str, case: dict[str, Any], rulebook: Rulebook) -> None:
    rule = rulebook.rules[rule_id]
    year = case.get("year", 2025)
    dossier = make_dossier(case, rulebook.vocabulary, year)
    evaluation = evaluate_rules([rule], dossier_facts(dossier), year, case.get("levels", {}))
    result = evaluation.indicators[rule_id]
    assert result.level == case["expect"]["level"], case.get("why", "")
    if "held" in case["expect"]:
        assert [lr.level for lr in result.levels if lr.held] == case["expect"]["held"]
    if "applicable" in case["expect"]:
        assert result.applicable == case["expect"]["applicable"], case.get("why", "")
    if "unmet" in case["expect"]:
        upcoming = result.next_unmet()
        unmet = sorted(node.cid for node in upcoming[1]) if upcoming else []
        assert unmet == sorted(case["expect"]["unmet"])


def test_every_rule_has_a_fixture_per_level(rulebook: Rulebook) -> None:
    covered: dict[str, set[int]] = {}
    for path in FIXTURE_FILES:
        data = load_fixture(path)[0]
        covered[path.stem] = {case["expect"]["level"] for case in data["cases"].values()}
    missing = {rid: sorted(set(range(rule.levels_from, rule.top + 1)) - covered.get(rid, set()))
               for rid, rule in rulebook.rules.items()}
    assert {rid: levels for rid, levels in missing.items() if levels} == {}


def test_fixture_files_name_known_rules(rulebook: Rulebook) -> None:
    unknown = [p.name for p in Path(RULE_FIXTURES).glob("*.yaml") if p.stem not in rulebook.rules]
    assert unknown == []


def test_a_misspelt_key_fails_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "perencanaan.anjab-abk.yaml"
    path.write_text("cases:\n  level2:\n    documents: [{type: anjab, isued: 2024-01-01}]\n"
                    "    statments: {x: true}\n    expect: {level: 2, unmett: []}\n", "utf-8")
    assert load_fixture(path)[1] == [
        f"{path}:3:31: unknown key 'isued' at cases/level2/documents/0/isued",
        f"{path}:4:5: unknown key 'statments' at cases/level2/statments",
        f"{path}:5:24: unknown key 'unmett' at cases/level2/expect/unmett",
    ]


def test_every_gated_rule_has_a_not_applicable_case(rulebook: Rulebook) -> None:
    """A rule with applies_when needs a case where it does not apply (expect.applicable: false)."""
    gated = {rid for rid, rule in rulebook.rules.items() if rule.applies_when is not None}
    shown = {path.stem for path in FIXTURE_FILES
             if any(case["expect"].get("applicable") is False for case in load_fixture(path)[0]["cases"].values())}
    assert sorted(gated - shown) == []
