"""Each trap of durable_rules 2.0.28 (design.md), shown on the raw library and then
shown handled by merit's inference layer."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import EXAMPLE, make_dossier
from durable.engine import MessageNotHandledException, MessageObservedException
from merit.engine.errors import EngineError
from merit.engine.evaluate import inference
from merit.engine.evaluate.inference import (
    MAX_RULES_PER_RULESET,
    _QuietHost,
    compile_rulesets,
    dossier_facts,
    evaluate,
    evaluate_rules,
)
from merit.engine.load.loader import load_dossier, load_rulebook
from merit.engine.pipeline import assess, read_dossier

VOCAB = """
kind: vocabulary
document_types:
  surat:
    name: {id: Surat, en: Letter}
    act: SK
    validity_years: null
    provenance: test
"""


def _rule(rule_id: str, level2: str, level3: str = "document: {type: surat, min_count: 3}",
          level4: str = "document: {type: surat, min_count: 4}") -> str:
    levels = "\n".join(
        f"""  - level: {n}
    description: {{id: L{n}, en: L{n}}}
    conditions:
      {cond}"""
        for n, cond in ((2, level2), (3, level3), (4, level4)))
    return f"""kind: rule
id: {rule_id}
title: {{id: T, en: T}}
description: {{id: D, en: D}}
references: [{{regulation: test}}]
provenance: {{id: uji, en: test}}
levels:
  - level: 1
    description: {{id: L1, en: L1}}
{levels}
"""


@pytest.fixture()
def count_book(tmp_path: Path):
    (tmp_path / "vocab.yaml").write_text(VOCAB)
    (tmp_path / "count.yaml").write_text(_rule("t.count", "document: {type: surat, min_count: 2}"))
    return load_rulebook([tmp_path])


def _host_quiet(definitions):
    host = _QuietHost()
    host.set_rulesets(definitions)
    return host


def test_set_rulesets_mutates_its_argument_so_merit_passes_a_copy(kasn) -> None:
    raw = {"t_mut": {"r": {"all": [{"m": {"kind": "x"}}], "run": lambda c: None}}}
    _host_quiet(raw)
    assert "run" not in raw["t_mut"]["r"]  # the trap itself
    session = inference._Session([ref.rule for _, ref in kasn.indicators()], 2025)
    try:
        assert all("run" in rule for rs in session.definitions.values() for rule in rs.values())
    finally:
        session.close()


def test_a_ruleset_name_registers_once_so_each_evaluation_gets_fresh_names(kasn) -> None:
    host = _QuietHost()
    host.set_rulesets({"t_twice": {"r": {"all": [{"m": {"kind": "x"}}], "run": lambda c: None}}})
    with pytest.raises(Exception, match="already registered"):
        host.set_rulesets({"t_twice": {"r": {"all": [{"m": {"kind": "x"}}], "run": lambda c: None}}})
    rules = [ref.rule for _, ref in kasn.indicators()]
    first = compile_rulesets(rules, 2025, lambda cid: lambda c: None)
    second = compile_rulesets(rules, 2025, lambda cid: lambda c: None)
    assert set(first).isdisjoint(second)


def test_identical_facts_clash_without_ids_but_merit_counts_each(count_book) -> None:
    host = _host_quiet({"t_same": {"r": {"all": [{"m": {"kind": "d"}}], "run": lambda c: None}}})
    host.assert_fact("t_same", {"kind": "d", "n": 1})
    with pytest.raises(MessageObservedException):
        host.assert_fact("t_same", {"kind": "d", "n": 1})
    twins = make_dossier({"documents": [{"type": "surat"}, {"type": "surat"}]}, count_book.vocabulary)
    result = evaluate_rules(list(count_book.rules.values()), dossier_facts(twins), 2025)
    assert result.indicators["t.count"].level == 2


def test_a_fact_no_rule_matches_raises_in_the_library_but_not_in_merit(count_book) -> None:
    host = _host_quiet({"t_nh": {"r": {"all": [{"m": {"kind": "d"}}], "run": lambda c: None}}})
    with pytest.raises(MessageNotHandledException):
        host.assert_fact("t_nh", {"id": 1, "kind": "other"})
    facts = [{"id": "answer:x", "kind": "answer", "key": "x", "value": True}]
    result = evaluate_rules(list(count_book.rules.values()), facts, 2025)
    assert result.indicators["t.count"].level == 1


def test_an_exception_inside_an_action_is_swallowed_by_the_library_and_raised_by_merit(
        count_book, monkeypatch) -> None:
    def boom(c):
        raise ValueError("boom")
    host = _host_quiet({"t_exc": {"r": {"all": [{"m": {"kind": "d"}}], "run": boom}}})
    host.assert_fact("t_exc", {"id": 1, "kind": "d"})  # no exception here...
    assert "boom" in host.get_state("t_exc")["exception"]  # ...it sits in the state
    monkeypatch.setattr(inference._Session, "_recorder", lambda self, cid: boom)
    facts = dossier_facts(make_dossier({"documents": [{"type": "surat"}]}, count_book.vocabulary))
    with pytest.raises(EngineError, match="boom"):
        evaluate_rules(list(count_book.rules.values()), facts, 2025)


def test_a_fact_with_too_many_properties_is_refused_before_the_c_limit() -> None:
    fact = {"id": "x", "kind": "answer", **{f"p{i}": i for i in range(300)}}
    with pytest.raises(EngineError, match="255"):
        inference._check_fact(fact)


def test_many_conditions_are_split_over_several_rulesets(tmp_path: Path) -> None:
    (tmp_path / "vocab.yaml").write_text(VOCAB)
    for i in range(60):  # 60 rules x 3 atoms = 180 atoms > MAX_RULES_PER_RULESET
        (tmp_path / f"r{i}.yaml").write_text(_rule(f"t.r{i}", "document: {type: surat, min_count: 1}"))
    book = load_rulebook([tmp_path])
    rules = list(book.rules.values())
    definitions = compile_rulesets(rules, 2025, lambda cid: lambda c: None)
    assert len(definitions) >= 2
    assert all(len(rs) <= MAX_RULES_PER_RULESET + 1 for rs in definitions.values())
    facts = dossier_facts(make_dossier({"documents": [{"type": "surat"}] * 3}, book.vocabulary))
    result = evaluate_rules(rules, facts, 2025)
    assert {r.level for r in result.indicators.values()} == {3}


def test_no_dispatch_threads_are_left_behind(kasn, rulebook) -> None:
    dossier = load_dossier(EXAMPLE, rulebook, kasn)
    evaluate(kasn, dossier)
    before = threading.active_count()
    for _ in range(5):
        evaluate(kasn, dossier)
    assert threading.active_count() == before


def test_the_catch_all_rule_avoids_the_nex_pattern_that_hangs_the_engine(kasn) -> None:
    rules = [ref.rule for _, ref in kasn.indicators()]
    definitions = compile_rulesets(rules, 2025, lambda cid: lambda c: None)
    assert "$nex" not in repr(definitions)
    assert all("catch_all" in rs for rs in definitions.values())


def test_assessments_do_not_leak_into_each_other(kasn, rulebook) -> None:
    full = read_dossier(EXAMPLE, rulebook, kasn)
    empty = make_dossier({}, rulebook.vocabulary)
    alone_full = assess(full, kasn, rulebook).score.total
    alone_empty = assess(empty, kasn, rulebook).score.total
    assert assess(empty, kasn, rulebook).score.total == alone_empty == 100
    assert assess(full, kasn, rulebook).score.total == alone_full
    assert assess(empty, kasn, rulebook).score.total == alone_empty


def test_many_evaluations_in_one_process_free_their_rulesets(kasn, rulebook) -> None:
    dossier = make_dossier({}, rulebook.vocabulary)
    levels = {tuple(sorted((k, v.level) for k, v in evaluate(kasn, dossier).indicators.items()))
              for _ in range(50)}
    assert len(levels) == 1
