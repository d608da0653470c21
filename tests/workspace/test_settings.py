"""Settings from the environment: PostgreSQL by URL or by parts, Secure cookies behind HTTPS."""

from __future__ import annotations

from pathlib import Path

import pytest
from merit.workspace.settings import build, database


def test_postgresql_from_a_url_or_parts(tmp_path: Path) -> None:
    found = database(tmp_path, {"MERIT_DATABASE_URL": "postgresql://merit:p%40ss@db.local:5433/ws"})
    assert (found["ENGINE"], found["NAME"], found["USER"], found["PASSWORD"], found["HOST"], found["PORT"]) == (
        "django.db.backends.postgresql", "ws", "merit", "p@ss", "db.local", "5433")
    parts = database(tmp_path, {"MERIT_DB_NAME": "ws", "MERIT_DB_HOST": "/run/postgresql"})
    assert parts["NAME"] == "ws" and parts["HOST"] == "/run/postgresql"
    assert database(tmp_path, {})["NAME"] == str(tmp_path / "workspace.sqlite3")
    with pytest.raises(ValueError):
        database(tmp_path, {"MERIT_DATABASE_URL": "mysql://x/y"})


def test_cookies_are_secure_behind_https(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = build(tmp_path)
    assert plain["SESSION_COOKIE_HTTPONLY"] and plain["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not plain["SESSION_COOKIE_SECURE"]
    monkeypatch.setenv("MERIT_HTTPS", "1")
    secure = build(tmp_path)
    assert secure["SESSION_COOKIE_SECURE"] and secure["CSRF_COOKIE_SECURE"]
    assert secure["SECURE_SSL_REDIRECT"] and secure["SECURE_HSTS_SECONDS"] > 0 and not plain["SECURE_SSL_REDIRECT"]
    assert secure["SECRET_KEY"] == plain["SECRET_KEY"]  # generated once, kept
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
