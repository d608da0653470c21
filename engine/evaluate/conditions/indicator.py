"""An indicator condition: another indicator verified at a minimum level.

Levels are asserted as facts while indicators are levelled in dependency order, so these
conditions are matched by the same Rete network (forward chaining).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ...i18n import fmt, message
from .base import Condition, Facts, NodeResult, Site, all_of, measured

if TYPE_CHECKING:
    from ...model import Rulebook


def level_fact(indicator: str, level: int) -> dict[str, Any]:
    return {"id": f"level:{indicator}", "kind": "level", "indicator": indicator, "level": level}


@dataclass(frozen=True)
class IndicatorCondition(Condition):
    indicator: str = ""
    min_level: int = 1

    kind: ClassVar[str] = "indicator"
    tailorable: ClassVar[bool] = False
    example: ClassVar[Any] = {"id": "perencanaan.anjab-abk", "min_level": 3}
    schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {
            "id": {"$ref": "common.json#/$defs/id"},
            "min_level": {"type": "integer", "minimum": 1, "maximum": 4},
        },
        "required": ["id", "min_level"],
        "additionalProperties": False,
    }

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> IndicatorCondition:
        # Whether the indicator exists is checked once every rule is loaded (and for cycles).
        return cls(cid, spec["id"], spec["min_level"])

    def pattern(self, year: int) -> dict[str, Any]:
        return all_of({"kind": "level"}, {"indicator": self.indicator},
                      {"$gte": {"level": self.min_level}})

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"indicator": self.indicator, "min_level": self.min_level,
                  "actual": facts.value(f"level:{self.indicator}", "level")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched, condition=self)

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        rule = ctx.rules.get(self.indicator)
        text = message("condition.indicator", lang,
                       title=rule.title.get(lang) if rule else self.indicator, id=self.indicator,
                       min_level=self.min_level)
        return measured(text, lang, result, "condition.level",
                        lambda r: fmt(r.params["actual"], lang))

    def depends_on(self) -> tuple[str, ...]:
        return (self.indicator,)

    def required_levels(self) -> dict[str, int]:
        return {self.indicator: self.min_level}
