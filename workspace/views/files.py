"""Evidence documents (with versions, stored by content hash) and personnel tables."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET

from .. import blobs, dossier, services
from ..access import assessment_for, require
from ..models import DOCUMENT_STATUSES, Document, EvidenceVersion, TableUpload
from .common import back, error, flash, page, saving

EVIDENCE_KINDS = ("pdf", "png", "jpeg", "ooxml", "ole")
TABLE_KINDS = ("text", "ooxml", "ole")
TABLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.(csv|tsv|txt|xlsx|xls)$")
SHOWN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


@login_required
def evidence(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    if request.method == "POST":
        require(request, "agency")
        with saving(request, (ValueError, KeyError, IntegrityError)):
            fields = _document_fields(request.POST)
            doc = services.create(request.user, assessment, Document, "document.create",
                                  assessment=assessment, **fields)
            if request.FILES.get("file"):
                _new_version(request, assessment, doc)
        return back(request, assessment, "evidence")
    result = dossier.assess(assessment, request.lang)
    return page(request, "evidence.html", assessment, result=result,
                documents=_with_validity(assessment, result), doc_statuses=DOCUMENT_STATUSES, types=_types())


def _with_validity(assessment: Any, result: Any) -> list[Document]:
    """The documents, each with `in_force` (first, last year: the engine's validity rules,
    the document type's usual validity when no end is given) and `counts` (enacted and in
    force in the assessment year)."""
    years = {}
    if result.assessment is not None:
        years = {d.number: d.in_force_years() for d in result.assessment.dossier.documents}
    documents = list(assessment.documents.prefetch_related("versions"))
    for doc in documents:
        doc.in_force = years.get(doc.number)
        doc.counts = bool(doc.in_force and doc.status == "ditetapkan"
                          and doc.in_force[0] <= assessment.year <= doc.in_force[1])
    return documents


def _types() -> list[tuple[str, str]]:
    from ..worksheet import rulebook

    return sorted((k, v.name.id) for k, v in rulebook().vocabulary.document_types.items())


def _date(raw: str, required: bool) -> dt.date | None:
    if not raw.strip():
        if required:
            raise ValueError("date")
        return None
    return dt.date.fromisoformat(raw.strip())


def _document_fields(post: Any) -> dict[str, Any]:
    fields = {"type": post["type"].strip()[:100], "number": post["number"].strip()[:200],
              "title": post["title"].strip()[:400], "issued": _date(post.get("issued", ""), True),
              "valid_until": _date(post.get("valid_until", ""), False),
              "issuer": post.get("issuer", "").strip()[:200], "status": post.get("status", "")}
    if fields["status"] not in DOCUMENT_STATUSES or not all(fields[k] for k in ("type", "number", "title")):
        raise ValueError("type/number/title/status")
    if fields["type"] not in dict(_types()):
        raise ValueError(f"type {fields['type']}")
    return fields


def _new_version(request: Any, assessment: Any, doc: Document) -> EvidenceVersion:
    upload = request.FILES["file"]
    sha, size, kind = blobs.store(upload, EVIDENCE_KINDS)
    shown = SHOWN_NAME.sub("_", str(upload.name or "file"))[-120:]
    with transaction.atomic():
        services.lock(assessment)  # numbers are given one at a time
        number = (doc.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        return services.create(request.user, assessment, EvidenceVersion, f"evidence {doc.number} v{number}",
                               document=doc, number=number, sha256=sha, size=size, kind=kind,
                               filename=shown, uploaded_by=request.user)


def _document(assessment: Any, doc_id: int) -> Document:
    found = Document.objects.filter(assessment=assessment, pk=doc_id).first()
    if found is None:
        raise Http404
    return found


@login_required
def document(request: Any, code: str, pk: int, doc: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    found = _document(assessment, doc)
    if request.method == "POST":
        require(request, "agency")
        try:
            if request.POST.get("action") == "delete":
                _delete_document(request, assessment, found)
                return back(request, assessment, "evidence")
            if request.FILES.get("file"):
                _new_version(request, assessment, found)
            else:
                services.change(request.user, assessment, found, _document_fields(request.POST),
                                f"document {found.number}")
            flash(request, "ws.saved")
        except blobs.Refused as refused:
            error(request, refused.code, **refused.params)
        except services.Forbidden as exc:
            error(request, exc.code)
        except (ValueError, KeyError, IntegrityError) as exc:
            error(request, "error.form", detail=str(exc)[:100])
        return back_doc(request, assessment, found)
    return page(request, "document.html", assessment, doc=found, doc_statuses=DOCUMENT_STATUSES,
                types=_types())


@transaction.atomic
def _delete_document(request: Any, assessment: Any, doc: Document) -> None:
    """Delete the document (its stored files stay, by hash, for other versions or years) and
    take its number out of every answer's evidence."""
    from ..models import Answer

    services.delete(request.user, assessment, doc, ("type", "number", "title"), f"document.delete {doc.number}")
    for answer in Answer.objects.filter(assessment=assessment):
        if doc.number in answer.evidence:
            services.change(request.user, assessment, answer,
                            lambda row: {"evidence": [n for n in row.evidence if n != doc.number]},
                            f"answer {answer.indicator}")


