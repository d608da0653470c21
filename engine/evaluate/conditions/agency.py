"""An agency condition: the kind of the assessed agency (agency.yaml's `kind`) is one of a
list. Instruments ask some questions only of some kinds of agency (the 2026 worksheet's
SKJ question has one variant for central and provincial agencies, one for regencies and
cities); a rule's `applies_when` or a level's conditions say so with this kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ...i18n import message
from .base import Condition, Facts, NodeResult, Site, all_of, measured

if TYPE_CHECKING:
    from ...model import Dossier, Rulebook

# agency.yaml's kinds (engine/schemas/agency.json), in the order messages list them.
AGENCY_KINDS = ("kementerian", "lembaga", "provinsi", "kabupaten", "kota")


@dataclass(frozen=True)
class AgencyCondition(Condition):
    kinds: tuple[str, ...] = ()

    kind: ClassVar[str] = "agency"
    tailorable: ClassVar[bool] = False
    waivable: ClassVar[bool] = False  # what an agency is cannot be waived
    example: ClassVar[Any] = {"kind": ["kementerian", "lembaga", "provinsi"]}
    schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {
            "kind": {"type": "array", "items": {"enum": list(AGENCY_KINDS)}, "minItems": 1},
        },
        "required": ["kind"],
        "additionalProperties": False,
    }

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> AgencyCondition:
        return cls(cid, tuple(spec["kind"]))

    @classmethod
    def dossier_facts(cls, dossier: Dossier) -> list[dict[str, Any]]:
        # `kind` names the fact's kind (the catch-all rule matches on it): the agency's own
        # kind goes in `agency_kind`.
        return [{"id": "agency", "kind": "agency", "agency_kind": dossier.agency.kind}]

    def pattern(self, year: int) -> dict[str, Any]:
        return all_of({"kind": "agency"}, {"$or": [{"agency_kind": k} for k in self.kinds]})

    def evaluate(self, facts: Facts) -> NodeResult:
        matched = facts.matched(self.cid)
        params = {"kinds": list(self.kinds), "actual": facts.value("agency", "agency_kind")}
        return NodeResult(self.cid, self.kind, bool(matched), params, matched, condition=self)

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        names = ", ".join(message(f"agency.kind.{k}", lang) for k in self.kinds)
        text = message("condition.agency", lang, kinds=names)
        return measured(text, lang, result, "condition.agency_kind",
                        lambda r: message(f"agency.kind.{r.params['actual']}", lang)
                        if r.params["actual"] in AGENCY_KINDS else "-")
