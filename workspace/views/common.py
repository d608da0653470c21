from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import dossier
from ..access import role
from ..i18n import t
from ..models import STATUSES, TRANSITIONS, Assessment
from ..services import allowed_transition

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
                   and allowed_transition(current, old, new)])
    return render(request, f"workspace/{template}", context, status=status)


def tab_url(assessment: Assessment, name: str) -> str:
    return reverse(name, args=[assessment.agency.code, assessment.pk])


def back(request: Any, assessment: Assessment, name: str, anchor: str = "") -> HttpResponse:
    return redirect(tab_url(assessment, name) + (f"#{anchor}" if anchor else ""))


def flash(request: Any, key: str, level: int = messages.INFO, **params: Any) -> None:
    messages.add_message(request, level, t(key, request.lang, **params))


def error(request: Any, key: str, **params: Any) -> None:
    flash(request, key, messages.ERROR, **params)
