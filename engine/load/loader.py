"""Loading rules, vocabulary, policies and dossiers into typed values.

Every file is parsed with positions, validated against its JSON Schema, then checked for
what a schema cannot say (level numbering, unknown document types, references between
rules). Problems are collected across all files of a load and raised together, so one run
shows everything that is wrong. A malformed file always stops the load: nothing is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from .. import progress
from ..errors import InputError, Problem, closest, format_json_path, raise_if
from ..evaluate import conditions as cond
from ..evaluate.scoring import score_range
from ..model import (
    Agency,
    Aspect,
    Band,
    Claim,
    Document,
    DocumentType,
    Dossier,
    IndicatorRef,
    Level,
    MetricDef,
    MetricValue,
    Policy,
    Reference,
    Rule,
    Rulebook,
    Scoring,
    StatementDef,
    Survey,
    Text,
    Vocabulary,
    Where,
    as_fraction,
)
from .schema import validate
from .tailoring import apply_efforts, apply_thresholds, merge_policy
from .yamlfile import PosDict, load_yaml, position_of

DOSSIER_FILES = {"agency.yaml": "agency", "documents.yaml": "documents", "answers.yaml": "answers"}
RULE_FILE_KINDS = ("rule", "vocabulary")


def shipped_dir(name: str) -> Path:
    """The directory of shipped data (`rules` or `policies`), installed or in a checkout."""
    return Path(str(resources.files("merit").joinpath(name)))


@dataclass
class _Collector:
    """Problems gathered over one load, raised together at the end."""

    problems: list[Problem] = field(default_factory=list)

    def at(self, source: str, data: Any, path: Sequence[Any], code: str,
           suggestion: str | None = None, *, key: bool = False, **params: Any) -> None:
        line, col = position_of(data, path, key=key)
        self.problems.append(
            Problem(source, line, col, code, params, format_json_path(path), suggestion))

    def read(self, path: Path, schema: str | None) -> Any:
        """Parse and schema-check one file; None when it has problems (already recorded)."""
        try:
            data = load_yaml(path)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None
        schema = schema or _kind_schema(data)
        if schema is None:
            self.problems.append(Problem(str(path), 1, 1, "file.unknown_kind",
                                         {"allowed": ", ".join(("rule", "vocabulary", "policy", "metrics"))}))
            return None
        found = validate(data, schema, str(path))
        self.problems.extend(found)
        return None if found else data

    def raise_if_any(self) -> None:
        raise_if(self.problems)


def _kind_schema(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "policy" and "extends" in data:
        return "policy-extension"
    return kind if kind in ("rule", "vocabulary", "policy", "metrics") else None


def _text(raw: Mapping[str, str] | None) -> Text:
    raw = raw or {}
    return Text(raw.get("id", ""), raw.get("en", ""))


# --- rules and vocabulary --------------------------------------------------------------

def yaml_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The YAML files at or below `paths`, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.yaml") if p.is_file())
        else:
            yield path


def load_rulebook(paths: Iterable[Path] | None = None, base: Iterable[Path] = ()) -> Rulebook:
    """Every rule and vocabulary file at `paths` (default: the shipped rules/).

    Files in `base` are loaded first and may be shadowed: a rule id or vocabulary entry of
    `paths` replaces theirs. Within `paths`, a repeated id is a problem.
    """
    box = _Collector()
    base_vocab, base_raw = _read_rule_files(yaml_files(base), box)
    own_vocab, own_raw = _read_rule_files(yaml_files(paths or [shipped_dir("rules")]), box)
    vocabulary = Vocabulary(
        {**base_vocab.document_types, **own_vocab.document_types},
        {**base_vocab.metrics, **own_vocab.metrics},
        {**base_vocab.statements, **own_vocab.statements},
    )
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
    return Rulebook(rules, vocabulary)


def _read_rule_files(files: Iterable[Path], box: _Collector) -> tuple[Vocabulary, list[tuple[Path, Any]]]:
    vocabulary, raw_rules = Vocabulary(), []
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
        else:
            box.at(str(path), data, ["kind"], "file.wrong_kind", expected="rule, vocabulary, metrics",
                   found=data["kind"])
    return vocabulary, raw_rules


def _merge_vocabulary(vocab: Vocabulary, data: Any, source: str, box: _Collector) -> Vocabulary:
    doc_types, metrics, statements = dict(vocab.document_types), dict(vocab.metrics), dict(vocab.statements)
    for key, spec in data.get("document_types", {}).items():
        _no_duplicate(key, doc_types, source, data, ["document_types", key], box)
        doc_types[key] = DocumentType(key, _text(spec["name"]), spec["act"],
                                      spec["validity_years"], spec["provenance"])
    for key, spec in data.get("metrics", {}).items():
        _no_duplicate(key, metrics, source, data, ["metrics", key], box)
        metrics[key] = MetricDef(key, _text(spec["title"]), spec["unit"])
    for key, spec in data.get("statements", {}).items():
        _no_duplicate(key, statements, source, data, ["statements", key], box)
        statements[key] = StatementDef(key, _text(spec["question"]), spec["type"])
    return Vocabulary(doc_types, metrics, statements)


def _no_duplicate(key: str, seen: Mapping[str, Any], source: str, data: Any,
                  path: list[Any], box: _Collector) -> None:
    if key in seen:
        box.at(source, data, path, "vocabulary.duplicate", key=True, id=key)


def _build_rule(data: Any, source: str, vocab: Vocabulary, box: _Collector) -> Rule:
    levels = []
    for index, raw in enumerate(data["levels"]):
        path = ["levels", index]
        if raw["level"] != index + 1:
            box.at(source, data, [*path, "level"], "rule.level_order", expected=index + 1, found=raw["level"])
        conditions = None
        if "conditions" in raw:
            if index == 0:
                box.at(source, data, [*path, "conditions"], "rule.level1_conditions", key=True)
            conditions = _build_condition(raw["conditions"], f"{data['id']}.L{index + 1}",
                                          source, data, [*path, "conditions"], vocab, box)
        elif index > 0:
            box.at(source, data, path, "rule.level_without_conditions", level=index + 1)
        for e_index, evidence in enumerate(raw.get("evidence", [])):
            _known(evidence, vocab.document_types, source, data, [*path, "evidence", e_index],
                   "rule.unknown_document_type", box)
        effort = as_fraction(raw["effort"]) if "effort" in raw else None
        levels.append(Level(index + 1, _text(raw["description"]), conditions,
                            tuple(raw.get("evidence", [])), tuple(_text(r) for r in raw.get("remediation", [])),
                            effort, raw.get("provenance", "")))
    line, col = position_of(data, [])
    return Rule(data["id"], _text(data["title"]), _text(data["description"]),
                data.get("cumulative", True), tuple(Reference(**r) for r in data["references"]),
                data["provenance"], tuple(levels), Where(source, line, col), data.get("aspect", ""))


def _build_condition(raw: Any, cid: str, source: str, data: Any, path: list[Any],
                     vocab: Vocabulary, box: _Collector) -> cond.Condition:
    kinds = [k for k in raw if k in cond.CONDITION_KEYS]
    if len(kinds) != 1:
        box.at(source, data, path, "condition.one_kind", found=", ".join(kinds) or "-",
               allowed=", ".join(cond.CONDITION_KEYS))
        return cond.AllOf(cid)
    kind = kinds[0]
    if "id" in raw and len(path) > 3:  # a named child: its name replaces its position
        cid = f"{cid.rsplit('.', 1)[0]}.{raw['id']}"
    spec = raw[kind]
    if kind in ("all", "any"):
        items = tuple(_build_condition(item, f"{cid}.{i}", source, data, [*path, kind, i], vocab, box)
                      for i, item in enumerate(spec))
        return (cond.AllOf if kind == "all" else cond.AnyOf)(cid, items)
    if kind == "not":
        return cond.Not(cid, _build_condition(spec, f"{cid}.0", source, data, [*path, kind], vocab, box))
    _check_atom(kind, spec, source, data, [*path, kind], vocab, box)
    return cond.ATOMIC_BUILDERS[kind](cid, spec)


def _check_atom(kind: str, spec: Any, source: str, data: Any, path: list[Any],
                vocab: Vocabulary, box: _Collector) -> None:
    if kind == "document":
        _known(spec["type"], vocab.document_types, source, data, [*path, "type"],
               "rule.unknown_document_type", box)
    elif kind == "metric":
        _known(spec["name"], vocab.metrics, source, data, [*path, "name"], "rule.unknown_metric", box)
        if not _one_form(spec, "between"):
            box.at(source, data, path, "condition.metric_form")
    elif kind == "answer":
        _known(spec["key"], vocab.statements, source, data, [*path, "key"], "rule.unknown_statement", box)
        if not _one_form(spec, "equals"):
            box.at(source, data, path, "condition.answer_form")


def _one_form(spec: Mapping[str, Any], single: str) -> bool:
    """Either `single` alone, or both `op` and `value`: a comparison needs exactly one form."""
    comparison = {"op", "value"} & set(spec)
    return (single in spec and not comparison) or (single not in spec and comparison == {"op", "value"})


def _known(name: str, known: Mapping[str, Any], source: str, data: Any, path: list[Any],
           code: str, box: _Collector) -> None:
    if name not in known:
        box.at(source, data, path, code, closest(name, known), name=name)


def _check_rule_links(rules: Mapping[str, Rule], raw_rules: Sequence[tuple[Path, Any]],
                      box: _Collector) -> None:
    """Indicator conditions must name known rules, without cycles."""
    edges: dict[str, set[str]] = {}
    for path, data in raw_rules:
        rule = rules.get(data["id"])
        if rule is None:
            continue
        for level in rule.levels:
            for node in level.conditions.walk() if level.conditions else []:
                if isinstance(node, cond.IndicatorCondition):
                    edges.setdefault(rule.id, set()).add(node.indicator)
                    if node.indicator not in rules:
                        box.problems.append(Problem(str(path), rule.where.line, rule.where.col,
                                                    "rule.unknown_indicator", {"name": node.indicator},
                                                    f"$.levels[{level.level - 1}]",
                                                    closest(node.indicator, rules)))
    cycle = find_cycle(edges)
    if cycle:
        first = rules[cycle[0]]
        box.problems.append(Problem(first.where.file, first.where.line, first.where.col,
                                    "rule.cycle", {"cycle": " -> ".join(cycle)}))


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


# --- policies --------------------------------------------------------------------------

def policy_path(ref: str) -> Path:
    """A policy given by id (shipped) or by path."""
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return shipped_dir("policies") / f"{ref}.yaml"


def shipped_policy_ids() -> list[str]:
    return sorted(p.stem for p in shipped_dir("policies").glob("*.yaml"))


def load_policy(ref: str, rulebook: Rulebook) -> Policy:
    path = policy_path(ref)
    if not path.exists():
        hint = closest(ref, shipped_policy_ids())
        raise InputError([Problem(str(path), 0, 0, "policy.not_found",
                                  {"ref": ref, "known": ", ".join(shipped_policy_ids())}, "", hint)])
    box = _Collector()
    data = _raw_policy(path, box, ())
    box.raise_if_any()
    policy = _build_policy(data, str(path), rulebook, box)

    def report(json_path: list[Any], code: str, suggestion: str | None = None, **params: Any) -> None:
        box.at(str(path), data, json_path, code, suggestion, **params)

    policy = apply_thresholds(policy, data.get("thresholds", {}), report)
    policy = apply_efforts(policy, data.get("efforts", {}), report)
    box.raise_if_any()
    return policy


def _raw_policy(path: Path, box: _Collector, chain: tuple[Path, ...]) -> Any:
    """A policy file's data; for one that `extends` another, the merged data (recursively)."""
    data = box.read(path, None)
    if data is None:
        return None
    if data["kind"] != "policy":
        box.at(str(path), data, ["kind"], "file.wrong_kind", expected="policy", found=data["kind"])
        return None
    if "extends" not in data:
        return data
    if path.resolve() in chain:
        box.at(str(path), data, ["extends"], "policy.extends_cycle",
               chain=" -> ".join(p.name for p in (*chain, path.resolve())))
        return None
    relative = path.parent / data["extends"]
    base_path = relative if relative.suffix in (".yaml", ".yml") else policy_path(data["extends"])
    if not base_path.exists():
        box.at(str(path), data, ["extends"], "policy.not_found", closest(data["extends"], shipped_policy_ids()),
               ref=data["extends"], known=", ".join(shipped_policy_ids()))
        return None
    base = _raw_policy(base_path, box, (*chain, path.resolve()))
    if base is None:
        return None

    def report(json_path: list[Any], code: str, suggestion: str | None = None, **params: Any) -> None:
        box.at(str(path), data, json_path, code, suggestion, **params)

    merged = merge_policy(base, data, report)
    for key in ("thresholds", "efforts"):  # accumulate along the chain, nearer files winning
        merged[key] = PosDict({**base.get(key, {}), **data.get(key, {})})
        if key in data:
            merged.key_pos[key], merged.value_pos[key] = data.key_pos[key], data.value_pos[key]
            merged[key].key_pos.update(data[key].key_pos)
            merged[key].value_pos.update(data[key].value_pos)
    found = validate(merged, "policy", str(path))
    box.problems.extend(found)
    return None if found else merged


