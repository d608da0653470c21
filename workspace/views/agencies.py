"""The overview of the agencies a user sees, an agency's assessments (new, import), the
year-over-year comparison, and the admin's users and agencies page."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...engine.api import MeritError
from .. import dossier, services, transfer
from ..access import agencies, agency_for, require, role
from ..i18n import t
from ..models import ROLES, Agency, Assessment, AuditLog, Profile
from ..worksheet import policy as policy_of
from ..worksheet import shipped_policies
from .common import error, flash

SORTS = ("agency", "year", "score", "category", "status", "tasks")


def overview_rows(request: Any) -> list[dict[str, Any]]:
    rows = []
    for agency in agencies(request.user):
        for assessment in agency.assessments.all():
            if assessment.scored_revision != assessment.revision:
                dossier.assess(assessment, request.lang)
                assessment.refresh_from_db()
            rows.append({"agency": agency, "assessment": assessment, "year": assessment.year,
                         "score": assessment.total, "category": assessment.category,
                         "status": assessment.status,
                         "tasks": assessment.tasks.exclude(status="done").count()})
    return rows


def _sorted(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Rows by `key`, rows without a value (not assessable yet) last either way."""
    def value(row: dict[str, Any]) -> Any:
        return row["agency"].code if key == "agency" else row[key]

    known = sorted((r for r in rows if value(r) is not None), key=value, reverse=descending)
    return known + [r for r in rows if value(r) is None]


@login_required
@require_GET
def home(request: Any) -> HttpResponse:
    key = request.GET.get("sort", "agency")
    key = key if key in SORTS else "agency"
    descending = request.GET.get("dir") == "desc"
    rows = _sorted(overview_rows(request), key, descending)
    return render(request, "workspace/home.html", {
        "rows": rows, "sort": key, "desc": descending, "sorts": SORTS,
        "agencies": agencies(request.user)})


@login_required
@require_GET
def overview_xlsx(request: Any) -> HttpResponse:
    from openpyxl import Workbook

    lang = request.lang
    book = Workbook()
    sheet = book.active
    sheet.title = t("home.title", lang)[:31]
    sheet.append([t(k, lang) for k in ("col.code", "col.agency", "col.year", "col.policy",
                                       "col.score", "col.category", "col.status", "col.open_tasks")])
    for row in overview_rows(request):
        a = row["assessment"]
        sheet.append([_cell(row["agency"].code), _cell(row["agency"].name), a.year, _cell(a.policy),
                      row["score"], _cell(row["category"]), t(f"status.{a.status}", lang), row["tasks"]])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = 'attachment; filename="merit-overview.xlsx"'
    return response


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
def agency_view(request: Any, code: str) -> HttpResponse:
    agency = agency_for(request, code)
    return render(request, "workspace/agency.html", {
        "agency": agency, "assessments": agency.assessments.all(),
        "policies": shipped_policies(), "can_edit": role(request.user) in ("agency", "admin")})


@login_required
@require_POST
def assessment_new(request: Any, code: str) -> HttpResponse:
    """A new assessment year: empty, or a copy of an earlier one's dossier (answers,
    documents with their files, tables, survey) to update; under a shipped policy or the
    agency's tailored one (checked by the engine before it is kept)."""
    agency = agency_for(request, code)
    require(request, "agency")
    try:
        year = int(request.POST.get("year", ""))
        policy = request.POST.get("policy", "")
        if policy not in shipped_policies() or not 2015 <= year <= 2100:
            raise ValueError(policy)
        source = agency.assessments.filter(pk=request.POST.get("copy_from") or 0).first()
        with transaction.atomic():
            created = Assessment.objects.create(agency=agency, year=year, policy=policy,
                                                policy_yaml=request.POST.get("policy_yaml", "")[:200000])
            policy_of(created)  # a tailored policy the engine refuses is not kept
            if source is not None:
                transfer.copy_dossier(source, created)
            services.audit(request.user, "assessment.create", assessment=created,
                           after={"year": year, "policy": policy, "copied_from": source and source.pk,
                                  "tailored": bool(created.policy_yaml.strip())})
    except (ValueError, IntegrityError):
        error(request, "error.form", detail=t("error.exists", request.lang))
        return redirect("agency", code)
    except MeritError as exc:
        error(request, "error.form", detail=exc.render(request.lang)[:2000])
        return redirect("agency", code)
    return redirect("assessment", code, created.pk)


