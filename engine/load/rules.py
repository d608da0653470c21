"""Loading the rulebook: rule and vocabulary files into typed rules, each condition built and
checked by its kind (engine/evaluate/conditions), then the links between rules checked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import Problem, closest
from ..evaluate import conditions as cond
from ..model import (
    DocumentType,
    Level,
    MetricDef,
    Reference,
    Rule,
    Rulebook,
    StatementDef,
    Vocabulary,
    Where,
    as_fraction,
)
from .cache import cached
from .collect import ProblemCollector, _known, _note, _text, shipped_dir, yaml_files
from .yamlfile import position_of

RULE_FILE_KINDS = ("rule", "vocabulary")


def load_rulebook(paths: Iterable[Path] | None = None, base: Iterable[Path] = ()) -> Rulebook:
    """Every rule and vocabulary file at `paths` (default: the shipped rules/).

    Files in `base` are loaded first and may be shadowed: a rule id or vocabulary entry of
    `paths` replaces theirs. Within `paths`, a repeated id is a problem.
    """
    base_files, own_files = list(yaml_files(base)), list(yaml_files(paths or [shipped_dir("rules")]))
    return cached("rulebook", [*base_files, None, *own_files], lambda: _load(base_files, own_files))


def _load(base_files: list[Path], own_files: list[Path]) -> Rulebook:
    box = ProblemCollector()
    base_vocab, base_raw, base_metrics = _read_rule_files(base_files, box)
    own_vocab, own_raw, own_metrics = _read_rule_files(own_files, box)
    vocabulary = Vocabulary(
        {**base_vocab.document_types, **own_vocab.document_types},
        {**base_vocab.metrics, **own_vocab.metrics},
        {**base_vocab.statements, **own_vocab.statements},
    )
    from ..measure.metricfiles import metrics_outside  # imported late: see _read_rule_files

    for path, data in base_metrics + own_metrics:  # a computed metric needs its vocabulary entry
        box.problems.extend(metrics_outside(data, str(path), vocabulary.metrics))
    own_ids = {data["id"] for _, data in own_raw}
    raw_rules = [(p, d) for p, d in base_raw if d["id"] not in own_ids] + own_raw
    rules: dict[str, Rule] = {}
    for path, data in raw_rules:
        rule = _build_rule(data, str(path), vocabulary, box)
        if rule.id in rules:
            box.at(str(path), data, ["id"], "rule.duplicate_id", id=rule.id, other=rules[rule.id].where.file)
        rules[rule.id] = rule
    _check_rule_links(rules, raw_rules, box)
    box.raise_if_any()
    return Rulebook(rules, vocabulary, tuple(str(path) for path in box.files))


RawFiles = list[tuple[Path, Any]]


def _read_rule_files(files: Iterable[Path], box: ProblemCollector) -> tuple[Vocabulary, RawFiles, RawFiles]:
    """The vocabulary, the rule files and the metric files among `files`."""
    vocabulary, raw_rules, metric_files = Vocabulary(), [], []
    for path in files:
        data = box.read(path, None)
        if data is None:
            continue
        if data["kind"] == "vocabulary":
            vocabulary = _merge_vocabulary(vocabulary, data, str(path), box)
        elif data["kind"] == "rule":
            raw_rules.append((path, data))
        elif data["kind"] == "metrics":
            # Metric definitions are compiled when a dossier has tables; checked here so a
            # malformed metric file fails with the rules, never silently at assessment.
            # Imported here: engine.personnel brings polars (~0.1 s), which commands that
            # load no rules (compare, --help) do not need.
            from ..measure.metricfiles import check_metrics_file

            box.problems.extend(check_metrics_file(data, str(path)))
            metric_files.append((path, data))
        else:
            box.at(str(path), data, ["kind"], "file.wrong_kind", expected="rule, vocabulary, metrics",
                   found=data["kind"])
    return vocabulary, raw_rules, metric_files


def _merge_vocabulary(vocab: Vocabulary, data: Any, source: str, box: ProblemCollector) -> Vocabulary:
    doc_types, metrics, statements = dict(vocab.document_types), dict(vocab.metrics), dict(vocab.statements)
    for key, spec in data.get("document_types", {}).items():
        _no_duplicate(key, doc_types, source, data, ["document_types", key], box)
        doc_types[key] = DocumentType(key, _text(spec["name"]), spec["act"],
                                      spec["validity_years"], _note(spec["provenance"]))
    for key, spec in data.get("metrics", {}).items():
        _no_duplicate(key, metrics, source, data, ["metrics", key], box)
        metrics[key] = MetricDef(key, _text(spec["title"]), spec["unit"],
                                 tuple(Reference(**r) for r in spec.get("references", [])),
                                 _note(spec.get("provenance", "")))
    for key, spec in data.get("statements", {}).items():
        _no_duplicate(key, statements, source, data, ["statements", key], box)
        if "options" in spec and spec["type"] != "choice":
            box.at(source, data, ["statements", key, "options"], "vocabulary.options_without_choice",
                   key=True, type=spec["type"])
        options = {name: tuple(o["agency_kinds"]) if o and "agency_kinds" in o else None
                   for name, o in spec.get("options", {}).items()}
        statements[key] = StatementDef(key, _text(spec["question"]), spec["type"], options)
    return Vocabulary(doc_types, metrics, statements)


def _no_duplicate(key: str, seen: Mapping[str, Any], source: str, data: Any,
                  path: list[Any], box: ProblemCollector) -> None:
    if key in seen:
        box.at(source, data, path, "vocabulary.duplicate", key=True, id=key)


def _build_rule(data: Any, source: str, vocab: Vocabulary, box: ProblemCollector) -> Rule:
    first = data.get("levels_from", 1)
    if len(data["levels"]) != 5 - first:
        box.at(source, data, ["levels"], "rule.level_count", first=first, expected=5 - first,
               found=len(data["levels"]))
    levels = tuple(_build_level(raw, index, first, source, data, vocab, box)
                   for index, raw in enumerate(data["levels"]))
    applies_when = None
    if "applies_when" in data:
        applies_when = _build_condition(data["applies_when"], f"{data['id']}.applies_when", source,
                                        data, ["applies_when"], vocab, box)
    line, col = position_of(data, [])
    return Rule(data["id"], _text(data["title"]), _text(data["description"]),
                data.get("cumulative", True), tuple(Reference(**r) for r in data["references"]),
                _text(data["provenance"]), levels, Where(source, line, col), data.get("aspect", ""),
                first, applies_when)


def _build_level(raw: Any, index: int, first: int, source: str, data: Any, vocab: Vocabulary,
                 box: ProblemCollector) -> Level:
    """Level `first + index` of a rule: the floor (index 0) takes no conditions, every level
    above it needs some."""
    path, number = ["levels", index], first + index
    if raw.get("level", number) != number:
        box.at(source, data, [*path, "level"], "rule.level_order", expected=number, found=raw["level"],
               first=first)
    conditions = None
    if "conditions" in raw:
        if index == 0:
            box.at(source, data, [*path, "conditions"], "rule.level1_conditions", key=True, level=number)
        conditions = _build_condition(raw["conditions"], f"{data['id']}.L{number}",
                                      source, data, [*path, "conditions"], vocab, box)
    elif index > 0:
        box.at(source, data, path, "rule.level_without_conditions", level=number)
    for e_index, evidence in enumerate(raw.get("evidence", [])):
        _known(evidence, vocab.document_types, source, data, [*path, "evidence", e_index],
               "rule.unknown_document_type", box)
    effort = as_fraction(raw["effort"]) if "effort" in raw else None
    return Level(number, _text(raw["description"]), conditions,
                 tuple(raw.get("evidence", [])), tuple(_text(r) for r in raw.get("remediation", [])),
                 effort, _text(raw.get("provenance")))


def _build_condition(raw: Any, cid: str, source: str, data: Any, path: list[Any],
                     vocab: Vocabulary, box: ProblemCollector) -> cond.Condition:
    kinds = [k for k in raw if k in cond.KINDS]
    if len(kinds) != 1:
        box.at(source, data, path, "condition.one_kind", found=", ".join(kinds) or "-",
               allowed=", ".join(cond.KINDS))
        return cond.AllOf(cid)
    key, kind = kinds[0], cond.kind_class(kinds[0])
    if "id" in raw and len(path) > 3:  # a named child: its name replaces its position
        cid = f"{cid.rsplit('.', 1)[0]}.{raw['id']}"

    def report(json_path: list[Any], code: str, suggestion: str | None = None, **params: Any) -> None:
        box.at(source, data, json_path, code, suggestion, **params)

    def child(item: Any, child_cid: str, child_path: tuple[Any, ...]) -> cond.Condition:
        return _build_condition(item, child_cid, source, data, list(child_path), vocab, box)

    site = cond.Site((*path, key), vocab, report, child)
    kind.check(raw[key], site)
    return kind.build(cid, raw[key], site)


def _check_rule_links(rules: Mapping[str, Rule], raw_rules: Sequence[tuple[Path, Any]],
                      box: ProblemCollector) -> None:
    """Indicator conditions must name known rules, without cycles."""
    edges: dict[str, set[str]] = {}
    for path, data in raw_rules:
        rule = rules.get(data["id"])
        if rule is None:
            continue
        for root in rule.conditions():
            for node in root.walk():
                for name in node.depends_on():
                    edges.setdefault(rule.id, set()).add(name)
                    if name not in rules:
                        box.problems.append(Problem(str(path), rule.where.line, rule.where.col,
                                                    "rule.unknown_indicator", {"name": name},
                                                    _json_path(rule, root), closest(name, rules)))
    cycle = find_cycle(edges)
    if cycle:
        first = rules[cycle[0]]
        box.problems.append(Problem(first.where.file, first.where.line, first.where.col,
                                    "rule.cycle", {"cycle": " -> ".join(cycle)}))


def _json_path(rule: Rule, root: cond.Condition) -> str:
    if root is rule.applies_when:
        return "$.applies_when"
    return f"$.levels[{next(i for i, lv in enumerate(rule.levels) if lv.conditions is root)}]"


def find_cycle(edges: Mapping[str, set[str]]) -> list[str] | None:
    """A cycle in the dependency graph, as a path that returns to its start, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None
