"""The merit engine: load -> evaluate (durable_rules) -> score -> report.

The engine never prints; the CLI is a thin layer over these functions.
"""

from __future__ import annotations

from . import progress
from .errors import EngineError, InputError, MeritError, Problem, UsageError
from .load.loader import load_dossier, load_policy, load_rulebook
from .pipeline import DEFAULT_POLICY, Assessment, assess, assess_path

__all__ = [
    "DEFAULT_POLICY", "progress", "Assessment", "EngineError", "InputError", "MeritError", "Problem",
    "UsageError", "assess", "assess_path", "load_dossier", "load_policy", "load_rulebook",
]
