"""One typed exception hierarchy and one message pattern for every input problem.

A `Problem` is where (file, line, column, JSON path) plus what (a message code with its
parameters). Its text is rendered in the reader's language at the edge (CLI, report), so
the engine itself never chooses a language. Every problem reads:

    FILE:LINE:COL: MESSAGE [at JSON.PATH] (did you mean 'X'?)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .i18n import fmt, message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, at one place in it."""

    file: str
    line: int
    col: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    json_path: str = ""
    suggestion: str | None = None

    def render(self, lang: str = "id") -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        params = {key: _shown(value, lang) for key, value in self.params.items()}
        text = f"{where}: {message(self.code, lang, **params)}"
        if self.json_path:
            text += f" [{message('problem.at', lang)} {self.json_path}]"
        if self.suggestion is not None:
            text += f" ({message('problem.did_you_mean', lang, name=self.suggestion)})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.code)


MAX_SHOWN = 120  # characters of a value echoed into a message (a 10 MB cell stays out)


def _shown(value: Any, lang: str) -> Any:
    """A message parameter as the reader's language writes it, never longer than MAX_SHOWN."""
    if isinstance(value, float):
        return fmt(value, lang, 4)
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[:MAX_SHOWN - 1] + "…"
    return value


class MeritError(Exception):
    """Base of every error merit raises on purpose."""

    def render(self, lang: str = "id") -> str:
        return str(self)


class InputError(MeritError):
    """One or more problems in the user's input files (rules, policies, dossier)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        super().__init__(self.render("en"))

    def render(self, lang: str = "id") -> str:
        """One line per problem; a table cell problem that repeats (the same value wrong
        in the same column) is one line with how many rows and the first of them."""
        groups: dict[tuple[Any, ...], list[Problem]] = {}
        for problem in self.problems:
            groups.setdefault(_group_key(problem), []).append(problem)
        return "\n".join(_render_group(group, lang) for group in groups.values())


SHOWN_ROWS = 5  # rows listed for a repeated table problem


def _group_key(problem: Problem) -> tuple[Any, ...]:
    if not problem.code.startswith("personnel.") or not problem.line:
        return (id(problem),)
    return (problem.file, problem.col, problem.code, tuple(sorted(problem.params.items())))


def _render_group(group: list[Problem], lang: str) -> str:
    text = group[0].render(lang)
    if len(group) > 1:
        rows = ", ".join(str(p.line) for p in group[:SHOWN_ROWS]) + (", …" if len(group) > SHOWN_ROWS else "")
        text += " " + message("problem.repeated_rows", lang, count=len(group), rows=rows)
    fix = group[0].params
    if "cid" in fix and "table" in fix:  # an enumerated value in the system's own spelling
        value = '"' + str(fix.get("value", "")).replace('"', "'")[:MAX_SHOWN] + '"'
        text += "; " + message("personnel.values_hint", lang, table=fix["table"], cid=fix["cid"], value=value)
    return text


class EngineError(MeritError):
    """The inference engine misbehaved: a bug in merit, never the user's fault."""


class UsageError(MeritError):
    """A command-line option or argument that makes no sense (exit code 2)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(message(code, "en", **params))

    def render(self, lang: str = "id") -> str:
        return message(self.code, lang, **self.params)


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `name`, if any is close enough to be a likely typo."""
    matches = difflib.get_close_matches(str(name), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def raise_if(problems: Sequence[Problem]) -> None:
    if problems:
        raise InputError(problems)


def format_json_path(path: Iterable[Any]) -> str:
    """`$.levels.2.conditions[0]` style path, as readers of jsonschema output expect."""
    text = "$"
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text
