"""The compiled schema check (engine/schemacheck.py) agrees with jsonschema.

validate() trusts the compiled check when it accepts a document and skips jsonschema, so an
accepted document that jsonschema would reject would lose its error report. These tests
compare the two on every shipped file and golden report, and on random mutations of them.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merit.engine.load import schema as v
from merit.engine.load.loader import DOSSIER_FILES, shipped_dir, yaml_files
from merit.engine.load.schemacheck import Unsupported, compile_check
from merit.engine.load.yamlfile import load_yaml, parse_yaml

# Kinds nothing shipped has: an agency's policy extension and a waiver file.
EXTRA = {
    "policy-extension": """kind: policy
id: prov-contoh-2025
extends: kasn-2019
provenance: "Tailored for a test."
target: baik
aspects:
  - {id: pengembangan-karier, weight: 0.25, provenance: "local choice",
     remove_indicators: [karier.kelompok-talenta]}
bands:
  - {id: kurang, name: {id: Kurang, en: Fair}, min: 100, max: 250, provenance: local}
thresholds:
  karier.standar-kompetensi.L4.0: 0.6
efforts:
  karier.standar-kompetensi.L4: 2
""",
    "waivers": """waivers:
  - indicator: karier.manajemen-talenta
    level: 3
    justification: "Rencana suksesi 2025 sedang ditandatangani."
    approver: "Sekretaris Daerah"
    expires: 2026-03-31
  - condition: perencanaan.anjab-abk.L4.0
    justification: "Peta jabatan menunggu fasilitasi."
    approver: "Kepala BKD"
    approved: 2025-01-02
    expires: 2025-06-30
""",
    "tables": """max_bad_row_share: 0.01
nine_box: {potential: [68, 80], performance: [90, 110]}
sources:
  pegawai:
    files: ["simpeg_pegawai*.csv"]
    header_row: 3
    delimiter: "|"
    "null": ["NULL", "-"]
    columns: {nip: nip, golongan: golongan_id, jenis_jabatan: "jenis_jabatan + eselon", jabatan: null,
              unit_kerja: [unit_kerja, opd]}
    values:
      golongan: {"1": I/a, "17": IV/e}
      jenis_jabatan: {"Struktural": null, "Struktural + II.a": jpt}
  disiplin:
    columns: {tingkat: tingkat_hukuman}
    key: {column: pegawai_id, refers_to: pegawai_id}
""",
}


def _schema_of(data: Any) -> str:
    if data.get("kind") == "policy" and "extends" in data:
        return "policy-extension"
    return data["kind"]


def _plain(node: Any) -> Any:
    """A copy without positions, made of plain dicts and lists (safe to mutate)."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[str, Any], ...]:
    """(schema, document) for every shipped file, the example dossier and the golden reports."""
    found = [(_schema_of(data), data) for data in
             (load_yaml(path) for path in yaml_files([shipped_dir("rules"), shipped_dir("policies")]))]
    found += [(schema, load_yaml(EXAMPLE / name)) for name, schema in DOSSIER_FILES.items()]
    found += [("report", json.loads(path.read_text("utf-8")))
              for path in sorted((ROOT / "tests" / "golden").glob("check.*.json"))]
    found += [(schema, parse_yaml(text, schema)) for schema, text in EXTRA.items()]
    return tuple((schema, _plain(data)) for schema, data in found)


def _jsonschema_accepts(document: Any, schema: str) -> bool:
    return bool(v.validator(schema).is_valid(document))


@pytest.mark.parametrize("name", v.SCHEMA_NAMES)
def test_every_shipped_schema_compiles(name: str) -> None:
    """A schema that falls back to jsonschema would silently make every run slower."""
    assert v.fast_check(name) is not None


def test_the_corpus_covers_every_document_schema() -> None:
    kinds = {schema for schema, _ in corpus()}
    assert kinds == set(v.SCHEMA_NAMES) - {"common"}


@pytest.mark.parametrize("index", range(len(corpus())))
def test_agrees_with_jsonschema_on_shipped_documents(index: int) -> None:
    schema, document = corpus()[index]
    assert v.accepts(document, schema) is True
    assert _jsonschema_accepts(document, schema)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a node of `node`, the root included."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _paths(item, (*prefix, index))
    return found


