"""Django for the workspace tests: settings built in code for a temporary data directory
(SQLite, or PostgreSQL when MERIT_DATABASE_URL / MERIT_DB_NAME is set: Django's test
database is created beside it), the database set up once per session, and each test run
inside a transaction rolled back at its end."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "provinsi-contoh"
PASSWORD = "correct-horse-battery-1"
_DATA = Path(tempfile.mkdtemp(prefix="merit-ws-test-"))


@pytest.fixture(scope="session")
def django_db() -> Any:
    from merit.workspace.settings import configure

    configure(_DATA)
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    from django.conf import settings

    # Users are made with a fast hasher here; test_security checks the real default (PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _WORLD.update(_make_world())
    yield _DATA
    teardown_databases(config, verbosity=0)


_WORLD: dict[str, Any] = {}


@pytest.fixture()
def db(django_db: Any) -> Any:
    from django.db import transaction
    from merit.workspace import dossier

    dossier._CACHE.clear()
    with transaction.atomic():
        yield django_db
        transaction.set_rollback(True)
    dossier._CACHE.clear()


@pytest.fixture()
def world(db: Any) -> dict[str, Any]:
    """Two agencies, each with one user; an assessor assigned to A; an admin; A's example
    dossier imported (PermenPANRB 19/2025), B with an empty assessment. Made once per
    session; each test's changes are rolled back."""
    from merit.workspace.models import Agency, Assessment

    return {**_WORLD, "a": Agency.objects.get(code="prov-a"), "b": Agency.objects.get(code="prov-b"),
            "A": Assessment.objects.get(pk=_WORLD["A"].pk), "B": Assessment.objects.get(pk=_WORLD["B"].pk)}


def _make_world() -> dict[str, Any]:
    from merit.workspace import transfer
    from merit.workspace.models import Agency, Assessment
    from merit.workspace.users import add_user

    a = Agency.objects.create(code="prov-a", name="Provinsi A")
    b = Agency.objects.create(code="prov-b", name="Provinsi B")
    users = {
        "admin": add_user("admin1", PASSWORD, "admin"),
        "a": add_user("user-a", PASSWORD, "agency", "prov-a"),
        "b": add_user("user-b", PASSWORD, "agency", "prov-b"),
        "assessor": add_user("assessor-a", PASSWORD, "assessor", "prov-a"),
    }
    assessment_a = transfer.import_members(users["admin"], a, transfer.read_dir(EXAMPLE),
                                           "permenpanrb-19-2025")
    assessment_b = Assessment.objects.create(agency=b, year=2025, policy="kasn-2019")
    return {"a": a, "b": b, "users": users, "A": assessment_a, "B": assessment_b}


def client_for(user: Any = None, **options: Any) -> Any:
    from django.test import Client

    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client
