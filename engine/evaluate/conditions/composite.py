"""Composite conditions: all / any / not. Each is its combinator (whether it holds given
whether each child holds), used alike by evaluation and by waivers; negation is composition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from ...i18n import message
from .base import Condition, Facts, NodeResult, Site

if TYPE_CHECKING:
    from ...model import Rulebook


@dataclass(frozen=True)
class Composite(Condition):
    """A condition over child conditions; subclasses give the combinator."""

    atomic: ClassVar[bool] = False
    tailorable: ClassVar[bool] = False  # its atoms may be; it has no number of its own

    def evaluate(self, facts: Facts) -> NodeResult:
        results = tuple(child.evaluate(facts) for child in self.children())
        return NodeResult(self.cid, self.kind, self.combine([r.held for r in results]),
                          children=results, condition=self)

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        """The header of its list of items (the items are described one by one)."""
        return message(f"condition.{self.kind}", lang)

    def required_levels(self) -> dict[str, int]:
        """A child's demands are demands of the whole when its failing alone fails the whole:
        under `all`, not under `any` (of several) or `not`."""
        found: dict[str, int] = {}
        children = self.children()
        for index, child in enumerate(children):
            if self.combine([i != index for i in range(len(children))]):
                continue
            for key, value in child.required_levels().items():
                found[key] = max(found.get(key, 0), value)
        return found


def _items_schema() -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1}


@dataclass(frozen=True)
class AllOf(Composite):
    items: tuple[Condition, ...] = ()

    kind: ClassVar[str] = "all"
    schema: ClassVar[dict[str, Any]] = _items_schema()
    example: ClassVar[Any] = [{"answer": {"key": "team_formed", "equals": True}},
                              {"document": {"type": "anjab"}}]

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> Condition:
        return cls(cid, tuple(site.child(item, f"{cid}.{i}", (*site.path, i))
                              for i, item in enumerate(spec)))

    def combine(self, held: Sequence[bool]) -> bool:
        return all(held)

    def children(self) -> tuple[Condition, ...]:
        return self.items

    def with_children(self, children: tuple[Condition, ...]) -> Condition:
        return replace(self, items=children)


@dataclass(frozen=True)
class AnyOf(AllOf):
    kind: ClassVar[str] = "any"
    schema: ClassVar[dict[str, Any]] = _items_schema()
    example: ClassVar[Any] = AllOf.example

    def combine(self, held: Sequence[bool]) -> bool:
        return any(held)


@dataclass(frozen=True)
class Not(Composite):
    item: Condition

    kind: ClassVar[str] = "not"
    schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/condition"}
    example: ClassVar[Any] = {"answer": {"key": "team_formed", "equals": False}}

    @classmethod
    def build(cls, cid: str, spec: Any, site: Site) -> Condition:
        return cls(cid, site.child(spec, f"{cid}.0", site.path))

    def combine(self, held: Sequence[bool]) -> bool:
        return not all(held)

    def children(self) -> tuple[Condition, ...]:
        return (self.item,)

    def with_children(self, children: tuple[Condition, ...]) -> Condition:
        return replace(self, item=children[0])

    def describe(self, ctx: Rulebook, lang: str, result: NodeResult | None = None) -> str:
        """The header, and with a result the item's outcome after it: a `not` shows up among
        the unmet conditions of a gap by itself, and must say what it is about."""
        header = super().describe(ctx, lang)
        if result is None or not result.children:
            return header
        return f"{header} {self.item.describe(ctx, lang, result.children[0])}"
