"""What a run imports: heavy libraries only when the command needs them.

Every `merit` run pays for its imports before doing anything; these tests keep the lazy
imports lazy (a module-level import slipped back in would cost each run ~0.03-0.1 s).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE

HEAVY = ("jinja2", "jsonschema", "referencing", "polars")


def _imported_after(code: str) -> set[str]:
    probe = code + f"\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_importing_the_cli_imports_none_of_the_heavy_libraries() -> None:
    assert _imported_after("import merit.cli") == set()


def test_a_json_check_of_a_valid_dossier_needs_neither_jinja2_nor_jsonschema(tmp_path: Path) -> None:
    args = ["check", str(EXAMPLE), "--format", "json", "-o", str(tmp_path / "report.json")]
    code = f"from merit.cli import main\nmain({args!r}, standalone_mode=False)"
    assert _imported_after(code) == {"polars"}  # the example has personnel tables


def test_validating_the_shipped_files_and_listing_rules_need_no_polars() -> None:
    for args in (["validate"], ["rules", "list"], ["policies", "list"]):
        code = f"from merit.cli import main\nmain({args!r}, standalone_mode=False)"
        assert "polars" not in _imported_after(code), args


def test_a_check_of_a_dossier_without_tables_needs_no_polars(tmp_path: Path) -> None:
    import shutil

    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLE, dossier, ignore=shutil.ignore_patterns("tables"))
    args = ["check", str(dossier), "--format", "json", "-o", str(tmp_path / "report.json")]
    code = f"from merit.cli import main\nmain({args!r}, standalone_mode=False)"
    assert "polars" not in _imported_after(code)


def test_the_personnel_package_exports_what_it_lists() -> None:
    import merit.engine.measure as personnel

    assert sorted(personnel._EXPORTS) == sorted(personnel.__all__)
    for name in personnel.__all__:
        assert getattr(personnel, name) is not None