def _build_policy(data: Any, source: str, rulebook: Rulebook, box: _Collector) -> Policy:
    raw_scoring = data["scoring"]
    optional: dict[str, Any] = {key: as_fraction(raw_scoring[key])
                for key in ("maturity_weight", "survey_weight", "reference_level") if key in raw_scoring}
    scoring = Scoring(raw_scoring["formula"], as_fraction(raw_scoring["scale"]),
                      as_fraction(raw_scoring["round_to"]) if "round_to" in raw_scoring else None,
                      raw_scoring["provenance"], raw_scoring.get("rounding", "down"), **optional)
    bands = tuple(Band(b["id"], _text(b["name"]), as_fraction(b["min"]), as_fraction(b["max"]),
                       b["provenance"]) for b in data["bands"])
    aspects = tuple(_build_aspect(raw, index, source, data, rulebook, box)
                    for index, raw in enumerate(data["aspects"]))
    line, col = position_of(data, [])
    policy = Policy(data["id"], _text(data["name"]), data["provenance"], scoring, bands,
                    data["target"], aspects, Where(source, line, col),
                    tuple(Reference(**r) for r in data.get("references", [])))
    _check_policy(policy, source, data, rulebook, box)
    return policy


def _build_aspect(raw: Any, index: int, source: str, data: Any, rulebook: Rulebook,
                  box: _Collector) -> Aspect:
    refs = []
    for i, item in enumerate(raw["indicators"]):
        rule = rulebook.rules.get(item["rule"])
        if rule is None:
            box.at(source, data, ["aspects", index, "indicators", i, "rule"], "policy.unknown_rule",
                   closest(item["rule"], rulebook.rules), name=item["rule"])
            continue
        refs.append(IndicatorRef(rule, as_fraction(item.get("weight", 1))))
    return Aspect(raw["id"], _text(raw["name"]), as_fraction(raw["weight"]), raw["provenance"], tuple(refs))


