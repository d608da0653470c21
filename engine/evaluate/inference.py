"""Inference: the policy's rules compiled to durable_rules rulesets, run over a dossier.

Each atomic condition becomes one durable_rules rule whose action records the facts that
matched it. Indicators are then levelled in dependency order: once an indicator's level is
known it is asserted as a fact, so conditions on "the level of another indicator" are
matched by the same Rete network (forward chaining). The level, the trace of every
condition and, later, the gap statements are all read off this one evaluation.

The traps of durable_rules 2.0.28 and how each is handled here (each has a test):
- `Host.set_rulesets` deletes the `run` key of the dict it is given: we pass a deep copy.
- a ruleset name can be registered only once per Host, and C handles are finite: every
  evaluation gets a fresh Host and fresh names, and deletes its rulesets at the end.
- facts without `id` are identified by content (identical facts raise
  MessageObservedException): every fact gets a unique id.
- a fact matching no rule raises MessageNotHandledException: each ruleset has a catch-all
  rule (`$ex kind`; a `$nex` pattern hangs the engine, so it is not used).
- exceptions inside actions land in the session state: checked after every assert.
- 255 properties per fact and a few hundred rules per ruleset: facts are checked, and
  rules are split into rulesets of at most MAX_RULES_PER_RULESET.
- the `Host` starts timer threads that poll every ruleset forever: `_QuietHost` does not.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import durable_rules_engine
from durable.engine import Host

from ..errors import EngineError
from ..load.loader import find_cycle
from ..model import Dossier, Policy, Rule
from .conditions import KINDS, Condition, Facts, NodeResult, level_fact

MAX_RULES_PER_RULESET = 100
MAX_FACT_PROPERTIES = 255
_names = itertools.count()


class _QuietHost(Host):
    """A Host without background dispatch threads: assertions run actions inline."""

    def _run(self) -> None:
        return None


@dataclass(frozen=True)
class LevelResult:
    level: int
    held: bool        # the level's own conditions hold
    reached: bool     # the level counts (for cumulative rules: it and all below hold)
    result: NodeResult | None


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    level: int
    levels: tuple[LevelResult, ...]
    # The rule's `applies_when` result: when it does not hold, the indicator is not applicable
    # (it keeps its floor level, but is scored, gapped and planned as if absent).
    applies: NodeResult | None = None

    @property
    def applicable(self) -> bool:
        return self.applies is None or self.applies.held

    def at(self, level: int) -> LevelResult:
        return self.levels[level - self.levels[0].level]

    def unmet(self, level: int) -> list[NodeResult]:
        """The atomic conditions of `level` that do not hold (none for a conditionless level)."""
        result = self.at(level).result
        return result.failing_atoms() if result else []

    def next_unmet(self) -> tuple[int, list[NodeResult]] | None:
        """The level above the verified one and what it still lacks; None at the top (and
        for an indicator that is not applicable)."""
        if self.level >= self.levels[-1].level or not self.applicable:
            return None
        return self.level + 1, self.unmet(self.level + 1)


@dataclass(frozen=True)
class Evaluation:
    indicators: dict[str, IndicatorResult]
    facts: Facts


# --- facts -----------------------------------------------------------------------------

def dossier_facts(dossier: Dossier) -> list[dict[str, Any]]:
    """The dossier as durable_rules facts, each with a unique id: every kind of condition
    contributes the facts its patterns match."""
    facts = [fact for kind in KINDS.values() for fact in kind.dossier_facts(dossier)]
    for fact in facts:
        _check_fact(fact)
    return facts


def _check_fact(fact: Mapping[str, Any]) -> None:
    if len(fact) > MAX_FACT_PROPERTIES:
        raise EngineError(f"fact {fact.get('id')} has {len(fact)} properties; durable_rules takes "
                          f"at most {MAX_FACT_PROPERTIES}")


# --- compilation -----------------------------------------------------------------------

def atoms_of(rules: Iterable[Rule]) -> list[Condition]:
    """Every atomic condition of `rules`, each once."""
    seen: dict[str, Condition] = {}
    for rule in rules:
        for root in rule.conditions():
            for atom in root.atoms():
                seen.setdefault(atom.cid, atom)
    return list(seen.values())


def compile_rulesets(rules: Iterable[Rule], year: int,
                     action: Callable[[str], Callable[[Any], None]]) -> dict[str, dict[str, Any]]:
    """durable_rules ruleset definitions (dict API) for `rules` in assessment `year`.

    `action(cid)` gives the action run for each fact matching atomic condition `cid`.
    """
    atoms = atoms_of(rules)
    prefix = f"merit{next(_names)}"
    rulesets = {}
    for chunk_index, start in enumerate(range(0, max(len(atoms), 1), MAX_RULES_PER_RULESET)):
        chunk = atoms[start:start + MAX_RULES_PER_RULESET]
        definitions = {f"c{start + i}": {"all": [{"m": atom.pattern(year)}], "run": action(atom.cid)}
                       for i, atom in enumerate(chunk)}
        definitions["catch_all"] = {"all": [{"m": {"$ex": {"kind": 1}}}], "run": _ignore}
        rulesets[f"{prefix}_{chunk_index}"] = definitions
    return rulesets


def _ignore(closure: Any) -> None:
    return None


# --- evaluation ------------------------------------------------------------------------

class _Session:
    """One evaluation's Host, rulesets and recorded matches; closed when done."""

    def __init__(self, rules: Sequence[Rule], year: int) -> None:
        self.matches: dict[str, list[str]] = {}
        self.errors: list[str] = []
        self.definitions = compile_rulesets(rules, year, self._recorder)
        self.host = _QuietHost()
        self.host.set_rulesets(copy.deepcopy(self.definitions))

    def _recorder(self, cid: str) -> Callable[[Any], None]:
        def record(closure: Any) -> None:
            try:
                self.matches.setdefault(cid, []).append(closure.m["id"])
            except Exception as exc:  # noqa: BLE001 - durable_rules would swallow it
                self.errors.append(f"{cid}: {exc!r}")
        return record

    def assert_facts(self, facts: list[dict[str, Any]]) -> None:
        if not facts:
            return
        for name in self.definitions:
            self.host.assert_facts(name, facts)
            state = self.host.get_state(name)
            if "exception" in state or self.errors:
                raise EngineError(f"an action failed in ruleset {name}: "
                                  f"{state.get('exception') or self.errors}")

    def close(self) -> None:
        for name in self.definitions:
            durable_rules_engine.delete_ruleset(self.host.get_ruleset(name)._handle)


