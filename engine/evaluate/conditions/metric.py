"""A metric condition: a named aggregate compared with a threshold, or within a range."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from ...i18n import message, quantity
from .base import (
    Condition,
    Facts,
    NodeResult,
    RowCount,
    Site,
    all_of,
    compare,
    measured,
    op_word,
)

if TYPE_CHECKING:
    from ...model import Dossier, Rulebook


@dataclass(frozen=True)
class MetricCondition(Condition):
    name: str = ""
    op: str = ">="
    value: float = 0.0
    high: float | None = None  # set for `between`, with `value` as the low end

    kind: ClassVar[str] = "metric"
    tailorable: ClassVar[bool] = True  # op/value thresholds; a `between` range is not
    example: ClassVar[Any] = {"name": "assessed_share", "op": ">=", "value": 0.8}
    schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {
            "name": {"$ref": "common.json#/$defs/id"},
            "op": {"$ref": "#/$defs/comparison"},
            "value": {"type": "number"},
            "between": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        },
        "required": ["name"],
        "additionalProperties": False,
    }

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> MetricCondition:
        if "between" in spec:
            low, high = spec["between"]
            return cls(cid, spec["name"], "between", low, high)
        return cls(cid, spec["name"], spec.get("op", ">="), spec.get("value", 0))

    @classmethod
    def check(cls, spec: Any, site: Site) -> None:
        site.known(spec["name"], site.vocabulary.metrics, "name", "rule.unknown_metric")
        site.one_form(spec, "between", "condition.metric_form")

    @classmethod
    def dossier_facts(cls, dossier: Dossier) -> list[dict[str, Any]]:
        return [{"id": f"metric:{name}", "kind": "metric", "name": name, "value": metric.value}
                for name, metric in sorted(dossier.metrics.items())]

    def pattern(self, year: int) -> dict[str, Any]:
        tests: list[dict[str, Any]] = [{"kind": "metric"}, {"name": self.name}]
        if self.high is None:
            tests.append(compare("value", self.op, self.value))
        else:
            tests += [{"$gte": {"value": self.value}}, {"$lte": {"value": self.high}}]
        return all_of(*tests)

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"name": self.name, "op": self.op, "value": self.value, "high": self.high,
                  "actual": facts.value(f"metric:{self.name}")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched, condition=self)

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        metric = ctx.vocabulary.metrics.get(self.name)
        title = metric.title.get(lang) if metric else self.name
        unit = metric.unit if metric else ""
        if self.high is not None:
            text = message("condition.metric_between", lang, title=title,
                           value=quantity(self.value, unit, lang),
                           high=quantity(self.high, unit, lang))
        else:
            text = message("condition.metric", lang, title=title, op=op_word(self.op, lang),
                           value=quantity(self.value, unit, lang))
        return measured(text, lang, result, "condition.measured",
                        lambda r: quantity(r.params["actual"], unit, lang))

    def adjustable(self) -> bool:
        return self.high is None

    def with_threshold(self, value: Fraction) -> MetricCondition:
        return replace(self, value=float(value))

    def concerned_rows(self, dossier: Dossier) -> RowCount | None:
        metric = dossier.metrics.get(self.name)
        if metric is None or not metric.total:
            return None
        counted = metric.passed or 0
        # An upper bound is broken by the rows the metric counts, whose keys are not kept.
        return RowCount(counted, metric.total, metric.failing, self.op in ("<", "<="))