def _check_policy(policy: Policy, source: str, data: Any, rulebook: Rulebook, box: _Collector) -> None:
    total_weight = sum((a.weight for a in policy.aspects), start=as_fraction(0))
    if total_weight != 1:
        box.at(source, data, ["aspects"], "policy.weights_sum", total=f"{float(total_weight):g}")
    seen: dict[str, str] = {}
    for aspect, ref in policy.indicators():
        if ref.id in seen:
            box.at(source, data, ["aspects"], "policy.duplicate_indicator", id=ref.id, aspect=seen[ref.id])
        seen[ref.id] = aspect.id
    for rule_id in seen:
        for level in rulebook.rules[rule_id].levels:
            for node in level.conditions.walk() if level.conditions else []:
                if isinstance(node, cond.IndicatorCondition) and node.indicator not in seen:
                    box.at(source, data, ["aspects"], "policy.missing_dependency", rule=rule_id,
                           name=node.indicator)
    _check_bands(policy, source, data, box)
    if policy.target not in {b.id for b in policy.bands}:
        box.at(source, data, ["target"], "policy.unknown_target",
               closest(policy.target, [b.id for b in policy.bands]), name=policy.target)


def _check_bands(policy: Policy, source: str, data: Any, box: _Collector) -> None:
    """Bands must follow each other with no gap or overlap and cover every reachable score."""
    low, high = score_range(policy)
    for index, band in enumerate(policy.bands):
        if index and band.min != policy.bands[index - 1].max:
            box.at(source, data, ["bands", index, "min"], "policy.band_gap",
                   expected=f"{float(policy.bands[index - 1].max):g}", found=f"{float(band.min):g}")
        if band.max <= band.min:
            box.at(source, data, ["bands", index, "max"], "policy.band_empty")
    if policy.bands[0].min > low or policy.bands[-1].max < high:
        box.at(source, data, ["bands"], "policy.band_range", low=f"{float(low):g}", high=f"{float(high):g}",
               found=f"{float(policy.bands[0].min):g}-{float(policy.bands[-1].max):g}")