def evaluate(policy: Policy, dossier: Dossier, waived: frozenset[str] = frozenset()) -> Evaluation:
    """Level every indicator of `policy` on `dossier`, with the trace of every condition.
    Conditions whose id is in `waived` count as held (accepted exceptions)."""
    rules = [ref.rule for _, ref in policy.indicators()]
    return evaluate_rules(rules, dossier_facts(dossier), dossier.agency.assessment_year, waived=waived)


def evaluate_rules(rules: Sequence[Rule], base_facts: list[dict[str, Any]], year: int,
                   given_levels: Mapping[str, int] | None = None,
                   waived: frozenset[str] = frozenset()) -> Evaluation:
    """Level `rules` over `base_facts`. `given_levels` fixes the level of indicators outside
    `rules` that some of them depend on (used by per-rule fixtures). Waivers take effect
    before a level is asserted, so indicators that depend on a waived one see it too."""
    session = _Session(rules, year)
    try:
        facts = {fact["id"]: fact for fact in base_facts}
        for indicator, level in (given_levels or {}).items():
            facts[f"level:{indicator}"] = level_fact(indicator, level)
        session.assert_facts(list(facts.values()))
        results: dict[str, IndicatorResult] = {}
        for rule in dependency_order(rules):
            result = level_rule(rule, Facts(_frozen(session.matches), facts), waived)
            results[rule.id] = result
            fact = level_fact(rule.id, result.level)
            facts[fact["id"]] = fact
            session.assert_facts([fact])
        return Evaluation(results, Facts(_frozen(session.matches), dict(facts)))
    finally:
        session.close()


def _frozen(matches: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {cid: tuple(refs) for cid, refs in matches.items()}


def level_rule(rule: Rule, facts: Facts, waived: frozenset[str] = frozenset()) -> IndicatorResult:
    """The verified level: the highest whose conditions hold (and, if cumulative, all below);
    the floor level (`levels_from`) always holds."""
    levels = [LevelResult(rule.levels_from, True, True, None)]
    reached_so_far = True
    for level in rule.levels[1:]:
        result = level.conditions.evaluate(facts).waive(waived) if level.conditions else None
        held = bool(result and result.held)
        reached = held and (reached_so_far or not rule.cumulative)
        reached_so_far = reached
        levels.append(LevelResult(level.level, held, reached, result))
    verified = max(lr.level for lr in levels if lr.reached)
    applies = rule.applies_when.evaluate(facts) if rule.applies_when else None
    return IndicatorResult(rule.id, verified, tuple(levels), applies)


def dependency_order(rule_list: Sequence[Rule]) -> list[Rule]:
    """`rule_list`, each rule after every rule (in the list) whose level it depends on."""
    rules = {rule.id: rule for rule in rule_list}
    deps = {rid: set(_dependencies(rule)) & set(rules) for rid, rule in rules.items()}
    cycle = find_cycle(deps)
    if cycle:
        raise EngineError("indicator dependency cycle: " + " -> ".join(cycle))
    ordered: list[Rule] = []
    done: set[str] = set()

    def place(rid: str) -> None:
        if rid in done:
            return
        done.add(rid)
        for dep in sorted(deps[rid]):
            place(dep)
        ordered.append(rules[rid])

    for rid in rules:
        place(rid)
    return ordered


def _dependencies(rule: Rule) -> Iterator[str]:
    for root in rule.conditions():
        for node in root.walk():
            yield from node.depends_on()
