"""Fixtures of the workspace's live tests: a throwaway PostgreSQL server, `merit serve`
subprocesses (SQLite in a temporary --data, or that PostgreSQL), and headless chromium.

Every fixture skips with its reason when the service cannot run here; `pytest -ra` prints it."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
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

ARTIFACTS = Path(tempfile.gettempdir()) / "merit-workspace-live"
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


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Workspace]]:
    """Start `merit serve` on a free port: serve(database_url=None, *extra_args); every
    server started is stopped at the end of the test."""
    if not workspace_installed():
        pytest.skip("the workspace (merit.workspace) is not part of this checkout")
    started: list[Workspace] = []

    def start(database_url: str | None = None, *extra: str) -> Workspace:
        workspace = Workspace(tmp_path / f"data{len(started)}", free_port(), database_env(database_url))
        started.append(workspace)
        workspace.start(*extra)
        return workspace

    try:
        yield start
    finally:
        for workspace in started:
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
def artifacts() -> Path:
    """Where screenshots are kept after the run (looked at by people, compared by tests)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
