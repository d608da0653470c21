"""Loading a dossier: agency.yaml, documents.yaml and answers.yaml. The metrics of its
personnel tables are the measure stage's (pipeline.read_dossier runs both)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from .. import progress
from ..errors import InputError, Problem, closest
from ..model import (
    Agency,
    Claim,
    Correction,
    Document,
    Dossier,
    MetricDef,
    MetricValue,
    Policy,
    Rulebook,
    StatementDef,
    Survey,
    Vocabulary,
    Where,
    as_fraction,
)
from .collect import ProblemCollector, _known, parse_date
from .yamlfile import load_yaml, position_of

DOSSIER_FILES = {"agency.yaml": "agency", "documents.yaml": "documents", "answers.yaml": "answers"}


def load_dossier(root: Path, rulebook: Rulebook, policy: Policy | None = None) -> Dossier:
    """An agency's dossier: agency.yaml, documents.yaml and answers.yaml under `root`, with
    the self-reported metrics of answers.yaml (the measure stage adds the tables')."""
    if not root.is_dir():
        raise InputError([Problem(str(root), 0, 0, "dossier.not_a_directory", {})])
    progress.step("progress.dossier", path=str(root))
    box = ProblemCollector()
    raw = {name: _read_dossier_file(root / name, schema, box) for name, schema in DOSSIER_FILES.items()}
    box.raise_if_any()
    agency_data = raw["agency.yaml"]
    agency = Agency(agency_data["name"], agency_data["kind"], agency_data["assessment_year"],
                    agency_data.get("code", ""), agency_data.get("region", ""))
    documents = _build_documents(raw["documents.yaml"], str(root / "documents.yaml"), rulebook, box)
    answers = raw["answers.yaml"] or {}
    claims, statements, metrics = _build_answers(answers, str(root / "answers.yaml"), rulebook, agency, box)
    survey = _build_survey(answers)
    box.problems.extend(survey_problems(root, survey, policy))
    numbers = {str(doc["number"]) for doc in raw["documents.yaml"]["documents"]}  # dated or not
    _check_evidence(claims, numbers, answers, str(root / "answers.yaml"), box)
    box.raise_if_any()
    correction = answers.get("correction")
    return Dossier(str(root), agency, documents, claims, statements, metrics, survey,
                   correction=Correction(as_fraction(correction["value"]), correction["reason"])
                   if correction else None)


def _check_evidence(claims: dict[str, Claim], numbers: set[str], data: Any, source: str,
                    box: ProblemCollector) -> None:
    """Every document number a claim cites names a document of documents.yaml."""
    for rule_id, claim in claims.items():
        for index, number in enumerate(claim.evidence):
            if number not in numbers:
                box.at(source, data, ["indicators", rule_id, "evidence", index], "dossier.unknown_evidence",
                       closest(number, numbers), number=number)


def _build_survey(answers: Any) -> Survey | None:
    raw = answers.get("survey")
    return None if raw is None else Survey(as_fraction(raw["score"]), raw["source"], raw.get("respondents"))


def survey_problems(root: Path, survey: Survey | None, policy: Policy | None) -> list[Problem]:
    """A policy that scores the employee survey needs its result in the dossier."""
    if survey is None and policy is not None and policy.scoring.survey_weight:
        return [Problem(str(root / "answers.yaml"), 0, 0, "dossier.survey_required", {"policy": policy.id})]
    return []


def _read_dossier_file(path: Path, schema: str, box: ProblemCollector) -> Any:
    if not path.exists():
        if schema == "answers":
            return {}
        box.problems.append(Problem(str(path), 0, 0, "file.missing", {}))
        return None
    return box.read(path, schema, within=path.parent)


def _build_documents(data: Any, source: str, rulebook: Rulebook, box: ProblemCollector) -> tuple[Document, ...]:
    documents: list[Document] = []
    for index, raw in enumerate(data["documents"]):
        path = ["documents", index]
        _known(raw["type"], rulebook.vocabulary.document_types, source, data, [*path, "type"],
               "dossier.unknown_document_type", box)
        dates = {key: parse_date(raw[key], source, data, [*path, key], box) if key in raw else None
                 for key in ("issued", "valid_from", "valid_until")}
        if dates["issued"] is None:
            continue
        if dates["issued"] > date.today():
            box.at(source, data, [*path, "issued"], "dossier.issued_in_future",
                   issued=dates["issued"].isoformat(), today=date.today().isoformat())
        _no_second_number(raw["number"], documents, source, data, path, box)
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


def _no_second_number(number: str, documents: list[Document], source: str, data: Any,
                      path: list[Any], box: ProblemCollector) -> None:
    """A document number names one document: a second one is a copy or a typo."""
    for other in documents:
        if other.number == number:
            box.at(source, data, [*path, "number"], "dossier.duplicate_document_number",
                   number=number, line=other.where.line)
            return


def default_expiry(vocabulary: Vocabulary, doc_type: str, start: date) -> date | None:
    """The end of a document's validity from its type, when the document gives none:
    a type valid N years is in force from its start year through the end of year N."""
    known = vocabulary.document_types.get(doc_type)
    if known is None or known.validity_years is None:
        return None
    return date(min(start.year + known.validity_years - 1, date.max.year), 12, 31)


def _build_answers(data: Any, source: str, rulebook: Rulebook, agency: Agency,
                   box: ProblemCollector) -> tuple[dict[str, Claim], dict[str, Any], dict[str, MetricValue]]:
    # One dossier may serve several regimes: a claim must name a known rule, not
    # necessarily one of this policy's (claims for other policies' indicators are kept).
    indicator_ids = set(rulebook.rules)
    claims = {}
    for key, raw in data.get("indicators", {}).items():
        if key not in indicator_ids:
            box.at(source, data, ["indicators", key], "dossier.unknown_indicator",
                   closest(key, indicator_ids), key=True, name=key)
        elif not rulebook.rules[key].levels_from <= raw["claimed_level"] <= rulebook.rules[key].top:
            rule = rulebook.rules[key]
            box.at(source, data, ["indicators", key, "claimed_level"], "dossier.claim_out_of_range",
                   name=key, level=raw["claimed_level"], levels=f"{rule.levels_from}-{rule.top}")
        claims[key] = Claim(key, raw["claimed_level"], tuple(raw.get("evidence", [])), raw.get("note", ""))
    statements = dict(data.get("statements", {}))
    for key, value in statements.items():
        _known(key, rulebook.vocabulary.statements, source, data, ["statements", key],
               "dossier.unknown_statement", box)
        _check_statement(rulebook.vocabulary.statements.get(key), value, source, data, key, box)
        _check_choice(rulebook.vocabulary.statements.get(key), value, agency, source, data, box)
    metrics = {}
    for key, raw in data.get("metrics", {}).items():
        _known(key, rulebook.vocabulary.metrics, source, data, ["metrics", key],
               "dossier.unknown_metric", box)
        _check_figure(rulebook.vocabulary.metrics.get(key), raw["value"], source, data, key, box)
        metrics[key] = MetricValue(key, float(raw["value"]), raw["source"])
    return claims, statements, metrics


_YES_NO = {"ya": "true", "yes": "true", "y": "true", "benar": "true", "tidak": "false", "no": "false",
           "n": "false", "bukan": "false", "salah": "false"}


def _check_statement(known: StatementDef | None, value: Any, source: str, data: Any, key: str,
                     box: ProblemCollector) -> None:
    """A yes/no statement takes true or false: 'ya' would be read as text and count as unmet."""
    if known is None or known.type != "boolean" or isinstance(value, bool):
        return
    box.at(source, data, ["statements", key], "dossier.statement_not_boolean", value=str(value)[:40],
           answer=_YES_NO.get(str(value).strip().lower(), "true / false"))


def _check_choice(known: StatementDef | None, value: Any, agency: Agency, source: str, data: Any,
                  box: ProblemCollector) -> None:
    """A choice statement takes one of its options, and an option meant for other kinds of
    agency contradicts agency.yaml (a province answering 'not a regional government')."""
    if known is None or known.type != "choice":
        return
    path = ["statements", known.id]
    if not isinstance(value, str) or value not in known.options:
        box.at(source, data, path, "dossier.unknown_choice", closest(str(value), known.options),
               value=str(value)[:40], name=known.id, options=", ".join(known.options))
        return
    kinds = known.options[value]
    if kinds is not None and agency.kind not in kinds:
        box.at(source, data, path, "dossier.choice_contradicts_agency", value=value, name=known.id,
               kinds=", ".join(kinds), agency_kind=agency.kind)


def _check_figure(known: MetricDef | None, value: Any, source: str, data: Any, key: str,
                  box: ProblemCollector) -> None:
    """A self-reported figure must be a finite number in its unit's range: a share of 65
    meant as 65% would count as met where 0.65 does not."""
    path = ["metrics", key, "value"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        box.at(source, data, path, "dossier.figure_not_finite", value=str(value)[:40])
    elif known is not None and known.unit == "ratio" and not 0 <= value <= 1:
        code = "dossier.share_as_percent" if 1 < value <= 100 else "dossier.share_out_of_range"
        box.at(source, data, path, code, value=f"{value:g}", fraction=f"{value / 100:g}")


def assessment_year(path: Path) -> int | None:
    """agency.yaml's assessment_year, or None when the file cannot tell it (loading the
    dossier then says why, with positions). Read through the same door as every input."""
    try:
        data = load_yaml(path, within=path.parent)
    except (InputError, OSError):
        return None
    year = data.get("assessment_year") if isinstance(data, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None
