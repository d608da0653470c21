"""The assessment page (the worksheet), answering a question, the survey and correction
factor, the assessor's verification and the agency's reply, status moves, the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from .. import dossier, services
from ..access import assessment_for, require, role
from ..models import Answer, AuditLog, Verification
from ..worksheet import parse_statement, rows
from .common import back, page, saving


@login_required
@require_GET
def assessment_view(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    result = dossier.assess(assessment, request.lang)
    return page(request, "worksheet.html", assessment, result=result,
                rows=rows(assessment, request.lang, result.report),
                documents=list(assessment.documents.values_list("number", flat=True)))


@login_required
@require_POST
def answer(request: Any, code: str, pk: int, indicator: str) -> HttpResponse:
    """Save one question: claimed score, note, evidence and its statements (gates)."""
    assessment = assessment_for(request, code, pk)
    require(request, "agency")
    found = next((r for r in rows(assessment, request.lang, None) if r.id == indicator), None)
    if found is None:
        raise Http404
    with saving(request, (ValueError,)):
        fields, updates = _answer_fields(request.POST, assessment, found)
        with transaction.atomic():
            services.change(request.user, assessment, (Answer, {"assessment": assessment, "indicator": indicator}),
                            fields, f"answer {indicator}")
            if updates:
                services.change(request.user, assessment, assessment,
                                lambda fresh: {"statements": _merged(fresh.statements, updates)},
                                f"statements {indicator}")
    return back(request, assessment, "assessment", f"q-{indicator}")


def _answer_fields(post: Any, assessment: Any, found: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answer's fields and the statements' new values (None: unanswered) the form
    gives; a field the request leaves out is left as it is."""
    fields: dict[str, Any] = {}
    if "claimed_level" in post:
        fields["claimed_level"] = _level(post["claimed_level"], found.choices)
    if "note" in post:
        fields["note"] = post["note"][:5000]
    if "evidence_present" in post or "evidence" in post:
        numbers = set(assessment.documents.values_list("number", flat=True))
        fields["evidence"] = [n for n in post.getlist("evidence") if n in numbers]
    updates = {}
    for question in found.questions:
        if f"s-{question.key}" in post:
            given, value = parse_statement(question.type, question.options, str(post[f"s-{question.key}"]))
            updates[question.key] = value if given else None
    return fields, updates


def _merged(statements: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    merged = dict(statements)
    for key, value in updates.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _level(raw: str, choices: list[int]) -> int | None:
    if raw.strip() == "":
        return None
    level = int(raw)
    if level not in choices:
        raise ValueError(raw)
    return level


@login_required
def survey(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    if request.method == "POST":
        require(request, "agency")
        with saving(request, (ValueError,)):
            survey_, correction = _survey(request.POST), _correction(request.POST)
            services.change(request.user, assessment, assessment, lambda fresh: {
                "survey": survey_, "correction": correction,
                "metrics": _metrics(fresh, request.POST)}, "survey and correction")
        return back(request, assessment, "survey")
    return page(request, "survey.html", assessment, metrics=sorted(assessment.metrics.items()))


def _number(raw: str, low: float, high: float | None) -> float:
    value = float(raw.replace(",", "."))
    if value < low or (high is not None and value > high):
        raise ValueError(raw)
    return value


def _survey(post: Any) -> dict[str, Any] | None:
    if not post.get("survey_score", "").strip():
        return None
    out: dict[str, Any] = {"score": _number(post["survey_score"], 0, 1)}
    if post.get("survey_respondents", "").strip():
        out["respondents"] = int(post["survey_respondents"])
    if post.get("survey_source", "").strip():
        out["source"] = post["survey_source"].strip()[:500]
    return out


def _correction(post: Any) -> dict[str, Any] | None:
    if not post.get("correction_value", "").strip():
        return None
    reason = post.get("correction_reason", "").strip()[:1000]
    if not reason:
        raise ValueError("correction_reason")
    return {"value": _number(post["correction_value"], 0, 1), "reason": reason}


def _metrics(assessment: Any, post: Any) -> dict[str, Any]:
    metrics = {k: dict(v) for k, v in assessment.metrics.items()}
    for key in list(metrics):
        raw = post.get(f"m-{key}", None)
        if raw is None:
            continue
        if raw.strip() == "":
            metrics.pop(key)
        else:
            metrics[key]["value"] = _number(raw, 0, None)
    return metrics


@login_required
@require_POST
def verify(request: Any, code: str, pk: int, indicator: str) -> HttpResponse:
    """The assessor's verified score and comment, or the agency's reply."""
    assessment = assessment_for(request, code, pk)
    current = require(request, "assessor", "agency")
    row = (Verification, {"assessment": assessment, "indicator": indicator})
    with saving(request, (ValueError,)):
        if current == "assessor" or (current == "admin" and "reply" not in request.POST):
            choices = next((r.choices for r in rows(assessment, request.lang, None) if r.id == indicator), None)
            if choices is None:
                raise Http404
            fields = {"verified_level": _level(request.POST.get("verified_level", ""), choices),
                      "comment": request.POST.get("comment", "")[:5000], "assessor": request.user}
        else:
            fields = {"reply": request.POST.get("reply", "")[:5000]}
        services.change(request.user, assessment, row, fields, f"verification {indicator}")
    return back(request, assessment, "assessment", f"q-{indicator}")


@login_required
@require_POST
def status(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    with saving(request):
        services.set_status(request.user, role(request.user) or "", assessment,
                            request.POST.get("status", ""))
    return back(request, assessment, "assessment")


@login_required
@require_GET
def audit(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    require(request, "assessor")
    entries = AuditLog.objects.filter(assessment=assessment).select_related("who")[:500]
    return page(request, "audit.html", assessment, entries=entries)
