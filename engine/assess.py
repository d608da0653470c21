"""The public entry point: load, evaluate and score one dossier under one policy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .inference import Evaluation, evaluate
from .loader import load_dossier, load_policy, load_rulebook
from .model import Dossier, Policy, Rulebook
from .scoring import Score, score

DEFAULT_POLICY = "kasn-2019"


@dataclass(frozen=True)
class Assessment:
    policy: Policy
    rulebook: Rulebook
    dossier: Dossier
    evaluation: Evaluation
    score: Score

    def level(self, indicator: str) -> int:
        return self.evaluation.indicators[indicator].level


def assess(dossier: Dossier, policy: Policy, rulebook: Rulebook) -> Assessment:
    evaluation = evaluate(policy, dossier)
    levels = {rid: result.level for rid, result in evaluation.indicators.items()}
    return Assessment(policy, rulebook, dossier, evaluation, score(policy, levels, dossier.survey))


def assess_path(dossier: Path, policy: str = DEFAULT_POLICY,
                rules: Iterable[Path] | None = None) -> Assessment:
    """Load the rules, the policy and the dossier at `dossier`, and assess it."""
    return assess_many(dossier, [policy], rules)[0]


def assess_many(dossier: Path, policies: Sequence[str],
                rules: Iterable[Path] | None = None) -> list[Assessment]:
    """Assess one dossier under each of `policies` (ids or paths), loading the rules once.

    All policies and the dossier are loaded before anything is evaluated, so every input
    problem is reported in one run.
    """
    rulebook = load_rulebook(rules)
    problems, loaded = [], []
    for ref in policies:
        try:
            policy = load_policy(ref, rulebook)
            loaded.append((policy, load_dossier(dossier, rulebook, policy)))
        except InputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise InputError(problems)
    return [assess(data, policy, rulebook) for policy, data in loaded]
