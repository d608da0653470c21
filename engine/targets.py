"""Targets and bars: a category named by a user (by id or name, in either language, any
case) and whether a result falls short of `--fail-under` (a number or a category)."""

from __future__ import annotations

from fractions import Fraction

from .errors import UsageError, closest
from .model import Policy


def band_id(policy: Policy, wanted: str | None) -> str | None:
    """The id of the band of `policy` that `wanted` names, None for None, or a UsageError."""
    if wanted is None:
        return None
    names = {b.id: b.id for b in policy.bands}
    names |= {b.name.id.lower(): b.id for b in policy.bands} | {b.name.en.lower(): b.id for b in policy.bands}
    found = names.get(wanted.lower()) or names.get(wanted.lower().replace(" ", "-"))
    if found is None:
        raise UsageError("cli.unknown_category", name=wanted, known=", ".join(b.name.id for b in policy.bands),
                         suggestion=closest(wanted.lower(), names) or "-")
    return found


def falls_short(policy: Policy, total: Fraction | float, category_id: str, bar: str) -> bool:
    """Whether `total` is below the number `bar` (decimal point or comma), or the category
    below the category `bar` names (a UsageError when it names none)."""
    try:
        return total < float(bar.replace(",", "."))
    except ValueError:
        ranks = [b.id for b in policy.bands]
        return ranks.index(category_id) < ranks.index(band_id(policy, bar) or "")