def _at(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


_scalars = (st.none() | st.booleans() | st.integers(-3, 400) | st.sampled_from([1.0, 0.5, -1.5, math.nan])
            | st.text(max_size=4) | st.sampled_from(["", "x", "Rule", "a.b", "2025-01-01", "ratio",
                                                        "ditetapkan", "kasn-2019", ">=", "id", "en"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.sampled_from(["id", "en", "kind", "x", "level", "type"]),
                                         inner, max_size=3), max_leaves=6)


def _emptied(node: Any) -> Any:
    """The same kind of value at its smallest: where minLength, minItems and the like bite."""
    if isinstance(node, bool):
        return not node
    if isinstance(node, (int, float)):
        return {0: -1, 1: 0}.get(node, 0)
    return type(node)() if isinstance(node, (str, list, dict)) else ""


@lru_cache(maxsize=1)
def _by_schema() -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for schema, document in corpus():
        grouped.setdefault(schema, []).append(document)
    return grouped


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """A corpus document with one to three random edits: often invalid, sometimes not."""
    schema = draw(st.sampled_from(sorted(_by_schema())))  # every kind equally often
    document = _plain(draw(st.sampled_from(_by_schema()[schema])))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        containers = [p for p in paths if isinstance(_at(document, p), (dict, list))]
        path = draw(st.sampled_from(paths) | st.sampled_from(containers))
        donor = _at(document, draw(st.sampled_from(_paths(document))))  # a value from elsewhere
        value = _plain(draw(st.sampled_from([donor]) | _values))
        node = _at(document, path)
        action = draw(st.sampled_from(["replace", "empty", "delete", "add", "rename", "grow"]))
        if action in ("replace", "empty") and path:
            _at(document, path[:-1])[path[-1]] = value if action == "replace" else _emptied(node)
        elif action == "delete" and path:
            del _at(document, path[:-1])[path[-1]]
        elif action == "add" and isinstance(node, list):
            node.append(value)
        elif action == "grow" and isinstance(node, list) and node:
            node.append(_plain(node[-1]))
        elif action in ("add", "rename") and isinstance(node, dict):
            key = draw(st.sampled_from([*node, "extra", "id", 1, None, True, "A b"]))
            if action == "rename" and node:
                value = node.pop(draw(st.sampled_from(list(node))))
            node[key] = value
    return schema, document


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_agrees_with_jsonschema_on_mutated_documents(case: tuple[str, Any]) -> None:
    schema, document = case
    assert v.accepts(document, schema) == _jsonschema_accepts(document, schema)


# For each keyword: values it accepts, rejects, and ignores (another type), with the
# corners where JSON Schema and Python differ (True is not 1, 1.0 is an integer, NaN).
_ANY = [None, True, False, 0, 1, 1.0, 2.5, -1, math.nan, "", "a", "1", [], [1], [1, 2, 3],
        {}, {"a": 1}, {"a": 1, "b": 2}, {1: "x"}, {"b": None}]
KEYWORD_CASES = [
    {"type": "integer"}, {"type": "number"}, {"type": "string"}, {"type": "boolean"},
    {"type": "null"}, {"type": "array"}, {"type": "object"}, {"type": ["integer", "null"]},
    {"enum": [0, "a", None]}, {"enum": [[1], {"a": 1}]}, {"enum": [True]}, {"const": 1},
    {"const": False}, {"const": "a"},
    {"properties": {"a": {"type": "integer"}}}, {"required": ["a"]},
    {"additionalProperties": False, "properties": {"a": True}},
    {"additionalProperties": {"type": "integer"}}, {"propertyNames": {"type": "string"}},
    {"propertyNames": {"pattern": "^a$"}}, {"minProperties": 1}, {"minProperties": 2},
    {"items": {"type": "integer"}}, {"items": False}, {"minItems": 1}, {"minItems": 2},
    {"maxItems": 2}, {"minLength": 1}, {"pattern": "^[0-9]+$"}, {"pattern": "a"},
    {"minimum": 1}, {"maximum": 1}, {"exclusiveMinimum": 0}, {"exclusiveMaximum": 1},
    {"allOf": [{"type": "number"}, {"minimum": 1}]},
    {"oneOf": [{"type": "integer"}, {"type": "number"}]}, {"oneOf": [{"type": "null"}, {"minItems": 1}]},
    {"if": {"required": ["a"]}, "then": {"required": ["b"]}},
    {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}},
    {"if": {"type": "string"}}, {"then": {"type": "string"}}, {}, {"$ref": "#/$defs/x", "$defs": {"x": {"minimum": 1}}},
]


@pytest.mark.parametrize("schema", KEYWORD_CASES, ids=lambda schema: json.dumps(schema))
def test_each_keyword_matches_jsonschema(schema: dict) -> None:
    from jsonschema import Draft202012Validator

    check = compile_check({"s": schema}, "s")
    reference = Draft202012Validator(schema)
    for value in _ANY:
        assert check(value) == reference.is_valid(value), value


@pytest.mark.parametrize("schema", [
    {"patternProperties": {"^a": {"type": "string"}}},
    {"uniqueItems": True},
    {"$ref": "other.json#/$defs/x"},
    {"$ref": "#/$defs/missing"},
    {"type": "decimal"},
    {"$defs": {"x": {"$id": "https://elsewhere.invalid/x.json"}}, "$ref": "#/$defs/x"},
])
def test_a_keyword_it_does_not_know_is_refused(schema: dict) -> None:
    with pytest.raises(Unsupported):
        compile_check({"s": schema}, "s")


def test_without_a_compiled_check_jsonschema_still_reports(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.setattr(v, "fast_check", lambda name: None)
    problems = v.validate({"kind": "rule"}, "rule", str(tmp_path / "r.yaml"))
    assert {p.code for p in problems} == {"schema.required"}
