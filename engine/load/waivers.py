"""Waivers: accepted exceptions (as in Chef InSpec), with justification, approver and expiry.

A waiver names one condition (by the id reports show in their traces) or one level of an
indicator; while it is in force that condition or level counts as held. A waiver past its
expiry date no longer counts and is flagged. Reports give the score before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import closest
from ..model import Rule, Rulebook
from .loader import ProblemCollector, parse_date


@dataclass(frozen=True)
class Waiver:
    target: str          # the condition id waived
    justification: str
    approver: str
    expires: date
    approved: date | None = None
    indicator: str = ""

    def in_force(self, on: date) -> bool:
        return on <= self.expires


@dataclass(frozen=True)
class WaiverSet:
    source: str
    applied: tuple[Waiver, ...]
    expired: tuple[Waiver, ...]

    @property
    def cids(self) -> frozenset[str]:
        return frozenset(w.target for w in self.applied)


def condition_ids(rules: Iterable[Rule]) -> dict[str, str]:
    """Every id of a waivable condition of `rules` (level roots included), with its indicator."""
    ids = {}
    for rule in rules:
        for level in rule.levels:
            for node in level.conditions.walk() if level.conditions else []:
                if node.waivable:
                    ids[node.cid] = rule.id
    return ids


def load_waivers(path: Path, rulebook: Rulebook, on: date) -> WaiverSet:
    """The waivers at `path`, split into those in force on `on` and those expired.

    Ids are checked against every rule, not one policy's: a dossier assessed under several
    policies keeps one waiver file, and a waiver simply has no effect where its rule is absent.
    """
    box = ProblemCollector()
    data = box.read(path, "waivers")
    box.raise_if_any()
    known = condition_ids(rulebook.rules.values())
    indicators = dict(rulebook.rules)
    waivers = []
    for index, raw in enumerate(data["waivers"]):
        target = _target(raw, index, str(path), data, known, indicators, box)
        dates = {key: parse_date(raw[key], str(path), data, ["waivers", index, key], box)
                 for key in ("expires", "approved") if key in raw}
        expires = dates.get("expires")
        if target and expires:
            waivers.append(Waiver(target, raw["justification"], raw["approver"], expires,
                                  dates.get("approved"), known[target]))
    box.raise_if_any()
    return WaiverSet(str(path), tuple(w for w in waivers if w.in_force(on)),
                     tuple(w for w in waivers if not w.in_force(on)))


def _target(raw: Any, index: int, source: str, data: Any, known: dict[str, str],
            indicators: dict[str, Any], box: ProblemCollector) -> str | None:
    where = ["waivers", index]
    if ("condition" in raw) == ("indicator" in raw) or ("indicator" in raw) != ("level" in raw):
        box.at(source, data, where, "waiver.one_target")
        return None
    if "condition" in raw:
        if raw["condition"] not in known:
            box.at(source, data, [*where, "condition"], "waiver.unknown_condition",
                   closest(raw["condition"], known), name=raw["condition"])
            return None
        return raw["condition"]
    if raw["indicator"] not in indicators:
        box.at(source, data, [*where, "indicator"], "waiver.unknown_indicator",
               closest(raw["indicator"], indicators), name=raw["indicator"])
        return None
    if raw["level"] <= indicators[raw["indicator"]].levels_from:
        box.at(source, data, [*where, "level"], "waiver.floor_level", level=raw["level"])
        return None
    target = f"{raw['indicator']}.L{raw['level']}"
    if target not in known:  # a level root with an explicit id of its own
        root = indicators[raw["indicator"]].level(raw["level"]).conditions
        target = root.cid
    return target