def back_doc(request: Any, assessment: Any, doc: Document) -> HttpResponse:
    from django.shortcuts import redirect

    return redirect("document", assessment.agency.code, assessment.pk, doc.pk)


@login_required
@require_GET
def download(request: Any, code: str, pk: int, doc: int, number: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    version = EvidenceVersion.objects.filter(document=_document(assessment, doc), number=number).first()
    if version is None:
        raise Http404
    response = FileResponse(blobs.path_of(version.sha256).open("rb"), as_attachment=True,
                            filename=version.filename,
                            content_type=blobs.CONTENT_TYPES.get(version.kind, "application/octet-stream"))
    return response


@login_required
def tables(request: Any, code: str, pk: int) -> HttpResponse:
    assessment = assessment_for(request, code, pk)
    if request.method == "POST":
        require(request, "agency")
        with saving(request):
            _tables_post(request, assessment)
        return back(request, assessment, "tables")
    result = dossier.assess(assessment, request.lang)
    return page(request, "tables.html", assessment, result=result, figures=_figures(assessment, result),
                problems=[p for p in result.problems if str(getattr(p, "file", "")).startswith("tables/")],
                other_problems=[p for p in result.problems
                                if not str(getattr(p, "file", "")).startswith("tables/")])


def _tables_post(request: Any, assessment: Any) -> None:
    action = request.POST.get("action", "upload")
    if action == "remove":
        found = TableUpload.objects.filter(assessment=assessment, pk=request.POST.get("table", 0)).first()
        if found is None:
            raise Http404
        services.delete(request.user, assessment, found, ("name", "sha256"), f"table.remove {found.name}")
        return
    if action == "mapping":
        services.change(request.user, assessment, assessment,
                        {"tables_yaml": request.POST.get("tables_yaml", "")[:200000]}, "tables.yaml")
        return
    upload = request.FILES.get("file")
    name = (request.POST.get("name", "").strip() or str(getattr(upload, "name", "")))
    if upload is None or not TABLE_NAME.match(name) or name == "tables.yaml":
        raise blobs.Refused("upload.bad_name")
    services.editable(assessment)
    sha, size, _ = blobs.store(upload, TABLE_KINDS)
    row = (TableUpload, {"assessment": assessment, "name": name})
    services.change(request.user, assessment, row, {"sha256": sha, "size": size,
                                                    "uploaded_by": request.user}, f"table {name}")


def _figures(assessment: Any, result: Any) -> list[dict[str, Any]]:
    """Each metric: the value computed from the tables (when it was) next to the self-reported one."""
    computed = {}
    if result.assessment is not None:
        computed = {k: v for k, v in result.assessment.dossier.metrics.items() if v.total is not None}
    out = []
    for key in sorted(set(computed) | set(assessment.metrics)):
        value = computed.get(key)
        reported = assessment.metrics.get(key, {})
        out.append({"key": key, "computed": None if value is None else round(float(value.value), 4),
                    "passed": getattr(value, "passed", None), "total": getattr(value, "total", None),
                    "reported": reported.get("value"), "source": reported.get("source", "")})
    return out
