"""Conditions: what proves a level. One class per kind, in an explicit registry.

Atomic conditions (document, metric, answer, indicator, agency) compile to one durable_rules
pattern each; the Rete network finds the facts that match them. Composite conditions
(all / any / not) combine the atomic results. Negation is composition (`Not` wraps a
condition), never a special case inside an atom.

Every condition yields a `NodeResult` when evaluated: held or not, the facts that matched
and the numbers behind it. Levels, traces and gap statements are all read off those
results, so they can never disagree.

A new kind is one module here (its class: builder, vocabulary check, pattern, evaluation,
wording, tailoring), one line in `KINDS`, its schema fragment in engine/schemas/rule.json
(and the kind in report.json's enum), and its `condition.<kind>` messages.
"""

from __future__ import annotations

from ...errors import EngineError, closest
from .agency import AGENCY_KINDS, AgencyCondition
from .answer import AnswerCondition
from .base import COMPARISON_SCHEMA, Condition, Facts, NodeResult, RowCount, Site
from .composite import AllOf, AnyOf, Composite, Not
from .document import DocumentCondition
from .indicator import IndicatorCondition, level_fact
from .metric import MetricCondition

# The YAML key of each kind -> its class. Composites first: the order is the one messages
# list the kinds in.
KINDS: dict[str, type[Condition]] = {
    "all": AllOf,
    "any": AnyOf,
    "not": Not,
    "document": DocumentCondition,
    "metric": MetricCondition,
    "answer": AnswerCondition,
    "indicator": IndicatorCondition,
    "agency": AgencyCondition,
}
# Schema definitions the kinds' fragments share (`#/$defs/<name>` in rule.json).
SHARED_SCHEMA_DEFS = {"comparison": COMPARISON_SCHEMA}


def kind_class(name: str) -> type[Condition]:
    """The class of condition kind `name`; an unknown name fails with a did-you-mean."""
    found = KINDS.get(name)
    if found is not None:
        return found
    hint = closest(name, KINDS)
    raise EngineError(f"unknown condition kind '{name}'"
                      + (f"; did you mean '{hint}'?" if hint else f"; known: {', '.join(KINDS)}"))


__all__ = [
    "AGENCY_KINDS", "KINDS", "SHARED_SCHEMA_DEFS", "AgencyCondition", "AllOf", "AnswerCondition", "AnyOf", "Composite", "Condition",
    "DocumentCondition", "Facts", "IndicatorCondition", "MetricCondition", "NodeResult", "Not",
    "RowCount", "Site", "kind_class", "level_fact",
]
