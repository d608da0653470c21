"""`merit validate`: check rule, vocabulary, policy and dossier files, all at once.

Files are told apart by their `kind` key (rule, vocabulary, policy) or, for a dossier, by
being a directory holding agency.yaml. Rules are checked together with the shipped ones,
so that references between rules and to the vocabulary resolve; problems of every file
are gathered and raised in one InputError.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import progress
from .errors import InputError, Problem
from .load.crosswalk import load_crosswalk
from .load.loader import (
    DOSSIER_FILES,
    load_policy,
    load_rulebook,
    shipped_dir,
    yaml_files,
)
from .load.repeats import repeated_conditions
from .load.waivers import load_waivers
from .load.yamlfile import load_yaml
from .model import Dossier, Policy, Rulebook
from .pipeline import WAIVERS_FILE, default_policy, read_dossier, read_tables_ahead

if TYPE_CHECKING:
    from .measure import ReadAhead


def _kind(path: Path) -> str | None:
    """The `kind` of a YAML file, or None when it cannot be read (reported later)."""
    try:
        data = load_yaml(path)
    except InputError:
        return "unreadable"
    return data.get("kind") if isinstance(data, dict) else None


@dataclass(frozen=True)
class Validated:
    count: int  # files checked
    left_out: tuple[Problem, ...] = ()  # personnel rows a run would leave out (under the threshold)
    left_out_rows: int = 0
    warnings: tuple[Problem, ...] = ()  # valid, but worth fixing (a repeated condition)
    tables_read: tuple[tuple[str, Any], ...] = ()  # (dossier, TableRead): how each personnel file was read


def validate_paths(paths: Iterable[Path], policy_ref: str | None = None) -> Validated:
    """Validate `paths` (files or directories): every problem at once (InputError), else how
    many files were checked and the personnel rows a run would leave out as bad. Dossiers
    are checked against `policy_ref`, by default the policy of their assessment year."""
    problems: list[Problem] = []
    found = _sort_files(paths or [shipped_dir("rules"), shipped_dir("policies")], problems)
    # the first dossier's tables are read while the rules load, as `merit check` reads them
    # (nothing is computed from them: their rows need not find their employees' positions)
    with read_tables_ahead(found.dossiers[0], positions=False) if found.dossiers else nullcontext() as ahead:
        return _validate(found, problems, policy_ref, ahead)


def _validate(found: _Found, problems: list[Problem], policy_ref: str | None,
              ahead: ReadAhead | None) -> Validated:
    rulebook = _collect(problems, lambda: load_rulebook(
        found.rules or [shipped_dir("rules")], base=_shipped_except(found.rules)))
    left_out: list[Problem] = []
    left_out_rows = 0
    warnings: list[Problem] = []
    tables_read: list[tuple[str, Any]] = []
    if rulebook is not None:
        for file in found.policies:
            _collect(problems, lambda f=file: load_policy(str(f), rulebook))
        for file in found.crosswalks:
            _collect(problems, lambda f=file: _check_crosswalk(f, rulebook))
        policies: dict[str, Any] = {}
        for root in found.dossiers:
            ref = policy_ref or default_policy(root)
            if ref not in policies:
                policies[ref] = _collect(problems, lambda r=ref: load_policy(r, rulebook))
            # the tables are read and checked; no metric is computed from them
            dossier = _collect(problems, lambda r=root, p=policies[ref]: read_dossier(
                r, rulebook, p, ahead if r == found.dossiers[0] else None, metrics=False))
            if dossier is not None:
                warnings += late_documents(dossier) + unanswered_gates(dossier, policies[ref])
                tables_read += [(str(root), t) for t in dossier.tables_read]
            if dossier is not None and dossier.excluded is not None:
                left_out += [replace(p, file=str(root / p.file)) for p in dossier.excluded.problems]
                left_out_rows += dossier.excluded.rows
            if (root / WAIVERS_FILE).exists():
                _collect(problems, lambda r=root: load_waivers(r / WAIVERS_FILE, rulebook, date.today()))
    if problems:
        raise InputError(problems)
    warnings += repeated_conditions(found.rules or yaml_files([shipped_dir("rules")]))
    return Validated(found.count(), tuple(left_out), left_out_rows, tuple(warnings), tuple(tables_read))


@dataclass
class _Found:
    rules: list[Path] = field(default_factory=list)
    policies: list[Path] = field(default_factory=list)
    crosswalks: list[Path] = field(default_factory=list)
    dossiers: list[Path] = field(default_factory=list)

    def count(self) -> int:
        return (len(self.rules) + len(self.policies) + len(self.crosswalks)
                + len(DOSSIER_FILES) * len(self.dossiers))


def _sort_files(paths: Iterable[Path], problems: list[Problem]) -> _Found:
    """The files under `paths` by kind (dossiers once each); missing paths are problems."""
    found = _Found()
    dossiers: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / "agency.yaml").exists():
            dossiers.append(path)
            continue
        if not path.exists():
            problems.append(Problem(str(path), 0, 0, "file.missing", {}))
            continue
        files = list(yaml_files([path]))
        if not files and path.is_dir():
            problems.append(Problem(str(path), 0, 0, "validate.nothing_found", {}))
        for file in files:
            progress.step("progress.file", path=str(file))
            if file.name in DOSSIER_FILES:
                dossiers.append(file.parent)
            elif (kind := _kind(file)) == "policy":
                found.policies.append(file)
            elif kind == "crosswalk":
                found.crosswalks.append(file)
            else:
                found.rules.append(file)  # rule, vocabulary, unreadable or unknown: the loader says
    found.dossiers = list(dict.fromkeys(dossiers))
    return found


def late_documents(dossier: Dossier) -> list[Problem]:
    """Documents issued after the assessment year: valid, but no evidence for that year."""
    year = dossier.agency.assessment_year
    return [Problem(d.where.file, d.where.line, d.where.col, "dossier.issued_after_year",
                    {"number": d.number, "issued": d.issued.isoformat(), "year": year})
            for d in dossier.documents if d.issued.year > year]


def unanswered_gates(dossier: Dossier, policy: Policy | None) -> list[Problem]:
    """Gate statements a question's applicability rests on that answers.yaml leaves out:
    the question then counts as not applicable, which the agency should decide, not forget."""
    found: dict[str, list[str]] = {}
    for _, ref in policy.indicators() if policy is not None else []:
        for node in ref.rule.applies_when.walk() if ref.rule.applies_when else []:
            key = getattr(node, "key", None)
            if isinstance(key, str) and key not in dossier.statements:  # an answer condition's key
                found.setdefault(key, []).append(ref.id)
    answers = str(Path(dossier.root) / "answers.yaml")
    return [Problem(answers, 0, 0, "dossier.gate_unanswered", {"key": key, "questions": ", ".join(ids)})
            for key, ids in found.items()]


def _check_crosswalk(path: Path, rulebook: Rulebook) -> None:
    data = load_yaml(path)
    ends = [data.get(side) for side in ("from", "to")] if isinstance(data, dict) else []
    if len(ends) == 2 and all(isinstance(end, str) for end in ends):
        policies = [load_policy(str(end), rulebook) for end in ends]
        load_crosswalk(path, policies[0], policies[1])
    else:
        load_crosswalk(path, None, None)  # reports the schema problems


def _shipped_except(files: Iterable[Path]) -> list[Path]:
    given = {f.resolve() for f in files}
    return [f for f in yaml_files([shipped_dir("rules")]) if f.resolve() not in given]


def _collect(problems: list[Problem], load):  # type: ignore[no-untyped-def]
    try:
        return load()
    except InputError as exc:
        problems.extend(exc.problems)
        return None


