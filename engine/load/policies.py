"""Loading a policy: shipped by id or by path, an agency's tailoring merged along its
`extends` chain, then checked (weights, bands, dependencies, target)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, closest
from ..evaluate.scoring import score_range
from ..model import (
    Aspect,
    Band,
    IndicatorRef,
    Policy,
    Reference,
    Rule,
    Rulebook,
    Scoring,
    Where,
    as_fraction,
)
from .collect import ProblemCollector, _note, _text, shipped_dir
from .schema import validate
from .tailoring import apply_efforts, apply_thresholds, merge_policy
from .yamlfile import PosDict, position_of


def policy_path(ref: str) -> Path:
    """A policy given by id (shipped) or by path."""
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return shipped_dir("policies") / f"{ref}.yaml"


def shipped_policy_ids() -> list[str]:
    return sorted(p.stem for p in shipped_dir("policies").glob("*.yaml"))


def load_policy(ref: str, rulebook: Rulebook) -> Policy:
    path = policy_path(ref)
    if not path.exists():
        hint = closest(ref, shipped_policy_ids())
        raise InputError([Problem(str(path), 0, 0, "policy.not_found",
                                  {"ref": ref, "known": ", ".join(shipped_policy_ids())}, "", hint)])
    box = ProblemCollector()
    data = _raw_policy(path, box, ())
    box.raise_if_any()
    policy = _build_policy(data, str(path), rulebook, box)

    def report(json_path: list[Any], code: str, suggestion: str | None = None, **params: Any) -> None:
        box.at(str(path), data, json_path, code, suggestion, **params)

    policy = apply_thresholds(policy, data.get("thresholds", {}), report)
    policy = apply_efforts(policy, data.get("efforts", {}), report)
    box.raise_if_any()
    return replace(policy, sources=tuple(str(file) for file in box.files))


def _raw_policy(path: Path, box: ProblemCollector, chain: tuple[Path, ...]) -> Any:
    """A policy file's data; for one that `extends` another, the merged data (recursively)."""
    data = box.read(path, None)
    if data is None:
        return None
    if data["kind"] != "policy":
        box.at(str(path), data, ["kind"], "file.wrong_kind", expected="policy", found=data["kind"])
        return None
    if "extends" not in data:
        return data
    if path.resolve() in chain:
        box.at(str(path), data, ["extends"], "policy.extends_cycle",
               chain=" -> ".join(p.name for p in (*chain, path.resolve())))
        return None
    relative = path.parent / data["extends"]
    base_path = relative if relative.suffix in (".yaml", ".yml") else policy_path(data["extends"])
    if not base_path.exists():
        box.at(str(path), data, ["extends"], "policy.not_found", closest(data["extends"], shipped_policy_ids()),
               ref=data["extends"], known=", ".join(shipped_policy_ids()))
        return None
    base = _raw_policy(base_path, box, (*chain, path.resolve()))
    if base is None:
        return None

    def report(json_path: list[Any], code: str, suggestion: str | None = None, **params: Any) -> None:
        box.at(str(path), data, json_path, code, suggestion, **params)

    merged = merge_policy(base, data, report)
    for key in ("thresholds", "efforts"):  # accumulate along the chain, nearer files winning
        merged[key] = PosDict({**base.get(key, {}), **data.get(key, {})})
        if key in data:
            merged.key_pos[key], merged.value_pos[key] = data.key_pos[key], data.value_pos[key]
            merged[key].key_pos.update(data[key].key_pos)
            merged[key].value_pos.update(data[key].value_pos)
    found = validate(merged, "policy", str(path))
    box.problems.extend(found)
    return None if found else merged


