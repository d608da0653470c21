"""The rule reference: what every rule asks for, read without any dossier.

Pure functions turn a Rulebook and Policies into text: a list of rules (optionally one
policy's, grouped by aspect), one rule in full, a list of policies, and the Markdown rule
reference of a whole policy (docs/rules-<policy>.md, .en.md for English). Conditions are
described *unevaluated* here ("at least 1 enacted document ..."); the check report words
them the same way, with the numbers found after each.

    python -m merit.engine.render.reference --write docs/   # regenerate the committed docs
    python -m merit.engine.render.reference --check docs/   # exit 1 when they are stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MeritError
from ..evaluate import conditions as cond
from ..i18n import DEFAULT_LANG, LANGUAGES, effort, message
from ..load.loader import load_policy, load_rulebook, shipped_policy_ids
from ..model import Level, Policy, Reference, Rule, Rulebook, Vocabulary
from .listing import percent, target_line
from .listing import render_policies_list as render_policies_list
from .listing import render_rules_list as render_rules_list
from .lookup import find_rule as find_rule
from .lookup import policies_using, source_path
from .lookup import suggest_rule as suggest_rule
from .model import AspectView, BandView, LevelView, PolicyView, RuleView, ScoringView, UsedBy
from .templating import render_template
from .wording import fmt
from .write import write_atomically

DOCS_COMMAND = "python -m merit.engine.render.reference --write docs/"


# --- conditions, unevaluated -----------------------------------------------------------

def describe_condition(condition: cond.Condition, vocabulary: Vocabulary, lang: str = DEFAULT_LANG,
                       rules: Mapping[str, Rule] | None = None) -> str:
    """One condition as a sentence (a composite: the header of its list of items), as reports
    word it too, before what was measured. `rules` gives the titles of indicators that an
    indicator condition names; without it the indicator's id stands in for its title."""
    return condition.describe(Rulebook(dict(rules or {}), vocabulary), lang)


def condition_lines(condition: cond.Condition, vocabulary: Vocabulary, lang: str = DEFAULT_LANG,
                    rules: Mapping[str, Rule] | None = None,
                    depth: int = 0) -> list[tuple[int, str]]:
    """The condition tree as (depth, sentence) pairs, a composite's items one level deeper."""
    lines = [(depth, describe_condition(condition, vocabulary, lang, rules))]
    for child in condition.children():
        lines += condition_lines(child, vocabulary, lang, rules, depth + 1)
    return lines


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
                    tuple(reference_text(ref) for ref in rule.references), rule.provenance.get(lang),
                    tuple(UsedBy(policy.id, policy.name.get(lang), aspect)
                          for policy, aspect in policies_using(rule.id, policies)),
                    weight, tuple(condition_lines(rule.applies_when, rulebook.vocabulary, lang, rulebook.rules))
                    if rule.applies_when else ())


def _level_view(level: Level, rulebook: Rulebook, lang: str) -> LevelView:
    vocab = rulebook.vocabulary
    return LevelView(
        level.level, level.description.get(lang),
        tuple(condition_lines(level.conditions, vocab, lang, rulebook.rules)) if level.conditions else (),
        tuple(vocab.document_types[e].name.get(lang) if e in vocab.document_types else e
              for e in level.evidence),
        tuple(step.get(lang) for step in level.remediation),
        effort(level.effort, lang) if level.effort is not None else None, level.provenance.get(lang))


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
        policy.provenance.get(lang),
        ScoringView(scoring.formula, fmt(scoring.scale, lang), rounding, scoring.provenance.get(lang)),
        # Every band but the last is half-open; the last includes the maximum.
        tuple(BandView(band.id, band.name.get(lang), band.name.id,
                       f"[{fmt(band.min, lang)}, {fmt(band.max, lang)}" + ("]" if i == last else ")"),
                       band.provenance.get(lang))
              for i, band in enumerate(policy.bands)),
        target_line(policy, lang),
        tuple(AspectView(aspect.id, aspect.name.get(lang), percent(aspect.weight, lang),
                         aspect.provenance.get(lang),
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


@dataclass(frozen=True)
class Shipped:
    """The shipped rulebook and every shipped policy."""

    rulebook: Rulebook
    policies: tuple[Policy, ...]


def load_shipped() -> Shipped:
    rulebook = load_rulebook()
    return Shipped(rulebook, tuple(load_policy(pid, rulebook) for pid in shipped_policy_ids()))


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
