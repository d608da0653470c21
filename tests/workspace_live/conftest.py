"""Fixtures of the workspace's live tests: a throwaway PostgreSQL server, `merit serve --demo`
subprocesses (SQLite in a temporary --data, and that PostgreSQL), and headless chromium.

Every fixture skips with its reason when the service cannot run here; `pytest -ra` prints it."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_servers import (
    Postgres,
    Unavailable,
    Workspace,
    chromium,
    database_env,
    free_port,
    start_postgres,
)

# The load test's browser-like HTTP client (bench/webclient.py) drives set-up and smoke runs.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def workspace_installed() -> bool:
    return importlib.util.find_spec("merit.workspace") is not None


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL cluster for the whole session (about a second to start), stopped and
    removed at the end."""
    try:
        server = start_postgres()
    except Unavailable as reason:
        print(f"\nPostgreSQL tests skipped: {reason}")
        pytest.skip(f"PostgreSQL unavailable: {reason}")
    try:
        yield server
    finally:
        server.stop()


def _serve(data: Path, database_url: str | None, *extra: str) -> Workspace:
    if not workspace_installed():
        pytest.skip("the workspace (merit.workspace) is not part of this checkout")
    workspace = Workspace(data, free_port(), database_env(database_url))
    workspace.start(*extra)
    return workspace


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """`merit serve --demo` on SQLite in a temporary --data, shared by the tests that each
    work in their own agency or on their own questions."""
    workspace = _serve(tmp_path_factory.mktemp("sqlite") / "data", None, "--demo")
    try:
        yield workspace
    finally:
        workspace.stop()


@pytest.fixture(scope="session")
def demo_postgres(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """`merit serve --demo` with MERIT_DATABASE_URL naming a fresh database of the
    session's PostgreSQL server (its --data then holds only the key and evidence files)."""
    workspace = _serve(tmp_path_factory.mktemp("postgres") / "data", postgres.database("serve"), "--demo")
    try:
        yield workspace
    finally:
        workspace.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless chromium (Selenium over Debian's chromedriver) with a fresh profile."""
    try:
        driver = chromium(tmp_path / "chromium-profile")
    except Unavailable as reason:
        pytest.skip(str(reason))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this run keeps its screenshots and failure pages for people to look at: in
    pytest's own temporary directory of the run (kept for the last three runs), so that
    runs from several checkouts at once never touch each other's files."""
    return tmp_path_factory.mktemp("screenshots", numbered=False)
