"""Input problems: every one named with file:line:col, all of a run reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import EXIT_BAD_INPUT, main
from merit.engine.errors import InputError
from merit.engine.load.loader import load_dossier, load_policy, load_rulebook, shipped_dir
from merit.engine.load.yamlfile import parse_yaml

GOOD_RULE = (shipped_dir("rules") / "pengadaan" / "pengadaan-terbuka.yaml").read_text("utf-8")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_three_broken_rule_files_are_all_reported_in_one_run(tmp_path: Path) -> None:
    unknown_key = GOOD_RULE.replace("title:", "cumulatve: true\ntitle:", 1)
    wrong_type = GOOD_RULE.replace("id: pengadaan.pengadaan-terbuka", "id: t.wrong-type").replace(
        "effort: 1\n", "effort: banyak\n", 1)
    bad_indent = GOOD_RULE.replace("id: pengadaan.pengadaan-terbuka", "id: t.indent").replace(
        "\nlevels:\n  - level: 1", "\nlevels:\n  - level: 1\n bad: indent", 1)
    for name, text in (("a.yaml", unknown_key), ("b.yaml", wrong_type), ("c.yaml", bad_indent)):
        (tmp_path / name).write_text(text)
    code, out = _run("validate", "--lang", "en", *(str(tmp_path / n) for n in ("a.yaml", "b.yaml", "c.yaml")))
    assert code == EXIT_BAD_INPUT
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if line.startswith(str(tmp_path))]
    assert len(lines) == 3, out
    a, b, c = lines
    assert a == (f"{tmp_path}/a.yaml:4:1: unknown key 'cumulatve'; expected one of: applies_when, aspect, "
                 "cumulative, description, id, kind, levels, levels_from, provenance, references, "
                 "title [at $.cumulatve] "
                 "(did you mean 'cumulative'?)")
    effort_line = wrong_type.splitlines().index("    effort: banyak") + 1
    assert b == (f"{tmp_path}/b.yaml:{effort_line}:13: expected type number, found string (\"banyak\") "
                 "[at $.levels[1].effort]")
    bad_line = bad_indent.splitlines().index(" bad: indent") + 1
    assert c == f"{tmp_path}/c.yaml:{bad_line}:2: indentation or punctuation is off here; check this line and the one above"


def test_unknown_key_and_missing_key_in_one_file(tmp_path: Path) -> None:
    text = GOOD_RULE.replace("title:", "titel:", 1)  # one typo: unknown key and missing key
    (tmp_path / "r.yaml").write_text(text)
    with pytest.raises(InputError) as info:
        load_rulebook([tmp_path], base=[shipped_dir("rules") / "vocabulary.yaml"])
    codes = sorted(p.code for p in info.value.problems)
    assert codes == ["schema.required", "schema.unknown_key"]
    unknown = next(p for p in info.value.problems if p.code == "schema.unknown_key")
    assert (unknown.line, unknown.col, unknown.suggestion) == (4, 1, "title")


def test_duplicate_yaml_keys_are_problems_not_silently_last_wins() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert info.value.render("en") == "x.yaml:3:1: key 'a' appears more than once"


def test_problem_text_is_localised() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml("a: 1\na: 2\n", "x.yaml")
    assert info.value.render("id") == "x.yaml:2:1: kunci 'a' muncul lebih dari sekali"


def test_unknown_document_type_in_a_rule_suggests_the_closest(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(GOOD_RULE.replace("type: kebijakan-pengadaan}", "type: kebijakan-pengadan}", 1))
    with pytest.raises(InputError) as info:
        load_rulebook([tmp_path], base=[shipped_dir("rules") / "vocabulary.yaml"])
    [problem] = info.value.problems
    assert problem.code == "rule.unknown_document_type"
    assert problem.suggestion == "kebijakan-pengadaan"
    assert problem.json_path == "$.levels[2].conditions.all[0].document.type"


def test_a_condition_with_two_kinds_is_refused(tmp_path: Path) -> None:
    text = GOOD_RULE.replace("      document: {type: rencana-pengadaan}\n",
                             "      document: {type: rencana-pengadaan}\n      answer: {key: talent_committee_formed, equals: true}\n", 1)
    (tmp_path / "r.yaml").write_text(text)
    with pytest.raises(InputError) as info:
        load_rulebook([tmp_path], base=[shipped_dir("rules")])
    assert [p.code for p in info.value.problems] == ["condition.one_kind"]


def _policy(tmp_path: Path, old: str, new: str) -> Path:
    text = (shipped_dir("policies") / "kasn-2019.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(("old", "new", "code"), [
    ("weight: 0.30\n", "weight: 0.35\n", "policy.weights_sum"),
    ("min: 250", "min: 251", "policy.band_gap"),
    ("target: sangat-baik", "target: sangat-baek", "policy.unknown_target"),
    ("rule: pengadaan.pengadaan-terbuka", "rule: pengadaan.pengadaan-terbka", "policy.unknown_rule"),
    ("max: 400", "max: 399", "policy.band_range"),
])
def test_policy_semantic_checks(tmp_path: Path, rulebook, old: str, new: str, code: str) -> None:
    with pytest.raises(InputError) as info:
        load_policy(str(_policy(tmp_path, old, new)), rulebook)
    assert [p.code for p in info.value.problems] == [code]
    assert info.value.problems[0].line > 0


def test_a_dossier_with_several_problems_reports_them_all(tmp_path: Path, rulebook, kasn) -> None:
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("tables"))
    docs = (root / "documents.yaml").read_text("utf-8")
    docs = docs.replace("type: abk", "type: abx", 1).replace("issued: 2025-01-20", "issued: 2025-02-30", 1)
    (root / "documents.yaml").write_text(docs)
    agency = (root / "agency.yaml").read_text("utf-8").replace("kind: provinsi", "kind: province")
    (root / "agency.yaml").write_text(agency)
    before = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    with pytest.raises(InputError) as info:
        load_dossier(root, rulebook, kasn)
    codes = sorted(p.code for p in info.value.problems)
    assert codes == ["schema.enum"]  # schema problems stop before semantic checks
    (root / "agency.yaml").write_text(agency.replace("kind: province", "kind: provinsi"))
    with pytest.raises(InputError) as info:
        load_dossier(root, rulebook, kasn)
    assert sorted(p.code for p in info.value.problems) == ["dossier.bad_date", "dossier.unknown_document_type"]
    assert {p.name: p.read_bytes() for p in root.iterdir() if p.is_file() and p.name != "agency.yaml"} == {
        k: v for k, v in before.items() if k != "agency.yaml"}


def test_validate_accepts_every_shipped_file() -> None:
    code, out = _run("validate")
    assert code == 0, out
    code, out = _run("validate", str(EXAMPLE))
    assert code == 0, out


def test_condition_ids_are_positions_or_given_names(tmp_path: Path) -> None:
    text = GOOD_RULE.replace(
        "        - answer: {key: procurement_announced_openly, equals: true}",
        "        - {id: diumumkan, answer: {key: procurement_announced_openly, equals: true}}").replace(
        "    conditions:\n      document: {type: rencana-pengadaan}",
        "    conditions:\n      id: akar\n      document: {type: rencana-pengadaan}")
    (tmp_path / "r.yaml").write_text(text)
    book = load_rulebook([tmp_path], base=[shipped_dir("rules") / "vocabulary.yaml"])
    rule = book.rules["pengadaan.pengadaan-terbuka"]
    ids = [node.cid for level in rule.levels[1:] for node in level.conditions.walk()]
    assert ids[0] == "pengadaan.pengadaan-terbuka.L2"  # a level's root keeps the level's id
    assert ids[-1] == "pengadaan.pengadaan-terbuka.L4.diumumkan"  # a named child, stable when reordered
    assert len(set(ids)) == len(ids)
