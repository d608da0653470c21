"""Meta-tests over what merit ships: schemas, messages, rules and policies."""

from __future__ import annotations

import json
import re
import string

import pytest
from jsonschema import Draft202012Validator
from merit.engine.i18n import catalog
from merit.engine.load.loader import shipped_dir, yaml_files
from merit.engine.load.schema import SCHEMA_NAMES, schema_text, validate
from merit.engine.load.yamlfile import load_yaml


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(schema_text(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("code", sorted(catalog()))
def test_every_message_has_both_languages_with_the_same_placeholders(code: str) -> None:
    entry = catalog()[code]
    assert set(entry) == {"id", "en"}
    assert _fields(entry["id"]) == _fields(entry["en"])


@pytest.mark.parametrize("path", list(yaml_files([shipped_dir("rules"), shipped_dir("policies")])),
                         ids=lambda p: p.name)
def test_every_shipped_yaml_file_validates_against_its_schema(path) -> None:
    data = load_yaml(path)
    assert validate(data, data["kind"], str(path)) == []


def test_every_rule_is_complete(rulebook) -> None:
    for rule in rulebook.rules.values():
        assert rule.references and rule.provenance.id and rule.provenance.en, rule.id
        assert [lv.level for lv in rule.levels] == list(range(rule.levels_from, 5)), rule.id
        for level in rule.levels:
            assert level.description.id and level.description.en, (rule.id, level.level)
        for level in rule.levels[1:]:
            assert level.remediation and level.effort, (rule.id, level.level)
            assert all(r.id and r.en for r in level.remediation), (rule.id, level.level)


def test_every_assumption_says_so(rulebook, kasn) -> None:
    """A weight that is not from a regulation must be marked as an assumption."""
    for aspect in kasn.aspects:
        assert re.search(r"ASSUMPTION|seed|Peraturan|PermenPANRB|PP ", aspect.provenance.en), aspect.id


def _provenance_notes(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from [value] if key == "provenance" else _provenance_notes(value)
    elif isinstance(data, list):
        for item in data:
            yield from _provenance_notes(item)


@pytest.mark.parametrize("path", list(yaml_files([shipped_dir("rules"), shipped_dir("policies")])),
                         ids=lambda p: p.name)
def test_shipped_provenance_is_in_both_languages(path) -> None:
    # Policies and vocabularies of an agency's own may use one string; shipped ones may not.
    data = load_yaml(path)
    if data["kind"] in ("rule", "policy", "vocabulary"):
        notes = list(_provenance_notes(data))
        assert notes and all(set(note) == {"id", "en"} for note in notes), path
