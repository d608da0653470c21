"""Django settings built in code, from `--data DIR` (SQLite, the embedded default) or from
the environment (PostgreSQL for an installation serving many agencies).

    MERIT_DATABASE_URL   postgresql://USER:PASSWORD@HOST:PORT/NAME  (wins over MERIT_DB_*)
    MERIT_DB_NAME, MERIT_DB_USER, MERIT_DB_PASSWORD, MERIT_DB_HOST, MERIT_DB_PORT
    MERIT_HTTPS=1        behind an HTTPS proxy: cookies Secure, HTTP redirected, HSTS one day
    MERIT_ALLOWED_HOSTS  comma-separated host names (default: localhost names, or * with --host)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

PACKAGE = Path(__file__).resolve().parent
SECRET_FILE = "secret_key"
UPLOAD_LIMIT = 20 * 1024 * 1024  # bytes per uploaded file


def secret_key(data: Path) -> str:
    """The installation's secret key, generated once into DATA with mode 0600."""
    path = data / SECRET_FILE
    if path.exists():
        return path.read_text("ascii").strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def database(data: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The default database: PostgreSQL when the environment names one, else DATA's SQLite."""
    env = dict(os.environ if env is None else env)
    url = env.get("MERIT_DATABASE_URL")
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("postgres", "postgresql"):
            raise ValueError(f"MERIT_DATABASE_URL: unsupported scheme {parsed.scheme!r} (postgresql://)")
        return {"ENGINE": "django.db.backends.postgresql", "NAME": parsed.path.lstrip("/"),
                "USER": unquote(parsed.username or ""), "PASSWORD": unquote(parsed.password or ""),
                "HOST": parsed.hostname or "", "PORT": str(parsed.port or ""), "CONN_MAX_AGE": 60}
    if env.get("MERIT_DB_NAME"):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": env["MERIT_DB_NAME"],
                "USER": env.get("MERIT_DB_USER", ""), "PASSWORD": env.get("MERIT_DB_PASSWORD", ""),
                "HOST": env.get("MERIT_DB_HOST", ""), "PORT": env.get("MERIT_DB_PORT", ""),
                "CONN_MAX_AGE": 60}
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data / "workspace.sqlite3"),
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}


def build(data: Path, *, debug: bool = False, hosts: list[str] | None = None) -> dict[str, Any]:
    """The settings of a workspace whose files live in DATA."""
    data.mkdir(parents=True, exist_ok=True)
    https = os.environ.get("MERIT_HTTPS") == "1"
    allowed = os.environ.get("MERIT_ALLOWED_HOSTS")
    return {
        "DEBUG": debug,
        "SECRET_KEY": secret_key(data),
        "ALLOWED_HOSTS": allowed.split(",") if allowed else (hosts or ["localhost", "127.0.0.1", "[::1]"]),
        "INSTALLED_APPS": ["django.contrib.auth", "django.contrib.contenttypes",
                           "django.contrib.sessions", "django.contrib.messages",
                           "merit.workspace.apps.WorkspaceConfig"],
        "MIDDLEWARE": ["merit.workspace.middleware.SecurityHeaders",
                       "django.middleware.security.SecurityMiddleware",
                       "django.contrib.sessions.middleware.SessionMiddleware",
                       "django.middleware.common.CommonMiddleware",
                       "django.middleware.csrf.CsrfViewMiddleware",
                       "django.contrib.auth.middleware.AuthenticationMiddleware",
                       "django.contrib.messages.middleware.MessageMiddleware",
                       "merit.workspace.middleware.Language",
                       "django.middleware.clickjacking.XFrameOptionsMiddleware"],
        "ROOT_URLCONF": "merit.workspace.urls",
        "TEMPLATES": [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [],
                       "APP_DIRS": True,
                       "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                          "django.contrib.auth.context_processors.auth",
                                                          "django.contrib.messages.context_processors.messages",
                                                          "merit.workspace.i18n.context"]}}],
        "DATABASES": {"default": database(data)},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True, "TIME_ZONE": "Asia/Jakarta", "USE_I18N": False,
        "LOGIN_URL": "login", "LOGIN_REDIRECT_URL": "home",
        "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https, "CSRF_COOKIE_SECURE": https,
        "CSRF_COOKIE_SAMESITE": "Lax", "SESSION_COOKIE_AGE": 12 * 3600,
        "SECURE_CONTENT_TYPE_NOSNIFF": True, "X_FRAME_OPTIONS": "DENY",
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if https else None,
        # Behind HTTPS: plain HTTP is redirected (but /healthz, for a monitor inside), and
        # browsers are told to keep to HTTPS for a day (HSTS, deliberately short).
        "SECURE_SSL_REDIRECT": https, "SECURE_REDIRECT_EXEMPT": [r"^healthz$"],
        "SECURE_HSTS_SECONDS": 86400 if https else 0,
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 2 * 1024 * 1024, "FILE_UPLOAD_MAX_MEMORY_SIZE": 2 * 1024 * 1024,
        "FILE_UPLOAD_TEMP_DIR": None,
        "MERIT_DATA": data, "MERIT_UPLOAD_LIMIT": UPLOAD_LIMIT,
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
             "OPTIONS": {"min_length": 10}},
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
            {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"}],
        "MESSAGE_STORAGE": "django.contrib.messages.storage.session.SessionStorage",
    }


def configure(data: Path, **options: Any) -> None:
    """Configure Django for the workspace in DATA and set it up (once per process)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(**build(data, **options))
        django.setup()
