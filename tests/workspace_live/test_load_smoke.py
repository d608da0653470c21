"""A few seconds of bench/load_workspace.py against `merit serve` on SQLite and on
PostgreSQL: concurrent users saving their question (claimed score, note and the gates only
it asks, so that their saves also change the same assessment row) and reloading lose no
write and meet no error. Times
are printed, never asserted (the real run, 50 users for a minute, is the bench script)."""

from __future__ import annotations

from live_servers import Workspace

USERS, SECONDS = 4, 4.0


def _run(workspace: Workspace, prefix: str) -> None:
    import load_workspace as load

    accounts, slots = load.prepare(workspace.url, ("demo-admin", "merit-demo-2026"), USERS,
                                   prefix, gates=True, agency="provinsi-contoh")
    result = load.run(workspace.url, accounts, slots, SECONDS)
    print("\n" + result.summary())
    assert result.saves >= USERS, result.summary()
    assert not result.errors, result.summary()
    assert not result.lost, result.summary()


def test_load_smoke_sqlite(demo_sqlite: Workspace) -> None:
    _run(demo_sqlite, "smoke-sqlite-")


def test_load_smoke_postgresql(demo_postgres: Workspace) -> None:
    _run(demo_postgres, "smoke-pg-")
