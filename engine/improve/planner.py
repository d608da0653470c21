"""The cheapest improvement plan toward a target category.

Choose a target level for every indicator so that the total reaches the target band
at the least effort (each level step carries an `effort` in the rules, overridable by
policy). Indicator levels are linear in the total, so this is a multiple-choice knapsack;
indicators tied by "level of another indicator" conditions are grouped and their feasible
combinations enumerated, then a dynamic programme over integer score units solves it
exactly. The same programme with steps as the cost gives the plan with the fewest steps.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import EngineError
from ..evaluate.conditions import Condition
from ..evaluate.scoring import _aspect_factor
from ..model import Policy, Rule

DEFAULT_EFFORT = Fraction(1)
MAX_GROUP = 8  # 4^8 combinations; beyond that a dependency group is too tangled to enumerate


@dataclass(frozen=True)
class Step:
    indicator: str
    from_level: int
    to_level: int
    effort: Fraction
    points: Fraction


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    effort: Fraction
    points: Fraction

    @property
    def step_count(self) -> int:
        return sum(s.to_level - s.from_level for s in self.steps)


@dataclass(frozen=True)
class PlanResult:
    needed: Fraction            # raw points missing (0: already there)
    reachable: bool
    best_raw_total: Fraction    # raw total with every indicator at its top level
    cheapest: Plan | None
    fewest_steps: Plan | None


def step_points(policy: Policy, applicable: Collection[str] | None = None) -> dict[str, Fraction]:
    """What one level step of each indicator adds to the raw total; with `applicable`, of
    those indicators only (the others drop out of their aspect's mean)."""
    factor = _aspect_factor(policy)
    points = {}
    for aspect in policy.aspects:
        refs = [ref for ref in aspect.indicators if applicable is None or ref.id in applicable]
        weights = sum((ref.weight for ref in refs), start=Fraction(0))
        for ref in refs:
            points[ref.id] = factor * aspect.weight * ref.weight / weights
    return points


def step_effort(rule: Rule, level: int) -> Fraction:
    effort = rule.level(level).effort
    return effort if effort is not None else DEFAULT_EFFORT


def required_levels(condition: Condition | None) -> dict[str, int]:
    """Levels of other indicators a condition demands outright (under `all`, not `any`/`not`)."""
    return condition.required_levels() if condition else {}


def needed_raw(policy: Policy, threshold: Fraction) -> Fraction:
    """The least raw total that, once rounded as the policy rounds, reaches `threshold`.
    A threshold off the rounding grid (a band edge of 150 with steps of 20) needs the next
    rounded total above it (160), not the threshold itself."""
    step = policy.scoring.round_to
    if step is None:
        return threshold
    least_rounded = math.ceil(threshold / step) * step
    return least_rounded if policy.scoring.rounding == "down" else least_rounded - step / 2


# --- the optimiser ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Option:
    targets: tuple[tuple[str, int], ...]  # (indicator, target level), only raised ones
    effort: Fraction
    steps: int
    gain: Fraction


def _groups(rules: Mapping[str, Rule]) -> list[list[str]]:
    """Indicators linked by level dependencies, as connected groups."""
    parent = {rid: rid for rid in rules}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rid, rule in rules.items():
        for level in rule.levels:
            for dep in required_levels(level.conditions):
                if dep in parent:
                    parent[find(rid)] = find(dep)
    groups: dict[str, list[str]] = {}
    for rid in rules:
        groups.setdefault(find(rid), []).append(rid)
    return list(groups.values())


def _options(group: Sequence[str], rules: Mapping[str, Rule], current: Mapping[str, int],
             points: Mapping[str, Fraction], top: int) -> list[_Option]:
    if len(group) > MAX_GROUP:
        raise EngineError(f"{len(group)} indicators depend on each other; the planner enumerates "
                          f"at most {MAX_GROUP}")
    choices = [range(current[rid], top + 1) for rid in group]
    options = []
    for combo in itertools.product(*choices):
        levels = {**current, **dict(zip(group, combo))}
        if not _feasible(group, rules, current, levels):
            continue
        raised = tuple((rid, lvl) for rid, lvl in zip(group, combo) if lvl > current[rid])
        effort = sum((step_effort(rules[rid], n) for rid, lvl in raised
                      for n in range(current[rid] + 1, lvl + 1)), start=Fraction(0))
        gain = sum((points[rid] * (lvl - current[rid]) for rid, lvl in raised), start=Fraction(0))
        options.append(_Option(raised, effort, sum(lvl - current[rid] for rid, lvl in raised), gain))
    return options


def _feasible(group: Iterable[str], rules: Mapping[str, Rule], current: Mapping[str, int],
              levels: Mapping[str, int]) -> bool:
    """Every newly reached level's demands on other indicators are met by the plan."""
    for rid in group:
        for n in range(current[rid] + 1, levels[rid] + 1):
            for dep, minimum in required_levels(rules[rid].level(n).conditions).items():
                if levels.get(dep, 0) < minimum:
                    return False
    return True


def _solve(groups: list[list[_Option]], needed: Fraction, cost_key: str) -> tuple[_Option, ...] | None:
    """Least-cost choice of one option per group whose gains reach `needed`, exactly.

    Gains and efforts are scaled to integers by their common denominators; the state is the
    gain so far, capped at what is needed. Costs compare as (primary, secondary) integer
    tuples so ties break the same way every run. After each group, a state that reaches
    less at no lower cost than another is dropped: whatever follows it, the other does at
    least as well (this keeps the 0-4 worksheet's 31 questions to a few thousand states).
    """
    if needed <= 0:
        return ()
    options = [o for g in groups for o in g]
    unit = math.lcm(*(o.gain.denominator for o in options), needed.denominator)
    effort_unit = math.lcm(*(o.effort.denominator for o in options))
    target = math.ceil(needed * unit)

    def cost(o: _Option) -> tuple[int, int]:
        effort = int(o.effort * effort_unit)
        return (o.steps, effort) if cost_key == "steps" else (effort, o.steps)

    best: dict[int, tuple[tuple[int, int], tuple[_Option, ...]]] = {0: ((0, 0), ())}
    for group in groups:
        scored = [(int(o.gain * unit), cost(o), o) for o in group]
        nxt: dict[int, tuple[tuple[int, int], tuple[_Option, ...]]] = {}
        for state, (so_far, chosen) in best.items():
            for gain, c, option in scored:
                reached = min(target, state + gain)
                total = (so_far[0] + c[0], so_far[1] + c[1])
                if reached not in nxt or total < nxt[reached][0]:
                    nxt[reached] = (total, (*chosen, option))
        best = _undominated(nxt)
    return best[target][1] if target in best else None


def _undominated(states: dict[int, Any]) -> dict[int, Any]:
    """The states no other state beats: none reaches as much or more at a cost as low or lower."""
    kept: dict[int, Any] = {}
    cheapest = None
    for reached in sorted(states, reverse=True):
        entry = states[reached]
        if cheapest is None or entry[0] < cheapest:
            kept[reached] = entry
            cheapest = entry[0]
    return kept


def plan(policy: Policy, levels: Mapping[str, int], raw_total: Fraction, threshold: Fraction) -> PlanResult:
    """The cheapest and the shortest ways from `levels` to a total of at least `threshold`.
    Indicators absent from `levels` are not applicable: they get no step."""
    rules = {ref.id: ref.rule for _, ref in policy.indicators() if ref.id in levels}
    points = step_points(policy, levels)
    top = policy.scoring.max_level
    needed = max(Fraction(0), needed_raw(policy, threshold) - raw_total)
    best_total = raw_total + sum((points[rid] * (top - levels[rid]) for rid in rules), start=Fraction(0))
    group_options = [_options(group, rules, levels, points, top) for group in _groups(rules)]
    plans = []
    for key in ("effort", "steps"):
        chosen = _solve(group_options, needed, key)
        plans.append(None if chosen is None else _plan_of(chosen, rules, levels, points))
    return PlanResult(needed, plans[0] is not None, best_total, plans[0], plans[1])


def _plan_of(chosen: Iterable[_Option], rules: Mapping[str, Rule], levels: Mapping[str, int],
             points: Mapping[str, Fraction]) -> Plan:
    steps = tuple(
        Step(rid, levels[rid], target,
             sum((step_effort(rules[rid], n) for n in range(levels[rid] + 1, target + 1)), start=Fraction(0)),
             points[rid] * (target - levels[rid]))
        for option in chosen for rid, target in option.targets)
    steps = tuple(sorted(steps, key=lambda s: (s.effort / s.points, s.indicator)))
    return Plan(steps, sum((s.effort for s in steps), start=Fraction(0)),
                sum((s.points for s in steps), start=Fraction(0)))
