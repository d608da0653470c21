"""A fast yes/no JSON Schema check, compiled once from the shipped schemas.

Every run validates ~45 rule, vocabulary and policy files, the dossier and the report it
writes. jsonschema walks the schema anew for each node of each document (and importing it
costs ~0.05 s), which made validation a large part of every run, although almost every
document is valid. So `validate` first asks this check, compiled into plain closures; only
a document it does not accept goes through jsonschema, whose errors give the detailed
file:line:col report. The check must never accept what jsonschema rejects:
tests/test_schemacheck.py compares the two on every shipped file and on random mutations.

Only the keywords the shipped schemas use are compiled; a schema with any other keyword
raises `Unsupported`, and jsonschema then does all the work for it.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Check = Callable[[Any], bool]

# Keywords that never make a document invalid.
ANNOTATIONS = frozenset({"$schema", "$defs", "$comment", "title", "description", "default",
                         "examples"})


class Unsupported(Exception):
    """The schema uses a keyword (or form) this check does not implement."""


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


# jsonschema's draft 2020-12 type checker, predicate for predicate.
TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "integer": _is_integer,
    "number": _is_number,
}


def equal(one: Any, two: Any) -> bool:
    """jsonschema's equality for enum and const: True and 1 differ, sequences compare by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(equal(one[key], two[key]) for key in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


class Compiler:
    """Compiles the schemas of one registry (name -> schema document) into checks."""

    def __init__(self, documents: Mapping[str, Any]) -> None:
        self.documents = documents
        self._refs: dict[tuple[str, str], Check] = {}

    def compile(self, name: str) -> Check:
        return self.ref(name, "#")

    def ref(self, base: str, ref: str) -> Check:
        """The check of `ref` (e.g. `common.json#/$defs/id`), read from document `base`."""
        target, _, pointer = ref.partition("#")
        name = target.removesuffix(".json") if target else base
        if name not in self.documents:
            raise Unsupported(f"$ref to an unknown document: {ref}")
        key = (name, pointer)
        if key not in self._refs:
            later: list[Check] = []  # a recursive $ref calls the check once it is built
            self._refs[key] = lambda value: later[0](value)
            later.append(self.schema(_resolve(self.documents[name], pointer), name))
            self._refs[key] = later[0]
        return self._refs[key]

    def schema(self, schema: Any, base: str) -> Check:
        if isinstance(schema, bool):
            return (lambda value: True) if schema else (lambda value: False)
        if not isinstance(schema, dict):
            raise Unsupported(f"not a schema: {schema!r}")
        checks = []
        for key, value in schema.items():
            if key in ANNOTATIONS or key in ("then", "else"):  # "then" and "else" belong to "if"
                continue
            if key == "$id":  # only a document's own id: another would change how $refs resolve
                if not str(value).endswith(f"/{base}.json"):
                    raise Unsupported(f"$id {value!r} inside {base}.json")
                continue
            if key not in KEYWORDS:
                raise Unsupported(f"keyword {key!r}")
            checks.append(KEYWORDS[key](value, schema, self, base))
        return _all(checks)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        for each in checks:
            if not each(value):
                return False
        return True

    return check


def _resolve(document: Any, pointer: str) -> Any:
    node = document
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


KeywordCompiler = Callable[[Any, dict, Compiler, str], Check]


def _type(types: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    names = [types] if isinstance(types, str) else list(types)
    unknown = [name for name in names if name not in TYPES]
    if unknown:
        raise Unsupported(f"type {unknown[0]!r}")
    predicates = [TYPES[name] for name in names]
    return lambda value: any(predicate(value) for predicate in predicates)


def _enum(options: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: any(equal(option, value) for option in options)


def _const(expected: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: equal(value, expected)


def _ref(ref: str, schema: dict, compiler: Compiler, base: str) -> Check:
    return compiler.ref(base, ref)


def _properties(properties: dict, schema: dict, compiler: Compiler, base: str) -> Check:
    checks = [(key, compiler.schema(sub, base)) for key, sub in properties.items()]
    return lambda value: not isinstance(value, dict) or all(
        check(value[key]) for key, check in checks if key in value)


def _additional(extra: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    known = set(schema.get("properties", {}))
    check = compiler.schema(extra, base)
    return lambda value: not isinstance(value, dict) or all(
        check(item) for key, item in value.items() if key not in known)


def _required(required: list, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: not isinstance(value, dict) or all(key in value for key in required)


def _property_names(names: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    check = compiler.schema(names, base)
    return lambda value: not isinstance(value, dict) or all(check(key) for key in value)


def _min_properties(count: int, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: not isinstance(value, dict) or len(value) >= count


def _items(items: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    if "prefixItems" in schema:
        raise Unsupported("prefixItems")
    check = compiler.schema(items, base)
    return lambda value: not isinstance(value, list) or all(check(item) for item in value)


def _min_items(count: int, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: not isinstance(value, list) or len(value) >= count


def _max_items(count: int, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: not isinstance(value, list) or len(value) <= count


def _min_length(count: int, schema: dict, compiler: Compiler, base: str) -> Check:
    return lambda value: not isinstance(value, str) or len(value) >= count


def _pattern(pattern: str, schema: dict, compiler: Compiler, base: str) -> Check:
    search = re.compile(pattern).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _bound(holds: Callable[[Any, Any], bool]) -> KeywordCompiler:
    def compile_bound(limit: Any, schema: dict, compiler: Compiler, base: str) -> Check:
        return lambda value: not _is_number(value) or holds(value, limit)
    return compile_bound


def _all_of(schemas: list, schema: dict, compiler: Compiler, base: str) -> Check:
    return _all([compiler.schema(sub, base) for sub in schemas])


def _one_of(schemas: list, schema: dict, compiler: Compiler, base: str) -> Check:
    checks = [compiler.schema(sub, base) for sub in schemas]
    return lambda value: sum(1 for check in checks if check(value)) == 1


def _if(condition: Any, schema: dict, compiler: Compiler, base: str) -> Check:
    test = compiler.schema(condition, base)
    then = compiler.schema(schema.get("then", True), base)
    otherwise = compiler.schema(schema.get("else", True), base)
    return lambda value: then(value) if test(value) else otherwise(value)


# The keywords the shipped schemas use, each compiled on its own (as jsonschema applies them).
KEYWORDS: dict[str, KeywordCompiler] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "$ref": _ref,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "propertyNames": _property_names,
    "minProperties": _min_properties,
    "items": _items,
    "minItems": _min_items,
    "maxItems": _max_items,
    "minLength": _min_length,
    "pattern": _pattern,
    # Written as jsonschema's failing test negated, so that NaN passes as it does there.
    "minimum": _bound(lambda value, limit: not value < limit),
    "maximum": _bound(lambda value, limit: not value > limit),
    "exclusiveMinimum": _bound(lambda value, limit: not value <= limit),
    "exclusiveMaximum": _bound(lambda value, limit: not value >= limit),
    "allOf": _all_of,
    "oneOf": _one_of,
    "if": _if,
}


def compile_check(documents: Mapping[str, Any], name: str) -> Check:
    """The check of schema `name` of `documents`; Unsupported when it cannot be compiled."""
    try:
        return Compiler(documents).compile(name)
    except (KeyError, IndexError, ValueError) as exc:  # a $ref pointer that leads nowhere
        raise Unsupported(f"unresolvable $ref ({exc})") from None
