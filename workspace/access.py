"""Authorization: the one place that says who sees what. Every view fetches its agency
and assessment through these helpers, which raise Http404 for anything the user may not
see (so a user of agency A cannot even tell whether agency B exists)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Agency, Assessment, Profile


def role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    profile = Profile.objects.filter(user=user).first()
    return profile.role if profile else None


def agencies(user: Any) -> QuerySet[Agency]:
    """The agencies `user` may see: their own (agency), the assigned ones (assessor), all (admin)."""
    profile = Profile.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None
    if profile is None:
        return Agency.objects.none()
    if profile.role == "admin":
        return Agency.objects.all()
    if profile.role == "assessor":
        return profile.assigned.all()
    if profile.agency_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk=profile.agency_id)


def agency_for(request: Any, code: str) -> Agency:
    found = agencies(request.user).filter(code=code).first()
    if found is None:
        raise Http404
    return found


def assessment_for(request: Any, code: str, pk: int) -> Assessment:
    agency = agency_for(request, code)
    found = Assessment.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def require(request: Any, *roles: str) -> str:
    """The user's role when it is one of `roles` (admin always passes), else Http404."""
    current = role(request.user)
    if current is None or (current not in roles and current != "admin"):
        raise Http404
    return current
