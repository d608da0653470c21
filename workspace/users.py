"""Creating users (the `merit users add` command and the admin page share this)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import Agency, Profile

ROLE_NAMES = ("admin", "agency", "assessor")


@transaction.atomic
def add_user(username: str, password: str, role: str, agency: str | None = None,
             assigned: list[str] | None = None, actor: Any = None, check_password: bool = True) -> User:
    """A new user with a hashed password; an agency user belongs to `agency` (a code),
    an assessor is assigned `assigned` (codes, default `agency`). ValueError when invalid."""
    username = username.strip()
    if not username or len(username) > 150:
        raise ValueError("username")
    if role not in ROLE_NAMES:
        raise ValueError(f"role must be one of {', '.join(ROLE_NAMES)}")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"user {username} exists")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise ValueError("; ".join(exc.messages)) from None
    home = _agency(agency) if agency else None
    if role == "agency" and home is None:
        raise ValueError("an agency user needs --agency CODE")
    user = User.objects.create_user(username=username, password=password)
    profile = Profile.objects.create(user=user, role=role, agency=home if role == "agency" else None)
    codes = list(assigned or ([agency] if agency and role == "assessor" else []))
    if role == "assessor":
        profile.assigned.set([_agency(code) for code in codes])
    services.audit(actor, "user.create", agency=home,
                   after={"username": username, "role": role, "agency": agency, "assigned": codes})
    return user


def _agency(code: str) -> Agency:
    found = Agency.objects.filter(code=code).first()
    if found is None:
        raise ValueError(f"no agency {code}")
    return found


@transaction.atomic
def assign(username: str, codes: list[str], actor: Any = None) -> None:
    """Set the agencies an assessor is assigned to."""
    profile = Profile.objects.filter(user__username=username, role="assessor").first()
    if profile is None:
        raise ValueError(f"no assessor {username}")
    before = sorted(profile.assigned.values_list("code", flat=True))
    profile.assigned.set([_agency(code) for code in codes])
    services.audit(actor, "user.assign", before={"username": username, "assigned": before},
                   after={"username": username, "assigned": sorted(codes)})
