"""Finding rules for the rule reference: a rule by id (suggesting the intended one on a typo),
the policies that use it, and its file as the docs cite it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError, closest
from ..load.loader import shipped_dir
from ..model import Policy, Rule, Rulebook


def find_rule(rulebook: Rulebook, rule_id: str) -> Rule:
    """The rule `rule_id`, or a UsageError that suggests the closest id."""
    rule = rulebook.rules.get(rule_id)
    if rule is not None:
        return rule
    suggestion = suggest_rule(rule_id, rulebook.rules)
    if suggestion is None:
        raise UsageError("reference.unknown_rule", id=rule_id)
    raise UsageError("reference.unknown_rule_hint", id=rule_id, suggestion=suggestion)


def suggest_rule(name: str, rule_ids: Sequence[str] | Mapping[str, Any]) -> str | None:
    """The likely intended rule id: a near spelling of the full id, else of the part after
    the prefix (people type "anjab-abk" for "perencanaan.anjab-abk")."""
    ids = sorted(rule_ids)
    found = closest(name, ids)
    if found is not None:
        return found
    by_short: dict[str, str] = {}
    for rid in ids:
        by_short.setdefault(rid.rsplit(".", 1)[-1], rid)
    short = closest(name.rsplit(".", 1)[-1], by_short)
    return by_short[short] if short is not None else None


def policies_using(rule_id: str, policies: Sequence[Policy]) -> list[tuple[Policy, str]]:
    """The policies that include `rule_id`, each with the id of the aspect holding it."""
    return [(policy, aspect.id) for policy in policies
            for aspect, ref in policy.indicators() if ref.id == rule_id]


def source_path(rule: Rule) -> str:
    """The rule's file relative to the checkout (`rules/...`), so that generated docs do not
    depend on where merit is installed."""
    path = Path(rule.where.file).resolve()
    base = shipped_dir("rules").resolve().parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.name
