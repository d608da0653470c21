"""A document condition: enacted documents of a type, in force in the assessment year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ...i18n import message
from .base import Condition, Facts, NodeResult, Site, all_of, measured

if TYPE_CHECKING:
    from ...model import Dossier, Rulebook


@dataclass(frozen=True)
class DocumentCondition(Condition):
    type: str = ""
    status: str = "ditetapkan"
    in_force: bool = True
    min_count: int = 1

    kind: ClassVar[str] = "document"
    tailorable: ClassVar[bool] = False
    example: ClassVar[Any] = {"type": "anjab", "min_count": 1}
    schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {
            "type": {"$ref": "common.json#/$defs/id"},
            "status": {"enum": ["draft", "ditetapkan", "dicabut"], "default": "ditetapkan"},
            "in_force": {"type": "boolean", "default": True},
            "min_count": {"type": "integer", "minimum": 1, "default": 1},
        },
        "required": ["type"],
        "additionalProperties": False,
    }

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> DocumentCondition:
        return cls(cid, spec["type"], spec.get("status", "ditetapkan"),
                   spec.get("in_force", True), spec.get("min_count", 1))

    @classmethod
    def check(cls, spec: Any, site: Site) -> None:
        site.known(spec["type"], site.vocabulary.document_types, "type",
                   "rule.unknown_document_type")

    @classmethod
    def dossier_facts(cls, dossier: Dossier) -> list[dict[str, Any]]:
        facts = []
        for index, doc in enumerate(dossier.documents):
            start, end = doc.in_force_years()
            facts.append({"id": f"document:{index}", "kind": "document", "type": doc.type,
                          "status": doc.status, "from_year": start, "until_year": end})
        return facts

    def pattern(self, year: int) -> dict[str, Any]:
        tests: list[dict[str, Any]] = [{"kind": "document"}, {"type": self.type},
                                       {"status": self.status}]
        if self.in_force:
            tests += [{"$lte": {"from_year": year}}, {"$gte": {"until_year": year}}]
        return all_of(*tests)

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"type": self.type, "status": self.status, "in_force": self.in_force,
                  "min_count": self.min_count, "count": len(matched)}
        return NodeResult(self.cid, self.kind, len(matched) >= self.min_count, params, matched,
                          condition=self)

    def evidence(self, result: NodeResult, dossier: Dossier) -> tuple[str, ...]:
        return tuple(dossier.documents[int(ref.split(":")[1])].number for ref in result.matched)

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        doc_type = ctx.vocabulary.document_types.get(self.type)
        in_force = message("condition.in_force", lang) if self.in_force else ""
        text = message("condition.document", lang,
                       name=doc_type.name.get(lang) if doc_type else self.type,
                       status=message(f"status.{self.status}", lang), in_force=in_force,
                       min_count=self.min_count)
        return measured(text, lang, result, "condition.found", lambda r: r.params["count"])
