"""The code stays ruff- and mypy-clean (the style the project aims for), checked in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if not found.exists() and shutil.which(name) is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return str(found) if found.exists() else name


def test_ruff_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean(tmp_path: Path) -> None:
    # The checkout's top level is the package `merit`, whatever the checkout's folder is
    # called: type-check it under that name through a link.
    (tmp_path / "merit").symlink_to(ROOT, target_is_directory=True)
    result = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports",
                             "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "merit.engine",
                             "-m", "merit.cli"],
                            cwd=tmp_path, capture_output=True, text=True, check=False,
                            env={**os.environ, "MYPYPATH": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
