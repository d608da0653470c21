"""The merit engine: load -> evaluate (durable_rules) -> score -> report.

The engine never prints; the CLI is a thin layer over these functions.
"""

from __future__ import annotations

from . import progress
from .assess import DEFAULT_POLICY, Assessment, assess, assess_path
from .errors import EngineError, InputError, MeritError, Problem, UsageError
from .loader import load_dossier, load_policy, load_rulebook

__all__ = [
    "DEFAULT_POLICY", "progress", "Assessment", "EngineError", "InputError", "MeritError", "Problem",
    "UsageError", "assess", "assess_path", "load_dossier", "load_policy", "load_rulebook",
]
