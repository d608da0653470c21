"""The engine's public API: the one module the command line (and the web workspace)
imports. It names what each stage offers; heavy modules load on first use (PEP 562), so
that a command pays only for what it runs.

    load -> measure -> evaluate      pipeline.assess_many (and read_dossier)
    improve                          gaps and the least-effort plan, read by the reports
    render                           reports, checklists, comparisons, the rule reference
"""

from __future__ import annotations

import importlib
from typing import Any

from . import progress
from .errors import EngineError, InputError, MeritError, Problem, UsageError
from .i18n import DEFAULT_LANG, LANGUAGES, message
from .load.loader import DOSSIER_FILES
from .pipeline import (
    DEFAULT_POLICY,
    WAIVERS_FILE,
    Assessment,
    assess_many,
    default_policy,
    read_dossier,
)
from .targets import band_id, falls_short, per_policy

# Each lazily loaded name and its module (relative to merit.engine).
_LAZY = {
    "validate_paths": "validate_files",
    "load_policy": "load.loader", "load_rulebook": "load.loader",
    "formats": "render", "renderer": "render",
    "build_report": "render.report", "build_side_by_side": "render.report", "render": "render.report",
    "render_side_by_side": "render.report", "validate_report": "render.report", "fmt": "render.report",
    "write_atomically": "render.write", "NotRegularFile": "render.write",
    "compare_files": "render.compare", "render_comparison": "render.compare",
    "init_dossier": "render.scaffold", "read_as_line": "render.figures",
    "map_file": "measure.mapper", "render_mapping": "render.mapping",
    "find_rule": "render.reference", "load_shipped": "render.reference",
    "render_rule": "render.reference", "render_rules_list": "render.reference",
    "render_policies_list": "render.reference", "policy_card": "render.policycard",
    "render_csv": "render.checklist", "render_markdown": "render.checklist",
    "render_xlsx": "render.checklist", "status_line": "render.checklist", "steps": "render.checklist",
}

__all__ = ["DEFAULT_LANG", "DEFAULT_POLICY", "DOSSIER_FILES", "LANGUAGES", "WAIVERS_FILE", "Assessment",
           "EngineError", "InputError", "MeritError", "Problem", "UsageError", "assess_many", "band_id",
           "default_policy", "falls_short", "message", "per_policy", "progress", "read_dossier", *_LAZY]

def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __package__), name)
