"""The rule reference: what every rule asks for, read without any dossier.

Pure functions turn a Rulebook and Policies into text: a list of rules (optionally one
policy's, grouped by aspect), one rule in full, a list of policies, and the Markdown rule
reference of a whole policy (docs/rules-<policy>.md, .en.md for English). Conditions are
described *unevaluated* here ("at least 1 enacted document ..."), unlike the check report,
which describes evaluated results with the numbers found.

    python -m merit.engine.render.reference --write docs/   # regenerate the committed docs
    python -m merit.engine.render.reference --check docs/   # exit 1 when they are stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import MeritError
from ..evaluate import conditions as cond
from ..i18n import DEFAULT_LANG, LANGUAGES, message
from ..model import Level, Policy, Reference, Rule, Rulebook, Vocabulary
from .listing import percent, render_policies_list, render_rules_list, target_line
from .lookup import Shipped, find_rule, load_shipped, policies_using, source_path, suggest_rule
from .model import AspectView, BandView, LevelView, PolicyView, RuleView, ScoringView, UsedBy
from .templating import render_template
from .wording import fmt
from .write import write_atomically

# The listings and lookups live in listing.py and lookup.py; the CLI and tests find them here.
__all__ = ["DOCS_COMMAND", "Shipped", "condition_lines", "describe_condition", "doc_name",
           "find_rule", "load_shipped", "main", "policy_view", "reference_text", "render_docs",
           "render_policies_list", "render_policy_markdown", "render_rule", "render_rules_list",
           "rule_view", "stale_docs", "suggest_rule", "write_docs"]

DOCS_COMMAND = "python -m merit.engine.render.reference --write docs/"

# Operators as words: "paling banyak 25%" reads better than "<= 0.25" to an assessor.
_OP_CODES = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq", "!=": "ne"}


# --- conditions, unevaluated -----------------------------------------------------------

def describe_condition(condition: cond.Condition, vocabulary: Vocabulary, lang: str = DEFAULT_LANG,
                       rules: Mapping[str, Rule] | None = None) -> str:
    """One condition as a sentence; a composite one as the header of its list of items.

    `rules` gives the titles of indicators that an indicator condition names; without it
    the indicator's id stands in for its title.
    """
    return _DESCRIBERS[condition.kind](condition, vocabulary, lang, rules or {})


def condition_lines(condition: cond.Condition, vocabulary: Vocabulary, lang: str = DEFAULT_LANG,
                    rules: Mapping[str, Rule] | None = None,
                    depth: int = 0) -> list[tuple[int, str]]:
    """The condition tree as (depth, sentence) pairs, a composite's items one level deeper."""
    lines = [(depth, describe_condition(condition, vocabulary, lang, rules))]
    for child in condition.children():
        lines += condition_lines(child, vocabulary, lang, rules, depth + 1)
    return lines


def _document(c: Any, vocab: Vocabulary, lang: str, rules: Mapping[str, Rule]) -> str:
    doc_type = vocab.document_types.get(c.type)
    in_force = message("reference.condition.in_force", lang) if c.in_force else ""
    return message("reference.condition.document", lang,
                   name=doc_type.name.get(lang) if doc_type else c.type,
                   status=message(f"status.{c.status}", lang), in_force=in_force,
                   min_count=c.min_count)


def _metric(c: Any, vocab: Vocabulary, lang: str, rules: Mapping[str, Rule]) -> str:
    metric = vocab.metrics.get(c.name)
    title = metric.title.get(lang) if metric else c.name
    unit = metric.unit if metric else ""
    if c.high is not None:
        return message("reference.condition.metric_between", lang, title=title,
                       value=_quantity(c.value, unit, lang), high=_quantity(c.high, unit, lang))
    return message("reference.condition.metric", lang, title=title, op=_op(c.op, lang),
                   value=_quantity(c.value, unit, lang))


def _answer(c: Any, vocab: Vocabulary, lang: str, rules: Mapping[str, Rule]) -> str:
    statement = vocab.statements.get(c.key)
    question = statement.question.get(lang) if statement else c.key
    if c.op == "==" and isinstance(c.value, bool):
        return message("reference.condition.answer_yes_no", lang, question=question,
                       value=fmt(c.value, lang))
    return message("reference.condition.answer", lang, question=question, op=_op(c.op, lang),
                   value=fmt(c.value, lang, 4))


def _indicator(c: Any, vocab: Vocabulary, lang: str, rules: Mapping[str, Rule]) -> str:
    rule = rules.get(c.indicator)
    return message("reference.condition.indicator", lang,
                   title=rule.title.get(lang) if rule else c.indicator, id=c.indicator,
                   min_level=c.min_level)


def _composite(c: Any, vocab: Vocabulary, lang: str, rules: Mapping[str, Rule]) -> str:
    return message(f"reference.condition.{c.kind}", lang)


_DESCRIBERS: dict[str, Callable[[Any, Vocabulary, str, Mapping[str, Rule]], str]] = {
    "document": _document, "metric": _metric, "answer": _answer, "indicator": _indicator,
    "all": _composite, "any": _composite, "not": _composite,
}


def _op(op: str, lang: str) -> str:
    return message(f"reference.op.{_OP_CODES[op]}", lang) if op in _OP_CODES else op


def _quantity(value: float, unit: str, lang: str) -> str:
    """A threshold in its unit: ratios as percentages (0.95 -> 95%), as assessors write them."""
    if unit == "ratio":
        return f"{fmt(Fraction(str(value)) * 100, lang, 2)}%"
    return f"{fmt(value, lang, 4)} {unit}".rstrip()