def _build_policy(data: Any, source: str, rulebook: Rulebook, box: ProblemCollector) -> Policy:
    raw_scoring = data["scoring"]
    optional: dict[str, Any] = {key: as_fraction(raw_scoring[key])
                for key in ("maturity_weight", "survey_weight", "reference_level") if key in raw_scoring}
    optional.update({key: raw_scoring[key] for key in ("min_level", "max_level") if key in raw_scoring})
    if "correction" in raw_scoring:
        optional["correction"] = _note(raw_scoring["correction"]["provenance"])
    scoring = Scoring(raw_scoring["formula"], as_fraction(raw_scoring["scale"]),
                      as_fraction(raw_scoring["round_to"]) if "round_to" in raw_scoring else None,
                      _note(raw_scoring["provenance"]), raw_scoring.get("rounding", "down"), **optional)
    bands = tuple(Band(b["id"], _text(b["name"]), as_fraction(b["min"]), as_fraction(b["max"]),
                       _note(b["provenance"])) for b in data["bands"])
    aspects = tuple(_build_aspect(raw, index, source, data, rulebook, box)
                    for index, raw in enumerate(data["aspects"]))
    line, col = position_of(data, [])
    policy = Policy(data["id"], _text(data["name"]), _note(data["provenance"]), scoring, bands,
                    data["target"], aspects, Where(source, line, col),
                    tuple(Reference(**r) for r in data.get("references", [])))
    _check_policy(policy, source, data, rulebook, box)
    return policy


def _build_aspect(raw: Any, index: int, source: str, data: Any, rulebook: Rulebook,
                  box: ProblemCollector) -> Aspect:
    refs = []
    for i, item in enumerate(raw["indicators"]):
        rule = rulebook.rules.get(item["rule"])
        if rule is None:
            box.at(source, data, ["aspects", index, "indicators", i, "rule"], "policy.unknown_rule",
                   closest(item["rule"], rulebook.rules), name=item["rule"])
            continue
        _check_scale(rule, data, source, ["aspects", index, "indicators", i, "rule"], box)
        refs.append(IndicatorRef(rule, as_fraction(item.get("weight", 1))))
    return Aspect(raw["id"], _text(raw["name"]), as_fraction(raw["weight"]), _note(raw["provenance"]), tuple(refs))


def _check_scale(rule: Rule, data: Any, source: str, path: list[Any], box: ProblemCollector) -> None:
    """An indicator's levels must run over the policy's scale (min_level-max_level)."""
    scoring = data["scoring"]
    low, high = scoring.get("min_level", 1), scoring.get("max_level", 4)
    if (rule.levels_from, rule.top) != (low, high):
        box.at(source, data, path, "policy.level_scale", rule=rule.id, levels=f"{rule.levels_from}-{rule.top}",
               scale=f"{low}-{high}")


def _check_policy(policy: Policy, source: str, data: Any, rulebook: Rulebook, box: ProblemCollector) -> None:
    total_weight = sum((a.weight for a in policy.aspects), start=as_fraction(0))
    if total_weight != 1:
        box.at(source, data, ["aspects"], "policy.weights_sum", total=f"{float(total_weight):g}")
    seen: dict[str, str] = {}
    for aspect, ref in policy.indicators():
        if ref.id in seen:
            box.at(source, data, ["aspects"], "policy.duplicate_indicator", id=ref.id, aspect=seen[ref.id])
        seen[ref.id] = aspect.id
    for rule_id in seen:
        for root in rulebook.rules[rule_id].conditions():
            for node in root.walk():
                for name in node.depends_on():
                    if name not in seen:
                        box.at(source, data, ["aspects"], "policy.missing_dependency",
                               rule=rule_id, name=name)
    _check_bands(policy, source, data, box)
    if policy.target not in {b.id for b in policy.bands}:
        box.at(source, data, ["target"], "policy.unknown_target",
               closest(policy.target, [b.id for b in policy.bands]), name=policy.target)


def _check_bands(policy: Policy, source: str, data: Any, box: ProblemCollector) -> None:
    """Bands must follow each other with no gap or overlap and cover every reachable score."""
    low, high = score_range(policy)
    for index, band in enumerate(policy.bands):
        if index and band.min != policy.bands[index - 1].max:
            box.at(source, data, ["bands", index, "min"], "policy.band_gap",
                   expected=f"{float(policy.bands[index - 1].max):g}", found=f"{float(band.min):g}")
        if band.max <= band.min:
            box.at(source, data, ["bands", index, "max"], "policy.band_empty")
    if policy.bands[0].min > low or policy.bands[-1].max < high:
        box.at(source, data, ["bands"], "policy.band_range", low=f"{float(low):g}", high=f"{float(high):g}",
               found=f"{float(policy.bands[0].min):g}-{float(policy.bands[-1].max):g}")
