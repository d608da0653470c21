"""The workspace on a real PostgreSQL (Debian's server, started by the `postgres` fixture
in a temporary directory): the workspace's own Django tests run against it, and `merit serve`
keeps its data there (checked with psql, not through the workspace)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from live_servers import Postgres, Workspace, database_env
from webclient import Session, forms

ROOT = Path(__file__).resolve().parents[2]


def test_workspace_tests_pass_on_postgresql(postgres: Postgres) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "workspace")],
        cwd=ROOT, env=database_env(postgres.url), capture_output=True, text=True, timeout=900)
    tail = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, tail
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed.group(1)) >= 5, tail
    # Django's test database was created on this server and the tests connected to it.
    assert "database=test_merit" in postgres.log(), postgres.log()[-2000:]


def test_serve_keeps_its_data_in_postgresql(postgres: Postgres, demo_postgres: Workspace) -> None:
    workspace, database = demo_postgres, demo_postgres.env["MERIT_DATABASE_URL"].rsplit("/", 1)[-1]
    assert not list(workspace.data.glob("*.sqlite3")), "SQLite used although PostgreSQL was given"
    assert int(postgres.psql("select count(*) from workspace_agency", database)) >= 1
    session = Session(workspace.url)
    page = session.get("/login/")
    home = session.submit(forms(page.text)[-1], page.url, {"username": "demo-agency",
                                                          "password": "merit-demo-2026"})
    assert home.status == 200 and 'id="user-name"' in home.text
    agency = re.search(r'<a id="agency-([^"]+)" href="([^"]+)"', home.text)
    assert agency, home.text[-2000:]
    listing = session.get(agency.group(2))
    worksheet = session.get(re.findall(r'<a id="assessment-[^"]+" href="([^"]+)"', listing.text)[0])
    form = next(f for f in forms(worksheet.text) if {"claimed_level", "note"} <= f.names)
    note = "Dicatat di PostgreSQL oleh uji langsung."
    saved = session.submit(form, worksheet.url, {"note": note})
    assert saved.status == 200 and note in saved.text
    indicator = form.action.rstrip("/").rsplit("/", 1)[-1]
    stored = postgres.psql(f"select note from workspace_answer where indicator = '{indicator}' "
                           f"and note = '{note}'", database)
    assert stored == note, stored
    session.close()