def reference_text(ref: Reference) -> str:
    """A reference as one line: regulation, article (note)."""
    text = str(ref)
    return f"{text} ({ref.note})" if ref.note else text


# --- views: the typed values (model.py) the templates render ------------------------------------------

def rule_view(rule: Rule, rulebook: Rulebook, policies: Sequence[Policy],
              lang: str = DEFAULT_LANG, weight: str | None = None) -> RuleView:
    """Everything about one rule, in `lang`, ready for a template."""
    return RuleView(rule.id, rule.title.get(lang), rule.description.get(lang), rule.aspect_hint,
                    source_path(rule), rule.cumulative,
                    tuple(_level_view(level, rulebook, lang) for level in rule.levels),
                    tuple(reference_text(ref) for ref in rule.references), rule.provenance,
                    tuple(UsedBy(policy.id, policy.name.get(lang), aspect)
                          for policy, aspect in policies_using(rule.id, policies)),
                    weight)


def _level_view(level: Level, rulebook: Rulebook, lang: str) -> LevelView:
    vocab = rulebook.vocabulary
    return LevelView(
        level.level, level.description.get(lang),
        tuple(condition_lines(level.conditions, vocab, lang, rulebook.rules)) if level.conditions else (),
        tuple(vocab.document_types[e].name.get(lang) if e in vocab.document_types else e
              for e in level.evidence),
        tuple(step.get(lang) for step in level.remediation),
        fmt(level.effort, lang) if level.effort is not None else None, level.provenance)


def policy_view(policy: Policy, rulebook: Rulebook, lang: str = DEFAULT_LANG) -> PolicyView:
    """A whole policy with every indicator in full, in `lang`, ready for a template."""
    scoring = policy.scoring
    rounding = message("reference.rounding.none", lang)
    if scoring.round_to:
        rounding = message(f"reference.rounding.{scoring.rounding}", lang,
                           step=fmt(scoring.round_to, lang))
    last = len(policy.bands) - 1
    return PolicyView(
        policy.id, policy.name.get(lang), tuple(reference_text(ref) for ref in policy.references),
        policy.provenance,
        ScoringView(scoring.formula, fmt(scoring.scale, lang), rounding, scoring.provenance),
        # Every band but the last is half-open; the last includes the maximum.
        tuple(BandView(band.id, band.name.get(lang), band.name.id,
                       f"[{fmt(band.min, lang)}, {fmt(band.max, lang)}" + ("]" if i == last else ")"),
                       band.provenance)
              for i, band in enumerate(policy.bands)),
        target_line(policy, lang),
        tuple(AspectView(aspect.id, aspect.name.get(lang), percent(aspect.weight, lang), aspect.provenance,
                         tuple(rule_view(ref.rule, rulebook, [], lang,
                                         fmt(ref.weight, lang) if ref.weight != 1 else None)
                               for ref in aspect.indicators))
              for aspect in policy.aspects))


# --- text renderers ----------------------------------------------------------------------

def render_rule(rule: Rule, rulebook: Rulebook, policies: Sequence[Policy],
                lang: str = DEFAULT_LANG) -> str:
    """One rule in full, as plain text for a terminal."""
    return _render("reference.rule.text.j2", lang, r=rule_view(rule, rulebook, policies, lang))


def render_policy_markdown(policy: Policy, rulebook: Rulebook, lang: str = DEFAULT_LANG) -> str:
    """The Markdown rule reference of a whole policy (what docs/ holds)."""
    other = "en" if lang == DEFAULT_LANG else DEFAULT_LANG
    return _render("reference.policy.md.j2", lang, p=policy_view(policy, rulebook, lang),
                   command=DOCS_COMMAND, other_file=doc_name(policy.id, other))


def _render(template: str, lang: str, **context: Any) -> str:
    return render_template(template, lang, **context)


# --- docs/ ---------------------------------------------------------------------------------

def doc_name(policy_id: str, lang: str) -> str:
    return f"rules-{policy_id}.md" if lang == DEFAULT_LANG else f"rules-{policy_id}.{lang}.md"


def render_docs(rulebook: Rulebook, policies: Sequence[Policy]) -> dict[str, str]:
    """File name -> Markdown, for every policy in every language."""
    return {doc_name(policy.id, lang): render_policy_markdown(policy, rulebook, lang)
            for policy in policies for lang in LANGUAGES}


def stale_docs(directory: Path, docs: Mapping[str, str]) -> list[str]:
    """The generated files missing from `directory` or different from what is there."""
    stale = []
    for name, text in docs.items():
        path = directory / name
        if not path.is_file() or path.read_text("utf-8") != text:
            stale.append(name)
    return stale


def write_docs(directory: Path, docs: Mapping[str, str]) -> list[str]:
    """Write the files that changed, each atomically; the names written."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = stale_docs(directory, docs)
    for name in changed:
        write_atomically(directory / name, docs[name])
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m merit.engine.render.reference",
        description="Generate the Markdown rule reference of every shipped policy.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="DIR", type=Path,
                      help="write the docs into DIR (only the files that changed)")
    mode.add_argument("--check", metavar="DIR", type=Path,
                      help="exit 1 if the docs in DIR are stale")
    args = parser.parse_args(argv)
    try:
        shipped = load_shipped()
    except MeritError as error:
        print(error.render("en"), file=sys.stderr)
        return 2
    docs = render_docs(shipped.rulebook, shipped.policies)
    if args.check:
        stale = stale_docs(args.check, docs)
        for name in stale:
            print(f"stale: {args.check / name} (run `{DOCS_COMMAND}`)", file=sys.stderr)
        return 1 if stale else 0
    for name in write_docs(args.write, docs):
        print(f"written: {args.write / name}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
