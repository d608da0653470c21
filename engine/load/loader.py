"""Loading rules, vocabulary, policies and dossiers into typed values.

Every file is parsed with positions, validated against its JSON Schema, then checked for
what a schema cannot say (level numbering, unknown document types, references between
rules). Problems are collected across all files of a load and raised together, so one run
shows everything that is wrong. A malformed file always stops the load: nothing is skipped.

The work is split by what is loaded (collect.py: what all loaders share; rules.py,
policies.py, dossier.py); this module is the one place the rest of merit imports it from.
"""

from __future__ import annotations

from .collect import ProblemCollector, _known, _text, parse_date, shipped_dir, yaml_files
from .dossier import DOSSIER_FILES, default_expiry, load_dossier, survey_problems
from .policies import load_policy, policy_path, shipped_policy_ids
from .rules import RULE_FILE_KINDS, _build_condition, find_cycle, load_rulebook

__all__ = [
    "DOSSIER_FILES", "RULE_FILE_KINDS", "ProblemCollector", "_build_condition", "_known", "_text",
    "default_expiry", "find_cycle", "load_dossier", "load_policy", "load_rulebook", "parse_date",
    "policy_path", "shipped_dir", "shipped_policy_ids", "survey_problems", "yaml_files",
]
