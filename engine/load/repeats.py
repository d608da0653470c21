"""Conditions a cumulative rule repeats from a lower level.

In a cumulative rule a level is reached only when the conditions of every level below
hold too, so a level lists only what it adds. A copied condition is dead weight with a
trap: a threshold tailored on one copy (by its condition id) leaves the other in force.
`merit validate` reports each repeat as a warning; the rule still loads and scores the same.

Only what is implied for certain counts as a repeat: a whole level condition, or an item of
a level's top-level `all`, equal to a lower level's whole condition or top-level `all` item.
`id` names a condition without changing what it asks, so it is not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, format_json_path
from .cache import cached
from .yamlfile import load_yaml, position_of

_NAMING_KEYS = ("id",)


def repeated_conditions(files: Iterable[Path]) -> list[Problem]:
    """A warning for every condition that a cumulative rule among `files` repeats."""
    files = list(files)
    return cached("repeats", files, lambda: _repeated(files))


def _repeated(files: list[Path]) -> list[Problem]:
    warnings: list[Problem] = []
    for path in files:
        try:
            data = load_yaml(path)
        except InputError:
            continue  # unreadable files are the loader's to report
        warnings.extend(rule_repeats(data, str(path)))
    return warnings


def rule_repeats(data: Any, source: str) -> list[Problem]:
    """The repeats of one rule file's data (nothing for other kinds or non-cumulative rules)."""
    if not isinstance(data, dict) or data.get("kind") != "rule" or not data.get("cumulative", True):
        return []
    lower: list[tuple[Any, int]] = []  # (condition without naming keys, its level)
    warnings = []
    for index, level in enumerate(data.get("levels") or []):
        raw = level.get("conditions") if isinstance(level, dict) else None
        if not isinstance(raw, dict):
            continue
        base = ["levels", index, "conditions"]
        for path, part in _parts(raw, base):
            if (found := _first_level(part, lower)) is not None:
                line, col = position_of(data, path)
                warnings.append(Problem(source, line, col, "rule.repeated_condition",
                                        {"level": found}, format_json_path(path)))
                if path == base:
                    break  # the whole level repeats: its items need no separate warning
        lower.extend((_plain(part), index + 1) for _, part in _parts(raw, base))
    return warnings


def _parts(raw: dict[str, Any], base: list[Any]) -> Iterator[tuple[list[Any], Any]]:
    """The whole level condition, then the items of its top-level `all`."""
    yield base, raw
    items = raw.get("all")
    if isinstance(items, list):
        for i, item in enumerate(items):
            yield [*base, "all", i], item


def _first_level(part: Any, lower: list[tuple[Any, int]]) -> int | None:
    plain = _plain(part)
    return next((level for seen, level in lower if seen == plain), None)


def _plain(condition: Any) -> Any:
    if isinstance(condition, dict):
        return {k: v for k, v in condition.items() if k not in _NAMING_KEYS}
    return condition