@login_required
@require_POST
def dossier_import(request: Any, code: str) -> HttpResponse:
    agency = agency_for(request, code)
    require(request, "agency")
    upload = request.FILES.get("dossier")
    policy = request.POST.get("policy", "")
    if upload is None or policy not in shipped_policies():
        error(request, "error.import")
        return redirect("agency", code)
    try:
        created = transfer.import_zip(request.user, agency, upload, policy)
    except transfer.ImportRefused as refused:
        return render(request, "workspace/import_problems.html", {
            "agency": agency, "problems": refused.rendered(request.lang)}, status=400)
    except services.Forbidden as exc:
        error(request, exc.code)
        return redirect("agency", code)
    flash(request, "ws.saved")
    return redirect("assessment", code, created.pk)


@login_required
@require_GET
def compare(request: Any, code: str) -> HttpResponse:
    agency = agency_for(request, code)
    assessments = list(agency.assessments.all())
    chosen = {k: _pick(assessments, request.GET.get(k)) for k in ("old", "new")}
    html = None
    if chosen["old"] is not None and chosen["new"] is not None:
        fmt = request.GET.get("format", "text")
        if fmt in ("html", "md"):  # the CLI's rendering, as a file
            data = transfer.comparison(chosen["old"], chosen["new"], request.lang, fmt) or ""
            response = HttpResponse(data, content_type="text/html; charset=utf-8" if fmt == "html"
                                    else "text/markdown; charset=utf-8")
            response.headers["Content-Disposition"] = f'attachment; filename="merit-{code}-compare.{fmt}"'
            response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
            return response
        html = transfer.comparison(chosen["old"], chosen["new"], request.lang, "text")
    return render(request, "workspace/compare.html", {
        "agency": agency, "assessments": assessments, "old": chosen["old"], "new": chosen["new"],
        "comparison": html})


def _pick(assessments: list[Assessment], raw: str | None) -> Assessment | None:
    return next((a for a in assessments if str(a.pk) == raw), None)


@login_required
def users_view(request: Any) -> HttpResponse:
    require(request, "admin")
    if request.method == "POST":
        try:
            _admin_post(request)
        except (ValueError, IntegrityError) as exc:
            error(request, "error.form", detail=str(exc)[:200])
        return redirect("users")
    return render(request, "workspace/users.html", {
        "profiles": Profile.objects.select_related("user", "agency").order_by("user__username"),
        "all_agencies": Agency.objects.all(), "roles": [r for r, _ in ROLES]})


def _admin_post(request: Any) -> None:
    if request.POST.get("action") == "agency":
        with transaction.atomic():
            agency = Agency.objects.create(code=_code(request.POST.get("code", "")),
                                           name=request.POST.get("name", "").strip()[:200] or "-",
                                           kind=request.POST.get("kind", "provinsi"))
            services.audit(request.user, "agency.create", agency=agency,
                           after={"code": agency.code, "name": agency.name})
        return
    if request.POST.get("action") == "assign":
        from ..users import assign

        assign(request.POST.get("username", ""), request.POST.getlist("assigned"), actor=request.user)
        return
    from ..users import add_user

    assigned = request.POST.getlist("assigned")
    add_user(request.POST.get("username", ""), request.POST.get("password", ""),
             request.POST.get("role", ""), request.POST.get("agency") or None, assigned,
             actor=request.user)


def _code(raw: str) -> str:
    from django.utils.text import slugify

    code = slugify(raw)[:64]
    if not code:
        raise ValueError("code")
    return code



@login_required
@require_GET
def audit_all(request: Any) -> HttpResponse:
    """The admin's audit log of the whole workspace (users, agencies, every assessment)."""
    require(request, "admin")
    entries = AuditLog.objects.select_related("agency", "assessment")[:1000]
    return render(request, "workspace/audit_all.html", {"entries": entries})
