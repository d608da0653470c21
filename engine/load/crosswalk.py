"""Crosswalks: which indicator of one policy answers to which of another.

Assess once, report against both regimes: a crosswalk file lists pairs of indicators with
their relation (equal / subset / superset / intersect, as in CISO Assistant's mapping sets).
Every indicator of either policy must appear in at least one pair, so that a side-by-side
report never silently drops one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import closest
from ..model import Policy, Where
from .loader import ProblemCollector, shipped_dir, yaml_files
from .yamlfile import position_of


@dataclass(frozen=True)
class Mapping:
    source: str
    target: str
    relation: str
    note: str = ""


@dataclass(frozen=True)
class Crosswalk:
    id: str
    source: str
    target: str
    provenance: str
    mappings: tuple[Mapping, ...]
    where: Where

    def reversed(self) -> Crosswalk:
        flip = {"subset": "superset", "superset": "subset"}
        return Crosswalk(self.id, self.target, self.source, self.provenance,
                         tuple(Mapping(m.target, m.source, flip.get(m.relation, m.relation), m.note)
                               for m in self.mappings), self.where)


def crosswalk_files() -> list[Path]:
    return list(yaml_files([shipped_dir("policies") / "crosswalks"]))


def find_crosswalk(source: Policy, target: Policy) -> Crosswalk | None:
    """The shipped crosswalk between two policies, in the direction asked, if there is one."""
    for path in crosswalk_files():
        crosswalk = load_crosswalk(path, source, target)
        if crosswalk is not None:
            return crosswalk
    return None


def load_crosswalk(path: Path, source: Policy | None, target: Policy | None) -> Crosswalk | None:
    """The crosswalk at `path` if it links `source` and `target` (either way), checked."""
    box = ProblemCollector()
    data = box.read(path, "crosswalk")
    box.raise_if_any()
    if source is None or target is None:
        return None
    pair = (data["from"], data["to"])
    if pair not in ((source.id, target.id), (target.id, source.id)):
        return None
    first, second = (source, target) if pair[0] == source.id else (target, source)
    crosswalk = _build(data, str(path), first, second, box)
    box.raise_if_any()
    return crosswalk if pair[0] == source.id else crosswalk.reversed()


def _build(data: Any, source: str, first: Policy, second: Policy, box: ProblemCollector) -> Crosswalk:
    ids = ({ref.id for _, ref in first.indicators()}, {ref.id for _, ref in second.indicators()})
    mappings = []
    for index, raw in enumerate(data["mappings"]):
        for side, known in zip(("from", "to"), ids):
            if raw[side] not in known:
                box.at(source, data, ["mappings", index, side], "crosswalk.unknown_indicator",
                       closest(raw[side], known), name=raw[side],
                       policy=(first if side == "from" else second).id)
        mappings.append(Mapping(raw["from"], raw["to"], raw["relation"], raw.get("note", "")))
    for side, known, policy in (("from", ids[0], first), ("to", ids[1], second)):
        covered = {getattr(m, "source" if side == "from" else "target") for m in mappings}
        for missing in sorted(known - covered):
            box.at(source, data, ["mappings"], "crosswalk.unmapped", name=missing, policy=policy.id)
    line, col = position_of(data, [])
    return Crosswalk(data["id"], data["from"], data["to"], data["provenance"], tuple(mappings),
                     Where(source, line, col))


