"""The way to the target (gaps, the least-effort plan, remediation tasks) and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from ...engine import api
from .. import dossier, services
from ..access import assessment_for, require
from ..models import TASK_STATUSES, Task, TaskComment
from .common import back, page, saving

EXPORTS = {
    "report.html": ("check", "html", "text/html; charset=utf-8"),
    "report.md": ("check", "md", "text/markdown; charset=utf-8"),
    "report.json": ("check", "json", "application/json"),
    "checklist.xlsx": ("checklist", "xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "checklist.csv": ("checklist", "csv", "text/csv; charset=utf-8"),
    "checklist.md": ("checklist", "md", "text/markdown; charset=utf-8"),
}


@login_required
@require_GET
def tasks(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    today = dt.date.today()
    rows = list(assessment.tasks.prefetch_related("comments__author"))
    for task in rows:
        task.overdue = bool(task.deadline and task.deadline < today and task.status != "done")
    return page(request, "tasks.html", assessment, tasks=rows, task_statuses=TASK_STATUSES, today=today)


@login_required
@require_POST
def tasks_generate(request: Any, code: str, pk: int) -> HttpResponse:
    """One task per step of the least-effort plan (and per unmet need of a gap), once each."""
    assessment = assessment_for(request, code, pk)
    require(request, "agency")
    report = dossier.assess(assessment, request.lang).report
    if report is None:
        raise Http404
    existing = set(assessment.tasks.values_list("indicator", "title"))
    with saving(request):
        for step in _steps(report):
            if (step["indicator"], step["title"]) not in existing:
                services.create(request.user, assessment, Task, f"task.create {step['indicator']}",
                                assessment=assessment, **step)
                existing.add((step["indicator"], step["title"]))
    return back(request, assessment, "tasks")


def _steps(report: Any) -> list[dict[str, Any]]:
    path = report.plan.cheapest
    out = []
    for step in (path.steps if path is not None else ()):
        for action in step.remediation or (step.title,):
            out.append({"indicator": step.indicator, "title": str(action)[:500], "target_level": step.to_level})
    return out


@login_required
@require_POST
def task_update(request: Any, code: str, pk: int, task: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    require(request, "agency", "assessor")
    found = Task.objects.filter(assessment=assessment, pk=task).first()
    if found is None:
        raise Http404
    with saving(request, (ValueError,)):
        if request.POST.get("comment", "").strip():
            services.create(request.user, assessment, TaskComment, f"task.comment {found.pk}",
                            task=found, author=request.user, text=request.POST["comment"].strip()[:5000])
        else:
            deadline = request.POST.get("deadline", "").strip()
            new_status = request.POST.get("status", found.status)
            if new_status not in TASK_STATUSES:
                raise ValueError(new_status)
            services.change(request.user, assessment, found, {
                "person": request.POST.get("person", "").strip()[:200],
                "deadline": dt.date.fromisoformat(deadline) if deadline else None,
                "status": new_status}, f"task {found.pk}")
    return back(request, assessment, "tasks", f"t-{found.pk}")


@login_required
@require_GET
def exports(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    return page(request, "exports.html", assessment, exports=list(EXPORTS))


@login_required
@require_GET
def export(request: Any, code: str, pk: int, name: str) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    stem = f"merit-{assessment.agency.code}-{assessment.year}"
    if name == "dossier.zip":
        return _attachment(dossier.export_zip(assessment), "application/zip", f"{stem}-dossier.zip")
    if name not in EXPORTS:
        raise Http404
    result = dossier.assess(assessment, request.lang)
    if result.report is None:
        return page(request, "exports.html", assessment, exports=list(EXPORTS), status=409)
    view, fmt, content_type = EXPORTS[name]
    data = api.renderer(view, fmt)(result.report)
    response = _attachment(data.encode("utf-8") if isinstance(data, str) else data, content_type,
                           f"{stem}-{name}")
    if fmt == "html":  # the engine's report carries its own inline style, never a script
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
