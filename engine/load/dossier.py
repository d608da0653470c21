"""Loading a dossier: agency.yaml, documents.yaml and answers.yaml. The metrics of its
personnel tables are the measure stage's (pipeline.read_dossier runs both)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .. import progress
from ..errors import InputError, Problem, closest
from ..model import (
    Agency,
    Claim,
    Document,
    Dossier,
    MetricValue,
    Policy,
    Rulebook,
    Survey,
    Vocabulary,
    Where,
    as_fraction,
)
from .collect import _Collector, _known, parse_date
from .yamlfile import position_of

DOSSIER_FILES = {"agency.yaml": "agency", "documents.yaml": "documents", "answers.yaml": "answers"}


def load_dossier(root: Path, rulebook: Rulebook, policy: Policy | None = None) -> Dossier:
    """An agency's dossier: agency.yaml, documents.yaml and answers.yaml under `root`, with
    the self-reported metrics of answers.yaml (the measure stage adds the tables')."""
    if not root.is_dir():
        raise InputError([Problem(str(root), 0, 0, "dossier.not_a_directory", {})])
    progress.step("progress.dossier", path=str(root))
    box = _Collector()
    raw = {name: _read_dossier_file(root / name, schema, box) for name, schema in DOSSIER_FILES.items()}
    box.raise_if_any()
    agency_data = raw["agency.yaml"]
    agency = Agency(agency_data["name"], agency_data["kind"], agency_data["assessment_year"],
                    agency_data.get("code", ""), agency_data.get("region", ""))
    documents = _build_documents(raw["documents.yaml"], str(root / "documents.yaml"), rulebook, box)
    answers = raw["answers.yaml"] or {}
    claims, statements, metrics = _build_answers(answers, str(root / "answers.yaml"), rulebook, policy, box)
    survey = _build_survey(answers)
    box.problems.extend(survey_problems(root, survey, policy))
    box.raise_if_any()
    return Dossier(str(root), agency, documents, claims, statements, metrics, survey)


def _build_survey(answers: Any) -> Survey | None:
    raw = answers.get("survey")
    return None if raw is None else Survey(as_fraction(raw["score"]), raw["source"], raw.get("respondents"))


def survey_problems(root: Path, survey: Survey | None, policy: Policy | None) -> list[Problem]:
    """A policy that scores the employee survey needs its result in the dossier."""
    if survey is None and policy is not None and policy.scoring.survey_weight:
        return [Problem(str(root / "answers.yaml"), 0, 0, "dossier.survey_required", {"policy": policy.id})]
    return []


def _read_dossier_file(path: Path, schema: str, box: _Collector) -> Any:
    if not path.exists():
        if schema == "answers":
            return {}
        box.problems.append(Problem(str(path), 0, 0, "file.missing", {}))
        return None
    return box.read(path, schema, within=path.parent)


def _build_documents(data: Any, source: str, rulebook: Rulebook, box: _Collector) -> tuple[Document, ...]:
    documents = []
    for index, raw in enumerate(data["documents"]):
        path = ["documents", index]
        _known(raw["type"], rulebook.vocabulary.document_types, source, data, [*path, "type"],
               "dossier.unknown_document_type", box)
        dates = {key: parse_date(raw[key], source, data, [*path, key], box) if key in raw else None
                 for key in ("issued", "valid_from", "valid_until")}
        if dates["issued"] is None:
            continue
        valid_until = dates["valid_until"] or default_expiry(
            rulebook.vocabulary, raw["type"], dates["valid_from"] or dates["issued"])
        start = dates["valid_from"] or dates["issued"]
        if valid_until and valid_until < start:
            box.at(source, data, [*path, "valid_until"], "dossier.ends_before_start",
                   start=start.isoformat(), end=valid_until.isoformat())
        line, col = position_of(data, path)
        documents.append(Document(raw["type"], raw["number"], raw["title"], dates["issued"],
                                  raw["status"], Where(source, line, col), dates["valid_from"],
                                  valid_until, raw.get("issuer", ""), raw.get("file", "")))
    return tuple(documents)


def default_expiry(vocabulary: Vocabulary, doc_type: str, start: date) -> date | None:
    """The end of a document's validity from its type, when the document gives none:
    a type valid N years is in force from its start year through the end of year N."""
    known = vocabulary.document_types.get(doc_type)
    if known is None or known.validity_years is None:
        return None
    return date(start.year + known.validity_years - 1, 12, 31)


def _build_answers(data: Any, source: str, rulebook: Rulebook, policy: Policy | None,
                   box: _Collector) -> tuple[dict[str, Claim], dict[str, Any], dict[str, MetricValue]]:
    # One dossier may serve several regimes: a claim must name a known rule, not
    # necessarily one of this policy's (claims for other policies' indicators are kept).
    indicator_ids = set(rulebook.rules)
    claims = {}
    for key, raw in data.get("indicators", {}).items():
        if key not in indicator_ids:
            box.at(source, data, ["indicators", key], "dossier.unknown_indicator",
                   closest(key, indicator_ids), key=True, name=key)
        claims[key] = Claim(key, raw["claimed_level"], tuple(raw.get("evidence", [])), raw.get("note", ""))
    statements = dict(data.get("statements", {}))
    for key in statements:
        _known(key, rulebook.vocabulary.statements, source, data, ["statements", key],
               "dossier.unknown_statement", box)
    metrics = {}
    for key, raw in data.get("metrics", {}).items():
        _known(key, rulebook.vocabulary.metrics, source, data, ["metrics", key],
               "dossier.unknown_metric", box)
        metrics[key] = MetricValue(key, float(raw["value"]), raw["source"])
    return claims, statements, metrics
