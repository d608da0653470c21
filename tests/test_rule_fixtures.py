"""Data-driven fixtures: tests/rules/<rule-id>.yaml holds cases with the expected level.

Each case gives the evidence (documents, statements, metrics, and the levels of other
indicators it depends on) and the level the rule must verify. Test ids read
`<rule>_<case>`, so `pytest -k karier.manajemen-talenta` runs one rule's cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RULE_FIXTURES, make_dossier
from merit.engine.evaluate.inference import dossier_facts, evaluate_rules
from merit.engine.model import Rulebook


def _cases() -> list[Any]:
    params = []
    for path in sorted(RULE_FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for name, case in data["cases"].items():
            params.append(pytest.param(path.stem, case, id=f"{path.stem}_{name}"))
    return params


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


def test_every_rule_has_a_fixture_per_level(rulebook: Rulebook) -> None:
    covered: dict[str, set[int]] = {}
    for path in RULE_FIXTURES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        covered[path.stem] = {case["expect"]["level"] for case in data["cases"].values()}
    missing = {rid: sorted({1, 2, 3, 4} - covered.get(rid, set())) for rid in rulebook.rules}
    assert {rid: levels for rid, levels in missing.items() if levels} == {}


def test_fixture_files_name_known_rules(rulebook: Rulebook) -> None:
    unknown = [p.name for p in Path(RULE_FIXTURES).glob("*.yaml") if p.stem not in rulebook.rules]
    assert unknown == []
