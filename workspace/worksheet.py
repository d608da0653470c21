"""What the worksheet page shows, built from the policy's rules (criteria, questions) and
the engine's report (verified score, reasons, what the next score needs)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.html import format_html_join

from ..engine import api
from .models import Assessment

_LOCK = threading.Lock()
_POLICIES: dict[str, Any] = {}
_RULEBOOK: list[Any] = []


def rulebook() -> Any:
    with _LOCK:
        if not _RULEBOOK:
            _RULEBOOK.append(api.load_rulebook())
        return _RULEBOOK[0]


def policy(assessment: Assessment) -> Any:
    """The assessment's policy (shipped id or tailored YAML), loaded once per process."""
    text = assessment.policy_yaml.strip()
    key = "yaml:" + hashlib.sha256(text.encode()).hexdigest() if text else assessment.policy
    book = rulebook()
    with _LOCK:
        if key not in _POLICIES:
            _POLICIES[key] = _load(assessment, book, text)
        return _POLICIES[key]


def _load(assessment: Assessment, book: Any, text: str) -> Any:
    if not text:
        return api.load_policy(assessment.policy, book)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="merit-policy-") as tmp:
        path = Path(tmp) / "policy.yaml"
        path.write_text(text, "utf-8")
        return api.load_policy(str(path), book)


def shipped_policies() -> list[str]:
    from importlib import resources

    folder = resources.files("merit.policies")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@dataclass
class Question:
    key: str
    text: str
    type: str
    options: list[str]
    value: Any


@dataclass
class Row:
    id: str
    aspect: str
    title: str
    criteria: list[Any]  # (level, description), then (level, description, held, reasons)
    questions: list[Question]
    levels_from: int
    top: int
    answer: Any = None
    verification: Any = None
    result: Any = None  # the report's IndicatorRow
    held: dict[int, bool] = field(default_factory=dict)
    # Per level, the engine's reasons: (depth, held, statement) of its condition tree.
    reasons: dict[int, list[tuple[int, bool, str]]] = field(default_factory=dict)
    evidence: list[tuple[str, Any]] = field(default_factory=list)  # (number, Document or None)
    options: str = ""  # the evidence select's <option>s (escaped), one per document number

    @property
    def choices(self) -> list[int]:
        return list(range(self.levels_from, self.top + 1))


def flatten(trace: Any, depth: int = 0) -> list[tuple[int, bool, str]]:
    """A report's condition trace as rows (depth, held, statement), depth first."""
    if trace is None:
        return []
    rows_ = [(depth, bool(trace.held), str(trace.statement))]
    for child in trace.children:
        rows_.extend(flatten(child, depth + 1))
    return rows_


def statement_keys(condition: Any, found: list[str]) -> list[str]:
    """The statement keys the condition tree asks about, in order, once each."""
    key = getattr(condition, "key", None)
    if type(condition).__name__ == "AnswerCondition" and isinstance(key, str) and key not in found:
        found.append(key)
    children = getattr(condition, "children", None)
    if callable(children):
        for child in children():
            statement_keys(child, found)
    return found


def rows(assessment: Assessment, lang: str, report: Any | None) -> list[Row]:
    chosen, book = policy(assessment), rulebook()
    answers = {a.indicator: a for a in assessment.answers.all()}
    checks = {v.indicator: v for v in assessment.verifications.all()}
    results = {r.id: r for r in report.indicators} if report is not None else {}
    documents = {d.number: d for d in assessment.documents.all()}
    out = []
    for aspect, ref in chosen.indicators():
        rule = ref.rule
        keys: list[str] = []
        for condition in rule.conditions():
            statement_keys(condition, keys)
        row = Row(rule.id, aspect.name.get(lang), rule.title.get(lang),
                  [(lv.level, lv.description.get(lang)) for lv in rule.levels],
                  [_question(book, key, assessment.statements, lang) for key in keys],
                  rule.levels_from, rule.top, answers.get(rule.id), checks.get(rule.id),
                  results.get(rule.id))
        if row.result is not None:
            row.held = {lv.level: lv.reached for lv in row.result.levels}
            row.reasons = {lv.level: flatten(lv.conditions) for lv in row.result.levels}
        row.criteria = [(lv, text, row.held.get(lv, False), row.reasons.get(lv, []))
                        for lv, text in row.criteria]
        chosen = set(row.answer.evidence) if row.answer is not None else set()
        row.evidence = [(n, documents.get(n)) for n in row.answer.evidence] if row.answer else []
        row.options = format_html_join("", '<option value="{}"{}>{}</option>',
                                       ((n, " selected" if n in chosen else "", n) for n in documents))
        out.append(row)
    return out


def _question(book: Any, key: str, statements: dict[str, Any], lang: str) -> Question:
    found = book.vocabulary.statements.get(key)
    text = found.question.get(lang) if found else key
    kind = found.type if found else "boolean"
    options = list(found.options) if found and found.options else []
    return Question(key, text, kind, options, statements.get(key))


def parse_statement(kind: str, options: list[str], raw: str) -> tuple[bool, Any]:
    """(given, value) of a statement's form field; ValueError when it is not valid."""
    raw = raw.strip()
    if raw == "":
        return False, None
    if kind == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(raw)
        return True, raw == "true"
    if kind == "number":
        number = float(raw.replace(",", "."))
        return True, int(number) if number.is_integer() else number
    if options and raw not in options:
        raise ValueError(raw)
    return True, raw
