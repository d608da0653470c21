"""An answer condition: a statement of the dossier answered yes/no, or compared."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from ...i18n import fmt, message
from ...model import Scalar
from .base import Condition, Facts, NodeResult, Site, all_of, compare, measured, op_word

if TYPE_CHECKING:
    from ...model import Dossier, Rulebook


@dataclass(frozen=True)
class AnswerCondition(Condition):
    key: str = ""
    op: str = "=="
    value: Scalar = True

    kind: ClassVar[str] = "answer"
    tailorable: ClassVar[bool] = True  # numeric comparisons; a yes/no answer is not
    example: ClassVar[Any] = {"key": "team_formed", "equals": True}
    schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {
            "key": {"$ref": "common.json#/$defs/id"},
            "equals": {"type": ["string", "number", "boolean"]},
            "op": {"$ref": "#/$defs/comparison"},
            "value": {"type": "number"},
        },
        "required": ["key"],
        "additionalProperties": False,
    }

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> AnswerCondition:
        if "equals" in spec:
            return cls(cid, spec["key"], "==", spec["equals"])
        return cls(cid, spec["key"], spec.get("op", "=="), spec.get("value", True))

    @classmethod
    def check(cls, spec: Any, site: Site) -> None:
        site.known(spec["key"], site.vocabulary.statements, "key", "rule.unknown_statement")
        site.one_form(spec, "equals", "condition.answer_form")
        statement = site.vocabulary.statements.get(spec["key"])
        if statement is not None and statement.type == "choice" and "equals" in spec:
            site.known(str(spec["equals"]), statement.options, "equals", "rule.unknown_choice")

    @classmethod
    def dossier_facts(cls, dossier: Dossier) -> list[dict[str, Any]]:
        return [{"id": f"answer:{key}", "kind": "answer", "key": key, "value": value}
                for key, value in sorted(dossier.statements.items())]

    def pattern(self, year: int) -> dict[str, Any]:
        return all_of({"kind": "answer"}, {"key": self.key}, compare("value", self.op, self.value))

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"key": self.key, "op": self.op, "value": self.value,
                  "actual": facts.value(f"answer:{self.key}")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched, condition=self)

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        statement = ctx.vocabulary.statements.get(self.key)
        question = statement.question.get(lang) if statement else self.key
        if self.op == "==" and isinstance(self.value, bool):
            text = message("condition.answer_yes_no", lang, question=question,
                           value=fmt(self.value, lang))
        else:
            text = message("condition.answer", lang, question=question, op=op_word(self.op, lang),
                           value=fmt(self.value, lang, 4))
        return measured(text, lang, result, "condition.answered",
                        lambda r: fmt(r.params["actual"], lang, 4))

    def adjustable(self) -> bool:
        return self.op != "==" and not isinstance(self.value, bool)

    def with_threshold(self, value: Fraction) -> AnswerCondition:
        return replace(self, value=float(value))
