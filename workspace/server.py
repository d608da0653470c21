"""`merit serve`: configure Django for DATA, migrate, optionally load the demo, and serve
with waitress (a pure-Python multithreaded WSGI server)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

DEMO_PASSWORD = "merit-demo-2026"  # demo mode only (documented in workspace/README.md)
DEMO_USERS = (("demo-admin", "admin"), ("demo-agency", "agency"), ("demo-assessor", "assessor"))
DEMO_AGENCY = "provinsi-contoh"
DEMO_POLICIES = ("permenpanrb-19-2025", "kasn-2019")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def setup(data: Path, hosts: list[str] | None = None) -> None:
    """Configure Django for the workspace in DATA and bring its database up to date."""
    from .settings import configure

    configure(data, hosts=hosts)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def example_dossier() -> Path | None:
    here = Path(__file__).resolve().parents[1] / "examples" / "provinsi-contoh"
    for candidate in (Path.cwd() / "examples" / "provinsi-contoh", here):
        if (candidate / "agency.yaml").is_file():
            return candidate
    return None


def _plain(code: str, **params: Any) -> None:
    print(code, params)


def load_demo(say: Any = _plain) -> None:
    """The example agency with its dossier, and the demo users (fixed demo passwords)."""
    from django.contrib.auth.models import User

    from . import transfer
    from .models import Agency
    from .users import add_user

    agency, _ = Agency.objects.get_or_create(code=DEMO_AGENCY, defaults={"name": "Pemerintah Provinsi Contoh"})
    for name, role in DEMO_USERS:
        if not User.objects.filter(username=name).exists():
            add_user(name, DEMO_PASSWORD, role, DEMO_AGENCY if role != "admin" else None,
                     check_password=False)
    source = example_dossier()
    if source is not None and not agency.assessments.exists():
        admin = User.objects.get(username="demo-admin")
        for policy in DEMO_POLICIES:
            transfer.import_members(admin, agency, transfer.read_dir(source), policy)
    for name, role in DEMO_USERS:
        say("serve.demo_user", name=name, role=role, password=DEMO_PASSWORD)


class DemoNotLocal(ValueError):
    """--demo with an address other than the loopback: its passwords are public."""


def serve(data: Path, host: str, port: int, demo: bool = False, threads: int = 8,
          say: Any = _plain) -> None:
    """Set up DATA and serve; `say(code, **params)` shows a message (engine/locale)."""
    if demo and host not in LOOPBACK:
        raise DemoNotLocal(host)
    hosts = ["*"] if host in ("0.0.0.0", "::") else [host, "localhost", "127.0.0.1", "[::1]"]
    setup(data, hosts)
    if demo:
        load_demo(say)
    else:
        from django.contrib.auth.models import User

        if not User.objects.exists():
            say("serve.no_users", data=str(data))
    from django.core.handlers.wsgi import WSGIHandler
    from waitress import serve as waitress_serve

    say("serve.listening", url=f"http://{host if ':' not in host else f'[{host}]'}:{port}/", data=str(data))
    sys.stdout.flush()
    waitress_serve(WSGIHandler(), host=host, port=port, threads=threads, ident="merit",
                   max_request_body_size=200 * 1024 * 1024, clear_untrusted_proxy_headers=True)
