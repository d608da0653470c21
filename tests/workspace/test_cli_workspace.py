"""`merit users add` on a fresh data directory: database created and migrated, secret key
0600, password from standard input stored hashed; bad roles, agencies, passwords refused."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

MERIT = [sys.executable, "-c", "from merit.cli import main; main()"]


def test_users_add_creates_the_workspace_and_a_hashed_user(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # the SQLite default under test, even when this suite runs again against PostgreSQL
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MERIT_DATABASE_URL", "MERIT_DB_"))}
    done = subprocess.run([*MERIT, "users", "add", "boss", "--role", "admin", "--data", str(data)],
                          input="a-long-secret-phrase\n", capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "boss" in done.stdout
    assert (data / "secret_key").stat().st_mode & 0o777 == 0o600
    rows = sqlite3.connect(data / "workspace.sqlite3").execute(
        "SELECT username, password FROM auth_user").fetchall()
    assert rows[0][0] == "boss" and rows[0][1].startswith("pbkdf2_sha256$")
    assert "a-long-secret-phrase" not in rows[0][1]


def test_add_user_refuses_bad_roles_agencies_and_weak_passwords(db: object) -> None:
    import pytest
    from merit.workspace.users import add_user

    for args in (("x", "a-long-secret-phrase", "root"), ("x", "a-long-secret-phrase", "agency", "nope"),
                 ("x", "12345", "admin"), ("x", "a-long-secret-phrase", "agency")):
        with pytest.raises(ValueError):
            add_user(*args)