# --- dossiers --------------------------------------------------------------------------

def load_dossier(root: Path, rulebook: Rulebook, policy: Policy | None = None) -> Dossier:
    """An agency's dossier: agency.yaml, documents.yaml and answers.yaml under `root`."""
    if not root.is_dir():
        raise InputError([Problem(str(root), 0, 0, "dossier.not_a_directory", {})])
    progress.step("progress.dossier", path=str(root))
    box = _Collector()
    raw = {name: _read_dossier_file(root / name, schema, box) for name, schema in DOSSIER_FILES.items()}
    box.raise_if_any()
    agency_data = raw["agency.yaml"]
    agency = Agency(agency_data["name"], agency_data["kind"], agency_data["assessment_year"],
                    agency_data.get("code", ""), agency_data.get("region", ""))
    documents = _build_documents(raw["documents.yaml"], str(root / "documents.yaml"), rulebook, box)
    answers = raw["answers.yaml"] or {}
    claims, statements, metrics = _build_answers(answers, str(root / "answers.yaml"), rulebook, policy, box)
    survey = _build_survey(answers)
    box.problems.extend(survey_problems(root, survey, policy))
    box.raise_if_any()
    excluded = None
    if (root / "tables").is_dir():
        progress.step("progress.tables", path=str(root / "tables"))
        from ..measure import compute_dossier_metrics

        # Values computed from the tables win over self-reported ones in answers.yaml.
        # Only the aggregates reach the Dossier: rows never become rules-engine facts.
        outcome = compute_dossier_metrics(root / "tables", agency.assessment_year,
                                          rulebook.vocabulary.metrics)
        metrics = {**metrics, **outcome.metric_values()}
        excluded = outcome.excluded_rows(root)
    return Dossier(str(root), agency, documents, claims, statements, metrics, survey, excluded)


