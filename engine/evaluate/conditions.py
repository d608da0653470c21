"""Conditions: what proves a level, as small classes in an explicit registry.

Atomic conditions (document, metric, answer, indicator) compile to one durable_rules
pattern each; the Rete network finds the facts that match them. Composite conditions
(all / any / not) combine the atomic results. Negation is composition (`Not` wraps a
condition), never a special case inside an atom.

Every condition yields a `NodeResult` when evaluated: held or not, the facts that matched
and the numbers behind it. Levels, traces and gap statements are all read off those
results, so they can never disagree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from ..model import Scalar

# Comparison operators as durable_rules spells them, and as Python evaluates them.
DURABLE_OPS = {">=": "$gte", ">": "$gt", "<=": "$lte", "<": "$lt", "!=": "$neq"}
PY_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le,
    "<": operator.lt, "==": operator.eq, "!=": operator.ne,
}


@dataclass(frozen=True)
class NodeResult:
    """The outcome of one condition in one evaluation."""

    cid: str
    kind: str
    held: bool
    params: dict[str, Any] = field(default_factory=dict)
    matched: tuple[str, ...] = ()
    children: tuple[NodeResult, ...] = ()
    waived: bool = False

    def waive(self, cids: frozenset[str]) -> NodeResult:
        """This result with the waived conditions counted as held, and the parents recomputed."""
        if self.cid in cids:
            return replace(self, held=True, waived=True)
        if not self.children or not cids:
            return self
        children = tuple(child.waive(cids) for child in self.children)
        held = {"all": all(c.held for c in children), "any": any(c.held for c in children),
                "not": not children[0].held}.get(self.kind, self.held)
        return replace(self, held=held, children=children)

    def failing_atoms(self) -> list[NodeResult]:
        """The atomic conditions whose failure makes this node fail."""
        if self.held:
            return []
        if not self.children:
            return [self]
        if self.kind == "not":
            return [self]
        return [atom for child in self.children for atom in child.failing_atoms()]


@dataclass(frozen=True)
class Facts:
    """What the Rete network matched, by atomic condition id, plus the facts themselves."""

    matches: Mapping[str, tuple[str, ...]]
    facts: Mapping[str, Mapping[str, Any]]

    def matched(self, cid: str) -> tuple[str, ...]:
        return self.matches.get(cid, ())

    def value(self, fact_id: str, name: str = "value") -> Any:
        """A field of a fact by its id (`metric:<name>`, `answer:<key>`, `level:<id>`)."""
        fact = self.facts.get(fact_id)
        return None if fact is None else fact.get(name)


@dataclass(frozen=True)
class Condition:
    cid: str

    kind: ClassVar[str] = ""
    atomic: ClassVar[bool] = True

    def evaluate(self, facts: Facts) -> NodeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def pattern(self, year: int) -> dict[str, Any]:  # pragma: no cover - atoms only
        """The durable_rules pattern matching the facts that satisfy this atom."""
        raise NotImplementedError(f"{self.kind} conditions are composite")

    def children(self) -> tuple[Condition, ...]:
        return ()

    def atoms(self) -> list[Condition]:
        if self.atomic:
            return [self]
        return [atom for child in self.children() for atom in child.atoms()]

    def walk(self) -> list[Condition]:
        return [self, *(node for child in self.children() for node in child.walk())]


def _and(*tests: dict[str, Any]) -> dict[str, Any]:
    return {"$and": list(tests)}


def _compare(field_name: str, op: str, value: Scalar) -> dict[str, Any]:
    if op == "==":
        return {field_name: value}
    return {DURABLE_OPS[op]: {field_name: value}}


@dataclass(frozen=True)
class DocumentCondition(Condition):
    type: str = ""
    status: str = "ditetapkan"
    in_force: bool = True
    min_count: int = 1

    kind: ClassVar[str] = "document"

    def pattern(self, year: int) -> dict[str, Any]:
        tests: list[dict[str, Any]] = [{"kind": "document"}, {"type": self.type}, {"status": self.status}]
        if self.in_force:
            tests += [{"$lte": {"from_year": year}}, {"$gte": {"until_year": year}}]
        return _and(*tests)

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"type": self.type, "status": self.status, "in_force": self.in_force,
                  "min_count": self.min_count, "count": len(matched)}
        return NodeResult(self.cid, self.kind, len(matched) >= self.min_count, params, matched)


@dataclass(frozen=True)
class MetricCondition(Condition):
    name: str = ""
    op: str = ">="
    value: float = 0.0
    high: float | None = None  # set for `between`, with `value` as the low end

    kind: ClassVar[str] = "metric"

    def pattern(self, year: int) -> dict[str, Any]:
        tests: list[dict[str, Any]] = [{"kind": "metric"}, {"name": self.name}]
        if self.high is None:
            tests.append(_compare("value", self.op, self.value))
        else:
            tests += [{"$gte": {"value": self.value}}, {"$lte": {"value": self.high}}]
        return _and(*tests)

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"name": self.name, "op": self.op, "value": self.value, "high": self.high,
                  "actual": facts.value(f"metric:{self.name}")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched)


@dataclass(frozen=True)
class AnswerCondition(Condition):
    key: str = ""
    op: str = "=="
    value: Scalar = True

    kind: ClassVar[str] = "answer"

    def pattern(self, year: int) -> dict[str, Any]:
        return _and({"kind": "answer"}, {"key": self.key}, _compare("value", self.op, self.value))

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"key": self.key, "op": self.op, "value": self.value,
                  "actual": facts.value(f"answer:{self.key}")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched)


@dataclass(frozen=True)
class IndicatorCondition(Condition):
    indicator: str = ""
    min_level: int = 1

    kind: ClassVar[str] = "indicator"

    def pattern(self, year: int) -> dict[str, Any]:
        return _and({"kind": "level"}, {"indicator": self.indicator},
                    {"$gte": {"level": self.min_level}})

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"indicator": self.indicator, "min_level": self.min_level,
                  "actual": facts.value(f"level:{self.indicator}", "level")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched)


@dataclass(frozen=True)
class AllOf(Condition):
    items: tuple[Condition, ...] = ()

    kind: ClassVar[str] = "all"
    atomic: ClassVar[bool] = False

    def children(self) -> tuple[Condition, ...]:
        return self.items

    def evaluate(self, facts: Facts) -> NodeResult:
        results = tuple(item.evaluate(facts) for item in self.items)
        return NodeResult(self.cid, self.kind, all(r.held for r in results), children=results)


@dataclass(frozen=True)
class AnyOf(AllOf):
    kind: ClassVar[str] = "any"

    def evaluate(self, facts: Facts) -> NodeResult:
        results = tuple(item.evaluate(facts) for item in self.items)
        return NodeResult(self.cid, self.kind, any(r.held for r in results), children=results)


@dataclass(frozen=True)
class Not(Condition):
    item: Condition | None = None

    kind: ClassVar[str] = "not"
    atomic: ClassVar[bool] = False

    def children(self) -> tuple[Condition, ...]:
        return (self.item,) if self.item else ()

    def evaluate(self, facts: Facts) -> NodeResult:
        result = self.item.evaluate(facts) if self.item else NodeResult(self.cid, "none", False)
        return NodeResult(self.cid, self.kind, not result.held, children=(result,))


def _document(cid: str, spec: Mapping[str, Any]) -> Condition:
    return DocumentCondition(cid, spec["type"], spec.get("status", "ditetapkan"),
                             spec.get("in_force", True), spec.get("min_count", 1))


def _metric(cid: str, spec: Mapping[str, Any]) -> Condition:
    if "between" in spec:
        low, high = spec["between"]
        return MetricCondition(cid, spec["name"], "between", low, high)
    return MetricCondition(cid, spec["name"], spec.get("op", ">="), spec.get("value", 0))


def _answer(cid: str, spec: Mapping[str, Any]) -> Condition:
    if "equals" in spec:
        return AnswerCondition(cid, spec["key"], "==", spec["equals"])
    return AnswerCondition(cid, spec["key"], spec.get("op", "=="), spec.get("value", True))


def _indicator(cid: str, spec: Mapping[str, Any]) -> Condition:
    return IndicatorCondition(cid, spec["id"], spec["min_level"])


# Builders by YAML key; composite ones are built by the loader, which recurses.
ATOMIC_BUILDERS: dict[str, Callable[[str, Mapping[str, Any]], Condition]] = {
    "document": _document,
    "metric": _metric,
    "answer": _answer,
    "indicator": _indicator,
}
COMPOSITE_KEYS = ("all", "any", "not")
CONDITION_KEYS = (*COMPOSITE_KEYS, *ATOMIC_BUILDERS)
