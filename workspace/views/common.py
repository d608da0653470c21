from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import blobs, dossier, services
from ..access import role
from ..i18n import t
from ..models import STATUSES, TRANSITIONS, Assessment

TABS = ("worksheet", "survey", "evidence", "tables", "tasks", "exports", "audit")


def page(request: Any, template: str, assessment: Assessment | None = None, status: int = 200,
         **context: Any) -> HttpResponse:
    """Render `template`; with an assessment, the tabs, status and score header too."""
    if assessment is not None:
        current = role(request.user) or ""
        if "result" not in context:
            context["result"] = dossier.assess(assessment, request.lang)
        context.update(
            assessment=assessment, agency=assessment.agency, tabs=TABS,
            statuses=STATUSES,
            moves=[new for (old, new) in TRANSITIONS if old == assessment.status
                   and services.allowed_transition(current, old, new)])
    return render(request, f"workspace/{template}", context, status=status)


def tab_url(assessment: Assessment, name: str) -> str:
    return reverse(name, args=[assessment.agency.code, assessment.pk])


def back(request: Any, assessment: Assessment, name: str, anchor: str = "") -> HttpResponse:
    return redirect(tab_url(assessment, name) + (f"#{anchor}" if anchor else ""))


def flash(request: Any, key: str, level: int = messages.INFO, **params: Any) -> None:
    messages.add_message(request, level, t(key, request.lang, **params))


def error(request: Any, key: str, **params: Any) -> None:
    flash(request, key, messages.ERROR, **params)


@contextmanager
def saving(request: Any, form_errors: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """A change a form asks for: "saved" when it went through, else why it did not: an
    upload refused, a change not allowed (locked, wrong role), or one of `form_errors`
    (a field that does not read). Other errors are not caught."""
    try:
        yield
    except blobs.Refused as refused:
        error(request, refused.code, **refused.params)
    except services.Forbidden as exc:
        error(request, exc.code)
    except form_errors as exc:
        error(request, "error.form", detail=str(exc)[:100])
    else:
        flash(request, "ws.saved")
