"""The rule reference: unevaluated condition sentences, the `rules` and `policies` commands,
and the generated docs/ being current with the YAML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from merit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from merit.engine.errors import UsageError
from merit.engine.evaluate import conditions as cond
from merit.engine.i18n import LANGUAGES
from merit.engine.load.loader import shipped_policy_ids
from merit.engine.model import MetricDef, Policy, Rulebook, StatementDef, Text, Vocabulary
from merit.engine.render.reference import (
    DOCS_COMMAND,
    Shipped,
    condition_lines,
    describe_condition,
    doc_name,
    find_rule,
    load_shipped,
    reference_text,
    render_docs,
    render_rule,
    stale_docs,
    write_docs,
)
from merit.engine.render.reference import main as reference_main

DOCS = ROOT / "docs"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    return load_shipped()


# --- describe_condition ---------------------------------------------------------------------

def test_document_condition_reads_as_the_assessor_would_say_it(rulebook: Rulebook) -> None:
    anjab = cond.DocumentCondition("x", "anjab")
    assert describe_condition(anjab, rulebook.vocabulary, "id") == (
        "Dokumen 'Analisis Jabatan (Anjab)' berstatus ditetapkan dan berlaku pada tahun penilaian, "
        "minimal 1")
    assert describe_condition(anjab, rulebook.vocabulary, "en") == (
        "Document 'Job analysis (Anjab)' with status enacted (ditetapkan) and in force in the "
        "assessment year, at least 1")
    draft = cond.DocumentCondition("x", "anjab", status="draft", in_force=False, min_count=2)
    assert describe_condition(draft, rulebook.vocabulary, "id") == (
        "Dokumen 'Analisis Jabatan (Anjab)' berstatus draf, minimal 2")


VOCAB = Vocabulary(
    metrics={"share": MetricDef("share", Text("Proporsi pegawai", "Share of staff"), "ratio"),
             "days": MetricDef("days", Text("Lama proses", "Processing time"), "days")},
    statements={
        "formed": StatementDef("formed", Text("Tim dibentuk", "A team is formed"), "boolean"),
        "count": StatementDef("count", Text("Jumlah rapat", "Number of meetings"), "number"),
    },
)


@pytest.mark.parametrize(("condition", "lang", "expected"), [
    (cond.MetricCondition("m", "share", "<=", 0.25), "id", "Proporsi pegawai: paling banyak 25%"),
    (cond.MetricCondition("m", "share", ">=", 0.955), "en", "Share of staff: at least 95.5%"),
    (cond.MetricCondition("m", "share", "between", 0.1, 0.5), "id",
     "Proporsi pegawai: antara 10% dan 50%"),
    (cond.MetricCondition("m", "days", "<", 14.5), "id", "Lama proses: kurang dari 14,5 days"),
    (cond.AnswerCondition("a", "formed", "==", True), "id", "Pernyataan 'Tim dibentuk' dijawab ya"),
    (cond.AnswerCondition("a", "formed", "==", False), "en",
     "Statement 'A team is formed' answered no"),
    (cond.AnswerCondition("a", "count", ">", 3), "en",
     "The answer to 'Number of meetings' is more than 3"),
    (cond.MetricCondition("m", "unknown", ">=", 1), "en", "unknown: at least 1"),
])
def test_metric_and_answer_conditions(condition: cond.Condition, lang: str, expected: str) -> None:
    assert describe_condition(condition, VOCAB, lang) == expected


def test_indicator_condition_names_the_rule_by_title_and_id(rulebook: Rulebook) -> None:
    condition = cond.IndicatorCondition("i", "perencanaan.anjab-abk", 3)
    assert describe_condition(condition, rulebook.vocabulary, "id", rulebook.rules) == (
        "Indikator 'Analisis jabatan dan analisis beban kerja' (perencanaan.anjab-abk) "
        "minimal level 3")
    # Without the rules, the id stands in for the title rather than failing.
    assert "'perencanaan.anjab-abk'" in describe_condition(condition, rulebook.vocabulary, "en")


def test_nested_conditions_become_an_indented_list() -> None:
    negated = cond.Not("r.1.1", cond.AnswerCondition("r.1.1.0", "formed", "==", False))
    tree = cond.AllOf("r", (
        cond.AnswerCondition("r.0", "formed", "==", True),
        cond.AnyOf("r.1", (cond.MetricCondition("r.1.0", "share", ">=", 0.8), negated)),
    ))
    assert condition_lines(tree, VOCAB, "en") == [
        (0, "All of the following hold:"),
        (1, "Statement 'A team is formed' answered yes"),
        (1, "At least one of the following holds:"),
        (2, "Share of staff: at least 80%"),
        (2, "The following does NOT hold:"),
        (3, "Statement 'A team is formed' answered no"),
    ]
    assert condition_lines(tree, VOCAB, "id")[2] == (1, "Sedikitnya satu syarat berikut terpenuhi:")


# --- rules show / find_rule -----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_shows_every_level_and_every_reference(shipped: Shipped, lang: str) -> None:
    rulebook = shipped.rulebook
    for rule in rulebook.rules.values():
        text = render_rule(rule, rulebook, shipped.policies, lang)
        assert rule.title.get(lang) in text and rule.description.get(lang) in text, rule.id
        for level in rule.levels:
            assert level.description.get(lang) in text, (rule.id, level.level)
            for step in level.remediation:
                assert step.get(lang) in text, (rule.id, level.level)
            if level.conditions:
                for atom in level.conditions.atoms():
                    sentence = describe_condition(atom, rulebook.vocabulary, lang, rulebook.rules)
                    assert sentence in text, (rule.id, level.level, sentence)
        for ref in rule.references:
            assert reference_text(ref) in text, (rule.id, str(ref))
        assert rule.provenance.get(lang) in text, rule.id
        for level in rule.levels:
            assert level.provenance.get(lang) in text, (rule.id, level.level)


def test_show_says_which_policies_use_the_rule(shipped: Shipped) -> None:
    rulebook = shipped.rulebook
    for policy in shipped.policies:
        aspect, ref = policy.indicators()[0]
        text = render_rule(ref.rule, rulebook, shipped.policies, "id")
        assert f"{policy.id} ({aspect.id})" in text


def test_find_rule_suggests_the_full_id_for_a_short_or_misspelt_one(rulebook: Rulebook) -> None:
    with pytest.raises(UsageError) as short:
        find_rule(rulebook, "anjab-abk")
    assert short.value.params["suggestion"] == "perencanaan.anjab-abk"
    with pytest.raises(UsageError) as nothing:
        find_rule(rulebook, "zzzz")
    assert nothing.value.code == "reference.unknown_rule"


# --- the commands ---------------------------------------------------------------------------

def test_rules_show_in_both_languages() -> None:
    result = _run("rules", "show", "perencanaan.anjab-abk")
    assert result.exit_code == EXIT_OK, result.output
    assert "Level 4: Anjab dan ABK ditetapkan" in result.output
    assert "- Dokumen 'Analisis Jabatan (Anjab)' berstatus ditetapkan" in result.output
    assert "Rujukan:" in result.output and "PP 11/2017" in result.output
    english = _run("rules", "show", "perencanaan.anjab-abk", "--lang", "en")
    assert english.exit_code == EXIT_OK
    assert "Level 4: Anjab and ABK are enacted" in english.output
    assert "References:" in english.output


def test_rules_show_unknown_id_exits_2_with_did_you_mean() -> None:
    result = _run("rules", "show", "perencanaan.anjab-ab", "--lang", "en")
    assert result.exit_code == EXIT_BAD_INPUT
    assert ("unknown rule 'perencanaan.anjab-ab'; did you mean 'perencanaan.anjab-abk'?"
            in result.output)
    assert "Traceback" not in result.output
    indonesian = _run("rules", "show", "anjab-abk")
    assert indonesian.exit_code == EXIT_BAD_INPUT
    assert "mungkin maksud Anda 'perencanaan.anjab-abk'?" in indonesian.output
    hopeless = _run("rules", "show", "zzzz")
    assert hopeless.exit_code == EXIT_BAD_INPUT and "merit rules list" in hopeless.output


def test_rules_list_shows_every_rule(shipped: Shipped) -> None:
    result = _run("rules", "list")
    assert result.exit_code == EXIT_OK
    for rule in shipped.rulebook.rules.values():
        assert rule.id in result.output and rule.title.id in result.output
    assert f"{len(shipped.rulebook.rules)} aturan" in result.output
    english = _run("rules", "list", "--lang", "en")
    assert f"{len(shipped.rulebook.rules)} rules" in english.output


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rules_list_for_a_policy_groups_by_aspect_with_weights(shipped: Shipped, lang: str) -> None:
    for policy in shipped.policies:
        result = _run("rules", "list", "--policy", policy.id, "--lang", lang)
        assert result.exit_code == EXIT_OK, result.output
        output = result.output
        positions = [output.index(f"{aspect.name.get(lang)} ({aspect.id})")
                     for aspect in policy.aspects]
        assert positions == sorted(positions), policy.id
        for _, ref in policy.indicators():
            assert ref.id in output, (policy.id, ref.id)
    kasn = _run("rules", "list", "--policy", "kasn-2019", "--lang", lang).output
    assert ("bobot 30%" if lang == "id" else "weight 30%") in kasn


def test_rules_list_unknown_policy_exits_2_with_did_you_mean() -> None:
    result = _run("rules", "list", "--policy", "kasn-2018", "--lang", "en")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "did you mean 'kasn-2019'?" in result.output


def test_policies_list_in_both_languages(shipped: Shipped) -> None:
    result = _run("policies", "list")
    assert result.exit_code == EXIT_OK
    assert "Sangat Baik (>= 325)" in result.output
    assert f"{len(shipped.policies)} kebijakan" in result.output
    for policy in shipped.policies:
        line = next(line for line in result.output.splitlines() if line.startswith(policy.id + " "))
        assert line.split()[1:3] == [str(len(policy.aspects)), str(len(policy.indicators()))]
    english = _run("policies", "list", "--lang", "en")
    assert english.exit_code == EXIT_OK
    assert "Very good (>= 325)" in english.output and "INDICATORS" in english.output


# --- docs/ ------------------------------------------------------------------------------------

def _stale_message(names: list[str]) -> str:
    return (f"docs/ is out of date with the YAML ({', '.join(names)}); regenerate with: "
            f".venv/bin/{DOCS_COMMAND}")


def test_committed_docs_are_current(shipped: Shipped) -> None:
    docs = render_docs(shipped.rulebook, shipped.policies)
    stale = stale_docs(DOCS, docs)
    assert not stale, _stale_message(stale)


def test_docs_cover_every_shipped_policy_and_nothing_else(shipped: Shipped) -> None:
    expected = {doc_name(pid, lang) for pid in shipped_policy_ids() for lang in LANGUAGES}
    assert set(render_docs(shipped.rulebook, shipped.policies)) == expected
    committed = {p.name for p in DOCS.glob("rules-*.md")}
    assert committed == expected, _stale_message(sorted(committed ^ expected))


def test_policy_doc_holds_every_indicator_level_and_reference(shipped: Shipped) -> None:
    docs = render_docs(shipped.rulebook, shipped.policies)
    for policy in shipped.policies:
        for lang in LANGUAGES:
            text = docs[doc_name(policy.id, lang)]
            assert policy.name.get(lang) in text
            for ref in policy.references:
                assert reference_text(ref) in text
            for aspect, ind in policy.indicators():
                assert aspect.name.get(lang) in text and f'<a id="{ind.id}"></a>' in text
                for level in ind.rule.levels:
                    assert level.description.get(lang) in text, (policy.id, ind.id, level.level)
                for ref in ind.rule.references:
                    assert reference_text(ref) in text, (policy.id, ind.id)
                assert ind.rule.provenance.get(lang) in text


def test_docs_are_written_atomically_and_only_when_changed(tmp_path: Path,
                                                           shipped: Shipped) -> None:
    policy: Policy = shipped.policies[0]
    docs = render_docs(shipped.rulebook, [policy])
    assert sorted(write_docs(tmp_path / "docs", docs)) == sorted(docs)
    assert write_docs(tmp_path / "docs", docs) == []
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(docs)
    mask = os.umask(0)
    os.umask(mask)
    # Not mkstemp's 0600: a generated doc gets the mode any new file would.
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "docs").iterdir()} == {0o666 & ~mask}
    assert stale_docs(tmp_path / "docs", docs) == []


def test_module_main_writes_then_finds_the_docs_current(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    assert reference_main(["--check", str(target)]) == 1
    assert reference_main(["--write", str(target)]) == 0
    assert reference_main(["--check", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(
        doc_name(pid, lang) for pid in shipped_policy_ids() for lang in LANGUAGES)
