"""The pipeline: load -> measure -> evaluate (and score) one dossier under each policy.

Each stage is a package with one entry point: `load` reads and checks the YAML inputs,
`measure` adds what the personnel tables measure, `evaluate` infers the levels and scores
them. `improve` and `render` work from the `Assessment` this module returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import progress
from .errors import InputError, Problem
from .evaluate.inference import Evaluation, evaluate
from .evaluate.scoring import Score, score
from .load.dossier import assessment_year
from .load.loader import load_dossier, load_policy, load_rulebook, survey_problems
from .load.waivers import WaiverSet, load_waivers
from .model import Dossier, Policy, Rulebook

if TYPE_CHECKING:
    from .measure import ReadAhead

DEFAULT_POLICY = "kasn-2019"
# PermenPANRB 19/2025 is in force from 31 December 2025 (Pasal 30): assessments of 2026 on
# are made under it, earlier ones under the KASN instrument.
POLICY_BY_YEAR = ((2026, "permenpanrb-19-2025"),)
WAIVERS_FILE = "waivers.yaml"


@dataclass(frozen=True)
class Baseline:
    """The assessment before waivers, kept to show the score both ways."""

    evaluation: Evaluation
    score: Score


@dataclass(frozen=True)
class Assessment:
    policy: Policy
    rulebook: Rulebook
    dossier: Dossier
    evaluation: Evaluation
    score: Score
    waivers: WaiverSet | None = None
    before_waivers: Baseline | None = None

    def level(self, indicator: str) -> int:
        return self.evaluation.indicators[indicator].level

    def levels(self) -> dict[str, int]:
        """The level of every applicable indicator (what scoring and planning work on)."""
        return applicable_levels(self.evaluation)


def assess(dossier: Dossier, policy: Policy, rulebook: Rulebook,
           waivers: WaiverSet | None = None) -> Assessment:
    evaluation = evaluate(policy, dossier)
    result = Assessment(policy, rulebook, dossier, evaluation, _score(policy, evaluation, dossier))
    if waivers is None:
        return result
    waived = evaluate(policy, dossier, waivers.cids) if waivers.applied else evaluation
    return Assessment(policy, rulebook, dossier, waived, _score(policy, waived, dossier), waivers,
                      Baseline(evaluation, result.score))


def _score(policy: Policy, evaluation: Evaluation, dossier: Dossier) -> Score:
    return score(policy, applicable_levels(evaluation), dossier.survey, dossier.correction)


def applicable_levels(evaluation: Evaluation) -> dict[str, int]:
    """Indicator id -> verified level, for the applicable indicators only."""
    return {rid: r.level for rid, r in evaluation.indicators.items() if r.applicable}


def default_policy(dossier: Path) -> str:
    """The policy a dossier is assessed under when none is named, from agency.yaml's
    assessment_year: the latest regime in force that year (DEFAULT_POLICY when the file
    cannot tell the year: loading the dossier then says why)."""
    year = assessment_year(dossier / "agency.yaml")
    if year is None:
        return DEFAULT_POLICY
    return policy_for_year(year)


def policy_for_year(year: int) -> str:
    return next((policy for since, policy in POLICY_BY_YEAR if year >= since), DEFAULT_POLICY)


def assess_path(dossier: Path, policy: str = DEFAULT_POLICY,
                rules: Iterable[Path] | None = None) -> Assessment:
    """Load the rules, the policy and the dossier at `dossier`, and assess it."""
    return assess_many(dossier, [policy], rules)[0]


def assess_many(dossier: Path, policies: Sequence[str], rules: Iterable[Path] | Rulebook | None = None,
                waivers: Path | None = None, on: date | None = None) -> list[Assessment]:
    """Assess one dossier under each of `policies` (ids or paths), loading the rules once.

    All policies, the dossier and the waivers are loaded before anything is evaluated, so
    every input problem is reported in one run. `rules`: rule paths, or a Rulebook already
    loaded (which a long-running caller, the workspace, reuses). Waivers default to
    DOSSIER/waivers.yaml when that file exists; `on` (default today) decides which have
    expired. The personnel tables are read in the background meanwhile (measure/readahead.py).
    """
    with read_tables_ahead(dossier) as ahead:
        return _assess_many(dossier, policies, rules, waivers, on, ahead)


def read_dossier(root: Path, rulebook: Rulebook, policy: Policy | None = None,
                 ahead: ReadAhead | None = None, metrics: bool = True) -> Dossier:
    """The load and measure stages: the dossier at `root` with its tables' metrics (without
    `metrics`, its tables only read and checked). When the YAML files have problems, the
    tables are still checked, so that one run reports every problem of the dossier."""
    try:
        dossier = load_dossier(root, rulebook, policy)
    except InputError as exc:
        raise InputError([*exc.problems, *_table_problems(root, rulebook, ahead, metrics)]) from None
    if not (root / "tables").is_dir():  # nothing to measure (and polars need not load)
        return dossier
    from .measure import measure_dossier

    return measure_dossier(dossier, rulebook.vocabulary.metrics, ahead, metrics)


def _table_problems(root: Path, rulebook: Rulebook, ahead: ReadAhead | None,
                    metrics: bool = True) -> list[Problem]:
    """The problems of the dossier's tables, when agency.yaml at least tells the year."""
    if not (root / "tables").is_dir():
        return []
    from .measure import compute_dossier_metrics

    year = assessment_year(root / "agency.yaml")
    if year is None:
        return []
    try:
        compute_dossier_metrics(root / "tables", year, rulebook.vocabulary.metrics, ahead=ahead, metrics=metrics)
    except InputError as exc:
        return exc.problems
    return []


def read_tables_ahead(dossier: Path, positions: bool = True) -> AbstractContextManager[ReadAhead | None]:
    """DOSSIER/tables read in the background within the block (measure/readahead.py), or
    nothing when the dossier has no tables. Without `positions`, for a run that computes
    nothing from the tables (load_personnel)."""
    if not (dossier / "tables").is_dir():  # nothing to read (and polars need not load)
        return nullcontext()
    try:
        from .measure import tables_read_ahead
    except ImportError:  # a build without personnel tables
        return nullcontext()
    return tables_read_ahead(dossier, positions)


def _assess_many(dossier: Path, policies: Sequence[str], rules: Iterable[Path] | Rulebook | None,
                 waivers: Path | None, on: date | None, ahead: ReadAhead | None) -> list[Assessment]:
    rulebook = rules if isinstance(rules, Rulebook) else load_rulebook(rules)
    problems, loaded = [], []
    waiver_path = waivers or (dossier / WAIVERS_FILE if (dossier / WAIVERS_FILE).exists() else None)
    waiver_set = None
    if waiver_path is not None:
        try:
            waiver_set = load_waivers(waiver_path, rulebook, on or date.today())
        except InputError as exc:
            problems.extend(exc.problems)
    policies_loaded = []
    for ref in policies:
        try:
            policies_loaded.append(load_policy(ref, rulebook))
        except InputError as exc:
            problems.extend(exc.problems)
    # The dossier (personnel tables included) is read once, whatever the number of policies.
    try:
        data = read_dossier(dossier, rulebook, ahead=ahead)
        for policy in policies_loaded:
            problems.extend(survey_problems(dossier, data.survey, policy))
        loaded = [(policy, data) for policy in policies_loaded]
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    results = []
    for policy, data in loaded:
        progress.step("progress.evaluate", policy=policy.id)
        results.append(assess(data, policy, rulebook, waiver_set))
    return results
