"""JSON Schema validation of loaded YAML, reported as file:line:col problems.

Every error jsonschema finds in a document is turned into one `Problem`, all at once, with
the caret where a reader would look (the key itself for an unknown key) and a did-you-mean
for unknown keys and enum values.

A document first goes through the compiled yes/no check of engine/schemacheck.py; jsonschema
(imported only then) looks for the errors of a document that check does not accept.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import Problem, closest, format_json_path
from .schemacheck import Check, Unsupported, compile_check
from .yamlfile import key_position, position_of

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_NAMES = ("common", "rule", "policy", "policy-extension", "vocabulary", "crosswalk", "waivers", "agency", "documents", "answers", "report", "tables",
                "metrics")
_BASE = "https://merit.invalid/schemas/"


def schema_text(name: str) -> str:
    return resources.files("merit.engine").joinpath(f"schemas/{name}.json").read_text("utf-8")


@lru_cache(maxsize=None)
def _schemas() -> dict[str, Any]:
    return {name: json.loads(schema_text(name)) for name in SCHEMA_NAMES}


@lru_cache(maxsize=None)
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources_ = [(_BASE + f"{name}.json", Resource.from_contents(schema))
                  for name, schema in _schemas().items()]
    return Registry().with_resources(resources_)


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    # The shipped schemas are checked against the metaschema by the tests
    # (test_schemas_are_valid_draft_2020_12); doing it on every run cost ~0.3 s.
    return Draft202012Validator(_schemas()[name], registry=_registry())


@lru_cache(maxsize=None)
def fast_check(name: str) -> Check | None:
    """The compiled check of schema `name`, or None when it cannot be compiled (a test
    makes sure every shipped schema can)."""
    try:
        return compile_check(_schemas(), name)
    except Unsupported:
        return None


def accepts(document: Any, schema: str) -> bool:
    """Whether the compiled check finds `document` valid; False means "ask jsonschema"."""
    check = fast_check(schema)
    try:
        return check is not None and check(document)
    except Exception:  # e.g. a comparison Python cannot make: jsonschema decides
        return False


def validate(document: Any, schema: str, source: str) -> list[Problem]:
    """All schema problems of `document` (loaded from `source`), in file order."""
    if accepts(document, schema):
        return []
    errors = validator(schema).iter_errors(document)
    problems = [p for error in errors for p in _problems_of(error, document, source)]
    return sorted(problems, key=Problem.sort_key)


def _problems_of(error: ValidationError, document: Any, source: str) -> list[Problem]:
    path = list(error.absolute_path)
    json_path = format_json_path(path)
    if error.validator == "additionalProperties":
        return _unknown_keys(error, document, source, path)
    if error.validator == "propertyNames":
        line, col = key_position(_node_at(document, path), error.instance)
        key_path = format_json_path([*path, error.instance])
        return [Problem(source, line, col, "schema.bad_key", {"key": error.instance}, key_path)]
    line, col = position_of(document, path)
    code, params, suggestion = _describe(error)
    return [Problem(source, line, col, code, params, json_path, suggestion)]


def _unknown_keys(error: ValidationError, document: Any, source: str, path: list) -> list[Problem]:
    allowed = sorted(error.schema.get("properties", {}))
    node = _node_at(document, path)
    problems = []
    for key in [k for k in error.instance if k not in allowed]:
        line, col = key_position(node, key)
        params = {"key": key, "allowed": ", ".join(allowed)}
        problems.append(
            Problem(source, line, col, "schema.unknown_key", params,
                    format_json_path([*path, key]), closest(key, allowed))
        )
    return problems


def _node_at(document: Any, path: list) -> Any:
    node = document
    for step in path:
        node = node[step]
    return node


# The patterns of the schemas, by the name of the form they ask for (messages schema.form_*).
_FORMS = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "date",
    "^[a-z0-9][a-z0-9._-]*$": "id",
    "^[a-z][a-z0-9_]*$": "name",
    "^[a-z0-9][a-z0-9._-]*\\.L[1-4](\\.[a-z0-9._-]+)*$": "condition_id",
    "^[a-z0-9][a-z0-9._-]*\\.L[1-4]$": "level_id",
}


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: ValidationError) -> tuple[str, dict[str, Any], str | None]:
    """Message code, parameters and suggestion for one jsonschema error."""
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(expected)
        return "schema.required", {"key": missing}, None
    if kind == "type":
        wanted = expected if isinstance(expected, str) else " | ".join(expected)
        return "schema.type", {"expected": wanted, "found": _json_type(value), "value": _shown(value)}, None
    if kind in ("enum", "const"):
        options = expected if kind == "enum" else [expected]
        shown = ", ".join(_shown(o) for o in options)
        hint = closest(str(value), [str(o) for o in options]) if isinstance(value, str) else None
        return "schema.enum", {"expected": shown, "value": _shown(value)}, hint
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
        return "schema.range", {"bound": f"{sign} {expected}", "value": _shown(value)}, None
    if kind in ("minItems", "maxItems"):
        return f"schema.{kind}", {"count": expected, "found": len(value)}, None
    if kind in ("minLength", "minProperties"):
        return "schema.empty", {}, None
    if kind == "pattern":
        form = _FORMS.get(expected)
        if form is not None:  # the form as a reader writes it, not the regular expression
            return f"schema.form_{form}", {"value": _shown(value)}, None
        return "schema.pattern", {"value": _shown(value), "pattern": expected}, None
    return "schema.other", {"detail": error.message}, None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null" if value is None else type(value).__name__
