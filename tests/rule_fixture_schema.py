"""The schema check of per-rule fixtures (tests/rules/*.yaml), as file:line:col messages.

Kept apart from the engine: fixtures are test data, their schema lives beside them
(tests/rules/fixture.schema.json), and a misspelt key must fail loudly, not test nothing.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from merit.engine.errors import InputError
from merit.engine.load.yamlfile import key_position, load_yaml, position_of

SCHEMA = Path(__file__).resolve().parent / "rules" / "fixture.schema.json"


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def load_fixture(path: Path) -> tuple[Any, list[str]]:
    """The fixture file's data (dates kept as text) and its problems, each `file:line:col: ...`."""
    try:
        data = load_yaml(path)
    except InputError as exc:
        return None, [f"{p.file}:{p.line}:{p.col}: {p.render('en')}" for p in exc.problems]
    found = [m for error in _validator().iter_errors(data) for m in _messages(data, error)]
    return data, [f"{path}:{line}:{col}: {text}" for line, col, text in sorted(found)]


def _messages(data: Any, error: ValidationError) -> list[tuple[int, int, str]]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        found = []
        for key in sorted(k for k in error.instance if k not in known):
            line, col = key_position(error.instance, key)
            where = "/".join(map(str, [*error.absolute_path, key]))
            found.append((line, col, f"unknown key '{key}' at {where}"))
        return found
    line, col = position_of(data, error.absolute_path)
    where = "/".join(map(str, error.absolute_path)) or "(top)"
    return [(line, col, f"{error.message} at {where}")]
