"""The public entry point: load, evaluate and score one dossier under one policy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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
    return Assessment(policy, rulebook, dossier, evaluation, score(policy, levels))


def assess_path(dossier: Path, policy: str = DEFAULT_POLICY,
                rules: Iterable[Path] | None = None) -> Assessment:
    """Load the rules, the policy and the dossier at `dossier`, and assess it."""
    rulebook = load_rulebook(rules)
    loaded_policy = load_policy(policy, rulebook)
    return assess(load_dossier(dossier, rulebook, loaded_policy), loaded_policy, rulebook)