def _build_survey(answers: Any) -> Survey | None:
    raw = answers.get("survey")
    return None if raw is None else Survey(as_fraction(raw["score"]), raw["source"], raw.get("respondents"))


def survey_problems(root: Path, survey: Survey | None, policy: Policy | None) -> list[Problem]:
    """A policy that scores the employee survey needs its result in the dossier."""
    if survey is None and policy is not None and policy.scoring.survey_weight:
        return [Problem(str(root / "answers.yaml"), 0, 0, "dossier.survey_required", {"policy": policy.id})]
    return []


def _read_dossier_file(path: Path, schema: str, box: _Collector) -> Any:
    if not path.exists():
        if schema == "answers":
            return {}
        box.problems.append(Problem(str(path), 0, 0, "file.missing", {}))
        return None
    return box.read(path, schema)


def parse_date(text: str, source: str, data: Any, path: list[Any], box: _Collector) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        box.at(source, data, path, "dossier.bad_date", value=text)
        return None


def _build_documents(data: Any, source: str, rulebook: Rulebook, box: _Collector) -> tuple[Document, ...]:
    documents = []
    for index, raw in enumerate(data["documents"]):
        path = ["documents", index]
        _known(raw["type"], rulebook.vocabulary.document_types, source, data, [*path, "type"],
               "dossier.unknown_document_type", box)
        dates = {key: parse_date(raw[key], source, data, [*path, key], box) if key in raw else None
                 for key in ("issued", "valid_from", "valid_until")}
        if dates["issued"] is None:
            continue
        valid_until = dates["valid_until"] or default_expiry(
            rulebook.vocabulary, raw["type"], dates["valid_from"] or dates["issued"])
        start = dates["valid_from"] or dates["issued"]
        if valid_until and valid_until < start:
            box.at(source, data, [*path, "valid_until"], "dossier.ends_before_start",
                   start=start.isoformat(), end=valid_until.isoformat())
        line, col = position_of(data, path)
        documents.append(Document(raw["type"], raw["number"], raw["title"], dates["issued"],
                                  raw["status"], Where(source, line, col), dates["valid_from"],
                                  valid_until, raw.get("issuer", ""), raw.get("file", "")))
    return tuple(documents)


def default_expiry(vocabulary: Vocabulary, doc_type: str, start: date) -> date | None:
    """The end of a document's validity from its type, when the document gives none:
    a type valid N years is in force from its start year through the end of year N."""
    known = vocabulary.document_types.get(doc_type)
    if known is None or known.validity_years is None:
        return None
    return date(start.year + known.validity_years - 1, 12, 31)


def _build_answers(data: Any, source: str, rulebook: Rulebook, policy: Policy | None,
                   box: _Collector) -> tuple[dict[str, Claim], dict[str, Any], dict[str, MetricValue]]:
    # One dossier may serve several regimes: a claim must name a known rule, not
    # necessarily one of this policy's (claims for other policies' indicators are kept).
    indicator_ids = set(rulebook.rules)
    claims = {}
    for key, raw in data.get("indicators", {}).items():
        if key not in indicator_ids:
            box.at(source, data, ["indicators", key], "dossier.unknown_indicator",
                   closest(key, indicator_ids), key=True, name=key)
        claims[key] = Claim(key, raw["claimed_level"], tuple(raw.get("evidence", [])), raw.get("note", ""))
    statements = dict(data.get("statements", {}))
    for key in statements:
        _known(key, rulebook.vocabulary.statements, source, data, ["statements", key],
               "dossier.unknown_statement", box)
    metrics = {}
    for key, raw in data.get("metrics", {}).items():
        _known(key, rulebook.vocabulary.metrics, source, data, ["metrics", key],
               "dossier.unknown_metric", box)
        metrics[key] = MetricValue(key, float(raw["value"]), raw["source"])
    return claims, statements, metrics
