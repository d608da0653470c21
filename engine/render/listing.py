"""Terminal listings of the rule reference: the rules (optionally one policy's, grouped by
aspect) and the policies, as aligned plain-text columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from ..i18n import DEFAULT_LANG, message
from ..i18n import percent as i18n_percent
from ..model import IndicatorRef, Policy, Rulebook
from .wording import fmt


def _translator(lang: str) -> Callable[..., str]:
    return lambda code, **params: message(code, lang, **params)


def percent(weight: Fraction, lang: str) -> str:
    return i18n_percent(weight, lang)


def target_line(policy: Policy, lang: str) -> str:
    """The target category with its threshold: "Sangat Baik (>= 325)"."""
    band = policy.band(policy.target)
    return message("reference.target", lang, category=band.name.get(lang),
                   threshold=fmt(band.min, lang))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> list[str]:
    """Left-aligned columns; the last column is not padded (long titles stay unwrapped)."""
    table = [header, *rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header) - 1)]
    lines = []
    for row in table:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths)] + [str(row[-1])]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def render_rules_list(rulebook: Rulebook, lang: str = DEFAULT_LANG,
                      policy: Policy | None = None) -> str:
    """Every rule (id, aspect, title); with `policy`, its indicators grouped by its aspects."""
    t = _translator(lang)
    if policy is None:
        rules = sorted(rulebook.rules.values(), key=lambda r: r.id)
        header = [t("reference.col.id"), t("reference.col.aspect"), t("reference.col.title")]
        lines = _table(header, [(r.id, r.aspect_hint, r.title.get(lang)) for r in rules])
        return "\n".join([*lines, "", t("reference.rule_count", count=len(rules))]) + "\n"
    lines = [f"{policy.name.get(lang)} [{policy.id}]"]
    for number, aspect in enumerate(policy.aspects, start=1):
        heading = t("reference.aspect_heading", name=aspect.name.get(lang), id=aspect.id,
                    weight=percent(aspect.weight, lang))
        rows = [(ref.id, _indicator_title(ref, lang)) for ref in aspect.indicators]
        # The table's header row is dropped: under an aspect heading it would only repeat.
        lines += ["", f"{number}. {heading}", *_table(["", ""], rows, indent="   ")[1:]]
    lines += ["", t("reference.rule_count", count=len(policy.indicators()))]
    return "\n".join(lines) + "\n"


def _indicator_title(ref: IndicatorRef, lang: str) -> str:
    """An indicator's title, with its weight inside the aspect when it is not the usual 1."""
    title = ref.rule.title.get(lang)
    if ref.weight == 1:
        return title
    return f"{title} ({message('reference.indicator_weight', lang, weight=fmt(ref.weight, lang))})"


def render_policies_list(policies: Sequence[Policy], lang: str = DEFAULT_LANG) -> str:
    """Every policy: id, number of aspects and indicators, target category, name."""
    t = _translator(lang)
    rows = [(policy.id, str(len(policy.aspects)), str(len(policy.indicators())),
             target_line(policy, lang), policy.name.get(lang)) for policy in policies]
    header = [t(f"reference.col.{c}") for c in ("id", "aspects", "indicators", "target", "name")]
    lines = [*_table(header, rows), "", t("reference.policy_count", count=len(rows))]
    return "\n".join(lines) + "\n"
