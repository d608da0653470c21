"""Wording shared by every report: numbers as their readers write them, and condition
outcomes as sentences with their figures."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..evaluate.conditions import NodeResult
from ..i18n import message
from ..model import Rulebook

if TYPE_CHECKING:
    from ..pipeline import Assessment


def number(value: Fraction | float | int) -> float | int:
    """A JSON number: exact where the value is a short decimal, else 4 places."""
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    return round(float(value), 4)


def fmt(value: Any, lang: str = "id", places: int = 2) -> str:
    """A number as its reader writes it: 287,5 in Bahasa Indonesia, 287.5 in English."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return message(f"value.{str(value).lower()}", lang)
    if not isinstance(value, (int, float, Fraction)):
        return str(value)
    text = f"{float(value):,.{places}f}".rstrip("0").rstrip(".") if places else f"{float(value):,.0f}"
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def describe(node: NodeResult, assessment: Assessment, lang: str) -> str:
    """One condition's outcome as a sentence with its numbers."""
    return describe_with(node, assessment.rulebook, assessment.dossier.agency.assessment_year, lang)


def describe_with(node: NodeResult, rulebook: Rulebook, year: int, lang: str) -> str:
    p, vocab = node.params, rulebook.vocabulary
    if node.kind == "document":
        doc_type = vocab.document_types.get(p["type"])
        in_force = message("condition.in_force", lang, year=year) if p["in_force"] else ""
        return message("condition.document", lang, name=doc_type.name.get(lang) if doc_type else p["type"],
                       status=message(f"status.{p['status']}", lang), in_force=in_force, min_count=p["min_count"], count=p["count"])
    if node.kind == "metric":
        metric = vocab.metrics.get(p["name"])
        title = metric.title.get(lang) if metric else p["name"]
        code = "condition.metric_between" if p["high"] is not None else "condition.metric"
        return message(code, lang, title=title, op=p["op"], value=fmt(p["value"], lang, 4),
                       high=fmt(p["high"], lang, 4), actual=fmt(p["actual"], lang, 4))
    if node.kind == "answer":
        statement = vocab.statements.get(p["key"])
        question = statement.question.get(lang) if statement else p["key"]
        if p["op"] == "==" and isinstance(p["value"], bool):
            return message("condition.answer_yes_no", lang, question=question,
                           value=fmt(p["value"], lang), actual=fmt(p["actual"], lang))
        return message("condition.answer", lang, question=question, op=p["op"],
                       value=fmt(p["value"], lang), actual=fmt(p["actual"], lang))
    if node.kind == "indicator":
        rule = rulebook.rules.get(p["indicator"])
        return message("condition.indicator", lang, title=rule.title.get(lang) if rule else p["indicator"],
                       min_level=p["min_level"], actual=fmt(p["actual"], lang))
    if node.kind == "not" and node.children:
        inner = describe_with(node.children[0], rulebook, year, lang)
        return f"{message('condition.not', lang)}: {inner}"
    return message(f"condition.{node.kind}", lang)
