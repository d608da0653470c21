"""What every condition kind is: the `Condition` base class, its results and its facts.

A kind is one class (one module of this package) that holds everything about it: how it is
built from YAML and checked against the vocabulary, its durable_rules pattern, how it is
evaluated, whether a policy may tailor it, its JSON-Schema fragment and its one wording,
used both by the rule reference (unevaluated) and by reports (with what was measured).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from ...errors import closest
from ...i18n import message

if TYPE_CHECKING:
    from ...model import Dossier, Rulebook, Vocabulary


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
    # The condition evaluated: it words the result and recombines its children.
    condition: Condition | None = field(default=None, compare=False, repr=False)

    def waive(self, cids: frozenset[str]) -> NodeResult:
        """This result with the waived conditions counted as held, and the parents recomputed
        by the same combinator that evaluated them."""
        if self.cid in cids:
            return replace(self, held=True, waived=True)
        if not self.children or not cids or self.condition is None:
            return self
        children = tuple(child.waive(cids) for child in self.children)
        held = self.condition.combine([child.held for child in children])
        return replace(self, held=held, children=children)

    def failing_atoms(self) -> list[NodeResult]:
        """The conditions whose failure makes this node fail: the failing atoms below it, or
        the node itself when no failing child explains it (a `not` whose item holds)."""
        if self.held:
            return []
        below = [atom for child in self.children for atom in child.failing_atoms()]
        return below or [self]


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


Report = Callable[..., None]  # report(json_path, code, suggestion=None, **params)


@dataclass(frozen=True)
class Site:
    """Where a condition's YAML sits while it is loaded: its JSON path (down to the kind's
    key), the vocabulary it must use, where problems go, and how nested conditions are
    built (the loader's recursion, which handles ids and the one-kind rule)."""

    path: tuple[Any, ...]
    vocabulary: Vocabulary
    report: Report
    child: Callable[[Any, str, tuple[Any, ...]], Condition]

    def known(self, name: str, known: Mapping[str, Any], key: str, code: str) -> None:
        """A problem at `key` when `name` is not among `known`, with a did-you-mean."""
        if name not in known:
            self.report([*self.path, key], code, closest(name, known), name=name)

    def one_form(self, spec: Mapping[str, Any], single: str, code: str) -> None:
        """Either `single` alone, or both `op` and `value`: a comparison needs one form."""
        comparison = {"op", "value"} & set(spec)
        if not ((single in spec and not comparison)
                or (single not in spec and comparison == {"op", "value"})):
            self.report(list(self.path), code)


@dataclass(frozen=True)
class RowCount:
    """The personnel rows behind a metric condition: how many the metric counts, of how
    many, the keys of those that fall short, and whether counted rows break the bound."""

    counted: int
    total: int
    failing: Sequence[str]
    upper_bound: bool


@dataclass(frozen=True)
class Condition:
    """One kind of condition. Subclasses set the class attributes and override what they
    support; tests/test_condition_kinds.py checks each registered kind does it all."""

    cid: str

    kind: ClassVar[str] = ""
    atomic: ClassVar[bool] = True
    # A policy may override the number it compares against (`thresholds:`), see adjustable().
    tailorable: ClassVar[bool] = False
    # A waiver may name it: while the waiver is in force, it counts as held.
    waivable: ClassVar[bool] = True
    # JSON Schema of its YAML: for an atom, engine/schemas/rule.json's `$defs.<kind>`; for a
    # composite, its entry in `$defs.condition.properties`. A test keeps them equal.
    schema: ClassVar[Mapping[str, Any]] = {}
    # What its YAML looks like (the value under its key); the meta-test builds each kind
    # from it, and it documents the form.
    example: ClassVar[Any] = None

    # --- loading ---------------------------------------------------------------------------
    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> Condition:  # pragma: no cover - abstract
        """The condition from its YAML spec (already schema-valid)."""
        raise NotImplementedError

    @classmethod
    def check(cls, spec: Any, site: Site) -> None:
        """Problems a schema cannot see (unknown vocabulary, conflicting forms)."""
        return None

    # --- evaluation ------------------------------------------------------------------------
    @classmethod
    def dossier_facts(cls, dossier: Dossier) -> list[dict[str, Any]]:
        """The facts of `dossier` this kind's patterns match (each with a unique id)."""
        return []

    def pattern(self, year: int) -> dict[str, Any]:  # pragma: no cover - atoms only
        """The durable_rules pattern matching the facts that satisfy this atom."""
        raise NotImplementedError(f"{self.kind} conditions are composite")

    def evaluate(self, facts: Facts) -> NodeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def combine(self, held: Sequence[bool]) -> bool:  # pragma: no cover - composites only
        """Whether this holds given whether each child holds (evaluation and waivers)."""
        raise NotImplementedError(f"{self.kind} conditions are atomic")

    # --- wording ---------------------------------------------------------------------------
    def describe(self, ctx: Rulebook, lang: str,
                 result: NodeResult | None = None) -> str:  # pragma: no cover - abstract
        """One sentence: what it asks for, and with `result` what was measured as well."""
        raise NotImplementedError

    # --- tailoring -------------------------------------------------------------------------
    def adjustable(self) -> bool:
        """Whether a policy's `thresholds:` may replace the number it compares against."""
        return False

    def with_threshold(self, value: Fraction) -> Condition:  # pragma: no cover - tailorable only
        raise NotImplementedError(f"{self.kind} conditions have no threshold")

    def with_children(self, children: tuple[Condition, ...]) -> Condition:
        return self

    def retune(self, wanted: Mapping[str, Fraction]) -> Condition:
        """This condition with the thresholds in `wanted` (by condition id) replaced."""
        if self.cid in wanted and self.adjustable():
            return self.with_threshold(wanted[self.cid])
        if not self.children():
            return self
        return self.with_children(tuple(child.retune(wanted) for child in self.children()))

    # --- structure -------------------------------------------------------------------------
    def children(self) -> tuple[Condition, ...]:
        return ()

    def depends_on(self) -> tuple[str, ...]:
        """The indicators whose level this very node asks about."""
        return ()

    def required_levels(self) -> dict[str, int]:
        """Levels of other indicators this condition demands outright."""
        return {}

    def evidence(self, result: NodeResult, dossier: Dossier) -> tuple[str, ...]:
        """What in the dossier proved it, as reports cite it (document numbers)."""
        return ()

    def concerned_rows(self, dossier: Dossier) -> RowCount | None:
        """The personnel rows behind it, for auditors; None when there are none."""
        return None

    def atoms(self) -> list[Condition]:
        if self.atomic:
            return [self]
        return [atom for child in self.children() for atom in child.atoms()]

    def walk(self) -> list[Condition]:
        return [self, *(node for child in self.children() for node in child.walk())]


# --- helpers the kinds share ----------------------------------------------------------------

# Comparison operators as durable_rules spells them; `==` is a plain field match.
DURABLE_OPS = {">=": "$gte", ">": "$gt", "<=": "$lte", "<": "$lt", "!=": "$neq"}
COMPARISON_SCHEMA: dict[str, Any] = {"enum": [">=", ">", "<=", "<", "==", "!="]}
# Operators as words: "paling banyak 25%" reads better than "<= 0.25" to an assessor.
_OP_CODES = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq", "!=": "ne"}


def all_of(*tests: dict[str, Any]) -> dict[str, Any]:
    return {"$and": list(tests)}


def compare(field_name: str, op: str, value: Any) -> dict[str, Any]:
    if op == "==":
        return {field_name: value}
    return {DURABLE_OPS[op]: {field_name: value}}


def op_word(op: str, lang: str) -> str:
    return message(f"condition.op.{_OP_CODES[op]}", lang) if op in _OP_CODES else op


def measured(text: str, lang: str, result: NodeResult | None, code: str,
             actual: Callable[[NodeResult], Any]) -> str:
    """`text`, followed (when there is a result) by what was measured, worded by `code`."""
    if result is None:
        return text
    return f"{text} {message(code, lang, actual=actual(result))}"
