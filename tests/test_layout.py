"""The layout the README promises: one package per stage, the CLI on the public API only,
small modules and functions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "engine"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def _how_it_works() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    return text[text.index("## How it works"):text.index("### Regulation fidelity")]


def test_the_readme_diagram_names_real_packages_and_modules() -> None:
    named = set(re.findall(r"engine/[\w/]+(?:\.py)?", _how_it_works()))
    assert {"engine/load/", "engine/measure/", "engine/evaluate/", "engine/improve/", "engine/render/"} <= named
    missing = [path for path in sorted(named) if not (ROOT / path).exists()]
    assert missing == []


def test_every_stage_package_says_what_flows_in_and_out() -> None:
    for stage in ("load", "measure", "evaluate", "improve", "render"):
        doc = ast.get_docstring(ast.parse((ENGINE / stage / "__init__.py").read_text("utf-8")))
        assert doc, f"engine/{stage}/__init__.py has no docstring"


def test_the_cli_imports_the_engine_through_its_api_only() -> None:
    tree = ast.parse((ROOT / "cli.py").read_text("utf-8"))
    engine_imports = {
        node.module for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module and node.module.startswith("engine")
    }
    assert engine_imports == {"engine", "engine.api"}
    plain = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and node.level == 1 and node.module == "engine" for a in node.names]
    assert plain == ["api"]


def test_no_engine_module_over_300_lines_nor_function_over_40() -> None:
    too_long = []
    for path in sorted(ENGINE.rglob("*.py")):
        source = path.read_text("utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []
