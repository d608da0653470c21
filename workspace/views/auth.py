"""Log in (throttled), log out, the language switch, /healthz and the static files."""

from __future__ import annotations

import re
from datetime import timedelta
from importlib import resources
from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..i18n import LANGS, t
from ..models import LoginAttempt

MAX_FAILURES = 5
LOCK_MINUTES = 15
STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(css|js|png|svg|ico)$")
STATIC_TYPES = {"css": "text/css", "js": "text/javascript", "png": "image/png",
                "svg": "image/svg+xml", "ico": "image/x-icon"}


def _address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def throttled(username: str, address: str) -> bool:
    since = timezone.now() - timedelta(minutes=LOCK_MINUTES)
    LoginAttempt.objects.filter(when__lt=since - timedelta(days=1)).delete()  # keep the table small
    return LoginAttempt.objects.filter(username=username, address=address, when__gte=since).count() >= MAX_FAILURES


def login_view(request: Any) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        username = str(request.POST.get("username", ""))[:150]
        password = str(request.POST.get("password", ""))
        address = _address(request)
        if throttled(username, address):
            error, status = t("login.throttled", request.lang, minutes=LOCK_MINUTES), 429
        else:
            user = authenticate(request, username=username, password=password)
            if user is not None:
                LoginAttempt.objects.filter(username=username, address=address).delete()
                login(request, user)
                services.audit(user, "user.login")
                wanted = request.POST.get("next") or request.GET.get("next") or ""
                if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
                    return redirect(wanted)
                return redirect("home")
            LoginAttempt.objects.create(username=username, address=address)
            error, status = t("login.failed", request.lang), 200
    return render(request, "workspace/login.html",
                  {"error": error, "next": request.GET.get("next", "")}, status=status)


@require_POST
def logout_view(request: Any) -> HttpResponse:
    lang = request.session.get("lang")
    logout(request)
    if lang:
        request.session["lang"] = lang
    return redirect("login")


@require_POST
def set_lang(request: Any) -> HttpResponse:
    lang = request.POST.get("lang", "id")
    request.session["lang"] = lang if lang in LANGS else "id"
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return redirect(wanted)
    return redirect("home")


@require_GET
def healthz(request: Any) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - a health check reports, it does not raise
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def static(request: Any, name: str) -> HttpResponse:
    """A file shipped in workspace/static/workspace/ (checked name: never a path)."""
    match = STATIC_NAME.match(name)
    if not match:
        raise Http404
    found = resources.files("merit.workspace").joinpath("static", "workspace", name)
    if not found.is_file():
        raise Http404
    response = FileResponse(found.open("rb"), content_type=STATIC_TYPES[match.group(1)])
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
