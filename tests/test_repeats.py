"""A cumulative rule's level lists only what it adds: `merit validate` warns on a repeat."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from merit.cli import main
from merit.engine.load.loader import load_rulebook, shipped_dir, yaml_files
from merit.engine.load.repeats import repeated_conditions

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "repeating-rule.yaml"


def test_repeats_are_found_with_their_place_and_lower_level() -> None:
    found = repeated_conditions([FIXTURE])
    assert [(p.line, p.col, p.params["level"], p.json_path) for p in found] == [
        (20, 11, 2, "$.levels[2].conditions.all[0]"),  # the level 2 document, copied
        (28, 7, 3, "$.levels[3].conditions"),  # a whole level equal to a named level 3 item
    ]
    assert {p.code for p in found} == {"rule.repeated_condition"}


def test_a_non_cumulative_rule_may_repeat(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(FIXTURE.read_text().replace("provenance:", "cumulative: false\nprovenance:", 1))
    assert repeated_conditions([path]) == []


def test_validate_warns_in_both_languages_and_exits_zero(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "r.yaml")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(tmp_path / "r.yaml"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (f"warning: {tmp_path / 'r.yaml'}:20:11: this condition repeats one of level 2; in a "
            "cumulative rule a level lists only what it adds [at $.levels[2].conditions.all[0]]") in result.output
    result = runner.invoke(main, ["validate", str(tmp_path / "r.yaml"), "--lang", "id"])
    assert result.exit_code == 0, result.output
    assert f"peringatan: {tmp_path / 'r.yaml'}:28:7: syarat ini mengulang syarat level 3" in result.output


def test_the_repeating_rule_still_loads() -> None:
    assert "t.repeating" in load_rulebook([FIXTURE], base=[shipped_dir("rules") / "vocabulary.yaml"]).rules


def test_shipped_rules_repeat_nothing() -> None:
    assert repeated_conditions(yaml_files([shipped_dir("rules")])) == []
