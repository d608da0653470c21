"""Tailoring: an agency's policy file that `extends` a shipped policy.

It may override the name, scoring parameters, bands and target; change an aspect's weight,
replace, add or remove its indicators, or add an aspect; and override the number a metric
or answer condition compares against (`thresholds`, keyed by condition id as shown in
reports' traces, e.g. `karier.standar-kompetensi.L4.0`) and the effort estimate of level steps (`efforts`,
keyed `<rule>.L<level>`). The merged result is checked like
any policy: weights must sum to 1, bands must cover the score range without gap or overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..errors import closest
from ..model import IndicatorRef, Policy, Rule, as_fraction
from .yamlfile import PosDict, PosList

REPLACED_KEYS = ("name", "description", "references", "provenance", "bands", "target")


def merge_policy(base: Any, extension: Any, report: Callable[..., None]) -> PosDict:
    """The raw policy `extension` makes of `base`. `report(path, code, suggestion, **params)`
    records a problem at a JSON path of the extension."""
    merged = PosDict(base)
    merged.key_pos, merged.value_pos, merged.start = dict(base.key_pos), dict(base.value_pos), extension.start
    for key in ("id", *REPLACED_KEYS):
        if key in extension:
            merged[key] = extension[key]
            merged.key_pos[key], merged.value_pos[key] = extension.key_pos[key], extension.value_pos[key]
    if "scoring" in extension:
        merged["scoring"] = {**base["scoring"], **extension["scoring"]}
    if "aspects" in extension:
        merged["aspects"] = _merge_aspects(base["aspects"], extension["aspects"], report)
        merged.value_pos["aspects"] = extension.value_pos["aspects"]
    merged.pop("extends", None)
    return merged


def _merge_aspects(base: list[Any], changes: list[Any], report: Callable[..., None]) -> PosList:
    aspects = PosList(dict(a) for a in base)
    aspects.item_pos, aspects.start = list(getattr(base, "item_pos", [])), getattr(base, "start", (1, 1))
    by_id = {a["id"]: a for a in aspects}
    for index, change in enumerate(changes):
        target = by_id.get(change["id"])
        if target is None:
            missing = [k for k in ("name", "weight", "provenance", "indicators") if k not in change]
            if missing:
                report(["aspects", index, "id"], "policy.unknown_aspect", closest(change["id"], by_id),
                       name=change["id"], missing=", ".join(missing))
                continue
            target = {"id": change["id"]}
            aspects.append(target)
            aspects.item_pos.append(getattr(changes, "item_pos", [(1, 1)] * len(changes))[index])
            by_id[change["id"]] = target
        for key in ("name", "weight", "provenance", "indicators"):
            if key in change:
                target[key] = change[key]
        target["indicators"] = list(target.get("indicators", [])) + list(change.get("add_indicators", []))
        _remove(target, change, index, report)
    return aspects


def _remove(target: dict[str, Any], change: Mapping[str, Any], index: int,
            report: Callable[..., None]) -> None:
    present = [item["rule"] for item in target["indicators"]]
    for r_index, rule_id in enumerate(change.get("remove_indicators", [])):
        if rule_id not in present:
            report(["aspects", index, "remove_indicators", r_index], "policy.remove_unknown",
                   closest(rule_id, present), name=rule_id, aspect=target["id"])
    removed = set(change.get("remove_indicators", []))
    target["indicators"] = [item for item in target["indicators"] if item["rule"] not in removed]


def apply_thresholds(policy: Policy, thresholds: Mapping[str, Any],
                     report: Callable[..., None]) -> Policy:
    """`policy` with the compared-against numbers of the named conditions replaced."""
    adjustable = {node.cid: node for _, ref in policy.indicators() for level in ref.rule.levels
                  if level.conditions for node in level.conditions.walk() if node.adjustable()}
    wanted = {}
    for cid, value in thresholds.items():
        if cid not in adjustable:
            report(["thresholds", cid], "policy.unknown_threshold", closest(cid, adjustable), name=cid)
        else:
            wanted[cid] = as_fraction(value)
    if not wanted:
        return policy
    aspects = tuple(
        replace(aspect, indicators=tuple(IndicatorRef(_retuned(ref.rule, wanted), ref.weight)
                                         for ref in aspect.indicators))
        for aspect in policy.aspects)
    return replace(policy, aspects=aspects)


def apply_efforts(policy: Policy, efforts: Mapping[str, Any], report: Callable[..., None]) -> Policy:
    """`policy` with the effort estimates of the named level steps (`<rule>.L<n>`) replaced."""
    rules = {ref.id: ref.rule for _, ref in policy.indicators()}
    known = [f"{rid}.L{level.level}" for rid, rule in rules.items() for level in rule.levels[1:]]
    wanted: dict[str, dict[int, Any]] = {}
    for key, value in efforts.items():
        if key not in known:
            report(["efforts", key], "policy.unknown_effort", closest(key, known), name=key)
            continue
        rid, level = key.rsplit(".L", 1)
        wanted.setdefault(rid, {})[int(level)] = as_fraction(value)
    if not wanted:
        return policy

    def retimed(rule: Rule) -> Rule:
        changes = wanted.get(rule.id, {})
        return replace(rule, levels=tuple(replace(lv, effort=changes[lv.level]) if lv.level in changes else lv
                                          for lv in rule.levels))

    aspects = tuple(replace(a, indicators=tuple(IndicatorRef(retimed(ref.rule), ref.weight) for ref in a.indicators))
                    for a in policy.aspects)
    return replace(policy, aspects=aspects)


def _retuned(rule: Rule, wanted: Mapping[str, Any]) -> Rule:
    levels = tuple(replace(level, conditions=level.conditions.retune(wanted)) if level.conditions else level
                   for level in rule.levels)
    return replace(rule, levels=levels)
