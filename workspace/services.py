"""Every change to the workspace's data: each writes the audit log (who, when, what,
before, after) and, for an assessment, bumps its revision (the engine's cache key).
Views never save models themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Union

from django.db import transaction
from django.db.models import F

from .models import TRANSITIONS, Assessment, AuditLog


class Forbidden(Exception):
    """A change the user's role or the assessment's status does not allow; `code` names
    the message (i18n.py)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "_meta"):  # a model instance (a user): its name
        return str(value)
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def audit(user: Any, what: str, *, assessment: Assessment | None = None, agency: Any = None,
          before: Any = None, after: Any = None) -> AuditLog:
    real = user if user is not None and getattr(user, "is_authenticated", False) else None
    return AuditLog.objects.create(
        who=real, username=real.get_username() if real else "-", what=what,
        assessment=assessment, agency=agency or (assessment.agency if assessment else None),
        before=_plain(before), after=_plain(after))


def touch(assessment: Assessment) -> None:
    """Bump the revision: the engine's cached result is stale."""
    Assessment.objects.filter(pk=assessment.pk).update(revision=F("revision") + 1)
    assessment.refresh_from_db(fields=["revision"])


def editable(assessment: Assessment) -> None:
    """Raise Forbidden when the assessment is final (locked)."""
    if assessment.locked:
        raise Forbidden("error.locked")


def lock(assessment: Assessment, allow_locked: bool = False) -> Assessment:
    """The assessment's row, locked for this transaction (PostgreSQL: FOR UPDATE; SQLite:
    the IMMEDIATE transaction already holds the write lock), checked not final. Every change
    to an assessment and its rows is made under this lock, from the row as it is now: two
    people saving at once never undo each other's writes."""
    fresh = Assessment.objects.select_for_update().select_related("agency").get(pk=assessment.pk)
    if not allow_locked:
        editable(fresh)
    return fresh


Target = Any  # a row (with pk), the assessment itself, or (Model, {natural key}) for get-or-new
Fields = Union[dict[str, Any], Callable[[Any], dict[str, Any]]]


def _row(target: Target, fresh: Assessment) -> Any:
    if isinstance(target, Assessment):
        return fresh
    if isinstance(target, tuple):
        model, key = target
        return model.objects.select_for_update().filter(**key).first() or model(**key)
    return type(target).objects.select_for_update().get(pk=target.pk)


@transaction.atomic
def change(user: Any, assessment: Assessment, target: Target, fields: Fields, what: str,
           *, allow_locked: bool = False) -> bool:
    """Set `fields` (or what `fields(row)` returns, from the row as it is now) on the row
    `target` names, save only those fields, audit, bump the revision. False when nothing
    changed."""
    fresh = lock(assessment, allow_locked)
    obj = _row(target, fresh)
    values = fields(obj) if callable(fields) else fields
    names = tuple(values)
    before = snapshot(obj, names)
    for name, value in values.items():
        setattr(obj, name, value)
    after = snapshot(obj, names)
    if before == after and obj.pk is not None:
        return False
    if obj.pk is None:
        obj.save()
    else:
        obj.save(update_fields=names)
    audit(user, what, assessment=fresh, before=before, after=after)
    touch(fresh)
    return True


@transaction.atomic
def create(user: Any, owner: Assessment, model: Any, what: str, /, **fields: Any) -> Any:
    """Create a `model` row of assessment `owner` with `fields`; audit; bump the revision."""
    fresh = lock(owner)
    obj = model.objects.create(**fields)
    audit(user, what, assessment=fresh, after=snapshot(obj, tuple(k for k in fields
                                                                  if k != "assessment")))
    touch(fresh)
    return obj


@transaction.atomic
def delete(user: Any, assessment: Assessment, obj: Any, fields: tuple[str, ...], what: str) -> None:
    fresh = lock(assessment)
    before = snapshot(obj, fields)
    obj.delete()
    audit(user, what, assessment=fresh, before=before)
    touch(fresh)


def allowed_transition(role: str, old: str, new: str) -> bool:
    needed = TRANSITIONS.get((old, new))
    return needed is not None and (role == needed or role == "admin")


@transaction.atomic
def set_status(user: Any, role: str, assessment: Assessment, new: str) -> None:
    """Move the assessment along draft -> submitted -> in_review -> revision_requested /
    final; a final assessment is locked (only an admin reopens it)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not allowed_transition(role, locked.status, new):
        raise Forbidden("error.transition")
    before = locked.status
    locked.status = new
    locked.save(update_fields=["status"])
    assessment.status = new
    audit(user, "assessment.status", assessment=locked, before={"status": before},
          after={"status": new})
